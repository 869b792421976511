"""Views for the people running an inquiry. Thin: they ask permissions and
selectors, then render."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from . import permissions
from .models import Inquiry
from .selectors import inquiry_overview


@require_safe
def team_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The inquiry's team page: phases with their state, who is on the team,
    and what this person may do. Only for the people running the inquiry."""
    inquiry = get_object_or_404(Inquiry, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_see_team_page(request.user, inquiry):
        raise PermissionDenied("You are not on this inquiry's team.")
    roles = permissions.roles_of(request.user, inquiry=inquiry)
    context = {
        "inquiry": inquiry,
        "overview": inquiry_overview(inquiry.pk),
        "team": inquiry.team.select_related("user").order_by("user__email"),
        "roles": sorted(r.value.replace("_", " ") for r in roles),
        "can_edit_site": permissions.can_edit_site(request.user),
        "page": getattr(inquiry, "page", None),
    }
    return render(request, "consult/team_page.html", context)
