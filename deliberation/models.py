"""Sessions: conversations in a room, online or by phone, who signed up for
them, who came, and which findings were written down in each."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from consult.models import Finding, Inquiry, Participant, PriorityBallot


class SessionFormat(models.TextChoices):
    ROOM = "room", "In a room"
    ONLINE = "online", "Online (video call)"
    PHONE = "phone", "By phone"


class AccessFeature(models.TextChoices):
    """What a session offers so that everyone can take part (DOMAIN.md,
    venue access). Each has a pictogram and plain words."""

    STEP_FREE = "step_free", "Step-free access"
    ACCESSIBLE_TOILET = "toilet", "Accessible toilet"
    HEARING_LOOP = "hearing_loop", "Hearing loop"
    QUIET_ROOM = "quiet_room", "A quiet room to take a break"
    BSL = "bsl", "British Sign Language interpreter if you ask"
    EASY_READ_PACK = "easy_read", "Easy read pack sent before"
    BREAKS = "breaks", "Regular breaks"
    TRAVEL_PAID = "travel_paid", "We pay your travel"
    SUPPORTERS_FREE = "supporters", "Supporters come free"


ACCESS_PICTOGRAMS: dict[str, str] = {
    AccessFeature.STEP_FREE: "wheelchair",
    AccessFeature.ACCESSIBLE_TOILET: "door",
    AccessFeature.HEARING_LOOP: "hear",
    AccessFeature.QUIET_ROOM: "happy",
    AccessFeature.BSL: "communicate",
    AccessFeature.EASY_READ_PACK: "read",
    AccessFeature.BREAKS: "clock",
    AccessFeature.TRAVEL_PAID: "money",
    AccessFeature.SUPPORTERS_FREE: "care-worker",
}

FORMAT_PICTOGRAMS: dict[str, str] = {
    SessionFormat.ROOM: "meet",
    SessionFormat.ONLINE: "computer",
    SessionFormat.PHONE: "telephone",
}


class SessionQuerySet(models.QuerySet):
    def upcoming(self) -> SessionQuerySet:
        return self.filter(ends_at__gte=timezone.now(), cancelled_at__isnull=True)

    def past(self) -> SessionQuerySet:
        return self.filter(ends_at__lt=timezone.now())


class Session(models.Model):
    """One planned conversation. Capacity counts seats: a supporter who comes
    with someone takes a seat too, so the room is never over-full."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(max_length=140)
    format = models.CharField(max_length=10, choices=SessionFormat.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where it is: an address for a room, or 'online' or 'by phone'.",
    )
    joining_details = models.TextField(
        blank=True,
        max_length=1000,
        help_text="The video link or phone number. Only people who signed up see it.",
    )
    access_features = models.JSONField(default=list, blank=True)
    access_notes = models.TextField(blank=True, max_length=2000)
    payment_policy = models.TextField(
        blank=True,
        max_length=2000,
        help_text="How people are paid for their time and expenses.",
    )
    capacity = models.PositiveIntegerField()
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_sessions"
    )
    attended = models.PositiveIntegerField(null=True, blank=True)
    supporters_attended = models.PositiveIntegerField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["inquiry", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=1000),
                name="session_capacity_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d %b %Y})"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The session must end after it starts."})
        unknown = set(self.access_features or []) - set(AccessFeature.values)
        if unknown:
            raise ValidationError({"access_features": "Choose from the list."})

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def access_list(self) -> list[tuple[str, str, str]]:
        """(value, words, pictogram) for each access feature, in list order."""
        chosen = set(self.access_features or [])
        return [
            (value, label, ACCESS_PICTOGRAMS[value])
            for value, label in AccessFeature.choices
            if value in chosen
        ]

    @property
    def format_pictogram(self) -> str:
        return FORMAT_PICTOGRAMS.get(self.format, "meet")


class SignUpStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    RESERVE = "reserve", "On the reserve list"
    CANCELLED = "cancelled", "Cancelled"


class SignUp(models.Model):
    """A place at a session, with or without an account: a name and a way to
    reach the person (email or phone), and whether a supporter comes too."""

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="sign_ups"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session_sign_ups",
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session_sign_ups",
    )
    name = models.CharField(max_length=80)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    brings_supporter = models.BooleanField(default=False)
    access_needs = models.TextField(blank=True, max_length=1000)
    status = models.CharField(
        max_length=10, choices=SignUpStatus.choices, default=SignUpStatus.BOOKED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="sign_up_has_a_contact"
            ),
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="sign_up_once_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.session}"

    @property
    def seats(self) -> int:
        return 2 if self.brings_supporter else 1

    @property
    def is_active(self) -> bool:
        return self.status != SignUpStatus.CANCELLED


class SessionFinding(models.Model):
    """Which session a finding was written down in. Consult knows only the
    channel; this app holds the link (layering: consult never imports us)."""

    finding = models.OneToOneField(
        Finding, on_delete=models.CASCADE, related_name="session_link"
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="finding_links"
    )

    def __str__(self) -> str:
        return f"Finding {self.finding_id} in {self.session}"


class SessionBallot(models.Model):
    """Which session a priority ballot was cast in (room mode), so the room's
    projector counts that session's votes only. Consult knows only the
    ballot's channel; this app holds the link, as for findings."""

    ballot = models.OneToOneField(
        PriorityBallot, on_delete=models.CASCADE, related_name="session_link"
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="ballot_links"
    )
    entry = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text="The console form's one-time token: the same form sent twice "
        "saves one vote.",
    )

    def __str__(self) -> str:
        return f"Ballot {self.ballot_id} in {self.session}"
