"""CFG123: a target segment that nobody speaks for and nobody hears from directly."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import (
    Closeness,
    Finding,
    Model,
    PartnerRole,
    Segment,
    Severity,
    Voice,
    excerpt,
    quoted,
)
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, asked

_LOUD = frozenset({Voice.STRONG, Voice.MODERATE})


def _advocate(segment: Segment) -> str | None:
    text = segment.government_advocate
    return " ".join(text.split()) if text and text.strip() else None


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each target segment, or a broader segment it refines, has a customer representative
    (a partner of role ``representative`` that represents it) or a knowledge source of
    ``closeness: direct``; or, for a segment without a strong or moderate voice, a named
    ``government_advocate``: tip T9 has government speak for groups that cannot.

    Cost: one pass over partners to index who is represented, then each target segment
    walks its lineage once: linear in segments times the depth of the cascade. For
    ``only``, the segments asked about are looked up, and the representatives of each
    step of their lineages.
    """
    segments: Iterable[Segment] = model.segments
    if only is None:
        represented = {
            segment_id
            for partner in model.partners
            if partner.role is PartnerRole.REPRESENTATIVE
            for segment_id in partner.represents
        }
    else:
        segments = asked(model, only, Segment)
        represented = {
            step.id
            for segment in segments
            if segment.is_target
            for step in model.lineage_of(segment.id)
            if any(p.role is PartnerRole.REPRESENTATIVE for p in model.representatives_of(step.id))
        }

    def engaged(segment: Segment) -> bool:
        return segment.id in represented or any(
            source.closeness is Closeness.DIRECT for source in segment.knowledge_sources
        )

    for segment in segments:
        if not segment.is_target:
            continue
        lineage = model.lineage_of(segment.id)
        if any(engaged(step) for step in lineage):
            continue
        advocate = next((a for a in map(_advocate, lineage) if a is not None), None)
        voice = model.voice_of(segment.id)
        if advocate is not None and voice not in _LOUD:
            continue  # government speaks for it, as tip T9 asks for the voiceless
        broader = (
            ""
            if segment.parent is None
            else ", and the same holds for every broader segment it refines"
        )
        not_counted = (
            ""
            if advocate is None
            else f"; its government advocate ({advocate}) does not stand in for them, as "
            f"the segment has a {voice} voice of its own and government speaks only for "
            "groups with little or none (tip T9)"
        )
        yield RULE.finding(
            segment.id,
            f"target segment {quoted(segment.id)} ({excerpt(segment.name)}) has no channel for "
            "its own "
            "views: no customer representative speaks for it and no knowledge source hears "
            f"from its people directly{broader}{not_counted}",
            hint=f"Name a partner with `role: representative` that lists {quoted(segment.id)} "
            "under `represents:`, or add a knowledge source with `closeness: direct` "
            "(research with, or feedback from, the people themselves). If the group has "
            "little or no voice of its own, name who in government speaks for it under "
            "`government_advocate:` (and say `voice: weak` or `none`).",
        )


RULE = Rule(
    code="CFG123",
    name="target-without-engagement",
    severity=Severity.WARNING,
    summary="A target segment with no customer representative, no direct source of "
    "knowledge about it and, if it has little voice, no government advocate.",
    rationale="The report expects each major segment to be understood from close to the "
    "people in it: through involving them directly, or through a carefully chosen "
    "representative who reflects their views without taking their place. Where neither "
    "exists, the organisation's picture of what the segment needs rests on assumptions "
    "and on whoever happens to be loudest, which the report warns disadvantages groups "
    "with a weak voice (Barker 2002, Component 1, 'customer representatives for each "
    "major segment', tips T9 and T10).",
    fix="Choose a customer representative for the segment (a partner with `role: "
    "representative` that lists it under `represents:`), or add a knowledge source with "
    "`closeness: direct`. Engagement with a broader segment it refines also counts. For "
    "a group with little or no voice of its own, naming who in government speaks for it "
    "under `government_advocate:` is enough (tip T9).",
    source="Barker 2002, Component 1 (customer representatives and direct engagement)",
    cost="Linear in segments times the depth of the cascade.",
    scope=Scope.SEGMENT,
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
