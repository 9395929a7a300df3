"""What an edit can change: the entities whose findings a scoped rule must look at again.

A rule that declares a ``scope`` (see :class:`cfgov.rules.Rule`) promises two things:

* its findings are each about one entity of the model (``Finding.entity``), and its
  check, given ``only`` (a set of ids), yields exactly the findings of a whole run that
  are about those ids, doing little work for the others;
* the findings about an entity depend only on the entity's **region**: for a segment,
  the whole cascade it belongs to (the broadest segment above it and every segment
  below that), the segments it is the same as, and everything that names a segment of
  them (objectives and their measures and results, partners, feedback, demand,
  journeys, initiatives, self-assessments); for a unit, the regions of the segments it
  and the units above and below it own; for an organisation, those of its units.

:func:`affected` turns an edit (the ids of the entities it added, removed or changed)
into the ids whose findings may have changed, so that the engine runs each scoped rule
for those alone. Edits to what everything depends on (units, stakeholders, aims and
principles) answer None: check everything. The property test in
``tests/rules/test_incremental.py`` holds every scoped rule to both promises.
"""

from __future__ import annotations

import enum
import weakref
from collections.abc import Collection, Iterable, Iterator
from typing import TypeVar, cast

from cfgov.model import Aim, Model, OutcomeObjective, Principle, Segment, Stakeholder, Unit
from cfgov.model.objectives import Measure, ServiceStandard

_E = TypeVar("_E")


class Scope(enum.Enum):
    """What a scoped rule's findings are about, and so how far an edit reaches them."""

    SEGMENT = "segment"
    UNIT = "unit"
    ORGANISATION = "organisation"
    STAKEHOLDER = "stakeholder"
    OBJECTIVE = "objective"
    MEASURE = "measure"
    PARTNER = "partner"
    STANDING = "standing"  # self-assessments, initiatives and journeys

    def __str__(self) -> str:
        return self.value


def among(
    model: Model, items: Iterable[_E], kind: type[_E], only: Collection[str] | None
) -> Iterator[_E]:
    """The entities a scoped check must look at: every one of ``items`` (one of the
    model's collections, of entities of type ``kind``), or, given ``only``, those of its
    ids that name an entity of that type (see :func:`asked`)."""
    if only is None:
        yield from items
    else:
        yield from asked(model, only, kind)


def asked(model: Model, only: Collection[str], kind: type[_E]) -> list[_E]:
    """The entities of type ``kind`` that the ids in ``only`` name, in order of id, each
    under its own id (a unit's other id is not taken for it), looked up rather than
    searched for.

    Every scoped rule asks with the same ids after an edit: they are sorted and looked
    up once, by type, for the last model and ids asked about.
    """
    return list(cast(list[_E], _by_type(model, only).get(kind, ())))


#: The last ids asked about, the model (weakly), and the entities they name, by type.
_ASKED: list[tuple[weakref.ref[Model], Collection[str], dict[type, list[object]]]] = []


def _by_type(model: Model, only: Collection[str]) -> dict[type, list[object]]:
    if _ASKED and _ASKED[0][0]() is model and _ASKED[0][1] is only:
        return _ASKED[0][2]
    found: dict[type, list[object]] = {}
    for entity_id in sorted(only):
        entity = model.get(entity_id)
        if entity is not None and getattr(entity, "id", None) == entity_id:
            found.setdefault(type(entity), []).append(entity)
    if isinstance(only, frozenset):  # a set the caller may change is never kept
        _ASKED[:] = [(weakref.ref(model), only, found)]
    return found


#: Entities everything else leans on: an edit to one of them re-checks the whole model.
_CONTEXT = (Unit, Stakeholder, Aim, Principle, ServiceStandard)


def affected(
    before: Model, after: Model, changed: Iterable[str], evidence_for: Iterable[str] = ()
) -> frozenset[str] | None:
    """The ids whose findings an edit may change, in either model; None for everything.

    ``changed`` holds the ids of the entities the edit added, removed or changed;
    ``evidence_for`` the measures and segments whose results, feedback or demand it
    added, removed or changed.
    """
    changed = set(changed)
    touched: set[str] = set()
    for model in (before, after):
        for entity_id in changed | set(evidence_for):
            entity = model.get(entity_id)
            if entity is None:
                continue
            if isinstance(entity, _CONTEXT) and entity_id in changed:
                return None
            touched.add(entity.id)
            touched.update(_named_segments(model, entity))
    reach: set[str] = set()
    for model in (before, after):
        families = _families(model, touched)
        reach |= families
        reach |= _around(model, families)
        reach.update(i for i in touched if model.get(i) is not None)
    return frozenset(reach)


def _named_segments(model: Model, entity: object) -> Iterator[str]:
    """The segments an entity names, directly or through what it belongs to."""
    if isinstance(entity, Measure):
        owner = model.owner_of(entity.id)
        if isinstance(owner, OutcomeObjective):
            yield from owner.segments
        return
    for field in ("segments", "represents", "advises_on", "delivers_to"):
        yield from getattr(entity, field, ())
    segment = getattr(entity, "segment", None)
    if isinstance(segment, str):
        yield segment
    for record in getattr(entity, "steps", ()):
        yield from getattr(record, "customers", ())
        yield from getattr(record, "segments", ())
    for part in getattr(entity, "components", ()):
        yield from part.segments


def _families(model: Model, touched: Iterable[str]) -> set[str]:
    """Every segment of the cascades the touched segments belong to, and of the cascades
    of the segments they are the same as."""
    roots: set[str] = set()
    for entity_id in touched:
        if not isinstance(model.get(entity_id), Segment):
            continue
        for same in model.same_as_of(entity_id) | {entity_id}:
            roots.add(model.lineage_of(same)[0].id)
    family: set[str] = set()
    for root in roots:
        family.add(root)
        family.update(s.id for s in model.sub_segments_of(root, recursive=True))
    return family


def _around(model: Model, segments: set[str]) -> set[str]:
    """The entities about the segments: their units (and the units above and below
    those), objectives, measures, partners, stakeholders and standing records."""
    found: set[str] = set()
    units: set[str] = set()
    for segment_id in segments:
        segment = model.segment(segment_id)
        units.add(segment.unit)
        if segment.stakeholder is not None:
            found.add(segment.stakeholder)
        for objective in model.objectives_for(segment_id):
            found.add(objective.id)
            found.update(m.id for m in objective.measures)
            if objective.unit is not None:
                units.add(objective.unit)
        found.update(p.id for p in model.partners_of(segment_id))
        found.update(j.id for j in model.journeys_for(segment_id))
        found.update(i.id for i in model.initiatives_for(segment_id))
    for unit_id in list(units):
        units |= model.ancestors_of(unit_id)
    found |= units
    for unit_id in units:
        found.update(a.id for a in model.assessments_of(unit_id))
        found.update(i.id for i in model.initiatives_of(unit_id))
    return found
