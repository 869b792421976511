"""Organisation editors invited by email. A site editor or one of the
organisation's editors invites a person; the email holds a link with a long
random token, of which only a SHA-256 hash is stored. The link works once,
for 14 days, for the person signed in with the invited address (through
allauth: a sign-in code by email, or a new account), and makes them an
editor of that one organisation."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .. import audit
from ..models import Organisation, OrganisationEditor, OrganisationInvite
from ..sent_mail import send_once

INVITE_DAYS = 14


class InviteProblem(Exception):
    """An invitation link that cannot be used; the message is for the person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def accept_path(token: str) -> str:
    return reverse("consult:accept_invite", args=[token])


@transaction.atomic
def invite_editor(
    *,
    organisation: Organisation,
    email: str,
    by: Any,
    now: dt.datetime | None = None,
) -> tuple[OrganisationInvite, str]:
    """Make an invitation and email its link (once the invitation is saved).
    An earlier unused invitation to the same address for this organisation
    stops working. Returns the invitation and the token (for the email only:
    it is never stored)."""
    now = now or timezone.now()
    email = email.strip().lower()
    OrganisationInvite.objects.filter(
        organisation=organisation,
        email=email,
        accepted_at__isnull=True,
        cancelled_at__isnull=True,
    ).update(cancelled_at=now)
    token = secrets.token_urlsafe(32)
    invite = OrganisationInvite.objects.create(
        organisation=organisation,
        email=email,
        token_hash=token_hash(token),
        invited_by=by if getattr(by, "pk", None) else None,
        expires_at=now + dt.timedelta(days=INVITE_DAYS),
    )
    # The entry names the organisation, never the invited address.
    audit.record(
        invite,
        "coproduce.editor_invited",
        user=by,
        data={"organisation": organisation.pk},
    )
    transaction.on_commit(lambda: _send_invite(invite, token))
    return invite, token


def _send_invite(invite: OrganisationInvite, token: str) -> None:
    # Sent here rather than as a background task: a task's arguments are
    # stored in the queue, and the token must never be stored.
    inviter = getattr(invite.invited_by, "email", "") if invite.invited_by else ""
    body = render_to_string(
        "consult/commitments/email/invite.txt",
        {
            "invite": invite,
            "organisation": invite.organisation,
            "inviter": inviter,
            "accept_url": site_url(accept_path(token)),
            "days": INVITE_DAYS,
        },
    )
    # Once per invitation, even if this runs twice.
    send_once(
        kind="editor_invite",
        recipient=invite.email,
        about=invite,
        send=lambda: send_mail(
            f"You are invited to edit for {invite.organisation.name}",
            body,
            None,
            [invite.email],
        ),
    )


def find_invite(token: str) -> OrganisationInvite | None:
    if not token or len(token) > 200:
        return None
    return (
        OrganisationInvite.objects.select_related("organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )


def check_usable(
    invite: OrganisationInvite | None, now: dt.datetime
) -> OrganisationInvite:
    """The invitation, if its link can still be used; else InviteProblem."""
    if invite is None:
        raise InviteProblem(
            "unknown",
            "This invitation link does not work. Check you copied all of it, or "
            "ask for a new invitation.",
        )
    if invite.accepted_at is not None:
        raise InviteProblem(
            "used",
            "This invitation has already been used. Each link works once. If you "
            "accepted it, sign in with the invited email address.",
        )
    if invite.cancelled_at is not None:
        raise InviteProblem(
            "cancelled",
            "This invitation was replaced by a newer one. Use the link in the "
            "latest email.",
        )
    if invite.expires_at <= now:
        raise InviteProblem(
            "expired",
            f"This invitation ended on {invite.expires_at:%d %B %Y}. "
            "Ask for a new one.",
        )
    return invite


def emails_of(user: Any) -> set[str]:
    """The person's verified email addresses (and their account's own)."""
    from allauth.account.models import EmailAddress

    found = {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    if user.email:
        found.add(user.email.lower())
    return found


@transaction.atomic
def accept_invite(
    *, token: str, user: Any, now: dt.datetime | None = None
) -> OrganisationEditor:
    """The signed-in person becomes an editor of the invitation's
    organisation, and of no other. Works once."""
    now = now or timezone.now()
    invite = find_invite(token)
    if invite is not None:
        invite = OrganisationInvite.objects.select_for_update().get(pk=invite.pk)
    invite = check_usable(invite, now)
    if invite.email not in emails_of(user):
        raise InviteProblem(
            "wrong_email",
            f"This invitation is for {invite.email}. You are signed in with "
            "another address. Sign out, then sign in with the invited address.",
        )
    editor, _ = OrganisationEditor.objects.get_or_create(
        organisation=invite.organisation, user=user
    )
    invite.accepted_at = now
    invite.accepted_by = user
    invite.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        invite,
        "coproduce.editor_invite_accepted",
        user=user,
        data={"organisation": invite.organisation_id, "editor": editor.pk},
    )
    return editor
