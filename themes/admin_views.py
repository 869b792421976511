"""The editor's easy-read panel asks this view to check a field's text.

A small JSON endpoint in the Wagtail admin (registered in wagtail_hooks.py, so
Wagtail lets in only people who may use the admin). It only reads: the text
is checked and forgotten, never stored.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from . import easyread

# An easy-read point is at most 400 characters; a whole page's worth is still
# far below this. Longer input is refused plainly rather than checked slowly.
MAX_CHARS = 10_000


def _refuse(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_POST
def check_text(request: HttpRequest) -> JsonResponse:
    """POST {"text": "..."} (JSON, or a form field named text): the report."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return _refuse('Send the text as JSON, like {"text": "Your words."}')
        text = data.get("text") if isinstance(data, dict) else None
    else:
        text = request.POST.get("text")
    if text is None:
        text = ""
    if not isinstance(text, str):
        return _refuse("The text to check must be a string.")
    if len(text) > MAX_CHARS:
        return _refuse(
            f"This text has {len(text):,} characters. The checker takes up to "
            f"{MAX_CHARS:,} at a time.",
            status=413,
        )
    return JsonResponse(easyread.check(text).as_dict())
