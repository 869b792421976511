"""Who may do what: every role and object-level check in one place.

Views, admin hooks and the API ask these functions; the tests check them as a
matrix of role x view. A function answers for one person and one object."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .roles import GROUP_FOR_ROLE, Role

if TYPE_CHECKING:
    from .models import Inquiry, Organisation

STAFF_ROLES = frozenset({Role.MODERATOR, Role.SAFEGUARDING_LEAD, Role.SITE_EDITOR})


def _group_roles(user: Any) -> set[Role]:
    # Cache on the user object: a page may ask several questions.
    cached = getattr(user, "_coproduce_group_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {role for role, name in GROUP_FOR_ROLE.items() if name in names}
        user._coproduce_group_roles = cached
    return cached


_REMEMBERED = "_coproduce_roles_remembered"


@contextmanager
def remembering_roles(user: Any) -> Iterator[None]:
    """Inside this block roles_of asks the database once per inquiry and
    organisation for this person, however many questions a page asks. Only
    for reading: a view that changes someone's roles must not use it, or
    it would answer with the roles from before the change."""
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    setattr(user, _REMEMBERED, {})
    try:
        yield
    finally:
        delattr(user, _REMEMBERED)


def roles_of(
    user: Any,
    *,
    inquiry: Inquiry | None = None,
    organisation: Organisation | None = None,
) -> frozenset[Role]:
    """Every role the person holds, for this inquiry or organisation if given."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset({Role.VISITOR})
    remembered: dict[tuple[int | None, int | None], frozenset[Role]] | None = getattr(
        user, _REMEMBERED, None
    )
    key = (
        inquiry.pk if inquiry is not None else None,
        organisation.pk if organisation is not None else None,
    )
    if remembered is not None and key in remembered:
        return remembered[key]
    roles = _look_up_roles(user, inquiry, organisation)
    if remembered is not None:
        remembered[key] = roles
    return roles


def _look_up_roles(
    user: Any, inquiry: Inquiry | None, organisation: Organisation | None
) -> frozenset[Role]:
    roles: set[Role] = {Role.VISITOR} | _group_roles(user)
    if user.is_superuser:
        roles.add(Role.ADMIN)
    if inquiry is not None:
        if inquiry.team.filter(user=user).exists():
            roles.add(Role.FACILITATOR)
        if inquiry.participants.filter(user=user).exists():
            roles.add(Role.PARTICIPANT)
    if organisation is not None and organisation.editors.filter(user=user).exists():
        roles.add(Role.ORGANISATION_EDITOR)
    return frozenset(roles)


def can_see_team_page(user: Any, inquiry: Inquiry) -> bool:
    """The inquiry's team page: phases, team and tools for the people running it."""
    roles = roles_of(user, inquiry=inquiry)
    return bool(roles & ({Role.FACILITATOR, Role.ADMIN} | STAFF_ROLES))


def can_facilitate(user: Any, inquiry: Inquiry) -> bool:
    """Capture findings, print participation codes, enter assisted ballots."""
    return bool(roles_of(user, inquiry=inquiry) & {Role.FACILITATOR, Role.ADMIN})


def can_moderate(user: Any, inquiry: Inquiry) -> bool:
    return bool(roles_of(user, inquiry=inquiry) & {Role.MODERATOR, Role.ADMIN})


def can_see_whose_voices(user: Any, inquiry: Inquiry) -> bool:
    """Who took part, by group: counts only, small numbers hidden, for the
    people who run the inquiry and can act on a group being missed."""
    roles = roles_of(user, inquiry=inquiry)
    return bool(roles & {Role.FACILITATOR, Role.MODERATOR, Role.ADMIN})


def can_handle_safeguarding(user: Any) -> bool:
    """Only the safeguarding lead sees the text of a safeguarding concern."""
    return Role.SAFEGUARDING_LEAD in roles_of(user)


def can_edit_commitments(user: Any, organisation: Organisation) -> bool:
    roles = roles_of(user, organisation=organisation)
    return bool(roles & {Role.ORGANISATION_EDITOR, Role.SITE_EDITOR, Role.ADMIN})


def can_edit_site(user: Any) -> bool:
    """Edit pages, navigation and inquiries in the Wagtail admin."""
    return bool(roles_of(user) & {Role.SITE_EDITOR, Role.ADMIN})


# Priority results (h-results)
def can_see_priority_results(user: Any, inquiry: Inquiry) -> bool:
    """The inquiry's team sees priority results as votes come in; everyone
    else only once they are published (until then the page is not found)."""
    from .priorities.ballots import settings_for

    if can_facilitate(user, inquiry):
        return True
    return bool(settings_for(inquiry).results_published)


# Results pages (h-resultsweb)
def can_preview_results(user: Any, inquiry: Inquiry) -> bool:
    """The inquiry's team and the site editors see the results pages before
    they are published, to check them; everyone else gets "not found"."""
    return can_facilitate(user, inquiry) or can_edit_site(user)


# People's rights (h-privacy)
def can_see_privacy_requests(user: Any, inquiry: Inquiry) -> bool:
    """The inquiry's facilitators and the site admins see its privacy
    requests (kinds and dates only), to answer people and check the purge."""
    return can_facilitate(user, inquiry)
