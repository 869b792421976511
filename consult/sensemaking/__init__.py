"""Make sense: grouping findings into themes and themes into changes.

suggest.py is pure (texts in, groups out); services.py holds the writes;
selectors.py the reads for the analyst screens; tasks.py the background run."""
