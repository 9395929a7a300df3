"""CFG115: an outcome objective measured only by outputs, never by an outcome."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

from cfgov.model import (
    Finding,
    Measure,
    MeasureKind,
    Model,
    OutcomeObjective,
    Perspective,
    Severity,
    excerpt,
    quoted,
)
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, asked

#: Words for things an organisation produces or does, and for doing them: "leaflets sent",
#: "claim forms processed", "number of events held". Either kind alone is not enough.
_THINGS = re.compile(
    r"\b(leaflets?|letters?|forms?|packs?|booklets?|brochures?|mailshots?|calls?|visits?|"
    r"events?|workshops?|seminars?|meetings?|campaigns?|reports?|publications?|guidance|"
    r"adverts?|advertisements?|inspections?|assessments?|applications?|claims?|cases?)\b",
    re.IGNORECASE,
)
_DOING = re.compile(
    r"\b(send|sends|sent|issue|issues|issued|distribut\w*|publish\w*|print\w*|mail\w*|"
    r"post|posted|hand|handed|process|processes|processed|produce|produces|produced|hold|"
    r"holds|held|run|runs|answer|answers|answered|complete|completes|completed|carr(y|ied) "
    r"out|number of)\b",
    re.IGNORECASE,
)


def reads_as_output(text: str) -> bool:
    """Whether a statement or measure name counts what the organisation does."""
    return bool(_THINGS.search(text)) and bool(_DOING.search(text))


def _customer_side(measure: Measure) -> bool:
    """A measure that shows the people served what changed for them: marked ``kind: outcome``,
    or, with no kind, taken ``perspective: end_to_end`` (the claimant's wait from first
    contact to payment is what they value, whatever verbs its name uses)."""
    if measure.kind is not None:
        return measure.kind is MeasureKind.OUTCOME
    return measure.perspective is Perspective.END_TO_END


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """An objective has a measure of an outcome for its segments: one marked ``kind:
    outcome``, or one with no kind taken ``perspective: end_to_end``. Without one, it
    fires when a measure is marked ``kind: output``, when every other measure reads as
    an output ("leaflets sent out"), or when there is no measure and the statement itself
    reads as one. What the user marked always beats the wording.

    Cost: each objective's statement and measures are read once: linear in measures.
    For ``only``, the objectives asked about are looked up.
    """
    objectives: Iterable[OutcomeObjective] = model.objectives
    if only is not None:
        objectives = asked(model, only, OutcomeObjective)
    for objective in objectives:
        if any(_customer_side(m) for m in objective.measures):
            continue
        marked = [m for m in objective.measures if m.kind is MeasureKind.OUTPUT]
        unmarked = [m for m in objective.measures if m.kind is None]
        worded = [m for m in unmarked if reads_as_output(m.name)]
        if marked:
            outputs = marked  # outputs, and nothing marked as an outcome
        elif unmarked and len(worded) == len(unmarked):
            outputs = worded  # every measure counts things done
        elif not objective.measures and reads_as_output(objective.statement):
            outputs = []  # the objective itself is an activity, and nothing measures it
        else:
            continue
        subject = f"objective {quoted(objective.id)} ({excerpt(objective.statement)})"
        if outputs:
            listed = ", ".join(f"{quoted(m.id)} ({excerpt(m.name)})" for m in outputs)
            measured = "measure" if len(outputs) == 1 else "measures"
            if marked:
                message = (
                    f"{subject} is measured only by what the organisation does ({listed}), "
                    "and by no outcome for the people it is for"
                )
                guess = ""
            else:
                message = (
                    f"{subject} appears to be measured only by what the organisation does "
                    f"({listed}), and by no outcome for the people it is for: this is a guess "
                    f"from the wording of the {measured}, none of which says `kind:`"
                )
                guess = (
                    f" If the {measured} in fact show a change for people, say so with "
                    "`kind: outcome` (or `perspective: end_to_end` for one taken from the "
                    "customer's side) and this rule accepts it; mark a real output "
                    "`kind: output`."
                )
            hint = (
                f"Add a measure of `kind: outcome` to {quoted(objective.id)} that shows the "
                "difference "
                f"made for its segments, and keep the output {measured} ({listed}) as "
                "management information beside it." + guess
            )
        else:
            message = (
                f"{subject} reads as something the organisation does, not as a difference "
                "for the people it is for (a guess from the wording of the statement, as "
                "no measure says otherwise)"
            )
            hint = (
                "Restate it as the change its segments should see (pensioners claim what "
                "they are due), and measure that change with a measure of `kind: outcome`; "
                "such a measure also tells this rule the objective is an outcome, whatever "
                "its wording."
            )
        yield RULE.finding(objective.id, message, hint=hint, related=[m.id for m in outputs])


RULE = Rule(
    code="CFG115",
    name="output-objective",
    severity=Severity.WARNING,
    summary="An objective stated or measured only by what the organisation produces "
    "(outputs), with no measure of an outcome for the people it is for.",
    rationale="The report wants objectives framed as outcomes for customers rather than as "
    "things the organisation produces, and wants the organisation to measure and reward "
    "what its customers value: how long people wait, not how long the list is. When every "
    "measure of an objective counts leaflets sent or forms processed, the work can hit all "
    "its figures while the people it is for see no change (Barker 2002, Component 1, on "
    "outcome-based objectives, and its vision of measures that follow what customers value).",
    fix="Add at least one measure of `kind: outcome` that shows the change for the "
    "objective's segments (take-up among those eligible, claims settled in time as the "
    "claimant sees it). Output measures may stay beside it as management information. "
    "Measures with no `kind:` are judged by their wording, which is only a guess: mark "
    "each `kind: outcome` or `kind: output`, or `perspective: end_to_end` for one taken "
    "from the customer's side, and the marking wins.",
    source="Barker 2002, Component 1 (outcome-based, not output-based objectives)",
    cost="Linear in the number of measures.",
    scope=Scope.OBJECTIVE,
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
