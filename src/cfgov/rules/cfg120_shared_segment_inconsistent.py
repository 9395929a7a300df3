"""CFG120: segments linked by ``same_as`` that describe the people differently."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from cfgov.model import Finding, Model, Segment, Severity, excerpt, quoted
from cfgov.rules.base import Option, Options, Rule, figure
from cfgov.rules.scope import Scope, asked


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Within each group of segments linked by ``same_as``, every segment that states a
    stakeholder or a size agrees with the first segment of the group (in model order)
    that states it. Categories are never compared: roles are relative (tip T5).

    Cost: the groups partition the linked segments, and each segment is compared with
    one reference per field: linear in segments. Given ``only``, the groups of those
    segments, each put in model order by a search (in C) of the model's segments.
    """
    tolerance = float(options["size_tolerance"])
    if only is None:
        position = {segment.id: i for i, segment in enumerate(model.segments)}
        for group in model.shared_segments():
            members = [model.segment(s) for s in sorted(group, key=position.__getitem__)]
            yield from _check_group(model, members, tolerance)
        return
    order: list[int] = []  # the model's segments by identity, listed when first needed
    done: set[frozenset[str]] = set()
    for segment in asked(model, only, Segment):
        group = model.same_as_of(segment.id) | {segment.id}
        if len(group) < 2 or group in done:
            continue
        done.add(group)
        order = order or list(map(id, model.segments))
        members = sorted((model.segment(s) for s in group), key=lambda s: order.index(id(s)))
        for finding in _check_group(model, members, tolerance):
            if finding.entity in only:
                yield finding


def _check_group(model: Model, members: list[Segment], tolerance: float) -> Iterator[Finding]:
    """One group's findings, its members in model order."""
    stakeholders = [(s, s.stakeholder) for s in members if s.stakeholder is not None]
    if stakeholders:
        first, expected = stakeholders[0]
        for segment, stakeholder in stakeholders[1:]:
            if stakeholder != expected:
                yield _stakeholder_finding(model, segment, stakeholder, first, expected)
    sizes = [(s, s.size.value) for s in members if s.size is not None]
    if sizes:
        first, reference = sizes[0]
        for segment, size in sizes[1:]:
            gap = abs(size - reference)
            larger = max(size, reference)
            if gap > tolerance * larger:
                yield _size_finding(segment, size, first, reference, gap / larger, tolerance)


def _label(segment: Segment) -> str:
    return f"{quoted(segment.id)} ({excerpt(segment.name)})"


def _same_as(segment: Segment, first: Segment) -> str:
    return (
        f"segment {_label(segment)} is marked by same_as as the same people as {_label(first)}, yet"
    )


def _stakeholder_finding(
    model: Model, segment: Segment, stakeholder: str, first: Segment, expected: str
) -> Finding:
    theirs = model.stakeholder(stakeholder)
    reference = model.stakeholder(expected)
    return RULE.finding(
        segment.id,
        f"{_same_as(segment, first)} it is a role of stakeholder {quoted(theirs.id)} "
        f"({excerpt(theirs.name)}) where {quoted(first.id)} is a role of {quoted(reference.id)} "
        f"({excerpt(reference.name)})",
        field="stakeholder",
        hint=f"Agree with the owner of {quoted(first.id)} which broad group these people belong "
        "to and name the same stakeholder on both; if they are really different people, "
        "remove the same_as link.",
        related=[first.id],
    )


def _size_finding(
    segment: Segment,
    size: float,
    first: Segment,
    reference: float,
    apart: float,
    tolerance: float,
) -> Finding:
    return RULE.finding(
        segment.id,
        f"{_same_as(segment, first)} it counts {figure(size)} people where {quoted(first.id)} "
        f"counts {figure(reference)}: {apart:.0%} apart, more than the "
        f"{tolerance * 100:g}% allowed",
        field="size",
        hint=f"Agree one figure with the owner of {quoted(first.id)}, from the same source and "
        "date, and use it on both; if the segments really hold different people, remove "
        "the same_as link or define the smaller one as a sub-segment.",
        related=[first.id],
    )


#: The model file the rule page shows; the fix is the same file with the mistake put right.
_EXAMPLE = """\
segments:
  - id: dwp-pensioners
    name: Pensioners as recipients of state pensions
    category: target
    unit: dwp
    stakeholder: pensioners
    size: 11000000
  - id: hmrc-pensioners
    name: Pensioners as taxpayers
    category: indirect
    unit: hmrc
    stakeholder: older-people
    size: 9000000
    same_as: [dwp-pensioners]
"""


RULE = Rule(
    code="CFG120",
    name="shared-segment-inconsistent",
    severity=Severity.WARNING,
    summary="Segments declared the same people across units or bodies that give a different "
    "stakeholder or a different size.",
    rationale="Groups such as pensioners and young people cut across the boundaries of "
    "departments, and the report asks that such common segments be defined once and in "
    "the same way wherever they are used, so that information about them can be shared "
    "from policy to delivery. A same_as link claims two segments hold the same people; "
    "if one calls them a different broad group or counts markedly more of them, the "
    "organisations are not in fact working from a shared definition. Their category may "
    "rightly differ, since the same people can be target customers of one body and "
    "indirect customers of another (Barker 2002, Component 1, tip T5, and 'common "
    "customer groups consistently defined').",
    fix="Agree the stakeholder and the size with the owner of the other segment and use "
    "the same values on both; if they are not really the same people, remove the same_as link.",
    source="Barker 2002, Component 1 (common segments shared across government)",
    cost="Linear in segments.",
    check=check,
    scope=Scope.SEGMENT,
    options=(
        Option(
            name="size_tolerance",
            minimum=0.0,
            maximum=1.0,
            default=0.1,
            description="How far apart two sizes may be, as a fraction of the larger, "
            "before they count as different; 0.1 allows 10%.",
        ),
    ),
    example=_EXAMPLE,
    fixed=_EXAMPLE.replace(
        "    stakeholder: older-people\n    size: 9000000\n",
        "    stakeholder: pensioners\n    size: 11000000\n",
    ),
)
