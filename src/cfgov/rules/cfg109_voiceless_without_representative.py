"""CFG109: a segment with little or no voice that nobody speaks for (tip T9)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Model, PartnerRole, Segment, Severity, Voice, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, asked

_QUIET = frozenset({Voice.WEAK, Voice.NONE})


def _named(text: str | None) -> bool:
    """Whether a government advocate is named: blank text names nobody."""
    return text is not None and bool(text.strip())


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each segment whose voice (its own, else its stakeholder's) is weak or none has a
    customer representative, or a government advocate, for it or a broader segment it refines.

    Cost: one pass over the partners' ``represents`` lists, then each quiet segment walks
    its lineage once: linear in segments times the depth of the cascade. For ``only``,
    the segments asked about are looked up, and the representatives of each step of their
    lineages.
    """
    represented: set[str] = set()
    segments: Iterable[Segment] = model.segments
    if only is None:
        for partner in model.partners:
            if partner.role is PartnerRole.REPRESENTATIVE:
                represented.update(partner.represents)
    else:
        segments = asked(model, only, Segment)
        represented = {
            step.id
            for segment in segments
            for step in model.lineage_of(segment.id)
            if any(p.role is PartnerRole.REPRESENTATIVE for p in model.representatives_of(step.id))
        }
    for segment in segments:
        voice = model.voice_of(segment.id)
        inherited = segment.voice is None
        if voice not in _QUIET:
            continue
        lineage = model.lineage_of(segment.id)
        if any(step.id in represented or _named(step.government_advocate) for step in lineage):
            continue
        how = "no voice" if voice is Voice.NONE else "only a weak voice"
        whose = (
            f" (going by its stakeholder {quoted(segment.stakeholder)})"
            if inherited and segment.stakeholder is not None
            else ""
        )
        yield RULE.finding(
            segment.id,
            f"segment {quoted(segment.id)} ({excerpt(segment.name)}) has {how}{whose}, yet no "
            "customer "
            "representative speaks for it or for a broader segment it refines, and no one in "
            "government is named as its advocate",
            related=[segment.stakeholder] if inherited and segment.stakeholder else (),
        )


RULE = Rule(
    code="CFG109",
    name="voiceless-without-representative",
    severity=Severity.WARNING,
    summary="A segment with a weak voice or none that has neither a customer representative "
    "nor a government advocate.",
    rationale="Some groups cannot make themselves heard, or not coherently: children, future "
    "generations. The report says to include them anyway, on the understanding that "
    "government itself then takes on the job of representing them when it weighs the public "
    "interest. A quiet segment that no representative body speaks for, and for which nobody "
    "in government has been given that job, is at risk of being left out of every decision "
    "(Barker 2002, Component 1, tip T9).",
    fix="Name a partner with `role: representative` that `represents:` the segment (or a "
    "broader segment it refines), or say under `government_advocate:` who in government "
    "speaks for the group.",
    source="Barker 2002, Component 1, tip T9 (the voiceless)",
    cost="Linear in partners' links, plus segments times the depth of the cascade.",
    scope=Scope.SEGMENT,
    check=check,
    example="""\
stakeholders:
  - id: children
    name: Children
    voice: none
segments:
  - id: children-future-earners
    name: Children as future earners
    category: target
    target_kind: unaware
    unit: dwp
    stakeholder: children
""",
    fixed="""\
segments:
  - id: children-future-earners
    name: Children as future earners
    category: target
    target_kind: unaware
    unit: dwp
    stakeholder: children
    government_advocate: DWP Children's Policy Team
""",
)
