"""Build model entities from parsed nodes, following :mod:`cfgov.io.format`.

Every problem is collected, located and phrased for the person who wrote the
file; a broken entry is skipped so the rest of the file is still checked.
"""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

import attrs

from cfgov.io.format import COLLECTION_ATTRIBUTES, COLLECTIONS, EntitySpec, FieldSpec, FieldType
from cfgov.io.nodes import (
    FALSE_WORDS,
    FLOAT_RE,
    INT_RE,
    SPECIAL_FLOAT_RE,
    TRUE_WORDS,
    AnyNode,
    MappingNode,
    ScalarNode,
    SequenceNode,
)
from cfgov.model import ORGANISATION_KINDS, Finding, Location, Severity, Suppression, UnitKind
from cfgov.model._fields import MAX_NUMBER, is_valid_date, is_valid_id

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
_RULE_CODE = re.compile(r"[A-Z][A-Z0-9]*[0-9]")
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
        self.positions: dict[tuple[str, str], Location] = {}
        #: Where each id was first defined, so a second definition can say where the first is.
        self.id_sites: dict[str, Location] = {}
        #: Ids whose entries could not be built: references to them are not reported again.
        self.broken_ids: set[str] = set()
        #: Files that could not be read or parsed at all: any id might have been in them.
        self.unreadable_files = 0


class _TooManyProblems(Exception):
    """Raised to stop reading a file once its problem limit is reached."""


class FileBuilder:
    """Builds the entities of one file into a shared :class:`Collected`."""

    def __init__(self, file: str, into: Collected, max_problems: int = 200) -> None:
        self.file = file
        self.into = into
        self.max_problems = max_problems
        self.problem_count = 0

    # -- problems -------------------------------------------------------------

    def _loc(self, node: AnyNode) -> Location:
        return Location(self.file, node.line, node.column)

    def problem(
        self,
        code: str,
        node: AnyNode,
        message: str,
        hint: str | None = None,
        *,
        entity: str | None = None,
        field: str | None = None,
    ) -> None:
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
                location=self._loc(node),
            )
        )

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
        for key, value in root.items:
            spec = COLLECTIONS.get(key.value)
            if spec is None:
                guess = did_you_mean(key.value, tuple(COLLECTIONS))
                self.into.unreadable_files += 1  # its entries might be what others refer to
                self.problem(
                    "CFG003",
                    key,
                    f"{key.value!r} is not a collection cfgov knows",
                    (f"Did you mean `{guess}`? " if guess else "")
                    + "A file may hold: "
                    + ", ".join(COLLECTIONS)
                    + ".",
                )
                continue
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
            for item in value.items:
                entity = self.build_entity(spec, item, collection=key.value)
                if entity is not None:
                    target.append(entity)

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
        where = f"an entry of `{collection}`" if collection else f"`{path}`"
        if not isinstance(node, MappingNode):
            self.problem(
                "CFG004",
                node,
                f"{where} must be a mapping of fields, but it is {node.kind}",
                _mapping_hint(spec),
                entity=owner,
                field=path or None,
            )
            return None

        entity_id = owner
        prefix = path
        if spec.has_id:
            entity_id, prefix = self._read_id(spec, node), ""
        label = _label(spec, entity_id, owner_label)
        self._place(spec, node, entity_id, owner, path)

        values: dict[str, Any] = {}
        failed: set[str] = set() if entity_id is not None or not spec.has_id else {"id"}
        written: dict[str, AnyNode] = {}
        for key, value in node.items:
            field = spec.field(key.value)
            field_path = f"{prefix}.{key.value}" if prefix else key.value
            if field is None:
                guess = self._unknown_field(spec, key, label, entity_id, prefix)
                failed.add(key.value)
                if guess is not None:
                    # The misspelling was reported with its correction: not "missing" too.
                    failed.add(guess)
                continue
            written[field.name] = value
            if field.type is FieldType.ID:
                if entity_id is not None:
                    values["id"] = entity_id
                continue  # read (and any problem reported) by _read_id
            if entity_id is not None:
                self._place_field(
                    key, value, entity_id, field_path, owner if spec.has_id else None, path
                )
            converted = self._convert(field, value, label, entity_id, field_path)
            if converted is _MISSING:
                failed.add(field.name)
            elif converted is not None:
                values[field.name] = converted

        if not any(key.value == "<<" for key, _ in node.items):
            # With a merge key the missing fields may be in the merged mapping; the merge
            # key itself is reported, and once written out the fields are checked.
            self._report_missing(spec, node, label, entity_id, prefix, values, failed, written)
        ok = not failed

        if spec.has_id and entity_id is not None and not self._claim_id(spec, node, entity_id):
            return None
        if not ok:
            if spec.has_id and entity_id is not None:
                self.into.broken_ids.add(entity_id)
            return None
        kind = spec.field("kind")
        if kind is not None and kind.default is not None and "kind" not in values:
            values["kind"] = kind.default
        try:
            return spec.cls(**values)
        except (TypeError, ValueError) as exc:  # the model's own validators, as a last resort
            self.problem("CFG005", node, f"{label}: {exc}", entity=entity_id)
            if spec.has_id and entity_id is not None:
                self.into.broken_ids.add(entity_id)
            return None

    def _place(
        self,
        spec: EntitySpec,
        node: MappingNode,
        entity_id: str | None,
        owner: str | None,
        path: str,
    ) -> None:
        """Record where an entity (or a nested part of one) was written."""
        # setdefault: a field's own position, already recorded by the entry that holds it
        # (at the key, for a block), wins over the nested mapping's first line.
        if entity_id is not None and spec.has_id:
            self.into.positions[(entity_id, "")] = self._loc(node)
            if owner is not None and path:
                self.into.positions.setdefault((owner, path), self._loc(node))
        elif entity_id is not None and path:
            self.into.positions.setdefault((entity_id, path), self._loc(node))

    def _place_field(
        self,
        key: ScalarNode,
        value: AnyNode,
        entity_id: str,
        field_path: str,
        owner: str | None,
        path: str,
    ) -> None:
        """Record where a field was written.

        A field is found at its value when that is on the key's line, and at the key when
        the value is a block below it (`size:` then `value:` lines). A measure's fields are
        also found from its objective: ("obj", "measures.0.kind") as well as ("m1", "kind").
        """
        placed = self._loc(value if value.line == key.line else key)
        self.into.positions[(entity_id, field_path)] = placed
        if owner is not None and path:
            self.into.positions[(owner, f"{path}.{field_path}")] = placed

    def _report_missing(
        self,
        spec: EntitySpec,
        node: MappingNode,
        label: str,
        entity_id: str | None,
        prefix: str,
        values: dict[str, Any],
        failed: set[str],
        written: dict[str, AnyNode],
    ) -> None:
        """Report required fields that are absent or empty (adding them to ``failed``)."""
        for field in spec.fields:
            if not field.required or field.name in values or field.name in failed:
                continue
            failed.add(field.name)
            field_path = f"{prefix}.{field.name}" if prefix else field.name
            if field.name in written:
                self.problem(
                    "CFG006",
                    written[field.name],
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
                return value.value
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

    def _claim_id(self, spec: EntitySpec, node: MappingNode, entity_id: str) -> bool:
        first = self.into.id_sites.get(entity_id)
        if first is None:
            self.into.id_sites[entity_id] = self._loc(node)
            return True
        id_node: AnyNode = next(v for k, v in node.items if k.value == "id")
        if (id_node.line, id_node.column) < (node.line, node.column):
            id_node = node  # the entry repeats an anchor (`*name`): point at the repeat
        self.problem(
            "CFG007",
            id_node,
            f"the id {entity_id!r} is already used by the entry at {first}",
            "Ids must be unique across every file of the model; rename one of the two.",
            entity=entity_id,
            field="id",
        )
        return False

    def _unknown_field(
        self, spec: EntitySpec, key: ScalarNode, label: str, entity_id: str | None, prefix: str
    ) -> str | None:
        """Report an unknown field; return the field it is probably a misspelling of."""
        names = tuple(f.name for f in spec.fields)
        guess = None
        if key.value == "<<":
            hint = "Merge keys (`<<:`) are not supported: write the fields out in full."
        else:
            guess = did_you_mean(key.value, names)
            hint = (f"Did you mean `{guess}`? " if guess else "") + (
                f"A {spec.name} may have: " + ", ".join(names) + "."
            )
        self.problem(
            "CFG003",
            key,
            f"{label} has a field {key.value!r} that cfgov does not know",
            hint,
            entity=entity_id,
            field=f"{prefix}.{key.value}" if prefix else key.value,
        )
        return guess

    # -- values -----------------------------------------------------------------

    def _convert(
        self, field: FieldSpec, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        """The value for a field, None when empty, or _MISSING after reporting a problem."""
        t = field.type
        if isinstance(node, ScalarNode) and node.is_null and t is not FieldType.ID:
            return None
        if t in (FieldType.TEXT, FieldType.REF, FieldType.ID):
            return self._scalar_text(field, node, label, entity, path)
        if t in (FieldType.REFS, FieldType.TEXTS):
            if isinstance(node, ScalarNode):
                return (node.value,)
            if isinstance(node, SequenceNode):
                items = []
                for i, item in enumerate(node.items):
                    text = self._scalar_text(field, item, label, entity, f"{path}.{i}")
                    if text is _MISSING:
                        return _MISSING
                    if entity is not None:
                        self.into.positions[(entity, f"{path}.{i}")] = self._loc(item)
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
            return self._wrong_type(
                field,
                node,
                label,
                "a list of ids" if t is FieldType.REFS else "a list of text items",
                entity,
                path,
            )
        if t is FieldType.CHOICE:
            return self._choice(field, node, label, entity, path)
        if t is FieldType.BOOL:
            return self._bool(field, node, label, entity, path)
        if t in (FieldType.NUMBER, FieldType.PRIORITY):
            return self._number(field, node, label, entity, path)
        if t is FieldType.DATE:
            return self._date(field, node, label, entity, path)
        if t is FieldType.NESTED:
            assert field.nested is not None
            if isinstance(node, ScalarNode) and field.shorthand is not None:
                inner = field.nested.field(field.shorthand)
                assert inner is not None
                inner = attrs.evolve(inner, name=field.name)
                value = self._convert(inner, node, label, entity, path)
                if value is _MISSING or value is None:
                    return _MISSING
                return field.nested.cls(**{field.shorthand: value})
            built = self.build_entity(
                field.nested, node, owner=entity, owner_label=label, path=path
            )
            return _MISSING if built is None else built
        if t is FieldType.SUPPRESSIONS:
            return self._suppressions(field, node, label, entity, path)
        if t is FieldType.NESTED_LIST:
            assert field.nested is not None
            if not isinstance(node, SequenceNode):
                return self._wrong_type(field, node, label, "a list of entries", entity, path)
            built_items = []
            failed = False
            for i, item in enumerate(node.items):
                built = self.build_entity(
                    field.nested, item, owner=entity, owner_label=label, path=f"{path}.{i}"
                )
                if built is None:
                    failed = True
                else:
                    built_items.append(built)
            return _MISSING if failed else tuple(built_items)
        raise AssertionError(t)  # pragma: no cover

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
            wanted = "an id" if field.type in (FieldType.REF, FieldType.REFS) else "text"
            return self._wrong_type(field, node, label, wanted, entity, path)
        if node.is_null or (field.required and not node.value.strip()):
            return None
        if node.comment_follows:
            comment = node.comment_follows
            self.problem(
                "CFG005",
                node,
                f"YAML reads `{comment}` as a comment, so `{field.name}` of {label} would be "
                f"cut short to {node.value!r}",
                f"If `{comment}` is part of the text, put the whole value in quotes; if it is "
                "a comment, put a space after the #.",
                entity=entity,
                field=path,
            )
            return _MISSING
        return node.value

    def _suppressions(
        self, field: FieldSpec, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        if not isinstance(node, MappingNode):
            return self._wrong_type(
                field, node, label, "a mapping of rule codes to reasons", entity, path
            )
        found: list[Suppression] = []
        ok = True
        for key, value in node.items:
            where = f"{path}.{key.value}"
            if entity is not None:
                self.into.positions[(entity, where)] = self._loc(key)
            if not _RULE_CODE.fullmatch(key.value):
                self.problem(
                    "CFG005",
                    key,
                    f"{key.value!r} under `ignore` of {label} is not a rule code",
                    "Rule codes are letters then digits, such as CFG106; `cfgov rules` lists them.",
                    entity=entity,
                    field=where,
                )
                ok = False
                continue
            reason = value.value if isinstance(value, ScalarNode) and not value.is_null else ""
            if not isinstance(value, ScalarNode) or not reason.strip():
                self.problem(
                    "CFG006",
                    value if not isinstance(value, ScalarNode) or value.value else key,
                    f"the suppression of {key.value} on {label} gives no reason",
                    f'Say why the advice does not apply: `{key.value}: "the reason"`.',
                    entity=entity,
                    field=where,
                )
                ok = False
                continue
            found.append(Suppression(key.value, reason))
        return tuple(found) if ok else _MISSING

    def _choice(
        self, field: FieldSpec, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        if not isinstance(node, ScalarNode):
            return self._wrong_type(field, node, label, "one word", entity, path)
        if node.value in field.choices:
            return node.value
        self.problem(
            "CFG005",
            node,
            f"`{field.name}` of {label} is {node.value!r}, which is not allowed",
            _choice_hint(field, node.value),
            entity=entity,
            field=path,
        )
        return _MISSING

    def _bool(
        self, field: FieldSpec, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
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
            f"`{field.name}` of {label} must be true or false, not {shown!r}",
            "Write `true` or `false`, without quotes." + extra,
            entity=entity,
            field=path,
        )
        return _MISSING

    def _number(
        self, field: FieldSpec, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        whole = field.type is FieldType.PRIORITY
        wanted = "a whole number" if whole else "a number"
        if not isinstance(node, ScalarNode):
            return self._wrong_type(field, node, label, wanted, entity, path)
        text = node.value
        if not node.plain:
            self.problem(
                "CFG004",
                node,
                f"`{field.name}` of {label} must be {wanted}, but it is quoted text ({text!r})",
                "Remove the quotes and write digits only, e.g. `7700000`.",
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
                f"`{field.name}` of {label} must be a finite number, not {text!r}",
                entity=entity,
                field=path,
            )
            return _MISSING
        else:
            self.problem(
                "CFG004",
                node,
                f"`{field.name}` of {label} must be {wanted}, not {text!r}",
                _type_hint(field),
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
                f"`{field.name}` of {label} is {text}, larger than any figure in a model needs",
                "Check the value; cfgov accepts numbers below 10^18.",
                entity=entity,
                field=path,
            )
            return _MISSING
        if whole and value < 1:
            self.problem(
                "CFG005",
                node,
                f"`priority` of {label} is {text}, but priorities start at 1",
                "Use 1 for the highest priority, 2 for the next, and so on.",
                entity=entity,
                field=path,
            )
            return _MISSING
        if field.non_negative and value < 0:
            self.problem(
                "CFG005",
                node,
                f"`{field.name}` of {label} is negative ({text})",
                "A count of people is 0 or more.",
                entity=entity,
                field=path,
            )
            return _MISSING
        return value

    def _date(
        self, field: FieldSpec, node: AnyNode, label: str, entity: str | None, path: str
    ) -> Any:
        if not isinstance(node, ScalarNode):
            return self._wrong_type(field, node, label, "a date", entity, path)
        if is_valid_date(node.value):
            return node.value
        if _DATE_RE.fullmatch(node.value):
            self.problem(
                "CFG005",
                node,
                f"`{field.name}` of {label} is {node.value!r}, which is not a day in the calendar",
                "Check the month and the day.",
                entity=entity,
                field=path,
            )
            return _MISSING
        self.problem(
            "CFG005",
            node,
            f"`{field.name}` of {label} is {node.value!r}, which is not a date cfgov can read",
            "Write YYYY, YYYY-MM or YYYY-MM-DD, e.g. `2002` or `2002-04`.",
            entity=entity,
            field=path,
        )
        return _MISSING


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
    guess = did_you_mean(value, field.choices)
    return (f"Did you mean `{guess}`? " if guess else "") + allowed


def _label(spec: EntitySpec, entity_id: str | None, owner_label: str | None) -> str:
    """How messages name an entry: "segment 'fp-employed'", "size of segment 'fp-employed'"."""
    words = spec.name.replace("_", " ")
    if spec.has_id:
        return f"{words} {entity_id!r}" if entity_id else words
    return f"{words} of {owner_label}" if owner_label else words


def _lower_first(text: str) -> str:
    """'The unit...' becomes 'the unit...'; '`target` for...' and 'PSA...' stay as they are."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _mapping_hint(spec: EntitySpec) -> str:
    required = [f.name for f in spec.fields if f.required]
    example = ", ".join(f"{name}: ..." for name in required) or "field: value"
    return f"Write the {spec.name} as fields, one per line, e.g. `{example}`."


def _type_hint(field: FieldSpec) -> str:
    if field.type is FieldType.REFS:
        return "Write one id, or a list such as `[id-one, id-two]`."
    if field.type is FieldType.TEXTS:
        return "Write one item, or a list such as `[phone, online]`."
    if field.type is FieldType.PRIORITY:
        return "Write a whole number such as `1` (the highest priority)."
    if field.type is FieldType.NUMBER:
        return "Write digits, e.g. `7700000` or `7_700_000` or `95.5`."
    if field.type is FieldType.NESTED_LIST:
        return "Put each entry on its own line starting with `- `."
    return f"{field.description}"
