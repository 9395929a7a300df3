"""CFG106: an indirect customer segment with no priority (tip T6)."""

from __future__ import annotations

from collections.abc import Iterator

from cfgov.model import Category, Finding, Model, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule


def check(model: Model, options: Options) -> Iterator[Finding]:
    """Each indirect segment carries a ``priority``.

    Cost: one look at each segment: linear in segments.
    """
    for segment in model.segments:
        if segment.category is not Category.INDIRECT or segment.priority is not None:
            continue
        unit = model.unit(segment.unit)
        yield RULE.finding(
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
    summary="An indirect customer segment with no priority.",
    rationale="Indirect customers are those affected by the work without being its aim: the "
    "public as taxpayers, staff, other departments, local authorities, people abroad. The "
    "report observes that this list keeps growing and could go on for ever, so there is no "
    "need to weigh every entry; instead each service function should rank its indirect "
    "customers by relevance and by what is happening at the time, and revisit the ranking "
    "as events move on: it was the outbreak of Foot and Mouth Disease that put small "
    "tourist businesses and road hauliers among DEFRA's indirect customers (Barker 2002, "
    "Component 1, tip T6).",
    fix="Give each indirect segment a `priority:` (1 is the highest) against the other "
    "indirect segments of the same unit, and review the ranking when circumstances change.",
    source="Barker 2002, Component 1, tip T6 (prioritise indirect customers)",
    cost="Linear in segments.",
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
