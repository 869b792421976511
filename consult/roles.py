"""Site-wide roles as Django groups, created on every migrate (idempotent)."""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import Group, Permission


class Role(StrEnum):
    VISITOR = "visitor"
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"
    MODERATOR = "moderator"
    SAFEGUARDING_LEAD = "safeguarding_lead"
    ORGANISATION_EDITOR = "organisation_editor"
    SITE_EDITOR = "site_editor"
    ADMIN = "admin"


# Roles held site-wide through a group. Facilitator (per inquiry), organisation
# editor (per organisation) and participant are rows, not groups; admin is
# Django's superuser flag.
GROUP_FOR_ROLE: dict[Role, str] = {
    Role.MODERATOR: "Finding moderators",
    Role.SAFEGUARDING_LEAD: "Safeguarding leads",
    Role.SITE_EDITOR: "Site editors",
}

# Model permissions each group gets ("app_label.codename").
GROUP_PERMISSIONS: dict[Role, list[str]] = {
    Role.MODERATOR: [],
    Role.SAFEGUARDING_LEAD: [],
    Role.SITE_EDITOR: [
        "wagtailadmin.access_admin",
        "consult.add_inquiry",
        "consult.change_inquiry",
        "consult.view_inquiry",
        "consult.add_organisation",
        "consult.change_organisation",
        "consult.view_organisation",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        # Commit and account (h-commit): the Making it Real list.
        "consult.add_makingitrealtheme",
        "consult.change_makingitrealtheme",
        "consult.view_makingitrealtheme",
    ],
}


def ensure_role_groups(using: str = "default") -> dict[Role, Group]:
    """Create the role groups and give them their permissions. Safe to repeat."""
    groups: dict[Role, Group] = {}
    for role, name in GROUP_FOR_ROLE.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = []
        for dotted in GROUP_PERMISSIONS[role]:
            app_label, codename = dotted.split(".", 1)
            perm = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if perm is not None:  # apps migrate in turn; a later migrate adds it
                wanted.append(perm)
        group.permissions.add(*wanted)
        groups[role] = group
    return groups
