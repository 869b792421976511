"""Organisations that commit to changes, and the people who edit for them."""

from django.conf import settings
from django.db import models


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        NHS = "nhs", "NHS body"
        CHARITY = "charity", "Charity"
        USER_LED = "user_led", "User-led group"
        PROVIDER = "provider", "Support provider"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationEditor(models.Model):
    """A person who may publish and update this organisation's commitments,
    and nothing else."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="editors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_roles",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="organisation_editor_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} edits for {self.organisation}"


# Organisation editors invited by email (h-ratings)
class OrganisationInvite(models.Model):
    """An invitation, sent by email, to edit for one organisation. Only a hash
    of the link's token is kept; it works once, before it expires, for the
    person signed in with the invited email address."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invites"
    )
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to edit for {self.organisation}"
