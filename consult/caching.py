"""A version stamp per inquiry that changes whenever its data changes.

Pages that show an inquiry cache their rendered content (or the fingerprint
of their data) under a key that holds this stamp, so an edit shows at once
and an unchanged page costs one cache read. Works across processes when the
cache is shared (Redis in production).

Every save and delete of a model of the consult and deliberation apps moves
the stamp of the inquiry it belongs to, at once and again when the
transaction commits (so no reader can cache older data under the last
stamp). A row whose inquiry cannot be found moves a stamp shared by all
inquiries instead. Writes that send no
signal (``QuerySet.update``, ``bulk_create``) must call
`bump_inquiry_version` themselves; caches built on the stamp also keep a
short lifetime as a net for any that do not."""

from __future__ import annotations

import time
from collections import deque
from functools import cache as memoize

from django.apps import apps
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "coproduce:inquiry:{}:version"
ALL_INQUIRIES = "all"
# Moves with every data change of any inquiry (or of none): for cached pages
# that cannot say which inquiries they show (consult/page_cache.py).
ANY_DATA = "any"
# Moves when an editor publishes, unpublishes, moves or deletes a page, or
# changes a site setting: every cached page may show menus or page titles.
SITE = "site"
VERSION_TTL = 30 * 24 * 60 * 60
WATCHED_APPS = ("consult", "deliberation")
# Rows that record work done on the data, not the data: saving them must not
# move the stamp (a results PDF built from a version would otherwise make
# that version old at once).
NOT_DATA = frozenset(
    {
        "consult.ResultsPdf",
        "consult.DigestItem",
        "consult.OverdueReminder",
        "consult.SuggestionRun",
        "consult.SuggestedGroup",
        "consult.OrganisationInvite",
        "consult.User",  # signing in saves last_login; no page shows accounts
    }
)


def _stamp(name: int | str) -> int:
    key = VERSION_KEY.format(name)
    version = cache.get(key)
    if version is None:
        # A fresh stamp, so a restarted cache never serves an older copy.
        version = time.time_ns()
        cache.set(key, version, VERSION_TTL)
    return int(version)


def inquiry_version(inquiry_id: int) -> str:
    """The inquiry's stamp: changes when its data, or data of no single
    inquiry, changes."""
    return f"{_stamp(inquiry_id)}.{_stamp(ALL_INQUIRIES)}"


def stamps(names: list[int | str]) -> dict[int | str, int]:
    """Several stamps in one cache round trip, made fresh where missing."""
    keys = {VERSION_KEY.format(name): name for name in names}
    found = cache.get_many(list(keys))
    missing = {key: time.time_ns() for key in keys if found.get(key) is None}
    if missing:
        cache.set_many(missing, VERSION_TTL)
        found.update(missing)
    return {name: int(found[key]) for key, name in keys.items()}


def bump_inquiry_version(inquiry_id: int | None) -> None:
    """Move the inquiry's stamp now. None moves every inquiry's. Either way
    the any-data stamp moves too."""
    name = ALL_INQUIRIES if inquiry_id is None else inquiry_id
    now = time.time_ns()
    cache.set_many(
        {VERSION_KEY.format(name): now, VERSION_KEY.format(ANY_DATA): now},
        VERSION_TTL,
    )


def bump_site_version() -> None:
    """Move the site stamp: every cached page is then out of date."""
    cache.set(VERSION_KEY.format(SITE), time.time_ns(), VERSION_TTL)


def bump_on_commit(inquiry_id: int | None) -> None:
    """Move the stamp now and again once the current transaction commits: a
    reader between the two may have cached what it read before the commit
    under the first new stamp, never under the second."""
    bump_inquiry_version(inquiry_id)
    transaction.on_commit(lambda: bump_inquiry_version(inquiry_id))


@memoize
def path_to_inquiry(model: type[models.Model]) -> tuple[str, ...] | None:
    """The shortest chain of foreign keys from `model` to Inquiry (field
    names), or None when there is none within three steps."""
    inquiry = apps.get_model("consult", "Inquiry")
    queue: deque[tuple[type[models.Model], tuple[str, ...]]] = deque([(model, ())])
    while queue:
        current, path = queue.popleft()
        if current is inquiry:
            return path
        if len(path) == 3:
            continue
        for field in current._meta.get_fields():
            if (
                (field.many_to_one or field.one_to_one)
                and field.concrete
                and field.related_model
            ):
                queue.append((field.related_model, (*path, field.name)))
    return None


def inquiry_id_of(instance: models.Model) -> int | None:
    """The id of the inquiry `instance` belongs to, or None when it belongs
    to none or its chain is broken (a parent already deleted)."""
    if isinstance(instance, apps.get_model("consult", "Inquiry")):
        return instance.pk
    path = path_to_inquiry(type(instance))
    if path is None:
        return None
    current: object = instance
    try:
        for name in path[:-1]:
            current = getattr(current, name)
            if current is None:
                return None
        return getattr(current, f"{path[-1]}_id", None)
    except models.ObjectDoesNotExist:
        return None


def _on_change(sender: type, instance: models.Model, **kwargs: object) -> None:
    if kwargs.get("raw"):
        return  # fixtures and snapshots: no stamps to keep
    bump_on_commit(inquiry_id_of(instance))


def connect_signals() -> None:
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label in NOT_DATA:
                continue
            uid = f"coproduce-inquiry-version-{label}.{model.__name__}"
            post_save.connect(_on_change, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(_on_change, sender=model, dispatch_uid=uid + "-del")
