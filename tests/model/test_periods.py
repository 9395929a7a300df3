"""Reporting periods: every form reads as the days it covers, and every refusal says why."""

from __future__ import annotations

import datetime
import re

import pytest

from cfgov import Period, PeriodError, PeriodKind, parse_period
from cfgov.model.periods import FORMS, is_valid_period

D = datetime.date


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2025", PeriodKind.YEAR, D(2025, 1, 1), D(2025, 12, 31)),
        ("0001", PeriodKind.YEAR, D(1, 1, 1), D(1, 12, 31)),
        ("2025-26", PeriodKind.FINANCIAL_YEAR, D(2025, 4, 1), D(2026, 3, 31)),
        ("2025/26", PeriodKind.FINANCIAL_YEAR, D(2025, 4, 1), D(2026, 3, 31)),
        ("2004/05", PeriodKind.FINANCIAL_YEAR, D(2004, 4, 1), D(2005, 3, 31)),
        ("1999/00", PeriodKind.FINANCIAL_YEAR, D(1999, 4, 1), D(2000, 3, 31)),
        ("1999-00", PeriodKind.FINANCIAL_YEAR, D(1999, 4, 1), D(2000, 3, 31)),
        ("2025-26 Q1", PeriodKind.FINANCIAL_QUARTER, D(2025, 4, 1), D(2025, 6, 30)),
        ("2025-26 Q2", PeriodKind.FINANCIAL_QUARTER, D(2025, 7, 1), D(2025, 9, 30)),
        ("2025-26 Q3", PeriodKind.FINANCIAL_QUARTER, D(2025, 10, 1), D(2025, 12, 31)),
        ("2025-26 Q4", PeriodKind.FINANCIAL_QUARTER, D(2026, 1, 1), D(2026, 3, 31)),
        ("2004/05 Q4", PeriodKind.FINANCIAL_QUARTER, D(2005, 1, 1), D(2005, 3, 31)),
        ("2025-Q1", PeriodKind.QUARTER, D(2025, 1, 1), D(2025, 3, 31)),
        ("2025-Q2", PeriodKind.QUARTER, D(2025, 4, 1), D(2025, 6, 30)),
        ("2025-Q3", PeriodKind.QUARTER, D(2025, 7, 1), D(2025, 9, 30)),
        ("2025-Q4", PeriodKind.QUARTER, D(2025, 10, 1), D(2025, 12, 31)),
        ("2025-04", PeriodKind.MONTH, D(2025, 4, 1), D(2025, 4, 30)),
        ("2025-12", PeriodKind.MONTH, D(2025, 12, 1), D(2025, 12, 31)),
        ("2025-01", PeriodKind.MONTH, D(2025, 1, 1), D(2025, 1, 31)),
        ("2025-04-07", PeriodKind.DAY, D(2025, 4, 7), D(2025, 4, 7)),
        ("2025-04-01/2025-06-30", PeriodKind.RANGE, D(2025, 4, 1), D(2025, 6, 30)),
        ("2025-04/2025-06", PeriodKind.RANGE, D(2025, 4, 1), D(2025, 6, 30)),
        ("2024/2025", PeriodKind.RANGE, D(2024, 1, 1), D(2025, 12, 31)),
        ("2025-04-07/2025-04-07", PeriodKind.RANGE, D(2025, 4, 7), D(2025, 4, 7)),
        ("2025-04-15/2025-05", PeriodKind.RANGE, D(2025, 4, 15), D(2025, 5, 31)),
    ],
)
def test_every_form_covers_the_days_it_says(
    text: str, kind: PeriodKind, start: datetime.date, end: datetime.date
) -> None:
    period = parse_period(text)
    assert period == Period(text, kind, start, end)
    assert str(period) == text  # kept as written
    assert is_valid_period(text)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("2024-02", D(2024, 2, 29)),  # a leap year
        ("2025-02", D(2025, 2, 28)),
        ("2000-02", D(2000, 2, 29)),  # divisible by 400
        ("1900-02", D(1900, 2, 28)),  # divisible by 100 only
        ("2024-Q1", D(2024, 3, 31)),
        ("2023-24 Q4", D(2024, 3, 31)),
    ],
)
def test_february_follows_the_leap_years(text: str, end: datetime.date) -> None:
    assert parse_period(text).end == end


def test_a_leap_day_is_a_day_only_in_a_leap_year() -> None:
    assert parse_period("2024-02-29").days == 1
    with pytest.raises(PeriodError, match="2023-02-29 is not a day in the calendar"):
        parse_period("2023-02-29")


@pytest.mark.parametrize(
    ("text", "days"),
    [("2024", 366), ("2025", 365), ("2023-24", 366), ("2024-25", 365), ("2025-04", 30)],
)
def test_days_counts_both_ends(text: str, days: int) -> None:
    assert parse_period(text).days == days


def test_overlaps_shares_a_day_or_not() -> None:
    year = parse_period("2025-26")
    assert year.overlaps(parse_period("2026-03"))  # its last month
    assert year.overlaps(parse_period("2025-04-01"))  # its first day
    assert year.overlaps(parse_period("2025"))  # April to December of it
    assert not year.overlaps(parse_period("2026-04"))
    assert not year.overlaps(parse_period("2025-03-31"))
    assert parse_period("2026-04").overlaps(parse_period("2026-04-30/2026-05-02"))
    # Symmetric
    assert parse_period("2026-03").overlaps(year)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2004-05",
            "it could mean the month May 2004 or the financial year 2004-05: write "
            "`2004/05` for the financial year, or `2004-05-01/2004-05-31` for the month",
        ),
        (
            "2023-02",
            None,  # not refused: 02 does not follow 23, so it is February
        ),
        (
            "2011-12",
            "it could mean the month December 2011 or the financial year 2011-12: write "
            "`2011/12` for the financial year, or `2011-12-01/2011-12-31` for the month",
        ),
        (
            "2024-13",
            "it is neither a month (there is no month 13) nor a financial year "
            "(the financial year from 2024 is written `2024-25`)",
        ),
        (
            "2024/27",
            "a financial year runs into the next year, so after 2024 comes `25`, not `27`",
        ),
        (
            "2024-27 Q1",
            "a financial year runs into the next year, so after 2024 comes `25`, not `27`",
        ),
        ("2024-00", "it is neither a month (there is no month 00)"),
        ("2025-Q5", "it is not a period cfgov can read"),
        ("2025-26 Q5", "it is not a period cfgov can read"),
        ("Q1 2025", "it is not a period cfgov can read"),
        ("April 2025", "it is not a period cfgov can read"),
        ("", "it is not a period cfgov can read"),
        ("25", "it is not a period cfgov can read"),
        ("0000", "there is no year 0"),
        ("2025-06-31", "2025-06-31 is not a day in the calendar"),
        ("2025-06/2025-04", "it ends (2025-04) before it starts (2025-06)"),
        ("2025-04/soon", "'soon' is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2025-04/", "'' is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2025-13/2026", "there is no month 13"),
        ("2025-04-01/2026-03-31x", "it is longer than any period cfgov reads"),
    ],
)
def test_refusals_say_why(text: str, message: str | None) -> None:
    if message is None:
        assert parse_period(text).kind is PeriodKind.MONTH
        return
    with pytest.raises(PeriodError, match=re.escape(message)):
        parse_period(text)
    assert not is_valid_period(text)


def test_the_ambiguous_form_is_refused_only_when_both_readings_are_possible() -> None:
    # 2004-05 could be May 2004 or 2004-05: refused. 2004-06 cannot be a financial
    # year (06 does not follow 04): June 2004.
    with pytest.raises(PeriodError, match="could mean"):
        parse_period("2004-05")
    assert parse_period("2004-06").kind is PeriodKind.MONTH
    # The other spellings of each reading are taken.
    assert parse_period("2004/05").kind is PeriodKind.FINANCIAL_YEAR
    assert parse_period("2004-05-01/2004-05-31").days == 31
    # 2012-13 is not ambiguous: there is no month 13.
    assert parse_period("2012-13").kind is PeriodKind.FINANCIAL_YEAR


def test_a_period_error_is_a_value_error_and_text_is_required() -> None:
    assert issubclass(PeriodError, ValueError)
    with pytest.raises(TypeError, match="a period is text, not int"):
        parse_period(2025)  # type: ignore[arg-type]
    assert not is_valid_period(2025)
    assert not is_valid_period(None)


def test_the_forms_hint_names_every_form() -> None:
    for written in ("`2025`", "`2025-26`", "`2025/26`", "`2025-Q1`", "`2025-26 Q1`", "`2025-04`"):
        assert written in FORMS
    assert "`2025-04-07`" in FORMS
    assert "`2025-04-01/2025-06-30`" in FORMS
