"""Turns Django's bare error responses into friendly pages in plain words."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

# Responses Django or a view may return with no body of their own.
FRIENDLY_TEMPLATES = {405: "405.html", 400: "400.html"}


class FriendlyErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        template = FRIENDLY_TEMPLATES.get(response.status_code)
        if template and not response.streaming and not response.content:
            response.content = render_to_string(template, request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
