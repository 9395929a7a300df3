"""CFG128: a baseline, target or actual the measure's type does not allow."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from cfgov.model import Finding, Measure, MeasureType, Model, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule, figure
from cfgov.rules.scope import Scope, among

#: The range each numeric type allows, both ends included (None: no end).
RANGES: dict[MeasureType, tuple[float | None, float | None]] = {
    MeasureType.COUNT: (0, None),
    MeasureType.PERCENTAGE: (0, 100),
    MeasureType.RATIO: (0, None),
    MeasureType.DURATION: (0, None),
    MeasureType.RATING: (0, 10),
    MeasureType.MONEY: (None, None),
}

#: What to do about a number outside its type's range.
_HINTS = {
    MeasureType.COUNT: "Write the number of things counted, a whole number; if the measure "
    "is an average or a rate, give it `type: ratio`.",
    MeasureType.PERCENTAGE: "Write the share from 0 to 100 (95.2, not 0.952 or 952). If the "
    "measure is a change that can pass 100 or fall below 0 rather than a share of a whole, "
    "give it `type: ratio` (2.5 times) or leave `type:` out.",
    MeasureType.RATIO: "Correct the figure: a ratio of two counts cannot be below 0.",
    MeasureType.DURATION: "Correct the figure: a time taken cannot be below 0.",
    MeasureType.RATING: "Write the rating on the 0 to 10 scale; a share of people giving a "
    "score (80% scoring 9 or 10) is a measure of `type: percentage`.",
}

_WHAT = {
    MeasureType.COUNT: "a count is a whole number, 0 or more",
    MeasureType.PERCENTAGE: "a percentage of a whole runs from 0 to 100",
    MeasureType.RATIO: "a ratio is 0 or more",
    MeasureType.DURATION: "a duration is 0 or more",
    MeasureType.RATING: "a rating runs from 0 to 10",
    MeasureType.MONEY: "an amount of money is a number",
}

#: Text that is a number written as people write it in a table: "95%", "1,200", "£3.50".
_WRITTEN_NUMBER = re.compile(r"[£$€]?\s*-?[0-9][0-9,]*(?:\.[0-9]+)?\s*%?")


def _problem(kind: MeasureType, value: int | float | str) -> tuple[str, str | None] | None:
    """What is wrong with ``value`` for a measure of this type, and a hint; None when it fits."""
    if kind is MeasureType.QUALITATIVE:
        if isinstance(value, str):
            return None
        return (
            f"is the number {figure(value)}, but a qualitative measure holds text: what "
            "happened, in words",
            "Write what happened as text, or give the measure the numeric `type:` it has "
            "(count, percentage, ratio, money, duration, rating).",
        )
    if isinstance(value, str):
        hint = None
        text = value.strip()
        if _WRITTEN_NUMBER.fullmatch(text):
            plain = re.sub(r"[£$€%,\s]", "", text)
            hint = (
                f"Write the number alone: `{plain}`. The measure's `type:` and `unit:` say "
                "what it counts, so signs and thousands separators are not needed."
            )
        return (
            f"is the text {quoted(value)}, but a measure of type {kind} holds numbers",
            hint
            or "Write the figure as a number, or give the measure `type: qualitative` if its "
            "results are told in words.",
        )
    low, high = RANGES[kind]
    outside = (low is not None and value < low) or (high is not None and value > high)
    if outside or (kind is MeasureType.COUNT and not float(value).is_integer()):
        return f"is {figure(value)}, but {_WHAT[kind]}", _HINTS.get(kind)
    return None


def _values(model: Model, measure: Measure) -> Iterator[tuple[str, str, int | float | str]]:
    """Each value written for the measure: what it is, its field path and the value."""
    for name in ("baseline", "target"):
        value = getattr(measure, name)
        if value is not None:
            yield f"the {name}", name, value
    for result in model.results_for(measure.id):
        part = f" for {result.breakdown_text}" if result.breakdown else ""
        for name in ("target", "actual"):
            value = getattr(result, name)
            if value is not None:
                yield f"the {name} for {result.period}{part}", f"{result.path}.{name}", value


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Every baseline, target, result target and actual of a measure with a ``type`` is a
    value that type allows: a count whole and 0 or more; a percentage from 0 to 100; a
    ratio or duration 0 or more; a rating from 0 to 10; money any number; a qualitative
    measure text, and every other type numbers.

    Cost: each measure and each result is read once: linear in measures and results. For
    ``only``, the measures asked about and their results alone.
    """
    for measure in among(model, (m for _owner, m in model.measures()), Measure, only):
        if measure.type is None:
            continue
        for what, field, value in _values(model, measure):
            found = _problem(measure.type, value)
            if found is None:
                continue
            problem, hint = found
            yield RULE.finding(
                measure.id,
                f"{what} of measure {quoted(measure.id)} ({excerpt(measure.name)}) {problem}",
                field=field,
                hint=hint,
            )


RULE = Rule(
    code="CFG128",
    name="value-outside-type",
    severity=Severity.ERROR,
    summary="A baseline, target or result that the measure's type does not allow: a "
    "percentage over 100, a fractional count, a rating beyond 10, text for a number.",
    rationale="A measure's type says what its figures mean, and so what they can be: a "
    "share of cases cannot be more than 100%, a number of claims cannot be half a claim, a "
    "rating on Seddon's 0 to 10 scale cannot be 11, and a qualitative result is told in "
    "words. A figure outside those bounds is a slip (a value typed in the wrong column, a "
    "proportion written as 0.95 beside others written as 95) or a measure given the wrong "
    "type, and either way every chart, total and judgement of progress built on it is "
    "wrong. The IATI results standard gives each indicator a measure type for the same "
    "reason (IATI results; Seddon 2006, the 0 to 10 rating).",
    fix="Correct the figure, or the measure's `type:`. A percentage here is a share of a "
    "whole; a change that can pass 100 or fall below 0 is better kept as a `ratio` (2.5 "
    "times) or as `money` (any number). Write numbers alone, without `%` or thousands "
    "separators: the `unit:` says what they count.",
    source="IATI results (measure types); Seddon 2006 (the 0 to 10 rating)",
    cost="Linear in the number of measures and results.",
    scope=Scope.MEASURE,
    check=check,
    example="""\
# dwp-pc-t-accuracy is a measure of `type: percentage`.
results:
  - measure: dwp-pc-t-accuracy
    periods:
      - {period: 2004/05, actual: 93.8}
      - {period: 2005/06, actual: 952}
      - {period: 2006/07, actual: "95.6%"}
""",
    fixed="""\
# dwp-pc-t-accuracy is a measure of `type: percentage`.
results:
  - measure: dwp-pc-t-accuracy
    periods:
      - {period: 2004/05, actual: 93.8}
      - {period: 2005/06, actual: 95.2}
      - {period: 2006/07, actual: 95.6}
""",
)
