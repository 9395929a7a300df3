"""CFG132: a first-priority target segment that gave no feedback in the latest period."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator

from cfgov.model import Feedback, Finding, Model, Segment, Severity, excerpt, quoted
from cfgov.model.evidence import latest
from cfgov.model.periods import Period
from cfgov.rules.base import Options, Rule
from cfgov.rules.evidence import organisations_of_segment
from cfgov.rules.memo import PerModel
from cfgov.rules.scope import Scope, among

#: An organisation's newest feedback: how many records of each period end last.
Newest = Counter[tuple[str, Period]]


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """When the model holds feedback at all, every target segment of ``priority: 1`` has
    feedback (its own, or from a sub-segment of it) in the latest period: a record whose
    period overlaps the period of the newest feedback in the model.

    Cost: one pass over the feedback for the newest period, then one over it again with
    each record's (memoised) lineage: linear in feedback records times the depth of the
    segment cascade, plus one look at each segment.
    """
    if not model.feedback:
        return
    if only is not None:
        kept = _newest(model)
        wanted = {o: _periods(c) for o, c in kept.items()}
        for segment in among(model, (), Segment, only):
            if segment.is_target and segment.priority == 1:
                finding = _judged(model, segment, wanted, lambda o, s: _heard(model, o, s, wanted))
                if finding is not None:
                    yield finding
        return
    # The latest period is each organisation's own: a council's feedback for 2025-Q4
    # says nothing of what a department should have heard by then.
    by_owner: dict[str, list[Feedback]] = {}
    for record in model.feedback:
        for owner in organisations_of_segment(model, record.segment):
            by_owner.setdefault(owner, []).append(record)
    newest: dict[str, list[Feedback]] = {
        owner: [r for r in latest(records) if isinstance(r, Feedback)]
        for owner, records in by_owner.items()
    }
    newest_of = {owner: {r.period: r.span for r in found} for owner, found in newest.items()}
    _KEPT.keep(
        model, {o: Counter((r.period, r.span) for r in found) for o, found in newest.items()}
    )
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
        finding = _judged(model, segment, newest_of, lambda o, s: s.id in heard[o])
        if finding is not None:
            yield finding


def _judged(
    model: Model,
    segment: Segment,
    newest_of: dict[str, dict[str, Period]],
    heard: Callable[[str, Segment], bool],
) -> Finding | None:
    """The finding about one first-priority target, given each organisation's newest
    periods and whether the organisation heard from the segment in them."""
    owners = [o for o in organisations_of_segment(model, segment.id) if o in newest_of]
    if not owners or any(heard(o, segment) for o in owners):
        return None
    periods = " and ".join(sorted({p for o in owners for p in newest_of[o]}))
    return RULE.finding(
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


def _heard(
    model: Model, owner: str, segment: Segment, newest_of: dict[str, dict[str, Period]]
) -> bool:
    """Whether a record of the organisation's, for the segment or one below it, overlaps
    the organisation's newest periods (as the whole check's ``heard`` finds)."""
    spans = newest_of[owner].values()
    for below in (segment, *model.sub_segments_of(segment.id, recursive=True)):
        if owner not in organisations_of_segment(model, below.id):
            continue
        for record in model.feedback_for(below.id):
            if any(record.span.overlaps(other) for other in spans):
                return True
    return False


#: The newest feedback of each organisation, for the last few models checked, so that an
#: edit works it out for the edited model from what it reached (:func:`widen`).
_KEPT: PerModel[dict[str, Newest]] = PerModel()


def _newest(model: Model) -> dict[str, Newest]:
    kept = _KEPT.get(model)
    if kept is not None:
        return kept
    return _KEPT.keep(model, _worked_out(model))


def _worked_out(model: Model) -> dict[str, Newest]:
    by_owner: dict[str, list[Feedback]] = {}
    for record in model.feedback:
        for owner in organisations_of_segment(model, record.segment):
            by_owner.setdefault(owner, []).append(record)
    return {
        owner: Counter((r.period, r.span) for r in latest(records) if isinstance(r, Feedback))
        for owner, records in by_owner.items()
    }


def _periods(counts: Newest) -> dict[str, Period]:
    """The newest periods of an organisation, as the check compares with them."""
    return dict(counts.keys())


def _reached(model: Model, segments: Iterable[str]) -> dict[str, list[Feedback]]:
    """The feedback of the reached segments, by organisation."""
    found: dict[str, list[Feedback]] = {}
    for segment_id in segments:
        if type(model.get(segment_id)) is not Segment:
            continue
        records = model.feedback_for(segment_id)
        if records:
            for owner in organisations_of_segment(model, segment_id):
                found.setdefault(owner, []).extend(records)
    return found


def _after(was: Newest | None, gone: list[Feedback], came: list[Feedback]) -> Newest | None:
    """An organisation's newest feedback after an edit took ``gone`` away and brought
    ``came``, the rest being the same; None when it cannot be told without the rest."""
    end: datetime.date | None = None
    counts: Newest = Counter()
    if was:
        end = next(iter(was))[1].end
        counts = Counter(was)
        counts.subtract(Counter((r.period, r.span) for r in gone if r.span.end == end))
        counts = +counts
        if not counts:
            return None  # its newest records went: the rest decides
    for record in came:
        if end is None or record.span.end > end:
            end, counts = record.span.end, Counter()
        if record.span.end == end:
            counts[(record.period, record.span)] += 1
    return counts


def widen(before: Model, after: Model, reach: frozenset[str]) -> set[str]:
    """The first-priority targets of each organisation whose newest feedback an edit moved.

    Cost: the feedback of the reached segments; the segments of the model only when an
    organisation's newest periods changed.
    """
    was = _newest(before)
    gone = _reached(before, reach)
    came = _reached(after, reach)
    now = dict(was)
    for owner in set(gone) | set(came):
        counts = _after(was.get(owner), gone.get(owner, []), came.get(owner, []))
        if counts is None:
            now = _worked_out(after)
            break
        if counts:
            now[owner] = counts
        else:
            now.pop(owner, None)
    _KEPT.keep(after, now)
    moved = {
        o
        for o in set(was) | set(now)
        if _periods(was.get(o, Counter())) != _periods(now.get(o, Counter()))
    }
    found: set[str] = set()
    if moved:
        for model in (before, after):
            for segment in model.segments:
                if (
                    segment.is_target
                    and segment.priority == 1
                    and organisations_of_segment(model, segment.id) & moved
                ):
                    found.add(segment.id)
    return found


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
    scope=Scope.SEGMENT,
    widen=widen,
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
