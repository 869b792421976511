"""What deliberation holds about a person (session sign-ups: name, contact,
access needs), for consult's download and erasure (consult/privacy/signals.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from .models import SignUp


def _sign_ups(participant: Any, user: Any) -> Any:
    if user is not None:
        return SignUp.objects.filter(user=user)
    if participant is not None:
        return SignUp.objects.filter(participant=participant, user__isnull=True)
    return SignUp.objects.none()


def export_sign_ups(
    sender: Any, participant: Any = None, user: Any = None, **kwargs: Any
) -> dict[str, list[dict[str, Any]]]:
    rows = [
        {
            "session": str(s.session),
            "name": s.name,
            "email": s.email,
            "phone": s.phone,
            "brings_a_supporter": s.brings_supporter,
            "access_needs": s.access_needs,
            "status": s.get_status_display(),
        }
        for s in _sign_ups(participant, user).select_related("session")
    ]
    return {"Sessions you booked": rows} if rows else {}


def erase_sign_ups(
    sender: Any, participant: Any = None, user: Any = None, **kwargs: Any
) -> dict[str, int]:
    """A sign-up is nothing but contact details: it goes."""
    query = Q(pk__in=[])
    if user is not None:
        query |= Q(user=user)
    if participant is not None:
        query |= Q(participant=participant)
    deleted, _ = SignUp.objects.filter(query).delete()
    return {"session_sign_ups": deleted}


def purge_sign_ups(sender: Any, inquiry: Any = None, **kwargs: Any) -> dict[str, int]:
    """The inquiry's keeping time has passed: its sessions' sign-ups go."""
    deleted, _ = SignUp.objects.filter(session__inquiry=inquiry).delete()
    return {"session_sign_ups": deleted}
