"""Build model entities from parsed nodes, following :mod:`cfgov.io.format`.

Every problem is collected, located and phrased for the person who wrote the
file; a broken entry is skipped so the rest of the file is still checked.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Callable
from sys import intern
from typing import Any

import attrs

from cfgov.io import characters
from cfgov.io.format import (
    COLLECTION_ATTRIBUTES,
    COLLECTIONS,
    EVIDENCE_COLLECTIONS,
    EntitySpec,
    FieldSpec,
    FieldType,
)
from cfgov.io.nodes import (
    FALSE_WORDS,
    FLOAT_RE,
    INT_RE,
    NULL_WORDS,
    SPECIAL_FLOAT_RE,
    TRUE_WORDS,
    AnyNode,
    MappingNode,
    ScalarNode,
    SequenceNode,
)
from cfgov.io.parser import suggested_field
from cfgov.model import ORGANISATION_KINDS, Finding, Location, Severity, Suppression, UnitKind
from cfgov.model._fields import (
    MAX_NUMBER,
    experience_areas,
    ids,
    is_valid_date,
    is_valid_id,
    plain_converter,
    texts,
    tuple_of,
    unchecked_constructor,
)
from cfgov.model.enums import Component, Feeling, Level, ProgrammeStep, Stage
from cfgov.model.evidence import counts, labels, score_counts
from cfgov.model.findings import excerpt, quoted, suppressions
from cfgov.model.periods import FORMS as PERIOD_FORMS
from cfgov.model.periods import PeriodError, is_valid_period, parse_period
from cfgov.model.sources import (
    Placed,
    from_layers,
    layers,
    pack_position,
    pack_spots,
    unpack_position,
)

_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_YAML11_BOOLS = frozenset(
    {
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "y",
        "Y",
        "n",
        "N",
    }
)

_MISSING = object()
# The field types as constants: the builder asks for them for every field read, and
# looking a member up on its enum class is slow.
_ID = FieldType.ID
_TEXT = FieldType.TEXT
_REF = FieldType.REF
_REFS = FieldType.REFS
_TEXTS = FieldType.TEXTS
_CHOICE = FieldType.CHOICE
_BOOL = FieldType.BOOL
_PRIORITY = FieldType.PRIORITY
_NUMBER = FieldType.NUMBER
_DATE = FieldType.DATE
_NESTED = FieldType.NESTED
_NESTED_LIST = FieldType.NESTED_LIST
_SUPPRESSIONS = FieldType.SUPPRESSIONS
_COUNT = FieldType.COUNT
_LABELS = FieldType.LABELS
_COUNTS = FieldType.COUNTS
_SCORES = FieldType.SCORES
#: Locations are made for every field read: made without attrs' checks, which they do not have.
_location: Callable[[str, int | None, int | None], Location] = (
    unchecked_constructor(Location) or Location
)
_RULE_CODE = re.compile(r"[A-Z][A-Z0-9]*[0-9]")
#: A key that is a field name and the start of its value: ``name:Ministry``, ``name Ratio``.
_GLUED_FIELD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(:|[ \t]+)(\S.*)")
#: Values this long or shorter (ids, dates, words, sources) are kept once however often
#: they are written (:func:`sys.intern`): a large model repeats them hundreds of thousands
#: of times. Longer ones (names, statements) are mostly written once.
_SHARED_CHARS = 64
#: The pairs of a name and a count met so far (``("chasing progress", 40)``): a large model
#: gives a million of them, mostly repeats (the scores 0 to 10 of every survey, a few
#: kinds of failure demand), each then kept once. Only a saving, emptied at its bound.
_PAIRS: dict[tuple[object, int], tuple[Any, int]] = {}
_MAX_PAIRS = 200_000


def _pair(name: object, count: int) -> tuple[Any, int]:
    """The pair ``(name, count)`` (a name is text, or a score's number), shared with
    every equal pair read before."""
    pair = (name, count)
    found = _PAIRS.get(pair)
    if found is None:
        if len(_PAIRS) >= _MAX_PAIRS:
            _PAIRS.clear()
        found = _PAIRS[pair] = (intern(name) if type(name) is str else name, count)
    return found


#: Whole numbers longer than this are refused: no count of people or target needs more,
#: and Python refuses to parse very long ones anyway.
_MAX_DIGITS = 18


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest choice to a misspelt word, if one is close enough."""
    normalised = word.strip().lower().replace("-", "_").replace(" ", "_")
    if normalised in choices and normalised != word:
        return normalised
    found = difflib.get_close_matches(normalised, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


class Collected:
    """What the builder gathers across every file of a model."""

    def __init__(self) -> None:
        self.entities: dict[str, list[Any]] = {
            name: [] for name in set(COLLECTION_ATTRIBUTES.values())
        }
        self.problems: list[Finding] = []
        #: Where each entity and field was written, by entity id (see :attr:`positions`).
        self._positions: dict[str, Placed] = {}
        #: The files positions point into, by number.
        self.position_files: list[str] = []
        #: The positions of the file being read, not packed yet: each entity's own fields,
        #: and the fields of each record of evidence about it (see :meth:`record_spots`).
        self._open: dict[str, dict[str, int]] = {}
        self._open_records: dict[str, dict[str, dict[str, int]]] = {}
        #: The number of the file being read.
        self._open_file = 0
        #: Where each id was first defined, so a second definition can say where the first is.
        self.id_sites: dict[str, int] = {}
        #: Ids whose entries could not be built: references to them are not reported again.
        self.broken_ids: set[str] = set()
        #: Files that could not be read or parsed at all: any id might have been in them.
        self.unreadable_files = 0

    @property
    def positions(self) -> dict[str, Placed]:
        """Where each entity and field was written: for each entity id, the
        :class:`~cfgov.model.sources.Spots` of each file that placed it."""
        if self._open or self._open_records:
            self._close_file()
        return self._positions

    def file_number(self, name: str) -> int:
        """Give the next file a number (a position's file is this number)."""
        self.position_files.append(name)
        return len(self.position_files) - 1

    def begin_file(self, name: str) -> int:
        """Number the next file, and take the positions recorded from now on as its own."""
        self._close_file()
        self._open_file = number = self.file_number(name)
        return number

    def _close_file(self) -> None:
        """Pack the positions of the file read so far (see :func:`pack_spots`)."""
        own, records = self._open, self._open_records
        if not own and not records:
            return
        file = self._open_file
        for entity in dict.fromkeys([*own, *records]):
            self.add_placed(
                entity, tuple(pack_spots(own.get(entity, {}), records.get(entity, {}), file))
            )
        self._open = {}
        self._open_records = {}

    def add_placed(self, entity: str, placed: Placed) -> None:
        """Add where a later file placed an entity."""
        known = self._positions.get(entity)
        found = layers(placed) if known is None else (*layers(known), *layers(placed))
        self._positions[entity] = from_layers(found)

    def spots(self, entity: str) -> dict[str, int]:
        """The positions (``line << 32 | column``) of an entity's fields in the file being
        read (empty at first), to record more in."""
        found = self._open.get(entity)
        if found is None:
            found = self._open[entity] = {}
        return found

    def take_spots(self, entity: str) -> dict[str, int]:
        """The positions recorded so far under ``entity`` in this file, taken away."""
        return self._open.pop(entity, {})

    def record_spots(self, entity: str, record: str) -> dict[str, int]:
        """The positions of the fields of a record of evidence about ``entity``, at its
        path ``record``, in the file being read (the record's own under the empty path)."""
        of_entity = self._open_records.get(entity)
        if of_entity is None:
            of_entity = self._open_records[entity] = {}
        found = of_entity.get(record)
        if found is None:
            found = of_entity[record] = {}
        return found

    def location(self, position: int) -> Location:
        """The location a packed position stands for."""
        return unpack_position(position, self.position_files)


#: The owner an entry of evidence is read under, before its records are known.
_EVIDENCE_OWNER = "\x00evidence"


class _TooManyProblems(Exception):
    """Raised to stop reading a file once its problem limit is reached."""


_Reader = Callable[["FileBuilder", "_Field", AnyNode, str, "str | None", str], Any]


class _Field:
    """One field of the format with what the builder needs to read it, worked out once."""

    __slots__ = ("final", "name", "nested", "read", "required", "shorthand", "spec", "type")

    def __init__(self, spec: FieldSpec, cls: type, shown: str | None = None) -> None:
        #: The spec, renamed to ``shown`` for messages when that is given.
        self.spec = spec if shown is None else attrs.evolve(spec, name=shown)
        self.name = spec.name
        self.type = spec.type
        self.required = spec.required
        #: The FileBuilder method that reads a value of this type.
        self.read: _Reader = _READERS[spec.type]
        #: For CHOICE: each word allowed, and the value the entity holds for it.
        self.final: dict[str, Any] = {}
        if spec.type is FieldType.CHOICE:
            convert = _converter(cls, spec.name)
            self.final = {word: convert(word) if convert else word for word in spec.choices}
        elif spec.type is FieldType.CHOICES:  # the converter takes a list: each word alone
            convert = _converter(cls, spec.name)
            self.final = {word: convert((word,))[0] if convert else word for word in spec.choices}
        #: For NESTED and NESTED_LIST: the nested part.
        self.nested = _part(spec.nested) if spec.nested is not None else None
        #: For NESTED with a shorthand: the nested field a lone value fills, named as this one.
        self.shorthand: _Field | None = None
        if spec.nested is not None and spec.shorthand is not None:
            inner = spec.nested.field(spec.shorthand)
            assert inner is not None
            self.shorthand = _Field(inner, spec.nested.cls, shown=spec.name)


class _Part:
    """An entity spec with what the builder needs to read it, worked out once."""

    __slots__ = (
        "cls",
        "fields",
        "has_id",
        "kind",
        "make",
        "required",
        "required_names",
        "spec",
        "words",
    )

    def __init__(self, spec: EntitySpec) -> None:
        self.spec = spec
        self.cls = spec.cls
        self.has_id = spec.has_id
        #: How messages name it: "knowledge source".
        self.words = spec.words if spec.words is not None else spec.name.replace("_", " ")
        self.fields: dict[str, _Field] = {}
        for field in spec.fields:
            self.fields.setdefault(field.name, _Field(field, spec.cls))
        self.required = tuple(f for f in spec.fields if f.required)
        self.required_names = frozenset(f.name for f in self.required)
        #: The value of `kind` when it is not written, if it has a default.
        self.kind: Any = _MISSING
        kind = spec.field("kind")
        if kind is not None and kind.default is not None:
            convert = _converter(spec.cls, "kind")
            self.kind = convert(kind.default) if convert else kind.default
        #: The entity's constructor for values the builder has checked: see _unchecked.
        self.make = _unchecked(spec, self.fields)


_PARTS: dict[int, _Part] = {}


def _part(spec: EntitySpec) -> _Part:
    """The builder's view of an entity spec, made on first use (specs are immutable)."""
    part = _PARTS.get(id(spec))
    if part is None or part.spec is not spec:
        part = _PARTS[id(spec)] = _Part(spec)  # it holds the spec, so the id is not reused
    return part


def _blank_ref(kind: FieldType, value: Any) -> bool:
    """Whether a value read is a reference that is only white space, which the model refuses."""
    if kind is _REF:
        return not value.strip()
    if kind is _REFS:
        return not all(item.strip() for item in value)
    return False


def _converter(cls: type, name: str) -> Callable[[Any], Any] | None:
    """The converter of the attrs field ``name`` of ``cls`` if it takes the value alone."""
    field = attrs.fields_dict(cls).get(name)
    return None if field is None else plain_converter(field)


#: Converters that leave the tuples the builder makes as they are.
_TUPLE_CONVERTERS = (
    ids,
    texts,
    tuple_of,
    suppressions,
    labels,
    counts,
    score_counts,
    experience_areas,
)
_TUPLE_TYPES = (
    FieldType.REFS,
    FieldType.TEXTS,
    FieldType.NESTED_LIST,
    FieldType.SUPPRESSIONS,
    FieldType.LABELS,
    FieldType.COUNTS,
    FieldType.SCORES,
    FieldType.CHOICES,
)


def _unchecked(spec: EntitySpec, fields: dict[str, _Field]) -> Callable[..., Any] | None:
    """A constructor that skips the model's converters and validators, or None.

    The builder checks every value as strictly as the model's validators do (its
    messages are better), and gives each its final form: an enum member for a word,
    a tuple for a list. One case is left to the model: a reference that is only
    white space, for which the entity is made through the model's checks (see
    :func:`_blank_ref`), so that the model words the problem as before. Otherwise
    making the entity through its checks would only cost time. This is made once
    for each kind of entity whose fields all take the forms the builder gives;
    tests/io/test_build_unchecked.py holds the builder and the model to that.
    """
    attributes = {a.name: a for a in attrs.fields(spec.cls)}
    for field in fields.values():
        attribute = attributes.get(field.name)
        if attribute is None:
            return None
        convert = attribute.converter
        if field.type is FieldType.CHOICE:
            if convert is not None and _converter(spec.cls, field.name) is None:
                return None
        elif convert is not None and not (
            field.type in _TUPLE_TYPES and convert in _TUPLE_CONVERTERS
        ):
            return None
    required = {f.name for f in spec.fields if f.required}
    if any(a.default is attrs.NOTHING and name not in required for name, a in attributes.items()):
        return None
    return unchecked_constructor(spec.cls)


#: How many characters of record paths one file's evidence may record positions under,
#: for each byte a file may hold (Limits.max_file_bytes). Each result, feedback record or
#: demand count is placed under its path (``results.2025[channel=phone].actual``) once
#: per field, and the path repeats the breakdown (or source, channel and service): a
#: real file records a few characters per byte, while a long breakdown repeated over
#: many periods, or one with thousands of dimensions, would record gigabytes.
PATH_CHARS_PER_BYTE = 16


class FileBuilder:
    """Builds the entities of one file into a shared :class:`Collected`."""

    def __init__(
        self,
        file: str,
        into: Collected,
        max_problems: int = 200,
        *,
        max_path_chars: int = PATH_CHARS_PER_BYTE * 8 * 1024 * 1024,
    ) -> None:
        self.file = file
        self.into = into
        #: Added to a node's ``line << 32 | column`` to make the packed position an id's
        #: site is kept as (the positions of fields are kept by file, without it).
        self.site = pack_position(into.begin_file(file), 0, 0)
        self.max_problems = max_problems
        self.problem_count = 0
        #: Characters of record paths recorded so far, and the most allowed (see above).
        self.path_chars = 0
        self.max_path_chars = max_path_chars

    # -- problems -------------------------------------------------------------

    def _loc(self, node: AnyNode) -> Location:
        return _location(self.file, node.line, node.column)

    def _at(self, node: AnyNode) -> int:
        """Where a node is in this file, as the source map keeps it."""
        return (node.line << 32) + node.column

    def problem(
        self,
        code: str,
        node: AnyNode,
        message: str,
        hint: str | None = None,
        *,
        entity: str | None = None,
        field: str | None = None,
        at: Location | None = None,
    ) -> None:
        """Report a problem at ``node`` (or at ``at``, a place within it)."""
        self.problem_count += 1
        if self.problem_count > self.max_problems:
            self.into.problems.append(
                Finding(
                    code="CFG020",
                    severity=Severity.ERROR,
                    message=f"more than {self.max_problems} problems in this file; "
                    "cfgov stopped reading it here",
                    hint="Fix the problems above (often one mistake repeated), then run "
                    "cfgov again to see the rest.",
                    location=self._loc(node),
                )
            )
            raise _TooManyProblems
        self.into.problems.append(
            Finding(
                code=code,
                severity=Severity.ERROR,
                message=message,
                hint=hint,
                entity=entity,
                field=field,
                location=at or self._loc(node),
            )
        )

    def _report(self, found: Finding, node: AnyNode, entity: str | None, field: str | None) -> None:
        """Report a problem worded elsewhere (see :mod:`cfgov.io.characters`)."""
        self.problem(
            found.code,
            node,
            found.message,
            found.hint,
            entity=entity,
            field=field,
            at=found.location,
        )

    def _char_at(self, node: ScalarNode, index: int) -> Location:
        """Where the character at ``index`` of a scalar's value was written, as near as is known.

        A plain value on one line reads as it is written; quoted text may hold escape
        codes, and a value over several lines is joined, so for those the value's start
        is given.
        """
        if node.plain and " " not in node.value[:index]:
            return _location(self.file, node.line, node.column + index)
        return self._loc(node)

    def _odd_id(
        self, subject: str, node: ScalarNode, entity: str | None, field: str | None
    ) -> None:
        """Report an id (or a reference to one) with a hidden character, or not in NFC.

        Called only for ids that are not plain printable ASCII, which have neither.
        """
        text = node.value
        index = characters.hidden_in_id(text)
        found = (
            characters.hidden_id_problem(subject, "id", text, index, self._char_at(node, index))
            if index is not None
            else characters.unnormalised_problem(subject, text, self._loc(node))
        )
        if found is not None:
            self._report(found, node, entity, field)

    def _check_ref(
        self, field: FieldSpec, node: ScalarNode, label: str, entity: str | None, path: str
    ) -> None:
        text = node.value
        if not (text.isascii() and text.isprintable()):
            self._odd_id(f"`{field.name}` of {label} names the id", node, entity, path)

    def _odd_key(self, key: ScalarNode, entity: str | None, field: str | None) -> bool:
        """Whether a key that is not known holds a hidden character (reported here or already).

        Such a key is reported for the character, not as an unknown name.
        """
        text = key.value
        if text.isascii() and text.isprintable():
            return False
        index = characters.hidden_in_id(text)
        if index is not None:
            found = characters.hidden_id_problem(
                "the key", "key", text, index, self._char_at(key, index)
            )
            self._report(found, key, entity, field)
            return True
        return characters.reported(text)

    # -- the file ---------------------------------------------------------------

    def build_root(self, root: AnyNode | None) -> None:
        """Read the top level of a file: a mapping of collections."""
        try:
            self._build_root(root)
        except _TooManyProblems:
            self.into.unreadable_files += 1  # what was not read may hold referenced ids

    def _build_root(self, root: AnyNode | None) -> None:
        if root is None or (isinstance(root, ScalarNode) and root.is_null):
            return  # an empty file (or only comments) adds nothing
        if not isinstance(root, MappingNode):
            self.problem(
                "CFG010",
                root,
                f"the top level of the file is {root.kind}, but it must be a mapping of "
                "collections such as `segments:`",
                "Start the file with a collection name and a colon, e.g. `segments:`, and "
                "list the entries below it.",
            )
            return
        above: tuple[str, EntitySpec] | None = None  # the collection above, and its entries
        for key, value in root.items:
            spec = COLLECTIONS.get(key.value)
            if spec is None:
                self.into.unreadable_files += 1  # its entries might be what others refer to
                if self._odd_key(key, None, None):
                    continue
                if above is not None and above[1].field(key.value) is not None:
                    # `unit: o` at the left edge, below a list of segments: a field of the
                    # entry above that lost its indentation.
                    self.problem(
                        "CFG003",
                        key,
                        f"{quoted(key.value)} is not a collection cfgov knows: it starts at the "
                        f"left edge, where only collections such as `{above[0]}:` go",
                        f"`{key.value}` is a field of the entries of `{above[0]}:`: if it "
                        "belongs to the entry above, indent it to line up with that entry's "
                        "fields.",
                    )
                    continue
                guess = did_you_mean(key.value, tuple(COLLECTIONS))
                self.problem(
                    "CFG003",
                    key,
                    f"{quoted(key.value)} is not a collection cfgov knows",
                    (f"Did you mean `{guess}`? " if guess else "")
                    + "A file may hold: "
                    + ", ".join(COLLECTIONS)
                    + ".",
                )
                continue
            above = (key.value, spec)
            if isinstance(value, ScalarNode) and value.is_null:
                continue
            if not isinstance(value, SequenceNode):
                self.into.unreadable_files += 1
                self.problem(
                    "CFG004",
                    value,
                    f"`{key.value}` must be a list of entries, but it is {value.kind}",
                    "Put each entry on its own line starting with `- `.",
                )
                continue
            target = self.into.entities[COLLECTION_ATTRIBUTES[key.value]]
            part = _part(spec)
            collection = key.value
            if collection in EVIDENCE_COLLECTIONS:
                for item in value.items:
                    self._evidence(part, item, collection, target)
                continue
            for item in value.items:
                entity = self._entity(part, item, collection, None, None, "")
                if entity is not None:
                    target.append(entity)

    # -- evidence ---------------------------------------------------------------

    def _evidence(self, part: _Part, node: AnyNode, collection: str, into: list[Any]) -> None:
        """Read an entry of evidence and add the records it holds to ``into``.

        Records have no ids: their positions go under the id of the measure or
        segment they are about, at each record's path (``results.2025-26.actual``).
        The entry is read as if owned by a placeholder, whose positions are then
        moved to each record.
        """
        owner_field = "measure" if collection == "results" else "segment"
        owner = None
        if isinstance(node, MappingNode):
            for key, value in node.items:
                if key.value == owner_field and isinstance(value, ScalarNode) and value.value:
                    owner = value.value
        label = f"{owner_field} {quoted(owner)}" if owner else None
        first = len(self.into.problems)
        built = self._entity(part, node, collection, _EVIDENCE_OWNER, label, "")
        spots = self.into.take_spots(_EVIDENCE_OWNER)
        for number in range(first, len(self.into.problems)):
            found = self.into.problems[number]
            if found.entity == _EVIDENCE_OWNER:
                self.into.problems[number] = attrs.evolve(found, entity=owner, field=None)
        if built is None:
            return
        series = hasattr(built, "records")
        try:
            records = built.records() if series else [built]
        except (TypeError, ValueError) as exc:  # the model's own checks, as a last resort
            self.problem("CFG005", node, f"{collection} of {label}: {exc}", entity=owner)
            return
        at = self._at(node)
        # A record's fields are kept under its path, and every measure's results share a
        # few paths ("results.2025-04"): one string each, however many measures.
        if not series:
            for record in records:
                path = intern(record.path)
                self._spend_path(node, path, 1 + len(spots), collection, label)
                dest = self.into.record_spots(getattr(record, owner_field), path)
                dest[""] = at
                dest.update(spots)
            into.extend(records)
            return
        # Sort the positions once: the series' own fields, and each period's by its number.
        shared: list[tuple[str, int]] = []
        periods: dict[str, list[tuple[str, int]]] = {}
        for field, position in spots.items():
            if field.startswith("periods."):
                which, _, rest = field[8:].partition(".")
                periods.setdefault(which, []).append((rest, position))
            elif field != "periods":
                shared.append((field, position))
        for number, record in enumerate(records):
            path = intern(record.path)
            self._spend_path(
                node, path, 1 + len(periods.get(str(number), ())) + len(shared), collection, label
            )
            dest = self.into.record_spots(getattr(record, owner_field), path)
            dest[""] = at
            for rest, position in periods.get(str(number), ()):
                dest[rest] = position  # (the period's own, at the empty path, wins)
            for field, position in shared:
                dest.setdefault(field, position)
        into.extend(records)

    def _spend_path(
        self, node: AnyNode, path: str, times: int, collection: str, label: str | None
    ) -> None:
        """Count a record's path, recorded ``times``; past the file's allowance, stop the file."""
        self.path_chars += len(path) * times
        if self.path_chars <= self.max_path_chars:
            return
        longest = max(len(path) - len(collection), 0)
        self.into.problems.append(
            Finding(
                code="CFG014",
                severity=Severity.ERROR,
                message=f"the {collection} of {label or 'this entry'} name their records by "
                f"{longest:,} characters of period and "
                + ("breakdown" if collection == "results" else "source, channel and service")
                + " each, too many for cfgov to keep track of where every figure is written; "
                "cfgov stopped reading the file here",
                hint="A breakdown names a few dimensions with short values (`{channel: "
                "phone}`), and a source, channel or service is a short name; put longer "
                "text in `comment:`. Programs that load very large models can raise "
                "Limits.max_file_bytes.",
                location=self._loc(node),
            )
        )
        raise _TooManyProblems

    # -- entities ---------------------------------------------------------------

    def build_entity(
        self,
        spec: EntitySpec,
        node: AnyNode,
        *,
        collection: str | None = None,
        owner: str | None = None,
        owner_label: str | None = None,
        path: str = "",
    ) -> Any:
        """Build one entity or nested part; None (with problems recorded) if it cannot be built.

        ``owner`` and ``path`` place a nested part without an id of its own (a
        size, a knowledge source) under the entity that holds it.
        """
        return self._entity(_part(spec), node, collection, owner, owner_label, path)

    def _entity(
        self,
        part: _Part,
        node: AnyNode,
        collection: str | None,
        owner: str | None,
        owner_label: str | None,
        path: str,
    ) -> Any:
        """:meth:`build_entity`, for the builder's view of the spec."""
        spec = part.spec
        if not isinstance(node, MappingNode):
            where = f"an entry of `{collection}`" if collection else f"`{path}`"
            text = node.value if isinstance(node, ScalarNode) and node.plain else ""
            glued = _GLUED_FIELD.fullmatch(text)
            if glued is not None and glued.group(2) == ":" and glued.group(1) in part.fields:
                # `- id:s`: with no space after the colon the entry is one word, not a field.
                name, meant = glued.group(1), glued.group(3)
                self.problem(
                    "CFG004",
                    node,
                    f"{where} is the text `{excerpt(text)}`: with no space after the "
                    f"colon, YAML does not read `{name}` as a field",
                    "Put a space after the colon: "
                    + suggested_field(name, meant, f"`{name}: ...`"),
                    entity=owner,
                    field=path or None,
                )
                return None
            self.problem(
                "CFG004",
                node,
                f"{where} must be a mapping of fields, but it is {node.kind}",
                _mapping_hint(spec),
                entity=owner,
                field=path or None,
            )
            return None

        # How messages name the entry: "segment 'fp-employed'", "size of segment 'fp-employed'".
        label = part.words
        here: int | None = None  # where the entry is, for one with an id
        into = self.into
        if part.has_id:
            entity_id = self._read_id(spec, node)
            prefix = ""
            if entity_id:
                label = f"{label} {quoted(entity_id)}"
            if entity_id is not None:
                here = (node.line << 32) + node.column
                into.spots(entity_id)[""] = here
                if owner is not None and path:
                    # setdefault: a field's own position, recorded by the entry that holds it
                    # (at the key, for a block), wins over the nested mapping's first line.
                    into.spots(owner).setdefault(path, here)
        else:
            entity_id, prefix = owner, path
            if owner_label:
                label = _part_label(label, owner_label, path)
            if entity_id is not None and path:
                spots = into.spots(entity_id)
                if path not in spots:
                    spots[path] = (node.line << 32) + node.column

        values: dict[str, Any] = {}
        failed: set[str] = set() if entity_id is not None or not part.has_id else {"id"}
        # A measure's fields are also found from its objective: ("obj", "measures.0.kind")
        # as well as ("m1", "kind").
        also = (owner, f"{path}.") if part.has_id and owner is not None and path else None
        recheck = self._read_fields(part, node, label, entity_id, prefix, also, values, failed)

        if part.has_id and entity_id is not None:
            if not self._claim_id(spec, node, entity_id, here):
                return None
            if failed:
                self.into.broken_ids.add(entity_id)
        if failed:
            return None
        if part.kind is not _MISSING and "kind" not in values:
            values["kind"] = part.kind
        if part.make is not None and not recheck:
            return part.make(**values)
        try:
            return spec.cls(**values)
        except (TypeError, ValueError) as exc:  # the model's own validators, as a last resort
            self.problem("CFG005", node, f"{label}: {exc}", entity=entity_id)
            if part.has_id and entity_id is not None:
                self.into.broken_ids.add(entity_id)
            return None

    def _read_fields(
        self,
        part: _Part,
        node: MappingNode,
        label: str,
        entity_id: str | None,
        prefix: str,
        also: tuple[str, str] | None,
        values: dict[str, Any],
        failed: set[str],
    ) -> bool:
        """Read the fields of an entry into ``values``, recording where each was written.

        The names of fields that could not be read go into ``failed``. True when a
        value may break the model's own checks: the entity is then made through them,
        so that the model words the problem.
        """
        spots = self.into.spots(entity_id) if entity_id is not None else None
        also_spots = self.into.spots(also[0]) if also is not None else None
        fields = part.fields
        within = f"{prefix}." if prefix else ""
        merged = False
        recheck = False
        for key, value in node.items:
            name = key.value
            field = fields.get(name)
            if field is None:
                merged = merged or name == "<<"
                guess = self._unknown_field(part.spec, key, value, label, entity_id, prefix)
                failed.add(name)
                if guess is not None:
                    # The misspelling was reported with its correction: not "missing" too.
                    failed.add(guess)
                continue
            kind = field.type
            if kind is _ID:
                if entity_id is not None:
                    values["id"] = entity_id
                continue  # read (and any problem reported) by _read_id
            field_path = intern(within + name) if within else name
            if spots is not None:
                # A field is found at its value when that is on the key's line, and at the
                # key when the value is a block below it (`size:` then `value:` lines).
                placed = (
                    (value.line << 32) + value.column
                    if value.line == key.line
                    else (key.line << 32) + key.column
                )
                spots[field_path] = placed
                if also is not None and also_spots is not None:
                    also_spots[intern(also[1] + field_path)] = placed
            if isinstance(value, ScalarNode):
                # The common cases are read here; _convert has the rest, and every problem.
                text = value.value
                if text in NULL_WORDS and value.is_null:  # (only those words can be null)
                    continue  # an empty value: as if the field were not written
                # A reference that is not plain ASCII is read, and checked, below.
                if kind is _TEXT or (kind is _REF and text.isascii() and text.isprintable()):
                    if text.strip() and not value.comment_follows:
                        values[name] = intern(text) if len(text) <= _SHARED_CHARS else text
                        continue
                elif kind is _CHOICE:
                    final = field.final.get(text, _MISSING)
                    if final is not _MISSING:
                        values[name] = final
                        continue
            converted = field.read(self, field, value, label, entity_id, field_path)
            if converted is _MISSING:
                failed.add(name)
            elif converted is not None:
                values[name] = converted
                recheck = recheck or _blank_ref(kind, converted)
        # With a merge key the missing fields may be in the merged mapping; the merge key
        # itself is reported, and once written out the fields are checked.
        if not merged and not values.keys() >= part.required_names:
            self._report_missing(part, node, label, entity_id, prefix, values, failed)
        return recheck

    def _report_missing(
        self,
        part: _Part,
        node: MappingNode,
        label: str,
        entity_id: str | None,
        prefix: str,
        values: dict[str, Any],
        failed: set[str],
    ) -> None:
        """Report required fields that are absent or empty (adding them to ``failed``)."""
        for field in part.required:
            if field.name in values or field.name in failed:
                continue
            failed.add(field.name)
            written = None
            for key, value in node.items:
                if key.value == field.name:
                    written = value
            self._missing(
                part,
                field,
                node,
                written,
                label,
                entity_id,
                f"{prefix}.{field.name}" if prefix else field.name,
            )

    def _missing(
        self,
        part: _Part,
        field: FieldSpec,
        node: MappingNode,
        written: AnyNode | None,
        label: str,
        entity_id: str | None,
        field_path: str,
    ) -> None:
        """Report one required field that is absent (``written`` None) or empty."""
        if written is not None:
            self.problem(
                "CFG006",
                written,
                f"{label} has an empty `{field.name}:`",
                f"Fill in `{field.name}:`: {_lower_first(field.description)}",
                entity=entity_id,
                field=field_path,
            )
        else:
            self.problem(
                "CFG006",
                node,
                f"{label} has no `{field.name}:`",
                f"Add `{field.name}:`: {_lower_first(field.description)}",
                entity=entity_id,
                field=field_path,
            )

    def _read_id(self, spec: EntitySpec, node: MappingNode) -> str | None:
        for key, value in node.items:
            if key.value != "id":
                continue
            if isinstance(value, ScalarNode) and not value.is_null and is_valid_id(value.value):
                text = value.value
                if not (text.isascii() and text.isprintable()):
                    self._odd_id("the id", value, text, "id")
                return intern(text)
            self.problem(
                "CFG004" if not isinstance(value, ScalarNode) else "CFG006",
                value,
                f"the {spec.name} here has an empty or invalid `id:`",
                "Give it a short, stable id such as `pensioners-employed`.",
            )
            return None
        self.problem(
            "CFG006",
            node,
            f"this {spec.name} has no `id:`",
            "Add `id:` with a short, stable id: other entries refer to it by that id.",
        )
        return None

    def _claim_id(
        self, spec: EntitySpec, node: MappingNode, entity_id: str, here: int | None = None
    ) -> bool:
        site = self.into.id_sites.get(entity_id)
        if site is None:
            self.into.id_sites[entity_id] = self.site + (self._at(node) if here is None else here)
            return True
        first = self.into.location(site)
        id_node: AnyNode = next(v for k, v in node.items if k.value == "id")
        if (id_node.line, id_node.column) < (node.line, node.column):
            id_node = node  # the entry repeats an anchor (`*name`): point at the repeat
        self.problem(
            "CFG007",
            id_node,
            f"the id {quoted(entity_id)} is already used by the entry at {first}",
            "Ids must be unique across every file of the model; rename one of the two.",
            entity=entity_id,
            field="id",
        )
        return False

    def _unknown_field(
        self,
        spec: EntitySpec,
        key: ScalarNode,
        value: AnyNode,
        label: str,
        entity_id: str | None,
        prefix: str,
    ) -> str | None:
        """Report an unknown field; return the field it is probably a misspelling of."""
        names = tuple(f.name for f in spec.fields)
        where = f"{prefix}.{key.value}" if prefix else key.value
        if self._odd_key(key, entity_id, where):
            visible = characters.visible(key.value)
            return visible if visible in names else None
        guess = None
        glued = _GLUED_FIELD.fullmatch(key.value)
        if key.value == "<<":
            hint = "Merge keys (`<<:`) are not supported: write the fields out in full."
        elif (
            glued is not None
            and glued.group(1) in names
            and isinstance(value, ScalarNode)
            and value.plain
            and value.line == key.line
        ):
            # `name:Ministry: the office` or `name Ratio: high`: YAML takes the field name
            # and the start of the value together as the key.
            guess, space = glued.group(1), glued.group(2) == ":"
            meant = f"{glued.group(3)}: {value.value}" if value.value else glued.group(3)
            hint = (
                "Put a space after the colon: "
                if space
                else "Put a colon and a space after the field name: "
            ) + suggested_field(guess, meant, f"`{guess}: ...`")
        else:
            guess = did_you_mean(key.value, names)
            hint = _nested_field_hint(spec, key.value) or (
                (f"Did you mean `{guess}`? " if guess else "")
                + f"{_an(_one_of(spec))} may have: "
                + ", ".join(names)
                + "."
            )
        self.problem(
            "CFG003",
            key,
            f"{label} has a field {quoted(key.value)} that cfgov does not know",
            hint,
            entity=entity_id,
            field=f"{prefix}.{key.value}" if prefix else key.value,
        )
        return guess

    # -- values -----------------------------------------------------------------

    def _convert(
        self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        """The value for a field, None when empty, or _MISSING after reporting a problem."""
        if isinstance(node, ScalarNode) and node.is_null and part.type is not _ID:
            return None
        return part.read(self, part, node, label, entity, path)

    # Readers: one for each field type, each giving the value for a node that is not empty,
    # in the form the entity holds it, or _MISSING after reporting a problem.

    def _text(self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str) -> Any:
        return self._scalar_text(part.spec, node, label, entity, path)

    def _items(self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str) -> Any:
        if isinstance(node, ScalarNode):
            if part.type is _REFS:
                self._check_ref(part.spec, node, label, entity, path)
            return (node.value,)
        if isinstance(node, SequenceNode):
            return self._list(part.spec, node, label, entity, path)
        return self._wrong_type(
            part.spec,
            node,
            label,
            "a list of ids" if part.type is _REFS else "a list of text items",
            entity,
            path,
        )

    def _nested(
        self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        nested = part.nested
        assert nested is not None
        shorthand = part.shorthand
        if isinstance(node, ScalarNode) and shorthand is not None:
            value = self._convert(shorthand, node, label, entity, path)
            if value is _MISSING or value is None:
                return _MISSING
            make = nested.cls if _blank_ref(shorthand.type, value) else nested.make
            return (make or nested.cls)(**{shorthand.name: value})
        built = self._entity(nested, node, None, entity, label, path)
        return _MISSING if built is None else built

    def _nested_list(
        self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        nested = part.nested
        assert nested is not None
        if not isinstance(node, SequenceNode):
            return self._wrong_type(part.spec, node, label, "a list of entries", entity, path)
        built_items = []
        failed = False
        for i, item in enumerate(node.items):
            built = self._entity(nested, item, None, entity, label, f"{path}.{i}")
            if built is None:
                failed = True
            else:
                built_items.append(built)
        return _MISSING if failed else tuple(built_items)

    def _list(
        self, field: FieldSpec, node: SequenceNode, label: str, entity: str | None, path: str
    ) -> Any:
        """A list of ids or text items, each placed in the source map."""
        items = []
        spots = self.into.spots(entity) if entity is not None else None
        for i, item in enumerate(node.items):
            if (
                isinstance(item, ScalarNode)
                and not item.comment_follows
                and not item.is_null
                and (not field.required or item.value.strip())
            ):
                text = item.value  # the common case: what _scalar_text gives, without the calls
                if field.type is _REFS and not (text.isascii() and text.isprintable()):
                    self._check_ref(field, item, label, entity, f"{path}.{i}")
                elif len(text) <= _SHARED_CHARS:
                    text = intern(text)
            else:
                text = self._scalar_text(field, item, label, entity, f"{path}.{i}")
                if text is _MISSING:
                    return _MISSING
            if spots is not None:
                spots[intern(f"{path}.{i}")] = self._at(item)
            if text is None:
                self.problem(
                    "CFG004",
                    item,
                    f"item {i + 1} of `{field.name}` of {label} is empty",
                    "Remove the empty item, or fill it in.",
                    entity=entity,
                    field=f"{path}.{i}",
                )
                return _MISSING
            items.append(text)
        return tuple(items)

    def _wrong_type(
        self,
        field: FieldSpec,
        node: AnyNode,
        label: str,
        wanted: str,
        entity: str | None,
        path: str,
    ) -> Any:
        self.problem(
            "CFG004",
            node,
            f"`{field.name}` of {label} must be {wanted}, but it is {node.kind}",
            _type_hint(field),
            entity=entity,
            field=path,
        )
        return _MISSING

    def _scalar_text(
        self, field: FieldSpec, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        if not isinstance(node, ScalarNode):
            wanted = "an id" if field.type in (_REF, _REFS) else "text"
            return self._wrong_type(field, node, label, wanted, entity, path)
        if node.is_null or (field.required and not node.value.strip()):
            return None
        if node.comment_follows:
            comment = excerpt(node.comment_follows)
            fix = ""
            if not path.rpartition(".")[2].isdigit():  # an item of a list has no key to show
                meant = f"{node.value} {node.comment_follows}"
                written = suggested_field(field.name, meant, "", plain=False)
                fix = f", like this: {written[:-1]}" if written != "." else ""
            self.problem(
                "CFG005",
                node,
                f"YAML reads `{comment}` as a comment, so `{field.name}` of {label} would be "
                f"cut short to {quoted(node.value)}",
                f"If `{comment}` is part of the text, put the whole value in quotes{fix}; if it "
                "is a comment, put a space after the #.",
                entity=entity,
                field=path,
            )
            return _MISSING
        if field.type is _REF or field.type is _REFS:
            self._check_ref(field, node, label, entity, path)
        return node.value

    def _suppressions(
        self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        field = part.spec
        if not isinstance(node, MappingNode):
            return self._wrong_type(
                field, node, label, "a mapping of rule codes to reasons", entity, path
            )
        found: list[Suppression] = []
        ok = True
        for key, value in node.items:
            where = f"{path}.{key.value}"
            if entity is not None:
                self.into.spots(entity)[where] = self._at(key)
            if not _RULE_CODE.fullmatch(key.value):
                ok = False
                if self._odd_key(key, entity, where):
                    continue
                self.problem(
                    "CFG005",
                    key,
                    f"{quoted(key.value)} under `ignore` of {label} is not a rule code",
                    "Rule codes are letters then digits, such as CFG106; `cfgov rules` lists them.",
                    entity=entity,
                    field=where,
                )
                continue
            reason = value.value if isinstance(value, ScalarNode) and not value.is_null else ""
            if not isinstance(value, ScalarNode) or not reason.strip():
                self.problem(
                    "CFG006",
                    value if not isinstance(value, ScalarNode) or value.value else key,
                    f"the suppression of {excerpt(key.value)} on {label} gives no reason",
                    f'Say why the advice does not apply: `{excerpt(key.value)}: "the reason"`.',
                    entity=entity,
                    field=where,
                )
                ok = False
                continue
            found.append(Suppression(key.value, reason))
        return tuple(found) if ok else _MISSING

    def _choice(
        self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        field = part.spec
        if not isinstance(node, ScalarNode):
            return self._wrong_type(field, node, label, "one word", entity, path)
        if node.value in part.final:
            return part.final[node.value]
        self.problem(
            "CFG005",
            node,
            f"`{field.name}` of {label} is {quoted(node.value)}, which is not allowed",
            _choice_hint(field, node.value),
            entity=entity,
            field=path,
        )
        return _MISSING

    def _choices(
        self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        """A list of words from a fixed list, each once, in the order written."""
        field = part.spec
        if isinstance(node, ScalarNode):
            words = self._items(part, node, label, entity, path)
            items: list[ScalarNode] = [node]
        elif isinstance(node, SequenceNode):
            words = self._list(field, node, label, entity, path)
            items = [i for i in node.items if isinstance(i, ScalarNode)]
        else:
            return self._wrong_type(field, node, label, "a list of words", entity, path)
        if words is _MISSING:
            return _MISSING
        chosen: list[Any] = []
        for i, word in enumerate(words):
            final = part.final.get(word, _MISSING)
            if final is _MISSING:
                where = items[i] if i < len(items) else node
                self.problem(
                    "CFG005",
                    where,
                    f"`{field.name}` of {label} lists {quoted(word)}, which is not allowed",
                    _words_hint(field, word)
                    if isinstance(node, ScalarNode)
                    else None or _choice_hint(field, word),
                    entity=entity,
                    field=path if isinstance(node, ScalarNode) else f"{path}.{i}",
                )
                return _MISSING
            if final in chosen:
                self.problem(
                    "CFG004",
                    items[i] if i < len(items) else node,
                    f"`{field.name}` of {label} lists {quoted(word)} twice",
                    "Name each word once.",
                    entity=entity,
                    field=f"{path}.{i}",
                )
                return _MISSING
            chosen.append(final)
        return tuple(chosen)

    def _bool(self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str) -> Any:
        field = part.spec
        if isinstance(node, ScalarNode) and node.plain:
            if node.value in TRUE_WORDS:
                return True
            if node.value in FALSE_WORDS:
                return False
        shown = node.value if isinstance(node, ScalarNode) else node.kind
        extra = ""
        if isinstance(node, ScalarNode) and node.value in _YAML11_BOOLS:
            extra = (
                " cfgov does not read yes/no/on/off as true/false, so that a value such "
                "as the country code NO is never changed behind your back."
            )
        self.problem(
            "CFG004",
            node,
            f"`{field.name}` of {label} must be true or false, not {quoted(shown)}",
            "Write `true` or `false`, without quotes." + extra,
            entity=entity,
            field=path,
        )
        return _MISSING

    def _number(
        self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        field = part.spec
        whole = field.type is _PRIORITY
        if isinstance(node, ScalarNode) and node.plain:
            text = node.value
            if text.isdigit() and text.isascii() and len(text) <= _MAX_DIGITS:
                # The common case, digits alone: a number within every bound but maybe 1.
                number = int(text)
                if number >= 1 or not whole:
                    return number
        wanted = "a whole number" if whole else "a number"
        if not isinstance(node, ScalarNode):
            return self._wrong_type(field, node, label, wanted, entity, path)
        text = node.value
        if not node.plain:
            self.problem(
                "CFG004",
                node,
                f"`{field.name}` of {label} must be {wanted}, but it is quoted text "
                f"({quoted(text)})",
                f"Remove the quotes. {better}"
                if (better := _number_hint(text, field))
                else "Remove the quotes and write digits only, e.g. `7700000`.",
                entity=entity,
                field=path,
            )
            return _MISSING
        value: int | float
        digits = text.replace("_", "").lstrip("+-")
        if INT_RE.fullmatch(text) and len(digits) > _MAX_DIGITS:
            self.problem(
                "CFG005",
                node,
                f"`{field.name}` of {label} has {len(digits):,} digits, more "
                "than any figure in a model needs",
                f"Check the value; cfgov accepts whole numbers of up to {_MAX_DIGITS} digits.",
                entity=entity,
                field=path,
            )
            return _MISSING
        if INT_RE.fullmatch(text):
            value = int(text.replace("_", ""))
        elif FLOAT_RE.fullmatch(text) and not (whole and not float(text).is_integer()):
            value = float(text.replace("_", ""))
            if whole:  # `priority: 2.0` is 2, as an editor's schema check also says
                value = int(value)
        elif SPECIAL_FLOAT_RE.fullmatch(text):
            self.problem(
                "CFG005",
                node,
                f"`{field.name}` of {label} must be a finite number, not {quoted(text)}",
                entity=entity,
                field=path,
            )
            return _MISSING
        else:
            self.problem(
                "CFG004",
                node,
                f"`{field.name}` of {label} must be {wanted}, not {quoted(text)}",
                _number_hint(text, field) or _type_hint(field),
                entity=entity,
                field=path,
            )
            return _MISSING
        if not math.isfinite(value):
            self.problem(
                "CFG005", node, f"`{field.name}` of {label} is too large", entity=entity, field=path
            )
            return _MISSING
        if abs(value) >= MAX_NUMBER:
            self.problem(
                "CFG005",
                node,
                f"`{field.name}` of {label} is {excerpt(text)}, larger than any figure in a "
                "model needs",
                "Check the value; cfgov accepts numbers below 10^18.",
                entity=entity,
                field=path,
            )
            return _MISSING
        if whole and value < 1:
            self.problem(
                "CFG005",
                node,
                f"`priority` of {label} is {excerpt(text)}, but priorities start at 1",
                "Use 1 for the highest priority, 2 for the next, and so on.",
                entity=entity,
                field=path,
            )
            return _MISSING
        if field.non_negative and value < 0:
            self.problem(
                "CFG005",
                node,
                f"`{field.name}` of {label} is negative ({excerpt(text)})",
                "A count of people is 0 or more.",
                entity=entity,
                field=path,
            )
            return _MISSING
        return value

    def _date(self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str) -> Any:
        field = part.spec
        if not isinstance(node, ScalarNode):
            return self._wrong_type(field, node, label, "a date", entity, path)
        if is_valid_date(node.value):
            return node.value
        if _DATE_RE.fullmatch(node.value):
            self.problem(
                "CFG005",
                node,
                f"`{field.name}` of {label} is {quoted(node.value)}, which is not a day in "
                "the calendar",
                "Check the month and the day.",
                entity=entity,
                field=path,
            )
            return _MISSING
        self.problem(
            "CFG005",
            node,
            f"`{field.name}` of {label} is {quoted(node.value)}, which is not a date cfgov "
            "can read",
            _date_hint(node.value)
            or "Write YYYY, YYYY-MM or YYYY-MM-DD, e.g. `2002` or `2002-04`.",
            entity=entity,
            field=path,
        )
        return _MISSING

    # -- evidence values --------------------------------------------------------

    def _period(
        self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        field = part.spec
        if not isinstance(node, ScalarNode):
            return self._wrong_type(field, node, label, "a period", entity, path)
        text = node.value
        try:
            better = _two_years(text)
            if better is not None:
                raise PeriodError(_NOT_A_PERIOD)
            parse_period(text)
        except PeriodError as exc:
            better = better or _period_hint(text)
            if better is not None:
                self.problem(
                    "CFG005",
                    node,
                    f"`{field.name}` of {label} is {quoted(text)}, which is not a period cfgov "
                    "can read",
                    better,
                    entity=entity,
                    field=path,
                )
                return _MISSING
            reason = str(exc)
            self.problem(
                "CFG005",
                node,
                f"`{field.name}` of {label} is {quoted(text)}, which is not a period cfgov can "
                # The bare refusal would only say the same again.
                + ("read" if reason == _NOT_A_PERIOD else f"read: {excerpt(reason, 300)}"),
                # A reason that already says what to write needs no list of every form.
                None if ": write" in reason else f"Write {PERIOD_FORMS}.",
                entity=entity,
                field=path,
            )
            return _MISSING
        return intern(text)  # a model repeats its few periods in every series

    def _value(self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str) -> Any:
        """A number if it is written as one (plain), else text (a qualitative result)."""
        if not isinstance(node, ScalarNode):
            return self._wrong_type(part.spec, node, label, "a number or text", entity, path)
        text = node.value
        if node.plain and (INT_RE.fullmatch(text) or FLOAT_RE.fullmatch(text)):
            return self._number(part, node, label, entity, path)
        if node.plain and SPECIAL_FLOAT_RE.fullmatch(text):
            return self._number(part, node, label, entity, path)
        better = _number_hint(text, part.spec) if node.plain else None
        if better is not None:
            # `95%` or `1,200` is a figure written as people write it, not a qualitative result.
            self.problem(
                "CFG004",
                node,
                f"`{part.spec.name}` of {label} is {quoted(text)}, which YAML reads as text, "
                "not as the figure it looks like",
                f"{better} If it really is text (a qualitative result), put it in quotes.",
                entity=entity,
                field=path,
            )
            return _MISSING
        return self._scalar_text(part.spec, node, label, entity, path)

    def _count(self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str) -> Any:
        """A whole number, 0 or more."""
        field = part.spec
        value = self._number(part, node, label, entity, path)
        if value is _MISSING:
            return _MISSING
        if isinstance(value, float):
            if not value.is_integer():
                self.problem(
                    "CFG005",
                    node,
                    f"`{field.name}` of {label} is {excerpt(str(value))}, but it counts "
                    "people or contacts, so it is a whole number",
                    "Write a whole number, e.g. `412`.",
                    entity=entity,
                    field=path,
                )
                return _MISSING
            value = int(value)
        if value < 0:
            self.problem(
                "CFG005",
                node,
                f"`{field.name}` of {label} is negative ({value})",
                "A count is 0 or more.",
                entity=entity,
                field=path,
            )
            return _MISSING
        return value

    def _mapping(
        self, part: _Field, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        """A mapping of labels (LABELS), counts (COUNTS) or score counts (SCORES)."""
        field = part.spec
        kind = field.type
        wanted = {
            _LABELS: "a mapping of names to values, e.g. `{channel: phone}`",
            _COUNTS: "a mapping of names to counts, e.g. `{chasing progress: 40}`",
            _SCORES: "a mapping of scores to counts, e.g. `{10: 88, 9: 40}`",
        }[kind]
        if not isinstance(node, MappingNode):
            return self._wrong_type(field, node, label, wanted, entity, path)
        spots = self.into.spots(entity) if entity is not None else None
        found: list[tuple[Any, Any]] = []
        ok = True
        for key, value in node.items:
            name: Any = key.value
            where = f"{path}.{name.replace('.', '%2E')}"
            if spots is not None:
                spots[where] = self._at(value if value.line == key.line else key)
            if not name.strip():
                self.problem(
                    "CFG005",
                    key,
                    f"`{field.name}` of {label} has an empty name",
                    "Give each entry a name before its colon.",
                    entity=entity,
                    field=where,
                )
                ok = False
                continue
            if kind is _SCORES:
                if not (name.isascii() and name.isdigit() and 0 <= int(name) <= 10):
                    self.problem(
                        "CFG005",
                        key,
                        f"`{field.name}` of {label} holds {quoted(name)}, which is not a score: "
                        "scores run from 0 to 10",
                        "Write each score from 0 to 10 with how many gave it: `{10: 88, 9: 40}`.",
                        entity=entity,
                        field=where,
                    )
                    ok = False
                    continue
                name = int(name)
            if kind is _LABELS:
                text = self._scalar_text(field, value, label, entity, where)
                if text is _MISSING:
                    ok = False
                elif text is None or not str(text).strip():
                    self.problem(
                        "CFG006",
                        value,
                        f"`{field.name}` of {label} gives no value for {quoted(str(name))}",
                        "Give the value after the colon, e.g. `channel: phone`.",
                        entity=entity,
                        field=where,
                    )
                    ok = False
                else:
                    found.append((name, text))
                continue
            if isinstance(value, ScalarNode) and value.is_null:
                self.problem(
                    "CFG006",
                    value if value.value else key,
                    f"`{field.name}` of {label} gives no count for {quoted(str(name))}",
                    "Give how many after the colon, e.g. `" + excerpt(str(name)) + ": 40`.",
                    entity=entity,
                    field=where,
                )
                ok = False
                continue
            if (
                isinstance(value, ScalarNode)
                and value.plain
                and value.value.isdigit()
                and value.value.isascii()
                and len(value.value) <= _MAX_DIGITS
            ):
                found.append(_pair(name, int(value.value)))  # the common case: digits alone
                continue
            shown = _Field(attrs.evolve(field, name=f"{field.name}.{name}", type=_COUNT), object)
            count = self._count(shown, value, label, entity, where)
            if count is _MISSING:
                ok = False
            else:
                found.append((name, count))
        if not ok:
            return _MISSING
        return tuple(sorted(found, key=lambda pair: pair[0]))


#: What parse_period says of text in none of the forms; the message says it already.
_NOT_A_PERIOD = "it is not a period cfgov can read"


def _part_label(words: str, owner_label: str, path: str) -> str:
    """How messages name a part without an id, by its owner.

    A part with no words of its own (a period of a series) is named as its owner is:
    "`actual` of results of measure 'm'". An item of a list is named by its place:
    "`level` of component 2 of assessment 'a'".
    """
    if not words:
        return owner_label
    number = path.rpartition(".")[2]
    place = f" {int(number) + 1}" if number.isdigit() else ""
    return f"{words}{place} of {owner_label}"


def _one_of(spec: EntitySpec) -> str:
    """How a hint names one entry of a spec: "period", "step", "objective"."""
    return spec.one or spec.words or spec.name.replace("_", " ")


def _nested_field_hint(spec: EntitySpec, name: str) -> str | None:
    """For a field of a nested part written one level too high, where it goes.

    A journey's stages written as a flat list of steps (`channel:` on a stage), or
    `steps:` on a journey: the field is right, the level is not.
    """
    for part in spec.fields:
        nested = part.nested
        if part.type is FieldType.NESTED_LIST and nested is not None and nested.field(name):
            one, there = _one_of(nested), _one_of(spec)
            return (
                f"`{name}` is a field of {_an(one).lower()}, not of {_an(there).lower()}: "
                f"write each {one} under `{part.name}:` of the {there}, with its own fields "
                f"({', '.join(f.name for f in nested.fields)})."
            )
    return None


def _an(word: str) -> str:
    """The word with its indefinite article, capitalised: "A period", "An objective"."""
    vowel = word[:1] in "aeio" or (word[:1] == "u" and not word.startswith("uni"))
    return f"An {word}" if vowel else f"A {word}"


_READERS: dict[FieldType, _Reader] = {
    _ID: FileBuilder._text,
    _TEXT: FileBuilder._text,
    _REF: FileBuilder._text,
    _REFS: FileBuilder._items,
    _TEXTS: FileBuilder._items,
    _CHOICE: FileBuilder._choice,
    FieldType.CHOICES: FileBuilder._choices,
    _BOOL: FileBuilder._bool,
    _PRIORITY: FileBuilder._number,
    _NUMBER: FileBuilder._number,
    _DATE: FileBuilder._date,
    _NESTED: FileBuilder._nested,
    _NESTED_LIST: FileBuilder._nested_list,
    _SUPPRESSIONS: FileBuilder._suppressions,
    FieldType.COUNT: FileBuilder._count,
    FieldType.PERIOD: FileBuilder._period,
    FieldType.VALUE: FileBuilder._value,
    FieldType.LABELS: FileBuilder._mapping,
    FieldType.COUNTS: FileBuilder._mapping,
    FieldType.SCORES: FileBuilder._mapping,
}

#: Words people use for kinds of body or unit, and the word cfgov uses.
_KIND_SYNONYMS = {
    "council": "local_authority",
    "local_council": "local_authority",
    "local_government": "local_authority",
    "department": "ministerial_department",
    "ministry": "ministerial_department",
    "agency": "executive_agency",
    "ndpb": "non_departmental_public_body",
    "quango": "non_departmental_public_body",
    "devolved_government": "devolved_administration",
    "hr": "internal_service",
    "finance": "internal_service",
    "back_office": "internal_service",
    "policy": "policy_area",
    "front_line": "service",
    "minister's_office": "private_office",
    "ministers_office": "private_office",
}


def _choice_hint(field: FieldSpec, value: str) -> str:
    """Help for a word that is not allowed: the likely word, or the right collection."""
    allowed = "Use one of: " + ", ".join(field.choices) + "."
    if field.name == "kind":
        organisation_kinds = {k.value for k in ORGANISATION_KINDS}
        if value in organisation_kinds:
            return f"`{value}` is a kind of organisation: list this entry under `organisations:`."
        if value in {k.value for k in UnitKind}:
            return f"`{value}` is a kind of unit within a body: list this entry under `units:`."
        synonym = _KIND_SYNONYMS.get(value.strip().lower().replace(" ", "_").replace("-", "_"))
        if synonym in field.choices:
            return f"Did you mean `{synonym}`? {allowed}"
    if value.strip().isdigit() and field.choices == _LEVELS:
        return (
            "cfgov's scale is five words, lowest first: "
            + ", ".join(_LEVELS)
            + ". A number from another scale does not say which of them it is: "
            "docs/assessment.md says what each word means for each component."
        )
    numbered = _vocabulary_hint(field.choices, value)
    if numbered is not None:
        return f"{numbered} {allowed}"
    guess = did_you_mean(value, field.choices)
    return (f"Did you mean `{guess}`? " if guess else "") + allowed


def _words_hint(field: FieldSpec, text: str) -> str | None:
    """For several words written as one text (`speed, value`), the list to write."""
    parts = [p for p in re.split(r"\s*(?:[,;/]|\band\b|&)\s*", text.strip()) if p]
    words = [did_you_mean(p, field.choices) or p for p in parts]
    if len(words) < 2 or not all(w in field.choices for w in words):
        return None
    return (
        f"Write the words as a list: `[{', '.join(words)}]`. "
        "Use one of: " + ", ".join(field.choices) + "."
    )


def _vocabulary_hint(choices: tuple[str, ...], value: str) -> str | None:
    """For the report's numbered lists, the word for a number, a stage or a title.

    Higson and Sturgess number their ten steps and Barker his four components, and teams
    write the number or the title they know; cfgov's levels are words with no number.
    """
    words = value.strip().lower().replace("-", " ").replace("_", " ")
    if choices == _FEELINGS and words.isdigit() and 1 <= int(words) <= len(_FEELINGS):
        return (
            f"A feeling is a word: {int(words)} of {len(_FEELINGS)} is "
            f"`{_FEELINGS[int(words) - 1]}`, from `{_FEELINGS[0]}` (1) to "
            f"`{_FEELINGS[-1]}` ({len(_FEELINGS)})."
        )
    for noun, members in _NUMBERED:
        text = words.removeprefix(noun.lower()).strip()
        if tuple(word for word, _ in members) != choices:
            continue
        if text.isdigit() and 1 <= int(text) <= len(members):
            word, title = members[int(text) - 1]
            return f"{noun} {int(text)} is `{word}` ({title})."
        if noun == "Step" and words in {stage.value for stage in Stage}:
            steps = [f"`{step.value}`" for step in ProgrammeStep if step.stage.value == words]
            return f"`{words}` is a stage: its steps are {', '.join(steps[:-1])} and {steps[-1]}."
        titles = {title.lower(): word for word, title in members}
        found = difflib.get_close_matches(words, list(titles), n=1, cutoff=0.8)
        if found:
            return f"Did you mean `{titles[found[0]]}`?"
    return None


_LEVELS = tuple(level.value for level in Level)
_FEELINGS = tuple(feeling.value for feeling in Feeling)
#: The report's numbered lists, as (word, title) in order.
_NUMBERED = (
    ("Step", tuple((step.value, step.title) for step in ProgrammeStep)),
    ("Component", tuple((component.value, component.title) for component in Component)),
)


def _lower_first(text: str) -> str:
    """'The unit...' becomes 'the unit...'; '`target` for...' and 'PSA...' stay as they are."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _mapping_hint(spec: EntitySpec) -> str:
    required = [f.name for f in spec.fields if f.required]
    example = ", ".join(f"{name}: ..." for name in required) or "field: value"
    return f"Write the {spec.name} as fields, one per line, e.g. `{example}`."


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_SLASHED_DATE = re.compile(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})(?:[ T][0-9:.]+)?")
_DATE_AND_TIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[ T][0-9]{1,2}:[0-9]{2}(?::[0-9.]+)?Z?")
_MONTH_AND_YEAR = re.compile(r"([A-Za-z]+)\.?[-/ ]?([0-9]{2}|[0-9]{4})")
_FINANCIAL_YEAR = re.compile(r"FY ?([0-9]{2}|[0-9]{4})[-/]([0-9]{2}|[0-9]{4})", re.I)
_QUARTER_FIRST = re.compile(r"Q([1-4])[ -]?([0-9]{4})(?:([-/])([0-9]{2}))?", re.I)
_QUARTER_AFTER = re.compile(r"([0-9]{4})(?:([-/])([0-9]{2}))? ?-? ?Q([1-4])", re.I)
_CALENDAR_QUARTER = re.compile(r"([0-9]{4})-q([1-4])")
_CONSECUTIVE_YEARS = re.compile(r"([0-9]{4})/([0-9]{4})")
_SHORT_MONTH = re.compile(r"([0-9]{4})-([1-9])(?:-([0-9]{1,2}))?")
_YEAR_SLASH_MONTH = re.compile(r"([0-9]{4})[/.]([0-9]{1,2})")
_MONTH_SLASH_YEAR = re.compile(r"([0-9]{1,2})[/.]([0-9]{4})")
_SERIAL_DAY = re.compile(r"[0-9]{5}(?:\.0+)?")
_DAY_ZERO = datetime.date(1899, 12, 30)  # a spreadsheet's day 0, as its serial numbers count


def _date_hint(text: str) -> str | None:
    """For a date written in words or as a spreadsheet shows it, the form to write.

    Only the forms of :func:`_period_hint` that suggest a date (a month, a day), not a
    financial year or a quarter, which a date field does not take.
    """
    written = text.strip()
    for pattern, year, month in ((_YEAR_SLASH_MONTH, 1, 2), (_MONTH_SLASH_YEAR, 2, 1)):
        match = pattern.fullmatch(written)
        if match and 1 <= int(match[month]) <= 12:
            return f"Write the month as YYYY-MM: `{match[year]}-{int(match[month]):02d}`."
    dates = (_SLASHED_DATE, _DATE_AND_TIME, _MONTH_AND_YEAR, _SHORT_MONTH, _SERIAL_DAY)
    if any(pattern.fullmatch(written) for pattern in dates):
        return _period_hint(written)
    return None


def _period_hint(text: str) -> str | None:
    """For a period written as spreadsheets and reports often write them, the form to write.

    None for text parse_period reads, or writes as none of these. Nothing is guessed: a
    date whose day and month could be either way round is given both ways.
    """
    text = text.strip()
    if is_valid_period(text):
        return None
    if match := _CALENDAR_QUARTER.fullmatch(text):
        return f"Write the quarter with a capital Q: `{match[1]}-Q{match[2]}`."
    if match := _SLASHED_DATE.fullmatch(text):
        first, second, year = int(match[1]), int(match[2]), match[3]
        ways = [
            datetime.date(int(year), month, day)
            for day, month in ((first, second), (second, first))
            if _is_day(int(year), month, day)
        ]
        ways = list(dict.fromkeys(ways))
        if len(ways) == 2:
            return (
                "A date as a spreadsheet shows it, whose day and month could be either way "
                f"round: write `{ways[0].isoformat()}` for {_day_words(ways[0])}, or "
                f"`{ways[1].isoformat()}` for {_day_words(ways[1])} (YYYY-MM-DD). Formatting "
                "the column as text, or as YYYY-MM-DD, before saving keeps it so."
            )
        if ways:
            return (
                f"Write the date as YYYY-MM-DD: `{ways[0].isoformat()}` for {_day_words(ways[0])}."
            )
        return None
    if match := _DATE_AND_TIME.fullmatch(text):
        if is_valid_period(match[1]):
            return f"Write the day alone, without the time: `{match[1]}`."
        return None
    if (match := _MONTH_AND_YEAR.fullmatch(text)) and match[1].lower() in _MONTHS:
        year = match[2] if len(match[2]) == 4 else f"20{match[2]}"
        month = _MONTHS[match[1].lower()]
        return (
            f"Write the month as YYYY-MM: `{year}-{month:02d}` for "
            f"{_day_words(datetime.date(int(year), month, 1)).split(' ', 1)[1]}."
        )
    if match := _FINANCIAL_YEAR.fullmatch(text):
        begins = match[1] if len(match[1]) == 4 else f"20{match[1]}"
        ends = match[2][-2:]
        if is_valid_period(f"{begins}-{ends}"):
            return f"Write the financial year without `FY`: `{begins}-{ends}`."
        return None
    for pattern, year, separator, end, quarter in (
        (_QUARTER_FIRST, 2, 3, 4, 1),
        (_QUARTER_AFTER, 1, 2, 3, 4),
    ):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        start, number = match[year], match[quarter]
        if match[end]:
            financial = f"{start}{match[separator]}{match[end]}"
            if is_valid_period(financial):
                return (
                    "Write the financial year, a space and the quarter with a capital Q: "
                    f"`{financial} Q{number}`."
                )
            return None
        following = f"{int(start) + 1:04d}"[2:]
        return (
            f"Say which quarter: `{start}-Q{number}` for a quarter of the calendar year "
            f"(Q1 is January to March), or `{start}-{following} Q{number}` for a quarter of "
            "the financial year (Q1 is April to June)."
        )
    if match := _SHORT_MONTH.fullmatch(text):
        written = f"{match[1]}-0{match[2]}" + (f"-{int(match[3]):02d}" if match[3] else "")
        if is_valid_period(written):
            return f"Write the month with two digits: `{written}`."
        return None
    if _SERIAL_DAY.fullmatch(text) and 20_000 <= float(text) <= 80_000:
        day = _DAY_ZERO + datetime.timedelta(days=int(float(text)))
        return (
            f"{text} is how a spreadsheet stores the date {_day_words(day)}: format the "
            f"column as text, or as YYYY-MM-DD, before saving, and write `{day.isoformat()}`."
        )
    return None


def _two_years(text: str) -> str | None:
    """For ``2025/2026``, which reads as two calendar years but is often a financial
    year, the two ways to write it; None for any other text."""
    match = _CONSECUTIVE_YEARS.fullmatch(text)
    if match is None or int(match[2]) != int(match[1]) + 1:
        return None
    first, second = match[1], match[2]
    return (
        f"It could be the financial year {first}-{second[2:]} or the two calendar years "
        f"{first} and {second}: write `{first}/{second[2:]}` for the financial year, "
        f"or `{first}-01/{second}-12` for the two years."
    )


def _is_day(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _day_words(day: datetime.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _number_hint(text: str, field: FieldSpec) -> str | None:
    """A hint for the ways people commonly write a number that YAML cannot read as one."""
    digits = text.strip()
    number = digits[:-1].strip()
    if digits.endswith("%") and re.fullmatch(r"[0-9]+(\.[0-9]+)?", number):
        if field.name in ("target", "baseline"):  # a measure's, which has a `unit:`
            return (
                f"Write the number alone, `{excerpt(number)}`, and say what it counts in the "
                'measure\'s `unit:` (`unit: "%"`, with the quotes).'
            )
        return f"Write the number alone: `{excerpt(number)}`."

    money = re.fullmatch(r"(-?)\s*[£$€]\s*(-?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?", digits)
    if money and not (money[1] and money[2]):
        figure = f"{money[1] or money[2]}{money[3].replace(',', '')}{money[4] or ''}"
        return (
            f"Write the number alone: `{excerpt(figure)}`. The measure's `unit:` says what "
            'it counts (`unit: "£"`, with the quotes).'
        )
    if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", digits):
        plain, grouped = digits.replace(",", ""), digits.replace(",", "_")
        return f"Write it without commas: `{excerpt(plain)}` (or `{excerpt(grouped)}`)."
    words = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)\s*(million|m|thousand|k)", digits, re.I)
    if words:
        scale = 1_000_000 if words[2].lower() in ("million", "m") else 1_000
        whole = round(float(words[1]) * scale)
        return f"Write it in digits: `{whole}` for {excerpt(text.strip())}."
    return None


def _type_hint(field: FieldSpec) -> str:
    if field.type is FieldType.REFS:
        return "Write one id, or a list such as `[id-one, id-two]`."
    if field.type is FieldType.TEXTS:
        return "Write one item, or a list such as `[phone, online]`."
    if field.type is FieldType.CHOICES:
        return f"Write one word, or a list such as `[{', '.join(field.choices[:2])}]`."
    if field.type is FieldType.PRIORITY:
        return "Write a whole number such as `1` (the highest priority)."
    if field.type is FieldType.NUMBER:
        return "Write digits, e.g. `7700000` or `7_700_000` or `95.5`."
    if field.type is FieldType.COUNT:
        return f"{field.description} Write a whole number, e.g. `412`."
    if field.type is FieldType.NESTED_LIST:
        return "Put each entry on its own line starting with `- `."
    return f"{field.description}"
