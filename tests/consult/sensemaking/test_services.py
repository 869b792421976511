"""Make sense services: consent rules for key quotes, merging keeps every
finding, accepting a suggestion records the person, nothing is automatic."""

import pytest

from consult import listening
from consult.models import FindingTheme, SuggestedGroup, SuggestionRun, Theme
from consult.sensemaking import services
from tests.factories import ChangeFactory, FindingFactory, InquiryFactory, UserFactory


@pytest.fixture
def inquiry(db):
    return InquiryFactory()


@pytest.fixture
def analyst(db):
    return UserFactory()


def _theme(inquiry, name="Home", by=None):
    return services.create_theme(inquiry=inquiry, name=name, by=by)


def test_theme_names_are_unique_per_inquiry_whatever_the_case(inquiry, analyst):
    _theme(inquiry, "Support at home")
    with pytest.raises(services.ThemeProblem, match="already a theme"):
        _theme(inquiry, "  support AT  home ")
    _theme(InquiryFactory(), "Support at home")  # another inquiry may use it


def test_a_theme_needs_a_name(inquiry):
    with pytest.raises(services.ThemeProblem, match="Give the theme a name"):
        _theme(inquiry, "   ")


def test_assign_records_who_and_skips_findings_already_there(inquiry, analyst):
    theme = _theme(inquiry)
    a, b = FindingFactory.create_batch(2, inquiry=inquiry)
    assert services.assign_findings(theme=theme, findings=[a], by=analyst) == 1
    other = UserFactory()
    assert services.assign_findings(theme=theme, findings=[a, b], by=other) == 1
    links = {link.finding_id: link for link in FindingTheme.objects.filter(theme=theme)}
    assert links[a.pk].assigned_by == analyst
    assert links[b.pk].assigned_by == other


@pytest.mark.parametrize(
    "kind", ["pending", "escalated", "concern", "withdrawn", "other_inquiry"]
)
def test_findings_analysts_may_not_group_are_refused(inquiry, analyst, kind):
    theme = _theme(inquiry)
    if kind in {"pending", "escalated"}:
        finding = FindingFactory(inquiry=inquiry, state=kind)
    elif kind == "concern":
        finding = FindingFactory(inquiry=inquiry)
        listening.raise_safeguarding_concern(finding=finding, raised_by=None)
    elif kind == "withdrawn":
        from django.utils import timezone

        finding = FindingFactory(inquiry=inquiry, withdrawn_at=timezone.now())
    else:
        finding = FindingFactory()
    with pytest.raises(services.ThemeProblem):
        services.assign_findings(theme=theme, findings=[finding], by=analyst)
    assert not FindingTheme.objects.exists()


def test_private_findings_may_be_grouped_but_not_quoted(inquiry, analyst):
    theme = _theme(inquiry)
    finding = FindingFactory(inquiry=inquiry, state="private")
    services.assign_findings(theme=theme, findings=[finding], by=analyst)
    with pytest.raises(services.NotQuotable, match="not published"):
        services.mark_key_quote(theme=theme, finding=finding, by=analyst)


def test_count_only_findings_are_never_key_quotes(inquiry, analyst):
    theme = _theme(inquiry)
    finding = FindingFactory(inquiry=inquiry, consent="count_only")
    services.assign_findings(theme=theme, findings=[finding], by=analyst)
    with pytest.raises(services.NotQuotable, match="only to count"):
        services.mark_key_quote(theme=theme, finding=finding, by=analyst)
    assert not FindingTheme.objects.get(finding=finding).is_key_quote


def test_published_quotable_findings_become_key_quotes(inquiry, analyst):
    theme = _theme(inquiry)
    finding = FindingFactory(inquiry=inquiry, consent="named", display_name="Joy")
    services.assign_findings(theme=theme, findings=[finding], by=analyst)
    services.mark_key_quote(theme=theme, finding=finding, by=analyst)
    assert FindingTheme.objects.get(finding=finding).is_key_quote
    services.unmark_key_quote(theme=theme, finding=finding)
    assert not FindingTheme.objects.get(finding=finding).is_key_quote


def test_a_key_quote_must_be_in_the_theme(inquiry, analyst):
    theme = _theme(inquiry)
    with pytest.raises(services.ThemeProblem, match="not in this theme"):
        services.mark_key_quote(
            theme=theme, finding=FindingFactory(inquiry=inquiry), by=analyst
        )


def test_merge_keeps_every_finding_key_quote_and_change(inquiry, analyst):
    source, into = _theme(inquiry, "A"), _theme(inquiry, "B")
    shared, only_source, only_into = FindingFactory.create_batch(3, inquiry=inquiry)
    services.assign_findings(theme=source, findings=[shared, only_source], by=analyst)
    services.assign_findings(theme=into, findings=[shared, only_into], by=None)
    services.mark_key_quote(theme=source, finding=shared, by=analyst)
    change = ChangeFactory(inquiry=inquiry)
    change.themes.add(source)

    services.merge_themes(source=source, into=into, by=analyst)

    assert not Theme.objects.filter(pk=source.pk).exists()
    assert set(into.findings.all()) == {shared, only_source, only_into}
    assert FindingTheme.objects.get(theme=into, finding=shared).is_key_quote
    # Who put it in the theme first is kept.
    assert FindingTheme.objects.get(theme=into, finding=only_source).assigned_by == (
        analyst
    )
    assert list(change.themes.all()) == [into]


def test_a_theme_cannot_merge_into_itself_or_another_inquiry(inquiry, analyst):
    theme = _theme(inquiry)
    with pytest.raises(services.ThemeProblem):
        services.merge_themes(source=theme, into=theme, by=analyst)
    with pytest.raises(services.ThemeProblem):
        services.merge_themes(source=theme, into=_theme(InquiryFactory()), by=analyst)


def test_change_quotes_need_consent_and_publication(inquiry, analyst):
    change = ChangeFactory(inquiry=inquiry)
    ok = FindingFactory(inquiry=inquiry)
    services.add_change_quote(change=change, finding=ok, by=analyst)
    assert list(change.quotes.values_list("finding", flat=True)) == [ok.pk]
    for bad in (
        FindingFactory(inquiry=inquiry, consent="count_only"),
        FindingFactory(inquiry=inquiry, state="pending"),
    ):
        with pytest.raises(services.NotQuotable):
            services.add_change_quote(change=change, finding=bad, by=analyst)
    with pytest.raises(services.ThemeProblem):
        services.add_change_quote(change=change, finding=FindingFactory(), by=analyst)


def _group(inquiry, findings, label="Home, door"):
    run = SuggestionRun.objects.create(inquiry=inquiry, status="done", progress=100)
    return SuggestedGroup.objects.create(
        run=run,
        number=1,
        label=label,
        top_words=["home"],
        finding_ids=[f.pk for f in findings],
        representative_ids=[findings[0].pk],
    )


def test_accepting_a_suggestion_makes_a_theme_in_that_persons_name(inquiry, analyst):
    findings = FindingFactory.create_batch(3, inquiry=inquiry)
    group = _group(inquiry, findings)
    theme = services.accept_suggestion(group=group, name="My own home", by=analyst)
    assert theme.name == "My own home"
    assert theme.created_by == analyst
    assert set(theme.findings.all()) == set(findings)
    assert {link.assigned_by for link in theme.links.all()} == {analyst}
    group.refresh_from_db()
    assert group.status == "accepted"
    assert group.decided_by == analyst
    assert group.accepted_theme == theme
    with pytest.raises(services.ThemeProblem, match="already decided"):
        services.reject_suggestion(group=group, by=analyst)


def test_accepting_with_an_existing_name_adds_to_that_theme(inquiry, analyst):
    theme = _theme(inquiry, "Home")
    findings = FindingFactory.create_batch(2, inquiry=inquiry)
    accepted = services.accept_suggestion(
        group=_group(inquiry, findings), name="home", by=analyst
    )
    assert accepted == theme
    assert theme.findings.count() == 2


def test_accepting_leaves_out_findings_hidden_since_the_run(inquiry, analyst):
    kept, hidden = FindingFactory.create_batch(2, inquiry=inquiry)
    group = _group(inquiry, [kept, hidden])
    listening.raise_safeguarding_concern(finding=hidden, raised_by=None)
    theme = services.accept_suggestion(group=group, name="Home", by=analyst)
    assert list(theme.findings.all()) == [kept]


def test_merge_and_reject_suggestions(inquiry, analyst):
    theme = _theme(inquiry, "Home")
    findings = FindingFactory.create_batch(2, inquiry=inquiry)
    group = _group(inquiry, findings)
    services.merge_suggestion(group=group, into=theme, by=analyst)
    group.refresh_from_db()
    assert (group.status, group.accepted_theme) == ("merged", theme)
    assert theme.findings.count() == 2

    other = _group(inquiry, FindingFactory.create_batch(1, inquiry=inquiry))
    services.reject_suggestion(group=other, by=analyst)
    other.refresh_from_db()
    assert other.status == "rejected"
    assert FindingTheme.objects.count() == 2  # rejecting assigns nothing


def test_renaming_a_suggestion_changes_only_its_label(inquiry, analyst):
    group = _group(inquiry, FindingFactory.create_batch(1, inquiry=inquiry))
    services.rename_suggestion(group=group, label="Better name")
    group.refresh_from_db()
    assert (group.label, group.status) == ("Better name", "open")
    assert not Theme.objects.exists()
