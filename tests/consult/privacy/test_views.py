"""'Your information' pages, the privacy notice and the team's requests page:
status, content, permissions and bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from consult import listening, services
from consult.models import (
    Consent,
    Finding,
    Participant,
    PhaseKind,
    PrivacyRequest,
    User,
)
from consult.models.inquiries import today
from consult.privacy.services import REMOVED, erase_participant
from tests.factories import (
    InquiryFactory,
    InquiryRoleFactory,
    ParticipantFactory,
    PhaseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

WORDS = "My carer Sam comes late every Tuesday."
INFO = reverse("consult:your_information")


@pytest.fixture
def inquiry():  # type: ignore[no-untyped-def]
    inquiry = InquiryFactory(title="Anyshire care")
    PhaseFactory(inquiry=inquiry, kind=PhaseKind.LISTEN)
    return inquiry


def _story(participant: Participant, **kwargs: object) -> Finding:
    options: dict[str, object] = {
        "text": WORDS,
        "channel": "online",
        "consent": Consent.NAMED,
        "display_name": "Pat",
    }
    options.update(kwargs)
    return listening.record_finding(
        inquiry=participant.inquiry, participant=participant, **options
    )


@pytest.fixture
def account(inquiry):  # type: ignore[no-untyped-def]
    participant = ParticipantFactory(inquiry=inquiry)
    client = Client()
    client.force_login(participant.user)
    return client, participant


@pytest.fixture
def code_holder(inquiry):  # type: ignore[no-untyped-def]
    _batch, codes = services.create_code_batch(
        inquiry=inquiry, label="Session", size=1, created_by=None
    )
    client = Client()
    response = client.post(
        reverse("consult:code_entry", args=[inquiry.slug]), {"code": codes[0]}
    )
    assert response.status_code == 302
    participant = Participant.objects.get(code__isnull=False, inquiry=inquiry)
    return client, participant


# --- nobody known: a plain page, never a 403 or a 500


@pytest.mark.parametrize(
    "name,args",
    [
        ("consult:your_information", []),
        ("consult:your_information_download", []),
        ("consult:your_information_name", []),
        ("consult:your_information_erase", []),
        ("consult:your_information_stop_quoting", [1]),
    ],
)
def test_someone_unknown_is_told_how_to_sign_in_or_use_a_code(
    inquiry, name: str, args: list[object]
) -> None:
    response = Client().get(reverse(name, args=args))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sign in with your email" in body
    assert "type the code from your card" in body
    assert reverse("consult:code_entry", args=[inquiry.slug]) in body


def test_erasing_a_code_for_an_inquiry_i_have_no_code_for_is_the_plain_page(
    inquiry,
) -> None:
    url = reverse("consult:your_information_erase_code", args=[inquiry.slug])
    response = Client().post(url, {"confirm": "on"})
    assert response.status_code == 200
    assert "Sign in with your email" in response.content.decode()


def test_erasing_a_code_in_an_unknown_inquiry_is_not_found() -> None:
    url = reverse("consult:your_information_erase_code", args=["no-such"])
    assert Client().get(url).status_code == 404


# --- seeing and downloading


def test_an_account_sees_its_stories_and_email(account) -> None:
    client, participant = account
    _story(participant)
    body = client.get(INFO).content.decode()
    assert WORDS in body
    assert participant.user.email in body
    assert "Anyshire care" in body
    assert "Use my words with my name" in body  # what they agreed


def test_the_download_is_a_json_attachment_with_everything(account) -> None:
    client, participant = account
    _story(participant)
    response = client.get(reverse("consult:your_information_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["account"]["email"] == participant.user.email
    assert data["inquiries"][0]["what_you_told_us"][0]["words"] == WORDS
    assert PrivacyRequest.objects.filter(kind="download").count() == 1


def test_a_code_holder_sees_what_they_told_the_inquiry(code_holder) -> None:
    client, participant = code_holder
    _story(participant, consent=Consent.ANONYMOUS, display_name="")
    body = client.get(INFO).content.decode()
    assert WORDS in body
    assert "with the code from your card" in body
    assert (
        reverse("consult:your_information_erase_code", args=[participant.inquiry.slug])
        in body
    )


# --- correcting the name


def test_changing_the_name_saves_it(account) -> None:
    client, participant = account
    url = reverse("consult:your_information_name")
    assert client.get(url).status_code == 200
    response = client.post(url, {"preferred_name": "  Pat   Jones "})
    assert response.status_code == 302
    participant.user.refresh_from_db()
    assert participant.user.preferred_name == "Pat Jones"
    assert PrivacyRequest.objects.filter(kind="correction").exists()


@pytest.mark.parametrize(
    "typed,message",
    [
        ("", "Type the name you want us to use."),
        ("x" * 101, "Use 100 letters or fewer."),
        ("pat@example.org", "Type a name, not an email address."),
    ],
)
def test_a_bad_name_is_explained_next_to_the_field_and_kept(
    account, typed: str, message: str
) -> None:
    client, participant = account
    before = participant.user.preferred_name
    response = client.post(
        reverse("consult:your_information_name"), {"preferred_name": typed}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'class="error-summary"' in body and 'id="id_preferred_name-error"' in body
    if typed:
        assert f'value="{typed}"' in body  # nothing lost
    participant.user.refresh_from_db()
    assert participant.user.preferred_name == before


def test_a_code_holder_is_told_we_keep_no_name(code_holder) -> None:
    client, _participant = code_holder
    response = client.get(reverse("consult:your_information_name"))
    assert response.status_code == 200
    assert "We do not keep a name for you" in response.content.decode()


# --- stop quoting


def test_stop_quoting_asks_first_then_stops(account) -> None:
    client, participant = account
    finding = _story(participant)
    url = reverse("consult:your_information_stop_quoting", args=[finding.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Do you want us to stop using your words?" in page.content.decode()
    finding.refresh_from_db()
    assert finding.consent == Consent.NAMED  # a GET changes nothing
    assert client.post(url).status_code == 302
    finding.refresh_from_db()
    assert finding.consent == Consent.COUNT_ONLY and finding.display_name == ""


def test_someone_elses_story_is_not_found(account, inquiry) -> None:
    client, _participant = account
    other = _story(ParticipantFactory(inquiry=inquiry))
    url = reverse("consult:your_information_stop_quoting", args=[other.pk])
    assert client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.consent == Consent.NAMED


def test_after_publication_stop_quoting_explains_what_happens(account, inquiry) -> None:
    client, participant = account
    finding = _story(participant)
    PhaseFactory(
        inquiry=inquiry, kind=PhaseKind.PUBLISH, opens_on=today() - dt.timedelta(1)
    )
    url = reverse("consult:your_information_stop_quoting", args=[finding.pk])
    response = client.post(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your words are already published" in body
    assert "cannot take back copies" in body
    finding.refresh_from_db()
    assert finding.consent == Consent.NAMED


# --- erasure


def test_erase_without_ticking_the_box_explains_and_keeps_everything(
    code_holder,
) -> None:
    client, participant = code_holder
    _story(participant)
    url = reverse(
        "consult:your_information_erase_code", args=[participant.inquiry.slug]
    )
    assert "Are you sure" in client.get(url).content.decode()
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Tick the box to say you understand" in response.content.decode()
    participant.refresh_from_db()
    assert not participant.is_erased


def test_a_code_holder_erases_their_information(code_holder) -> None:
    client, participant = code_holder
    finding = _story(participant)
    url = reverse(
        "consult:your_information_erase_code", args=[participant.inquiry.slug]
    )
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("consult:your_information_erased")
    assert "votes still count" in client.get(response["Location"]).content.decode()
    participant.refresh_from_db()
    finding.refresh_from_db()
    assert participant.is_erased and finding.text == REMOVED
    # The browser no longer speaks for anyone.
    assert "Sign in with your email" in client.get(INFO).content.decode()


def test_an_account_erases_itself_and_is_signed_out(account) -> None:
    client, participant = account
    _story(participant)
    response = client.post(reverse("consult:your_information_erase"), {"confirm": "1"})
    assert response.status_code == 302
    user = User.objects.get(pk=participant.user_id)
    assert not user.is_active and user.email == ""
    assert "_auth_user_id" not in client.session
    assert "Sign in with your email" in client.get(INFO).content.decode()


def test_an_account_that_runs_an_inquiry_is_not_erased_here(inquiry) -> None:
    role = InquiryRoleFactory(inquiry=inquiry)
    client = Client()
    client.force_login(role.user)
    url = reverse("consult:your_information_erase")
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 200
    assert "We cannot erase this account here" in response.content.decode()
    role.user.refresh_from_db()
    assert role.user.is_active


# --- the privacy notice


def test_the_privacy_notice_says_erased_votes_still_count() -> None:
    body = Client().get(reverse("consult:privacy_notice")).content.decode()
    assert "Your votes still count, as anonymous votes" in body
    assert reverse("consult:privacy_notice_easy_read") in body
    # The footer links to it on every page.
    assert f'href="{reverse("consult:privacy_notice")}"' in body


@override_settings(BACKUP_KEEP_DAYS=21)
def test_the_privacy_notice_says_when_erased_information_leaves_the_backups() -> None:
    standard = Client().get(reverse("consult:privacy_notice")).content.decode()
    assert "Each copy is deleted after at most 21 days" in standard
    easy = Client().get(reverse("consult:privacy_notice_easy_read")).content.decode()
    assert "We delete each copy after 21 days." in easy


def test_the_easy_read_notice_has_a_picture_beside_every_point() -> None:
    response = Client().get(reverse("consult:privacy_notice_easy_read"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your votes still count. Nobody can tell they were yours." in body
    rows = body.count('class="picto-row"')
    pictures = body.count('class="picto-row__picture"><img') + body.count(
        'class="picto-row__picture"><svg'
    )
    assert rows >= 15 and pictures == rows


# --- the team's privacy requests page


def test_privacy_requests_by_role(inquiry) -> None:
    participant = ParticipantFactory(inquiry=inquiry)
    _story(participant)
    erase_participant(participant=participant)
    url = reverse("consult:privacy_requests", args=[inquiry.slug])
    assert Client().get(url).status_code == 302  # to sign in
    someone = Client()
    someone.force_login(ParticipantFactory(inquiry=inquiry).user)
    assert someone.get(url).status_code == 403
    facilitator = Client()
    facilitator.force_login(InquiryRoleFactory(inquiry=inquiry).user)
    response = facilitator.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Erase my information" in body and "Asked by the person" in body
    assert WORDS not in body
    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert admin.get(url).status_code == 200


def test_privacy_requests_of_an_unknown_inquiry_are_not_found() -> None:
    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("consult:privacy_requests", args=["no-such"])
    assert admin.get(url).status_code == 404


def test_the_easy_read_notice_passes_the_easy_read_checker() -> None:
    import re
    from html import unescape

    from themes.easyread import check_blocks

    body = Client().get(reverse("consult:privacy_notice_easy_read")).content.decode()
    points = [
        unescape(re.sub(r"<[^>]+>", " ", text)).strip()
        for text in re.findall(
            r'class="picto-row__text">(.*?)</div>', body, flags=re.DOTALL
        )
    ]
    assert len(points) >= 15
    report = check_blocks(points)
    assert report.ok, [p.as_dict() for p in report.errors]


# --- a facilitator erases for a code holder who asked in person


@pytest.fixture
def facilitator(inquiry):  # type: ignore[no-untyped-def]
    client = Client()
    role = InquiryRoleFactory(inquiry=inquiry)
    client.force_login(role.user)
    return client, role.user


def _card(inquiry) -> tuple[str, Participant]:  # type: ignore[no-untyped-def]
    _batch, codes = services.create_code_batch(
        inquiry=inquiry, label="Post-out", size=1, created_by=None
    )
    return codes[0], services.redeem_code(inquiry=inquiry, typed=codes[0])


def test_a_facilitator_erases_for_someone_with_a_card(inquiry, facilitator) -> None:
    client, user = facilitator
    code, participant = _card(inquiry)
    finding = _story(participant)
    url = reverse("consult:privacy_requests", args=[inquiry.slug])
    typed = f"{code[:4].lower()} {code[4:]}"  # as read out on the phone
    response = client.post(url, {"code": typed, "confirm": "on"})
    assert response.status_code == 302
    participant.refresh_from_db()
    finding.refresh_from_db()
    assert participant.is_erased and finding.text == REMOVED
    request = PrivacyRequest.objects.get(participant=participant)
    assert request.helped_by == user
    body = client.get(url).content.decode()
    assert f"{user}, for the person" in body


@pytest.mark.parametrize(
    "data,message",
    [
        ({"code": "", "confirm": "on"}, "Type the code from the person&#x27;s card."),
        ({"code": "ACEF-3479", "confirm": "on"}, "We do not know this code."),
        ({"code": "ACEF-3479"}, "Tick the box to say the person asked"),
    ],
)
def test_assisted_erasure_explains_bad_input_and_keeps_it(
    inquiry, facilitator, data: dict[str, str], message: str
) -> None:
    client, _user = facilitator
    url = reverse("consult:privacy_requests", args=[inquiry.slug])
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and 'class="error-summary"' in body
    if data["code"]:
        assert f'value="{data["code"]}"' in body
    assert not PrivacyRequest.objects.exists()


def test_an_unused_code_has_nothing_to_erase(inquiry, facilitator) -> None:
    client, _user = facilitator
    _batch, codes = services.create_code_batch(
        inquiry=inquiry, label="Unused", size=1, created_by=None
    )
    url = reverse("consult:privacy_requests", args=[inquiry.slug])
    response = client.post(url, {"code": codes[0], "confirm": "on"})
    assert response.status_code == 400
    assert "There is nothing to erase." in response.content.decode()


def test_only_the_team_can_erase_for_someone(inquiry) -> None:
    code, participant = _card(inquiry)
    someone = Client()
    someone.force_login(ParticipantFactory(inquiry=inquiry).user)
    url = reverse("consult:privacy_requests", args=[inquiry.slug])
    assert someone.post(url, {"code": code, "confirm": "on"}).status_code == 403
    participant.refresh_from_db()
    assert not participant.is_erased


def test_editors_set_the_keeping_time_in_the_inquiry_editor(inquiry) -> None:
    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("wagtailsnippets_consult_inquiry:edit", args=[inquiry.pk])
    response = admin.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="retention_months"' in body and 'value="24"' in body


def test_a_signed_in_person_with_no_stories_gets_not_found(inquiry) -> None:
    client = Client()
    client.force_login(UserFactory())
    finding = _story(ParticipantFactory(inquiry=inquiry))
    url = reverse("consult:your_information_stop_quoting", args=[finding.pk])
    assert client.get(url).status_code == 404
