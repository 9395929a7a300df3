"""What the editor's questions need to know of a snapshot, worked out once for it.

A :class:`~cfgov.lsp.workspace.Snapshot` never changes, so what is derived from
it is kept with it (:func:`index_of`) until the next snapshot replaces it: where
each entry is declared, the ids of each kind for completion, the names to search.
Each part is built the first time a question needs it, so a model of 100,000
segments pays only for the questions asked.

Places are ``(file, line, start, end)``: lines and columns from 0, in characters.
"""

from __future__ import annotations

import bisect
import itertools
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import attrs

from cfgov.io.format import (
    AIM,
    ASSESSMENT,
    INITIATIVE,
    JOURNEY,
    MEASURE,
    OBJECTIVE,
    ORGANISATION,
    PARTNER,
    PRINCIPLE,
    SEGMENT,
    STAKEHOLDER,
    STANDARD,
    UNIT,
    EntitySpec,
    FieldSpec,
    FieldType,
)
from cfgov.lsp.convert import line_of
from cfgov.lsp.workspace import Snapshot
from cfgov.lsp.yamltext import lines_of, shape, token_starting, tokens
from cfgov.model import (
    ORGANISATION_KINDS,
    Aim,
    Measure,
    Model,
    OutcomeObjective,
    Partner,
    Principle,
    Segment,
    ServiceStandard,
    Stakeholder,
    Unit,
)
from cfgov.model.assessment import Assessment
from cfgov.model.journeys import Journey
from cfgov.model.model import KIND_NAMES
from cfgov.model.model import entities_of as every_entity
from cfgov.model.programme import Initiative

#: A place in a file: the file, its line, and the start and end of a value on it.
Place = tuple[str, int, int, int]

_SPECS: dict[type, EntitySpec] = {
    Aim: AIM,
    Stakeholder: STAKEHOLDER,
    Segment: SEGMENT,
    Partner: PARTNER,
    OutcomeObjective: OBJECTIVE,
    Measure: MEASURE,
    Principle: PRINCIPLE,
    ServiceStandard: STANDARD,
    Assessment: ASSESSMENT,
    Initiative: INITIATIVE,
    Journey: JOURNEY,
}

#: How far below an entry's first line its ``id:`` is looked for.
ID_SEARCH_LINES = 200


def spec_of(entity: object) -> EntitySpec | None:
    """The format's spec for an entry of the model."""
    if isinstance(entity, Unit):
        return ORGANISATION if entity.kind in ORGANISATION_KINDS else UNIT
    return _SPECS.get(type(entity))


def name_of(entity: object) -> str:
    """What people call an entry: its name, or its statement for those that have none."""
    for attribute in ("name", "statement"):
        value = getattr(entity, attribute, None)
        if isinstance(value, str) and value:
            return value
    return str(getattr(entity, "id", ""))


def entities_of(model: Model, kind: str) -> Iterator[Any]:
    """The entries of one kind (as :data:`KIND_NAMES` names kinds)."""
    if kind == "measure":
        yield from (measure for _, measure in model.measures())
    elif kind == "service standard":
        yield from (s for p in model.principles for s in p.standards)
    else:
        attribute = {
            "unit": "units",
            "aim": "aims",
            "stakeholder": "stakeholders",
            "segment": "segments",
            "partner": "partners",
            "objective": "objectives",
            "principle": "principles",
            "assessment": "assessments",
            "initiative": "initiatives",
            "journey": "journeys",
        }.get(kind)
        if attribute is not None:
            yield from getattr(model, attribute)


def entities(model: Model) -> Iterator[Any]:
    """Every entry of the model with an id, nested measures and standards included."""
    return every_entity(model)


@attrs.frozen
class Symbol:
    """An entry as a search lists it."""

    id: str
    name: str
    kind: str
    file: str
    line: int


class Index:
    """What is derived from one snapshot for the editor's questions (see the module)."""

    def __init__(self, snapshot: Snapshot) -> None:
        # Held weakly: the index is kept until the next snapshot is asked about, and must
        # not keep a whole model alive after the workspace has moved on from it.
        self._snapshot = weakref.ref(snapshot)
        self._lock = threading.Lock()
        self._declared: dict[str, list[Symbol]] = {}
        self._symbols: list[tuple[str, str, str]] | None = None
        self._search: list[str] | None = None
        self._kinds: dict[str, tuple[list[str], list[str]]] = {}
        self._references: dict[str, list[Place]] = {}

    @property
    def snapshot(self) -> Snapshot:
        """The snapshot this index is of (alive while anyone asks about it)."""
        found = self._snapshot()
        if found is None:
            raise LookupError("the snapshot of this index is gone")
        return found

    # -- declarations ---------------------------------------------------------------

    def declared_in(self, file: str) -> list[Symbol]:
        """The entries declared in ``file``, by line: the ids its ``id:`` lines give that
        the model places in it."""
        with self._lock:
            found = self._declared.get(file)
            if found is None:
                found = self._declare(file)
                if len(self._declared) > 16:
                    self._declared.clear()
                self._declared[file] = found
            return found

    def _declare(self, file: str) -> list[Symbol]:
        model, sources = self.snapshot.model, self.snapshot.sources
        text = self.snapshot.texts.get(file)
        if model is None or sources is None or text is None:
            return []
        found: list[Symbol] = []
        for line in lines_of(text):
            if "id" not in line:
                continue
            listed = tokens(line)
            for key, value in itertools.pairwise(listed):
                if not (key.is_key and key.value == "id" and value.key == "id"):
                    continue
                entity = model.get(value.value)
                if entity is None or entity.id != value.value:  # none, or a unit's other id
                    continue
                where = sources.locate(value.value)
                if where is None or where.file != file or where.line is None:
                    continue
                found.append(
                    Symbol(
                        entity.id, name_of(entity), KIND_NAMES[type(entity)], file, where.line - 1
                    )
                )
        found.sort(key=lambda s: s.line)
        return found

    def search(self, query: str, limit: int) -> list[tuple[str, str, str]]:
        """Entries whose id or name holds ``query`` (any case), at most ``limit``, as
        ``(id, name, kind)``."""
        with self._lock:
            if self._symbols is None:
                model = self.snapshot.model
                self._symbols = [
                    (e.id, name_of(e), KIND_NAMES[type(e)])
                    for e in (entities(model) if model is not None else ())
                ]
                self._search = [f"{i}\n{n}".lower() for i, n, _ in self._symbols]
        assert self._search is not None
        wanted = query.lower()
        found: list[tuple[str, str, str]] = []
        for symbol, text in zip(self._symbols, self._search, strict=True):
            if wanted in text:
                found.append(symbol)
                if len(found) >= limit:
                    break
        return found

    def declaration(self, entity_id: str) -> Place | None:
        """Where the id of ``entity_id`` is written (its ``id:`` value), or None."""
        sources = self.snapshot.sources
        model = self.snapshot.model
        if sources is None or model is None or model.get(entity_id) is None:
            return None
        where = sources.locate(model.canonical_id(entity_id))
        if where is None or where.line is None or where.sheet is not None:
            return None
        return id_place(self.snapshot, where.file, where.line - 1, (where.column or 1) - 1)

    # -- ids of a kind, for completion ----------------------------------------------

    def ids_of(self, kind: str) -> tuple[list[str], list[str]]:
        """The ids of every entry of ``kind``, sorted, with their names beside them."""
        with self._lock:
            found = self._kinds.get(kind)
            if found is None:
                model = self.snapshot.model
                pairs = sorted(
                    (e.id, name_of(e)) for e in (entities_of(model, kind) if model else ())
                )
                found = ([p[0] for p in pairs], [p[1] for p in pairs])
                self._kinds[kind] = found
            return found

    def ids_starting(
        self, kind: str, prefix: str, limit: int
    ) -> tuple[list[tuple[str, str]], bool]:
        """Ids of ``kind`` that start with ``prefix``, at most ``limit`` of them, and whether
        there were more."""
        ids, names = self.ids_of(kind)
        start = bisect.bisect_left(ids, prefix)
        found: list[tuple[str, str]] = []
        for number in range(start, len(ids)):
            if not ids[number].startswith(prefix):
                return found, False
            if len(found) >= limit:
                return found, True
            found.append((ids[number], names[number]))
        return found, False

    # -- references -----------------------------------------------------------------

    def references(self, entity_id: str) -> list[Place]:
        """Every place ``entity_id`` is written as a reference, in every file."""
        with self._lock:
            found = self._references.get(entity_id)
            if found is None:
                found = sorted(set(self._find_references(entity_id)))
                if len(self._references) > 8:
                    self._references.clear()
                self._references[entity_id] = found
            return found

    def _find_references(self, target: str) -> Iterator[Place]:
        model, sources = self.snapshot.model, self.snapshot.sources
        if model is None or sources is None:
            return
        entity = model.get(target)
        kind = None if entity is None else KIND_NAMES[type(entity)]
        if kind is None:
            return
        for owner_kind in KIND_NAMES.values():
            for owner in entities_of(model, owner_kind):
                spec = spec_of(owner)
                if spec is None or not _fields_to(spec, kind):
                    continue
                for path in _ref_paths(owner, spec, "", kind, target):
                    place = self._place(owner.id, path, target)
                    if place is not None:
                        yield place
        records: tuple[Any, ...] = ()
        field = ""
        if kind == "measure":
            records, field = model.results_for(target), "measure"
        elif kind == "segment":
            records, field = (*model.feedback_for(target), *model.demand_for(target)), "segment"
        for record in records:
            place = self._place(target, f"{record.path}.{field}", target)
            if place is not None:
                yield place

    def _place(self, entity: str, path: str, value: str) -> Place | None:
        """Where the value at ``path`` of ``entity`` is written, when the text there now
        says ``value`` (a file changed since it was read is not trusted)."""
        sources = self.snapshot.sources
        assert sources is not None
        where = sources.locate(entity, path)
        if where is None or where.line is None or where.column is None or where.sheet:
            return None
        line = line_of(self.snapshot.texts.get(where.file), where.line - 1)
        if where.file.lower().endswith(".csv"):
            return _csv_place(where.file, where.line - 1, line, where.column - 1, value)
        token = token_starting(line, where.column - 1)
        if token is not None and token.value != value:  # an item of `[a,\n b]`, below `[`
            token = token_starting(line, where.column - 1, depth=1)
        if token is None or token.is_key or token.value != value:
            return None
        return (where.file, where.line - 1, token.start, token.end)


def _csv_place(file: str, line: int, text: str, column: int, value: str) -> Place | None:
    start = column
    end = text.find(",", start)
    end = len(text) if end < 0 else end
    cell = text[start:end]
    if cell.strip().strip('"') != value:
        return None
    return (file, line, start, end)


_REFERS: dict[tuple[str, str], tuple[FieldSpec, ...]] = {}


def _fields_to(spec: EntitySpec, kind: str) -> tuple[FieldSpec, ...]:
    """The fields of ``spec`` that name a ``kind`` or hold entries that do (worked out
    once for each spec and kind: specs are named uniquely)."""
    key = (spec.name, kind)
    found = _REFERS.get(key)
    if found is None:
        found = tuple(
            f
            for f in spec.fields
            if (f.type in (FieldType.REF, FieldType.REFS) and f.ref == kind)
            or (f.nested is not None and not f.nested.has_id and _fields_to(f.nested, kind))
        )
        _REFERS[key] = found
    return found


def _ref_paths(
    owner: object, spec: EntitySpec, prefix: str, kind: str, target: str
) -> Iterator[str]:
    """The field paths of ``owner`` (of ``spec``) that name ``target`` (of ``kind``)."""
    for field in _fields_to(spec, kind):
        if field.type is FieldType.REF and field.ref == kind:
            if getattr(owner, field.name, None) == target:
                yield prefix + field.name
        elif field.type is FieldType.REFS and field.ref == kind:
            for number, value in enumerate(getattr(owner, field.name, None) or ()):
                if value == target:
                    yield f"{prefix}{field.name}.{number}"
        elif field.type is FieldType.NESTED_LIST and field.nested is not None:
            if field.nested.has_id:
                continue  # an entry of its own (a measure): walked as one
            for number, item in enumerate(getattr(owner, field.name, None) or ()):
                yield from _ref_paths(
                    item, field.nested, f"{prefix}{field.name}.{number}.", kind, target
                )
        elif field.type is FieldType.NESTED and field.nested is not None:
            item = getattr(owner, field.name, None)
            if item is not None:
                yield from _ref_paths(item, field.nested, f"{prefix}{field.name}.", kind, target)


def id_place(snapshot: Snapshot, file: str, line: int, column: int) -> Place | None:
    """Where the ``id:`` value is written in the mapping whose first key is at ``column``
    of ``line``."""
    text = snapshot.texts.get(file)
    if text is None:
        return None
    lines = lines_of(text)
    for number in range(line, min(line + ID_SEARCH_LINES, len(lines))):
        content = lines[number]
        if number > line:
            layout = shape(content)
            if layout.blank:
                continue
            if layout.indent < column or layout.column != column:
                if layout.indent < column:
                    return None
                continue
        found = tokens(content)
        for first, second in itertools.pairwise(found):
            if first.start < (column if number == line else 0):
                continue
            if first.is_key and first.value == "id" and second.key == "id":
                return (file, number, second.start, second.end)
    return None


_CACHE: list[Index] = []
_CACHE_LOCK = threading.Lock()


def index_of(snapshot: Snapshot) -> Index:
    """The index of ``snapshot``, built (lazily) the first time it is asked for."""
    with _CACHE_LOCK:
        if _CACHE and _CACHE[0]._snapshot() is snapshot:
            return _CACHE[0]
        made = Index(snapshot)
        _CACHE[:] = [made]
        return made
