"""CFG105: the organisation's own staff as target customers of a unit that does not serve them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Model, Segment, Severity, Stakeholder, UnitKind, excerpt, quoted
from cfgov.rules.base import Options, Rule, kind_words, within
from cfgov.rules.scope import Scope, asked


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """A target segment of a stakeholder marked ``internal_staff`` is owned by an internal
    service (HR, finance...) or a unit within one, not by the organisation or one of its
    outward-facing units.

    Cost: one look-up of the stakeholder and of the unit and its (memoised) ancestors per
    segment: linear in segments times the depth of the organisation graph. For ``only``,
    the segments asked about are looked up.
    """
    segments: Iterable[Segment] = model.segments
    if only is not None:
        segments = asked(model, only, Segment)
    for segment in segments:
        if not segment.is_target or segment.stakeholder is None:
            continue
        stakeholder = model.get(segment.stakeholder)
        if not isinstance(stakeholder, Stakeholder) or not stakeholder.internal_staff:
            continue
        unit = model.unit(segment.unit)
        if within(model, unit.id, UnitKind.INTERNAL_SERVICE):
            continue
        kind = kind_words(unit.kind)
        yield RULE.finding(
            segment.id,
            f"segment {quoted(segment.id)} ({excerpt(segment.name)}) makes "
            f"{quoted(stakeholder.id)} "
            f"({excerpt(stakeholder.name)}), the organisation's own staff, target customers of "
            f"{quoted(unit.id)} ({excerpt(unit.name)}), which is a {kind}, not an internal "
            "service or a unit within one",
            field="unit",
            hint=f"Give the segment to the internal service that serves staff (a unit of kind "
            f"`internal_service`, such as HR), or keep it at {quoted(unit.id)} as "
            "`category: indirect`.",
            related=[stakeholder.id, unit.id],
        )


RULE = Rule(
    code="CFG105",
    name="staff-outside-internal-service",
    severity=Severity.WARNING,
    summary="The organisation's own staff made target customers of a unit that is not an "
    "internal service.",
    rationale="Whether a group is a target customer depends on which part of the "
    "organisation is asking. The report's example is the organisation's own staff: they are "
    "the direct customers of the HR function, which exists to serve them, yet not of the "
    "department in general, whose objectives aim at the public. For the department and its "
    "outward-facing units, staff are indirect customers, affected by the work rather than "
    "its purpose (Barker 2002, Component 1, tip T5).",
    fix="Move the segment to the internal service that serves staff (HR, finance, a unit of "
    "kind `internal_service`), or keep it where it is with `category: indirect`.",
    source="Barker 2002, Component 1, tip T5 (roles are relative)",
    cost="Linear in segments.",
    scope=Scope.SEGMENT,
    check=check,
    example="""\
organisations:
  - {id: dwp, name: Department for Work and Pensions, kind: ministerial_department}
stakeholders:
  - {id: staff, name: DWP staff, internal_staff: true}
segments:
  - id: staff-training
    name: Staff as employees needing training
    category: target
    unit: dwp
    stakeholder: staff
""",
    fixed="""\
units:
  - {id: dwp-hr, name: DWP Human Resources, kind: internal_service, parents: [dwp]}
segments:
  - id: staff-training
    name: Staff as employees needing training
    category: target
    unit: dwp-hr
    stakeholder: staff
""",
)
