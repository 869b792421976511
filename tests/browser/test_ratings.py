"""A participant with a code says whether a progress update is what they
asked for, with the keyboard alone, in standard and easy read (a mistake
first). axe-core checks every page visited."""

from __future__ import annotations

import pytest

from consult import services
from consult.models import Commitment, Inquiry, ModerationState, UpdateRating

TITLE = "Shared Lives for people leaving hospital"


def _press(visitor, predicate) -> None:
    visitor.tab_until(predicate, limit=200)
    with visitor.page.expect_navigation():
        visitor.page.keyboard.press("Enter")
    visitor.check()


@pytest.mark.parametrize("mode", ["standard", "easy-read"])
def test_a_participant_rates_an_update_by_keyboard(visitor, mode) -> None:
    inquiry = Inquiry.objects.get(slug="anyshire")
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Browser", size=1, created_by=None
    )
    commitment = Commitment.objects.get(title=TITLE)
    update = commitment.updates.order_by("-dated", "-pk").first()
    visitor.set_mode(mode)
    page = visitor.visit(
        f"/organisations/anyshire-council/commitments/{commitment.pk}/"
    )
    rate_path = f"/commitments/{commitment.pk}/updates/{update.pk}/rate/"
    _press(visitor, lambda f: f["tag"] == "A" and (f["href"] or "").endswith(rate_path))
    # Not known yet: type the code from the card, and come back.
    _press(visitor, lambda f: f["tag"] == "A" and "Type the code" in f["text"])
    visitor.tab_until(lambda f: f["id"] == "id_code")
    page.keyboard.type(plain[0])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert page.url.endswith(rate_path)

    # A mistake first: send with no answer.
    _press(visitor, lambda f: f["tag"] == "BUTTON" and f["text"] == "Send my rating")
    assert "error-summary" in visitor.focused()["cls"]
    assert "Choose yes, partly or no." in page.inner_text("#id_value-error")

    visitor.tab_until(lambda f: f["id"] == "id_value_0")
    page.keyboard.press("Space")  # yes
    page.keyboard.press("ArrowDown")  # partly
    assert page.is_checked("#id_value_1")
    visitor.tab_until(lambda f: f["id"] == "id_comment")
    page.keyboard.type("Good, but only 2 people so far.")
    _press(visitor, lambda f: f["tag"] == "BUTTON" and f["text"] == "Send my rating")

    assert f"/commitments/{commitment.pk}/" in page.url
    assert "Your rating is saved" in page.inner_text(".messages")
    rating = UpdateRating.objects.filter(update=update).order_by("-pk").first()
    assert (rating.value, rating.comment, rating.comment_state) == (
        "partly",
        "Good, but only 2 people so far.",
        ModerationState.PENDING,
    )
    # The comment waits for a moderator: it is not on the public page.
    assert "only 2 people so far" not in page.inner_text("main")
    heading = (
        "Is this what people asked for?"
        if mode == "easy-read"
        else ("The inquiry group's view")
    )
    assert heading in page.inner_text("main")
