"""Grouping findings into themes in the browser, by keyboard alone, with
axe-core on every page, and the same without JavaScript."""

import pytest

from consult.models import FindingTheme, Inquiry, Theme
from consult.sensemaking import services

FACILITATOR = "facilitator@anyshire.example"
THEME = "Support from people who know me"


@pytest.fixture
def inquiry(site) -> Inquiry:
    return Inquiry.objects.get(slug="anyshire")


def _unthemed(inquiry):
    return list(
        services.themeable_findings(inquiry)
        .filter(theme_links__isnull=True)
        .order_by("created_at", "pk")
    )


def _choose_several_and_assign(visitor, inquiry) -> list[int]:
    page = visitor.page
    visitor.visit("/inquiries/anyshire/themes/?theme=none")
    waiting = _unthemed(inquiry)
    assert len(waiting) >= 2
    chosen = [waiting[0].pk, waiting[1].pk]
    for pk in chosen:
        visitor.tab_until(lambda f, pk=pk: f["id"] == f"finding-{pk}", limit=120)
        page.keyboard.press("Space")
    visitor.tab_until(lambda f: f["id"] == "id_theme")
    page.keyboard.type(THEME[:5])  # a select chooses by typing its first letters
    visitor.tab_until(lambda f: f["text"] == "Put chosen findings in the theme")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return chosen


def test_keyboard_only_choose_several_findings_and_put_them_in_a_theme(
    visitor, inquiry
):
    visitor.sign_in(FACILITATOR)
    chosen = _choose_several_and_assign(visitor, inquiry)
    theme = Theme.objects.get(inquiry=inquiry, name=THEME)
    assert set(
        FindingTheme.objects.filter(theme=theme, finding_id__in=chosen).values_list(
            "finding_id", flat=True
        )
    ) == set(chosen)
    # Back on the same filtered list, with the result said plainly.
    assert visitor.page.url.endswith("/inquiries/anyshire/themes/?theme=none")
    assert f"2 findings put in “{THEME}”." in visitor.page.inner_text(".messages")
    visitor.check()


def test_an_error_keeps_the_choice_and_is_announced(visitor, inquiry):
    visitor.sign_in(FACILITATOR)
    page = visitor.visit("/inquiries/anyshire/themes/?theme=none")
    first = _unthemed(inquiry)[0].pk
    visitor.tab_until(lambda f: f["id"] == f"finding-{first}", limit=120)
    page.keyboard.press("Space")
    visitor.tab_until(lambda f: f["text"] == "Put chosen findings in the theme")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Choose the theme to put the findings in." in page.inner_text(
        ".error-summary"
    )
    assert page.is_checked(f"#finding-{first}")
    assert "theme=none" in page.url
    visitor.check()


def test_without_javascript_theme_pages_and_suggestions_work(
    visitor_without_js, inquiry
):
    visitor = visitor_without_js
    visitor.sign_in(FACILITATOR)
    chosen = _choose_several_and_assign(visitor, inquiry)
    assert FindingTheme.objects.filter(finding_id__in=chosen).count() == 2
    theme = Theme.objects.get(inquiry=inquiry, name=THEME)
    visitor.visit(f"/inquiries/anyshire/themes/{theme.pk}/")
    page = visitor.visit("/inquiries/anyshire/themes/suggestions/")
    page.get_by_role("button", name="Suggest groups now").click()
    page.wait_for_load_state("load")
    assert "Top words:" in page.inner_text("main")
    visitor.check()
    visitor.visit("/inquiries/anyshire/changes/2/")
    visitor.set_mode("easy-read")
    visitor.visit("/anyshire/changes/")
