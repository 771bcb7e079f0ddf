"""Licence validity: six calendar months from the issue date, clamped to the end of short months."""

import calendar
from datetime import date

VALIDITY_MONTHS = 6


def add_calendar_months(start: date, months: int) -> date:
    """Same day-of-month `months` later; a day the target month lacks becomes its last day."""
    month_index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def valid_until(issue_date: date) -> date:
    return add_calendar_months(issue_date, VALIDITY_MONTHS)
