"""Sessions in the browser: signing up by keyboard without an account, the
calendar file, giving the place back, the reserve list, easy read, no
JavaScript, and the facilitators' planning and who-is-coming pages."""

import datetime as dt

import pytest
from django.utils import timezone

from consult.models import Inquiry
from deliberation import services
from deliberation.models import Session, SignUp, SignUpStatus
from tests.deliberation.factories import SessionFactory, SignUpFactory

FACILITATOR = "facilitator@anyshire.example"
SESSIONS = "/inquiries/anyshire/sessions/"


@pytest.fixture
def inquiry(site) -> Inquiry:
    return Inquiry.objects.get(slug="anyshire")


def library_session(inquiry: Inquiry, **kwargs) -> Session:
    defaults = {
        "inquiry": inquiry,
        "title": "Tuesday afternoon at the library",
        "access_notes": "The number 7 bus stops outside.",
        "payment_policy": "We pay £20 for your time. You can say no to it.",
    }
    return SessionFactory(**(defaults | kwargs))


def type_into(visitor, field_id: str, text: str) -> None:
    visitor.tab_until(lambda f: f["id"] == field_id)
    visitor.page.keyboard.type(text)


def press_button(visitor, words: str) -> None:
    """Tab to the button with these words and press Enter; the next page loads."""
    page = visitor.page
    visitor.tab_until(lambda f: f["tag"] == "BUTTON" and f["text"] == words)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()


def test_signing_up_by_keyboard_with_an_error_first(visitor, inquiry):
    page = visitor.page
    session = library_session(inquiry)
    visitor.visit(SESSIONS)
    card = page.locator(".session-list li", has_text=session.title)
    assert card.get_by_text("10 places left").is_visible()
    visitor.tab_until(lambda f: f["text"] == session.title)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert page.get_by_role("heading", name="Book a place").is_visible()

    # A name but no way to reach them: the summary says so and takes focus.
    type_into(visitor, "id_name", "Jo")
    press_button(visitor, "Book my place")
    assert "error-summary" in visitor.focused()["cls"]
    assert "Give us an email address or a phone number" in page.content()
    assert page.get_by_label("Your name").input_value() == "Jo"

    page.keyboard.press("Tab")  # the summary's link goes to the email box
    page.keyboard.press("Enter")
    assert visitor.focused()["id"] == "id_email"
    page.keyboard.type("jo@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("01632 960 123")
    page.keyboard.press("Tab")
    assert visitor.focused()["id"] == "id_brings_supporter"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("A quiet space, please.")
    press_button(visitor, "Book my place")

    assert page.get_by_role("heading", level=1).inner_text() == "You have a place"
    assert "with a place for your supporter" in page.content()
    entry = SignUp.objects.get(session=session)
    assert (entry.name, entry.email, entry.status) == ("Jo", "jo@example.org", "booked")
    assert entry.brings_supporter and entry.access_needs == "A quiet space, please."

    # The calendar file, by keyboard.
    visitor.tab_until(lambda f: f["text"] == "Add it to your calendar")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    ics = download.value.path().read_text()
    assert ics.startswith("BEGIN:VCALENDAR")
    assert session.title in ics

    # The link to give the place back, and the way out of it again.
    visitor.tab_until(lambda f: f["text"] == "I cannot come: give my place back")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Give your place back?"
    )
    visitor.tab_until(lambda f: f["text"] == "No, keep my place")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "You have a place"


def test_giving_the_place_back_by_keyboard(visitor, inquiry):
    page = visitor.page
    entry = SignUpFactory(session=library_session(inquiry), name="Jo")
    visitor.visit(f"{SESSIONS}place/{services.cancel_token(entry)}/")
    visitor.tab_until(lambda f: f["text"] == "I cannot come: give my place back")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check()
    press_button(visitor, "Yes, give my place back")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "You gave your place back"
    )
    assert "Your place is given back." in page.content()
    entry.refresh_from_db()
    assert entry.status == SignUpStatus.CANCELLED


@pytest.mark.parametrize("mode", ["standard", "easy-read"])
def test_a_full_session_offers_the_reserve_list(visitor, inquiry, mode):
    page = visitor.page
    session = library_session(inquiry, capacity=1, joining_details="Room 2")
    SignUpFactory(session=session)
    visitor.set_mode(mode)

    visitor.visit(SESSIONS)
    card = page.locator(".session-list li", has_text=session.title)
    assert card.get_by_text("Full: you can join the reserve list").is_visible()
    visitor.visit(f"{SESSIONS}{session.pk}/")
    assert page.get_by_role("heading", name="Join the reserve list").is_visible()
    assert "This session is full." in page.content()
    if mode == "easy-read":
        assert page.locator("main .picto-row").count() >= 4

    page.get_by_label("Your name").fill("Ali")
    page.get_by_label("Phone number").fill("01632 960 456")
    with page.expect_navigation():
        page.get_by_role("button", name="Put me on the reserve list").click()
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "You are on the reserve list"
    )
    assert "we will phone you" in page.content()
    assert "Room 2" not in page.content()  # joining details are for booked places
    assert SignUp.objects.get(name="Ali").status == SignUpStatus.RESERVE

    with page.expect_navigation():
        page.get_by_role("link", name="I cannot come: give my place back").click()
    visitor.check()
    assert "a place on the reserve list for" in page.content()


def test_signing_up_without_javascript(visitor_without_js, inquiry):
    visitor, page = visitor_without_js, visitor_without_js.page
    session = library_session(inquiry)
    visitor.set_mode("easy-read")  # the booked page's easy read, too
    page = visitor.visit(f"{SESSIONS}{session.pk}/")
    page.get_by_label("Email address").fill("not an email")
    with page.expect_navigation():
        page.get_by_role("button", name="Book my place").click()
    visitor.check()
    assert "There is a problem" in page.content()
    assert "Tell us your name." in page.content()
    assert "Type an email address like name@example.com." in page.content()
    assert page.get_by_label("Email address").input_value() == "not an email"

    page.get_by_label("Your name").fill("Sam")
    page.get_by_label("Email address").fill("sam@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Book my place").click()
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "You have a place"
    with page.expect_navigation():
        page.get_by_role("link", name="I cannot come: give my place back").click()
    visitor.check()
    assert page.get_by_role("button", name="Yes, give my place back").is_visible()


def test_planning_a_session_and_seeing_who_is_coming(visitor, inquiry):
    page = visitor.page
    visitor.sign_in(FACILITATOR)
    visitor.visit(SESSIONS)
    with page.expect_navigation():
        page.get_by_role("link", name="Plan a new session").click()
    visitor.check()

    page.get_by_label("Name of the session").fill("Friday coffee morning")
    page.get_by_label("In a room").check()
    page.get_by_label("Date").fill("31/02/2030")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_label("Where (optional)").fill("Anytown Library")
    page.get_by_label("How many seats?").fill("12")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the session").click()
    visitor.check()

    # The error summary has focus; what was typed is kept.
    assert "error-summary" in visitor.focused()["cls"]
    assert "Enter a real date, like 27/03/2027." in page.content()
    assert page.get_by_label("Name of the session").input_value() == (
        "Friday coffee morning"
    )
    assert page.get_by_label("Date").input_value() == "31/02/2030"
    assert page.get_by_label("Starts at").input_value() == "10:00"
    assert page.get_by_label("In a room").is_checked()
    assert not Session.objects.filter(title="Friday coffee morning").exists()

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert visitor.focused()["id"] == "id_date"
    day = timezone.localdate() + dt.timedelta(days=30)
    page.keyboard.press("Control+A")
    page.keyboard.type(day.strftime("%d/%m/%Y"))
    with page.expect_navigation():
        page.get_by_role("button", name="Save the session").click()
    visitor.check()

    session = Session.objects.get(title="Friday coffee morning")
    assert page.url.split("#")[0].endswith(f"{SESSIONS}{session.pk}/people/")
    assert "The session is saved." in page.content()
    assert session.capacity == 12
    assert timezone.localtime(session.starts_at).date() == day
    assert "Nobody has booked yet." in page.content()

    # With people booked and on the reserve list.
    session.capacity = 2
    session.save()
    SignUpFactory(session=session, name="Bea", access_needs="Large print")
    SignUpFactory(session=session, name="Cal", phone="01632 960 789", email="")
    SignUpFactory(session=session, name="Dee", status=SignUpStatus.RESERVE)
    visitor.visit(f"{SESSIONS}{session.pk}/people/")
    booked = page.get_by_role("table", name="Booked")
    assert booked.get_by_role("rowheader").all_inner_texts() == ["Bea", "Cal"]
    assert "Large print" in booked.inner_text()
    reserve = page.get_by_role("table", name="Reserve list, in order")
    assert reserve.get_by_role("rowheader").all_inner_texts() == ["Dee"]

    # After a session: counting who came.
    past = library_session(
        inquiry, starts_at=timezone.now() - dt.timedelta(days=1), capacity=5
    )
    visitor.visit(f"{SESSIONS}{past.pk}/people/")
    page.get_by_label("How many people took part?").fill("-1")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the counts").click()
    visitor.check()
    assert "error-summary" in visitor.focused()["cls"]
    assert "Counts cannot be below 0." in page.content()
    page.get_by_label("How many people took part?").fill("4")
    page.get_by_label("How many supporters came?").fill("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the counts").click()
    visitor.check()
    assert "Thank you. The counts are saved." in page.content()
    past.refresh_from_db()
    assert (past.attended, past.supporters_attended) == (4, 1)
