"""CFG111: a target segment with no outcome objective anywhere in its branch (tip T12)."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from cfgov.model import Finding, Model, Segment, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, among


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each target segment has an outcome objective naming it, a broader segment it refines,
    or a sub-segment at any depth below it.

    Cost: the segments named by objectives are marked, and each mark climbs the cascade
    only until it meets a segment already marked, so marking is linear in segments; then
    each target segment walks its own lineage: linear in segments times the depth of the
    cascade. For ``only``, each segment asked about looks at its own branch instead.
    """
    if only is not None:
        for segment in among(model, model.segments, Segment, only):
            if segment.is_target and not any(
                model.objectives_for(s.id) for s in model.branch_of(segment.id)
            ):
                yield _finding(segment)
        return
    parent_of = {segment.id: segment.parent for segment in model.segments}
    named = {segment_id for objective in model.objectives for segment_id in objective.segments}
    # Segments that are named themselves or have a named segment somewhere below them.
    named_at_or_below: set[str] = set()
    for segment_id in named:
        current: str | None = segment_id
        while current is not None and current not in named_at_or_below:
            named_at_or_below.add(current)
            current = parent_of.get(current)
    for segment in model.segments:
        if not segment.is_target or segment.id in named_at_or_below:
            continue
        if any(step.id in named for step in model.lineage_of(segment.id)):
            continue
        yield _finding(segment)


def _finding(segment: Segment) -> Finding:
    return RULE.finding(
        segment.id,
        f"target segment {quoted(segment.id)} ({excerpt(segment.name)}) has no outcome "
        "objective: none "
        "is set for it, for a broader segment it refines, or for any segment that refines it",
    )


RULE = Rule(
    code="CFG111",
    name="target-without-objective",
    severity=Severity.WARNING,
    summary="A target segment for which no outcome objective is set, above it, on it or below it.",
    rationale="Target customers are, by definition, the people the organisation's objectives "
    "aim at. Segments and objectives need not match one for one, but when nothing the "
    "organisation is trying to achieve names a target segment, its branch of the cascade or "
    "any part of it, the report suggests asking whether the group is really a direct "
    "customer at all: it may be an indirect customer, for whom the aim is only to limit "
    "extra risk. Failing that, the higher-level objectives may need another look "
    "(Barker 2002, Component 1, tip T12).",
    fix="Write an outcome objective for the segment (or for the broader segment it refines, "
    "or for its sub-segments) under `objectives:`. If no outcome can be stated, consider "
    "making it `category: indirect`, or revisit the objectives above it.",
    source="Barker 2002, Component 1, tip T12 (no definable outcome?)",
    cost="Linear in segments times the depth of the cascade.",
    scope=Scope.SEGMENT,
    check=check,
    example="""\
segments:
  - id: hauliers
    name: Road hauliers as users of rural routes
    category: target
    unit: defra
""",
    fixed="""\
segments:
  - id: hauliers
    name: Road hauliers as users of rural routes
    category: indirect
    unit: defra
""",
)
