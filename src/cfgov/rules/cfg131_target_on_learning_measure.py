"""CFG131: a numeric target set on a measure that is for learning, not for targets."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from cfgov.model import Finding, Measure, MeasureType, Model, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule, figure
from cfgov.rules.evidence import FAILURE_DEMAND, SATISFACTION, number
from cfgov.rules.scope import Scope, among


def _what(measure: Measure) -> tuple[str, bool] | None:
    """What kind of learning measure this is, and whether that is a guess from its name."""
    if measure.type is MeasureType.RATING:
        return "a rating of the service", False
    if FAILURE_DEMAND.search(measure.name):
        return "a measure of failure demand", True
    if SATISFACTION.search(measure.name):
        return "a measure of customer satisfaction", True
    return None


def _target(model: Model, measure: Measure) -> tuple[float, str, str] | None:
    """The measure's numeric target, or failing that the first a result sets: the figure,
    the field path and where it is written, in words."""
    if measure.target is not None:
        return measure.target, "target", "a target"
    for result in model.results_for(measure.id):
        value = number(result.target)
        if value is not None:
            return value, f"{result.path}.target", f"a target for {result.period}"
    return None


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """No measure of ``type: rating``, and none whose name speaks of satisfaction or of
    failure demand (avoidable or repeat contact, chasing), has a numeric target, on the
    measure or on any of its results.

    Only the name is read for the guess: a description often mentions a survey or a
    satisfaction check that belongs to another measure. The finding says when it guessed.

    Cost: each measure is read once, and its results until a target is found: linear in
    measures and results. For ``only``, the measures asked about alone.
    """
    for measure in among(model, (m for _owner, m in model.measures()), Measure, only):
        found = _what(measure)
        if found is None:
            continue
        target = _target(model, measure)
        if target is None:
            continue
        what, guessed = found
        value, field, where = target
        guess = (
            f" (a guess from its name; if it is not, this rule can be told so with "
            f'`ignore: {{CFG131: "reason"}}` on {quoted(measure.id)})'
            if guessed
            else ""
        )
        yield RULE.finding(
            measure.id,
            f"measure {quoted(measure.id)} ({excerpt(measure.name)}) is {what}{guess}, and "
            f"sets {where} of {figure(value)}: such a measure is for learning what to change, "
            "not a figure to hit",
            field=field,
            hint=f"Remove the numeric target from {quoted(measure.id)} and keep the measure "
            'to learn from: read its results with the answers to "what would have made it '
            'a 10?" (or the types of failure demand) and act on the causes. Set targets, if '
            "at all, on the end-to-end outcome the customers want.",
        )


RULE = Rule(
    code="CFG131",
    name="target-on-learning-measure",
    severity=Severity.WARNING,
    summary="A numeric target on a rating, a satisfaction measure or a measure of failure "
    "demand (the last two guessed from the name).",
    rationale="Seddon's open letter argues that the best knowledge from customers comes from "
    "one rating of the transaction on a scale of 10, and above all from asking those who "
    "scored low what would have had to happen for a 10. Failure demand (contact caused by "
    "failing to do something, or to do it right) is in the same way a map of what to "
    "change. Both are for learning. Turn them into targets and people learn to move the "
    "figure instead of the service: surveys go to the customers likely to score well, "
    "repeat calls are logged as new ones. As Goodhart's law has it, a figure can be a "
    "measurement or a target, but not both for long. The rule reads `type: rating` as "
    "said, and guesses satisfaction and failure demand from the measure's name (Seddon 2006).",
    fix="Remove the numeric target and keep the measure for learning: read it with the "
    'answers to "what would have made it a 10?" or with the types of failure demand, and '
    "change the work they point to. If the target is someone else's and must be reported, "
    'say so with `ignore: {CFG131: "reason"}` on the measure.',
    source='Seddon 2006 (one rating out of 10 and "what would have made it a 10"; failure '
    "demand; Goodhart's law)",
    cost="Linear in the number of measures and results.",
    scope=Scope.MEASURE,
    check=check,
    example="""\
objectives:
  - id: obj-claims
    statement: Pensioners get their claim settled without a struggle
    segments: [pc-pensioners]
    measures:
      - id: m-rating
        name: Pensioners' rating of their claim, out of 10
        type: rating
        target: 8
      - id: m-failure
        name: Failure demand as a share of calls
        type: percentage
        target: 10
""",
    fixed="""\
objectives:
  - id: obj-claims
    statement: Pensioners get their claim settled without a struggle
    segments: [pc-pensioners]
    measures:
      - id: m-rating
        name: Pensioners' rating of their claim, out of 10
        type: rating
        method: one question after each claim, and what would have made it a 10
      - id: m-failure
        name: Failure demand as a share of calls
        type: percentage
        method: calls sorted into value and failure demand by the people who take them
""",
)
