"""What the evidence rules (CFG126 to CFG138, and CFG144) share: words they guess from, periods,
figures, and what each measure counts for."""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Measure, Model, OutcomeObjective, PeriodError, Principle, parse_period
from cfgov.rules.memo import PerModel, same_objects
from cfgov.rules.scope import asked

#: Words that say a measure is of customer satisfaction: "satisfied", "satisfaction",
#: "dissatisfied". A guess from the name; the rules that use it say so.
SATISFACTION = re.compile(r"\b(?:dis)?satisf(?:ied|action|y|ying)\b", re.IGNORECASE)

#: Words that speak of failure demand (Seddon 2006) or avoidable contact (the UK's
#: NI 14): "failure demand", "avoidable contact(s)", "repeat contacts/calls",
#: "chasing progress".
FAILURE_DEMAND = re.compile(
    r"\bfailure[\s-]+demand\b|\bavoidable\s+contacts?\b|\brepeat(?:ed)?\s+(?:contacts?|calls?)\b"
    r"|\bchasing\b|\bNI\s*14\b",
    re.IGNORECASE,
)


def measured(model: Model, only: Collection[str] | None = None) -> Iterator[Measure]:
    """The measures that have results, in the model's order; given ``only`` (a scoped
    check's ids), those of them it names, looked up."""
    if only is None:
        with_results = {result.measure for result in model.results}
        yield from (m for _owner, m in model.measures() if m.id in with_results)
    else:
        yield from (m for m in asked(model, only, Measure) if model.results_for(m.id))


def number(value: object) -> int | float | None:
    """A value as a number, or None for text, None and true/false."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def date_problem(value: object) -> str | None:
    """What is wrong with an ``as_of`` option, in words; None for a date or "" (not set)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parse_period(value)
    except PeriodError as exc:
        return f"is {value!r}, which is not a date or period cfgov can read: {exc}"
    return None


def as_of_day(text: str) -> datetime.date | None:
    """The last day an ``as_of`` option covers (``2026-03`` is 31 March 2026); None if unset."""
    return parse_period(text).end if text else None


def newest_end(model: Model) -> datetime.date | None:
    """The last day of the newest period of any result, feedback or demand in the model."""
    ends = [r.span.end for r in model.results]
    ends += [r.span.end for r in model.feedback]
    ends += [r.span.end for r in model.demand]
    return max(ends, default=None)


def organisations_of_segment(model: Model, segment_id: str) -> frozenset[str]:
    """The ids of the organisations whose unit owns the segment."""
    return frozenset(u.id for u in model.organisations_of(model.segment(segment_id).unit))


def objectives_of_measure(model: Model, measure_id: str) -> list[OutcomeObjective]:
    """The objectives a measure counts for: the one it belongs to, or, for a target of a
    service standard, the objectives the standard's principle serves."""
    owner = model.owner_of(measure_id)
    if isinstance(owner, OutcomeObjective):
        return [owner]
    return [model.objective(o) for o in objectives_of_standards(model).get(owner.id, ())]


def organisations_of_measure(model: Model, measure_id: str) -> frozenset[str]:
    """The organisations of the segments of the objectives a measure serves, as
    :func:`organisations_of_measures` gives them, for one measure."""
    return frozenset().union(
        *(
            organisations_of_segment(model, s)
            for o in objectives_of_measure(model, measure_id)
            for s in o.segments
        )
    )


#: The objectives each standard serves (through its principle), for the last few models.
_SERVED: PerModel[tuple[tuple[Principle, ...], dict[str, list[str]]]] = PerModel()


def objectives_of_standards(model: Model) -> dict[str, list[str]]:
    """For each service standard, the objectives its principle serves (the measures of
    those objectives include its targets); kept for the last few models, linear in
    principles once per model, or taken from the last model when its principles are the
    same objects."""
    kept = _SERVED.get(model)
    if kept is not None:
        return kept[1]
    for principles, known in _SERVED.others(model):
        if same_objects(principles, model.principles):
            _SERVED.keep(model, (model.principles, known))
            return known
    served: dict[str, list[str]] = {}
    for principle in model.principles:
        if principle.objective is not None:
            for standard in principle.standards:
                served.setdefault(standard.id, []).append(principle.objective)
    _SERVED.keep(model, (model.principles, served))
    return served


def organisations_of_measures(model: Model) -> dict[str, frozenset[str]]:
    """For each measure, the organisations of the segments of the objective it serves (an
    objective's own measure, or a target of a standard of a principle that serves it)."""
    found: dict[str, frozenset[str]] = {}
    for objective_id, measures in measures_by_objective(model).items():
        objective = model.objective(objective_id)
        owners = frozenset().union(
            *(organisations_of_segment(model, s) for s in objective.segments)
        )
        for measure in measures:
            found[measure.id] = found.get(measure.id, frozenset()) | owners
    return found


def newest_ends(model: Model) -> dict[str, datetime.date]:
    """For each organisation, the last day of the newest period of its evidence: results
    of its measures, feedback and demand of its segments. Evidence speaks for the body
    that gathered it; one body's figures do not make another's look stale."""
    ends: dict[str, datetime.date] = {}

    def note(owners: frozenset[str], end: datetime.date) -> None:
        for owner in owners:
            if owner not in ends or end > ends[owner]:
                ends[owner] = end

    by_measure = organisations_of_measures(model)
    for result in model.results:
        note(by_measure.get(result.measure, frozenset()), result.span.end)
    for heard in model.feedback:
        note(organisations_of_segment(model, heard.segment), heard.span.end)
    for counted in model.demand:
        note(organisations_of_segment(model, counted.segment), counted.span.end)
    return ends


def measures_by_objective(model: Model) -> dict[str, list[Measure]]:
    """Each objective's own measures, then the targets of the standards of the principles
    that serve it: the measures whose results are evidence for the objective.

    Through the model's index (:meth:`cfgov.Model.measures_for`): linear in measures.
    """
    return {o.id: list(model.measures_for(o.id)) for o in model.objectives}


def speaks_of(pattern: re.Pattern[str], texts: Iterable[str | None]) -> str | None:
    """The first of ``texts`` in which ``pattern`` is found, or None."""
    return next((text for text in texts if text and pattern.search(text)), None)
