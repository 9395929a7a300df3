"""Reporting periods as public bodies write them: years, financial years, quarters, months.

A period is kept in the model as the text written (``"2025-26"``); :func:`parse_period`
says which days it covers. The forms, each a closed range of days:

=========================  ==========================================================
``2025``                   the calendar year
``2025-26`` or ``2025/26`` the financial year, 1 April 2025 to 31 March 2026 (the
                           second part is the next year's last two digits)
``2025-26 Q1``             a quarter of a financial year (Q1 is April to June)
``2025-Q1``                a quarter of the calendar year (Q1 is January to March)
``2025-04``                a month
``2025-04-07``             a single day
``2025-04-01/2025-06-30``  from the first to the second, both included; either side may
                           be any of the date forms (``2025-04/2025-06`` is April to June)
=========================  ==========================================================

``2004-05`` could mean May 2004 or the financial year 2004-05, so text of that shape
is refused when both readings are possible: write ``2004/05`` for the financial year
and ``2004-05-01/2004-05-31`` for the month.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import functools
import re

import attrs

#: The longest text that can be a period (two days and a slash); longer text is refused.
_PERIOD_CHARS = 21

_YEAR = re.compile(r"([0-9]{4})")
_FINANCIAL = re.compile(r"([0-9]{4})([-/])([0-9]{2})(?: Q([1-4]))?")
_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class PeriodKind(enum.Enum):
    """Which form a period was written in."""

    YEAR = "year"
    FINANCIAL_YEAR = "financial_year"
    FINANCIAL_QUARTER = "financial_quarter"
    QUARTER = "quarter"
    MONTH = "month"
    DAY = "day"
    RANGE = "range"

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class Period:
    """The days a period covers: from ``start`` to ``end``, both included."""

    text: str
    kind: PeriodKind
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.end - self.start).days + 1

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        return self.text


class PeriodError(ValueError):
    """Text that is not a period cfgov can read; the message says why and how to write it."""


FORMS = (
    "a year (`2025`), a financial year (`2025-26` or `2025/26`), a quarter (`2025-Q1`, or "
    "`2025-26 Q1` in a financial year), a month (`2025-04`), a day (`2025-04-07`), or "
    "two of those dates with a slash between them (`2025-04-01/2025-06-30`)"
)


def parse_period(text: str) -> Period:
    """The :class:`Period` that ``text`` stands for; :class:`PeriodError` if it is none."""
    if not isinstance(text, str):
        raise TypeError(f"a period is text, not {type(text).__name__}")
    if len(text) > _PERIOD_CHARS:
        raise PeriodError("it is longer than any period cfgov reads")
    return _parse(text)


def is_valid_period(text: object) -> bool:
    """Whether ``text`` is a period :func:`parse_period` can read."""
    if not isinstance(text, str):
        return False
    try:
        parse_period(text)
    except PeriodError:
        return False
    return True


@functools.lru_cache(maxsize=8192)
def _parse(text: str) -> Period:
    """:func:`parse_period` for short text: a model repeats its few periods many times."""
    if "/" in text and _FINANCIAL.fullmatch(text) is None:
        first, _, second = text.partition("/")
        start, _ = _date_span(first, text)
        _, end = _date_span(second, text)
        if end < start:
            raise PeriodError(f"it ends ({second}) before it starts ({first})")
        return Period(text, PeriodKind.RANGE, start, end)
    if _YEAR.fullmatch(text):
        year = _year(text)
        return Period(text, PeriodKind.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    quarter = _QUARTER.fullmatch(text)
    if quarter is not None:
        in_year, quarter_number = _year(quarter[1]), int(quarter[2])
        first_month = 3 * (quarter_number - 1) + 1
        return Period(
            text,
            PeriodKind.QUARTER,
            datetime.date(in_year, first_month, 1),
            _month_end(in_year, first_month + 2),
        )
    financial = _FINANCIAL.fullmatch(text)
    if financial is not None:
        written, separator, tail, number = financial.groups()
        start_year = _year(written)
        follows = f"{(start_year + 1) % 100:02d}" == tail
        if separator == "-" and not number and 1 <= int(tail) <= 12:
            if follows:
                last = _month_end(start_year, int(tail)).day
                raise PeriodError(
                    f"it could mean the month {calendar.month_name[int(tail)]} {start_year} or "
                    f"the financial year {text}: write `{written}/{tail}` for the financial year, "
                    f"or `{written}-{tail}-01/{written}-{tail}-{last}` "
                    "for the month"
                )
            return _month(text, start_year, int(tail))
        if not follows:
            after = f"{(start_year + 1) % 100:02d}"
            if separator == "-" and not number:
                raise PeriodError(
                    f"it is neither a month (there is no month {tail}) nor a financial year "
                    f"(the financial year from {written} is written `{written}-{after}`)"
                )
            raise PeriodError(
                f"a financial year runs into the next year, so after {written} comes "
                f"`{after}`, not `{tail}`"
            )
        if number:
            first_month = 3 * (int(number) - 1) + 4
            first_year = start_year + (first_month - 1) // 12
            first_month = (first_month - 1) % 12 + 1
            return Period(
                text,
                PeriodKind.FINANCIAL_QUARTER,
                datetime.date(first_year, first_month, 1),
                _month_end(first_year + (first_month + 1) // 12, (first_month + 1) % 12 + 1),
            )
        return Period(
            text,
            PeriodKind.FINANCIAL_YEAR,
            datetime.date(start_year, 4, 1),
            datetime.date(start_year + 1, 3, 31),
        )
    month = _MONTH.fullmatch(text)
    if month is not None:
        return _month(text, _year(month[1]), int(month[2]))
    if _DAY.fullmatch(text):
        start, end = _date_span(text, text)
        return Period(text, PeriodKind.DAY, start, end)
    raise PeriodError("it is not a period cfgov can read")


def _year(text: str) -> int:
    year = int(text)
    if year < 1:
        raise PeriodError("there is no year 0")
    return year


def _month(text: str, year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise PeriodError(f"there is no month {month:02d}")
    return Period(text, PeriodKind.MONTH, datetime.date(year, month, 1), _month_end(year, month))


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _date_span(part: str, whole: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    if _YEAR.fullmatch(part):
        year = _year(part)
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    month = _MONTH.fullmatch(part)
    if month is not None:
        found = _month(part, _year(month[1]), int(month[2]))
        return found.start, found.end
    day = _DAY.fullmatch(part)
    if day is not None:
        try:
            date = datetime.date(_year(day[1]), int(day[2]), int(day[3]))
        except ValueError:
            raise PeriodError(f"{part} is not a day in the calendar") from None
        return date, date
    if part == whole:
        raise PeriodError("it is not a period cfgov can read")
    raise PeriodError(f"{part!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
