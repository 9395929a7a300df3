"""CFG116: a segment understood only from afar, or not at all."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Closeness, Finding, Model, Segment, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, asked


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each segment has a knowledge source, its own or one of a broader segment it refines,
    that is not marked ``closeness: distant``.

    Cost: each segment walks its lineage once: linear in segments times the depth of the
    cascade (plus the knowledge sources on the way). For ``only``, the segments asked
    about are looked up.
    """
    segments: Iterable[Segment] = model.segments
    if only is not None:
        segments = asked(model, only, Segment)
    for segment in segments:
        lineage = model.lineage_of(segment.id)
        sources = [source for step in lineage for source in step.knowledge_sources]
        who = f"segment {quoted(segment.id)} ({excerpt(segment.name)})"
        if not sources:
            message = (
                f"{who} has no knowledge source: nothing records where understanding of its "
                "needs comes from, for it or for a broader segment it refines"
            )
        elif all(source.closeness is Closeness.DISTANT for source in sources):
            count = len(sources)
            if count == 1:
                which = "its only knowledge source is"
            elif count == 2:
                which = "both its knowledge sources are"
            else:
                which = f"all {count} of its knowledge sources are"
            message = f"{who} is understood only from a distance: {which} marked `distant`"
            if len(lineage) > 1:
                message += " (counting those of the broader segments it refines)"
        else:
            continue
        yield RULE.finding(segment.id, message)


RULE = Rule(
    code="CFG116",
    name="knowledge-far-from-customer",
    severity=Severity.WARNING,
    summary="A segment with no knowledge source, or with only distant ones.",
    rationale="Naming a segment is only the start: the report expects each major segment to "
    "come with evidence about what its people need and how they behave, from feedback, "
    "front-line systems, research and representatives. Representatives should mirror the "
    "views of the people they speak for without taking their place, so somewhere there "
    "must be a source that reaches the customers themselves. A segment known only through "
    "national statistics, or not at all, is being planned for from a distance "
    '(Barker 2002, Component 1, "Identify/select partners and advisers" and "Build '
    'customer knowledge").',
    fix="Under `knowledge_sources:`, add a source close to the people in the segment (its "
    "own, or on the broader segment it refines), such as customer feedback, a survey or "
    "front-line data, with `closeness: direct` or `near`.",
    source='Barker 2002, Component 1 ("Build customer knowledge"; representatives reflect, '
    "not supplant)",
    cost="Linear in segments times the depth of the cascade.",
    scope=Scope.SEGMENT,
    check=check,
    example="""\
segments:
  - id: fp-self-employed
    name: Self-employed future pensioners
    category: target
    unit: dwp
    knowledge_sources:
      - {source: Labour Force Survey, kind: statistics, closeness: distant}
""",
    fixed="""\
segments:
  - id: fp-self-employed
    name: Self-employed future pensioners
    category: target
    unit: dwp
    knowledge_sources:
      - {source: Labour Force Survey, kind: statistics, closeness: distant}
      - {source: Pension Service customer survey, kind: research, closeness: direct}
""",
)
