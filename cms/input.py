"""Control characters out of what people send, before any form or query sees it.

Why strip, not reject: a NUL byte or a stray form feed usually arrives by
pasting from another program, invisible to the person. Refusing the whole form
for it would lose everything they wrote; taking the character out loses
nothing they meant. PostgreSQL cannot store NUL in text at all (the driver
raises, which would be a 500), so it must never reach a query.

Tab, line feed and carriage return are kept: they are how multi-line answers
are written. A path with a control character in it cannot name any page, so
that gets the friendly 400 page instead (under /api/, the API's JSON "not
found", since no slug holds one)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string

from consult.api.views import not_found

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def strip_control_characters(text: str) -> str:
    """`text` without C0 control characters other than tab and line breaks."""
    return CONTROL_CHARACTERS.sub("", text)


def cleaned(data: QueryDict) -> QueryDict:
    """`data` itself when clean, else an immutable copy with keys and values
    stripped of control characters."""
    if not any(
        CONTROL_CHARACTERS.search(key) or CONTROL_CHARACTERS.search(value)
        for key, values in data.lists()
        for value in values
    ):
        return data
    copy = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        copy.setlist(
            strip_control_characters(key),
            [strip_control_characters(value) for value in values],
        )
    copy._mutable = False
    return copy


class ControlCharacterMiddleware:
    """Strips control characters from the query string and form fields."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if CONTROL_CHARACTERS.search(request.path_info):
            if request.path_info.startswith("/api/"):
                return not_found(request)  # the API answers JSON, as documented
            return HttpResponse(
                render_to_string("400.html", request=request), status=400
            )
        request.GET = cleaned(request.GET)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = cleaned(request.POST)
        return self.get_response(request)
