"""CFG127: one series of evidence that counts the same days twice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator
from typing import TypeVar

from cfgov.model import (
    Demand,
    Feedback,
    Finding,
    Measure,
    Model,
    Result,
    Segment,
    Severity,
    excerpt,
    quoted,
)
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope

_R = TypeVar("_R", Result, Feedback, Demand)


def _clashes(records: Iterable[_R]) -> Iterator[tuple[_R, _R]]:
    """Each record that overlaps one before it, with that one (the one reaching furthest).

    Records are taken in order of start and then end day; each is compared with the
    record seen so far that ends last, which is the one it overlaps if it overlaps any.
    """
    ordered = sorted(
        enumerate(records), key=lambda pair: (pair[1].span.start, pair[1].span.end, pair[0])
    )
    reach: _R | None = None
    for _, record in ordered:
        if reach is not None and record.span.start <= reach.span.end:
            yield reach, record
        if reach is None or record.span.end > reach.span.end:
            reach = record


def _how(earlier: Result | Feedback | Demand, later: Result | Feedback | Demand, verb: str) -> str:
    if earlier.period == later.period:
        return f"{verb} the period {later.period} twice"
    first, second = earlier.span, later.span
    if (first.start, first.end) == (second.start, second.end):
        return f"{verb} the same days twice, as {earlier.period} and as {later.period}"
    return f"{verb} {earlier.period} and {later.period}, which overlap"


def _groups(records: Iterable[_R], key: Callable[[_R], Hashable]) -> dict[Hashable, list[_R]]:
    groups: dict[Hashable, list[_R]] = defaultdict(list)
    for record in records:
        groups[key(record)].append(record)
    return groups


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """No two results of one measure and breakdown, no two feedback records of one segment,
    source, channel and service, and no two demand counts of one segment, channel and
    service cover the same day.

    Cost: one pass to group the records, then a sort per group: n log n. For ``only``, the
    records of the measures and segments asked about alone: each series is one measure's or
    one segment's.
    """
    results: Iterable[Result] = model.results
    feedback: Iterable[Feedback] = model.feedback
    demand: Iterable[Demand] = model.demand
    if only is not None:
        asked = [model.get(entity_id) for entity_id in sorted(only)]
        measures = [e.id for e in asked if isinstance(e, Measure)]
        segments = [e.id for e in asked if isinstance(e, Segment)]
        results = [r for m in measures for r in model.results_for(m)]
        feedback = [r for s in segments for r in model.feedback_for(s)]
        demand = [r for s in segments for r in model.demand_for(s)]
    for series in _groups(results, lambda r: (r.measure, r.breakdown)).values():
        for earlier, later in _clashes(series):
            measure = model.measure(later.measure)
            part = f" for {later.breakdown_text}" if later.breakdown else ""
            yield RULE.finding(
                measure.id,
                f"the results of measure {quoted(measure.id)} ({excerpt(measure.name)}){part} "
                f"{_how(earlier, later, 'give')}: the same days would be counted twice",
                field=f"{later.path}.period",
                hint=_hint(earlier, later, "result"),
            )
    by_source = _groups(feedback, lambda r: (r.segment, r.source, r.channel, r.service))
    for records in by_source.values():
        for before, after in _clashes(records):
            segment = model.segment(after.segment)
            yield RULE.finding(
                segment.id,
                f"the feedback of segment {quoted(segment.id)} ({excerpt(segment.name)}) from "
                f"{excerpt(after.source)}{_where(after.channel, after.service)} "
                f"{_how(before, after, 'gives')}: the same answers would be counted twice",
                field=f"{after.path}.period",
                hint=_hint(before, after, "feedback record"),
            )
    for counts in _groups(demand, lambda r: (r.segment, r.channel, r.service)).values():
        for first, second in _clashes(counts):
            segment = model.segment(second.segment)
            yield RULE.finding(
                segment.id,
                f"the demand counts of segment {quoted(segment.id)} ({excerpt(segment.name)})"
                f"{_where(second.channel, second.service)} {_how(first, second, 'give')}: the same "
                "contacts would be counted twice",
                field=f"{second.path}.period",
                hint=_hint(first, second, "count"),
            )


def _where(channel: str | None, service: str | None) -> str:
    parts = [
        f"{name} {quoted(value)}"
        for name, value in (("channel", channel), ("service", service))
        if value
    ]
    return f" for {' and '.join(parts)}" if parts else ""


def _hint(earlier: Result | Feedback | Demand, later: Result | Feedback | Demand, what: str) -> str:
    if earlier.period == later.period:
        return (
            f"Keep one {what} for {later.period} and remove the other; if they are about "
            "different parts of the whole, tell them apart (a breakdown, channel or source)."
        )
    return (
        f"Give either {earlier.period} or {later.period}, not both: a series holds periods "
        "that do not overlap (the year, or its quarters). A figure for part of the whole "
        "(one channel, one area) goes under a breakdown, channel or source of its own."
    )


RULE = Rule(
    code="CFG127",
    name="overlapping-periods",
    severity=Severity.ERROR,
    summary="Results of one measure and breakdown, or feedback or demand of one segment and "
    "source, whose periods repeat or overlap.",
    rationale="A series of results is a record of what happened in each stretch of time, one "
    "stretch after another. When a period is given twice, or a quarter sits inside a year "
    "of the same series (`2025-26` and `2025-Q3`), the same days are counted twice: a "
    "chart draws two points for one time, a trend compares a quarter with the year that "
    "contains it, and nobody can tell which figure is the one to believe. The IATI results "
    "standard keeps each period of an indicator apart for the same reason. Feedback from "
    "one source and demand through one channel are series in the same way (IATI results; "
    "Seddon 2006 on measures used to learn how the work is going over time).",
    fix="Keep one record per period in a series, and periods that do not overlap: the "
    "year, or its quarters, not both. A figure for part of the whole (one channel, one "
    "area, one survey) goes in a series of its own, under a breakdown, channel or source.",
    source="IATI results (periods of an indicator); Seddon 2006",
    cost="n log n in the records of each series (a sort per series).",
    scope=Scope.MEASURE,
    check=check,
    example="""\
results:
  - measure: dwp-pc-t-claims-5-days
    periods:
      - {period: 2004/05, actual: 74}
      - {period: 2005/06, actual: 69}
      - {period: 2005-Q3, actual: 66}
""",
    fixed="""\
results:
  - measure: dwp-pc-t-claims-5-days
    periods:
      - {period: 2004/05, actual: 74}
      - {period: 2005/06, actual: 69}
""",
)
