"""The display-mode switch: a plain link, so it works without JavaScript."""

from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from .display import COOKIE_MAX_AGE, COOKIE_NAME, MODES_BY_KEY


@require_safe
def set_display_mode(request: HttpRequest, mode: str) -> HttpResponseRedirect:
    """Remember the chosen mode in a cookie and go back to the page the person
    was on. Choosing a mode changes only how pages look, so a link (GET) is
    safe and keeps the switch usable from every page without a form."""
    if mode not in MODES_BY_KEY:
        raise Http404("No such display mode")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        COOKIE_NAME,
        mode,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response
