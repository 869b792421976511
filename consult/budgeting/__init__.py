"""Participatory budgeting: elections, rules, explanations, splits, pabulib."""
