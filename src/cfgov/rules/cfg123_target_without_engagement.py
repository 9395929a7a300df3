"""CFG123: a target segment that nobody speaks for and nobody hears from directly."""

from __future__ import annotations

from collections.abc import Iterator

from cfgov.model import Closeness, Finding, Model, PartnerRole, Segment, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule


def check(model: Model, options: Options) -> Iterator[Finding]:
    """Each target segment, or a broader segment it refines, has a customer representative
    (a partner of role ``representative`` that represents it) or a knowledge source of
    ``closeness: direct``.

    Cost: one pass over partners to index who is represented, then each target segment
    walks its lineage once: linear in segments times the depth of the cascade.
    """
    represented = {
        segment_id
        for partner in model.partners
        if partner.role is PartnerRole.REPRESENTATIVE
        for segment_id in partner.represents
    }

    def engaged(segment: Segment) -> bool:
        return segment.id in represented or any(
            source.closeness is Closeness.DIRECT for source in segment.knowledge_sources
        )

    for segment in model.segments:
        if not segment.is_target:
            continue
        if any(engaged(step) for step in model.lineage_of(segment.id)):
            continue
        broader = (
            ""
            if segment.parent is None
            else ", and the same holds for every broader segment it refines"
        )
        yield RULE.finding(
            segment.id,
            f"target segment {quoted(segment.id)} ({excerpt(segment.name)}) has no channel for "
            "its own views: no customer representative speaks for it and no knowledge source hears "
            f"from its people directly{broader}",
            hint=f"Name a partner with `role: representative` that lists {quoted(segment.id)} "
            "under `represents:`, or add a knowledge source with `closeness: direct` "
            "(research with, or feedback from, the people themselves). If no body speaks "
            "for them, say who in government does under `government_advocate:` and hear "
            "from them directly.",
        )


RULE = Rule(
    code="CFG123",
    name="target-without-engagement",
    severity=Severity.WARNING,
    summary="A target segment with no customer representative and no direct source of "
    "knowledge about it.",
    rationale="The report expects each major segment to be understood from close to the "
    "people in it: through involving them directly, or through a carefully chosen "
    "representative who reflects their views without taking their place. Where neither "
    "exists, the organisation's picture of what the segment needs rests on assumptions "
    "and on whoever happens to be loudest, which the report warns disadvantages groups "
    "with a weak voice (Barker 2002, Component 1, 'customer representatives for each "
    "major segment', tips T9 and T10).",
    fix="Choose a customer representative for the segment (a partner with `role: "
    "representative` that lists it under `represents:`), or add a knowledge source with "
    "`closeness: direct`. Engagement with a broader segment it refines also counts.",
    source="Barker 2002, Component 1 (customer representatives and direct engagement)",
    cost="Linear in segments times the depth of the cascade.",
    check=check,
    example="""\
segments:
  - id: fp-jobseekers
    name: Jobseekers as future savers
    category: target
    unit: dwp
    knowledge_sources:
      - {source: Jobcentre adviser reports, kind: front_line, closeness: near}
""",
    fixed="""\
segments:
  - id: fp-jobseekers
    name: Jobseekers as future savers
    category: target
    unit: dwp
    knowledge_sources:
      - {source: Jobcentre adviser reports, kind: front_line, closeness: near}
      - {source: Interviews with jobseekers, kind: research, closeness: direct}
""",
)
