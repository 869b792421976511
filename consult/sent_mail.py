"""Send an email at most once, however often the task that sends it runs.

`send_once` claims a SentMail row, under its unique constraint on (kind,
recipient, about, period), in a transaction, and sends the email inside that
same transaction:

- a second run (a retry, a second cron host) finds the row already there, or
  waits on PostgreSQL's unique index until the first run commits, then gets
  an IntegrityError: it sends nothing;
- if sending fails, the transaction rolls back, the row goes with it and the
  next run tries again.

The one gap left is a crash after the mail server took the email but before
the commit: then the next run sends it again. That is the safer side for
reminders and confirmations (a rare repeat rather than a lost email)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, models, transaction

from .models import SentMail


def recipient_key(email: str) -> str:
    """The hash stored for an address: the same for any letter case."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def about_key(about: models.Model | str) -> str:
    """`signup:12` for a model instance, or the text given."""
    if isinstance(about, models.Model):
        return f"{about._meta.model_name}:{about.pk}"
    return str(about)


def already_sent(
    *, kind: str, recipient: str, about: models.Model | str, period: str = ""
) -> bool:
    return SentMail.objects.filter(
        kind=kind,
        recipient=recipient_key(recipient),
        about=about_key(about),
        period=period,
    ).exists()


def send_once(
    *,
    kind: str,
    recipient: str,
    about: models.Model | str,
    send: Callable[[], object],
    period: str = "",
) -> bool:
    """Call `send` unless this email was sent before. True if it was sent
    now. Errors from `send` pass through, with nothing recorded."""
    try:
        with transaction.atomic():
            SentMail.objects.create(
                kind=kind[:40],
                recipient=recipient_key(recipient),
                about=about_key(about)[:100],
                period=period[:40],
            )
            send()
    except IntegrityError:
        return False
    return True
