"""Progress on a measure: are we achieving the outcome?

:func:`progress_of` judges a measure from its results, in the way the manual's
evidence page sets out (docs/evidence.md, "How progress is judged"):

1. Only results for the whole measure count (no breakdown), and only those with
   a numeric actual; with ``as_of``, only periods that end by that day. The
   latest of them (the one whose period ends last; of two ending the same day,
   the one that starts later) is judged. None: **no data**.
2. Which way is better is the measure's ``better``; else the direction from its
   baseline to its target; else, for a target at the top of the measure's scale
   (100 for a percentage, 10 for a rating), higher, and for a target of 0 on a
   scale that starts at 0, lower. None of these: **no data**.
3. The latest actual at or beyond the measure's target: **met**.
4. The level expected at the end of the latest period is the period's own target
   if the result gives one; else, for a measure with a deadline, the point on the
   straight line from the baseline (at ``baseline_date``) to the target (at the
   deadline), or the target itself if the deadline is not after the baseline
   date; else the target itself, a standard to hold every period. No target at
   all: **no data**.
5. A deadline passed (the latest period, or ``as_of``, after it) without the
   target met: **off track**.
6. At or beyond the expected level: **on track**. Short of it by no more than
   the tolerance: **at risk**. Further short: **off track**. The tolerance is
   the measure's ``tolerance`` if given; else a tenth of the distance from the
   baseline to the target; else (no baseline, or one equal to the target) a
   twentieth of the expected level.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from cfgov.model import _html
from cfgov.model.enums import Better, MeasureType, _Vocabulary
from cfgov.model.evidence import Result, Value
from cfgov.model.objectives import Measure
from cfgov.model.periods import PeriodError, parse_period

if TYPE_CHECKING:
    from cfgov.model.model import Model

#: Without a tolerance of its own, a measure with a baseline tolerates a tenth of the
#: planned change, and one without a twentieth of the level expected.
PATH_TOLERANCE = 0.1
LEVEL_TOLERANCE = 0.05


class Status(_Vocabulary):
    """How a measure stands against what it set out to achieve."""

    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"

    @property
    def words(self) -> str:
        """The status as people say it: "on track", "no data"."""
        return self.value.replace("_", " ")

    @property
    def rank(self) -> int:
        """Worst first: off track 0, at risk 1, no data 2, on track 3, met 4."""
        return _RANKS[self]


_RANKS = {
    Status.OFF_TRACK: 0,
    Status.AT_RISK: 1,
    Status.NO_DATA: 2,
    Status.ON_TRACK: 3,
    Status.MET: 4,
}


@attrs.frozen(kw_only=True)
class Progress:
    """Where a measure stands: the figures it was judged on, its status, and why."""

    measure: str
    status: Status
    #: Why the status is what it is, in a sentence for the reader.
    reason: str
    better: Better | None
    baseline: int | float | None
    baseline_date: str | None
    target: Value | None
    deadline: str | None
    #: The latest result judged, and the one before it (for the trend).
    latest: Result | None = None
    previous: Result | None = None
    #: The level expected at the end of the latest period, when there is one.
    expected: float | None = None
    #: How far short of the expected level still counts as at risk.
    tolerance: float | None = None
    #: Every result judged (whole measure, numeric actual), oldest first.
    history: tuple[Result, ...] = ()

    @property
    def actual(self) -> int | float | None:
        """The latest actual, or None."""
        value = None if self.latest is None else self.latest.actual
        return value if isinstance(value, int | float) else None

    @property
    def change(self) -> float | None:
        """The latest actual less the one before, or None."""
        if self.previous is None or self.actual is None:
            return None
        before = self.previous.actual
        return None if not isinstance(before, int | float) else self.actual - before

    @property
    def improving(self) -> bool | None:
        """Whether the latest change went the better way; None if unknown or no change."""
        change = self.change
        if change is None or change == 0 or self.better is None:
            return None
        return (change > 0) == (self.better is Better.HIGHER)

    def _repr_html_(self) -> str:
        """The status, the reason and the figures it was judged on, for Jupyter."""
        latest, previous = self.latest, self.previous

        def figure(value: object) -> str | None:
            return None if not isinstance(value, int | float) else _figure(value)

        baseline = figure(self.baseline)
        if baseline is not None and self.baseline_date:
            baseline += f" ({self.baseline_date})"
        improving = {True: "yes", False: "no", None: None}[self.improving]
        return _html.field_table(
            f"Progress of {self.measure}: {self.status.words}",
            [
                ("Why", self.reason),
                ("Better", _html.text_of(self.better)),
                ("Baseline", baseline),
                ("Target", _html.text_of(self.target)),
                ("Deadline", self.deadline),
                ("Latest", None if latest is None else f"{figure(self.actual)} ({latest.period})"),
                (
                    "Before",
                    None if previous is None else f"{figure(previous.actual)} ({previous.period})",
                ),
                ("Improving", improving),
                ("Expected", figure(self.expected)),
                ("Tolerance", figure(self.tolerance)),
                ("Results judged", len(self.history)),
            ],
        )


#: The top of each scale that has one, and the scales that start at 0.
_TOPS = {MeasureType.PERCENTAGE: 100, MeasureType.RATING: 10}
_FROM_ZERO = frozenset(
    {
        MeasureType.COUNT,
        MeasureType.PERCENTAGE,
        MeasureType.RATIO,
        MeasureType.DURATION,
        MeasureType.RATING,
    }
)


def _better_of(
    kind: MeasureType | None, baseline: float | None, target: float | None
) -> Better | None:
    """Which way is better when the measure does not say (rule 2 above)."""
    if target is None:
        return None
    if baseline is not None and baseline != target:
        return Better.HIGHER if target > baseline else Better.LOWER
    if kind is not None and _TOPS.get(kind) == target:
        return Better.HIGHER
    if kind in _FROM_ZERO and target == 0:
        return Better.LOWER
    return None


def _number(value: object) -> int | float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _end_of(date: str | None) -> datetime.date | None:
    """The last day a date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` covers."""
    if date is None:
        return None
    try:
        return parse_period(date).end
    except PeriodError:
        return None


def _as_date(as_of: datetime.date | str | None) -> datetime.date | None:
    if as_of is None or isinstance(as_of, datetime.date):
        return as_of
    return parse_period(as_of).end


def judged_results(results: Iterable[Result], as_of: datetime.date | None = None) -> list[Result]:
    """The results progress is judged on, oldest first: whole measure, numeric actual."""
    chosen = [
        r
        for r in results
        if not r.breakdown
        and _number(r.actual) is not None
        and (as_of is None or r.span.end <= as_of)
    ]
    chosen.sort(key=lambda r: (r.span.end, r.span.start))
    return chosen


def progress_of(
    model: Model,
    measure: Measure | str,
    *,
    as_of: datetime.date | str | None = None,
) -> Progress:
    """Where a measure stands, judged from its results (see this module's rules).

    ``measure`` is a :class:`Measure` of the model or its id; ``as_of`` (a date, or
    text such as ``"2026-03-31"``) leaves out periods that end after it and is the
    day a deadline is judged against. Nothing reads the clock: without ``as_of``
    the latest period is the day of judgement.
    """
    found = model.measure(measure if isinstance(measure, str) else measure.id)
    judge_day = _as_date(as_of)
    history = judged_results(model.results_for(found.id), judge_day)
    baseline, target = _number(found.baseline), _number(found.target)
    better = found.better
    if better is None:
        better = _better_of(found.type, baseline, target)
    judged = Progress(
        measure=found.id,
        status=Status.NO_DATA,
        reason="",
        better=better,
        baseline=found.baseline,
        baseline_date=found.baseline_date,
        target=found.target,
        deadline=found.deadline,
        history=tuple(history),
    )
    if not history:
        reason = _no_history(found, judge_day, bool(judged_results(model.results_for(found.id))))
        return attrs.evolve(judged, status=Status.NO_DATA, reason=reason)
    latest = history[-1]
    previous = history[-2] if len(history) > 1 else None
    judged = attrs.evolve(judged, latest=latest, previous=previous)
    actual = _number(latest.actual)
    assert actual is not None
    period_target = _number(latest.target)
    if better is None:
        return attrs.evolve(judged, status=Status.NO_DATA, reason=_unknown_better(baseline, target))

    def reaches(value: float, level: float) -> bool:
        return value >= level if better is Better.HIGHER else value <= level

    if target is not None and reaches(actual, target):
        return attrs.evolve(
            judged,
            status=Status.MET,
            reason=f"{_figure(actual)} in {latest.period} reaches the target of {_figure(target)}",
        )
    deadline_end = _end_of(found.deadline)
    day = max(latest.span.end, judge_day) if judge_day is not None else latest.span.end
    if target is not None and deadline_end is not None and day > deadline_end:
        return attrs.evolve(
            judged,
            status=Status.OFF_TRACK,
            reason=f"the deadline ({found.deadline}) has passed and {_figure(actual)} in "
            f"{latest.period} {'falls short of' if better is Better.HIGHER else 'is still above'}"
            f" the target of {_figure(target)}",
        )
    if period_target is not None:
        expected, basis = float(period_target), f"the target for {latest.period}"
    elif target is None:
        return attrs.evolve(
            judged,
            status=Status.NO_DATA,
            reason="no target to judge against",
        )
    elif deadline_end is None:
        expected, basis = float(target), "the target, which holds in every period"
    else:
        on_path = _on_path(found, history, target, deadline_end)
        if on_path is None:
            return attrs.evolve(
                judged,
                status=Status.NO_DATA,
                reason="one result and no baseline with its date: cannot tell whether it "
                "is on the way to the target; give `baseline:` and `baseline_date:`",
            )
        expected, basis = on_path
    if found.tolerance is not None:
        tolerance = float(found.tolerance)
    elif baseline is not None and target is not None and baseline != target:
        tolerance = PATH_TOLERANCE * abs(target - baseline)
    else:
        tolerance = LEVEL_TOLERANCE * abs(expected)
    judged = attrs.evolve(judged, expected=expected, tolerance=tolerance)
    short = expected - actual if better is Better.HIGHER else actual - expected
    level = f"{_figure(actual)} in {latest.period} against {_figure(expected)} expected ({basis})"
    if short <= 0:
        return attrs.evolve(judged, status=Status.ON_TRACK, reason=level)
    # Behind the expected level: below it when higher is better, above it when lower is.
    behind = f"{'short' if better is Better.HIGHER else 'over'} by {_figure(short)}"
    if short <= tolerance:
        return attrs.evolve(
            judged,
            status=Status.AT_RISK,
            reason=f"{level}: {behind}, within the tolerance of {_figure(tolerance)}",
        )
    return attrs.evolve(
        judged,
        status=Status.OFF_TRACK,
        reason=f"{level}: {behind}, more than the tolerance of {_figure(tolerance)}",
    )


def _on_path(
    found: Measure, history: list[Result], target: float, deadline_end: datetime.date
) -> tuple[float, str] | None:
    """The level expected at the end of the latest period on the straight path to the
    target, and the words for it (step 4); None with one result and no baseline."""
    latest = history[-1]
    start_value, start_day = _number(found.baseline), _end_of(found.baseline_date)
    if start_value is None or start_day is None:
        if len(history) < 2:
            return None
        first = history[0]
        start_value, start_day = _number(first.actual), first.span.end
        assert start_value is not None
        start = f"the first result, {_figure(start_value)} in {first.period},"
    else:
        start = _figure(start_value)
    span = (deadline_end - start_day).days
    if span <= 0:
        # A deadline on or before the day the path starts leaves no path: the target.
        return float(target), f"the target, due by {found.deadline}"
    done = min(1.0, max(0.0, (latest.span.end - start_day).days / span))
    expected = start_value + (target - start_value) * done
    return expected, f"the straight path from {start} to {_figure(target)} by {found.deadline}"


def _no_history(found: Measure, judge_day: datetime.date | None, any_later: bool) -> str:
    """Why there is nothing to judge (step 1): ``any_later`` says whether results ending
    after ``judge_day`` were left out."""
    if found.type is MeasureType.QUALITATIVE:
        return "a qualitative measure is judged by reading its results, not by figures"
    if judge_day is not None and any_later:
        return (
            "no result with an actual figure for the whole measure for a period ending "
            f"by {judge_day.isoformat()}"
        )
    return "no result with an actual figure for the whole measure"


def _unknown_better(baseline: float | None, target: float | None) -> str:
    """Why which way is better is not known (step 2)."""
    if baseline is not None and target is not None and baseline == target:
        return (
            f"which way is better is not known: the baseline and the target are both "
            f"{_figure(target)}, so they do not show it; give the measure `better:` "
            "(higher or lower)"
        )
    return (
        "which way is better is not known: give the measure `better:` "
        "(higher or lower), or a baseline and a target"
    )


def _figure(value: float) -> str:
    """A figure as a message shows it: whole numbers plainly, others to three places."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")
