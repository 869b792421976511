"""Commit and account: commitments, milestones and progress updates."""
