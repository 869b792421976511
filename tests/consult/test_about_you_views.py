"""'About you': answering, changing and deleting, by the client, and the
rules the service keeps whoever calls it."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from consult import about_you, services
from consult.models import AboutYou, Participant, ReferenceShare
from consult.roles import Role
from tests.factories import InquiryFactory, ParticipantFactory

URL = "/inquiries/anyshire/about-you/"
DELETE = "/inquiries/anyshire/about-you/delete/"
MY_STORIES = "/inquiries/anyshire/my-stories/"
GOOD = {
    "relationship": ["draw_on_care", "unpaid_carer"],
    "age_band": "75_plus",
    "disability": "yes",
    "ethnicity": "black_caribbean",
    "area": "Northtown",
    "took_part": ["phone_with_help"],
    "helped": "yes",
    "consent": "on",
}


def code_client(inquiry, client=None) -> Client:
    """A browser that entered a participation code."""
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Test", size=1, created_by=None
    )
    client = client or Client()
    client.post(f"/inquiries/{inquiry.slug}/code/", {"code": plain[0]})
    return client


@pytest.fixture
def demo(demo):
    """The demo without its own 'About you' answers and reference profile:
    these tests count from a clean start."""
    from consult.models import AboutYou, LocalArea, ReferenceShare

    AboutYou.objects.all().delete()
    ReferenceShare.objects.all().delete()
    LocalArea.objects.all().delete()
    return demo


@pytest.fixture
def person(demo) -> Client:
    about_you.set_local_areas(inquiry=demo, names=["Northtown", "Southvale"])
    return code_client(demo)


def checked(html: str, name: str, value: str | None = None) -> bool:
    """Whether the input for this answer is ticked on the page."""
    wanted = f' value="{value}"' if value else ""
    tag = re.search(rf'<input[^>]*name="{name}"{wanted}[^>]*>', html)
    return tag is not None and " checked" in tag.group(0)


@pytest.mark.django_db
def test_unknown_visitors_are_asked_who_they_are(demo, client):
    before = AboutYou.objects.count()
    html = client.get(URL).content.decode()
    assert "First, tell us who you are" in html
    assert client.post(URL, GOOD).status_code == 200
    assert AboutYou.objects.count() == before


@pytest.mark.django_db
def test_every_question_is_optional_with_prefer_not_to_say(person):
    html = person.get(URL).content.decode()
    for name in (
        "relationship",
        "age_band",
        "disability",
        "ethnicity",
        "area",
        "took_part",
        "helped",
    ):
        assert f'name="{name}" value="prefer_not"' in html, name
    assert html.count("(optional)") == 7
    assert "I agree you can keep these answers to count who took part" in html
    assert '<p class="choices__group">Asian or Asian British</p>' in html
    assert "Northtown" in html and "Somewhere else" in html


@pytest.mark.django_db
def test_answering_keeps_the_answers_apart_with_the_time_of_consent(person):
    response = person.post(URL, GOOD, follow=True)
    html = response.content.decode()
    assert "Your answers about you are saved" in html
    assert "Change your answers about you" in html
    saved = AboutYou.objects.get()
    assert saved.relationship == ["draw_on_care", "unpaid_carer"]
    assert saved.age_band == "75_plus"
    assert saved.ethnic_group == "black"
    assert saved.area == "Northtown"
    assert saved.took_part == ["phone_with_help"]
    assert saved.consented_at is not None
    assert saved.participant.code is not None


@pytest.mark.django_db
def test_the_page_shows_saved_answers_to_change_them(person):
    person.post(URL, GOOD)
    html = person.get(URL).content.decode()
    assert checked(html, "age_band", "75_plus")
    assert checked(html, "relationship", "unpaid_carer")
    assert not checked(html, "age_band", "18_24")
    assert 'name="consent"' in html and not checked(html, "consent")
    person.post(URL, {"age_band": "prefer_not", "consent": "on"})
    saved = AboutYou.objects.get()
    assert saved.age_band == "prefer_not"
    assert saved.relationship == []  # unticked means no answer now


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"consent": ""}, "consent", "Tick the box to agree we can keep your answers"),
        ({"age_band": "42"}, "age_band", "Choose from the answers shown."),
        (
            {"relationship": ["draw_on_care", "hacker"]},
            "relationship",
            "Choose from the answers shown.",
        ),
        (
            {"relationship": ["draw_on_care", "prefer_not"]},
            "relationship",
            "on its own, or untick it",
        ),
        (
            {"took_part": ["online", "prefer_not"]},
            "took_part",
            "on its own, or untick it",
        ),
        ({"ethnicity": "asian"}, "ethnicity", "Choose from the answers shown."),
        ({"area": "Atlantis"}, "area", "Choose from the answers shown."),
        ({"disability": "<script>"}, "disability", "Choose from the answers shown."),
    ],
)
def test_bad_input_gets_a_plain_message_next_to_the_field_and_keeps_answers(
    person, change, field, message
):
    data = {**GOOD, **change}
    response = person.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert f'id="id_{field}-error"' in html
    assert message in html
    assert "valid choice" not in html  # Django's own words name the code
    assert "<script>" not in html
    # What the person chose is still chosen (where it was a real answer).
    if field != "age_band":
        assert checked(html, "age_band", "75_plus")
    if field != "area":
        assert checked(html, "area", "Northtown")
    assert not AboutYou.objects.exists()


@pytest.mark.django_db
def test_a_post_without_consent_never_changes_saved_answers(person):
    person.post(URL, GOOD)
    person.post(URL, {**GOOD, "age_band": "18_24", "consent": ""})
    assert AboutYou.objects.get().age_band == "75_plus"


@pytest.mark.django_db
def test_the_service_keeps_nothing_without_consent(demo):
    participant = ParticipantFactory(inquiry=demo)
    with pytest.raises(about_you.NoConsent) as problem:
        about_you.record_about_you(
            participant=participant, consented=False, age_band="75_plus"
        )
    assert problem.value.field == "consent"
    assert not AboutYou.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"area": "Atlantis"}, "area"),
        ({"age_band": "42"}, "age_band"),
        ({"relationship": ["nope"]}, "relationship"),
        ({"took_part": ["online", "prefer_not"]}, "took_part"),
        ({"ethnicity": "white"}, "ethnicity"),
    ],
)
def test_the_service_rechecks_every_answer(demo, answers, field):
    participant = ParticipantFactory(inquiry=demo)
    with pytest.raises(about_you.AboutYouProblem) as problem:
        about_you.record_about_you(participant=participant, consented=True, **answers)
    assert problem.value.field == field
    assert "valid choice" not in str(problem.value)
    assert not AboutYou.objects.exists()


@pytest.mark.django_db
def test_deleting_answers_removes_the_row(person):
    person.post(URL, GOOD)
    assert "Do you want to delete" in person.get(DELETE).content.decode()
    response = person.post(DELETE, follow=True)
    html = response.content.decode()
    assert "Your answers about you are deleted" in html
    assert "Answer some questions about you" in html
    assert not AboutYou.objects.exists()
    assert "no answers about you saved" in person.get(DELETE).content.decode()


@pytest.mark.django_db
def test_nobody_sees_or_deletes_someone_elses_answers(demo, person):
    person.post(URL, GOOD)
    other = code_client(demo)
    html = other.get(URL).content.decode()
    assert not checked(html, "age_band", "75_plus")
    other.post(DELETE)
    assert AboutYou.objects.count() == 1


@pytest.mark.django_db
def test_a_signed_in_person_joins_only_when_they_save(demo, demo_users):
    about_you.set_local_areas(inquiry=demo, names=["Northtown"])
    client = Client()
    user = demo_users[Role.MODERATOR]
    client.force_login(user)
    assert client.get(URL).status_code == 200
    assert not Participant.objects.filter(inquiry=demo, user=user).exists()
    client.post(URL, GOOD)
    assert AboutYou.objects.get().participant.user == user


@pytest.mark.django_db
def test_easy_read_has_a_picture_and_short_words_for_every_question(
    demo, client_in_mode
):
    client = code_client(demo, client_in_mode("easy-read"))
    html = client.get(URL).content.decode()
    assert html.count('class="picto-row"') >= 3 + 6  # intro + each question
    assert "Did someone help you take part?" in html


@pytest.mark.django_db
def test_after_a_story_the_person_is_offered_about_you(demo):
    client = code_client(demo)
    response = client.post(
        "/inquiries/anyshire/story/",
        {"text": "My PA is great.", "consent": "anonymous"},
        follow=True,
    )
    html = response.content.decode()
    assert "tell us a little about yourself too" in html
    assert 'href="/inquiries/anyshire/about-you/"' in html


@pytest.mark.django_db
def test_local_areas_keep_their_order_and_answers_outlive_them(demo):
    about_you.set_local_areas(inquiry=demo, names=["B town", "A town", " B  town "])
    assert about_you.allowed_areas(demo) == ["B town", "A town"]
    participant = ParticipantFactory(inquiry=demo)
    about_you.record_about_you(participant=participant, consented=True, area="A town")
    about_you.set_local_areas(inquiry=demo, names=["C town"])
    assert about_you.allowed_areas(demo) == ["C town"]
    assert AboutYou.objects.get().area == "A town"


@pytest.mark.django_db
def test_reference_profile_takes_codes_or_the_words_people_see(demo):
    shares = about_you.set_reference_profile(
        inquiry=demo,
        shares=[
            about_you.ReferencePlan("age_band", "75 or over", 30, "Census 2021"),
            about_you.ReferencePlan("relationship", "draw_on_care", "12.5"),
            about_you.ReferencePlan("area", "Northtown", Decimal("40")),
        ],
    )
    assert [(s.dimension, s.category) for s in shares] == [
        ("age_band", "75_plus"),
        ("relationship", "draw_on_care"),
        ("area", "Northtown"),
    ]
    about_you.set_reference_profile(
        inquiry=demo, shares=[about_you.ReferencePlan("age_band", "75_plus", 25)]
    )
    assert ReferenceShare.objects.get(inquiry=demo).expected_percent == 25


@pytest.mark.django_db
@pytest.mark.parametrize(
    "plan",
    [
        ("age_band", "75_plus", 150),
        ("age_band", "75_plus", -1),
        ("age_band", "75_plus", "lots"),
        ("age_band", "over the hill", 10),
        ("shoe_size", "9", 10),
    ],
)
def test_reference_profile_refuses_bad_shares(demo, plan):
    with pytest.raises(ValidationError):
        about_you.set_reference_profile(
            inquiry=demo, shares=[about_you.ReferencePlan(*plan)]
        )
    assert not ReferenceShare.objects.filter(inquiry=demo).exists()


@pytest.mark.django_db
def test_the_database_refuses_a_share_over_100():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferenceShare.objects.create(
            inquiry=InquiryFactory(),
            dimension="age_band",
            category="75_plus",
            expected_percent=Decimal("100.1"),
        )


@pytest.mark.django_db
def test_one_set_of_answers_per_person():
    participant = ParticipantFactory()
    about_you.record_about_you(participant=participant, consented=True, helped="no")
    about_you.record_about_you(
        participant=participant, consented=True, helped="yes", took_part="online"
    )
    saved = AboutYou.objects.get()
    assert (saved.helped, saved.took_part) == ("yes", ["online"])
