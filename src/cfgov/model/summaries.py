"""What the evidence says, per segment, per objective and per unit.

Pure functions over a :class:`~cfgov.model.Model`: the reports, the frames and
other systems ask the same questions and get the same answers.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from cfgov.model.evidence import HIGH_SCORES, LOW_SCORES, SCORES, Demand, Feedback
from cfgov.model.periods import parse_period
from cfgov.model.progress import Progress, Status, progress_of

if TYPE_CHECKING:
    from cfgov.model.model import Model


@attrs.frozen(kw_only=True)
class FeedbackSummary:
    """One segment's feedback in one period, every source together."""

    segment: str
    period: str
    #: How many gave each score, from 0 to 10.
    distribution: tuple[int, ...]
    asked: int | None
    answered: int | None
    #: Answers to "what would have made it a 10?", most often given first.
    themes: tuple[tuple[str, int], ...]
    sources: tuple[str, ...]

    @property
    def responses(self) -> int:
        """How many scores were given."""
        return sum(self.distribution)

    @property
    def mean(self) -> float | None:
        """The mean score; None when no score was given."""
        total = self.responses
        return (
            None
            if not total
            else sum(s * n for s, n in zip(SCORES, self.distribution, strict=True)) / total
        )

    @property
    def high_share(self) -> float | None:
        """The share of scores of 9 or 10, from 0 to 1."""
        return self._share(HIGH_SCORES)

    @property
    def low_share(self) -> float | None:
        """The share of scores from 0 to 6, from 0 to 1."""
        return self._share(LOW_SCORES)

    def _share(self, band: frozenset[int]) -> float | None:
        total = self.responses
        if not total:
            return None
        return sum(n for s, n in zip(SCORES, self.distribution, strict=True) if s in band) / total


@attrs.frozen(kw_only=True)
class DemandSummary:
    """One segment's demand in one period, every channel together, with the trend."""

    segment: str
    period: str
    value: int
    failure: int
    #: Failure demand by type, largest first.
    failure_types: tuple[tuple[str, int], ...]
    #: The failure share of the period before, when the segment has one.
    previous_share: float | None = None
    previous_period: str | None = None

    @property
    def total(self) -> int:
        """All contacts counted."""
        return self.value + self.failure

    @property
    def failure_share(self) -> float | None:
        """Failure demand as a share of all contacts, from 0 to 1."""
        return None if not self.total else self.failure / self.total

    @property
    def trend(self) -> float | None:
        """The change in failure share since the period before (negative is better)."""
        share = self.failure_share
        if share is None or self.previous_share is None:
            return None
        return share - self.previous_share


def _periods(records: Iterable[Feedback | Demand]) -> list[tuple[datetime.date, str]]:
    """The periods the records cover, oldest first, by end and then start day."""
    seen = {r.period: (r.span.end, r.span.start) for r in records}
    return [(end, period) for period, (end, _) in sorted(seen.items(), key=lambda item: item[1])]


def feedback_summary(
    model: Model, segment_id: str, period: str | None = None
) -> FeedbackSummary | None:
    """The segment's feedback in ``period`` (by default its latest), or None if it has none."""
    records = model.feedback_for(segment_id)
    if not records:
        return None
    wanted = period if period is not None else _periods(records)[-1][1]
    chosen = [r for r in records if r.period == wanted]
    if not chosen:
        return None
    distribution = [0] * len(SCORES)
    for record in chosen:
        for score, count in record.scores:
            distribution[score] += count
    themes: Counter[str] = Counter()
    for record in chosen:
        for theme, count in record.themes:
            themes[theme] += count
    asked = [r.asked for r in chosen]
    answered = [r.answered for r in chosen]
    return FeedbackSummary(
        segment=segment_id,
        period=wanted,
        distribution=tuple(distribution),
        asked=None if None in asked else sum(a for a in asked if a is not None),
        answered=None if None in answered else sum(a for a in answered if a is not None),
        themes=tuple(sorted(themes.items(), key=lambda item: (-item[1], item[0]))),
        sources=tuple(dict.fromkeys(r.source for r in chosen)),
    )


def demand_summary(
    model: Model, segment_id: str, period: str | None = None
) -> DemandSummary | None:
    """The segment's demand in ``period`` (by default its latest), with the period before.

    Only counts that give both value and failure demand are summed; None when the
    segment has none such.
    """
    records = [r for r in model.demand_for(segment_id) if r.total is not None]
    if not records:
        return None
    periods = [p for _, p in _periods(records)]
    wanted = period if period is not None else periods[-1]
    if wanted not in periods:
        return None

    def totals(name: str) -> tuple[int, int, Counter[str]]:
        value = failure = 0
        types: Counter[str] = Counter()
        for record in records:
            if record.period == name:
                value += record.value or 0
                failure += record.failure_total or 0
                for kind, count in record.failure_types:
                    types[kind] += count
        return value, failure, types

    value, failure, types = totals(wanted)
    index = periods.index(wanted)
    previous_share = previous_period = None
    if index > 0:
        previous_period = periods[index - 1]
        before_value, before_failure, _ = totals(previous_period)
        all_before = before_value + before_failure
        previous_share = before_failure / all_before if all_before else None
    return DemandSummary(
        segment=segment_id,
        period=wanted,
        value=value,
        failure=failure,
        failure_types=tuple(sorted(types.items(), key=lambda item: (-item[1], item[0]))),
        previous_share=previous_share,
        previous_period=previous_period,
    )


@attrs.frozen(kw_only=True)
class SegmentEvidence:
    """Everything the evidence says about one segment."""

    segment: str
    #: The progress of every measure of the objectives for the segment, and of the
    #: targets of the service standards that serve those objectives.
    progress: tuple[Progress, ...]
    feedback: FeedbackSummary | None
    demand: DemandSummary | None

    @property
    def statuses(self) -> Counter[Status]:
        """How many of its measures stand at each status."""
        return Counter(p.status for p in self.progress)


def objective_progress(
    model: Model, objective_id: str, *, as_of: datetime.date | str | None = None
) -> tuple[Progress, ...]:
    """The progress of each measure of an objective, in the order written: its own
    measures, then the targets of the service standards under the principles that serve
    it (the DWP Pension Credit standards serve its objective of dignity)."""
    return tuple(progress_of(model, m, as_of=as_of) for m in model.measures_for(objective_id))


def segment_evidence(
    model: Model, segment_id: str, *, as_of: datetime.date | str | None = None
) -> SegmentEvidence:
    """The measures' latest statuses, feedback and demand for one segment.

    With ``as_of``, periods that end after it are left out of all three.
    """
    progress = tuple(
        p
        for objective in model.objectives_for(segment_id)
        for p in objective_progress(model, objective.id, as_of=as_of)
    )
    if as_of is None:
        return SegmentEvidence(
            segment=segment_id,
            progress=progress,
            feedback=feedback_summary(model, segment_id),
            demand=demand_summary(model, segment_id),
        )
    # As for the measures, only periods that end by ``as_of`` count.
    day = parse_period(as_of).end if isinstance(as_of, str) else as_of
    heard = [p for end, p in _periods(model.feedback_for(segment_id)) if end <= day]
    counted = [
        p
        for end, p in _periods(r for r in model.demand_for(segment_id) if r.total is not None)
        if end <= day
    ]
    return SegmentEvidence(
        segment=segment_id,
        progress=progress,
        feedback=feedback_summary(model, segment_id, heard[-1]) if heard else None,
        demand=demand_summary(model, segment_id, counted[-1]) if counted else None,
    )


def unit_rollup(
    model: Model, unit_id: str, *, as_of: datetime.date | str | None = None
) -> Counter[Status]:
    """How many measures stand at each status across a unit and every unit below it.

    An objective belongs to the unit it names under ``unit``, else to the owners of
    its segments; each measure is counted once.
    """
    units = model.descendants_of(unit_id) | {unit_id}
    counted: Counter[Status] = Counter()
    for objective in model.objectives:
        owners = (
            {objective.unit}
            if objective.unit is not None
            else {model.segment(s).unit for s in objective.segments}
        )
        if owners & units:
            counted.update(p.status for p in objective_progress(model, objective.id, as_of=as_of))
    return counted
