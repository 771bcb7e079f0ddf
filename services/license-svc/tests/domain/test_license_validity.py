"""Six calendar months, clamped to the last day of a shorter month."""

from datetime import date

import pytest

from license_svc.domain.validity import add_calendar_months, valid_until


@pytest.mark.parametrize(
    ("issued", "until"),
    [
        (date(2025, 1, 15), date(2025, 7, 15)),
        (date(2025, 8, 31), date(2026, 2, 28)),
        (date(2023, 8, 31), date(2024, 2, 29)),
        (date(2027, 8, 31), date(2028, 2, 29)),
        (date(2025, 8, 29), date(2026, 2, 28)),
        (date(2025, 12, 10), date(2026, 6, 10)),
        (date(2025, 12, 31), date(2026, 6, 30)),
        (date(2025, 1, 31), date(2025, 7, 31)),
        (date(2025, 3, 31), date(2025, 9, 30)),
        (date(2028, 2, 29), date(2028, 8, 29)),
        (date(2025, 7, 1), date(2026, 1, 1)),
    ],
)
def test_licence_is_valid_for_six_calendar_months(issued: date, until: date) -> None:
    assert valid_until(issued) == until


def test_adding_months_crosses_years_in_both_directions() -> None:
    assert add_calendar_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_calendar_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert add_calendar_months(date(2024, 1, 31), 0) == date(2024, 1, 31)
