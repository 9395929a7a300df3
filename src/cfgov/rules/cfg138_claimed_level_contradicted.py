"""CFG138: a self-assessment claims a level that the model's own evidence contradicts."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import (
    Assessment,
    Component,
    Finding,
    Initiative,
    Measure,
    Model,
    OutcomeObjective,
    Severity,
    excerpt,
    quoted,
)
from cfgov.model.standing import Ceiling, ceilings_of
from cfgov.rules.base import Options, Rule
from cfgov.rules.evidence import objectives_of_measure
from cfgov.rules.scope import Scope, among

#: What to record in the model so that a claim stands, component by component.
_EVIDENCE = {
    Component.UNDERSTAND: "target segments, cut into sub-segments, each with an outcome "
    "objective under `objectives:` and a knowledge source",
    Component.OPERATIONS: "measures of what customers value (`kind: outcome` or "
    "`perspective: end_to_end`) for the objectives",
    Component.RELATIONSHIPS: "representatives (partners with `role: representative`), "
    "direct knowledge sources and `feedback:` from the target segments",
    Component.OUTCOMES: "results for the measures, or an initiative that has reached the "
    "Implement stage",
}


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """The latest self-assessment of each unit claims, for each component, no level above
    the ceiling the model's evidence allows (:func:`cfgov.model.standing.ceilings_of`, the
    ceilings of :func:`cfgov.model.standing.standing_of`).

    Only the latest sitting is judged: the model describes the unit as it is now, and an
    older sitting is history.

    Cost: one set of ceilings per assessed unit (:func:`cfgov.model.standing.ceilings_of`),
    each linear in the entities of the unit and the units below it. Given ``only``, one
    per unit of those assessments that are latest.
    """
    ceilings: dict[str, tuple[Ceiling, ...]] = {}
    if only is not None:
        for assessment in among(model, (), Assessment, only):
            if model.assessments_of(assessment.unit)[-1].id == assessment.id:
                yield from _judged(model, assessment, ceilings)
        return
    latest: dict[str, str] = {}
    for unit_id in dict.fromkeys(a.unit for a in model.assessments):
        latest[unit_id] = model.assessments_of(unit_id)[-1].id
    for assessment in model.assessments:
        if latest.get(assessment.unit) != assessment.id:
            continue
        yield from _judged(model, assessment, ceilings)


def _judged(
    model: Model, assessment: Assessment, ceilings: dict[str, tuple[Ceiling, ...]]
) -> Iterator[Finding]:
    """The findings about one latest assessment; ``ceilings`` keeps each unit's."""
    unit = model.unit(assessment.unit)
    for number, part in enumerate(assessment.components):
        if assessment.unit not in ceilings:
            ceilings[assessment.unit] = ceilings_of(model, assessment.unit)
        view = next(c for c in ceilings[assessment.unit] if c.component is part.component)
        if not view.contradicts(part.level):
            continue
        component = part.component
        yield RULE.finding(
            assessment.id,
            f"assessment {quoted(assessment.id)} of {quoted(unit.id)} "
            f"({excerpt(unit.name)}) claims {quoted(part.level.words)} for component "
            f"{component.number} ({component.title}), but {view.contradiction}, so the "
            f"model's evidence supports a claim of {quoted(view.level.words)} at most "
            f"(Barker 2002, component {component.number})",
            field=f"components.{number}.level",
            hint=f"Record what the claim rests on in the model: {_EVIDENCE[component]}; or "
            f"lower the claim to {quoted(view.level.words)}. If the evidence is kept "
            "outside the model, say where with "
            f'`ignore: {{CFG138: "reason"}}` on the assessment.',
        )


def widen(before: Model, after: Model, reach: frozenset[str]) -> set[str]:
    """The assessments whose findings an edit may change beyond its reach: the other
    assessments of a reached assessment's unit (which is latest may have changed), and the
    assessments of the units whose standing leans on a reached initiative, objective or
    measure that names no segment of the region (a standard's target, an objective's unit,
    an initiative's lead unit), with the units above them.

    Cost: what the edit reached, and the assessments of the units found.
    """
    found: set[str] = set()
    for model in (before, after):
        assessed: set[str] = set()
        standing: set[str] = set()
        for entity_id in reach:
            entity = model.get(entity_id)
            if type(entity) is Assessment:
                assessed.add(entity.unit)
            elif type(entity) is Initiative:
                standing.add(entity.unit)
            elif type(entity) is OutcomeObjective:
                standing.update(_units_of(model, [entity]))
            elif type(entity) is Measure:
                standing.update(_units_of(model, objectives_of_measure(model, entity_id)))
        for unit_id in list(standing):
            standing |= model.ancestors_of(unit_id)
        for unit_id in assessed | standing:
            found.update(a.id for a in model.assessments_of(unit_id))
    return found


def _units_of(model: Model, objectives: Iterable[OutcomeObjective]) -> set[str]:
    """The units whose standing takes in these objectives: their own unit, and the units of
    their segments."""
    units: set[str] = set()
    for objective in objectives:
        if objective.unit is not None:
            units.add(objective.unit)
        units.update(model.segment(s).unit for s in objective.segments)
    return units


RULE = Rule(
    code="CFG138",
    name="claimed-level-contradicted",
    severity=Severity.WARNING,
    summary="A unit's latest self-assessment claims a level on one of the four components "
    "that the facts in the model contradict.",
    rationale="Barker's report is written as a framework for a change programme, with a "
    "self-assessment against its four components at the heart of it. An assessment is "
    "only useful when it is honest, and the model already holds much of the evidence a "
    "team would point to: which target segments it has, whether each has an outcome "
    "objective, what is measured, who speaks for customers and what they say. When a "
    "team places itself high on a component while the model shows the basics missing "
    "(an established understanding of customers, say, where no target segment has an "
    "outcome objective), the claim and the evidence cannot both be right. cfgov's scale "
    "is its own (the report's Part II tables are not in cfgov's copy), and the rule is "
    "lenient: it speaks only when a clear fact rules the claim out (Barker 2002, Part II "
    "and the four components).",
    fix="Record the missing evidence in the model, or lower the claimed level to the one "
    "the message names; if the evidence lives elsewhere, say so with `ignore:` on the "
    "assessment.",
    source="Barker 2002, Part II (self-assessment) and the four components",
    cost="Linear in assessments, plus the ceilings of each assessed unit (linear in its entities).",
    check=check,
    scope=Scope.STANDING,
    widen=widen,
    example="""\
# The target segments of hb-team have no outcome objectives.
assessments:
  - id: hb-2026
    unit: hb-team
    date: 2026-03
    components:
      - component: understand_the_customer
        level: established
""",
    fixed="""\
# The target segments of hb-team have no outcome objectives.
assessments:
  - id: hb-2026
    unit: hb-team
    date: 2026-03
    components:
      - component: understand_the_customer
        level: developing
        next_steps: [Set an outcome objective for each target segment]
""",
)
