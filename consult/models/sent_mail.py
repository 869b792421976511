"""A record of each email sent by a background task or command, so a task
that runs twice (a retry, or the same cron job on two hosts) never sends the
same email twice. The row is claimed, under a unique constraint, in the
transaction the email is sent in (consult/sent_mail.py)."""

from __future__ import annotations

from django.db import models


class SentMail(models.Model):
    """One email, sent once. `recipient` is a SHA-256 hash of the lower-cased
    address, so this log keeps no email address (nothing to erase later)."""

    kind = models.CharField(max_length=40)
    recipient = models.CharField(max_length=64)
    about = models.CharField(
        max_length=100, help_text="What the email is about, such as signup:12."
    )
    period = models.CharField(
        max_length=40,
        blank=True,
        default="",
        help_text="Which round it belongs to, such as a date. Empty: only ever once.",
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "about", "period"],
                name="sent_mail_once",
            )
        ]
        indexes = [models.Index(fields=["sent_at"], name="sent_mail_sent_at")]

    def __str__(self) -> str:
        return f"{self.kind} about {self.about} {self.period}".strip()
