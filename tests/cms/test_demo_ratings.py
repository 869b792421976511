"""The demo's ratings: answers shown on some commitments, hidden on others,
one comment published and one waiting for a moderator."""

import pytest
from django.test import Client

from consult.commitments.rating_selectors import board_for
from consult.models import Commitment, ModerationState, UpdateRating

pytestmark = pytest.mark.django_db


def _shown(title: str):
    commitment = Commitment.objects.get(title=title)
    return commitment, board_for(commitment_ids=[commitment.pk]).commitment(
        commitment.pk
    )


def test_the_demo_shows_answers_on_some_commitments_and_hides_others(demo) -> None:
    _, shown = _shown("Shared Lives for people leaving hospital")
    assert (shown.people_display, [c.display for c in shown.cells]) == (
        "22",
        ["9", "6", "7"],
    )
    _, shown = _shown("A community micro-enterprise in every village")
    assert shown.people_display == "6 or more"
    assert [c.display for c in shown.cells] == ["6", "fewer than 5", "fewer than 5"]
    _, shown = _shown("Check every easy-read letter the council sends")
    assert shown.few
    _, shown = _shown("A new 60-bed care home in Eastbridge")
    assert shown.nobody


def test_the_demo_has_a_published_and_a_pending_comment(demo) -> None:
    comments = UpdateRating.objects.exclude(comment="")
    assert sorted(comments.values_list("comment_state", flat=True)) == [
        ModerationState.PENDING,
        ModerationState.PUBLISHED,
    ]
    shared_lives, _ = _shown("Shared Lives for people leaving hospital")
    page = Client().get(
        f"/organisations/anyshire-council/commitments/{shared_lives.pk}/"
    )
    assert "My dad stayed with a Shared Lives carer" in page.content.decode()
    assert "Oakford" not in page.content.decode()


def test_the_tracker_shows_the_group_view_per_change(demo) -> None:
    page = Client().get("/anyshire/you-said-we-did/").content.decode()
    assert page.count("The inquiry group's view") >= 5
    assert "22 people)" in page  # the Shared Lives row
