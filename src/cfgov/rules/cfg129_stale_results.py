"""CFG129: a measure whose results stopped while the rest of the evidence went on."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Iterator

import attrs

from cfgov.model import (
    Finding,
    Measure,
    Model,
    OutcomeObjective,
    Result,
    Segment,
    Severity,
    excerpt,
    quoted,
)
from cfgov.rules.base import Option, Options, Rule
from cfgov.rules.evidence import (
    as_of_day,
    date_problem,
    newest_end,
    newest_ends,
    organisations_of_measure,
    organisations_of_measures,
    organisations_of_segment,
)
from cfgov.rules.memo import PerModel
from cfgov.rules.scope import Scope, among

#: Months differ by up to three days (February and March), quarters and years by less: a
#: monthly series one month behind is not stale because March is longer than February.
CALENDAR_SLACK = 3


def _latest(results: tuple[Result, ...]) -> Result:
    """The result whose period ends last (of two ending together, the longer)."""
    return max(results, key=lambda r: (r.span.end, r.span.days))


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """No measure's latest result ends more than one of its own periods before the day of
    reference: the ``as_of`` option when set, else the last day of the newest period of
    any result, feedback or demand in the model. The clock is never read.

    A measure's period is the length of its latest result's period: an annual series is
    stale against monthly figures only once more than a year has passed since its end.
    For periods of a month or longer, three days more are allowed, as months differ.

    Cost: each result is read twice (the newest period, then each measure's latest):
    linear in results. Given ``only``, the results of those measures, with the newest
    dates kept from the last edit (:func:`widen`).
    """
    as_of = str(options["as_of"])
    if only is not None:
        yield from _check_only(model, as_of, only)
        return
    reference = as_of_day(as_of) if as_of else newest_end(model)
    if reference is None:
        return
    against = f"the date set for this rule ({as_of})" if as_of else _newest_words(reference)
    by_measure: dict[str, list[Result]] = {}
    for result in model.results:
        by_measure.setdefault(result.measure, []).append(result)
    # Without a date set, each measure is judged against the newest evidence of its own
    # organisations (the model's newest for a measure that serves no segment).
    ends = {} if as_of else newest_ends(model)
    owners = {} if as_of else organisations_of_measures(model)
    if not as_of:
        _KEPT.keep(model, _Dates(ends, reference))
    for measure_id, results in by_measure.items():
        own = [ends[o] for o in owners.get(measure_id, ()) if o in ends]
        found = _judged(model, measure_id, tuple(results), own, reference, as_of, against)
        if found is not None:
            yield found


def _judged(
    model: Model,
    measure_id: str,
    results: tuple[Result, ...],
    own: list[datetime.date],
    reference: datetime.date,
    as_of: str,
    against: str,
) -> Finding | None:
    """The finding about one measure with results, if its latest result is stale."""
    latest = _latest(results)
    day = max(own) if own else reference
    gap = (day - latest.span.end).days
    if gap <= latest.span.days + (CALENDAR_SLACK if latest.span.days >= 28 else 0):
        return None
    measure = model.measure(measure_id)
    return RULE.finding(
        measure.id,
        f"the latest result of measure {quoted(measure.id)} ({excerpt(measure.name)}) is "
        f"for {latest.period}, which ended {_days(gap)} before "
        f"{against if as_of or not own else _own_words(day)}: more than one "
        f"of its own periods ({_days(latest.span.days)}) behind",
        field=f"{latest.path}.period",
        hint=f"Add the results of {quoted(measure.id)} for the periods since "
        f"{latest.period}. If the measure is no longer collected, say so in its "
        "`description:` and remove it from the objective or standard, or record why "
        f'with `ignore: {{CFG129: "reason"}}` on the measure.',
    )


def _check_only(model: Model, as_of: str, only: Collection[str]) -> Iterator[Finding]:
    dates = None if as_of else _dates(model)
    reference = as_of_day(as_of) if as_of else dates.newest if dates else None
    if reference is None:
        return
    against = f"the date set for this rule ({as_of})" if as_of else _newest_words(reference)
    for measure in among(model, (), Measure, only):
        results = model.results_for(measure.id)
        if not results:
            continue
        own = [] if dates is None else _own_ends(model, measure.id, dates.ends)
        found = _judged(model, measure.id, results, own, reference, as_of, against)
        if found is not None:
            yield found


def _own_ends(model: Model, measure_id: str, ends: dict[str, datetime.date]) -> list[datetime.date]:
    return [ends[o] for o in organisations_of_measure(model, measure_id) if o in ends]


@attrs.frozen
class _Dates:
    """A model's newest evidence: each organisation's, and the whole model's."""

    ends: dict[str, datetime.date]
    newest: datetime.date | None


#: The newest dates of the last few models checked, so that an edit works out the edited
#: model's from its reach (:func:`widen`) rather than from all its evidence.
_KEPT: PerModel[_Dates] = PerModel()


def _dates(model: Model) -> _Dates:
    dates = _KEPT.get(model)
    if dates is not None:
        return dates
    return _KEPT.keep(model, _Dates(newest_ends(model), newest_end(model)))


def _max(a: datetime.date | None, b: datetime.date | None) -> datetime.date | None:
    return b if a is None else a if b is None or a >= b else b


def _reached_evidence(
    model: Model, measures: Iterable[str], segments: Iterable[str]
) -> tuple[dict[str, datetime.date], datetime.date | None]:
    """The newest end of the evidence of these measures and segments, by organisation and
    overall."""
    by_owner: dict[str, datetime.date] = {}
    newest: datetime.date | None = None
    found: list[tuple[frozenset[str], datetime.date]] = []
    for measure_id in measures:
        if type(model.get(measure_id)) is not Measure:
            continue
        results = model.results_for(measure_id)
        if results:
            end = max(r.span.end for r in results)
            found.append((organisations_of_measure(model, measure_id), end))
    for segment_id in segments:
        if type(model.get(segment_id)) is not Segment:
            continue
        spans = [r.span for r in model.feedback_for(segment_id)]
        spans += [r.span for r in model.demand_for(segment_id)]
        if spans:
            end = max(span.end for span in spans)
            found.append((organisations_of_segment(model, segment_id), end))
    for owners, end in found:
        newest = _max(newest, end)
        for owner in owners:
            if owner not in by_owner or end > by_owner[owner]:
                by_owner[owner] = end
    return by_owner, newest


def _moved(
    was: datetime.date | None, part_before: datetime.date | None, part_after: datetime.date | None
) -> tuple[bool, datetime.date | None]:
    """Whether a newest date can be worked out after an edit, and what it is, from the
    date before and the newest of the evidence the edit reached before and after; the
    rest of the evidence is the same in both models."""
    if part_before == part_after:
        return True, was
    if part_before is None or (was is not None and part_before < was):
        return True, _max(was, part_after)
    if part_after is not None and was is not None and part_after >= was:
        return True, part_after
    return False, None


def widen(before: Model, after: Model, reach: frozenset[str]) -> set[str]:
    """The measures whose findings an edit may change beyond its reach: the standards'
    targets that serve a reached objective (their organisations may have changed), the
    measures of an organisation whose newest evidence moved, and, when the model's newest
    evidence moved, the measures that serve no organisation.

    Cost: the evidence of what the edit reached; the measures of the model only when a
    newest date actually moved.
    """
    extra: set[str] = set()
    for model in (before, after):
        for entity_id in reach:
            if type(model.get(entity_id)) is OutcomeObjective:
                extra.update(m.id for m in model.measures_for(entity_id))
    measures = reach | extra
    was = _dates(before)
    owners_before, newest_before = _reached_evidence(before, measures, reach)
    owners_after, newest_after = _reached_evidence(after, measures, reach)
    ends = dict(was.ends)
    moved: set[str] = set()
    exact = True
    for owner in set(owners_before) | set(owners_after):
        known, end = _moved(was.ends.get(owner), owners_before.get(owner), owners_after.get(owner))
        exact = exact and known
        if end != was.ends.get(owner):
            moved.add(owner)
            if end is None:
                ends.pop(owner, None)
            else:
                ends[owner] = end
    known, newest = _moved(was.newest, newest_before, newest_after)
    if exact and known:
        now = _KEPT.keep(after, _Dates(ends, newest))
    else:
        now = _KEPT.keep(after, _Dates(newest_ends(after), newest_end(after)))
        moved = {o for o in set(was.ends) | set(now.ends) if was.ends.get(o) != now.ends.get(o)}
    if not moved and now.newest == was.newest:
        return extra
    for model in (before, after):
        owned = organisations_of_measures(model)
        for _, measure in model.measures():
            serves = owned.get(measure.id, frozenset())
            if serves & moved or (not serves and now.newest != was.newest):
                extra.add(measure.id)
    return extra


def _newest_words(day: datetime.date) -> str:
    return f"the end of the newest period in the model ({day.isoformat()})"


def _own_words(day: datetime.date) -> str:
    return f"the end of the newest period of its organisation's evidence ({day.isoformat()})"


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count:,} days"


RULE = Rule(
    code="CFG129",
    name="stale-results",
    severity=Severity.WARNING,
    summary="A measure whose latest result is older, by more than its own period, than the "
    "newest evidence in the model (or a date set for the rule).",
    rationale="Evidence is only useful while it is current. When the other measures, the "
    "feedback and the demand counts have moved on and one measure's results stopped some "
    "periods ago, its status in the report is a judgement on old figures, and readers "
    "cannot tell a measure that is going well from one nobody is looking at any more. "
    "Seddon's letter asks for measures that the people doing the work use, period after "
    "period, to learn how it is going; a series that has stopped is not being used. The "
    "rule never reads the clock, so a model checked next year gives the same answer: it "
    "compares with the newest period the model holds, or with the date you set "
    "(Seddon 2006; IATI results, periods of an indicator).",
    fix="Add the missing periods' results. If the measure is no longer collected, say so "
    "and retire it; if figures come late by design (an annual survey published in the "
    "autumn), set `as_of` to the day of the report or record the reason with `ignore:`.",
    source="Seddon 2006 (measures in use to learn); IATI results (periods)",
    cost="Linear in the number of results.",
    check=check,
    scope=Scope.MEASURE,
    widen=widen,
    options=(
        Option(
            name="as_of",
            default="",
            description="The day to judge against, written as a date or period (`2026-03-31`, "
            "`2026-03`: the last day it covers counts). Empty: the last day of the newest "
            "period of any result, feedback or demand in the model. The clock is never read.",
            valid=date_problem,
        ),
    ),
    example="""\
results:
  - measure: dwp-pc-t-accuracy
    periods:
      - {period: 2003/04, actual: 92.1}
      - {period: 2004/05, actual: 93.8}
  - measure: dwp-pc-t-claims-5-days
    periods:
      - {period: 2005/06, actual: 69}
      - {period: 2006/07, actual: 66}
""",
    fixed="""\
results:
  - measure: dwp-pc-t-accuracy
    periods:
      - {period: 2003/04, actual: 92.1}
      - {period: 2004/05, actual: 93.8}
      - {period: 2005/06, actual: 95.2}
      - {period: 2006/07, actual: 95.6}
  - measure: dwp-pc-t-claims-5-days
    periods:
      - {period: 2005/06, actual: 69}
      - {period: 2006/07, actual: 66}
""",
)
