"""The background run that suggests groups for findings not yet in a theme.
It reports its progress on the SuggestionRun and stores the groups; it never
puts a finding in a theme (a person does that on the suggestions page)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ..models import SuggestedGroup, SuggestionRun
from . import suggest

logger = logging.getLogger("coproduce.sensemaking")


def _save(run: SuggestionRun, **fields: object) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    SuggestionRun.objects.filter(pk=run.pk).update(**fields)


def unthemed_findings(run: SuggestionRun) -> list[tuple[int, str]]:
    """(id, text) of the findings analysts may group that are in no theme
    yet. Never a safeguarding concern, escalated, pending or withdrawn."""
    from .services import themeable_findings

    return list(
        themeable_findings(run.inquiry)
        .filter(theme_links__isnull=True)
        .order_by("pk")
        .values_list("pk", "text")
    )


@task()
def run_suggestions(run_id: int) -> int:
    """Suggest groups for one run; returns how many groups it stored."""
    run = SuggestionRun.objects.select_related("inquiry").filter(pk=run_id).first()
    if run is None or run.status != SuggestionRun.Status.QUEUED:
        return 0
    _save(
        run,
        status=SuggestionRun.Status.RUNNING,
        started_at=timezone.now(),
        progress=1,
        message="Reading the findings.",
    )
    try:
        items = unthemed_findings(run)
        _save(run, finding_count=len(items), progress=5, message="Finding groups.")

        def report(percent: int) -> None:
            # Keep 5 points at each end for reading and storing.
            _save(run, progress=min(95, 5 + percent * 90 // 100))

        groups = suggest.suggest_groups(items, on_progress=report)
        with transaction.atomic():
            SuggestedGroup.objects.bulk_create(
                SuggestedGroup(
                    run=run,
                    number=number,
                    label=group.label,
                    top_words=group.top_words,
                    finding_ids=group.ids,
                    representative_ids=group.representative_ids,
                )
                for number, group in enumerate(groups, start=1)
            )
            _save(
                run,
                status=SuggestionRun.Status.DONE,
                progress=100,
                finished_at=timezone.now(),
                message=_summary(len(items), len(groups)),
            )
    except Exception:
        # Record the failure for the person watching, then let the task
        # backend record the error itself.
        logger.exception("Theme suggestions failed for run %s", run_id)
        _save(
            run,
            status=SuggestionRun.Status.FAILED,
            finished_at=timezone.now(),
            message="Something went wrong. Try again, or group the findings by hand.",
        )
        raise
    return len(groups)


def _summary(findings: int, groups: int) -> str:
    if findings == 0:
        return "Every checked finding is in a theme already. Nothing to suggest."
    return (
        f"{groups} group{'s' if groups != 1 else ''} suggested for "
        f"{findings} finding{'s' if findings != 1 else ''} not yet in a theme."
    )
