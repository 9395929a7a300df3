"""CFG104: a segment that names a group but not the need, interest or behaviour behind it (T3)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Model, Segment, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, asked


def _said(text: str | None) -> bool:
    return text is not None and bool(text.strip())


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each segment states at least one of a need, an interest or a behaviour.

    Cost: one look at each segment: linear in segments. For ``only``, the segments asked
    about are looked up.
    """
    segments: Iterable[Segment] = model.segments
    if only is not None:
        segments = asked(model, only, Segment)
    for segment in segments:
        if _said(segment.need) or _said(segment.interest) or _said(segment.behaviour):
            continue
        yield RULE.finding(
            segment.id,
            f"segment {quoted(segment.id)} ({excerpt(segment.name)}) says who is in the group but "
            "not what sets it apart: it gives no need, interest or behaviour",
            hint="Add `need:`, `interest:` or `behaviour:` to say what these people need from "
            "the work, what they care about in it, or what they do that bears on it.",
        )


RULE = Rule(
    code="CFG104",
    name="demographics-only",
    severity=Severity.WARNING,
    summary="A segment with no need, interest or behaviour: a socio-economic label rather "
    "than a customer segment.",
    rationale="The report warns against stopping at standard socio-economic classes or at "
    "the interest groups that already exist. A segment earns its place through a specific "
    "need, interest or behaviour: farmers, for one, hold many interests that often pull "
    "against each other and are better treated one at a time. Describing that trait is also "
    "what lets a segment exist when nobody could list its members, such as the public as "
    "supporters of human rights (Barker 2002, Component 1, tip T3).",
    fix="Say what distinguishes the group with `need:`, `interest:` or `behaviour:`. If "
    "several conflicting interests come to mind, consider one segment per interest.",
    source="Barker 2002, Component 1, tip T3 (beyond demographics)",
    cost="Linear in segments.",
    scope=Scope.SEGMENT,
    check=check,
    example="""\
segments:
  - id: farmers
    name: UK farmers
    category: target
    unit: defra
""",
    fixed="""\
segments:
  - id: farmers-environment
    name: UK farmers as managers of the farmed environment
    category: target
    unit: defra
    interest: Keeping the land productive while protecting habitats
  - id: farmers-income
    name: UK farmers as generators of income
    category: target
    unit: defra
    need: A viable return from farming
""",
)
