"""CFG135: feedback or demand counts that are more than the whole they are part of."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Demand, Feedback, Finding, Model, Segment, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope
from cfgov.rules.scope import asked as asked_about


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """In each feedback record, no more answered than were asked, no more scores than
    answered (or, without ``answered``, than asked), and no theme given by more people than
    answered; in each demand count, the failure types add up to no more than ``failure``.

    The themes together may exceed the answers, as one answer can name several themes.

    Cost: each record is read once: linear in feedback and demand records. For ``only``,
    the records of the segments asked about alone.
    """
    feedback: Iterable[Feedback] = model.feedback
    demand: Iterable[Demand] = model.demand
    if only is not None:
        segments = [e.id for e in asked_about(model, only, Segment)]
        feedback = [r for s in segments for r in model.feedback_for(s)]
        demand = [r for s in segments for r in model.demand_for(s)]
    for record in feedback:
        segment = model.segment(record.segment)
        about = (
            f"the feedback of segment {quoted(segment.id)} ({excerpt(segment.name)}) from "
            f"{excerpt(record.source)} for {record.period}"
        )
        asked, answered = record.asked, record.answered
        if asked is not None and answered is not None and answered > asked:
            yield RULE.finding(
                segment.id,
                f"{about} says {answered:,} answered but only {asked:,} were asked",
                field=f"{record.path}.answered",
                hint="Check both figures against the survey's own counts: `asked` is how many "
                "were invited to answer, `answered` how many did.",
            )
        bound, bound_words = (
            (answered, "answered") if answered is not None else (asked, "were asked")
        )
        scores = record.responses
        if bound is not None and record.scores and scores > bound:
            yield RULE.finding(
                segment.id,
                f"{about} counts {scores:,} scores, more than the {bound:,} who {bound_words}",
                field=f"{record.path}.scores",
                hint="Each person answering gives at most one score: check the score counts "
                f"and `{'answered' if answered is not None else 'asked'}` against the source.",
            )
        if answered is None:
            continue
        for theme, count in record.themes:
            if count > answered:
                yield RULE.finding(
                    segment.id,
                    f"{about} counts the theme {quoted(theme)} {count:,} times, more than "
                    f"the {answered:,} who answered",
                    field=f"{record.path}.themes.{theme}",
                    hint="A theme is counted once per answer that names it, so it can be "
                    "given by no more people than answered: check the count.",
                )
    for counted in demand:
        if counted.failure is None or not counted.failure_types:
            continue
        typed = sum(n for _, n in counted.failure_types)
        if typed <= counted.failure:
            continue
        segment = model.segment(counted.segment)
        yield RULE.finding(
            segment.id,
            f"the demand of segment {quoted(segment.id)} ({excerpt(segment.name)}) for "
            f"{counted.period} splits its failure demand of {counted.failure:,} into types "
            f"that add up to {typed:,}",
            field=f"{counted.path}.failure_types",
            hint="The types of failure demand divide it: make them add up to no more than "
            "`failure`, or leave `failure` out and it is taken as their sum.",
        )


RULE = Rule(
    code="CFG135",
    name="counts-do-not-add-up",
    severity=Severity.ERROR,
    summary="Feedback with more answers than were asked, more scores than answers or a "
    "theme given more often than there were answers; failure demand types adding up to "
    "more than the failure demand.",
    rationale="Counts of feedback and demand are parts of wholes: those who answered are "
    "some of those asked, each answer gives one score out of 10, and the types of failure "
    "demand (chasing progress, correcting errors, not understood) divide the failure "
    "demand counted. When a part is larger than its whole, one of the figures was copied "
    "wrong or belongs to another period, and the response rate, the share of high and low "
    "scores and the failure-demand mix drawn from them are all wrong. Seddon's advice is "
    'to learn from one rating out of 10 and the answers to "what would have made it a '
    '10?"; that learning is only as good as the counting (Seddon 2006).',
    fix="Check the counts against the survey or contact records they came from, and correct "
    "the one that is wrong.",
    source="Seddon 2006 (one rating out of 10; failure demand by type)",
    cost="Linear in feedback and demand records.",
    scope=Scope.SEGMENT,
    check=check,
    example="""\
feedback:
  - {segment: council-tenants, period: 2025-Q3, source: Repairs text survey,
     asked: 1200, answered: 412, scores: {10: 288, 9: 140, 5: 90}}
demand:
  - segment: council-tenants
    periods:
      - {period: 2025-04, value: 900, failure: 300,
         failure_types: {chasing progress: 200, repair not done right: 180}}
""",
    fixed="""\
feedback:
  - {segment: council-tenants, period: 2025-Q3, source: Repairs text survey,
     asked: 1200, answered: 412, scores: {10: 188, 9: 134, 5: 90}}
demand:
  - segment: council-tenants
    periods:
      - {period: 2025-04, value: 900, failure: 380,
         failure_types: {chasing progress: 200, repair not done right: 180}}
""",
)
