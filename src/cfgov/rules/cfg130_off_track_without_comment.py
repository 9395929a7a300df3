"""CFG130: a measure off track whose latest result says nothing about why."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Measure, Model, Severity, Status, excerpt, progress_of, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Every measure that :func:`cfgov.progress_of` judges off track has a ``comment`` on
    the latest result it was judged on.

    Cost: each measure's results are judged once (a sort of its results): n log n in
    results. For ``only``, the measures asked about alone: a measure's judgement rests on
    itself and its own results.
    """
    measures: Iterable[Measure]
    if only is None:
        judged = {result.measure for result in model.results}
        measures = (m for _owner, m in model.measures() if m.id in judged)
    else:
        measures = (m for m in _measures(model, only) if model.results_for(m.id))
    for measure in measures:
        progress = progress_of(model, measure)
        latest = progress.latest
        if progress.status is not Status.OFF_TRACK or latest is None or latest.comment:
            continue
        yield RULE.finding(
            measure.id,
            f"measure {quoted(measure.id)} ({excerpt(measure.name)}) is off track, and its "
            f"result for {latest.period} gives no comment to say why: {progress.reason}",
            field=f"{latest.path}.actual",
            hint=f"Add `comment:` to the result for {latest.period}: what lies behind the "
            "figure, as far as it is known, and what is being done about it.",
        )


def _measures(model: Model, ids: Collection[str]) -> Iterator[Measure]:
    """The measures among ``ids``, in the order of their ids."""
    for entity_id in sorted(ids):
        entity = model.get(entity_id)
        if isinstance(entity, Measure):
            yield entity


RULE = Rule(
    code="CFG130",
    name="off-track-without-comment",
    severity=Severity.WARNING,
    summary="A measure judged off track whose latest result has no comment saying why.",
    rationale="A figure that has fallen behind raises one question before any other: why? "
    "The people who read the report (the board, Ministers, the customers themselves) cannot "
    "answer it from the number, and the people who do the work usually can. Seddon's "
    "letter asks that measures be used to understand the work and improve it, not only to "
    "score it; a shortfall with no account of its cause is a score and nothing more. The "
    "IATI results standard gives each period a comment for the same purpose. The rule "
    "judges progress as the manual's evidence page sets out (Seddon 2006; IATI results).",
    fix="Add a `comment:` to the latest result: what is known about the cause (a backlog, a "
    "change of process, a campaign that brought in more claims), and what is being done.",
    source="Seddon 2006 (measures used to learn); IATI results (a comment per period)",
    cost="n log n in the results of each measure (a sort per measure).",
    scope=Scope.MEASURE,
    check=check,
    example="""\
results:
  - measure: dwp-pc-t-claims-5-days
    periods:
      - {period: 2005/06, actual: 69}
      - {period: 2006/07, actual: 66}
""",
    fixed="""\
results:
  - measure: dwp-pc-t-claims-5-days
    periods:
      - {period: 2005/06, actual: 69}
      - period: 2006/07
        actual: 66
        comment: >-
          Claims from the autumn take-up campaign arrived faster than the
          workflow system could clear them; extra staff are working the backlog.
""",
)
