"""CFG115: an outcome objective measured only by outputs, never by an outcome."""

from __future__ import annotations

from collections.abc import Iterator

from cfgov.model import Finding, MeasureKind, Model, Severity
from cfgov.rules.base import Options, Rule


def check(model: Model, options: Options) -> Iterator[Finding]:
    """An objective with an output measure also has at least one outcome measure.

    Cost: each objective's measures are read once: linear in measures.
    """
    for objective in model.objectives:
        outputs = [
            (position, measure)
            for position, measure in enumerate(objective.measures)
            if measure.kind is MeasureKind.OUTPUT
        ]
        if not outputs:
            continue
        if any(m.kind is MeasureKind.OUTCOME for m in objective.measures):
            continue
        position, first = outputs[0]
        listed = ", ".join(f"{m.id!r} ({m.name})" for _, m in outputs)
        noun = "an output" if len(outputs) == 1 else "outputs"
        yield RULE.finding(
            objective.id,
            f"objective {objective.id!r} ({objective.statement}) is measured by {noun} only "
            f"({listed}) and by no outcome for the people it is for",
            field=f"measures.{position}.kind",
            hint=f"Add a measure of `kind: outcome` to {objective.id!r} that shows the "
            "difference made for its segments (what they would notice), and keep "
            f"{first.id!r} only as a supporting output.",
            related=[m.id for _, m in outputs],
        )


RULE = Rule(
    code="CFG115",
    name="output-objective",
    severity=Severity.WARNING,
    summary="An outcome objective whose measures count only outputs, none an outcome.",
    rationale="The report wants objectives framed as outcomes for customers rather than as "
    "things the organisation produces, and wants the organisation to measure and reward "
    "what its customers value: how long people wait, not how long the list is. When every "
    "measure of an objective counts leaflets sent or forms processed, the work can hit all "
    "its figures while the people it is for see no change (Barker 2002, Component 1, "
    "'Define desirable outcomes', and the vision 'what is measured and rewarded is driven "
    "by what customers value').",
    fix="Add at least one measure of `kind: outcome` that shows the change for the "
    "objective's segments (take-up among those eligible, claims settled in time as the "
    "claimant sees it). Output measures may stay beside it as management information.",
    source="Barker 2002, Component 1 (outcome-based, not output-based objectives)",
    cost="Linear in the number of measures.",
    check=check,
    example="""\
objectives:
  - id: obj-take-up
    statement: Pensioners on low incomes claim the Pension Credit they are due
    segments: [pc-pensioners]
    measures:
      - id: m-forms
        name: Claim forms processed
        kind: output
""",
    fixed="""\
objectives:
  - id: obj-take-up
    statement: Pensioners on low incomes claim the Pension Credit they are due
    segments: [pc-pensioners]
    measures:
      - id: m-take-up
        name: Eligible pensioners receiving Pension Credit
        kind: outcome
      - id: m-forms
        name: Claim forms processed
        kind: output
""",
)
