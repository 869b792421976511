"""Reminders for overdue progress updates: once a day, email the owner of
each open commitment whose review date passed without an update. One email
per commitment and review date, however often it runs (an OverdueReminder
row records it); a new review date, set by the next update, can bring a new
reminder later."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from ..models import Commitment, OverdueReminder
from ..models.inquiries import today as local_today
from . import status as rules
from .invites import site_url

logger = logging.getLogger("coproduce.commitments")


def reminders_due(on: dt.date) -> list[Commitment]:
    """Overdue commitments with an owner's email and no reminder yet for
    their current review date."""
    candidates = (
        Commitment.objects.filter(status__in=rules.OPEN_STATUSES, review_on__lt=on)
        .filter(Q(last_update_on__isnull=True) | Q(last_update_on__lt=F("review_on")))
        .exclude(owner_email="")
        .exclude(overdue_reminders__review_on=F("review_on"))
        .select_related("organisation", "inquiry")
        .order_by("pk")
    )
    return [
        c
        for c in candidates
        if rules.is_overdue(
            status=c.status,
            review_on=c.review_on,
            last_update_on=c.last_update_on,
            today=on,
        )
    ]


def _email(commitment: Commitment) -> tuple[str, str]:
    slug, pk = commitment.organisation.slug, commitment.pk
    body = render_to_string(
        "consult/commitments/email/overdue.txt",
        {
            "commitment": commitment,
            "organisation": commitment.organisation,
            "update_url": site_url(reverse("consult:update_new", args=[slug, pk])),
            "page_url": site_url(reverse("consult:commitment", args=[slug, pk])),
        },
    )
    return f"Progress update overdue: {commitment.title}", body


def send_overdue_reminders(*, on: dt.date | None = None) -> int:
    """Send each due reminder once; returns how many were sent. The record
    and the email go together: if the mail server fails, nothing is recorded
    and the next run tries again; once recorded, no run sends it again."""
    on = on or local_today()
    sent = 0
    for commitment in reminders_due(on):
        subject, body = _email(commitment)
        try:
            with transaction.atomic():
                OverdueReminder.objects.create(
                    commitment=commitment,
                    review_on=commitment.review_on,
                    sent_to=commitment.owner_email,
                )
                send_mail(subject, body, None, [commitment.owner_email])
        except IntegrityError:
            continue  # another run sent it a moment ago
        except OSError:
            logger.exception(
                "Could not email the overdue reminder for commitment %s",
                commitment.pk,
            )
            continue
        sent += 1
    return sent


@task()
def send_overdue_reminders_task() -> int:
    """The daily run, as a background task (`send_overdue_reminders --queue`)."""
    return send_overdue_reminders()
