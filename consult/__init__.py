"""The consultation domain: inquiries, participants, findings, changes, money,
commitments and results."""
