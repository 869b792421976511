"""Forms for rating a progress update, moderating its comment, and inviting
an organisation editor. Plain-words messages next to the field; what the
person chose or typed is kept."""

from __future__ import annotations

from django import forms

from . import ratings
from .rating_services import COMMENT_MAX

CHOOSE = "Choose yes, partly or no."


class RatingForm(forms.Form):
    value = forms.ChoiceField(
        label="Is this what we asked for?",
        choices=[(v, ratings.WORDS[v]) for v in ratings.VALUES],
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE},
    )
    comment = forms.CharField(
        label="Tell us more (optional)",
        required=False,
        max_length=COMMENT_MAX,
        help_text="A moderator reads it before anyone else can see it. Do not "
        "write your name or anything that shows who you are.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": f"Your comment must be {COMMENT_MAX:,} characters or "
            "fewer. Make it shorter and send it again."
        },
    )


class CommentModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("publish", "Publish"), ("private", "Keep private")],
        error_messages={
            "required": "Choose publish or keep private.",
            "invalid_choice": "Choose publish or keep private.",
        },
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        help_text="We email them a link. It works once, for 14 days, when they "
        "sign in with this address.",
        error_messages={
            "required": "Type the email address of the person to invite.",
            "invalid": "Type an email address like name@example.org.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
