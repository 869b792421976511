"""The six themes of TLAP's Making it Real framework (2018), as loaded into
the editable list of MakingItRealTheme. Plain data, used by the migration
that loads them and by the demo. Theme names only: quote TLAP's "I" and
"We" statements only after checking them against TLAP's own document."""

from __future__ import annotations

# (number, name, easy-read name)
THEMES: tuple[tuple[int, str, str], ...] = (
    (1, "Wellbeing and independence", "Living a good life your way"),
    (2, "Information and advice", "Getting the information you need"),
    (3, "Active and supportive communities", "Friends, family and your community"),
    (4, "Flexible and integrated care and support", "Support that fits your life"),
    (5, "When things need to change", "Staying in control when things change"),
    (6, "Workforce", "The people who support you"),
)
