"""Priority voting: casting ballots (ballots.py) and, later, counting them."""
