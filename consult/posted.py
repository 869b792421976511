"""Reading object ids that a form posted, without trusting them."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import HttpRequest


def posted_object(request: HttpRequest, name: str, queryset: QuerySet) -> Model | None:
    """The object whose id was posted as `name`, from `queryset` only; None for
    a missing, malformed or unknown id (the view then says so in plain words)."""
    value = request.POST.get(name, "")
    if not value.isdigit():
        return None
    return queryset.filter(pk=int(value)).first()
