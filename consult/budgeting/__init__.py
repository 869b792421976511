"""Participatory budgeting: ballots, pledges, pabulib files and the rules that
turn ballots into results."""
