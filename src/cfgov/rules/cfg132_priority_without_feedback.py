"""CFG132: a first-priority target segment that gave no feedback in the latest period."""

from __future__ import annotations

from collections.abc import Iterator

from cfgov.model import Feedback, Finding, Model, Severity, excerpt, quoted
from cfgov.model.evidence import latest
from cfgov.rules.base import Options, Rule
from cfgov.rules.evidence import organisations_of_segment


def check(model: Model, options: Options) -> Iterator[Finding]:
    """When the model holds feedback at all, every target segment of ``priority: 1`` has
    feedback (its own, or from a sub-segment of it) in the latest period: a record whose
    period overlaps the period of the newest feedback in the model.

    Cost: one pass over the feedback for the newest period, then one over it again with
    each record's (memoised) lineage: linear in feedback records times the depth of the
    segment cascade, plus one look at each segment.
    """
    if not model.feedback:
        return
    # The latest period is each organisation's own: a council's feedback for 2025-Q4
    # says nothing of what a department should have heard by then.
    by_owner: dict[str, list[Feedback]] = {}
    for record in model.feedback:
        for owner in organisations_of_segment(model, record.segment):
            by_owner.setdefault(owner, []).append(record)
    newest_of = {
        owner: {r.period: r.span for r in latest(records) if isinstance(r, Feedback)}
        for owner, records in by_owner.items()
    }
    heard: dict[str, set[str]] = {}
    for owner, records in by_owner.items():
        spans = newest_of[owner].values()
        found = heard.setdefault(owner, set())
        for record in records:
            if any(record.span.overlaps(other) for other in spans):
                found.update(segment.id for segment in model.lineage_of(record.segment))
    for segment in model.segments:
        if not segment.is_target or segment.priority != 1:
            continue
        owners = [o for o in organisations_of_segment(model, segment.id) if o in newest_of]
        if not owners or any(segment.id in heard[o] for o in owners):
            continue
        periods = " and ".join(sorted({p for o in owners for p in newest_of[o]}))
        yield RULE.finding(
            segment.id,
            f"target segment {quoted(segment.id)} ({excerpt(segment.name)}) is a first "
            f"priority but has no feedback for {periods}, the latest period of feedback in "
            "its organisation",
            field="priority",
            hint=f"Ask the customers of {quoted(segment.id)} for their rating of the service "
            "and what would have made it a 10, and add the answers under `feedback:` for "
            f"{periods}. If feedback for this segment is gathered less often by design, "
            'record why with `ignore: {CFG132: "reason"}` on the segment.',
        )


RULE = Rule(
    code="CFG132",
    name="priority-without-feedback",
    severity=Severity.WARNING,
    summary="A target segment of priority 1 with no customer feedback in the latest period "
    "of feedback the model holds.",
    rationale="The report's fourth component asks organisations to use what they understand "
    "about their customers to deliver the outcomes they are aiming for, and the customers "
    "an organisation ranks first are the ones whose experience it most needs to hear about. "
    "Seddon's letter says the most useful thing to ask those who have had a service is one "
    "rating out of 10, and what would have made it a 10. When the model records feedback "
    "from some segments in the latest period but not from a first-priority one, the "
    "people the organisation says matter most are the ones it is not hearing. Feedback "
    "from a sub-segment counts for the segments above it. The rule is silent in a model "
    "with no feedback at all (Barker 2002, Component 4; Seddon 2006).",
    fix="Gather feedback from the segment for the latest period (one rating out of 10 and "
    '"what would have made it a 10?") and add it under `feedback:`; or, if it is gathered '
    "less often by design, record why with `ignore:` on the segment.",
    source="Barker 2002, Component 4 (use customer understanding); Seddon 2006 (one rating "
    "out of 10)",
    cost="Linear in feedback records (times the depth of the segment cascade) and segments.",
    check=check,
    example="""\
# council-leaseholders is a target segment of `priority: 1`.
feedback:
  - {segment: council-tenants, period: 2025-Q3, source: Repairs text survey,
     answered: 412, scores: {10: 88, 9: 40, 8: 61, 5: 90, 0: 12}}
  - {segment: council-tenants, period: 2025-Q4, source: Repairs text survey,
     answered: 398, scores: {10: 95, 9: 44, 8: 60, 5: 80, 0: 10}}
  - {segment: council-leaseholders, period: 2025-Q3, source: Leaseholder panel,
     answered: 41, scores: {10: 5, 8: 12, 6: 14, 2: 10}}
""",
    fixed="""\
# council-leaseholders is a target segment of `priority: 1`.
feedback:
  - {segment: council-tenants, period: 2025-Q3, source: Repairs text survey,
     answered: 412, scores: {10: 88, 9: 40, 8: 61, 5: 90, 0: 12}}
  - {segment: council-tenants, period: 2025-Q4, source: Repairs text survey,
     answered: 398, scores: {10: 95, 9: 44, 8: 60, 5: 80, 0: 10}}
  - {segment: council-leaseholders, period: 2025-Q3, source: Leaseholder panel,
     answered: 41, scores: {10: 5, 8: 12, 6: 14, 2: 10}}
  - {segment: council-leaseholders, period: 2025-Q4, source: Leaseholder panel,
     answered: 38, scores: {10: 7, 8: 11, 6: 12, 2: 8}}
""",
)
