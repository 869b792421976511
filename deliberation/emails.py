"""Emails to people who signed up for a session, sent as background tasks so
a slow mail server never holds up the page."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from consult.sent_mail import send_once

from .models import SignUp, SignUpStatus

SUBJECTS = {
    "booked": "You have a place: {title}",
    "reserve": "You are on the reserve list: {title}",
    "promoted": "A place is free for you: {title}",
    "reminder": "Reminder: {title} is soon",
    "session_cancelled": "Cancelled: {title}",
}


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def send_sign_up_email(sign_up_id: int, kind: str) -> bool:
    """Send one email about a place, once: True if it went now. Skips quietly
    when the place was cancelled in the meantime (except the notice that a
    session is off), or when this email was sent before."""
    from .services import cancel_token

    entry = (
        SignUp.objects.select_related("session__inquiry").filter(pk=sign_up_id).first()
    )
    if entry is None or not entry.email or kind not in SUBJECTS:
        return False
    if entry.status == SignUpStatus.CANCELLED and kind != "session_cancelled":
        return False
    session = entry.session
    context = {
        "sign_up": entry,
        "session": session,
        "kind": kind,
        "show_joining_details": entry.status == SignUpStatus.BOOKED,
        "session_url": absolute(
            reverse("deliberation:session", args=[session.inquiry.slug, session.pk])
        ),
        "calendar_url": absolute(
            reverse("deliberation:session_ics", args=[session.inquiry.slug, session.pk])
        ),
        "cancel_url": absolute(
            reverse(
                "deliberation:cancel_sign_up",
                args=[session.inquiry.slug, cancel_token(entry)],
            )
        ),
    }
    body = render_to_string("deliberation/email/sign_up.txt", context)
    # Once per place and kind: a retried or repeated task sends nothing more.
    return send_once(
        kind=f"sign_up_{kind}",
        recipient=entry.email,
        about=entry,
        send=lambda: send_mail(
            SUBJECTS[kind].format(title=session.title), body, None, [entry.email]
        ),
    )
