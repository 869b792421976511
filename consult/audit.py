"""Editor actions in Wagtail's audit log ("Reports > Site history").

Every action here has a plain-words label, registered through the
`register_log_actions` hook (consult/wagtail_hooks.py). `record` writes one
entry with `wagtail.log_actions.log`: non-page models get Wagtail's
ModelLogEntry, which needs no registration of the model itself.

What goes into an entry is chosen so the log holds no personal text: the
title is the kind of thing and its number ("Finding 12"), never a story, a
name or an email address; `data` holds numbers and short codes only (states,
channels, roles), which `record` checks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from wagtail.log_actions import LogActionRegistry, log
from wagtail.models import ModelLogEntry

# action: (what the action is, as a filter choice; what happened, in the list)
ACTIONS: dict[str, tuple[str, str]] = {
    "coproduce.finding_publish": (
        "Approve a story or finding",
        "Story or finding approved for the public pages",
    ),
    "coproduce.finding_private": (
        "Keep a story or finding private",
        "Story or finding kept private",
    ),
    "coproduce.finding_escalate": (
        "Pass a story or finding on for a second look",
        "Story or finding passed on for a second look",
    ),
    "coproduce.finding_pending": (
        "Put a story or finding back to be checked",
        "Story or finding put back to be checked",
    ),
    "coproduce.safeguarding_raised": (
        "Raise a safeguarding concern",
        "Safeguarding concern raised, story hidden",
    ),
    "coproduce.safeguarding_action": (
        "Record what was done about a safeguarding concern",
        "Safeguarding action written down",
    ),
    "coproduce.comment_moderated": (
        "Moderate a comment on a progress update",
        "Comment on a progress update moderated",
    ),
    "coproduce.commitment_created": ("Make a commitment", "Commitment made"),
    "coproduce.commitment_changed": ("Change a commitment", "Commitment changed"),
    "coproduce.progress_posted": (
        "Post a progress update",
        "Progress update posted",
    ),
    "coproduce.progress_edited": (
        "Change a progress update",
        "Progress update changed",
    ),
    "coproduce.facilitator_added": (
        "Make someone a facilitator",
        "Person made a facilitator",
    ),
    "coproduce.organisation_editor_added": (
        "Make someone an organisation editor",
        "Person made an organisation editor",
    ),
    "coproduce.editor_invited": (
        "Invite an organisation editor",
        "Invitation to edit sent",
    ),
    "coproduce.editor_invite_accepted": (
        "Accept an invitation to edit",
        "Invitation to edit accepted",
    ),
    "coproduce.paper_ballot_entered": (
        "Type in a paper ballot",
        "Paper ballot typed in by a facilitator",
    ),
    "coproduce.budget_ballot_helped": (
        "Enter a budget vote for someone",
        "Budget vote entered for someone by a helper",
    ),
    "coproduce.role_added": (
        "Give someone a site role",
        "Person given a site role (group)",
    ),
    "coproduce.role_removed": (
        "Take a site role away",
        "Site role (group) taken away from a person",
    ),
    "coproduce.code_revoked": (
        "Stop a participation code",
        "Participation code stopped",
    ),
    # People's rights (h-privacy)
    "coproduce.personal_data_erased": (
        "Erase a person's information",
        "Person's information erased; their votes stay counted with no name",
    ),
    "coproduce.quote_consent_withdrawn": (
        "Stop quoting a person's words",
        "Person took back their consent to quote their words",
    ),
}

# Data values are numbers, yes/no, or short codes like "published" or
# "paper"; anything longer could be someone's words, so it is refused.
MAX_CODE_LENGTH = 40


class PersonalTextInLog(ValueError):
    """Something that looks like free text was about to go into the log."""


def _check_data(data: Mapping[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for key, value in data.items():
        if value is None or isinstance(value, bool | int):
            checked[key] = value
        elif isinstance(value, str) and len(value) <= MAX_CODE_LENGTH:
            if " " in value.strip() or "@" in value:
                raise PersonalTextInLog(f"Audit data {key!r} must be a code.")
            checked[key] = str(value)
        else:
            raise PersonalTextInLog(f"Audit data {key!r} must be a number or code.")
    return checked


def neutral_title(instance: models.Model) -> str:
    """'Finding 12': the kind of thing and its number, nothing more."""
    return f"{str(instance._meta.verbose_name).capitalize()} {instance.pk}"


def _who(user: Any) -> Any:
    """Wagtail stores a real account or nobody (not an AnonymousUser)."""
    return user if getattr(user, "pk", None) else None


def record(
    instance: models.Model,
    action: str,
    *,
    user: Any,
    data: Mapping[str, Any] | None = None,
    title: str = "",
) -> ModelLogEntry | None:
    """Write one audit log entry for `action` on `instance` by `user`."""
    if action not in ACTIONS:
        raise KeyError(f"Unknown audit action {action!r}: add it to ACTIONS.")
    return log(
        instance=instance,
        action=action,
        user=_who(user),
        title=title or neutral_title(instance),
        data=_check_data(data or {}),
    )


def register(actions: LogActionRegistry) -> None:
    """Give Wagtail the plain-words labels (the register_log_actions hook)."""
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


def label_for(action: str) -> str:
    """What the log shows for an action: its message."""
    return ACTIONS[action][1]


# --- site roles: Django groups, however they change (Wagtail's user editor,
# the shell, a command). In the admin Wagtail's LogContext names the editor.


def _group_changed(
    sender: Any,
    instance: Any,
    action: str,
    reverse: bool,
    model: Any,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    if action == "pre_clear":
        # Remember who goes, to log them once they have gone.
        if reverse:
            instance._audit_cleared = set(
                instance.user_set.values_list("pk", flat=True)
            )
        else:
            instance._audit_cleared = set(instance.groups.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set, change = getattr(instance, "_audit_cleared", set()), "removed"
    elif action in ("post_add", "post_remove"):
        change = "added" if action == "post_add" else "removed"
    else:
        return
    users = get_user_model()
    if reverse:  # group.user_set.add(user)
        pairs = [(u, instance) for u in users.objects.filter(pk__in=pk_set or ())]
    else:  # user.groups.add(group)
        pairs = [(instance, g) for g in Group.objects.filter(pk__in=pk_set or ())]
    for user, group in pairs:
        record(
            user,
            f"coproduce.role_{change}",
            user=None,  # the active LogContext's user, if any
            title=f"Person {user.pk}: {group.name}"[:200],
            data={"group": group.pk},
        )


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed

    m2m_changed.connect(
        _group_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="coproduce.audit.groups",
    )
