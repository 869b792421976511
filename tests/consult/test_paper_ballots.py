"""Paper ballots: the printed PDF, typing in batches against codes, and the
second person's check."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from consult import codes as code_logic
from consult import services
from consult.models import (
    BallotChannel,
    CodeBatch,
    PaperBatch,
    PhaseKind,
    PriorityBallot,
)
from consult.models.inquiries import today
from consult.priorities import paper_views
from consult.priorities.ballots import cast_ballot, choices_of
from tests.factories import (
    ChangeFactory,
    InquiryFactory,
    PhaseFactory,
    PrioritySettingsFactory,
    UserFactory,
)
from themes import pdf as pdf_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def inquiry():
    inquiry = InquiryFactory(slug="papershire", easy_read_question="What matters?")
    PhaseFactory(inquiry=inquiry, kind=PhaseKind.PRIORITISE)
    for number, (title, picture) in enumerate(
        [("Live at home", "home"), ("More money", "money"), ("Share power", "equal")],
        start=1,
    ):
        ChangeFactory(
            inquiry=inquiry, number=number, easy_read_title=title, pictogram=picture
        )
    PrioritySettingsFactory(inquiry=inquiry, method="rate")
    return inquiry


@pytest.fixture
def typist(inquiry):
    user = UserFactory(email="typist@example.org")
    services.add_facilitator(inquiry=inquiry, user=user)
    return user


@pytest.fixture
def checker(inquiry):
    user = UserFactory(email="checker@example.org")
    services.add_facilitator(inquiry=inquiry, user=user)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def codes(inquiry, typist):
    _, plain = services.create_code_batch(
        inquiry=inquiry, label="Paper", size=4, created_by=typist
    )
    return plain


def changes_of(inquiry):
    return list(inquiry.changes.order_by("number"))


def marks(inquiry, *values) -> dict[str, str]:
    return {
        f"change_{change.pk}": str(value)
        for change, value in zip(changes_of(inquiry), values, strict=True)
    }


def base(inquiry) -> str:
    return f"/inquiries/{inquiry.slug}/priorities/paper/"


@pytest.fixture
def batch(inquiry, typist):
    response = client_for(typist).post(base(inquiry), {"note": "Tuesday"})
    batch = PaperBatch.objects.get()
    assert response["Location"] == f"{base(inquiry)}{batch.pk}/"
    return batch


def page_text(page) -> str:
    """The words WeasyPrint laid out on one page."""
    found: list[str] = []

    def walk(box) -> None:
        if getattr(box, "text", None):
            found.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    walk(page._page_box)
    return " ".join(found)


# --- the PDF -----------------------------------------------------------------


def test_paper_pdf_has_one_page_per_ballot_each_with_a_real_code(
    inquiry, typist, monkeypatch
):
    laid_out = []

    def keep_document(template, context, *, title):
        document = pdf_module.render_document(template, context, title=title)
        laid_out.append(document)
        return pdf_module.write_pdf(document)

    monkeypatch.setattr(paper_views, "render_pdf", keep_document)
    response = client_for(typist).post(f"{base(inquiry)[:-1]}.pdf", {"count": "3"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    document = laid_out[0]
    assert len(document.pages) == 3
    batch = CodeBatch.objects.get(inquiry=inquiry)
    assert batch.size == 3 and batch.codes.count() == 3
    printed = set()
    for page in document.pages:
        text = page_text(page)
        assert "What matters?" in text
        assert "Live at home" in text and "Share power" in text
        assert "Very important to me" in text
        shown = [w for w in text.split() if len(w) == 9 and w[4] == "-"]
        assert len(shown) == 1, text
        printed.add(shown[0])
        # A real, single-person code of this inquiry.
        found = services.find_code(inquiry=inquiry, typed=shown[0])
        assert found.batch == batch and found.participant is None
    assert len(printed) == 3


@pytest.mark.parametrize(
    ("method", "words"),
    [("approve", "Tick the box beside up to 2 changes"), ("rank", "Go on up to 3")],
)
def test_paper_ballots_show_the_methods_marks(inquiry, method, words):
    inquiry.priority_settings.method = method
    inquiry.priority_settings.max_approvals = 2
    inquiry.priority_settings.save()
    context = paper_views.paper_context(
        inquiry,
        inquiry.priority_settings,
        changes_of(inquiry),
        ["ACEFGHJK"],
        "https://example.org/code/",
    )
    document = pdf_module.render_document(
        "consult/pdf/paper_ballots.html", context, title="Test"
    )
    assert len(document.pages) == 1
    text = page_text(document.pages[0])
    assert words in text
    assert "ACEF-GHJK" in text


def test_paper_pdf_is_made_by_post_only_and_checks_the_count(inquiry, typist):
    client = client_for(typist)
    response = client.get(f"{base(inquiry)[:-1]}.pdf?count=5")
    assert response.status_code == 302
    assert response["Location"] == f"{base(inquiry)}?count=5#print"
    assert not CodeBatch.objects.exists()
    response = client.post(f"{base(inquiry)[:-1]}.pdf", {"count": "9999"})
    assert response.status_code == 400
    assert "Ask for 40 or fewer at a time." in response.content.decode()
    response = client.post(f"{base(inquiry)[:-1]}.pdf", {"count": "many"})
    assert response.status_code == 400
    assert not CodeBatch.objects.exists()


def test_paper_pages_are_for_facilitators(inquiry, batch):
    visitor = Client()
    assert visitor.get(base(inquiry)).status_code == 302
    stranger = client_for(UserFactory())
    for url in (base(inquiry), f"{base(inquiry)}{batch.pk}/"):
        assert stranger.get(url).status_code == 403
    assert stranger.post(f"{base(inquiry)[:-1]}.pdf", {"count": 2}).status_code == 403
    assert not CodeBatch.objects.exists()


# --- typing in a batch -------------------------------------------------------


def test_typing_a_paper_counts_it_once_with_a_running_total(
    inquiry, typist, batch, codes
):
    client = client_for(typist)
    url = f"{base(inquiry)}{batch.pk}/"
    response = client.post(url, {"code": codes[0].lower(), **marks(inquiry, 5, 3, "")})
    assert response.status_code == 302 and "saved=" in response["Location"]
    ballot = PriorityBallot.objects.get()
    assert ballot.channel == BallotChannel.PAPER
    assert ballot.batch == batch and ballot.entered_by == typist
    first, second, _ = changes_of(inquiry)
    assert choices_of(ballot) == {first.pk: 5, second.pk: 3}
    client.post(url, {"code": codes[1], **marks(inquiry, 1, 1, 1)})
    page = client.get(f"{url}?saved=1").content.decode()
    assert f"Batch {batch.pk}: 2 ballots entered" in page
    assert "Counted. Ready for the next paper." in page


def test_a_code_already_counted_is_refused_and_the_marks_stay(
    inquiry, typist, batch, codes
):
    client = client_for(typist)
    url = f"{base(inquiry)}{batch.pk}/"
    client.post(url, {"code": codes[0], **marks(inquiry, 5, 3, "")})
    response = client.post(url, {"code": codes[0], **marks(inquiry, 2, 4, 1)})
    assert response.status_code == 400
    page = response.content.decode()
    shown = code_logic.display(codes[0])
    assert f"Code {shown} has already been counted, in batch {batch.pk} on" in page
    assert "There is a problem" in page
    third = changes_of(inquiry)[2]
    assert _checked(page, f"change_{third.pk}", "1")
    assert not _checked(page, f"change_{third.pk}", "2")
    assert PriorityBallot.objects.count() == 1
    assert list(choices_of(PriorityBallot.objects.get()).values()) == [5, 3]


def _checked(page: str, name: str, value: str) -> bool:
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    return False


def test_a_code_used_online_is_refused_on_paper(inquiry, typist, batch, codes):
    participant = services.redeem_code(inquiry=inquiry, typed=codes[2])
    cast_ballot(
        inquiry=inquiry,
        participant=participant,
        choices=marks(inquiry, 4, 4, 4),
        channel=BallotChannel.ONLINE,
    )
    response = client_for(typist).post(
        f"{base(inquiry)}{batch.pk}/", {"code": codes[2], **marks(inquiry, 1, 2, 3)}
    )
    assert response.status_code == 400
    assert "has already been counted, online on" in response.content.decode()
    assert PriorityBallot.objects.count() == 1


def test_a_double_submit_counts_once(inquiry, typist, batch, codes):
    client = client_for(typist)
    url = f"{base(inquiry)}{batch.pk}/"
    data = {"code": codes[0], **marks(inquiry, 5, "", 2)}
    assert "saved=" in client.post(url, data)["Location"]
    again = client.post(url, data)
    assert again.status_code == 302 and "again=" in again["Location"]
    page = client.get(again["Location"]).content.decode()
    assert "It was not counted twice." in page
    assert PriorityBallot.objects.count() == 1


def test_a_stopped_code_is_refused(inquiry, typist, batch, codes):
    services.revoke_code(inquiry=inquiry, typed=codes[3], by=typist)
    response = client_for(typist).post(
        f"{base(inquiry)}{batch.pk}/", {"code": codes[3], **marks(inquiry, 1, 2, 3)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "has been stopped, so this paper cannot be counted" in page
    assert _checked(page, f"change_{changes_of(inquiry)[2].pk}", "3")
    assert not PriorityBallot.objects.exists()


@pytest.mark.parametrize("typed", ["", "NOT-A-CODE", "ACEF-ACEF", "<script>"])
def test_unknown_or_missing_codes_are_refused_plainly(inquiry, typist, batch, typed):
    response = client_for(typist).post(
        f"{base(inquiry)}{batch.pk}/", {"code": typed, **marks(inquiry, 1, 2, 3)}
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not PriorityBallot.objects.exists()


def test_a_closed_phase_counts_nothing_and_keeps_the_marks(
    inquiry, typist, batch, codes
):
    phase = inquiry.phase(PhaseKind.PRIORITISE)
    phase.opens_on = today() - dt.timedelta(days=20)
    phase.closes_on = today() - dt.timedelta(days=2)
    phase.save()
    response = client_for(typist).post(
        f"{base(inquiry)}{batch.pk}/", {"code": codes[0], **marks(inquiry, 4, 2, "")}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Voting on the changes is not open now." in page
    assert _checked(page, f"change_{changes_of(inquiry)[0].pk}", "4")
    assert not PriorityBallot.objects.exists()
    # The code was not used up by the refused paper.
    assert services.find_code(inquiry=inquiry, typed=codes[0]).participant is None


def test_bad_marks_are_explained_next_to_the_field(inquiry, typist, batch, codes):
    response = client_for(typist).post(
        f"{base(inquiry)}{batch.pk}/", {"code": codes[0], **marks(inquiry, 9, "", "")}
    )
    assert response.status_code == 400
    assert not PriorityBallot.objects.exists()
    response = client_for(typist).post(
        f"{base(inquiry)}{batch.pk}/", {"code": codes[0], **marks(inquiry, "", "", "")}
    )
    assert response.status_code == 400
    assert "Say how important at least 1 change is to you" in response.content.decode()


def test_only_the_typist_adds_to_an_open_batch(inquiry, checker, batch, codes):
    response = client_for(checker).post(
        f"{base(inquiry)}{batch.pk}/", {"code": codes[0], **marks(inquiry, 1, 2, 3)}
    )
    assert response.status_code == 400
    assert not PriorityBallot.objects.exists()


# --- the second person's check -----------------------------------------------


def test_the_check_is_blind_rekeying_by_someone_else(
    inquiry, typist, checker, batch, codes
):
    typing = client_for(typist)
    url = f"{base(inquiry)}{batch.pk}/"
    typing.post(url, {"code": codes[0], **marks(inquiry, 5, 3, "")})
    typing.post(url, {"code": codes[1], **marks(inquiry, 1, 1, 1)})
    check_url = f"{url}check/"
    # Not before the batch is finished, and never by the typist.
    assert "still being typed in" in client_for(checker).get(check_url).content.decode()
    typing.post(url, {"action": "finish"})
    batch.refresh_from_db()
    assert batch.closed_at is not None
    assert "someone else must check it" in typing.get(check_url).content.decode()
    assert typing.post(check_url, {"action": "sign_off"}).status_code == 400

    checking = client_for(checker)
    page = checking.get(check_url).content.decode()
    assert "You have typed 0 of 2 papers again." in page
    # The first keying is not shown before the checker types.
    assert "Typed first" not in page
    checking.post(
        check_url, {"action": "rekey", "code": codes[0], **marks(inquiry, 5, 3, "")}
    )
    checking.post(
        check_url, {"action": "rekey", "code": codes[1], **marks(inquiry, 1, 2, 1)}
    )
    page = checking.get(check_url).content.decode()
    assert "You have typed 2 of 2 papers again." in page
    assert page.count("Typed first") == 1  # only the paper that differs
    checking.post(check_url, {"action": "sign_off"})
    batch.refresh_from_db()
    assert batch.checked_by is None
    # The checker looks at the paper: their keying was right.
    differing = PriorityBallot.objects.get(participant__code__last_two=codes[1][-2:])
    checking.post(check_url, {"action": "use_second", "ballot": differing.pk})
    second = changes_of(inquiry)[1]
    assert choices_of(differing)[second.pk] == 2
    response = checking.post(check_url, {"action": "sign_off"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.checked_by == checker
    assert PriorityBallot.objects.count() == 2


def test_rekeying_a_code_from_another_batch_is_refused(
    inquiry, typist, checker, batch, codes
):
    typing = client_for(typist)
    url = f"{base(inquiry)}{batch.pk}/"
    typing.post(url, {"code": codes[0], **marks(inquiry, 5, 3, "")})
    typing.post(url, {"action": "finish"})
    response = client_for(checker).post(
        f"{url}check/", {"action": "rekey", "code": codes[1], **marks(inquiry, 1, 1, 1)}
    )
    assert response.status_code == 400
    assert f"is not in batch {batch.pk}" in response.content.decode()


@pytest.mark.parametrize(
    ("method", "sent", "kept"),
    [
        ("approve", ("on", "", "on"), {0: 1, 2: 1}),
        ("rank", ("2", "1", ""), {0: 2, 1: 1}),
    ],
)
def test_paper_ballots_in_each_method(
    inquiry, typist, batch, codes, method, sent, kept
):
    rules = inquiry.priority_settings
    rules.method = method
    rules.save()
    data = {"code": codes[0]}
    for change, value in zip(changes_of(inquiry), sent, strict=True):
        if value:
            data[f"change_{change.pk}"] = value
    response = client_for(typist).post(f"{base(inquiry)}{batch.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    changes = changes_of(inquiry)
    ballot = PriorityBallot.objects.get()
    assert ballot.method == method
    assert choices_of(ballot) == {changes[i].pk: v for i, v in kept.items()}
