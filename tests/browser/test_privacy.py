"""Your information and erasure, in the browser: every page axe-clean, the
"are you sure" step explains a missed box, and the notice has an easy read."""

from consult import listening
from consult.models import Finding, Participant
from consult.privacy.services import REMOVED

from .test_listen import sign_in_with_code


def test_seeing_then_erasing_your_information_with_a_code(visitor):
    page = visitor.visit("/your-information/")
    assert "type the code from your card" in page.content()

    sign_in_with_code(visitor)
    participant = Participant.objects.get(code__batch__label="Browser")
    finding = listening.record_finding(
        inquiry=participant.inquiry,
        participant=participant,
        text="The day centre bus is always late.",
        channel="online",
        consent="anonymous",
    )

    page = visitor.visit("/your-information/")
    assert "The day centre bus is always late." in page.content()
    visitor.visit("/privacy/")
    page = visitor.visit("/privacy/easy-read/")
    assert page.locator("main .picto-row").count() >= 15

    page = visitor.visit("/your-information/")
    with page.expect_navigation():
        page.get_by_role("link", name="Erase what you told").click()
    visitor.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, erase my information").click()
    visitor.check()
    assert "Tick the box to say you understand" in page.content()
    assert "error-summary" in visitor.focused()["cls"]

    page.get_by_label("I understand").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, erase my information").click()
    page.wait_for_url("**/your-information/erased/")
    visitor.check()
    assert "votes still count" in page.content()
    finding.refresh_from_db()
    assert finding.text == REMOVED
    assert Finding.objects.filter(text__contains="day centre bus").count() == 0

    # The inquiry's facilitator sees the request: kinds and dates, no words.
    from cms.demo import DEMO_DOMAIN

    visitor.sign_in(f"facilitator@{DEMO_DOMAIN}")
    page = visitor.visit("/inquiries/anyshire/privacy-requests/")
    assert "Erase my information" in page.content()
    assert "day centre bus" not in page.content()
