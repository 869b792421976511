"""Per-inquiry roles (facilitator). Site-wide roles are Django groups."""

from django.conf import settings
from django.db import models

from .inquiries import Inquiry


class InquiryRole(models.Model):
    class Role(models.TextChoices):
        FACILITATOR = "facilitator", "Facilitator"

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inquiry_roles"
    )
    role = models.CharField(
        max_length=20, choices=Role.choices, default=Role.FACILITATOR
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "user", "role"], name="inquiry_role_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} for {self.inquiry}"
