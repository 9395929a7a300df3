"""CFG134: an objective whose results all come from inside the organisation."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from cfgov.model import (
    Finding,
    Measure,
    MeasureKind,
    Model,
    OutcomeObjective,
    Perspective,
    Severity,
    excerpt,
    quoted,
)
from cfgov.rules.base import Options, Rule
from cfgov.rules.evidence import measures_by_objective, objectives_of_measure
from cfgov.rules.scope import Scope, among


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """An objective with results (for its own measures or the targets of the standards
    serving it) has results for at least one measure that is taken end to end, or is
    neither ``perspective: internal`` nor ``kind: output``.

    CFG118 looks at the measures an objective declares; this rule at the measures it
    actually holds results for. An end-to-end measure with no results yet does not count.

    Cost: one pass over objectives and principles, and each measure's results looked up
    once: linear in measures.
    """
    if only is not None:
        for objective in among(model, (), OutcomeObjective, only):
            measures = list(model.measures_for(objective.id))
            measured = {m.id for m in measures if model.results_for(m.id)}
            found = _judged(model, objective.id, measures, measured)
            if found is not None:
                yield found
        return
    measured = {result.measure for result in model.results}
    for objective_id, measures in measures_by_objective(model).items():
        found = _judged(model, objective_id, measures, measured)
        if found is not None:
            yield found


def _judged(
    model: Model, objective_id: str, measures: Sequence[Measure], measured: Collection[str]
) -> Finding | None:
    """The finding about one objective, given its measures and those with results."""
    held = [m for m in measures if m.id in measured]
    if not held:
        return None
    if any(
        m.perspective is Perspective.END_TO_END
        or (m.perspective is not Perspective.INTERNAL and m.kind is not MeasureKind.OUTPUT)
        for m in held
    ):
        return None
    objective = model.objective(objective_id)
    listed = ", ".join(f"{quoted(m.id)} ({_why(m)})" for m in held)
    waiting = [
        m.id for m in measures if m.id not in measured and m.perspective is Perspective.END_TO_END
    ]
    also = ""
    if len(waiting) == 1:
        also = f" Its end-to-end measure {quoted(waiting[0])} has no results yet."
    elif waiting:
        also = f" Its end-to-end measures {', '.join(map(quoted, waiting))} have no results yet."
    return RULE.finding(
        objective.id,
        f"objective {quoted(objective.id)} ({excerpt(objective.statement)}) has results "
        f"only for measures of the organisation's own activity: {listed}",
        hint=f"Add results for a measure of {quoted(objective.id)} taken end to end, as "
        "its customers experience it (time from first contact to the matter settled, "
        f"what customers say has changed).{also} Keep the internal figures for managing "
        "the work.",
        related=[m.id for m in held],
    )


def widen(before: Model, after: Model, reach: frozenset[str]) -> set[str]:
    """The objectives a reached measure counts for beyond the region: its own objective
    (which names no segment when the measure reaches nothing else) and, for a standard's
    target, the objectives its principle serves. Cost: the measures reached."""
    found: set[str] = set()
    for model in (before, after):
        for entity_id in reach:
            if type(model.get(entity_id)) is not Measure:
                continue
            found.update(o.id for o in objectives_of_measure(model, entity_id))
    return found


def _why(measure: Measure) -> str:
    parts = []
    if measure.perspective is Perspective.INTERNAL:
        parts.append("internal")
    if measure.kind is MeasureKind.OUTPUT:
        parts.append("an output")
    return " and ".join(parts)


RULE = Rule(
    code="CFG134",
    name="only-internal-evidence",
    severity=Severity.WARNING,
    summary="An objective whose results are all for internal or output measures, none "
    "taken end to end.",
    rationale="An objective is about what changes for its customers; the evidence that it "
    "is being achieved has to come from their side. Seddon's letter contrasts measures "
    "of activity (calls answered, appointments booked, forms processed) with measures of "
    "purpose taken end to end, from the customer's first contact to the need being met, "
    "and warns that activity can improve while the customer's experience does not. When "
    "every result held for an objective counts the organisation's own outputs or activity, "
    "its status in the report says how busy the organisation was, not whether the outcome "
    "is happening. This is CFG118 applied to the evidence actually held: a declared "
    "end-to-end measure with no results does not count (Seddon 2006; Barker 2002, "
    "Component 4).",
    fix="Collect and record results for an end-to-end or outcome measure of the objective "
    "(or add one, then its results). Keep the internal figures beside it for managing the "
    "work.",
    source="Seddon 2006 (end-to-end measures, not activity); Barker 2002, Component 4",
    cost="Linear in the number of measures and results.",
    check=check,
    scope=Scope.OBJECTIVE,
    widen=widen,
    example="""\
objectives:
  - id: obj-paid-promptly
    statement: Tenants receive the Housing Benefit they are due without hardship
    segments: [hb-claimants]
    measures:
      - {id: m-end-to-end, name: Days from first contact to correct payment,
         perspective: end_to_end}
      - {id: m-answer, name: Calls answered within 20 seconds, perspective: internal}
results:
  - measure: m-answer
    periods:
      - {period: 2025-Q3, actual: 82}
""",
    fixed="""\
objectives:
  - id: obj-paid-promptly
    statement: Tenants receive the Housing Benefit they are due without hardship
    segments: [hb-claimants]
    measures:
      - {id: m-end-to-end, name: Days from first contact to correct payment,
         perspective: end_to_end}
      - {id: m-answer, name: Calls answered within 20 seconds, perspective: internal}
results:
  - measure: m-answer
    periods:
      - {period: 2025-Q3, actual: 82}
  - measure: m-end-to-end
    periods:
      - {period: 2025-Q3, actual: 23}
""",
)
