"""Telling your story online, changing it and taking it back, by the client."""

import pytest
from django.test import Client

from consult import services
from consult.models import Finding, ModerationState


@pytest.fixture
def code_client(demo) -> Client:
    """A browser that entered a participation code."""
    _, plain = services.create_code_batch(
        inquiry=demo, label="Test", size=1, created_by=None
    )
    client = Client()
    client.post("/inquiries/anyshire/code/", {"code": plain[0]})
    return client


STORY = "/inquiries/anyshire/story/"


@pytest.mark.django_db
def test_unknown_visitors_are_asked_for_a_code_or_to_sign_in(demo, client):
    html = client.get(STORY).content.decode()
    assert "First, tell us who you are" in html
    assert "/inquiries/anyshire/code/" in html


@pytest.mark.django_db
def test_telling_a_story_with_a_code(demo, code_client):
    area = demo.budget.areas.get(number=1)
    response = code_client.post(
        STORY,
        {"text": "My PA is great.", "consent": "anonymous", "areas": [area.pk]},
        follow=True,
    )
    assert "We got your story" in response.content.decode()
    finding = Finding.objects.latest("pk")
    assert finding.channel == "online"
    assert finding.state == ModerationState.PENDING
    assert list(finding.areas.all()) == [area]
    assert finding.participant.code is not None
    assert (
        "My PA is great."
        in code_client.get("/inquiries/anyshire/my-stories/").content.decode()
    )


@pytest.mark.django_db
def test_a_signed_in_person_becomes_a_participant_on_their_first_story(
    demo, demo_users
):
    from consult.roles import Role

    client = Client()
    client.force_login(demo_users[Role.MODERATOR])
    client.post(STORY, {"text": "Hello", "consent": "count_only"})
    assert Finding.objects.latest("pk").participant.user == demo_users[Role.MODERATOR]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message", "kept"),
    [
        ({"text": "", "consent": "anonymous"}, "Tell us something before", None),
        ({"text": "   ", "consent": "anonymous"}, "Tell us something before", None),
        ({"text": "x" * 5001, "consent": "anonymous"}, "under 5,000 characters", None),
        ({"text": "Kept words"}, "Choose if we can use your words.", "Kept words"),
        (
            {"text": "Named words", "consent": "named", "display_name": ""},
            "Tell us the name to show",
            "Named words",
        ),
        ({"text": "x", "consent": "everyone"}, "Select a valid choice", None),
        (
            {"text": "x", "consent": "anonymous", "areas": ["999999"]},
            "valid choice",
            None,
        ),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field_and_keeps_the_words(
    demo, code_client, data, message, kept
):
    before = Finding.objects.count()
    response = code_client.post(STORY, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "There is a problem" in html
    if kept:
        assert kept in html
    assert Finding.objects.count() == before


@pytest.mark.django_db
def test_html_in_a_story_is_shown_as_text(demo, code_client):
    code_client.post(
        STORY, {"text": "<script>alert(1)</script>", "consent": "anonymous"}
    )
    html = code_client.get("/inquiries/anyshire/my-stories/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_stories_are_closed_outside_the_listen_phase(demo, code_client):
    phase = demo.phase("listen")
    phase.closes_on = phase.opens_on
    phase.save()
    html = code_client.get(STORY).content.decode()
    assert "We are not collecting stories now" in html


@pytest.mark.django_db
def test_changing_and_taking_back_a_story(demo, code_client):
    code_client.post(STORY, {"text": "First words", "consent": "anonymous"})
    finding = Finding.objects.latest("pk")
    change = f"/inquiries/anyshire/story/{finding.pk}/change/"
    assert "First words" in code_client.get(change).content.decode()
    code_client.post(change, {"text": "Better words", "consent": "anonymous"})
    finding.refresh_from_db()
    assert finding.text == "Better words"
    withdraw = f"/inquiries/anyshire/story/{finding.pk}/withdraw/"
    assert (
        "Do you want to take this back?" in code_client.get(withdraw).content.decode()
    )
    code_client.post(withdraw)
    finding.refresh_from_db()
    assert finding.withdrawn_at is not None
    assert (
        "Better words"
        not in code_client.get("/inquiries/anyshire/my-stories/").content.decode()
    )


@pytest.mark.django_db
def test_nobody_can_change_someone_elses_story(demo, code_client):
    code_client.post(STORY, {"text": "Mine", "consent": "anonymous"})
    finding = Finding.objects.latest("pk")
    _, plain = services.create_code_batch(
        inquiry=demo, label="Other", size=1, created_by=None
    )
    other = Client()
    other.post("/inquiries/anyshire/code/", {"code": plain[0]})
    for url in (
        f"/inquiries/anyshire/story/{finding.pk}/change/",
        f"/inquiries/anyshire/story/{finding.pk}/withdraw/",
    ):
        assert other.get(url).status_code == 404
        assert (
            other.post(url, {"text": "Hacked", "consent": "anonymous"}).status_code
            == 404
        )
    finding.refresh_from_db()
    assert finding.text == "Mine" and finding.withdrawn_at is None
