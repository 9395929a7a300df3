"""CFG118: an objective measured by internal activity and never end to end."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Model, OutcomeObjective, Perspective, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, asked


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """An objective with a measure of internal activity also has an end-to-end measure.

    Cost: each objective's measures are read once: linear in measures. For ``only``, the
    objectives asked about are looked up.
    """
    objectives: Iterable[OutcomeObjective] = model.objectives
    if only is not None:
        objectives = asked(model, only, OutcomeObjective)
    for objective in objectives:
        internal = [m for m in objective.measures if m.perspective is Perspective.INTERNAL]
        if not internal:
            continue
        if any(m.perspective is Perspective.END_TO_END for m in objective.measures):
            continue
        listed = ", ".join(f"{quoted(m.id)} ({excerpt(m.name)})" for m in internal)
        yield RULE.finding(
            objective.id,
            f"objective {quoted(objective.id)} ({excerpt(objective.statement)}) is measured by "
            f"internal activity ({listed}) but by nothing taken end to end, as its customers "
            "experience it",
            hint=f"Add a measure of `perspective: end_to_end` to {quoted(objective.id)}, taken "
            "from the customer's side: for a service, the time from first contact to the matter "
            "being settled; for other aims, what the people concerned see or say has "
            f"changed. Keep {listed} for managing the work, not as the objective's test.",
            related=[m.id for m in internal],
        )


RULE = Rule(
    code="CFG118",
    name="activity-without-end-to-end",
    severity=Severity.WARNING,
    summary="An objective measured only by internal activity, with no end-to-end measure.",
    rationale="Seddon's open letter argues that services should be judged from the "
    "customer's side of the counter: the whole time it takes to fix someone's problem, "
    "not how quickly the phone is picked up or an appointment is booked. Activity "
    "figures can all improve while the customer waits just as long, and people working "
    "to them learn to serve the figure rather than the person. Barker makes the same "
    "point: the figures an organisation counts and rewards should follow what its "
    "customers care about (Seddon 2006; Barker 2002).",
    fix="Add a measure of `perspective: end_to_end` for the objective, timed or judged "
    "from the customer's first contact to the point their need is met (days to pay a "
    "benefit correctly, to complete a repair). Internal measures may stay beside it.",
    source="Seddon 2006 (open letter, seed 003): end-to-end measures, not activity",
    cost="Linear in the number of measures.",
    scope=Scope.OBJECTIVE,
    check=check,
    example="""\
objectives:
  - id: obj-paid-promptly
    statement: Tenants receive the Housing Benefit they are due without hardship
    segments: [hb-claimants]
    measures:
      - id: m-answer
        name: Calls answered within 20 seconds
        perspective: internal
""",
    fixed="""\
objectives:
  - id: obj-paid-promptly
    statement: Tenants receive the Housing Benefit they are due without hardship
    segments: [hb-claimants]
    measures:
      - id: m-end-to-end
        name: Days from first contact to correct payment
        perspective: end_to_end
      - id: m-answer
        name: Calls answered within 20 seconds
        perspective: internal
""",
)
