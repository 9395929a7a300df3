"""CFG129: a measure whose results stopped while the rest of the evidence went on."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from cfgov.model import Finding, Model, Result, Severity, excerpt, quoted
from cfgov.rules.base import Option, Options, Rule
from cfgov.rules.evidence import (
    as_of_day,
    date_problem,
    newest_end,
    newest_ends,
    organisations_of_measures,
)

#: Months differ by up to three days (February and March), quarters and years by less: a
#: monthly series one month behind is not stale because March is longer than February.
CALENDAR_SLACK = 3


def _latest(results: tuple[Result, ...]) -> Result:
    """The result whose period ends last (of two ending together, the longer)."""
    return max(results, key=lambda r: (r.span.end, r.span.days))


def check(model: Model, options: Options) -> Iterator[Finding]:
    """No measure's latest result ends more than one of its own periods before the day of
    reference: the ``as_of`` option when set, else the last day of the newest period of
    any result, feedback or demand in the model. The clock is never read.

    A measure's period is the length of its latest result's period: an annual series is
    stale against monthly figures only once more than a year has passed since its end.
    For periods of a month or longer, three days more are allowed, as months differ.

    Cost: each result is read twice (the newest period, then each measure's latest):
    linear in results.
    """
    as_of = str(options["as_of"])
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
    for measure_id, results in by_measure.items():
        latest = _latest(tuple(results))
        own = [ends[o] for o in owners.get(measure_id, ()) if o in ends]
        day = max(own) if own else reference
        gap = (day - latest.span.end).days
        if gap <= latest.span.days + (CALENDAR_SLACK if latest.span.days >= 28 else 0):
            continue
        measure = model.measure(measure_id)
        yield RULE.finding(
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
