"""CFG122: a measure without a target, or without a way of measuring it."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import (
    Finding,
    Measure,
    Model,
    OutcomeObjective,
    ServiceStandard,
    Severity,
    excerpt,
    quoted,
)
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, asked


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Every measure, of an objective or as a target of a service standard, states a
    ``target`` and a ``method``.

    Cost: each measure is read once: linear in measures. For ``only``, the measures asked
    about are looked up, with what they belong to.
    """
    measures: Iterable[tuple[OutcomeObjective | ServiceStandard, Measure]] = model.measures()
    if only is not None:
        measures = [(model.owner_of(m.id), m) for m in asked(model, only, Measure)]
    for owner, measure in measures:
        # A method of blank text says no more than none at all.
        missing = [
            what
            for what, value in (("target", measure.target), ("method", measure.method))
            if value is None or (isinstance(value, str) and not value.strip())
        ]
        if not missing:
            continue
        kind = "objective" if isinstance(owner, OutcomeObjective) else "service standard"
        lacks = " and no ".join(missing)
        yield RULE.finding(
            measure.id,
            f"measure {quoted(measure.id)} ({excerpt(measure.name)}) of {kind} {quoted(owner.id)} "
            f"has no {lacks}",
            hint=_hint(measure.id, missing),
            related=[owner.id],
        )


def _hint(measure_id: str, missing: list[str]) -> str:
    parts = []
    if "target" in missing:
        parts.append("`target:` (the figure to reach, in the measure's `unit:`)")
    if "method" in missing:
        parts.append(
            "`method:` (how the figure is collected: a survey, a sample check, "
            "case management data)"
        )
    return f"Give {quoted(measure_id)} " + " and ".join(parts) + "."


#: The model file the rule page shows; the fix is the same file with the mistake put right.
_EXAMPLE = """\
principles:
  - id: pr-trust
    name: Trust
    standards:
      - id: std-speed
        statement: Claims are dealt with promptly
        targets:
          - id: t-five-days
            name: Claims cleared within 5 days
"""


RULE = Rule(
    code="CFG122",
    name="measure-incomplete",
    severity=Severity.WARNING,
    summary="A measure that gives no target, or no method for measuring it.",
    rationale="In the report's DWP Pension Credit example each service standard carries "
    "aspirational targets, and each target comes with the way it will be checked: 95% "
    "accuracy by sample check, 100% consistency by mystery shopping, 80% of claims in 5 "
    "days from case management data. A measure without a target gives no level to aim "
    "for, and one without a method cannot be reported honestly or compared from year "
    "to year. The IATI results standard asks the same of every indicator (Barker 2002, "
    "Component 1, the DWP Pension Credit vision).",
    fix="State the level to reach under `target:` and how the figure is collected under `method:`.",
    source="Barker 2002, Component 1 (DWP Pension Credit standards and targets); IATI results",
    cost="Linear in the number of measures.",
    scope=Scope.MEASURE,
    check=check,
    example=_EXAMPLE,
    fixed=_EXAMPLE
    + '            unit: "%"\n'
    + "            target: 80\n"
    + "            method: case management data\n",
)
