"""The Make sense screens: filtering, putting several findings in a theme,
errors that keep the selection and filters, themes, suggestions, changes,
and the public changes page."""

import pytest
from django.test import Client

from consult import listening, publication
from consult.models import Change, Finding, FindingTheme, SuggestionRun, Theme
from consult.roles import Role
from consult.sensemaking import services

URL = "/inquiries/anyshire/themes/"


@pytest.fixture
def analyst(demo_users):
    client = Client()
    client.force_login(demo_users[Role.FACILITATOR])
    return client


def _unthemed(demo, n):
    return list(
        services.themeable_findings(demo)
        .filter(theme_links__isnull=True)
        .order_by("pk")[:n]
    )


def test_the_screen_lists_findings_and_themes(analyst, demo):
    html = analyst.get(URL).content.decode()
    assert "Group findings into themes" in html
    assert "Support from people who know me" in html
    assert 'name="findings"' in html


def test_filter_by_words(analyst, demo):
    html = analyst.get(URL, {"q": "hospital"}).content.decode()
    assert "empty fridge" in html
    assert "library group" not in html


def test_filter_by_theme_none_any_and_one(analyst, demo):
    theme = Theme.objects.get(inquiry=demo, name="Belonging in my community")
    unthemed = _unthemed(demo, 1)[0]
    none = analyst.get(URL, {"theme": "none"}).content.decode()
    assert unthemed.text in none
    assert "library group" not in none
    one = analyst.get(URL, {"theme": theme.pk}).content.decode()
    assert "library group" in one
    assert "empty fridge" not in one
    assert unthemed.text not in analyst.get(URL, {"theme": "any"}).content.decode()


def test_filter_by_area_and_channel(analyst, demo):
    area = demo.budget.areas.get(number=4)  # leaving hospital
    html = analyst.get(URL, {"area": area.pk}).content.decode()
    assert "empty fridge" in html
    assert "library group" not in html
    post = analyst.get(URL, {"channel": "post"}).content.decode()
    assert "Write to me in big print" in post
    assert "My personal assistant knows me" not in post


def test_unknown_filter_values_are_ignored(analyst, demo):
    response = analyst.get(URL, {"theme": "999999x", "area": "abc", "channel": "fax"})
    assert response.status_code == 200


def test_assign_several_findings_and_keep_the_filters(analyst, demo, demo_users):
    theme = services.create_theme(inquiry=demo, name="New theme", by=None)
    chosen = _unthemed(demo, 3)
    response = analyst.post(
        f"{URL}?theme=none&q=",
        {
            "action": "assign",
            "findings": [f.pk for f in chosen],
            "theme": theme.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?theme=none"
    links = FindingTheme.objects.filter(theme=theme)
    assert {link.finding_id for link in links} == {f.pk for f in chosen}
    assert {link.assigned_by for link in links} == {demo_users[Role.FACILITATOR]}
    page = analyst.get(response["Location"]).content.decode()
    assert "3 findings put in “New theme”." in page


def test_nothing_chosen_shows_the_error_and_keeps_the_theme(analyst, demo):
    theme = Theme.objects.filter(inquiry=demo).first()
    before = FindingTheme.objects.count()
    response = analyst.post(
        f"{URL}?channel=post", {"action": "assign", "theme": theme.pk}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Choose at least one finding" in html
    assert f'<option value="{theme.pk}" selected>' in html
    # The filter is kept: only findings sent by post are listed.
    assert "Write to me in big print" in html
    assert "My personal assistant knows me" not in html
    assert FindingTheme.objects.count() == before


def test_no_theme_chosen_keeps_the_selection(analyst, demo):
    chosen = _unthemed(demo, 2)
    response = analyst.post(
        URL, {"action": "assign", "findings": [f.pk for f in chosen], "theme": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose the theme to put the findings in." in html
    assert 'href="#id_theme"' in html
    for finding in chosen:
        assert f'value="{finding.pk}" id="finding-{finding.pk}" checked' in html


def test_a_finding_that_cannot_be_grouped_is_refused(analyst, demo):
    theme = Theme.objects.filter(inquiry=demo).first()
    pending = Finding.objects.filter(inquiry=demo, state="pending").first()
    response = analyst.post(
        URL, {"action": "assign", "findings": [pending.pk], "theme": theme.pk}
    )
    assert response.status_code == 400
    assert "can no longer be put in a theme" in response.content.decode()
    assert not FindingTheme.objects.filter(finding=pending).exists()


def test_create_theme_and_its_errors(analyst, demo):
    response = analyst.post(URL, {"action": "create", "new-name": "Getting about"})
    assert response.status_code == 302
    assert Theme.objects.filter(inquiry=demo, name="Getting about").exists()
    again = analyst.post(URL, {"action": "create", "new-name": "getting about"})
    assert again.status_code == 400
    assert "already a theme called" in again.content.decode()
    empty = analyst.post(URL, {"action": "create", "new-name": ""})
    assert "Give the theme a name." in empty.content.decode()


def _detail(theme):
    return f"/inquiries/anyshire/themes/{theme.pk}/"


def test_theme_page_says_why_a_finding_cannot_be_a_key_quote(analyst, demo):
    theme = Theme.objects.get(inquiry=demo, name="Leaving hospital safely")
    count_only = theme.findings.filter(consent="count_only").first()
    html = analyst.get(_detail(theme)).content.decode()
    assert "Cannot be a key quote: The person asked us only to count" in html
    response = analyst.post(
        _detail(theme), {"action": "key_quote", "finding": count_only.pk}
    )
    assert response.status_code == 400
    assert "cannot be a key quote" in response.content.decode()
    assert not FindingTheme.objects.get(theme=theme, finding=count_only).is_key_quote


def test_theme_page_marks_renames_links_and_merges(analyst, demo):
    theme = Theme.objects.get(inquiry=demo, name="Breaks for unpaid carers")
    finding = theme.findings.filter(consent="anonymous", state="published").first()
    analyst.post(_detail(theme), {"action": "key_quote", "finding": finding.pk})
    assert FindingTheme.objects.get(theme=theme, finding=finding).is_key_quote
    analyst.post(
        _detail(theme),
        {
            "action": "rename",
            "rename-name": "Carers need breaks",
            "rename-easy_read_name": "",
        },
    )
    theme.refresh_from_db()
    assert theme.name == "Carers need breaks"
    change = Change.objects.get(inquiry=demo, number=3)
    analyst.post(_detail(theme), {"action": "changes", "changes-changes": [change.pk]})
    assert list(theme.changes.all()) == [change]
    into = Theme.objects.get(inquiry=demo, name="Leaving hospital safely")
    before = set(theme.findings.all()) | set(into.findings.all())
    response = analyst.post(_detail(theme), {"action": "merge", "merge-into": into.pk})
    assert response["Location"] == _detail(into)
    assert set(into.findings.all()) == before
    assert change in into.changes.all()


def test_theme_of_another_inquiry_is_404(analyst, demo):
    from tests.factories import InquiryFactory

    other = services.create_theme(inquiry=InquiryFactory(), name="X", by=None)
    assert analyst.get(_detail(other)).status_code == 404


SUGGESTIONS = "/inquiries/anyshire/themes/suggestions/"


def test_start_a_run_then_accept_a_group(
    analyst, demo, demo_users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst.post(SUGGESTIONS, {"action": "start"})
    assert response.status_code == 302
    run = SuggestionRun.objects.get(inquiry=demo)
    assert run.status == "done"
    assert run.progress == 100
    html = analyst.get(SUGGESTIONS).content.decode()
    assert "Top words:" in html
    group = run.groups.first()
    assert f'value="{group.label}"' in html  # the name is prefilled
    assert not FindingTheme.objects.filter(finding_id__in=group.finding_ids).exists()
    analyst.post(
        SUGGESTIONS,
        {"action": "accept", "group": group.pk, f"g{group.pk}-name": "From a group"},
    )
    theme = Theme.objects.get(inquiry=demo, name="From a group")
    assert theme.created_by == demo_users[Role.FACILITATOR]
    assert set(theme.findings.values_list("pk", flat=True)) == set(group.finding_ids)
    status = analyst.get(SUGGESTIONS, {"format": "json"}).json()
    assert status == {
        "status": "done",
        "label": "Done",
        "progress": 100,
        "message": run.message,
        "active": False,
    }


def test_accepting_without_a_name_keeps_the_group_open(
    analyst, demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        analyst.post(SUGGESTIONS, {"action": "start"})
    group = SuggestionRun.objects.get(inquiry=demo).groups.first()
    response = analyst.post(
        SUGGESTIONS, {"action": "accept", "group": group.pk, f"g{group.pk}-name": ""}
    )
    assert response.status_code == 400
    assert "Give the theme a name." in response.content.decode()
    group.refresh_from_db()
    assert group.is_open


def test_a_running_run_shows_progress_and_a_refresh_link(analyst, demo):
    SuggestionRun.objects.create(
        inquiry=demo, status="running", progress=40, message="Finding groups."
    )
    html = analyst.get(SUGGESTIONS).content.decode()
    assert 'value="40"' in html
    assert "Refresh to see how it is going" in html
    assert "Suggest groups now" not in html


def test_unknown_group_is_a_plain_message(analyst, demo):
    response = analyst.post(SUGGESTIONS, {"action": "reject", "group": "abc"})
    assert response.status_code == 302


CHANGE = "/inquiries/anyshire/changes/2/"


def test_change_page_links_themes_and_quotes(analyst, demo):
    change = Change.objects.get(inquiry=demo, number=2)
    theme = Theme.objects.get(inquiry=demo, name="Breaks for unpaid carers")
    analyst.post(CHANGE, {"action": "themes", "themes": [theme.pk]})
    assert list(change.themes.all()) == [theme]
    quotable = theme.findings.filter(consent="anonymous", state="published").first()
    analyst.post(CHANGE, {"action": "add_quote", "finding": quotable.pk})
    assert change.quotes.filter(finding=quotable).exists()
    count_only = Finding.objects.filter(
        inquiry=demo, consent="count_only", state="published"
    ).first()
    response = analyst.post(CHANGE, {"action": "add_quote", "finding": count_only.pk})
    assert response.status_code == 400
    assert "only to count" in response.content.decode()
    analyst.post(CHANGE, {"action": "remove_quote", "finding": quotable.pk})
    assert not change.quotes.filter(finding=quotable).exists()


def test_public_changes_page_keeps_quotes_and_counts_until_published(client, demo):
    html = client.get("/anyshire/changes/").content.decode()
    for change in Change.objects.filter(inquiry=demo):
        assert change.title in html  # people vote on them: always public
    assert "Community connectors found me a walking group" not in html
    assert "people said is about this" not in html
    assert "people said are about this" not in html
    assert "shown when the results are published" in html


def test_public_changes_page_shows_quotes_with_names_only_when_agreed(client, demo):
    publication.publish_results(demo, by=None)
    html = client.get("/anyshire/changes/").content.decode()
    for change in Change.objects.filter(inquiry=demo):
        assert change.title in html
        assert change.easy_read_title in html
    assert "Community connectors found me a walking group" in html
    assert "I live with two friends" in html
    named = Finding.objects.get(inquiry=demo, text__startswith="My personal assistant")
    assert named.display_name in html  # Joy agreed to her name


def test_public_changes_page_hides_quotes_that_lost_consent(client, demo):
    publication.publish_results(demo, by=None)
    change = Change.objects.get(inquiry=demo, number=2)
    quoted = change.quotes.first().finding
    Finding.objects.filter(pk=quoted.pk).update(consent="count_only")
    other = change.quotes.last().finding
    listening.raise_safeguarding_concern(finding=other, raised_by=None)
    html = client.get("/anyshire/changes/").content.decode()
    assert quoted.text not in html
    assert other.text not in html


def test_public_changes_page_in_easy_read(client_in_mode, demo):
    html = client_in_mode("easy-read").get("/anyshire/changes/").content.decode()
    assert "The changes people want" in html
    assert "Live in the place you call home" in html


def test_team_page_links_to_the_themes(analyst, demo):
    html = analyst.get("/inquiries/anyshire/team/").content.decode()
    assert 'href="/inquiries/anyshire/themes/">Group findings into themes' in html


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_theme_page_is_for_facilitators_and_admins(demo_users, demo, role):
    theme = Theme.objects.filter(inquiry=demo).first()
    client = Client()
    if role != Role.VISITOR:
        client.force_login(demo_users[role])
    response = client.get(_detail(theme))
    if role in {Role.FACILITATOR, Role.ADMIN}:
        assert response.status_code == 200
    elif role == Role.VISITOR:
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403
        post = client.post(URL, {"action": "create", "new-name": "Sneaky"})
        assert post.status_code == 403
        assert not Theme.objects.filter(name="Sneaky").exists()


SECRET = "DISCLOSURE-IN-A-THEME-MUST-NEVER-LEAK"


def test_a_finding_that_becomes_a_concern_leaves_every_make_sense_page(
    analyst, client, demo, django_capture_on_commit_callbacks
):
    """Quoted, in a theme and in a suggested group first; then marked as a
    safeguarding concern: from then on no page shows it."""
    finding = listening.record_finding(
        inquiry=demo,
        text=SECRET,
        channel="phone",
        consent="named",
        display_name=SECRET,
    )
    finding = listening.moderate_finding(finding=finding, action="publish", actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        analyst.post(SUGGESTIONS, {"action": "start"})
    run = SuggestionRun.objects.get(inquiry=demo)
    assert any(finding.pk in g.finding_ids for g in run.groups.all())
    theme = Theme.objects.filter(inquiry=demo).first()
    services.assign_findings(theme=theme, findings=[finding], by=None)
    services.mark_key_quote(theme=theme, finding=finding, by=None)
    change = Change.objects.get(inquiry=demo, number=1)
    change.themes.add(theme)
    services.add_change_quote(change=change, finding=finding, by=None)
    publication.publish_results(demo, by=None)  # quotes show once published
    assert SECRET in client.get("/anyshire/changes/").content.decode()

    listening.raise_safeguarding_concern(finding=finding, raised_by=None)

    for url in [
        URL,
        f"{URL}?q=DISCLOSURE",
        _detail(theme),
        SUGGESTIONS,
        "/inquiries/anyshire/changes/1/",
    ]:
        assert SECRET not in analyst.get(url).content.decode(), url
    assert SECRET not in client.get("/anyshire/changes/").content.decode()
