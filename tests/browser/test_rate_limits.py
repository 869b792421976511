"""The "please wait" page (429) in the browser: axe-clean in both display
modes, and "Send it again" after the wait sends what the person wrote."""

import pytest
from django.core.cache import cache

from consult.models import Finding

from .test_listen import sign_in_with_code

STORY_FIELD = "What works for you, and what does not?"


@pytest.fixture
def one_story_at_a_time(settings):
    limits = dict(settings.FORM_RATE_LIMITS)
    limits["story"] = (1, 600)
    settings.FORM_RATE_LIMITS = limits
    cache.clear()
    yield settings
    cache.clear()


def send_story(page, text: str) -> None:
    page.get_by_label(STORY_FIELD).fill(text)
    page.get_by_label("Use my words without my name").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my story").click()


def test_the_wait_page_keeps_the_story_and_sends_it_again(visitor, one_story_at_a_time):
    sign_in_with_code(visitor)
    page = visitor.visit("/inquiries/anyshire/story/")
    send_story(page, "The first story goes through.")
    page.wait_for_url("**/my-stories/")

    page = visitor.visit("/inquiries/anyshire/story/")
    send_story(page, "The bus to the day centre never comes on time.")
    visitor.check()
    assert page.get_by_role("heading", name="Please wait a few minutes").is_visible()
    assert "Nothing you wrote is lost" in page.content()
    assert not Finding.objects.filter(text__startswith="The bus to the day").exists()

    # Sending again too soon: the same page, in easy read now, and the words
    # are still kept.
    visitor.set_mode("easy-read")
    with page.expect_navigation():
        page.get_by_role("button", name="Send it again").click()
    visitor.check()
    assert page.locator("main .picto-row").count() == 2
    assert not Finding.objects.filter(text__startswith="The bus to the day").exists()

    # After the wait (here: the limit raised and the counters emptied) the
    # button sends the same words again.
    one_story_at_a_time.FORM_RATE_LIMITS = {
        **one_story_at_a_time.FORM_RATE_LIMITS,
        "story": (20, 600),
    }
    cache.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="Send it again").click()
    page.wait_for_url("**/my-stories/")
    visitor.check()
    assert Finding.objects.filter(
        text="The bus to the day centre never comes on time.",
        consent="anonymous",
    ).exists()
