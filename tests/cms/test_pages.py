"""The home page, the inquiry page and content pages, in standard and easy read."""

import pytest

from cms.models import ContentPage, HomePage


@pytest.mark.django_db
def test_home_page_shows_the_open_demo_inquiry(demo, client):
    html = client.get("/").content.decode()
    assert "Anyshire: what would make social care work for you?" in html
    assert 'href="/anyshire/"' in html
    assert "Open now" in html
    assert "Listen" in html


@pytest.mark.django_db
def test_home_page_in_easy_read_shows_the_easy_question_and_pictures(
    demo, client_in_mode
):
    html = client_in_mode("easy-read").get("/").content.decode()
    assert "What would make care and support good for you?" in html
    assert "Tell us what works for you. Tell us what does not work." in html
    assert html.count('class="picto-row"') >= 3


@pytest.mark.django_db
def test_inquiry_page_shows_question_vision_phases_changes_and_money(demo, client):
    html = client.get("/anyshire/").content.decode()
    assert "What would make social care work for you?" in html
    assert "We all want to live in the place we call home" in html
    assert "Social Care Future" in html
    for phase in ["Listen", "Make sense", "Prioritise", "Decide money together"]:
        assert phase in html
    assert html.count("Open now") >= 2  # banner and the tag on Listen
    for change in [
        "Communities where everyone belongs",
        "Living in the place we call home",
        "Leading the lives we want to live",
        "More resources, better used",
        "Sharing power as equals",
    ]:
        assert change in html
    assert (
        '<a href="/anyshire/changes/">See each change with the themes and words '
        "behind it</a>" in html
    )
    assert "£150,000,000" in html
    assert "Illustrative" in html
    assert "<caption" in html


@pytest.mark.django_db
def test_inquiry_page_in_easy_read_is_short_sentences_with_pictures(
    demo, client_in_mode
):
    html = client_in_mode("easy-read").get("/anyshire/").content.decode()
    assert "<h1>What would make care and support good for you?</h1>" in html
    assert "Everyone belongs in their community" in html
    assert (
        '<a href="/anyshire/changes/">Read what people said about each change</a>'
        in html
    )
    assert "about £150 million" not in html  # exact figures stay plain
    assert "£150 million" in html
    main = html.split('<main id="main-content"')[1].split("</main>")[0]
    assert "%" not in main
    # Every easy-read point has a picture with alt text.
    assert html.count('class="picto-row"') == html.count(
        'class="picto-row__picture"><img'
    )
    assert 'alt=""' not in main


@pytest.mark.django_db
def test_phase_dates_are_written_plainly(demo, client):
    phase = demo.phase("listen")
    html = client.get("/anyshire/").content.decode()
    assert phase.opens_on.strftime("%A") in html
    assert f"{phase.opens_on.day} {phase.opens_on.strftime('%B %Y')}" in html


@pytest.mark.django_db
def test_content_page_shows_the_easy_read_version_in_easy_read_mode(
    demo, client, client_in_mode
):
    standard = client.get("/accessibility/").content.decode()
    easy = client_in_mode("easy-read").get("/accessibility/").content.decode()
    assert "Web Content Accessibility Guidelines" in standard
    assert "Every page has an easy read version." not in standard
    assert "Every page has an easy read version." in easy
    assert "Web Content Accessibility Guidelines" not in easy


@pytest.mark.django_db
def test_content_page_without_easy_read_falls_back_to_standard(demo, client_in_mode):
    home = HomePage.objects.get()
    page = ContentPage(
        title="Plain",
        slug="plain",
        body=[
            (
                "section",
                {
                    "heading": "Only standard",
                    "easy_read_heading": "",
                    "standard": [("paragraph", "<p>Standard words.</p>")],
                    "easy_read": [],
                },
            )
        ],
    )
    home.add_child(instance=page)
    html = client_in_mode("easy-read").get("/plain/").content.decode()
    assert "Standard words." in html


@pytest.mark.django_db
def test_navigation_and_footer_come_from_the_editors_settings(demo, client):
    html = client.get("/about/").content.decode()
    assert '<a class="site-nav__link" href="/anyshire/"' in html
    assert 'aria-current="page"' in html
    assert "Accessibility and credits" in html
    assert "Mulberry Symbols" in html


@pytest.mark.django_db
def test_search_finds_the_inquiry(demo, client):
    html = client.get("/search/", {"q": "Anyshire"}).content.decode()
    assert 'href="/anyshire/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "zzzznothing"},
        {"q": "care", "page": "abc"},
        {"q": "care", "page": "99999"},
        {"q": "x" * 10_000},
        {"q": "<script>alert(1)</script>"},
        {"q": "'; DROP TABLE wagtailcore_page; --"},
    ],
)
def test_search_never_fails_on_odd_input(demo, client, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.django_db
def test_the_skip_link_and_landmarks_are_on_every_page(demo, client):
    for url in ["/", "/anyshire/", "/about/", "/search/", "/accounts/login/"]:
        html = client.get(url).content.decode()
        assert '<html lang="en-GB"' in html
        assert 'href="#main-content" class="skip-link"' in html
        assert '<main id="main-content"' in html
        assert "<header" in html and "<footer" in html


@pytest.mark.django_db
def test_inquiry_page_shows_data_changes_at_once_despite_caching(demo, client):
    assert "Sharing power as equals" in client.get("/anyshire/").content.decode()
    change = demo.changes.get(number=5)
    change.title = "Power shared as equals"
    change.save()
    html = client.get("/anyshire/").content.decode()
    assert "Power shared as equals" in html
    area = demo.budget.areas.get(number=1)
    figure = area.figures.get()
    figure.amount = 1234567
    figure.save()
    assert "£1,234,567" in client.get("/anyshire/").content.decode()


@pytest.mark.django_db
def test_inquiry_page_caches_each_display_mode_separately(demo, client_in_mode):
    standard = client_in_mode("standard").get("/anyshire/").content.decode()
    easy = client_in_mode("easy-read").get("/anyshire/").content.decode()
    assert "How the inquiry works" in standard
    assert "What happens and when" in easy
    assert "How the inquiry works" not in easy


@pytest.mark.django_db
def test_cached_inquiry_page_reads_no_inquiry_data(demo, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/anyshire/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/anyshire/")
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "consult_change" not in tables
    assert "consult_spendfigure" not in tables
