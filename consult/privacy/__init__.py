"""People's rights over their information (UK GDPR): see what we hold,
download it, correct it, stop us quoting them, erase it; the consent log and
the retention purge."""
