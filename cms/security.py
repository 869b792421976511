"""Security headers for every response: the Content Security Policy (a strict
one for the public site, a looser one for the Wagtail admin) and the
Permissions-Policy. The settings they read are in cms/settings/base.py
("Security (h-security)")."""

from __future__ import annotations

from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase


def uses_admin_policy(path: str) -> bool:
    """Whether the address is one of the Wagtail admin's, which gets the
    looser ADMIN_CONTENT_SECURITY_POLICY."""
    return path.startswith(tuple(settings.ADMIN_CSP_URL_PREFIXES))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy for admin addresses.

    A view may still set its own policy with django-csp's decorators; those
    win over both policies here."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and uses_admin_policy(request.path_info)
        ):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy header: the browser features we never use
    (camera, microphone, location, payment...) are off for us and for anything
    embedded in our pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """The header value for {"camera": [], "fullscreen": ["self"]}:
    'camera=(), fullscreen=(self)'."""
    return ", ".join(
        f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items()
    )
