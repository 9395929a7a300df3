"""What is under the editor's cursor: which field of which kind of entry, read from the
text as it is now (so an entry being typed, not in the model yet, is understood too),
and the id written there.

Lines and columns count from 0, in characters; :mod:`cfgov.lsp.convert` turns the
protocol's UTF-16 columns into these.
"""

from __future__ import annotations

import attrs

from cfgov.io.format import COLLECTIONS, EntitySpec, FieldSpec, FieldType
from cfgov.lsp.index import Place, index_of
from cfgov.lsp.workspace import Snapshot
from cfgov.lsp.yamltext import Token, keys_above, lines_of, shape, tokens

#: The mapping at the top of a file, whose keys are the collections.
TOP = EntitySpec(name="file", cls=object, description="A model file.", fields=())


def mapping_spec(keys: list[str] | None) -> EntitySpec | None:
    """The spec of the mapping the keys lead to (:data:`TOP` for none), or None."""
    if keys is None:
        return None
    if not keys:
        return TOP
    spec = COLLECTIONS.get(keys[0])
    for key in keys[1:]:
        if spec is None:
            return None
        field = spec.field(key)
        if field is None or field.nested is None:
            return None
        spec = field.nested
    return spec


def spec_at(lines: list[str], line: int, column: int) -> EntitySpec | None:
    """The spec of the block mapping whose keys are at ``column`` and that holds ``line``."""
    return mapping_spec(keys_above(lines, line, column))


def list_owner(lines: list[str], line: int) -> int | None:
    """The line of the key that holds the block list whose item starts on ``line``."""
    here = shape(lines[line])
    for number in range(line - 1, -1, -1):
        above = shape(lines[number])
        if (
            above.blank
            or above.column > here.indent
            or (above.dash and above.indent == here.indent)
        ):
            continue
        if above.key is not None and not above.value:
            return number
        return None
    return None


@attrs.frozen
class Spot:
    """A value under the cursor: the token, the field it is written in (as the spec of
    the mapping and the field's spec), and whether it is an item of a list."""

    token: Token
    mapping: EntitySpec
    field: FieldSpec


def value_at(lines: list[str], line: int, column: int) -> Spot | None:
    """The value under the cursor, when it is written in a field the format knows."""
    if not 0 <= line < len(lines):
        return None
    content = lines[line]
    found = tokens(content)
    token = next((t for t in found if t.start <= column <= t.end), None)
    if token is None or token.is_key:
        return None
    key = next((t for t in reversed(found) if t.is_key and t.start < token.start), None)
    layout = shape(content)
    if key is not None:
        key_column = key.start
        if key_column != layout.column:  # a key of a flow mapping: `- {measure: m, ...}`
            if content[layout.column : layout.column + 1] != "{":
                return None
            key_column = layout.column
        mapping = spec_at(lines, line, key_column)
        if mapping is None:
            return None
        field = mapping.field(key.value)
    elif not layout.dash:  # perhaps an item of a flow list begun on a line above
        opened = _flow_key(lines, line)
        if opened is None:
            return None
        number, key = opened
        token = next((t for t in tokens(content, 1) if t.start <= column <= t.end), None)
        if token is None:
            return None
        mapping = spec_at(lines, number, key.start)
        if mapping is None:
            return None
        field = mapping.field(key.value)
    else:  # an item of a block list: `- council-aim-clean`
        owner = list_owner(lines, line)
        if owner is None:
            return None
        above = shape(lines[owner])
        mapping = spec_at(lines, owner, above.column)
        if mapping is None or above.key is None:
            return None
        field = mapping.field(above.key)
    if field is None:
        return None
    return Spot(token, mapping, field)


#: How many lines up a flow list (``[a,\n b]``) is followed to its key.
FLOW_LINES = 50


def _flow_key(lines: list[str], line: int) -> tuple[int, Token] | None:
    """The line and key of a flow list left open above ``line`` (``segments: [a,``)."""
    depth = 0
    for number in range(line - 1, max(line - FLOW_LINES, 0) - 1, -1):
        content = lines[number]
        found = tokens(content)
        key = next((t for t in found if t.is_key), None)
        tail = content[key.end :] if key is not None else content
        depth += tail.count("[") - tail.count("]")
        if depth > 0 and key is not None and tail.lstrip(" :").startswith("["):
            return number, key
        if key is not None or shape(content).dash:
            return None
    return None


def is_reference(spot: Spot) -> bool:
    """Whether the value is an id in a reference field."""
    return spot.field.type in (FieldType.REF, FieldType.REFS) and spot.field.ref is not None


@attrs.frozen
class Target:
    """An id under the cursor: the id, where it is written, and whether it is the entry's
    own ``id:`` (its declaration) or a reference to it, with the kind the field takes."""

    id: str
    place: Place
    declaration: bool
    kind: str | None


def target_at(snapshot: Snapshot, file: str, line: int, column: int) -> Target | None:
    """The id under the cursor, in a reference field or an entry's ``id:``."""
    text = snapshot.texts.get(file)
    if text is None:
        return None
    lines = lines_of(text)
    spot = value_at(lines, line, column)
    if spot is None:
        return None
    token = spot.token
    place = (file, line, token.start, token.end)
    if spot.field.type is FieldType.ID:
        model = snapshot.model
        kind = model.kind_of(token.value) if model is not None else None
        declared = index_of(snapshot).declaration(token.value)
        if declared is not None and declared != place:
            return None  # another entry's id, or a copy of the id that the model did not take
        return Target(token.value, place, declaration=True, kind=kind)
    if is_reference(spot):
        return Target(token.value, place, declaration=False, kind=spot.field.ref)
    return None
