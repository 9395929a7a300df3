"""CFG101: a segment that traces to no aim of its unit or of a unit above it (tip T1)."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from cfgov.model import Finding, Model, Segment, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, among


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each segment, or a broader segment it refines, or an objective for it, names an aim
    held by the segment's unit or a unit above it.

    Cost: each segment walks its lineage once and looks up its unit's ancestors,
    which the model memoises: linear in segments times cascade depth.
    """
    aim_units = {aim.id: aim.unit for aim in model.aims}
    for segment in among(model, model.segments, Segment, only):
        reachable = model.ancestors_of(segment.unit) | {segment.unit}
        named: list[str] = []
        for step in model.lineage_of(segment.id):
            named += step.aims
            named += [a for o in model.objectives_for(step.id) for a in o.aims]
        if any(aim_units.get(aim) in reachable for aim in named):
            continue
        if named:
            message = (
                f"segment {quoted(segment.id)} ({excerpt(segment.name)}) names aims, but none is "
                f"held by its unit {quoted(segment.unit)} or a unit above it"
            )
        else:
            message = (
                f"segment {quoted(segment.id)} ({excerpt(segment.name)}) traces to no aim: "
                "neither it, nor a broader segment it refines, nor an objective for it names one"
            )
        yield RULE.finding(segment.id, message, field="aims" if segment.aims else None)


RULE = Rule(
    code="CFG101",
    name="segment-without-aim",
    severity=Severity.WARNING,
    summary="A segment that traces to no aim held by its unit or a unit above it.",
    rationale="The report asks for segments to be drawn from first principles: from the "
    "organisation's high-level aims and objectives (PSAs, business plans), not from a list "
    "of the people it happens to deal with today. A segment that serves no aim may only "
    "reflect the status quo, and nobody can say why the organisation works for it "
    "(Barker 2002, Component 1, tip T1).",
    fix="Name the aim the segment serves under `aims:` (an aim of its own unit or of a unit "
    "above it), or on the broader segment it refines, or on an objective for it. If no aim "
    "fits, ask whether the segment belongs in the model at all.",
    source="Barker 2002, Component 1, tip T1 (first principles)",
    cost="Linear in segments times the depth of the cascade.",
    scope=Scope.SEGMENT,
    check=check,
    example="""\
aims:
  - id: dwp-aim-pensions
    unit: dwp
    statement: Security and independence in retirement.
segments:
  - id: callers
    name: People who phoned us last year
    category: target
    unit: dwp
""",
    fixed="""\
segments:
  - id: future-pensioners
    name: Future pensioners as savers
    category: target
    unit: dwp
    aims: [dwp-aim-pensions]
""",
)
