"""Open data: nothing before publishing; after it, findings with consent only,
anonymous ballots, CSV safe in a spreadsheet, a dictionary for every column,
flat queries and a pabulib file pabutools reads."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pabutools.election import parse_pabulib

from consult.models import (
    BudgetBallot,
    BudgetModelVote,
    BudgetSplitLine,
    Inquiry,
    InquiryPage,
    PriorityChoice,
    SafeguardingConcern,
    SupportModel,
)
from consult.opendata.datasets import ballot_number, datasets_for
from consult.opendata.formats import spreadsheet_safe
from consult.publication import publish_results, unpublish_results
from tests.factories import (
    BudgetAreaFactory,
    BudgetFactory,
    ChangeFactory,
    FindingFactory,
    InquiryFactory,
    ParticipantFactory,
    PriorityBallotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def file_url(inquiry: Inquiry, name: str) -> str:
    return f"/inquiries/{inquiry.slug}/data/{name}"


def fetch(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def all_filenames(inquiry: Inquiry) -> list[str]:
    names = ["datapackage.json", "data-dictionary.csv"]
    for dataset in datasets_for(inquiry):
        names += [dataset.filename(fmt) for fmt in dataset.formats]
    return names


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def add_page(inquiry: Inquiry) -> InquiryPage:
    from cms.models import HomePage

    home = HomePage.objects.first()
    page = InquiryPage(title=inquiry.title, slug=inquiry.slug, inquiry=inquiry)
    home.add_child(instance=page)
    return page


# Before and after publishing ----------------------------------------------------


def test_nothing_is_found_before_publishing(demo) -> None:
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/anyshire/data/").status_code == 404
    for name in all_filenames(demo):
        assert client.get(file_url(demo, name)).status_code == 404, name
    page = client.get("/anyshire/").content.decode()
    assert "/anyshire/data/" not in page


def test_every_file_and_the_page_are_there_after_publishing(demo) -> None:
    publish_results(demo, by=UserFactory())
    client = Client()
    page = client.get("/anyshire/data/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "CC BY 4.0" in html and "starts with an apostrophe" in html
    names = all_filenames(demo)
    assert {"findings.csv", "priority-ballots.json", "budget.pb"} <= set(names)
    for name in names:
        response = client.get(file_url(demo, name))
        assert response.status_code == 200, name
        assert f'filename="anyshire-{name}"' in response["Content-Disposition"]
        assert f"/inquiries/anyshire/data/{name}" in html
    assert client.get(file_url(demo, "findings.xlsx")).status_code == 404
    assert client.get(file_url(demo, "budget.csv")).status_code == 404
    # The inquiry page links to the downloads now.
    assert 'href="/anyshire/data/"' in client.get("/anyshire/").content.decode()


def test_taking_the_results_down_takes_the_files_down(demo) -> None:
    editor = UserFactory()
    client = Client()
    link = 'href="/anyshire/data/"'
    assert link not in client.get("/anyshire/").content.decode()
    publish_results(demo, by=editor)
    assert link in client.get("/anyshire/").content.decode()  # not a cached copy
    unpublish_results(demo, by=editor)
    demo.refresh_from_db()
    assert client.get(file_url(demo, "findings.csv")).status_code == 404
    assert client.get("/anyshire/data/").status_code == 404
    assert link not in client.get("/anyshire/").content.decode()


# Consent ------------------------------------------------------------------------


def test_findings_keep_to_what_people_agreed() -> None:
    inquiry = InquiryFactory()
    FindingFactory(inquiry=inquiry, consent="named", display_name="Amira Khan")
    FindingFactory(
        inquiry=inquiry,
        consent="anonymous",
        display_name="Hidden Name",
        text="Shared without my name.",
    )
    FindingFactory(inquiry=inquiry, consent="count_only", text="COUNT ONLY WORDS")
    FindingFactory(inquiry=inquiry, state="pending", text="NOT YET CHECKED")
    FindingFactory(inquiry=inquiry, state="private", text="KEPT PRIVATE")
    FindingFactory(inquiry=inquiry, text="WITHDRAWN WORDS", withdrawn_at=timezone.now())
    concern = FindingFactory(inquiry=inquiry, text="SAFEGUARDING WORDS")
    SafeguardingConcern.objects.create(finding=concern)
    publish_results(inquiry, by=UserFactory())

    client = Client()
    every_file = "".join(
        fetch(client, file_url(inquiry, n)) for n in all_filenames(inquiry)
    )
    for secret in (
        "COUNT ONLY WORDS",
        "NOT YET CHECKED",
        "KEPT PRIVATE",
        "WITHDRAWN WORDS",
        "SAFEGUARDING WORDS",
        "Hidden Name",
    ):
        assert secret not in every_file
    rows = csv_rows(fetch(client, file_url(inquiry, "findings.csv")))
    assert {(r["consent"], r["name"]) for r in rows} == {
        ("named", "Amira Khan"),
        ("anonymous", ""),
    }
    records = json.loads(fetch(client, file_url(inquiry, "findings.json")))["rows"]
    assert {r["name"] for r in records} == {"Amira Khan", ""}
    assert "Shared without my name." in {r["text"] for r in records}


# Anonymous ballots ----------------------------------------------------------------


def ballots_inquiry(ballots: int) -> Inquiry:
    """An inquiry with 2 changes, a budget with 2 areas and 2 support models,
    and `ballots` priority, split and model ballots."""
    inquiry = InquiryFactory()
    changes = [ChangeFactory(inquiry=inquiry, number=n) for n in (1, 2)]
    budget = BudgetFactory(inquiry=inquiry, pot=Decimal("1000"))
    areas = [BudgetAreaFactory(budget=budget, number=n) for n in (1, 2)]
    models = [
        SupportModel.objects.create(
            budget=budget, area=areas[n], name=f"Model {n}", cost=Decimal("400")
        )
        for n in (0, 1)
    ]
    helper = UserFactory()
    for number in range(ballots):
        person = ParticipantFactory(inquiry=inquiry)
        assisted = number % 3 == 0
        ballot = PriorityBallotFactory(
            inquiry=inquiry,
            participant=person,
            channel="assisted" if assisted else "online",
            helped_by=helper if assisted else None,
        )
        PriorityChoice.objects.create(ballot=ballot, change=changes[0], value=5)
        PriorityChoice.objects.create(ballot=ballot, change=changes[1], value=2)
        split = BudgetBallot.objects.create(
            inquiry=inquiry, budget=budget, participant=person, kind="split"
        )
        BudgetSplitLine.objects.create(ballot=split, area=areas[0], amount=600)
        BudgetSplitLine.objects.create(ballot=split, area=areas[1], amount=400)
        chosen = BudgetBallot.objects.create(
            inquiry=inquiry, budget=budget, participant=person, kind="models"
        )
        BudgetModelVote.objects.create(ballot=chosen, support_model=models[number % 2])
    publish_results(inquiry, by=helper)
    return inquiry


def test_ballots_say_nothing_about_who_voted() -> None:
    inquiry = ballots_inquiry(6)
    client = Client()
    secrets = set()
    for person in inquiry.participants.select_related("user"):
        secrets |= {person.user.email, person.user.username}
    for name in all_filenames(inquiry):
        text = fetch(client, file_url(inquiry, name))
        for secret in secrets:
            assert secret not in text, (name, secret)
        assert not re.search(r"\d\d:\d\d", text), f"a time of day in {name}"
        assert "participant" not in text.lower(), name

    rows = csv_rows(fetch(client, file_url(inquiry, "priority-ballots.csv")))
    pks = list(inquiry.priority_ballots.order_by("pk").values_list("pk", flat=True))
    numbers = [r["ballot"] for r in rows]
    assert numbers == sorted(numbers)  # sorted by number, not by arrival
    assert set(numbers) == {ballot_number("priority", pk) for pk in pks}
    assert not set(numbers) & {str(pk) for pk in pks}
    assert all(re.fullmatch(r"[0-9a-f]{12}", n) for n in numbers)
    assert {r["helped"] for r in rows} == {"yes", "no"}
    assert {(r["change_1"], r["change_2"]) for r in rows} == {("5", "2")}
    assert all(re.fullmatch(r"\d{4}-\d\d", r["month"]) for r in rows)
    assert "date" not in rows[0]  # never the day a ballot was cast

    splits = csv_rows(fetch(client, file_url(inquiry, "budget-splits.csv")))
    assert {(r["area_1"], r["area_2"], r["counted"]) for r in splits} == {
        ("600.00", "400.00", "yes")
    }
    models = json.loads(fetch(client, file_url(inquiry, "budget-models.json")))
    assert all(r["helped"] is False for r in models["rows"])
    model_columns = [k for k in models["rows"][0] if k.startswith("model_")]
    assert sorted(sum(r[k] or 0 for r in models["rows"]) for k in model_columns) == [
        3,
        3,
    ]


def test_a_ballot_keeps_its_number_from_one_download_to_the_next() -> None:
    inquiry = ballots_inquiry(5)
    first = fetch(Client(), file_url(inquiry, "priority-ballots.csv"))
    assert fetch(Client(), file_url(inquiry, "priority-ballots.csv")) == first


def test_fewer_than_5_ballots_give_files_with_no_rows(tmp_path) -> None:
    """Like the results pages: 4 ballots are too few to show without someone's
    own answer being picked out, so the files keep their columns but no rows."""
    inquiry = ballots_inquiry(4)
    client = Client()
    for name in ("priority-ballots", "budget-splits", "budget-models"):
        text = fetch(client, file_url(inquiry, f"{name}.csv"))
        header, *rows = [line for line in text.splitlines() if line]
        assert "ballot" in header and rows == [], name
        assert (
            json.loads(fetch(client, file_url(inquiry, f"{name}.json")))["rows"] == []
        ), name
    pb = fetch(client, file_url(inquiry, "budget.pb"))
    path = tmp_path / "few.pb"
    path.write_text(pb)
    instance, profile = parse_pabulib(str(path))
    assert len(instance) == 2  # the support models are still described
    assert len(profile) == 0  # but no votes
    # The fifth ballot brings every row back.
    five = ballots_inquiry(5)
    splits = csv_rows(fetch(client, file_url(five, "budget-splits.csv")))
    assert len(splits) == 5


# Spreadsheets ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 1234", "'+44 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("Plain words = fine", "Plain words = fine"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(text: str, safe: str) -> None:
    assert spreadsheet_safe(text) == safe


def test_formulas_are_escaped_in_csv_but_kept_in_json() -> None:
    inquiry = InquiryFactory()
    FindingFactory(inquiry=inquiry, text='=HYPERLINK("http://evil.example","x")')
    FindingFactory(inquiry=inquiry, consent="named", display_name="@Robin", text="-ok")
    publish_results(inquiry, by=UserFactory())
    rows = csv_rows(fetch(Client(), file_url(inquiry, "findings.csv")))
    assert {r["text"] for r in rows} == {
        '\'=HYPERLINK("http://evil.example","x")',
        "'-ok",
    }
    assert "'@Robin" in {r["name"] for r in rows}
    records = json.loads(fetch(Client(), file_url(inquiry, "findings.json")))["rows"]
    assert "-ok" in {r["text"] for r in records}
    assert "@Robin" in {r["name"] for r in records}


# Queries -------------------------------------------------------------------------


def queries_for_every_file(inquiry: Inquiry) -> dict[str, int]:
    client = Client()
    counts = {}
    for name in all_filenames(inquiry):
        with CaptureQueriesContext(connection) as captured:
            fetch(client, file_url(inquiry, name))
        counts[name] = len(captured)
    return counts


def test_queries_stay_flat_as_ballots_grow(django_assert_max_num_queries) -> None:
    few = queries_for_every_file(ballots_inquiry(2))
    inquiry = ballots_inquiry(25)
    client = Client()
    for name, count in few.items():
        with django_assert_max_num_queries(count):
            fetch(client, file_url(inquiry, name))
    assert max(few.values()) <= 12


# The dictionary ------------------------------------------------------------------


def test_the_dictionary_describes_every_column_produced(demo) -> None:
    publish_results(demo, by=UserFactory())
    client = Client()
    package = json.loads(fetch(client, file_url(demo, "datapackage.json")))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    described = {
        r["path"]: [
            f["name"] for f in r.get("schema", {}).get("fields") or r["x-fields"]
        ]
        for r in package["resources"]
    }
    dictionary = csv_rows(fetch(client, file_url(demo, "data-dictionary.csv")))
    page = client.get("/anyshire/data/").content.decode()
    checked = 0
    for path, fields in described.items():
        text = fetch(client, file_url(demo, path))
        if path.endswith(".csv"):
            produced = next(csv.reader(io.StringIO(text)))
            rows = csv_rows(text)
            assert rows, f"{path} is empty: nothing checked"
        elif path.endswith(".json"):
            rows = json.loads(text)["rows"]
            assert rows, f"{path} is empty: nothing checked"
            produced = list(rows[0])
            assert all(list(r) == produced for r in rows)
        else:
            produced = pabulib_columns(text)
        assert sorted(produced) == sorted(fields), path
        in_dictionary = {
            r["field"] for r in dictionary if path in r["file"].split(", ")
        }
        assert in_dictionary == set(produced), path
        for name in produced:
            assert f'<th scope="row">{name}</th>' in page, (path, name)
        assert all(r["meaning"] and r["type"] for r in dictionary)
        checked += 1
    assert checked == 9


def pabulib_columns(text: str) -> list[str]:
    """The column names of a pabulib file's three sections."""
    lines = text.splitlines()
    columns: list[str] = []
    for section in ("META", "PROJECTS", "VOTES"):
        columns += lines[lines.index(section) + 1].split(";")
    return columns


# pabulib -------------------------------------------------------------------------


def test_the_pabulib_file_parses_with_pabutools(demo, tmp_path) -> None:
    publish_results(demo, by=UserFactory())
    client = Client()
    text = fetch(client, file_url(demo, "budget.pb"))
    path = tmp_path / "anyshire.pb"
    path.write_text(text, encoding="utf-8")
    instance, profile = parse_pabulib(str(path))
    models = csv_rows(fetch(client, file_url(demo, "budget-models.csv")))
    assert len(profile) == len(models) > 100
    assert len(instance) == SupportModel.objects.filter(budget__inquiry=demo).count()
    voters = {line.split(";")[0] for line in text.split("VOTES\n")[1].splitlines()[1:]}
    assert voters == {r["ballot"] for r in models}
    assert instance.meta["licence"].startswith("Creative Commons")


# The inquiry page ----------------------------------------------------------------


def test_the_page_reads_in_easy_read_too(demo, client_in_mode) -> None:
    publish_results(demo, by=UserFactory())
    client = client_in_mode("easy-read")
    assert (
        "Get the results as files for computers"
        in client.get("/anyshire/").content.decode()
    )
    page = client.get("/anyshire/data/").content.decode()
    assert "The files do not say who you are." in page


def test_an_inquiry_without_a_page_or_budget_still_has_findings_data(demo) -> None:
    inquiry = InquiryFactory()
    FindingFactory(inquiry=inquiry)
    publish_results(inquiry, by=UserFactory())
    assert [d.key for d in datasets_for(inquiry)] == ["findings"]
    package = json.loads(fetch(Client(), file_url(inquiry, "datapackage.json")))
    assert package["homepage"] == ""
    add_page(inquiry)
    assert Client().get(f"/{inquiry.slug}/data/").status_code == 200
