"""Writes for Make sense: themes, who put which finding in which theme, key
quotes, links to changes, and a person's decision on a suggested group.

Every write names the person who did it. Nothing here runs on its own: the
suggester only proposes, and accept_suggestion is called by a person."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import (
    Change,
    ChangeQuote,
    Consent,
    Finding,
    FindingTheme,
    Inquiry,
    ModerationState,
    SuggestedGroup,
    SuggestionRun,
    Theme,
)


class ThemeProblem(Exception):
    """What the person asked cannot be done; the message says why, plainly."""


class NotQuotable(ThemeProblem):
    pass


def themeable_findings(inquiry: Inquiry):  # type: ignore[no-untyped-def]
    """Findings analysts may group: checked by a moderator (published or kept
    private), not withdrawn, never a safeguarding concern or escalated."""
    return Finding.objects.filter(inquiry=inquiry).counted()


def why_not_quotable(finding: Finding) -> str:
    """Empty when the finding may be quoted in public; otherwise why not."""
    if finding.withdrawn_at is not None:
        return "The person took back what they said."
    if finding.is_safeguarding_concern:
        return "It is a safeguarding concern."
    if finding.consent == Consent.COUNT_ONLY:
        return "The person asked us only to count what they said, not to quote it."
    if finding.state != ModerationState.PUBLISHED:
        return (
            "A moderator has not published it. Only published words can be key quotes."
        )
    return ""


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ThemeProblem("Give the theme a name.")
    if len(name) > 120:
        raise ThemeProblem("Give the theme a name of 120 characters or fewer.")
    return name


def _check_free(
    inquiry: Inquiry, name: str, *, other_than: Theme | None = None
) -> None:
    taken = Theme.objects.filter(inquiry=inquiry, name__iexact=name)
    if other_than is not None:
        taken = taken.exclude(pk=other_than.pk)
    if taken.exists():
        raise ThemeProblem(f"There is already a theme called “{name}”.")


@transaction.atomic
def create_theme(
    *,
    inquiry: Inquiry,
    name: str,
    by: Any,
    description: str = "",
    easy_read_name: str = "",
) -> Theme:
    name = _clean_name(name)
    _check_free(inquiry, name)
    try:
        with transaction.atomic():
            return Theme.objects.create(
                inquiry=inquiry,
                name=name,
                description=description.strip()[:1000],
                easy_read_name=" ".join(easy_read_name.split())[:120],
                created_by=by,
            )
    except IntegrityError:  # someone made the same theme a moment ago
        raise ThemeProblem(f"There is already a theme called “{name}”.") from None


@transaction.atomic
def rename_theme(
    *,
    theme: Theme,
    name: str,
    description: str | None = None,
    easy_read_name: str | None = None,
) -> Theme:
    name = _clean_name(name)
    _check_free(theme.inquiry, name, other_than=theme)
    theme.name = name
    if description is not None:
        theme.description = description.strip()[:1000]
    if easy_read_name is not None:
        theme.easy_read_name = " ".join(easy_read_name.split())[:120]
    theme.save(update_fields=["name", "description", "easy_read_name"])
    return theme


@transaction.atomic
def assign_findings(*, theme: Theme, findings: Iterable[Finding], by: Any) -> int:
    """Put findings in a theme. Returns how many were newly added; findings
    already in it keep who added them first. Only findings analysts may
    group, from the theme's own inquiry, are added."""
    wanted = {f.pk for f in findings}
    if not wanted:
        raise ThemeProblem("Choose at least one finding.")
    allowed = set(
        themeable_findings(theme.inquiry)
        .filter(pk__in=wanted)
        .values_list("pk", flat=True)
    )
    if wanted - allowed:
        raise ThemeProblem(
            "Some of the chosen findings cannot be put in a theme: they are "
            "not checked yet, taken back, or from another inquiry."
        )
    already = set(
        FindingTheme.objects.filter(theme=theme, finding_id__in=allowed).values_list(
            "finding_id", flat=True
        )
    )
    new = [
        FindingTheme(theme=theme, finding_id=pk, assigned_by=by)
        for pk in sorted(allowed - already)
    ]
    FindingTheme.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def unassign_findings(*, theme: Theme, findings: Iterable[Finding]) -> int:
    removed, _ = FindingTheme.objects.filter(
        theme=theme, finding_id__in=[f.pk for f in findings]
    ).delete()
    return removed


@transaction.atomic
def merge_themes(*, source: Theme, into: Theme, by: Any) -> Theme:
    """Move every finding of source into another theme, keep key quotes and
    links to changes, then remove source. Nothing is lost."""
    if source.pk == into.pk:
        raise ThemeProblem("Choose a different theme to merge into.")
    if source.inquiry_id != into.inquiry_id:
        raise ThemeProblem("Themes can only be merged within one inquiry.")
    existing = {
        link.finding_id: link for link in FindingTheme.objects.filter(theme=into)
    }
    for link in FindingTheme.objects.filter(theme=source):
        kept = existing.get(link.finding_id)
        if kept is None:
            # Keep who put it in the theme first, and when.
            FindingTheme.objects.filter(pk=link.pk).update(theme=into)
        elif link.is_key_quote and not kept.is_key_quote:
            kept.is_key_quote = True
            kept.save(update_fields=["is_key_quote"])
    for change in source.changes.all():
        change.themes.add(into)
    SuggestedGroup.objects.filter(accepted_theme=source).update(accepted_theme=into)
    source.delete()
    return into


def _link(theme: Theme, finding: Finding) -> FindingTheme:
    link = FindingTheme.objects.filter(theme=theme, finding=finding).first()
    if link is None:
        raise ThemeProblem("That finding is not in this theme.")
    return link


@transaction.atomic
def mark_key_quote(*, theme: Theme, finding: Finding, by: Any) -> FindingTheme:
    """A key quote speaks for the theme in public, so the person must have
    agreed to be quoted and a moderator must have published it."""
    link = _link(theme, finding)
    reason = why_not_quotable(finding)
    if reason:
        raise NotQuotable(reason)
    link.is_key_quote = True
    link.save(update_fields=["is_key_quote"])
    return link


@transaction.atomic
def unmark_key_quote(*, theme: Theme, finding: Finding) -> FindingTheme:
    link = _link(theme, finding)
    link.is_key_quote = False
    link.save(update_fields=["is_key_quote"])
    return link


@transaction.atomic
def set_change_themes(*, change: Change, themes: Iterable[Theme]) -> None:
    themes = list(themes)
    if any(t.inquiry_id != change.inquiry_id for t in themes):
        raise ThemeProblem("Choose themes from this inquiry.")
    change.themes.set(themes)


@transaction.atomic
def add_change_quote(*, change: Change, finding: Finding, by: Any) -> ChangeQuote:
    if finding.inquiry_id != change.inquiry_id:
        raise ThemeProblem("Choose a finding from this inquiry.")
    reason = why_not_quotable(finding)
    if reason:
        raise NotQuotable(reason)
    quote, _ = ChangeQuote.objects.get_or_create(
        change=change, finding=finding, defaults={"added_by": by}
    )
    return quote


@transaction.atomic
def remove_change_quote(*, change: Change, finding: Finding) -> int:
    removed, _ = ChangeQuote.objects.filter(change=change, finding=finding).delete()
    return removed


# Suggestions: a person decides on each group.


def start_suggestion_run(*, inquiry: Inquiry, by: Any) -> SuggestionRun:
    """Queue a run over the findings not yet in a theme. One run at a time
    per inquiry: a second press of the button shows the running one."""
    from .tasks import run_suggestions

    with transaction.atomic():
        Inquiry.objects.select_for_update().filter(pk=inquiry.pk).first()
        active = SuggestionRun.objects.filter(
            inquiry=inquiry,
            status__in=[SuggestionRun.Status.QUEUED, SuggestionRun.Status.RUNNING],
        ).first()
        if active is not None:
            return active
        run = SuggestionRun.objects.create(
            inquiry=inquiry, created_by=by, message="Waiting to start."
        )
    # After commit, so a worker in another process finds the run.
    transaction.on_commit(lambda: run_suggestions.enqueue(run.pk))
    return run


def _open_group(group: SuggestedGroup) -> SuggestedGroup:
    locked = SuggestedGroup.objects.select_for_update().get(pk=group.pk)
    if not locked.is_open:
        raise ThemeProblem("Someone has already decided on this suggestion.")
    return locked


def _decide(group: SuggestedGroup, status: str, by: Any, theme: Theme | None) -> None:
    group.status = status
    group.accepted_theme = theme
    group.decided_by = by
    group.decided_at = timezone.now()
    group.save(update_fields=["status", "accepted_theme", "decided_by", "decided_at"])


def _group_findings(group: SuggestedGroup, inquiry: Inquiry) -> list[Finding]:
    # Read again now: a finding may have been withdrawn or marked as a
    # safeguarding concern since the run, and must not be added.
    return list(themeable_findings(inquiry).filter(pk__in=group.finding_ids))


@transaction.atomic
def accept_suggestion(
    *, group: SuggestedGroup, name: str, by: Any, exclude_ids: Iterable[int] = ()
) -> Theme:
    """Make the group a theme with the name the person chose (or add it to
    the theme of that name), assigning its findings in that person's name."""
    group = _open_group(group)
    inquiry = group.run.inquiry
    name = _clean_name(name)
    theme = Theme.objects.filter(inquiry=inquiry, name__iexact=name).first()
    if theme is None:
        theme = create_theme(inquiry=inquiry, name=name, by=by)
    skip = set(exclude_ids)
    findings = [f for f in _group_findings(group, inquiry) if f.pk not in skip]
    if findings:
        assign_findings(theme=theme, findings=findings, by=by)
    _decide(group, SuggestedGroup.Status.ACCEPTED, by, theme)
    return theme


@transaction.atomic
def merge_suggestion(*, group: SuggestedGroup, into: Theme, by: Any) -> Theme:
    """Add the group's findings to an existing theme."""
    group = _open_group(group)
    inquiry = group.run.inquiry
    if into.inquiry_id != inquiry.pk:
        raise ThemeProblem("Choose a theme from this inquiry.")
    findings = _group_findings(group, inquiry)
    if findings:
        assign_findings(theme=into, findings=findings, by=by)
    _decide(group, SuggestedGroup.Status.MERGED, by, into)
    return into


@transaction.atomic
def reject_suggestion(*, group: SuggestedGroup, by: Any) -> SuggestedGroup:
    group = _open_group(group)
    _decide(group, SuggestedGroup.Status.REJECTED, by, None)
    return group


@transaction.atomic
def rename_suggestion(*, group: SuggestedGroup, label: str) -> SuggestedGroup:
    """Change the name a group will get, before accepting it."""
    group = _open_group(group)
    group.label = _clean_name(label)
    group.save(update_fields=["label"])
    return group
