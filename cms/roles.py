"""Page permissions for the Site editors group (the group itself is consult's)."""

from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission, Page

from consult.roles import Role, ensure_role_groups

PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]


def grant_site_editor_page_permissions(using: str = "default") -> None:
    """Site editors may add, edit and publish every page. Safe to repeat."""
    root = Page.objects.using(using).filter(depth=1).first()
    if root is None:
        return
    group = ensure_role_groups(using=using)[Role.SITE_EDITOR]
    for codename in PAGE_PERMISSIONS:
        perm = (
            Permission.objects.using(using)
            .filter(content_type__app_label="wagtailcore", codename=codename)
            .first()
        )
        if perm is not None:
            GroupPagePermission.objects.using(using).get_or_create(
                group=group, page=root, permission=perm
            )
