"""Equality monitoring ('About you') is kept apart from who people are and
from what they said, and reported only in aggregate with small numbers
hidden (consult/voices.py, SMALL = 5)."""

from __future__ import annotations

import pytest

from consult import voices
from consult.models import AboutYou, Finding, User
from consult.opendata.datasets import datasets_for
from consult.privacy import export
from consult.selectors import whose_voices
from tests.factories import AboutYouFactory, InquiryFactory, ParticipantFactory

EQUALITY_FIELDS = {"age_band", "disability", "ethnicity", "ethnic_group"}


def test_about_you_links_only_to_the_participant_row() -> None:
    links = {
        f.name for f in AboutYou._meta.get_fields() if f.is_relation and f.concrete
    }
    assert links == {"participant"}
    # Neither the account nor a finding can reach the answers directly.
    assert not any(
        f.related_model is AboutYou for f in User._meta.get_fields() if f.is_relation
    )
    assert not any(
        f.related_model is AboutYou for f in Finding._meta.get_fields() if f.is_relation
    )


def test_the_suppression_threshold_is_5() -> None:
    assert voices.SMALL == 5
    assert [voices.show_count(n) for n in (0, 4, 5)] == [
        "fewer than 5",
        "fewer than 5",
        "5",
    ]


@pytest.mark.django_db
def test_whose_voices_hides_a_group_of_fewer_than_5() -> None:
    inquiry = InquiryFactory()
    for _ in range(4):
        AboutYouFactory(
            participant=ParticipantFactory(inquiry=inquiry), age_band="75_plus"
        )
    for _ in range(6):
        AboutYouFactory(
            participant=ParticipantFactory(inquiry=inquiry), age_band="25_34"
        )
    report = whose_voices(inquiry)
    ages = next(d for d in report.dimensions if d.key == "age_band")
    rows = {row.key: row for row in ages.rows}
    assert rows["75_plus"].count is None
    assert rows["75_plus"].display == "fewer than 5"
    assert rows["25_34"].count is None or rows["25_34"].count == 6


@pytest.mark.django_db
def test_fewer_than_5_people_show_no_table_at_all() -> None:
    inquiry = InquiryFactory()
    for _ in range(4):
        AboutYouFactory(
            participant=ParticipantFactory(inquiry=inquiry), age_band="75_plus"
        )
    report = whose_voices(inquiry)
    assert report.took_part is None and report.dimensions == []


@pytest.mark.django_db
def test_open_data_never_holds_about_you_answers(demo) -> None:
    assert AboutYou.objects.filter(participant__inquiry=demo).exists()
    for dataset in datasets_for(demo):
        names = {field.name for field in dataset.fields}
        assert not names & EQUALITY_FIELDS, dataset.key


@pytest.mark.django_db
def test_a_person_sees_their_own_answers_but_no_one_elses() -> None:
    inquiry = InquiryFactory()
    mine = AboutYouFactory(
        participant=ParticipantFactory(inquiry=inquiry), age_band="75_plus"
    )
    AboutYouFactory(participant=ParticipantFactory(inquiry=inquiry), age_band="18_24")
    data = export.person_data(user=mine.participant.user, code_participants=[])
    assert [s.about_you["age_band"] for s in data.inquiries] == ["75 or over"]
