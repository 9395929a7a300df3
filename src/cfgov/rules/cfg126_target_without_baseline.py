"""CFG126: a target to reach by a deadline, with no baseline to start the path from."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from cfgov.model import Finding, Model, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule, figure
from cfgov.rules.evidence import measured
from cfgov.rules.scope import Scope


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Every measure with results, a ``target`` and a ``deadline`` gives a ``baseline`` and
    the ``baseline_date`` it was taken on.

    A target without a deadline is a standard to hold in every period and needs no
    starting point, so it is left alone. So is a measure with no results yet: nothing
    is judged against the path until there is evidence, and a model of intentions alone
    (the report's own examples give targets and deadlines without baselines) is not
    told about it on every check.

    Cost: each measure is read once: linear in measures. For ``only``, the measures asked
    about alone.
    """
    for measure in measured(model, only):
        if measure.target is None or measure.deadline is None:
            continue
        missing = [
            name
            for name, value in (
                ("baseline", measure.baseline),
                ("baseline_date", measure.baseline_date),
            )
            if value is None
        ]
        if not missing:
            continue
        lacks = " and no ".join(f"`{name}`" for name in missing)
        yield RULE.finding(
            measure.id,
            f"measure {quoted(measure.id)} ({excerpt(measure.name)}) aims for "
            f"{figure(measure.target)} by {measure.deadline} but gives no {lacks}: there is no "
            "starting point to draw the path to the target from",
            field="deadline",
            hint=f"Give {quoted(measure.id)} `baseline:` (the level when the target was set) "
            "and `baseline_date:` (when that level was measured). If the target is a standard "
            "to hold every period rather than a level to reach by a date, remove `deadline:`.",
        )


RULE = Rule(
    code="CFG126",
    name="target-without-baseline",
    severity=Severity.WARNING,
    summary="A measure with results, a numeric target and a deadline, but no baseline or no "
    "date for its baseline.",
    rationale="A target to reach by a date is a path: from where things stood when the "
    "target was set to where they should be by the deadline. Without the starting level "
    "and the day it was measured, nobody can say whether this period's figure is on the "
    "way or falling behind, and cfgov's progress judgement has to fall back on the first "
    "result it holds, which may not be where the plan started. The IATI results standard "
    "asks every indicator for a baseline year and value for the same reason. A target with "
    "no deadline is different: it is a standard to hold in every period (DWP's 95% of "
    "assessments accurate), judged against the target itself, so it needs no baseline. "
    "The rule speaks once a measure has results, when its progress is first judged "
    "(IATI results; Barker 2002, Component 1, standards and targets).",
    fix="Give the measure `baseline:` and `baseline_date:`; or, if the target is a standard "
    "to hold every period, remove `deadline:`.",
    source="IATI results (baseline year and value); Barker 2002, Component 1",
    cost="Linear in the number of measures.",
    scope=Scope.MEASURE,
    check=check,
    example="""\
objectives:
  - id: obj-take-up
    statement: Pensioners on low incomes claim the Pension Credit they are due
    segments: [pc-pensioners]
    measures:
      - id: m-take-up
        name: Entitled pensioners receiving Pension Credit
        type: percentage
        target: 75
        deadline: "2008-03-31"
results:
  - measure: m-take-up
    periods:
      - {period: 2004/05, actual: 64}
      - {period: 2005/06, actual: 66}
""",
    fixed="""\
objectives:
  - id: obj-take-up
    statement: Pensioners on low incomes claim the Pension Credit they are due
    segments: [pc-pensioners]
    measures:
      - id: m-take-up
        name: Entitled pensioners receiving Pension Credit
        type: percentage
        baseline: 62
        baseline_date: "2004-03-31"
        target: 75
        deadline: "2008-03-31"
results:
  - measure: m-take-up
    periods:
      - {period: 2004/05, actual: 64}
      - {period: 2005/06, actual: 66}
""",
)
