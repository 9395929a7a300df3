"""CFG102: a sub-segment that refines a segment owned outside its own line of units (tip T2)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Model, Segment, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, asked


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each sub-segment's parent segment is owned by the sub-segment's own unit or by a unit
    above it, so that segments cascade down the organisation graph and never across or up it.

    Cost: one look-up of the parent segment and one of the unit's ancestors (memoised by the
    model) per segment: linear in segments. For ``only``, the segments asked about are
    looked up.
    """
    segments: Iterable[Segment] = model.segments
    if only is not None:
        segments = asked(model, only, Segment)
    for segment in segments:
        if segment.parent is None:
            continue
        parent = model.segment(segment.parent)
        if parent.unit == segment.unit or parent.unit in model.ancestors_of(segment.unit):
            continue
        owner = model.unit(parent.unit)
        unit = model.unit(segment.unit)
        if segment.unit in model.ancestors_of(parent.unit):
            where = f"a unit below {quoted(unit.id)}"
        else:
            where = "a unit on another branch of the organisation graph"
        yield RULE.finding(
            segment.id,
            f"segment {quoted(segment.id)} ({excerpt(segment.name)}) belongs to {quoted(unit.id)} "
            f"({excerpt(unit.name)}) "
            f"but refines segment {quoted(parent.id)} ({excerpt(parent.name)}), owned by "
            f"{quoted(owner.id)} ({excerpt(owner.name)}), {where}: segments cascade down from the "
            "unit that owns the broader segment, not up or sideways",
            field="parent",
            hint=f"Either move {quoted(segment.id)} to {quoted(owner.id)} or a unit below it, move "
            f"{quoted(parent.id)} to {quoted(unit.id)} or a unit above it, or, if the two "
            "segments describe the same people in different places, drop `parent:` and "
            "link them with `same_as:`.",
            related=[parent.id, owner.id],
        )


RULE = Rule(
    code="CFG102",
    name="cascade-outside-unit",
    severity=Severity.ERROR,
    summary="A sub-segment whose parent segment is owned by a unit that is neither its own "
    "unit nor one above it.",
    rationale="The report has broad segments set for the organisation as a whole and then "
    "broken down by each division, service or policy area for its own objectives, so that "
    "the detail grows as the segments travel down the organisation. A unit can only refine "
    "a segment it has inherited: one owned by itself or by a unit it sits under. A "
    "sub-segment hung on a segment of a sibling unit, or of a unit below, turns the cascade "
    "sideways or upside down, and nobody can tell which objectives the refinement serves "
    "(Barker 2002, Component 1, tip T2).",
    fix="Give the sub-segment to the unit that owns the broader segment or to a unit below "
    "that one, or move the broader segment up to a unit both sit under. Where two units "
    "describe the same people separately, link their segments with `same_as:` instead of "
    "`parent:`.",
    source="Barker 2002, Component 1, tip T2 (top-down cascade)",
    cost="Linear in segments (unit ancestors are memoised by the model).",
    scope=Scope.SEGMENT,
    check=check,
    example="""\
organisations:
  - {id: dwp, name: Department for Work and Pensions, kind: ministerial_department}
units:
  - {id: dwp-ps, name: The Pension Service, kind: service, parents: [dwp]}
  - {id: dwp-jc, name: Jobcentre Plus, kind: service, parents: [dwp]}
segments:
  - id: jc-jobseekers
    name: Jobseekers as people returning to work
    category: target
    unit: dwp-jc
  - id: ps-jobseekers-savers
    name: Jobseekers as future savers
    category: target
    unit: dwp-ps
    parent: jc-jobseekers      # owned by a sibling unit
""",
    fixed="""\
segments:
  - id: fp-not-employed
    name: Future pensioners not in paid employment
    category: target
    unit: dwp
  - id: ps-jobseekers-savers
    name: Jobseekers as future savers
    category: target
    unit: dwp-ps
    parent: fp-not-employed    # owned by the department above
""",
)
