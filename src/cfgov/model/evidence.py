"""Evidence: what actually happened for each segment, period by period.

Three kinds of record, each plain frozen data like the rest of the model:

* :class:`Result` — the target and actual of one measure for one period,
  optionally for one breakdown (a channel, an area, a sub-group);
* :class:`Feedback` — what customers of one segment said in one period: how many
  were asked and answered, how many gave each score from 0 to 10, and the themes
  of "what would have made it a 10" (Seddon 2006);
* :class:`Demand` — the contacts one segment made in one period, split into value
  demand (what the service is there for) and failure demand (contact caused by a
  failure to do something, or to do it right), the latter by type.

Records have no ids of their own. Each is known by what it is about (its
``key``), and a finding about one names the measure or segment it belongs to, with
a field path (``path``) under which the source map places it.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

import attrs

from cfgov.model import _html
from cfgov.model._fields import check_number, id_field, optional_text, readable, required_text
from cfgov.model.enums import FeedbackKind, ResultStatus
from cfgov.model.periods import Period, parse_period

#: A result's target or actual: a number, or text for a qualitative measure.
Value: TypeAlias = int | float | str

#: The scores of a 0-10 rating, and the bands the summaries use: 9 and 10 are high
#: scores, 0 to 6 low ones (the bands of the common "likelihood to recommend" scale).
SCORES = tuple(range(11))
HIGH_SCORES = frozenset({9, 10})
LOW_SCORES = frozenset(range(7))


def _pair(item: Any) -> tuple[Any, ...]:
    """One pair as a tuple; text stays whole (``"ab"`` is not the pair ``("a", "b")``), so
    that the validators refuse it."""
    return (item,) if isinstance(item, str) else tuple(item)


def labels(
    value: Mapping[str, str] | Iterable[tuple[str, str]] | None,
) -> tuple[tuple[str, str], ...]:
    """A breakdown as pairs of dimension and value, sorted by dimension."""
    if value is None:
        return ()
    pairs = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((_pair(pair) for pair in pairs), key=lambda pair: pair[:1]))


def counts(
    value: Mapping[Any, int] | Iterable[tuple[Any, int]] | None,
) -> tuple[tuple[Any, int], ...]:
    """Counts as pairs of what is counted and how many, sorted by what is counted.

    A mapping's order carries no meaning (a survey's themes are the same answers in
    whatever order they are written, and a table has one order of columns for all its
    rows), so the model keeps one order, as it does for a breakdown's dimensions.
    """
    if value is None:
        return ()
    pairs = value.items() if isinstance(value, Mapping) else value
    made = tuple(_pair(pair) for pair in pairs)
    if all(len(pair) == 2 and isinstance(pair[0], str) for pair in made):
        return tuple(sorted(made, key=lambda pair: pair[0]))
    return made  # as given, so that the validators can say what is wrong with a pair


def score_counts(
    value: Mapping[int, int] | Iterable[tuple[int, int]] | None,
) -> tuple[tuple[int, int], ...]:
    """Score counts as pairs of score and count, sorted by score."""
    return tuple(sorted(counts(value)))


def _check_period(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be text, not {type(value).__name__}")
    parse_period(value)  # raises PeriodError, a ValueError, saying what is wrong


def _check_value(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None or isinstance(value, str):
        return
    check_number(attribute.name, value)


def _check_labels(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    seen: set[str] = set()
    for pair in value:
        if len(pair) != 2 or not all(isinstance(part, str) and part.strip() for part in pair):
            raise ValueError(f"{attribute.name} must pair a dimension with a value, both text")
        if pair[0] in seen:
            raise ValueError(f"{attribute.name} names the dimension {pair[0]!r} twice")
        seen.add(pair[0])


def _check_whole(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number, not {type(value).__name__}")
    check_number(name, value, non_negative=True)


def _optional_count(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_whole(attribute.name, value)


def _check_counts(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    seen: set[object] = set()
    for pair in value:
        if len(pair) != 2:
            raise ValueError(f"{attribute.name} must pair each item with its count")
        key, count = pair
        if not isinstance(key, str) or not key.strip():
            raise ValueError(f"{attribute.name} must name each item with text")
        if key in seen:
            raise ValueError(f"{attribute.name} names {key!r} twice")
        seen.add(key)
        _check_whole(f"the count of {key!r}", count)


def _check_scores(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    seen: set[int] = set()
    for pair in value:
        if len(pair) != 2:
            raise ValueError(f"{attribute.name} must pair each score with its count")
        score, count = pair
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
            raise ValueError(f"{attribute.name} holds the score {score!r}: scores run from 0 to 10")
        if score in seen:
            raise ValueError(f"{attribute.name} gives the score {score} twice")
        seen.add(score)
        _check_whole(f"the count of score {score}", count)


#: What a field path escapes, "%" first so that the codes themselves stay apart.
_ESCAPES = (("%", "%25"), (".", "%2E"), ("[", "%5B"), ("]", "%5D"), (";", "%3B"), ("=", "%3D"))


def _escape(text: str) -> str:
    """Text safe inside a field path, whose parts are split at dots (and, inside the
    brackets, at semicolons and equals signs)."""
    for char, code in _ESCAPES:
        text = text.replace(char, code)
    return text


@functools.lru_cache(maxsize=65536)
def _path(collection: str, period: str, parts: tuple[tuple[str, str | None], ...]) -> str:
    """A record's field path; kept for the paths last asked for, as a model's records
    share a few periods and breakdowns and each path is asked for several times."""
    given = ";".join(f"{_escape(name)}={_escape(value)}" for name, value in parts if value)
    return f"{collection}.{_escape(period)}" + (f"[{given}]" if given else "")


@readable
@attrs.frozen(kw_only=True)
class Result:
    """The target and actual of one measure in one period (and one breakdown, if any).

    ``actual`` and ``target`` are numbers, or text for a qualitative measure.
    ``period`` is kept as written; :attr:`span` gives the days it covers.
    ``breakdown`` pairs dimensions with values (``(("channel", "phone"),)``) for a
    result about part of what the measure covers; none means the whole.
    """

    measure: str = id_field()
    period: str = attrs.field(validator=_check_period)
    target: Value | None = attrs.field(default=None, validator=_check_value)
    actual: Value | None = attrs.field(default=None, validator=_check_value)
    breakdown: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=labels, validator=_check_labels
    )
    status: ResultStatus | None = attrs.field(
        default=None, converter=attrs.converters.optional(ResultStatus)
    )
    source: str | None = optional_text()
    comment: str | None = optional_text()

    @property
    def span(self) -> Period:
        """The days the period covers."""
        return parse_period(self.period)

    @property
    def key(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        """What the result is about: its measure, period and breakdown."""
        return (self.measure, self.period, self.breakdown)

    @property
    def path(self) -> str:
        """The field path, under the measure's id, where the source map places this result."""
        return _path("results", self.period, self.breakdown)

    @property
    def breakdown_text(self) -> str:
        """The breakdown as one line of text (``"channel: phone"``); empty for the whole."""
        return ", ".join(f"{name}: {value}" for name, value in self.breakdown)

    def _repr_html_(self) -> str:
        """The result's target, actual, status and source as a short table, for Jupyter."""
        caption = f"Result of {self.measure} for {self.period}"
        if self.breakdown:
            caption += f" ({self.breakdown_text})"
        return _html.attrs_html(self, caption, skip=("measure", "period", "breakdown"))


@readable
@attrs.frozen(kw_only=True)
class Feedback:
    """What customers of one segment said in one period, from one survey or feedback source.

    ``scores`` pairs each score from 0 to 10 with how many gave it; ``themes``
    pairs each answer to "what would have made it a 10?" with how many gave it.
    """

    segment: str = id_field()
    period: str = attrs.field(validator=_check_period)
    source: str = required_text()
    kind: FeedbackKind | None = attrs.field(
        default=None, converter=attrs.converters.optional(FeedbackKind)
    )
    channel: str | None = optional_text()
    service: str | None = optional_text()
    asked: int | None = attrs.field(default=None, validator=_optional_count)
    answered: int | None = attrs.field(default=None, validator=_optional_count)
    scores: tuple[tuple[int, int], ...] = attrs.field(
        default=(), converter=score_counts, validator=_check_scores
    )
    themes: tuple[tuple[str, int], ...] = attrs.field(
        default=(), converter=counts, validator=_check_counts
    )
    comment: str | None = optional_text()

    @property
    def span(self) -> Period:
        """The days the period covers."""
        return parse_period(self.period)

    @property
    def key(self) -> tuple[str, str, str, str | None, str | None]:
        """What the feedback is about: segment, period, source, channel and service."""
        return (self.segment, self.period, self.source, self.channel, self.service)

    @property
    def path(self) -> str:
        """The field path, under the segment's id, where the source map places this record."""
        return _path(
            "feedback",
            self.period,
            (("source", self.source), ("channel", self.channel), ("service", self.service)),
        )

    @property
    def distribution(self) -> tuple[int, ...]:
        """How many gave each score, from 0 to 10 (eleven counts)."""
        given = dict(self.scores)
        return tuple(given.get(score, 0) for score in SCORES)

    @property
    def responses(self) -> int:
        """How many scores were given."""
        return sum(count for _, count in self.scores)

    @property
    def mean(self) -> float | None:
        """The mean score, or None when no score was given."""
        total = self.responses
        if not total:
            return None
        return sum(score * count for score, count in self.scores) / total

    @property
    def high_share(self) -> float | None:
        """The share of scores of 9 or 10, from 0 to 1; None when none was given."""
        return self._share(HIGH_SCORES)

    @property
    def low_share(self) -> float | None:
        """The share of scores from 0 to 6, from 0 to 1; None when none was given."""
        return self._share(LOW_SCORES)

    @property
    def response_rate(self) -> float | None:
        """Answered over asked, from 0 to 1; None unless both are given and some were asked."""
        if self.asked is None or self.answered is None or not self.asked:
            return None
        return self.answered / self.asked

    def _share(self, band: frozenset[int]) -> float | None:
        total = self.responses
        if not total:
            return None
        return sum(count for score, count in self.scores if score in band) / total

    def _repr_html_(self) -> str:
        """The feedback's source, counts, scores and themes as a short table, for Jupyter."""
        mean = self.mean
        return _html.attrs_html(
            self,
            f"Feedback from {self.segment} for {self.period}: {self.source}",
            skip=("segment", "period", "source"),
            extra=[
                ("Responses", _html.number(self.responses)),
                ("Mean score", None if mean is None else f"{mean:.2f}"),
                ("High scores (9-10)", _html.share(self.high_share)),
                ("Low scores (0-6)", _html.share(self.low_share)),
                ("Response rate", _html.share(self.response_rate)),
            ],
        )


@readable
@attrs.frozen(kw_only=True)
class Demand:
    """The contacts one segment made in one period, through one channel if given.

    ``value`` counts value demand, what the service exists to meet; ``failure``
    counts failure demand, contact caused by a failure to do something or to do
    it right (Seddon 2006). ``failure_types`` splits failure demand by type
    (``(("chasing progress", 420), ...)``); when ``failure`` is not given, the sum
    of the types is the failure demand.
    """

    segment: str = id_field()
    period: str = attrs.field(validator=_check_period)
    channel: str | None = optional_text()
    service: str | None = optional_text()
    value: int | None = attrs.field(default=None, validator=_optional_count)
    failure: int | None = attrs.field(default=None, validator=_optional_count)
    failure_types: tuple[tuple[str, int], ...] = attrs.field(
        default=(), converter=counts, validator=_check_counts
    )
    source: str | None = optional_text()
    comment: str | None = optional_text()

    @property
    def span(self) -> Period:
        """The days the period covers."""
        return parse_period(self.period)

    @property
    def key(self) -> tuple[str, str, str | None, str | None]:
        """What the count is about: segment, period, channel and service."""
        return (self.segment, self.period, self.channel, self.service)

    @property
    def path(self) -> str:
        """The field path, under the segment's id, where the source map places this record."""
        return _path("demand", self.period, (("channel", self.channel), ("service", self.service)))

    @property
    def failure_total(self) -> int | None:
        """Failure demand: ``failure`` if given, else the sum of the types, else None."""
        if self.failure is not None:
            return self.failure
        if self.failure_types:
            return sum(count for _, count in self.failure_types)
        return None

    @property
    def total(self) -> int | None:
        """All contacts, value and failure demand together; None unless both are known."""
        failure = self.failure_total
        if self.value is None or failure is None:
            return None
        return self.value + failure

    @property
    def failure_share(self) -> float | None:
        """Failure demand as a share of all contacts, from 0 to 1; None when not known."""
        total = self.total
        failure = self.failure_total
        if total is None or failure is None or not total:
            return None
        return failure / total

    def _repr_html_(self) -> str:
        """The value and failure demand, by type, as a short table, for Jupyter."""
        caption = f"Demand from {self.segment} for {self.period}"
        where = ", ".join(part for part in (self.channel, self.service) if part)
        if where:
            caption += f" ({where})"
        failure = self.failure_total
        return _html.attrs_html(
            self,
            caption,
            skip=("segment", "period", "channel", "service", "failure"),
            extra=[
                ("Failure demand", None if failure is None else _html.number(failure)),
                ("All contacts", None if self.total is None else _html.number(self.total)),
                ("Failure share", _html.share(self.failure_share)),
            ],
        )


Record: TypeAlias = Result | Feedback | Demand


def latest(records: Iterable[Record]) -> list[Record]:
    """The records whose period ends last (several if they share that end)."""
    best: datetime.date | None = None
    found: list[Record] = []
    for record in records:
        end = record.span.end
        if best is None or end > best:
            best, found = end, [record]
        elif end == best:
            found.append(record)
    return found
