"""Following a change or an organisation: the rules for when a digest is due
and what it holds, the follow / confirm / unsubscribe pages, the emails
(locmem backend), and that running the digests again sends nothing twice."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from consult.commitments import follows
from consult.commitments.follows import Item, due, select_items
from consult.models import DigestItem, Follow
from tests.factories import (
    ChangeFactory,
    InquiryFactory,
    OrganisationFactory,
    UserFactory,
)

from .factories import CommitmentFactory, ProgressUpdateFactory

NOW = timezone.make_aware(dt.datetime(2027, 6, 15, 7, 0))
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


# --- the rules, without the database ---------------------------------------


@pytest.mark.parametrize(
    ("frequency", "last", "expected"),
    [
        ("daily", None, True),
        ("weekly", None, True),
        ("daily", NOW - DAY, True),
        ("daily", NOW - 23 * HOUR, True),  # cron a little early still counts
        ("daily", NOW - 22 * HOUR, False),
        ("daily", NOW - 5 * HOUR, False),
        ("weekly", NOW - 6 * DAY, False),
        ("weekly", NOW - 7 * DAY + HOUR, True),
        ("weekly", NOW - 8 * DAY, True),
    ],
)
def test_when_a_digest_is_due(frequency, last, expected):
    assert due(frequency=frequency, last_digest_at=last, now=NOW) is expected


def _item(key: str, when: dt.datetime) -> Item:
    return Item(key=key, when=when, commitment=SimpleNamespace())  # type: ignore[arg-type]


def test_a_digest_holds_what_is_new_and_not_sent_before_oldest_first():
    items = [
        _item("update:3", NOW - HOUR),
        _item("commitment:1", NOW - 3 * DAY),  # before the follow began
        _item("commitment:2", NOW - 2 * HOUR),
        _item("update:4", NOW - 30 * HOUR),  # sent already
    ]
    chosen = select_items(items, since=NOW - 2 * DAY, already_sent={"update:4"})
    assert [i.key for i in chosen] == ["commitment:2", "update:3"]


def test_a_digest_holds_at_most_the_limit_and_keeps_the_rest():
    items = [_item(f"update:{n}", NOW - n * HOUR) for n in range(1, 8)]
    chosen = select_items(items, since=NOW - DAY, already_sent=set(), limit=3)
    assert [i.key for i in chosen] == ["update:7", "update:6", "update:5"]


# --- pages and emails --------------------------------------------------------


def _link(body: str, path: str) -> str:
    match = re.search(rf"https?://[^\s\"]+{path}[^\s\"]+/", body)
    assert match, f"no {path} link in the email"
    return urlsplit(match.group(0)).path


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Anyshire Council", slug="anyshire-council")


@pytest.mark.django_db
def test_following_by_email_asks_to_confirm_first(organisation):
    client = Client()
    url = f"/organisations/{organisation.slug}/follow/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Get updates by email" in page.content.decode()
    response = client.post(url, {"email": "sam@example.org", "frequency": "daily"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?done=sent"
    assert "Check your email" in client.get(response["Location"]).content.decode()
    follow = Follow.objects.get()
    assert (follow.email, follow.organisation, follow.confirmed_at) == (
        "sam@example.org",
        organisation,
        None,
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Confirm you want updates about Anyshire Council"
    assert "Nothing is sent until you say yes." in message.body
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )

    # Opening the link asks for a button press: a mail scanner opening
    # links confirms nothing.
    confirm = _link(message.body, "/follow/confirm/")
    page = client.get(confirm)
    assert page.status_code == 200
    assert "Yes, send me updates" in page.content.decode()
    follow.refresh_from_db()
    assert follow.confirmed_at is None
    done = client.post(confirm)
    assert done.status_code == 302
    assert done["Location"] == f"/organisations/{organisation.slug}/"
    follow.refresh_from_db()
    assert follow.confirmed_at is not None
    assert follow.frequency == "daily"


@pytest.mark.django_db
def test_bad_email_is_answered_next_to_the_field_and_kept(organisation):
    response = Client().post(
        f"/organisations/{organisation.slug}/follow/",
        {"email": "sam@", "frequency": "weekly"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter an email address like name@example.org." in html
    assert 'value="sam@"' in html
    assert not Follow.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_asking_again_says_the_same_and_does_not_flood_the_inbox(organisation):
    client = Client()
    url = f"/organisations/{organisation.slug}/follow/"
    for _ in range(3):
        response = client.post(url, {"email": "Sam@Example.org", "frequency": "weekly"})
        assert response["Location"] == f"{url}?done=sent"
    assert Follow.objects.count() == 1
    assert len(mail.outbox) == 1  # at most one confirm email per 10 minutes


@pytest.mark.django_db
def test_a_signed_in_person_follows_with_their_checked_email_at_once():
    inquiry = InquiryFactory()
    change = ChangeFactory(inquiry=inquiry, number=2, title="Homes first")
    user = UserFactory(email="kim@example.org")
    EmailAddress.objects.create(
        user=user, email="kim@example.org", verified=True, primary=True
    )
    client = Client()
    client.force_login(user)
    url = f"/inquiries/{inquiry.slug}/you-said-we-did/2/follow/"
    page = client.get(url).content.decode()
    assert 'value="kim@example.org"' in page
    response = client.post(url, {"email": "kim@example.org", "frequency": "weekly"})
    assert response["Location"] == f"{url}?done=followed"
    follow = Follow.objects.get()
    assert follow.change == change and follow.user == user
    assert follow.confirmed_at is not None
    assert mail.outbox == []
    # Another address still needs its own confirmation.
    client.post(url, {"email": "other@example.org", "frequency": "weekly"})
    assert Follow.objects.get(email="other@example.org").confirmed_at is None
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_unknown_change_or_organisation_is_not_found():
    assert Client().get("/organisations/nope/follow/").status_code == 404
    inquiry = InquiryFactory()
    assert (
        Client().get(f"/inquiries/{inquiry.slug}/you-said-we-did/9/follow/").status_code
        == 404
    )


@pytest.mark.django_db
def test_a_broken_or_old_confirm_link_says_so_plainly(organisation):
    response = Client().get("/follow/confirm/not-a-token/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    follow = Follow.objects.create(email="a@example.org", organisation=organisation)
    token = follows.confirm_token(follow, "daily")
    follow.delete()
    assert Client().post(f"/follow/confirm/{token}/").status_code == 404


@pytest.mark.django_db
def test_unsubscribe_asks_on_get_and_stops_on_post(organisation):
    follow = Follow.objects.create(
        email="sam@example.org", organisation=organisation, confirmed_at=NOW
    )
    url = f"/follow/stop/{follow.token}/"
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200
    assert "Yes, stop these emails" in page.content.decode()
    assert Follow.objects.filter(pk=follow.pk).exists()
    # One-click unsubscribe (RFC 8058): a mail program posts, with no form.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You will get no more of these emails" in response.content.decode()
    assert not Follow.objects.filter(pk=follow.pk).exists()
    # Again: nothing to stop, still a plain answer.
    again = client.post(url)
    assert again.status_code == 200
    assert "nothing to stop" in again.content.decode()
    assert client.get(url).status_code == 404


# --- digests -------------------------------------------------------------------


def _confirmed(**target) -> Follow:
    return Follow.objects.create(
        email="sam@example.org",
        confirmed_at=timezone.now() - DAY,
        frequency="daily",
        **target,
    )


@pytest.mark.django_db
def test_a_digest_sends_new_commitments_and_updates_once():
    inquiry = InquiryFactory()
    change = ChangeFactory(inquiry=inquiry, number=1)
    other = ChangeFactory(inquiry=inquiry, number=2)
    follow = _confirmed(change=change)
    old = CommitmentFactory(inquiry=inquiry, changes=[change], title="Old one")
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - 3 * DAY)
    new = CommitmentFactory(inquiry=inquiry, changes=[change], title="Homes first")
    update = ProgressUpdateFactory(commitment=old, text="Half the homes are ready.")
    CommitmentFactory(inquiry=inquiry, changes=[other], title="Not followed")

    assert follows.send_digest(follow.pk) == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    assert message.subject == (
        f"1 new commitment and 1 progress update: change 1: {change.title}"
    )
    assert "Homes first" in message.body
    assert "Half the homes are ready." in message.body
    assert "Not followed" not in message.body
    assert "Old one (" in message.body  # the update names its commitment
    assert f"/follow/stop/{follow.token}/" in message.body
    assert message.extra_headers["List-Unsubscribe"] == (
        f"<http://127.0.0.1:8000/follow/stop/{follow.token}/>"
    )
    html = message.alternatives[0][0]
    assert f"#update-{update.pk}-title" in html
    assert set(DigestItem.objects.values_list("key", flat=True)) == {
        f"commitment:{new.pk}",
        f"update:{update.pk}",
    }

    # Running again at once, or the next day with nothing new: no email.
    assert follows.send_digest(follow.pk) == 0
    assert follows.send_digest(follow.pk, now=timezone.now() + DAY) == 0
    assert len(mail.outbox) == 1
    # Something new the next day: only that.
    later = ProgressUpdateFactory(commitment=new, text="Building starts.")
    assert follows.send_digest(follow.pk, now=timezone.now() + DAY) == 1
    assert "Building starts." in mail.outbox[1].body
    assert "Half the homes" not in mail.outbox[1].body
    assert DigestItem.objects.filter(key=f"update:{later.pk}").count() == 1


@pytest.mark.django_db
def test_an_organisation_digest_holds_only_its_own_commitments():
    mine = OrganisationFactory(name="Anyshire Council")
    follow = _confirmed(organisation=mine)
    CommitmentFactory(organisation=mine, title="Ours")
    CommitmentFactory(title="Someone else's")
    follows.send_digest(follow.pk)
    assert "Ours" in mail.outbox[0].body
    assert "Someone else's" not in mail.outbox[0].body
    assert mail.outbox[0].subject == "1 new commitment: Anyshire Council"


@pytest.mark.django_db
def test_unconfirmed_follows_get_no_digest_and_are_removed_after_8_days():
    organisation = OrganisationFactory()
    pending = Follow.objects.create(email="a@example.org", organisation=organisation)
    CommitmentFactory(organisation=organisation)
    run = follows.send_due_digests()
    assert (run.emails, run.removed_pending) == (0, 0)
    Follow.objects.filter(pk=pending.pk).update(created_at=timezone.now() - 9 * DAY)
    assert follows.send_due_digests().removed_pending == 1
    assert not Follow.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_failed_send_records_nothing_and_is_tried_again(monkeypatch):
    organisation = OrganisationFactory()
    follow = _confirmed(organisation=organisation)
    CommitmentFactory(organisation=organisation)

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(follows.EmailMultiAlternatives, "send", broken)
    run = follows.send_due_digests()
    assert run.emails == 0
    assert not DigestItem.objects.exists()
    follow.refresh_from_db()
    assert follow.last_digest_at is None
    monkeypatch.undo()
    assert follows.send_due_digests().emails == 1


@pytest.mark.django_db
def test_the_command_and_the_task_send_each_digest_once():
    organisation = OrganisationFactory()
    _confirmed(organisation=organisation)
    weekly = _confirmed(change=ChangeFactory())
    Follow.objects.filter(pk=weekly.pk).update(frequency="weekly", email="b@x.org")
    CommitmentFactory(organisation=organisation)
    call_command("send_digests", "--format", "json", stdout=(out := _Out()))
    assert out.text == '{"emails": 1, "items": 1, "removed_pending": 0}'
    call_command("send_digests", stdout=(out := _Out()))
    assert out.text.startswith("Sent 0 digest(s) with 0 item(s).")
    result = follows.send_digests_task.enqueue()
    assert result.return_value == {"emails": 0, "items": 0}
    assert len(mail.outbox) == 1


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text.strip()

    def flush(self) -> None:
        pass
