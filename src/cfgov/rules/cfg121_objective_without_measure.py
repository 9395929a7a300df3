"""CFG121: an objective that nothing measures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Model, OutcomeObjective, Principle, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, asked


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each objective has a measure of its own, or a principle for it has a service
    standard with at least one target.

    Cost: one pass over the principles to find the objectives their targets measure,
    then one look at each objective: linear. For ``only``, the objectives asked about are
    looked up, with the principles for them.
    """
    principles_by_objective: dict[str, list[Principle]] = defaultdict(list)
    measured_by_standards: set[str] = set()
    objectives: Iterable[OutcomeObjective] = model.objectives
    principles: Iterable[Principle] = model.principles
    if only is not None:
        objectives = asked(model, only, OutcomeObjective)
        principles = [p for o in objectives for p in model.principles_for(o.id)]
    for principle in principles:
        if principle.objective is None:
            continue
        principles_by_objective[principle.objective].append(principle)
        if any(standard.targets for standard in principle.standards):
            measured_by_standards.add(principle.objective)
    for objective in objectives:
        if objective.measures or objective.id in measured_by_standards:
            continue
        serving = principles_by_objective.get(objective.id, [])
        if serving:
            names = ", ".join(f"{quoted(p.id)} ({excerpt(p.name)})" for p in serving)
            why = f"and no service standard under {names} sets a target"
        else:
            why = "and no principle with service standards serves it"
        yield RULE.finding(
            objective.id,
            f"objective {quoted(objective.id)} ({excerpt(objective.statement)}) has no measures "
            f"{why}, so there is no way to tell whether it is being achieved",
            hint=f"Add a measure to {quoted(objective.id)} under `measures:` (what is counted, "
            "its target and how it is measured), or give a service standard of a principle "
            "for it a target.",
        )


RULE = Rule(
    code="CFG121",
    name="objective-without-measure",
    severity=Severity.WARNING,
    summary="An outcome objective with no measure, directly or through a service standard.",
    rationale="The report turns objectives into something a team can act on by attaching "
    "measures: the DWP Pension Credit vision breaks the aim of protecting pensioners' "
    "dignity into principles, the principles into service standards, and the standards "
    "into targets with a stated way of checking each, such as 95% accuracy by sample check. "
    "An objective with nothing to measure it cannot be reported on, and what is not "
    "measured tends not to be managed or rewarded (Barker 2002, Component 1 and the DWP "
    "Pension Credit example; the IATI results standard makes the same demand).",
    fix="Give the objective at least one measure under `measures:`, with a target and a "
    "method, or tie a principle to it whose service standards carry targets.",
    source="Barker 2002, Component 1 (outcome objectives and the DWP service standards)",
    cost="Linear in objectives and principles.",
    scope=Scope.OBJECTIVE,
    check=check,
    example="""\
objectives:
  - id: obj-dignity
    statement: Protect and enhance pensioners' dignity
    segments: [pc-pensioners]
""",
    fixed="""\
objectives:
  - id: obj-dignity
    statement: Protect and enhance pensioners' dignity
    segments: [pc-pensioners]
    measures:
      - id: m-dignity
        name: Pensioners who felt treated with dignity
        kind: outcome
        target: 90
        method: customer survey
""",
)
