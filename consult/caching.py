"""A version number per inquiry that changes whenever its public data changes.

Pages that show an inquiry cache their rendered content under a key that holds
this version, so an edit shows at once and an unchanged page costs one cache
read. Works across processes when the cache is shared (Redis in production)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "coproduce:inquiry:{}:version"
VERSION_TTL = 30 * 24 * 60 * 60


def inquiry_version(inquiry_id: int) -> int:
    key = VERSION_KEY.format(inquiry_id)
    version = cache.get(key)
    if version is None:
        # A fresh stamp, so a restarted cache never serves an older copy.
        version = time.time_ns()
        cache.set(key, version, VERSION_TTL)
    return int(version)


def bump_inquiry_version(inquiry_id: int | None) -> None:
    if inquiry_id is not None:
        cache.set(VERSION_KEY.format(inquiry_id), time.time_ns(), VERSION_TTL)


def _inquiry_id_of(instance: object) -> int | None:
    from .models import BudgetArea, Inquiry, SpendFigure

    if isinstance(instance, Inquiry):
        return instance.pk
    if isinstance(instance, BudgetArea):
        return instance.budget.inquiry_id
    if isinstance(instance, SpendFigure):
        return instance.area.budget.inquiry_id
    return getattr(instance, "inquiry_id", None)


def _on_change(sender: type, instance: object, **kwargs: object) -> None:
    bump_inquiry_version(_inquiry_id_of(instance))


def connect_signals() -> None:
    from .models import Budget, BudgetArea, Change, Inquiry, Phase, SpendFigure

    for model in (Inquiry, Phase, Change, Budget, BudgetArea, SpendFigure):
        uid = f"coproduce-inquiry-version-{model.__name__}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + "-delete")
