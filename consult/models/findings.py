"""Findings: what people said, with their consent, moderation and safeguarding."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from .changes import Change
from .inquiries import Inquiry
from .money import BudgetArea
from .participants import Participant

MAX_FINDING_LENGTH = 5000


class Channel(models.TextChoices):
    SESSION = "session", "In a session"
    ONLINE = "online", "Online"
    PHONE = "phone", "By phone"
    POST = "post", "By post"


class Consent(models.TextChoices):
    NAMED = "named", "Use my words with my name"
    ANONYMOUS = "anonymous", "Use my words without my name"
    COUNT_ONLY = "count_only", "Do not use my words: just count what I said"


class ModerationState(models.TextChoices):
    PENDING = "pending", "Waiting to be checked"
    PUBLISHED = "published", "Published"
    PRIVATE = "private", "Kept private"
    ESCALATED = "escalated", "Escalated"


# What counts towards totals, and what of that may be quoted in public: the
# one place these are said (FindingQuerySet.counted, .public and .totals).
COUNTED = Q(state__in=[ModerationState.PUBLISHED, ModerationState.PRIVATE])
QUOTABLE = Q(state=ModerationState.PUBLISHED) & ~Q(consent=Consent.COUNT_ONLY)


class FindingQuerySet(models.QuerySet):
    def without_concerns(self) -> FindingQuerySet:
        """Never show, count or export a safeguarding concern. NOT EXISTS
        rather than a left join: PostgreSQL plans it as an anti-join, so a
        page in the index's order can stop after its rows."""
        concerns = SafeguardingConcern.objects.filter(finding=OuterRef("pk"))
        return self.filter(~Exists(concerns), withdrawn_at__isnull=True)

    def counted(self) -> FindingQuerySet:
        """What counts towards totals: checked by a moderator, not withdrawn,
        not a safeguarding concern. "Count only" findings count here."""
        return self.without_concerns().filter(COUNTED)

    def public(self) -> FindingQuerySet:
        """What may be quoted in public: published, and the person agreed."""
        return self.without_concerns().filter(QUOTABLE)

    def totals(self) -> dict[str, int]:
        """How many of these count (as .counted()) and how many may be quoted
        (as .public()), in one pass: public findings are counted ones."""
        return self.counted().aggregate(
            counted=models.Count("pk"), public=models.Count("pk", filter=QUOTABLE)
        )


class Finding(models.Model):
    """One thing someone said, in their words, recorded online by them or by a
    facilitator in a session, on the phone or from a letter."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="findings"
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        help_text="Empty for 'someone in the room'.",
    )
    text = models.TextField(max_length=MAX_FINDING_LENGTH)
    display_name = models.CharField(
        max_length=80, blank=True, help_text="Shown only with consent to use the name."
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    consent = models.CharField(max_length=12, choices=Consent.choices)
    state = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.PENDING
    )
    areas = models.ManyToManyField(BudgetArea, blank=True, related_name="findings")
    changes = models.ManyToManyField(Change, blank=True, related_name="findings")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The facilitator who wrote it down, if not the person.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The public findings page's order (newest first, then id), so a
            # page is read from the index instead of sorting every finding.
            models.Index(
                fields=["inquiry", "state", "-created_at", "-id"],
                name="finding_newest_first_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(consent="named") | ~Q(display_name=""),
                name="finding_named_consent_has_a_name",
            )
        ]

    def __str__(self) -> str:
        return f"Finding {self.pk} ({self.get_state_display()})"

    @property
    def has_consent_to_quote(self) -> bool:
        return self.consent != Consent.COUNT_ONLY

    @property
    def is_safeguarding_concern(self) -> bool:
        return hasattr(self, "safeguarding_concern")

    @property
    def quoted_name(self) -> str:
        """The name shown with a quote: only with consent to use it."""
        return self.display_name if self.consent == Consent.NAMED else ""


class SafeguardingConcern(models.Model):
    """A finding marked as a safeguarding concern. From then on only the
    safeguarding lead sees its text; this record keeps what was done and by
    whom, not the disclosure."""

    finding = models.OneToOneField(
        Finding, on_delete=models.PROTECT, related_name="safeguarding_concern"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    action_taken = models.TextField(blank=True)
    action_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"Safeguarding concern {self.pk}"


class ModerationEvent(models.Model):
    """Every moderation action, with who and when."""

    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, related_name="moderation_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10, blank=True)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} on finding {self.finding_id}"


class FindingReport(models.Model):
    """A visitor's report that a published finding should not be there."""

    class Reason(models.TextChoices):
        PERSONAL = "personal", "It says who someone is, or private things"
        HURTFUL = "hurtful", "It is hurtful or rude"
        WORRY = "worry", "I am worried about someone's safety"
        OTHER = "other", "Something else"

    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, related_name="reports"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Report on finding {self.finding_id}"


def _private_storage():  # type: ignore[no-untyped-def]
    from django.core.files.storage import storages

    return storages["private"]


class FindingAttachment(models.Model):
    """A photo or recording added to a story. Kept in private storage, under
    a random name, and served only through a view that checks who asks."""

    class Kind(models.TextChoices):
        PHOTO = "photo", "Photo"
        AUDIO = "audio", "Recording"

    finding = models.OneToOneField(
        Finding, on_delete=models.CASCADE, related_name="attachment"
    )
    kind = models.CharField(max_length=5, choices=Kind.choices)
    file = models.FileField(upload_to="findings/", storage=_private_storage)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the photo shows, for people who cannot see it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for finding {self.finding_id}"
