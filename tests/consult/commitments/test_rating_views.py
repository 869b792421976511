"""Rating a progress update: who can, one rating per person, bad input
(unknown answers, after the inquiry group closed, double submits) and the
moderated comment; the added-up view on the public pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from consult import services
from consult.commitments import rating_services
from consult.models import ModerationState, PhaseKind, UpdateRating
from consult.models.inquiries import today
from consult.roles import GROUP_FOR_ROLE, Role
from tests.factories import (
    OrganisationFactory,
    ParticipantFactory,
    PhaseFactory,
    UserFactory,
)
from themes.display import COOKIE_NAME

from .factories import CommitmentFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def update():
    commitment = CommitmentFactory(
        organisation=OrganisationFactory(name="Testshire Council", slug="testshire")
    )
    return ProgressUpdateFactory(commitment=commitment, text="We opened 2 hubs.")


@pytest.fixture
def inquiry(update):
    return update.commitment.inquiry


def rate_url(update) -> str:
    return f"{page_url(update)}updates/{update.pk}/rate/"


def page_url(update) -> str:
    c = update.commitment
    return f"/organisations/{c.organisation.slug}/commitments/{c.pk}/"


def code_client(inquiry) -> tuple[Client, object]:
    """A browser that typed a participation code, and that participant."""
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Test", size=1, created_by=None
    )
    client = Client()
    response = client.post(f"/inquiries/{inquiry.slug}/code/", {"code": plain[0]})
    assert response.status_code == 302
    participant = inquiry.participants.order_by("-pk").first()
    return client, participant


def test_a_visitor_is_asked_who_they_are(update) -> None:
    response = Client().get(rate_url(update))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Type the code from your card" in page
    assert f"/code/?next={rate_url(update)}" in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_form_shows_faces_and_words(update, inquiry) -> None:
    client, _ = code_client(inquiry)
    page = client.get(rate_url(update)).content.decode()
    assert "Is this what we asked for?" in page
    assert page.count('class="rate-face"') == 3
    for words in ("Yes", "Partly", "No"):
        assert f"<span>{words}</span>" in page
    assert "We opened 2 hubs." in page


def test_easy_read_says_each_answer_in_a_sentence(update, inquiry) -> None:
    client, _ = code_client(inquiry)
    client.cookies[COOKIE_NAME] = "easy-read"
    page = client.get(rate_url(update)).content.decode()
    assert "No. This is not what we asked for." in page


def test_a_participant_with_a_code_rates_an_update(update, inquiry) -> None:
    client, participant = code_client(inquiry)
    response = client.post(rate_url(update), {"value": "partly", "comment": ""})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#update-{update.pk}-title")
    rating = UpdateRating.objects.get(update=update)
    assert (rating.participant, rating.value) == (participant, "partly")
    page = client.get(response["Location"]).content.decode()
    assert "Your rating is saved" in page


def test_a_signed_in_person_joins_the_inquiry_when_they_rate(update, inquiry) -> None:
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert client.post(rate_url(update), {"value": "yes"}).status_code == 302
    assert inquiry.participants.filter(user=user).exists()
    assert UpdateRating.objects.get(update=update).participant.user == user


@pytest.mark.parametrize("bad", ["maybe", "", "YES", "1"])
def test_an_unknown_answer_is_an_error_next_to_the_field(update, inquiry, bad) -> None:
    client, _ = code_client(inquiry)
    response = client.post(rate_url(update), {"value": bad, "comment": "Kept words"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_value-error"' in page
    assert "Choose yes, partly or no." in page
    assert "Kept words" in page  # nothing typed is lost
    assert not UpdateRating.objects.exists()


def test_a_long_comment_is_refused_keeping_the_answer(update, inquiry) -> None:
    client, _ = code_client(inquiry)
    response = client.post(rate_url(update), {"value": "no", "comment": "x" * 1001})
    page = response.content.decode()
    assert response.status_code == 400
    assert "1,000 characters or fewer" in page
    assert re.search(r'<input[^>]*value="no"[^>]*checked', page)
    assert not re.search(r'<input[^>]*value="yes"[^>]*checked', page)
    assert not UpdateRating.objects.exists()


def test_a_rating_after_the_group_closed_is_refused_keeping_the_choice(
    update, inquiry
) -> None:
    client, _ = code_client(inquiry)
    assert client.post(rate_url(update), {"value": "yes"}).status_code == 302
    PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.COMMIT,
        opens_on=today() - dt.timedelta(days=30),
        closes_on=today() - dt.timedelta(days=1),
    )
    response = client.post(rate_url(update), {"value": "no", "comment": "Too late?"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The inquiry group closed on" in page
    assert 'id="id_value-error"' in page
    assert "Too late?" in page
    assert re.search(r'<input[^>]*value="no"[^>]*checked', page)  # still chosen
    assert UpdateRating.objects.get().value == "yes"  # unchanged
    # The page says so before anyone tries, and the link to rate goes.
    assert (
        "The inquiry group has closed" in client.get(rate_url(update)).content.decode()
    )
    assert "Rate this update" not in client.get(page_url(update)).content.decode()


def test_the_group_stays_open_before_and_during_the_commit_phase(inquiry) -> None:
    assert rating_services.is_group_open(inquiry)  # no Commit phase at all
    phase = PhaseFactory(
        inquiry=inquiry,
        kind=PhaseKind.COMMIT,
        opens_on=today() + dt.timedelta(days=5),
        closes_on=today() + dt.timedelta(days=50),
    )
    assert rating_services.is_group_open(inquiry)
    assert rating_services.is_group_open(inquiry, today() + dt.timedelta(days=50))
    assert not rating_services.is_group_open(inquiry, today() + dt.timedelta(days=51))
    phase.closes_on = None
    phase.save()
    inquiry.refresh_from_db()
    assert rating_services.is_group_open(inquiry, today() + dt.timedelta(days=999))


def test_a_double_submit_leaves_one_rating_with_the_last_answer(
    update, inquiry
) -> None:
    client, _ = code_client(inquiry)
    assert client.post(rate_url(update), {"value": "yes"}).status_code == 302
    assert client.post(rate_url(update), {"value": "yes"}).status_code == 302
    assert client.post(rate_url(update), {"value": "no"}).status_code == 302
    assert UpdateRating.objects.get().value == "no"
    page = client.get(rate_url(update)).content.decode()
    assert "You rated this update before: <strong>No</strong>" in page


def test_the_database_keeps_one_rating_per_person_per_update(update, inquiry) -> None:
    participant = ParticipantFactory(inquiry=inquiry)
    UpdateRating.objects.create(update=update, participant=participant, value="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        UpdateRating.objects.create(update=update, participant=participant, value="no")


def test_the_database_refuses_an_unknown_value(update, inquiry) -> None:
    participant = ParticipantFactory(inquiry=inquiry)
    with pytest.raises(IntegrityError), transaction.atomic():
        UpdateRating.objects.create(
            update=update, participant=participant, value="maybe"
        )


def test_someone_from_another_inquiry_cannot_rate(update) -> None:
    stranger = ParticipantFactory()
    with pytest.raises(rating_services.RatingProblem, match="taking part"):
        rating_services.rate_update(update=update, participant=stranger, value="yes")


def test_the_organisations_own_editor_cannot_rate_its_updates(update, inquiry) -> None:
    editor = UserFactory()
    services.add_organisation_editor(
        organisation=update.commitment.organisation, user=editor
    )
    client = Client()
    client.force_login(editor)
    response = client.post(rate_url(update), {"value": "yes"})
    assert response.status_code == 400
    assert "You edit for Testshire Council" in response.content.decode()
    assert not UpdateRating.objects.exists()
    assert not inquiry.participants.filter(user=editor).exists()  # did not join


def test_a_comment_waits_for_a_moderator(update, inquiry) -> None:
    client, _ = code_client(inquiry)
    response = client.post(
        rate_url(update), {"value": "partly", "comment": "Only 2 hubs, not 5."}
    )
    assert (
        "A moderator reads your comment"
        in client.get(response["Location"]).content.decode()
    )
    public = Client().get(page_url(update)).content.decode()
    assert "Only 2 hubs, not 5." not in public

    moderator = UserFactory(groups=[GROUP_FOR_ROLE[Role.MODERATOR]])
    staff = Client()
    staff.force_login(moderator)
    queue = f"/inquiries/{inquiry.slug}/moderation/rating-comments/"
    assert "Only 2 hubs, not 5." in staff.get(queue).content.decode()
    rating = UpdateRating.objects.get()
    staff.post(queue, {"rating": rating.pk, "action": "publish"})
    rating.refresh_from_db()
    assert rating.comment_state == ModerationState.PUBLISHED
    assert rating.comment_moderated_by == moderator
    public = Client().get(page_url(update)).content.decode()
    assert "Only 2 hubs, not 5." in public

    # Changing the comment sends it back to be checked; the answer alone does not.
    client.post(rate_url(update), {"value": "no", "comment": "Only 2 hubs, not 5."})
    rating.refresh_from_db()
    assert rating.comment_state == ModerationState.PUBLISHED
    client.post(rate_url(update), {"value": "no", "comment": "Now I know more."})
    rating.refresh_from_db()
    assert rating.comment_state == ModerationState.PENDING
    assert "Now I know more." not in Client().get(page_url(update)).content.decode()


def test_bad_moderation_posts_are_plain_messages(update, inquiry) -> None:
    moderator = UserFactory(groups=[GROUP_FOR_ROLE[Role.MODERATOR]])
    staff = Client()
    staff.force_login(moderator)
    queue = f"/inquiries/{inquiry.slug}/moderation/rating-comments/"
    for data in ({"rating": "x"}, {"rating": "999999", "action": "publish"}, {}):
        response = staff.post(queue, data, follow=True)
        assert response.status_code == 200
        assert "Choose a comment and what to do with it." in response.content.decode()


@pytest.mark.parametrize("role", [Role.VISITOR, "participant", Role.SITE_EDITOR])
def test_only_moderators_see_rating_comments(update, inquiry, role) -> None:
    client = Client()
    if role == "participant":
        client, _ = code_client(inquiry)
    elif role == Role.SITE_EDITOR:
        client.force_login(UserFactory(groups=[GROUP_FOR_ROLE[Role.SITE_EDITOR]]))
    response = client.get(f"/inquiries/{inquiry.slug}/moderation/rating-comments/")
    assert response.status_code in {302, 403}


def _ratings(update, values: list[str]) -> None:
    for value in values:
        participant = ParticipantFactory(inquiry=update.commitment.inquiry)
        rating_services.rate_update(update=update, participant=participant, value=value)


def test_the_commitment_page_shows_ratings_added_up(update) -> None:
    _ratings(update, ["yes"] * 6 + ["partly"] * 5 + ["no"] * 7)
    page = Client().get(page_url(update)).content.decode()
    assert "18 people rated its updates" in page
    assert "<strong>Yes</strong>: 6" in page
    assert "<strong>No</strong>: 7" in page


def test_the_commitment_page_hides_small_numbers(update) -> None:
    _ratings(update, ["yes"] * 6 + ["no"] * 2)
    page = Client().get(page_url(update)).content.decode()
    # 8 people: only the 6 yeses are shown, so the total is a lower bound.
    assert "6 or more people rated its updates" in page
    assert "<strong>Yes</strong>: 6" in page
    assert "<strong>No</strong>: fewer than 5" in page
    assert "Numbers under 5 are not shown" in page


def test_fewer_than_5_ratings_show_no_answer(update) -> None:
    _ratings(update, ["no"] * 4)
    page = Client().get(page_url(update)).content.decode()
    assert "Fewer than 5 people have rated its updates so far." in page
    assert "<strong>No</strong>:" not in page


def test_the_latest_update_rated_is_each_persons_view(update) -> None:
    later = ProgressUpdateFactory(
        commitment=update.commitment, dated=update.dated + dt.timedelta(days=1)
    )
    people = [ParticipantFactory(inquiry=update.commitment.inquiry) for _ in range(5)]
    for person in people:
        rating_services.rate_update(update=update, participant=person, value="no")
        rating_services.rate_update(update=later, participant=person, value="yes")
    page = Client().get(page_url(update)).content.decode()
    assert "5 or more people rated its updates" in page
    assert "<strong>Yes</strong>: 5" in page
