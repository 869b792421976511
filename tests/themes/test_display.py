"""Display modes: the switch, the cookie, and what pages do with it."""

import pytest

from themes.display import COOKIE_NAME, MODES, mode_for_key


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("easy-read", "easy-read"),
        ("EASY-READ", "easy-read"),
        (" large-text ", "large-text"),
        ("high-contrast", "high-contrast"),
        ("standard", "standard"),
        ("", "standard"),
        (None, "standard"),
        ("<script>", "standard"),
        ("x" * 5000, "standard"),
    ],
)
def test_mode_for_key_falls_back_to_standard(value, expected):
    assert mode_for_key(value).key == expected


def test_there_are_four_modes():
    assert [m.key for m in MODES] == [
        "standard",
        "easy-read",
        "large-text",
        "high-contrast",
    ]


def test_switching_mode_sets_a_lasting_cookie_and_goes_back(client, db):
    response = client.get("/display/easy-read/", {"next": "/anyshire/?a=1"})
    assert response.status_code == 302
    assert response["Location"] == "/anyshire/?a=1"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "easy-read"
    assert int(cookie["max-age"]) > 300 * 24 * 3600
    assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_switching_mode_never_redirects_off_site(client, db, target):
    response = client.get("/display/large-text/", {"next": target})
    assert response["Location"] == "/"


def test_unknown_mode_is_a_friendly_404(client, db):
    response = client.get("/display/purple/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_switching_mode_refuses_post(client, db):
    response = client.post("/display/easy-read/")
    assert response.status_code == 405
    assert b"This page cannot do that" in response.content


@pytest.mark.parametrize("mode", [m.key for m in MODES])
def test_every_page_marks_its_mode_and_offers_the_switch(demo, client_in_mode, mode):
    response = client_in_mode(mode).get("/anyshire/")
    html = response.content.decode()
    assert f'class="mode-{mode}"' in html
    for other in MODES:
        assert f"/display/{other.key}/?next=%2Fanyshire%2F" in html
    assert html.count('aria-current="true"') == 1


def test_garbage_cookie_shows_standard_mode(demo, client_in_mode):
    response = client_in_mode('"; DROP TABLE x; --').get("/")
    assert response.status_code == 200
    assert 'class="mode-standard"' in response.content.decode()
