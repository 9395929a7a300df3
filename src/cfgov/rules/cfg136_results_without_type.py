"""CFG136: a measure with results but no type, so its figures cannot be checked."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from cfgov.model import Finding, Model, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.evidence import measured
from cfgov.rules.scope import Scope


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Every measure with results states its ``type``.

    Cost: each measure is read once: linear in measures and results. For ``only``, the
    measures asked about alone.
    """
    for measure in measured(model, only):
        if measure.type is not None:
            continue
        yield RULE.finding(
            measure.id,
            f"measure {quoted(measure.id)} ({excerpt(measure.name)}) has results but no "
            "`type:`, so cfgov cannot check that its figures are ones it can take",
            hint=f"Give {quoted(measure.id)} `type:` (count, percentage, ratio, money, "
            "duration, rating or qualitative).",
        )


RULE = Rule(
    code="CFG136",
    name="results-without-type",
    severity=Severity.INFO,
    summary="A measure with results that does not say its type (count, percentage, ratio, "
    "money, duration, rating or qualitative).",
    rationale="The type of a measure says what its figures can be, and CFG128 checks every "
    "baseline, target and result against it: no percentage above 100, no half a claim, no "
    "rating of 11. A measure without a type escapes that check, and the reports cannot "
    "tell whether its results are figures to chart or words to read. The IATI results "
    "standard asks every indicator for its measure type (IATI results).",
    fix="Give the measure `type:`.",
    source="IATI results (measure types)",
    cost="Linear in the number of measures and results.",
    scope=Scope.MEASURE,
    check=check,
    example="""\
objectives:
  - id: obj-take-up
    statement: Pensioners on low incomes claim the Pension Credit they are due
    segments: [pc-pensioners]
    measures:
      - {id: m-take-up, name: Entitled pensioners receiving Pension Credit, target: 75}
results:
  - measure: m-take-up
    periods:
      - {period: 2005/06, actual: 66}
""",
    fixed="""\
objectives:
  - id: obj-take-up
    statement: Pensioners on low incomes claim the Pension Credit they are due
    segments: [pc-pensioners]
    measures:
      - {id: m-take-up, name: Entitled pensioners receiving Pension Credit,
         type: percentage, target: 75}
results:
  - measure: m-take-up
    periods:
      - {period: 2005/06, actual: 66}
""",
)
