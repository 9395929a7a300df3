"""CFG106: an indirect customer segment with no priority, or all ranked alike (tip T6)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator

from cfgov.model import Category, Finding, Model, Segment, Severity, Unit, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each indirect segment carries a ``priority``, and a unit's indirect segments are not
    all given the same one: equal priorities rank nothing.

    As in CFG113, only a unit's own top-level indirect segments are compared; one that
    refines another segment of the same unit is ranked within that one.

    Cost: one look at each segment, then one pass over each unit's group: linear in segments.
    For ``only``, the segments asked about are looked up, and the units asked about group
    the segments they own.
    """
    by_unit: dict[str, list[Segment]] = defaultdict(list)
    if only is None:
        owner = {segment.id: segment.unit for segment in model.segments}
        for segment in model.segments:
            if segment.category is not Category.INDIRECT:
                continue
            if owner.get(segment.parent or "") != segment.unit:
                by_unit[segment.unit].append(segment)
            if segment.priority is None:
                yield _unprioritised(model, segment)
    else:
        for entity in map(model.get, only):
            if isinstance(entity, Segment):
                if entity.category is Category.INDIRECT and entity.priority is None:
                    yield _unprioritised(model, entity)
            elif isinstance(entity, Unit) and entity.id in only:
                for segment in model.segments_owned_by(entity.id):
                    if segment.category is Category.INDIRECT and (
                        segment.parent is None or model.segment(segment.parent).unit != entity.id
                    ):
                        by_unit[entity.id].append(segment)
    for unit_id, segments in by_unit.items():
        priorities = {segment.priority for segment in segments}
        if len(segments) < 2 or len(priorities) != 1 or None in priorities:
            continue
        (priority,) = priorities
        unit = model.unit(unit_id)
        every = "both its" if len(segments) == 2 else f"all {len(segments)} of its"
        yield RULE.finding(
            unit_id,
            f"unit {quoted(unit_id)} ({excerpt(unit.name)}) gives {every} indirect segments the "
            "same "
            f"priority, {priority}: equal priorities are not a ranking, so nobody can tell "
            "which of them should get attention first",
            hint="Rank the unit's indirect segments against each other by how relevant each is "
            "now (1 is the highest); ties are allowed, but not across the board.",
            related=[segment.id for segment in segments],
        )


def _unprioritised(model: Model, segment: Segment) -> Finding:
    unit = model.unit(segment.unit)
    return RULE.finding(
        segment.id,
        f"segment {quoted(segment.id)} ({excerpt(segment.name)}) is an indirect customer of "
        f"{quoted(unit.id)} ({excerpt(unit.name)}) with no priority, so nobody can tell how "
        "much attention it should get against the unit's other indirect customers",
        hint="Add `priority:` (1 is the highest) ranking it against the unit's other "
        "indirect segments by how relevant it is now; ties are allowed.",
    )


RULE = Rule(
    code="CFG106",
    name="indirect-unprioritised",
    severity=Severity.WARNING,
    summary="An indirect customer segment with no priority, or a unit whose indirect "
    "segments all share one priority.",
    rationale="Indirect customers are those affected by the work without being its aim: the "
    "public as taxpayers, staff, other departments, local authorities, people abroad. The "
    "report observes that this list keeps growing and could go on for ever, so there is no "
    "need to weigh every entry; instead each service function should rank its indirect "
    "customers by relevance and by what is happening at the time, and revisit the ranking "
    "as events move on: it was the outbreak of Foot and Mouth Disease that put small "
    "tourist businesses and road hauliers among DEFRA's indirect customers (Barker 2002, "
    "Component 1, tip T6).",
    fix="Give each indirect segment a `priority:` (1 is the highest) against the other "
    "indirect segments of the same unit, and review the ranking when circumstances change. "
    "Ties are allowed, but a unit that gives every indirect segment the same priority has "
    "not ranked them.",
    source="Barker 2002, Component 1, tip T6 (prioritise indirect customers)",
    cost="Linear in segments.",
    scope=Scope.UNIT,
    check=check,
    example="""\
segments:
  - id: hauliers
    name: Road hauliers as carriers through disease control zones
    category: indirect
    unit: defra
""",
    fixed="""\
segments:
  - id: hauliers
    name: Road hauliers as carriers through disease control zones
    category: indirect
    unit: defra
    priority: 2
""",
)
