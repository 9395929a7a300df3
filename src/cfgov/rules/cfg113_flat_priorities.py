"""CFG113: a unit whose target segments are all ranked alike, or not ranked at all (tip T14)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator

from cfgov.model import Finding, Model, Segment, Severity, Unit, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each unit that owns two or more target segments (not counting those that refine
    another segment of the same unit) tells them apart by priority: they are not all
    unranked, nor all given the same priority, nor some given one priority and the rest
    none (equal priorities are not a prioritisation).

    Cost: one pass to group target segments by unit, one over each group: linear. For
    ``only``, the segments of the units asked about.
    """
    by_unit: dict[str, list[Segment]] = defaultdict(list)
    if only is None:
        owner = {segment.id: segment.unit for segment in model.segments}
        for segment in model.segments:
            # A segment that refines another of the same unit is ranked within that one, not
            # against it: only the unit's own top-level target segments are compared.
            if segment.is_target and owner.get(segment.parent or "") != segment.unit:
                by_unit[segment.unit].append(segment)
    else:
        for unit in map(model.get, only):
            if not isinstance(unit, Unit) or unit.id not in only:
                continue
            for segment in model.segments_owned_by(unit.id):
                if segment.is_target and (
                    segment.parent is None or model.segment(segment.parent).unit != unit.id
                ):
                    by_unit[unit.id].append(segment)
    for unit_id, segments in by_unit.items():
        if len(segments) < 2:
            continue
        given = [segment.priority for segment in segments if segment.priority is not None]
        if len(set(given)) > 1:
            continue
        unit = model.unit(unit_id)
        count = len(segments)
        if not given:
            what = f"ranks none of its {count} target segments: none has a priority"
        elif len(given) == count:
            every = "both its" if count == 2 else f"all {count} of its"
            what = f"gives {every} target segments the same priority, {given[0]}"
        else:
            some = "one" if len(given) == 1 else f"{len(given)}"
            rest = count - len(given)
            what = (
                f"gives {some} of its {count} target segments priority {given[0]} and "
                f"{'the other' if rest == 1 else f'the other {rest}'} none, so the "
                "priorities it gives tell no two of them apart"
            )
        yield RULE.finding(
            unit_id,
            f"unit {quoted(unit_id)} ({excerpt(unit.name)}) {what}",
            related=[segment.id for segment in segments],
        )


RULE = Rule(
    code="CFG113",
    name="flat-priorities",
    severity=Severity.WARNING,
    summary="A unit with two or more target segments that are all unranked or all ranked the "
    "same (the unranked aside).",
    rationale="The report is plain that customers are not all equal: political principles "
    "set priorities among them, and those priorities move as objectives change and events "
    "intervene. A unit whose target segments carry no priority, or one shared priority, "
    "has not yet said which of them matters most, so resources cannot follow its "
    "objectives (Barker 2002, Component 1, tip T14).",
    fix="Give each of the unit's target segments a `priority:` (1 is the highest) that "
    "reflects the unit's objectives; ties are allowed, but not across the board.",
    source="Barker 2002, Component 1, tip T14 (customers are not equal)",
    cost="Linear in segments.",
    scope=Scope.UNIT,
    check=check,
    example="""\
segments:
  - {id: fp-not-working, name: Future pensioners not in paid work, category: target,
     unit: dwp-ps, priority: 1}
  - {id: fp-employed, name: Future pensioners working for an employer, category: target,
     unit: dwp-ps, priority: 1}
  - {id: fp-self-employed, name: Self-employed future pensioners, category: target,
     unit: dwp-ps, priority: 1}
""",
    fixed="""\
segments:
  - {id: fp-not-working, name: Future pensioners not in paid work, category: target,
     unit: dwp-ps, priority: 2}
  - {id: fp-employed, name: Future pensioners working for an employer, category: target,
     unit: dwp-ps, priority: 1}
  - {id: fp-self-employed, name: Self-employed future pensioners, category: target,
     unit: dwp-ps, priority: 3}
""",
)
