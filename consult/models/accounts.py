"""The account model. People sign in by a code sent to their email address."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """An account. Many people take part without one (participation codes);
    an account is for those who want to come back by email, and for staff."""

    preferred_name = models.CharField(
        "what we should call you",
        max_length=100,
        blank=True,
        help_text="Shown instead of your email address.",
    )

    class Meta:
        db_table = "consult_user"

    def __str__(self) -> str:
        return self.preferred_name or self.email or self.username


def user_display(user: User) -> str:
    """How allauth names a person in its pages and emails."""
    return str(user)
