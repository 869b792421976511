"""Participation codes: short codes printed on paper so people with no email
can take part, and come back to what they said on any device.

Pure logic, no ORM: generating, normalising, formatting and hashing codes.
The alphabet leaves out characters people mix up when reading or typing
(0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B, U/V), and entry ignores case, spaces and
dashes. Codes are stored only as a keyed hash, so a copy of the database
does not give the codes away."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

ALPHABET = "ACEFGHJKMNPRTWXY34679"
LENGTH = 8
GROUP = 4
_SEPARATORS = re.compile(r"[\s\-_.\u00b7\u2013\u2014]+")


def generate_code() -> str:
    """A new random code, without separators (8 symbols, about 35 bits)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str:
    """What the person typed, as the code it most likely is: capitals, no
    spaces or dashes. Returns "" for anything that cannot be a code."""
    cleaned = _SEPARATORS.sub("", typed or "").upper()
    if len(cleaned) != LENGTH or any(c not in ALPHABET for c in cleaned):
        return ""
    return cleaned


def display(code: str) -> str:
    """A code as printed: two groups of four, easier to read out and copy."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def code_hash(code: str, key: str) -> str:
    """The keyed hash stored for a normalised code (HMAC-SHA256, hex)."""
    return hmac.new(key.encode(), code.encode(), hashlib.sha256).hexdigest()
