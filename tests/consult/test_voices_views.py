"""'Whose voices': who counts, what the page and the CSV show, and that a
safeguarding concern never adds to a count."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consult import about_you, listening, services
from consult.models import Participant
from consult.roles import Role
from consult.selectors import whose_voices
from consult.voices import FEWER_THAN_5, NOT_SHOWN
from tests.factories import (
    AboutYouFactory,
    FindingFactory,
    InquiryFactory,
    ParticipantFactory,
    ReferenceShareFactory,
)

PAGE = "/inquiries/{}/voices/"
CSV = "/inquiries/{}/voices.csv"


def people(inquiry, n, *, channel=None, state="published", **answers):
    """`n` people taking part: with a finding by `channel` if given, and
    with 'About you' answers if any are given."""
    made = []
    for _ in range(n):
        participant = ParticipantFactory(inquiry=inquiry, user=None)
        if channel:
            FindingFactory(
                inquiry=inquiry, participant=participant, channel=channel, state=state
            )
        if answers:
            AboutYouFactory(participant=participant, **answers)
        made.append(participant)
    return made


def dimension(report, key):
    return next(d for d in report.dimensions if d.key == key)


def shown(report, key):
    return {row.key: row.display for row in dimension(report, key).rows}


@pytest.fixture
def demo(demo):
    """The demo without its own people, 'About you' answers and reference
    profile: these tests count from a clean start."""
    from consult.models import AboutYou, Finding, LocalArea, ReferenceShare

    Finding.objects.update(participant=None)
    AboutYou.objects.all().delete()
    ReferenceShare.objects.all().delete()
    LocalArea.objects.all().delete()
    return demo


@pytest.fixture
def inquiry(demo, demo_users):
    """A fresh inquiry (the demo's own people would muddle the counts), run
    by the demo's facilitator."""
    inquiry = InquiryFactory()
    services.add_facilitator(inquiry=inquiry, user=demo_users[Role.FACILITATOR])
    return inquiry


@pytest.fixture
def heard(inquiry):
    """An inquiry part way through: 20 by age band, 75+ under-heard."""
    people(
        inquiry, 12, channel="online", age_band="65_74", relationship=["draw_on_care"]
    )
    people(
        inquiry, 5, channel="session", age_band="50_64", relationship=["draw_on_care"]
    )
    people(
        inquiry, 3, channel="phone", age_band="75_plus", relationship=["unpaid_carer"]
    )
    ReferenceShareFactory(
        inquiry=inquiry,
        dimension="age_band",
        category="75_plus",
        expected_percent=Decimal("40"),
    )
    ReferenceShareFactory(
        inquiry=inquiry,
        dimension="age_band",
        category="65_74",
        expected_percent=Decimal("30"),
        source="Anyshire adult social care, 2024 (illustrative)",
    )
    return inquiry


def staff(demo_users, role=Role.FACILITATOR) -> Client:
    client = Client()
    client.force_login(demo_users[role])
    return client


@pytest.mark.django_db
def test_counts_are_shown_with_small_ones_hidden(heard):
    report = whose_voices(heard)
    assert report.took_part == 20
    assert shown(report, "age_band") == {
        "under_18": FEWER_THAN_5,
        "18_24": FEWER_THAN_5,
        "25_34": FEWER_THAN_5,
        "35_49": FEWER_THAN_5,
        "50_64": "5",
        "65_74": NOT_SHOWN,  # the largest, so "fewer than 5" stays hidden
        "75_plus": FEWER_THAN_5,
    }
    assert shown(report, "channel") == {
        "session": "5",
        "online": NOT_SHOWN,
        "phone": FEWER_THAN_5,
        "post": FEWER_THAN_5,
    }
    ages = dimension(report, "age_band")
    assert [row.label for row in ages.under_heard] == ["75 or over"]
    assert ages.answered == 20


@pytest.mark.django_db
def test_the_page_shows_tables_flags_in_words_and_a_summary(heard, demo_users):
    html = staff(demo_users).get(PAGE.format(heard.slug)).content.decode()
    assert "20 people have taken part so far." in html
    assert "Under-heard groups: Age band: 75 or over." in html
    row = re.search(r'<th scope="row">75 or over</th>(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells == [FEWER_THAN_5, NOT_SHOWN, "40%", "Under-heard"]
    assert '<caption class="table__caption">Age band</caption>' in html
    assert "Anyshire adult social care, 2024 (illustrative)" in html
    assert "fewer than 8 in 10 of the people we would expect" in html


@pytest.mark.django_db
def test_the_csv_hides_the_same_small_numbers(heard, demo_users):
    response = staff(demo_users).get(CSV.format(heard.slug))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["question", "group", "people"]
    by_group = {(r[0], r[1]): r for r in rows[1:]}
    assert by_group[("All", "People who took part")][2] == "20"
    assert by_group[("Age band", "75 or over")][2:6] == [
        FEWER_THAN_5,
        NOT_SHOWN,
        "40%",
        "Under-heard",
    ]
    assert by_group[("Age band", "65 to 74")][2] == NOT_SHOWN
    for row in rows[1:]:
        people_cell = row[2]
        assert people_cell in {FEWER_THAN_5, NOT_SHOWN} or int(people_cell) >= 5


@pytest.mark.django_db
def test_page_and_csv_agree(heard, demo_users):
    client = staff(demo_users, Role.MODERATOR)
    html = client.get(PAGE.format(heard.slug)).content.decode()
    csv_body = client.get(CSV.format(heard.slug)).content.decode()
    rows = list(csv.reader(io.StringIO(csv_body)))
    numeric = '<td class="table__cell--numeric">'
    for question, group, count, *_ in rows[2:]:
        if question == "All" or group in {"People who answered", "Prefer not to say"}:
            continue
        assert f'<th scope="row">{group}</th>{numeric}{count}</td>' in html


@pytest.mark.django_db
def test_fewer_than_5_people_show_no_numbers(inquiry, demo_users):
    people(inquiry, 4, channel="online", age_band="75_plus")
    client = staff(demo_users)
    html = client.get(PAGE.format(inquiry.slug)).content.decode()
    assert "Fewer than 5 people have taken part so far" in html
    assert "<table" not in html
    csv_body = client.get(CSV.format(inquiry.slug)).content.decode()
    assert list(csv.reader(io.StringIO(csv_body)))[1][2] == FEWER_THAN_5


@pytest.mark.django_db
def test_a_safeguarding_concern_never_adds_to_a_count(heard):
    before = whose_voices(heard)
    # Someone whose only finding is a concern, by a channel nobody else used...
    newcomer = ParticipantFactory(inquiry=heard, user=None)
    concern = FindingFactory(
        inquiry=heard, participant=newcomer, channel="post", state="published"
    )
    listening.raise_safeguarding_concern(finding=concern, raised_by=None)
    # ...and someone already counted, telling us something by a new channel.
    counted = Participant.objects.filter(inquiry=heard, findings__channel="phone")[0]
    second = FindingFactory(
        inquiry=heard, participant=counted, channel="session", state="published"
    )
    listening.raise_safeguarding_concern(finding=second, raised_by=None)
    # Even when put back to published by mistake, it still does not count.
    type(second).objects.filter(pk=second.pk).update(state="published")
    assert whose_voices(heard) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "counts"),
    [
        ({"channel": "online"}, True),
        ({"channel": "online", "state": "pending"}, False),
        ({"channel": "online", "state": "escalated"}, False),
        ({"channel": "online", "state": "private"}, True),
        ({"age_band": "18_24"}, True),  # 'About you' only
        ({"channel": "online", "state": "pending", "helped": "yes"}, True),
    ],
)
def test_who_counts_as_having_taken_part(extra, counts):
    inquiry = InquiryFactory()
    people(inquiry, 5, channel="online")
    people(inquiry, 1, **extra)
    assert whose_voices(inquiry).took_part == (6 if counts else 5)


@pytest.mark.django_db
def test_withdrawn_words_do_not_count():
    from django.utils import timezone

    inquiry = InquiryFactory()
    people(inquiry, 5, channel="online")
    (person,) = people(inquiry, 1, channel="online")
    person.findings.update(withdrawn_at=timezone.now())
    assert whose_voices(inquiry).took_part == 5


@pytest.mark.django_db
def test_multi_answers_count_each_group_and_prefer_not_apart():
    inquiry = InquiryFactory()
    people(inquiry, 6, relationship=["draw_on_care", "unpaid_carer"])
    people(inquiry, 6, relationship=["unpaid_carer"])
    people(inquiry, 7, relationship=["prefer_not"])
    relationship = dimension(whose_voices(inquiry), "relationship")
    assert relationship.answered == 12
    assert relationship.prefer_not_display == "7"
    rows = {row.key: row for row in relationship.rows}
    assert rows["unpaid_carer"].display == NOT_SHOWN
    assert rows["draw_on_care"].display == "6"
    assert rows["draw_on_care"].share_display == "50%"


@pytest.mark.django_db
def test_areas_follow_the_inquiry_list_and_keep_old_names():
    inquiry = InquiryFactory()
    about_you.set_local_areas(inquiry=inquiry, names=["Northtown", "Southvale"])
    people(inquiry, 6, area="Northtown")
    people(inquiry, 5, area="Oldham Road")  # an area since removed
    people(inquiry, 5, area="elsewhere")
    rows = dimension(whose_voices(inquiry), "area").rows
    assert [row.label for row in rows] == [
        "Northtown",
        "Southvale",
        "Somewhere else",
        "Oldham Road (no longer listed)",
    ]


@pytest.mark.django_db
def test_ethnicity_is_counted_by_census_group():
    inquiry = InquiryFactory()
    people(inquiry, 3, ethnicity="asian_indian")
    people(inquiry, 3, ethnicity="asian_chinese")
    people(inquiry, 9, ethnicity="white_british")
    rows = {
        row.key: row.display
        for row in dimension(whose_voices(inquiry), "ethnic_group").rows
    }
    assert rows["asian"] == "6"
    assert rows["white"] == NOT_SHOWN  # beside the small groups


@pytest.mark.django_db
def test_voices_reads_in_a_fixed_number_of_queries():
    def queries(size):
        inquiry = InquiryFactory()
        people(
            inquiry, size, channel="online", age_band="18_24", relationship=["public"]
        )
        people(inquiry, size, channel=None, helped="no")
        ReferenceShareFactory(inquiry=inquiry)
        with CaptureQueriesContext(connection) as captured:
            whose_voices(inquiry)
        return len(captured)

    assert queries(2) == queries(25) == 5


@pytest.mark.django_db
def test_team_page_links_to_voices_for_those_who_may_see_it(demo_users):
    for role, sees in [
        (Role.FACILITATOR, True),
        (Role.MODERATOR, True),
        (Role.ADMIN, True),
        (Role.SITE_EDITOR, False),
        (Role.SAFEGUARDING_LEAD, False),
    ]:
        client = staff(demo_users, role)
        html = client.get("/inquiries/anyshire/team/").content.decode()
        assert (PAGE.format("anyshire") in html) == sees, role
        assert (CSV.format("anyshire") in html) == sees, role


@pytest.mark.django_db
def test_moderators_see_voices_for_any_inquiry_facilitators_their_own(
    inquiry, demo_users
):
    other = InquiryFactory()
    assert (
        staff(demo_users, Role.MODERATOR).get(PAGE.format(other.slug)).status_code
        == 200
    )
    assert staff(demo_users).get(PAGE.format(other.slug)).status_code == 403
    assert staff(demo_users).get(PAGE.format(inquiry.slug)).status_code == 200


@pytest.mark.django_db
def test_csv_cells_never_start_a_formula(inquiry, demo_users):
    about_you.set_local_areas(inquiry=inquiry, names=["=HYPERLINK(1)"])
    people(inquiry, 6, channel="online", area="=HYPERLINK(1)")
    body = staff(demo_users).get(CSV.format(inquiry.slug)).content.decode()
    assert ",=HYPERLINK" not in body
    assert "'=HYPERLINK(1)" in body


@pytest.mark.django_db
def test_the_admin_edits_areas_and_the_reference_profile(demo, demo_users):
    client = staff(demo_users, Role.ADMIN)
    url = f"/admin/snippets/consult/inquiry/edit/{demo.pk}/"
    html = client.get(url).content.decode()
    assert "Areas people can choose in" in html
    assert "Reference profile for" in html
