"""CFG103: an organisation with segments below it but no broad segments of its own (tip T2)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Model, Segment, Severity, Unit, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope


def _is_broad(model: Model, segment: Segment, above: frozenset[str]) -> bool:
    """A segment is broad for its organisation when nothing in that organisation sits above it.

    That is a segment with no parent, or one refining a segment of a body the
    organisation sits under (an agency refining its sponsor department's segments has
    taken its broad segments from the top, as the cascade intends).
    """
    if segment.parent is None:
        return True
    return model.segment(segment.parent).unit in above


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each organisation with segments defined by it or by any unit below it owns at least one
    broad segment itself.

    Cost: segments are counted per owning unit once, then each owning unit passes its count
    to the body (or bodies) it is part of: linear in segments plus owning units times the
    depth of the organisation graph. For ``only``, the organisations asked about count
    the segments of the units below them.
    """
    below: Counter[str] = Counter()
    units_below: dict[str, list[str]] = defaultdict(list)
    organisations: Iterable[Unit] = model.organisations
    if only is None:
        owned = Counter(segment.unit for segment in model.segments)
    else:
        organisations = [
            u
            for u in map(model.get, only)
            if isinstance(u, Unit) and u.id in only and u.is_organisation
        ]
        owned = Counter()
        for organisation in organisations:
            for unit_id in model.descendants_of(organisation.id):
                count = len(model.segments_owned_by(unit_id))
                if count:
                    owned[unit_id] = count
    for unit_id, count in owned.items():
        # A unit's segments count for the body it is part of, not for bodies further up:
        # an agency's segments do not make its sponsoring department fire.
        for organisation in model.organisations_of(unit_id):
            if organisation.id != unit_id:
                below[organisation.id] += count
                units_below[organisation.id].append(unit_id)
    for organisation in organisations:
        own = model.segments_owned_by(organisation.id)
        if not own and not below[organisation.id]:
            continue  # nothing is segmented here, as for a sponsor body in a wider model
        above = model.ancestors_of(organisation.id)
        if any(_is_broad(model, segment, above) for segment in own):
            continue
        subject = f"organisation {quoted(organisation.id)} ({excerpt(organisation.name)})"
        if own:
            message = (
                f"{subject} owns {len(own)} segment{'s' if len(own) != 1 else ''}, but "
                f"{'each' if len(own) != 1 else 'it'} refines a segment set by a unit below "
                "it or outside it, so the body has no broad segment of its own for the "
                "cascade to start from"
            )
        else:
            holders = sorted(units_below[organisation.id])
            shown = ", ".join(quoted(u) for u in holders[:3])
            if len(holders) > 3:
                shown += f" and {len(holders) - 3} more"
            count = below[organisation.id]
            message = (
                f"{subject} has {count} segment{'s' if count != 1 else ''} defined by units "
                f"below it ({shown}) but sets no broad segment itself, so each unit has drawn "
                "up its customers from scratch rather than refining the body's own"
            )
        yield RULE.finding(
            organisation.id,
            message,
            related=sorted(units_below[organisation.id]),
        )


RULE = Rule(
    code="CFG103",
    name="no-broad-segments",
    severity=Severity.WARNING,
    summary="An organisation whose units define segments while it sets no broad segment itself.",
    rationale="The report asks a body to name its main customer segments at the top, "
    "across all its work, from its own objectives (PSAs, service delivery "
    "agreements, business plans), and only then broken down by each division, service and "
    "policy area, internal services included. When the units of a body each write their own "
    "segments with nothing set at the top, the pieces do not add up to one picture of whom "
    "the body serves, and related policy and delivery teams end up describing the same "
    "people in different ways (Barker 2002, Component 1, tip T2).",
    fix="Add the organisation's broad segments under its own id (`unit:` set to the "
    "organisation), drawn from its aims, and make the units' segments refine them with "
    "`parent:`. An agency may instead refine the broad segments of the department that "
    "sponsors it.",
    source="Barker 2002, Component 1, tip T2 (top-down cascade)",
    cost="Linear in segments, plus owning units times the depth of the organisation graph.",
    scope=Scope.ORGANISATION,
    check=check,
    example="""\
organisations:
  - {id: dwp, name: Department for Work and Pensions, kind: ministerial_department}
units:
  - {id: dwp-ps, name: The Pension Service, kind: service, parents: [dwp]}
segments:
  - id: ps-jobseekers-savers
    name: Jobseekers as future savers
    category: target
    unit: dwp-ps
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
    parent: fp-not-employed
""",
)
