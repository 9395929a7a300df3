"""A model after one file's entries were replaced, built from the model before it.

Building a :class:`~cfgov.model.Model` checks and indexes every entity: about a
second at 100,000 segments. An editor changes one file at a time, and most edits
change a field or add an entry; :func:`replaced` then builds the new model from the
old one, checking only the entries that changed and copying only the parts of the
indexes they touch. It gives up (returns None) whenever the edit could break the
model's integrity in a way only a whole build reports exactly (an entry removed
that something else names, a partner removed, a loop, a reference to nothing, a change
to a unit, aim, stakeholder or principle), and the caller builds the model whole.
``tests/lsp/test_incremental_workspace.py``
holds its result, indexes included, equal to a whole build.
"""

from __future__ import annotations

import bisect
import operator
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import SimpleNamespace
from typing import Any, cast

from cfgov.model.assessment import Assessment
from cfgov.model.journeys import Journey
from cfgov.model.model import FEEDS, Model, _Index
from cfgov.model.objectives import Measure, OutcomeObjective
from cfgov.model.programme import Initiative
from cfgov.model.segments import Segment

#: The model's collections, in the order :class:`Model` takes them.
COLLECTIONS = (
    "units",
    "aims",
    "stakeholders",
    "segments",
    "partners",
    "objectives",
    "principles",
    "results",
    "feedback",
    "demand",
    "assessments",
    "initiatives",
    "journeys",
)
#: What everything else leans on: an edit that changes one of these is built whole.
CONTEXT = ("units", "aims", "stakeholders", "principles")
_STANDING = ("assessments", "initiatives", "journeys")


class _GiveUp(Exception):
    """The edit needs a whole build."""


def replaced(
    model: Model,
    spans: Mapping[str, tuple[int, int]],
    new: Mapping[str, Sequence[Any]],
    file_of: Callable[[str], int | None],
    file: int,
) -> Model | None:
    """The model with, in each collection named in ``spans``, the ``(start, count)`` entries
    from ``start`` replaced by ``new``'s entries of that collection; None when it must be
    built whole.

    ``file`` is the number of the file the entries come from (files are numbered in the
    order the model reads them) and ``file_of`` gives the file number of any other entry
    by id, so that a new entry filed under a key other files use goes in model order.
    """
    try:
        return _replaced(model, spans, new, file_of, file)
    except _GiveUp:
        return None


def _replaced(
    model: Model,
    spans: Mapping[str, tuple[int, int]],
    new: Mapping[str, Sequence[Any]],
    file_of: Callable[[str], int | None],
    file: int,
) -> Model:
    old = {name: getattr(model, name)[start : start + n] for name, (start, n) in spans.items()}
    fresh = {name: _kept(old[name], new.get(name, ())) for name in spans}
    for name in CONTEXT:
        if old.get(name, ()) != fresh.get(name, ()):
            raise _GiveUp
    index: _Index = model._index
    old_ids = set(_ids(old))
    new_ids = list(_ids(fresh))
    if len(set(new_ids)) != len(new_ids):
        raise _GiveUp  # an id used twice: the whole build says where
    by_id = dict(index.by_id)
    removed = old_ids.difference(new_ids)
    if removed:
        _check_removed(index, model, removed, old)
        for entity_id in removed:
            del by_id[entity_id]
    for entity in _entities(fresh):
        if entity.id not in old_ids and entity.id in by_id:
            raise _GiveUp  # the id is taken in another file
        by_id[entity.id] = entity
    fields = {name: getattr(model, name) for name in COLLECTIONS}
    for name, (start, n) in spans.items():
        fields[name] = fields[name][:start] + fresh[name] + fields[name][start + n :]
    _check(index, by_id, fresh, fields)

    made = Model.__new__(Model)
    for name in COLLECTIONS:
        object.__setattr__(made, name, fields[name])
    updated = _Index.__new__(_Index)
    updated.__dict__.update(index.__dict__)
    updated.by_id = by_id
    updated.problems = []
    for name in spans:
        _refile(updated, name, old[name], fresh[name], file_of, file)
    _refile_roles(updated, old, fresh, file_of, file)
    _refile_measures(updated, old, fresh)
    if _same_as_changed(old, fresh):
        updated.same_as_groups = {}
        updated._group_same_as(made)
    # The memoised lineages, copied: each is checked when read (a lineage whose segments
    # are all still the model's own holds), so none need be found stale here.
    updated._lineages = dict(index._lineages)
    updated._lineages_inherited = True
    object.__setattr__(made, "_index", updated)
    return made


def _kept(old: Sequence[Any], new: Sequence[Any]) -> tuple[Any, ...]:
    """The new entries, each that equals the entry it replaces (of the same id, or for
    records without one, at the same place) given as the old object: an entry the edit
    did not change stays the same object, as everything that compares by identity
    (memoised lineages, the rules' kept work) expects."""
    by_id = {e.id: e for e in old if hasattr(e, "id")}
    kept: list[Any] = []
    for at, entry in enumerate(new):
        was = None
        if hasattr(entry, "id"):
            was = by_id.get(entry.id)
        elif at < len(old):
            was = old[at]
        kept.append(was if was is not None and was == entry else entry)
    return tuple(kept)


def _ids(collections: Mapping[str, Sequence[Any]]) -> Iterator[str]:
    for entity in _entities(collections):
        yield entity.id


def _entities(collections: Mapping[str, Sequence[Any]]) -> Iterator[Any]:
    """Every entity with an id, nested measures and standards included, as the index
    registers them."""
    for name, items in collections.items():
        if name in ("results", "feedback", "demand"):
            continue
        for item in items:
            yield item
            if isinstance(item, OutcomeObjective):
                yield from item.measures


def _check(
    index: _Index,
    by_id: dict[str, Any],
    fresh: Mapping[str, tuple[Any, ...]],
    fields: Mapping[str, tuple[Any, ...]],
) -> None:
    """Give up unless the new entries keep the model whole: their references resolve,
    they contradict nothing, and no parent link loops."""
    probe = _Index.__new__(_Index)
    probe.problems = []
    probe.by_id = by_id
    probe._suggestions_left = 0
    # The checks read only the collections, so a namespace of the new entries (the context
    # left out: it is unchanged, and checked already) stands in for a model.
    shown = {name: fresh.get(name, ()) for name in COLLECTIONS if name not in CONTEXT}
    part = cast(Model, SimpleNamespace(**dict.fromkeys(CONTEXT, ()), **shown))
    probe._check_references(part)
    probe._check_contradictions(part)
    if any(fresh.get(name) for name in _STANDING):
        probe._check_standing_records(cast(Model, SimpleNamespace(**fields)))
    if probe.problems:
        raise _GiveUp
    for segment in fresh.get("segments", ()):
        seen = {segment.id}
        current = segment.parent
        while current is not None:
            if current in seen:
                raise _GiveUp  # a loop: the whole build names its members
            seen.add(current)
            current = by_id[current].parent


#: The kinds of entry an edit may remove without the model being built whole: what may
#: name them is indexed, or is in the few standing records, which are read through.
_REMOVABLE = (Segment, OutcomeObjective, Measure, Assessment, Initiative, Journey)


def _check_removed(
    index: _Index, model: Model, removed: set[str], old: Mapping[str, Sequence[Any]]
) -> None:
    """Give up unless nothing outside the edited entries names an entry the edit removed
    (the edited entries' new versions are checked against the model without them)."""
    mine = {id(entry) for entries in old.values() for entry in entries}
    for entity_id in removed:
        entity = index.by_id[entity_id]
        if not isinstance(entity, _REMOVABLE):
            raise _GiveUp  # a partner: segments' knowledge sources name them, unindexed
        if isinstance(entity, Segment):
            naming: list[Any] = [
                *index.segment_children.get(entity_id, ()),
                *index.partners_by_segment.get(entity_id, ()),
                *index.objectives_by_segment.get(entity_id, ()),
                *index.feedback_by_segment.get(entity_id, ()),
                *index.demand_by_segment.get(entity_id, ()),
                *index.initiatives_by_segment.get(entity_id, ()),
                *index.journeys_by_segment.get(entity_id, ()),
            ]
            naming += [
                index.by_id[other]
                for other in index.same_as_groups.get(entity_id, ())
                if entity_id in getattr(index.by_id[other], "same_as", ())
            ]
        elif isinstance(entity, OutcomeObjective):
            naming = list(index.principles_by_objective.get(entity_id, ()))
        elif isinstance(entity, Measure):
            naming = list(index.results_by_measure.get(entity_id, ()))
        else:
            naming = []
        if any(id(entry) not in mine for entry in naming):
            raise _GiveUp
    records: list[Assessment | Initiative | Journey] = [
        *model.assessments,
        *model.initiatives,
        *model.journeys,
    ]
    for record in records:
        if id(record) not in mine and not removed.isdisjoint(_named_by(record)):
            raise _GiveUp


def _named_by(record: Assessment | Initiative | Journey) -> Iterator[str]:
    """Every id a standing record names, in every part of it."""
    parts: list[Any] = [record]
    if isinstance(record, Assessment):
        parts += record.components
    elif isinstance(record, Initiative):
        parts += record.steps
    else:
        parts += [step for _, _, step in record.all_steps()]
    for part in parts:
        for field in ("segments", "customers", "objectives", "measures", "partners"):
            yield from getattr(part, field, ())
        for field in ("segment", "partner"):
            value = getattr(part, field, None)
            if isinstance(value, str):
                yield value


def _refile(
    index: _Index,
    name: str,
    old: Sequence[Any],
    fresh: Sequence[Any],
    file_of: Callable[[str], int | None],
    file: int,
) -> None:
    """File the new entries of one collection in place of the old ones, in every
    list-valued index the collection feeds, keeping each list in model order."""
    for attribute, keys in FEEDS.get(name, ()):
        table: dict[str, tuple[Any, ...]] = getattr(index, attribute)
        gone: dict[str, list[Any]] = defaultdict(list)
        come: dict[str, list[Any]] = defaultdict(list)
        for entity in old:
            for key in keys(entity):
                if key is not None:
                    gone[key].append(entity)
        for entity in fresh:
            for key in keys(entity):
                if key is not None:
                    come[key].append(entity)
        touched = set(gone) | set(come)
        if not touched:
            continue
        copy = dict(table)
        for key in touched:
            if same_objects(gone.get(key, ()), come.get(key, ())):
                continue  # the same entries, left equal: the list stands
            listed = _spliced(
                table.get(key, ()), gone.get(key, []), come.get(key, []), file_of, file
            )
            if listed:
                copy[key] = listed
            else:
                copy.pop(key, None)
        setattr(index, attribute, copy)


def same_objects(one: Sequence[object], other: Sequence[object]) -> bool:
    """Whether two runs of entries are the very same objects, in order (compared by
    identity, in C): an entry an edit left equal is the same object in both models, so
    this is how the delta, and the rules' kept work, tell that a part is unchanged."""
    return len(one) == len(other) and all(map(operator.is_, one, other))


def _spliced(
    listed: Sequence[Any],
    gone: list[Any],
    come: list[Any],
    file_of: Callable[[str], int | None],
    file: int,
) -> tuple[Any, ...]:
    """One index tuple with the run of ``gone`` replaced by ``come``, in model order.

    Entries are found by identity through a list of identities (searched in C), and a
    new run goes in by a binary search on the file numbers (the list is in model order,
    so in file order): the cost is the list's length in C, and its logarithm in Python.
    """
    if gone:
        identities = list(map(id, listed))
        try:
            at = sorted(identities.index(id(entity)) for entity in gone)
        except ValueError:
            raise _GiveUp from None
        if at != list(range(at[0], at[0] + len(at))):
            raise _GiveUp
        return (*listed[: at[0]], *come, *listed[at[-1] + 1 :])
    if not come or not listed:
        return (*listed, *come)
    if not all(hasattr(entity, "id") for entity in (listed[0], listed[-1])):
        raise _GiveUp  # entries without an id (evidence) in another file

    def number(entity: Any) -> int:
        found = file_of(entity.id) if hasattr(entity, "id") else None
        if found is None:
            raise _GiveUp
        return found

    cut = bisect.bisect_right(listed, file, key=number)
    return (*listed[:cut], *come, *listed[cut:])


def _refile_roles(
    index: _Index,
    old: Mapping[str, Sequence[Any]],
    fresh: Mapping[str, Sequence[Any]],
    file_of: Callable[[str], int | None],
    file: int,
) -> None:
    """``roles`` lists a stakeholder's segments, then its partners: each part spliced,
    the stakeholders the edit does not touch sharing the last model's tuples."""
    names = ("segments", "partners")
    keys = {
        entity.stakeholder
        for name in names
        for entity in (*old.get(name, ()), *fresh.get(name, ()))
        if entity.stakeholder is not None
    }
    if not keys:
        return
    copy = dict(index.roles)
    for key in keys:
        listed = index.roles.get(key, ())
        split = len(listed)
        while split and not isinstance(listed[split - 1], Segment):
            split -= 1  # the partners come last, and are few
        parts: list[Any] = []
        for name, mine in (("segments", listed[:split]), ("partners", listed[split:])):
            gone = [e for e in old.get(name, ()) if e.stakeholder == key]
            come = [e for e in fresh.get(name, ()) if e.stakeholder == key]
            parts += mine if same_objects(gone, come) else _spliced(mine, gone, come, file_of, file)
        if same_objects(parts, listed):
            continue  # its roles left equal: the last model's tuple stands
        if parts:
            copy[key] = tuple(parts)
        else:
            copy.pop(key, None)
    index.roles = copy


def _refile_measures(
    index: _Index, old: Mapping[str, Sequence[Any]], fresh: Mapping[str, Sequence[Any]]
) -> None:
    """File the measures of the objectives the edit changed under their new owners (the
    index is copied only when one changed)."""
    was = {id(o) for o in old.get("objectives", ())}
    now = {id(o) for o in fresh.get("objectives", ())}
    gone = [o for o in old.get("objectives", ()) if id(o) not in now]
    come = [o for o in fresh.get("objectives", ()) if id(o) not in was]
    if not gone and not come:
        return
    owners = dict(index.measure_owners)
    for objective in gone:
        for measure in objective.measures:
            owners.pop(measure.id, None)
    for objective in come:
        for measure in objective.measures:
            owners[measure.id] = objective
    index.measure_owners = owners


def _same_as_changed(old: Mapping[str, Sequence[Any]], fresh: Mapping[str, Sequence[Any]]) -> bool:
    """Whether the links of ``same_as`` differ (a segment that links to none, added or
    removed, changes no group: what links to a removed one gave up already)."""
    was = {s.id: s.same_as for s in old.get("segments", ()) if s.same_as}
    now = {s.id: s.same_as for s in fresh.get("segments", ()) if s.same_as}
    return was != now
