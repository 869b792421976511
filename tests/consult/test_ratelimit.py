"""Public forms are limited per address, account and participant
(consult/ratelimit.py), with a friendly page that keeps what was typed."""

import pytest
from django.test import Client, RequestFactory

from consult import ratelimit, services
from consult.models import Finding
from consult.roles import Role

STORY = "/inquiries/anyshire/story/"
LIMITS = {
    "story": (2, 600),
    "code_entry": (1, 600),
    "vote": (2, 600),
    "rating": (2, 600),
    "about_you": (2, 600),
    "follow": (2, 600),
}


@pytest.fixture
def low_limits(settings):
    settings.FORM_RATE_LIMITS = LIMITS


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def story(text: str) -> dict[str, str]:
    return {"text": text, "consent": "count_only"}


@pytest.mark.django_db
def test_too_many_stories_from_one_account_get_a_friendly_429(
    demo, demo_users, low_limits
):
    client = signed_in(demo_users[Role.PARTICIPANT])
    for number in range(2):
        assert client.post(STORY, story(f"Story {number}")).status_code == 302
    before = Finding.objects.count()
    response = client.post(STORY, story("My third story, <b>kept</b>"))
    assert response.status_code == 429
    assert Finding.objects.count() == before
    html = response.content.decode()
    assert "Please wait a few minutes" in html
    assert "Nothing you wrote is lost" in html
    # What they typed comes back, escaped, ready to send again to the same form.
    assert 'value="My third story, &lt;b&gt;kept&lt;/b&gt;"' in html
    assert f'action="{STORY}"' in html
    assert response["Retry-After"] == "600"


@pytest.mark.django_db
def test_reading_a_form_is_never_limited(demo, demo_users, low_limits):
    client = signed_in(demo_users[Role.PARTICIPANT])
    for _ in range(20):
        assert client.get(STORY).status_code == 200


@pytest.mark.django_db
def test_people_sharing_one_address_each_get_their_own_limit(
    demo, demo_users, low_limits
):
    # A session in a hall: everyone is behind the same wifi address.
    for role in [Role.PARTICIPANT, Role.MODERATOR, Role.FACILITATOR]:
        client = signed_in(demo_users[role])
        for number in range(2):
            response = client.post(STORY, story(f"{role} {number}"))
            assert response.status_code == 302, role


@pytest.mark.django_db
def test_one_address_has_a_ceiling_however_many_accounts_it_uses(
    demo, demo_users, low_limits
):
    limit = LIMITS["story"][0] * ratelimit.SHARED_ADDRESS_FACTOR
    statuses = []
    for role in [*Role][1:]:  # seven accounts, two posts each: 14 > 10
        client = signed_in(demo_users[role])
        statuses += [client.post(STORY, story("x")).status_code for _ in range(2)]
    assert statuses[:limit].count(429) == 0
    assert set(statuses[limit:]) == {429}


@pytest.mark.django_db
def test_a_participant_by_code_is_limited_on_any_address(demo, low_limits):
    _, plain = services.create_code_batch(
        inquiry=demo, label="Test", size=1, created_by=None
    )
    client = Client(REMOTE_ADDR="10.0.0.1")
    client.post("/inquiries/anyshire/code/", {"code": plain[0]})
    statuses = []
    for address in ["10.0.0.2", "10.0.0.3", "10.0.0.4"]:
        client.defaults["REMOTE_ADDR"] = address
        statuses.append(client.post(STORY, story("from a new address")).status_code)
    assert statuses == [302, 302, 429]


def code_holders(inquiry, how_many: int, address: str) -> list[Client]:
    """Browsers that each entered their own card's code (on addresses of
    their own, so code entry's limit stays out of the way), then moved to
    `address`."""
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Room", size=how_many, created_by=None
    )
    clients = []
    for number, code in enumerate(plain):
        client = Client(REMOTE_ADDR=f"10.1.{number // 200}.{number % 200 + 1}")
        assert (
            client.post("/inquiries/anyshire/code/", {"code": code}).status_code == 302
        )
        client.defaults["REMOTE_ADDR"] = address
        clients.append(client)
    return clients


@pytest.mark.django_db
def test_a_room_voting_on_one_wifi_is_not_turned_away(demo, low_limits, monkeypatch):
    # Votes replace the person's own ballot, so a room of code holders on one
    # address gets ROOM_ADDRESS_FACTOR times the limit, not the 5x that
    # stories get. Made small here so the test can reach the ceiling.
    monkeypatch.setattr(ratelimit, "ROOM_ADDRESS_FACTOR", 8)
    shared = LIMITS["vote"][0] * ratelimit.SHARED_ADDRESS_FACTOR  # 10
    room = LIMITS["vote"][0] * 8  # 16
    statuses = [
        client.post("/inquiries/anyshire/priorities/", {}).status_code
        for client in code_holders(demo, 9, "192.0.2.1")
        for _ in range(2)  # 9 people x 2 posts = 18 posts
    ]
    assert shared < room < len(statuses)
    assert statuses[:room].count(429) == 0
    assert set(statuses[room:]) == {429}


@pytest.mark.django_db
def test_a_room_on_one_wifi_still_shares_the_story_ceiling(demo, low_limits):
    # Each story adds work for the moderators, so many people on one address
    # still share 5x the limit there.
    limit = LIMITS["story"][0] * ratelimit.SHARED_ADDRESS_FACTOR
    statuses = [
        client.post(STORY, story("From the room")).status_code
        for client in code_holders(demo, 6, "192.0.2.2")
        for _ in range(2)
    ]
    assert statuses[:limit].count(429) == 0
    assert set(statuses[limit:]) == {429}


def test_the_address_allowance_by_scope_and_by_who_is_asking():
    room, shared = ratelimit.ROOM_ADDRESS_FACTOR, ratelimit.SHARED_ADDRESS_FACTOR
    assert ratelimit.address_allowance("vote", 60, True) == 60 * room
    assert ratelimit.address_allowance("rating", 30, True) == 30 * room
    assert ratelimit.address_allowance("about_you", 30, True) == 30 * room
    assert ratelimit.address_allowance("vote", 60, False) == 60 * shared
    assert ratelimit.address_allowance("story", 20, True) == 20 * shared
    assert ratelimit.address_allowance("code_entry", 200, False) == 200 * shared


def test_a_room_of_a_thousand_fits_the_real_limits(settings):
    # The room burst: 1,000 people with cards on one wifi type their codes
    # and vote within 10 minutes.
    limit, window = settings.FORM_RATE_LIMITS["code_entry"]
    assert window == 600
    assert ratelimit.address_allowance("code_entry", limit, False) >= 1000
    limit, window = settings.FORM_RATE_LIMITS["vote"]
    assert window == 600
    assert ratelimit.address_allowance("vote", limit, True) >= 2 * 1000


@pytest.mark.django_db
def test_code_entry_is_limited_before_the_code_is_even_checked(demo, low_limits):
    client = Client()
    limit = LIMITS["code_entry"][0] * ratelimit.SHARED_ADDRESS_FACTOR
    for _ in range(limit):
        assert client.post("/inquiries/anyshire/code/", {"code": "x"}).status_code in {
            200,
            429,  # the wrong-code lockout may come first; both are limits
        }
    response = client.post("/inquiries/anyshire/code/", {"code": "ACEF-3479"})
    assert response.status_code == 429
    assert 'value="ACEF-3479"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/inquiries/anyshire/priorities/",
        "/inquiries/anyshire/budget/split/",
        "/inquiries/anyshire/about-you/",
        "/organisations/anyshire-council/follow/",
    ],
)
def test_votes_about_you_and_follows_are_limited_too(demo, low_limits, url):
    client = Client()
    limit = 2 * ratelimit.SHARED_ADDRESS_FACTOR
    for _ in range(limit):
        assert client.post(url, {}).status_code != 429
    assert client.post(url, {}).status_code == 429


def test_passwords_and_the_csrf_token_are_never_sent_back():
    request = RequestFactory().post(
        "/x/",
        {"csrfmiddlewaretoken": "t", "password": "p", "text": "hello", "areas": [1, 2]},
    )
    assert ratelimit.kept_fields(request) == [
        ("text", "hello"),
        ("areas", "1"),
        ("areas", "2"),
    ]


def test_a_view_cannot_name_a_limit_that_does_not_exist():
    with pytest.raises(KeyError):
        ratelimit.rate_limit("nothing")
