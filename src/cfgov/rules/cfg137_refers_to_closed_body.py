"""CFG137: a segment, aim, objective or unit that belongs to a body that has closed."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import (
    Aim,
    Finding,
    Model,
    OutcomeObjective,
    Segment,
    Severity,
    Unit,
    UnitStatus,
    excerpt,
    quoted,
)
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope


def _closed(unit: Unit) -> bool:
    return unit.status is UnitStatus.CLOSED or unit.end_date is not None


def _closing(unit: Unit) -> str:
    return f"closed on {unit.end_date}" if unit.end_date is not None else "closed"


def _from_register(unit: Unit) -> bool:
    return unit.identifier("govuk_slug") is not None


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Nothing that is still open names a closed unit as its owner or parent.

    A body imported from the GOV.UK register under a closed parent that was also
    imported from it is left alone: the register says so, and its files are not the
    team's to edit.

    Cost: one look-up per segment, aim, objective and parent link: linear. For ``only``,
    one look-up per link of the entities asked about (and one look at each unit).
    """
    # Units are few beside the segments: each check looks at all of them.
    closed = {unit.id: unit for unit in model.units if _closed(unit)}
    if not closed:
        return
    kept: Iterable[Unit] = model.units
    segments: Iterable[Segment] = model.segments
    aims: Iterable[Aim] = model.aims
    objectives: Iterable[OutcomeObjective] = model.objectives
    if only is not None:
        asked = [model.get(entity_id) for entity_id in sorted(only)]
        asked = [e for e in asked if e is not None and e.id in only]
        kept = [e for e in asked if isinstance(e, Unit)]
        segments = [e for e in asked if isinstance(e, Segment)]
        aims = [e for e in asked if isinstance(e, Aim)]
        objectives = [e for e in asked if isinstance(e, OutcomeObjective)]
    for unit in kept:
        if closed.get(unit.id) is not None:
            continue
        for parent in unit.parents:
            owner = closed.get(parent)
            if owner is not None and not (_from_register(unit) and _from_register(owner)):
                yield RULE.finding(
                    unit.id,
                    f"unit {quoted(unit.id)} ({excerpt(unit.name)}) sits under "
                    f"{quoted(parent)} ({excerpt(owner.name)}), which has {_closing(owner)}",
                    hint=f"Move {quoted(unit.id)} under the body that took over from "
                    f"{quoted(parent)}, or give it `status: closed` and its `end_date`.",
                    field="parents",
                    related=(parent,),
                )
    owned: list[tuple[str, str, str, str]] = [
        (f"segment {quoted(s.id)} ({excerpt(s.name)})", s.id, s.unit, "segment") for s in segments
    ]
    owned += [(f"aim {quoted(a.id)}", a.id, a.unit, "aim") for a in aims]
    owned += [
        (f"objective {quoted(o.id)}", o.id, o.unit, "objective")
        for o in objectives
        if o.unit is not None
    ]
    for words, entity, unit_id, kind in owned:
        owner = closed.get(unit_id)
        if owner is None:
            continue
        yield RULE.finding(
            entity,
            f"{words} belongs to {quoted(unit_id)} ({excerpt(owner.name)}), which has "
            f"{_closing(owner)}",
            hint=f"Move the {kind} to the body that took over from {quoted(unit_id)} "
            "(its `unit:`), or retire it if the work stopped with the body.",
            field="unit",
            related=(unit_id,),
        )


RULE = Rule(
    code="CFG137",
    name="refers-to-closed-body",
    severity=Severity.WARNING,
    summary="A segment, aim, objective or unit that belongs to a body that has closed.",
    rationale="Segments are set for a body and cascade down its organisation graph, each "
    "unit refining them for its own objectives (Barker 2002, Component 1, tips T1 and "
    "T2). When a body closes, its customers do not go away: its work passes to another "
    "body, which now holds the aims those segments trace to. A segment or objective left "
    "with the closed body has no one to act on it, and the reports count it under a body "
    "that no longer exists. The GOV.UK register marks closed bodies, so after each import "
    "of the register this shows what to move.",
    fix="Move the entry to the successor body, or mark it closed too.",
    source="Barker 2002, Component 1, tips T1 and T2 (the cascade from a body's aims)",
    cost="Linear in the number of units, segments, aims and objectives.",
    scope=Scope.UNIT,
    check=check,
    example="""\
organisations:
  - {id: efa, name: Education Funding Agency, kind: executive_agency,
     status: closed, end_date: '2017-04-01'}
  - {id: esfa, name: Education and Skills Funding Agency, kind: executive_agency}
segments:
  - {id: academies, name: Academy trusts as recipients of funding, category: target,
     unit: efa}
""",
    fixed="""\
organisations:
  - {id: efa, name: Education Funding Agency, kind: executive_agency,
     status: closed, end_date: '2017-04-01'}
  - {id: esfa, name: Education and Skills Funding Agency, kind: executive_agency}
segments:
  - {id: academies, name: Academy trusts as recipients of funding, category: target,
     unit: esfa}
""",
)
