"""Calendar cases the validity table leaves out: century leap years and every issue date.

Six calendar months keep the day of month; a day the target month lacks clamps to its last day.
"""

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from license_svc.domain.validity import valid_until


@pytest.mark.parametrize(
    ("issued", "until"),
    [
        (date(2099, 8, 31), date(2100, 2, 28)),
        (date(2399, 8, 31), date(2400, 2, 29)),
        (date(2025, 2, 28), date(2025, 8, 28)),
        (date(2024, 2, 29), date(2024, 8, 29)),
        (date(2025, 6, 30), date(2025, 12, 30)),
        (date(2025, 4, 30), date(2025, 10, 30)),
        (date(2025, 5, 31), date(2025, 11, 30)),
        (date(2025, 10, 31), date(2026, 4, 30)),
    ],
)
def test_century_years_and_month_ends_follow_the_gregorian_calendar(
    issued: date, until: date
) -> None:
    assert valid_until(issued) == until


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 6, 30)))
def test_every_issue_date_keeps_its_day_or_clamps_to_the_month_end(issued: date) -> None:
    until = valid_until(issued)
    months_later = (until.year - issued.year) * 12 + until.month - issued.month
    last_day = calendar.monthrange(until.year, until.month)[1]

    assert months_later == 6
    assert until.day == min(issued.day, last_day)
    assert timedelta(days=181) <= until - issued <= timedelta(days=184)
