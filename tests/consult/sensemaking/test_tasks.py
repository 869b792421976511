"""The background run: progress reaches 100, groups are stored, only
unthemed usable findings are read, and no theme is ever assigned."""

import pytest

from consult import listening
from consult.models import FindingTheme, SuggestedGroup, SuggestionRun, Theme
from consult.sensemaking import services
from consult.sensemaking.tasks import run_suggestions
from tests.factories import FindingFactory, InquiryFactory, UserFactory

TEXTS = [
    "The day centre closed and I stay in",
    "I miss the day centre",
    "Day centre minibus is my way out",
    "I want my own home",
    "My own front door at home",
    "A home near my family",
]


@pytest.fixture
def inquiry(db):
    inquiry = InquiryFactory()
    for text in TEXTS:
        FindingFactory(inquiry=inquiry, text=text)
    return inquiry


def test_a_run_reaches_100_stores_groups_and_assigns_nothing(
    inquiry, django_capture_on_commit_callbacks
):
    analyst = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_suggestion_run(inquiry=inquiry, by=analyst)
    run.refresh_from_db()
    assert run.status == SuggestionRun.Status.DONE
    assert run.progress == 100
    assert run.finding_count == len(TEXTS)
    assert run.started_at and run.finished_at
    groups = list(run.groups.all())
    assert len(groups) == 2
    assert sorted(i for g in groups for i in g.finding_ids) == sorted(
        inquiry.findings.values_list("pk", flat=True)
    )
    assert all(g.status == SuggestedGroup.Status.OPEN for g in groups)
    assert not FindingTheme.objects.exists()
    assert not Theme.objects.exists()


def test_the_run_reads_only_unthemed_usable_findings(inquiry):
    themed = FindingFactory(inquiry=inquiry, text="Already in a theme")
    theme = services.create_theme(inquiry=inquiry, name="T", by=None)
    services.assign_findings(theme=theme, findings=[themed], by=None)
    concern = FindingFactory(inquiry=inquiry, text="Secret disclosure words")
    listening.raise_safeguarding_concern(finding=concern, raised_by=None)
    FindingFactory(inquiry=inquiry, text="Escalated words", state="escalated")
    FindingFactory(inquiry=inquiry, text="Pending words", state="pending")
    run = SuggestionRun.objects.create(inquiry=inquiry)
    run_suggestions.call(run.pk)
    run.refresh_from_db()
    read = {i for g in run.groups.all() for i in g.finding_ids}
    assert read == set(
        inquiry.findings.filter(text__in=TEXTS).values_list("pk", flat=True)
    )


def test_progress_is_saved_as_the_run_goes(inquiry, monkeypatch):
    seen = []
    original = SuggestionRun.objects.filter

    def spy(*args, **kwargs):
        queryset = original(*args, **kwargs)
        update = queryset.update

        def recording_update(**fields):
            if "progress" in fields:
                seen.append(fields["progress"])
            return update(**fields)

        queryset.update = recording_update
        return queryset

    monkeypatch.setattr(SuggestionRun.objects, "filter", spy)
    run = SuggestionRun.objects.create(inquiry=inquiry)
    run_suggestions.call(run.pk)
    assert seen[0] < 50 < seen[-1] == 100
    assert seen == sorted(seen)


def test_a_run_with_nothing_to_do_says_so(db):
    run = SuggestionRun.objects.create(inquiry=InquiryFactory())
    assert run_suggestions.call(run.pk) == 0
    run.refresh_from_db()
    assert run.status == "done"
    assert run.progress == 100
    assert "Nothing to suggest" in run.message


def test_a_failed_run_is_marked_failed(inquiry, monkeypatch):
    from consult.sensemaking import suggest

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(suggest, "suggest_groups", broken)
    run = SuggestionRun.objects.create(inquiry=inquiry)
    with pytest.raises(RuntimeError):
        run_suggestions.call(run.pk)
    run.refresh_from_db()
    assert run.status == "failed"
    assert "went wrong" in run.message


def test_only_one_run_at_a_time(inquiry):
    first = SuggestionRun.objects.create(inquiry=inquiry, status="running")
    assert services.start_suggestion_run(inquiry=inquiry, by=None) == first
    assert SuggestionRun.objects.count() == 1
