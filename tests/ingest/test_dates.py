"""parse_date and is_date_line."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allegiance.ingest import is_date_line, parse_date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Published 10 Nov 2019, 14:10 GMT", "2019-11-10"),
        ("23 November 2019", "2019-11-23"),
        ("7 December 2019", "2019-12-07"),
        ("2019-12-21", "2019-12-21"),
        ("2019-12-21T09:00:00Z", "2019-12-21"),
        ("2021-06-14T23:30:00-05:00", "2021-06-14"),  # the date as written, not shifted to UTC
        ("Tue, 10 Nov 2009 23:10:00 -0500", "2009-11-10"),
        ("Friday, January 4, 2019", "2019-01-04"),
        ("Dec. 21, 2019", "2019-12-21"),
        ("March 5, 2021 at 9:41 am", "2021-03-05"),
        ("Last modified on Tue 3 Mar 2020 10.02 GMT", "2020-03-03"),
        ("Updated: 2019-12-21 10:00", "2019-12-21"),
        ("21.12.2019", "2019-12-21"),
        ("12/31/2019", "2019-12-31"),
        ("20191221", "2019-12-21"),
        (dt.date(1914, 8, 4), "1914-08-04"),
        (dt.datetime(1989, 11, 9, 18, 0), "1989-11-09"),
    ],
)
def test_parse_date_formats(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", "2019", "November 2019", "Nov 2019", "yesterday", "Comments (12)",
     "2019-02-30", "12 Angry Men", 1575000000, True, ["2019-01-01"], "x" * 500],
)
def test_parse_date_never_invents(value):
    assert parse_date(value) is None


def test_dayfirst_option_for_ambiguous_numeric_dates():
    assert parse_date("03/04/2019") == "2019-03-04"
    assert parse_date("03/04/2019", dayfirst=True) == "2019-04-03"


@pytest.mark.parametrize(
    "line",
    ["Published 10 Nov 2019, 14:10 GMT", "23 November 2019", "16 December 2019",
     "Mon 2 Mar 2020 18.30 GMT", "Updated 5 March 2021"],
)
def test_date_lines(line):
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line",
    ["Election called for 12 December 2019", "Greta Thunberg named 2019 Time Person of the Year",
     "By Sarah Jones", "2019", ""],
)
def test_not_date_lines(line):
    assert not is_date_line(line)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=120), st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2200, 12, 31))))
def test_parse_date_total_and_iso(value):
    result = parse_date(value)
    assert result is None or (len(result) == 10 and dt.date.fromisoformat(result))
    if isinstance(value, dt.date):
        assert result == value.isoformat()
