"""People's rights over their data: the consent log and privacy requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .findings import Finding
from .inquiries import Inquiry
from .participants import Participant


class ConsentTopic(models.TextChoices):
    QUOTE = "quote", "Use my words"
    NAME = "name", "Show my name with my words"
    ABOUT_YOU = "about_you", "Keep my answers about me"
    CONTACT = "contact", "Contact me"


class ConsentChannel(models.TextChoices):
    ONLINE = "online", "Online, by the person"
    FACILITATOR = "facilitator", "With a facilitator"
    PAPER = "paper", "On paper"
    PHONE = "phone", "By phone"


class ConsentRecord(models.Model):
    """One thing a person agreed to, or took back: what, when, how it reached
    us and who helped. Rows are only ever added, so the log shows the whole
    story; erasure keeps the rows (they hold no words) and unlinks the
    account."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="consent_records"
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_records",
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consent_records",
    )
    topic = models.CharField(max_length=10, choices=ConsentTopic.choices)
    agreed = models.BooleanField(help_text="False when the person took it back.")
    choice = models.CharField(
        max_length=20,
        blank=True,
        help_text="The option chosen, as a code, for example “anonymous”.",
    )
    channel = models.CharField(max_length=12, choices=ConsentChannel.choices)
    helped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The facilitator who helped, if anyone did.",
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["participant", "topic", "at"])]

    def __str__(self) -> str:
        verb = "agreed" if self.agreed else "took back"
        return f"Participant {self.participant_id} {verb}: {self.get_topic_display()}"


class PrivacyRequestKind(models.TextChoices):
    ERASURE = "erasure", "Erase my information"
    STOP_QUOTING = "stop_quoting", "Stop using my words"
    DOWNLOAD = "download", "Download my information"
    CORRECTION = "correction", "Correct my information"


class PrivacyRequestSource(models.TextChoices):
    PERSON = "person", "Asked by the person"
    RETENTION = "retention", "Retention period ended"


class PrivacyRequest(models.Model):
    """A person used one of their rights in one inquiry. The inquiry's team
    sees these (kind, when asked, when done), never the person's words."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="privacy_requests"
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="privacy_requests",
    )
    kind = models.CharField(max_length=12, choices=PrivacyRequestKind.choices)
    source = models.CharField(
        max_length=10,
        choices=PrivacyRequestSource.choices,
        default=PrivacyRequestSource.PERSON,
    )
    helped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The facilitator who did it for the person, if one did.",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # What was removed, as counts: {"findings": 2, "about_you": 1}.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["inquiry", "-requested_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in {self.inquiry_id}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
