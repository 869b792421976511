"""Presentation foundation: base template, components, display modes, pictograms.

Imports nothing from the domain apps (consult, deliberation, cms)."""
