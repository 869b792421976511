"""Calendar files: RFC 5545 escaping, folding and UTC times."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deliberation.ics import CalendarEvent, calendar, escape_text, fold, utc_stamp

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Library, High St; room 2", "Library\\, High St\\; room 2"),
        ("line one\nline two", "line one\\nline two"),
        ("back\\slash", "back\\\\slash"),
        ("windows\r\nend", "windows\\nend"),
    ],
)
def test_text_values_are_escaped(text, escaped):
    assert escape_text(text) == escaped


def test_summer_time_is_written_in_utc():
    start = dt.datetime(2027, 6, 1, 14, 0, tzinfo=LONDON)
    assert utc_stamp(start) == "20270601T130000Z"


def test_a_time_without_a_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        utc_stamp(dt.datetime(2027, 6, 1, 14, 0))


@given(st.text(min_size=0, max_size=400))
def test_folded_lines_fit_and_unfold_to_the_original(line):
    line = line.replace("\r", "").replace("\n", "")
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert parts[0] + "".join(part[1:] for part in parts[1:]) == line


def test_a_calendar_has_one_event_with_crlf_line_ends():
    event = CalendarEvent(
        uid="session-1@example.org",
        starts_at=dt.datetime(2027, 1, 12, 14, 0, tzinfo=LONDON),
        ends_at=dt.datetime(2027, 1, 12, 16, 0, tzinfo=LONDON),
        summary="Tuesday at the library",
        location="Anytown Library, 1 High Street",
    )
    text = calendar(event, now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "DTSTART:20270112T140000Z" in lines
    assert "LOCATION:Anytown Library\\, 1 High Street" in lines
    assert text.count("BEGIN:VEVENT") == 1
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
