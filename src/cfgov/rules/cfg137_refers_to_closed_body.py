"""CFG137: a segment, aim, objective or unit that belongs to a body that has closed."""

from __future__ import annotations

from collections.abc import Iterator

from cfgov.model import Finding, Model, Severity, Unit, UnitStatus, excerpt, quoted
from cfgov.rules.base import Options, Rule


def _closed(unit: Unit) -> bool:
    return unit.status is UnitStatus.CLOSED or unit.end_date is not None


def _closing(unit: Unit) -> str:
    return f"closed on {unit.end_date}" if unit.end_date is not None else "closed"


def _from_register(unit: Unit) -> bool:
    return unit.identifier("govuk_slug") is not None


def check(model: Model, options: Options) -> Iterator[Finding]:
    """Nothing that is still open names a closed unit as its owner or parent.

    A body imported from the GOV.UK register under a closed parent that was also
    imported from it is left alone: the register says so, and its files are not the
    team's to edit.

    Cost: one look-up per segment, aim, objective and parent link: linear.
    """
    units = {unit.id: unit for unit in model.units}
    closed = {uid for uid, unit in units.items() if _closed(unit)}
    if not closed:
        return
    for unit in model.units:
        if unit.id in closed:
            continue
        for parent in unit.parents:
            if parent in closed and not (_from_register(unit) and _from_register(units[parent])):
                owner = units[parent]
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
        (f"segment {quoted(s.id)} ({excerpt(s.name)})", s.id, s.unit, "segment")
        for s in model.segments
    ]
    owned += [(f"aim {quoted(a.id)}", a.id, a.unit, "aim") for a in model.aims]
    owned += [
        (f"objective {quoted(o.id)}", o.id, o.unit, "objective")
        for o in model.objectives
        if o.unit is not None
    ]
    for words, entity, unit_id, kind in owned:
        if unit_id not in closed:
            continue
        owner = units[unit_id]
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
