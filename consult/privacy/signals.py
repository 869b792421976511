"""Hooks for apps to our left (deliberation) that hold personal data consult
cannot see: layering lets them import consult, never the other way round.

Receivers return a dict of counts of what they removed or an export section."""

from django.dispatch import Signal

# Sent inside the erasure transaction: participant (may be None), user (may
# be None). Receivers remove what they hold about the person and return a
# dict of counts, e.g. {"session_sign_ups": 1}.
erase_person = Signal()

# Sent to build a person's download: participant (may be None), user (may be
# None). Receivers return {"section title": list of plain dicts}.
export_person = Signal()

# Sent when an inquiry's keeping time has passed: inquiry. Receivers remove
# what they hold about its people and return a dict of counts.
purge_inquiry = Signal()
