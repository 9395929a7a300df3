"""Help while writing the model: completion, quick fixes and renaming an id.

Like :mod:`cfgov.lsp.navigation`, each function takes a snapshot and a place (lines
and columns from 0, in characters) and answers in the protocol's types. None of
them writes a file: each hands the editor the edits to make.
"""

from __future__ import annotations

import difflib
import re

from lsprotocol import types

from cfgov.io.format import COLLECTIONS, EntitySpec, FieldSpec, FieldType
from cfgov.lsp.convert import diagnostic, uri_of, utf16_column
from cfgov.lsp.cursor import TOP, list_owner, spec_at, target_at
from cfgov.lsp.index import Place, index_of, spec_of
from cfgov.lsp.navigation import lsp_range
from cfgov.lsp.workspace import Snapshot
from cfgov.lsp.yamltext import (
    lines_of,
    mapping_end,
    mapping_keys,
    shape,
    token_at,
    token_starting,
    yaml_scalar,
)
from cfgov.model import Finding
from cfgov.model._fields import is_valid_id

#: At most this many ids are offered at once; the list says it is incomplete past that.
COMPLETION_LIMIT = 200

#: Characters after which the editor asks for completion again.
TRIGGER_CHARACTERS = [":", " ", "-", "[", ","]

#: The reason an ``ignore:`` added by a quick fix gives, for the team to replace.
REASON_PLACEHOLDER = "reason: say why this advice does not apply here"

_VALUE = re.compile(
    r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][A-Za-z0-9_]*) *: +(?P<value>.*)$"
)
_ITEM = re.compile(r"^(?P<indent> *)- +(?P<typed>[^:\[\]{}#,]*)$")
_KEY = re.compile(r"^(?P<indent> *)(?P<typed>[A-Za-z0-9_]*)$")
_DID_YOU_MEAN = re.compile(r"Did you mean `([^`]+)`\?")


# -- completion ---------------------------------------------------------------------


def completion(
    snapshot: Snapshot, file: str, line: int, column: int
) -> types.CompletionList | None:
    """What may be written at the cursor: ids of the kind a reference field takes, the
    words a field allows, or the fields an entry may have and does not have yet."""
    text = snapshot.texts.get(file)
    if text is None:
        return None
    lines = lines_of(text)
    if line == len(lines):
        lines.append("")
    if not 0 <= line < len(lines):
        return None
    before = lines[line][:column]
    value = _VALUE.match(before)
    if value is not None:
        key_column = len(value["indent"]) + len(value["dash"] or "")
        mapping = spec_at(lines, line, key_column)
        field = mapping.field(value["key"]) if mapping is not None else None
        typed = value["value"]
        listed = typed.lstrip().startswith("[")
        if listed:
            typed = re.split(r"[\[,]", typed)[-1]
        typed = typed.lstrip().lstrip("'\"")
        if field is None:
            return None
        return _values(snapshot, field, typed, line, column, lines[line])
    item = _ITEM.match(before)
    if item is not None:
        owner = list_owner(lines, line)
        if owner is not None:
            above = shape(lines[owner])
            holder = spec_at(lines, owner, above.column)
            field = holder.field(above.key) if holder is not None and above.key else None
            if field is not None and field.nested is None:
                typed = item["typed"].lstrip("'\"")
                return _values(snapshot, field, typed, line, column, lines[line])
        content = len(before) - len(item["typed"])
        return _fields(lines, line, content, item["typed"], column)
    key = _KEY.match(before)
    if key is not None:
        return _fields(lines, line, len(key["indent"]), key["typed"], column)
    return None


def _values(
    snapshot: Snapshot, field: FieldSpec, typed: str, line: int, column: int, content: str
) -> types.CompletionList | None:
    start = column - len(typed)
    edit_range = types.Range(
        types.Position(line, utf16_column(content, start)),
        types.Position(line, utf16_column(content, column)),
    )
    items: list[types.CompletionItem] = []
    incomplete = False
    if field.type in (FieldType.REF, FieldType.REFS) and field.ref is not None:
        found, incomplete = index_of(snapshot).ids_starting(field.ref, typed, COMPLETION_LIMIT)
        for number, (entity_id, name) in enumerate(found):
            items.append(
                types.CompletionItem(
                    label=entity_id,
                    kind=types.CompletionItemKind.Reference,
                    detail=f"{field.ref}: {name}",
                    sort_text=f"{number:06d}",
                    text_edit=types.TextEdit(edit_range, yaml_scalar(entity_id)),
                )
            )
    elif field.type in (FieldType.CHOICE, FieldType.CHOICES):
        for word in field.choices:
            if word.startswith(typed):
                items.append(
                    types.CompletionItem(
                        label=word,
                        kind=types.CompletionItemKind.EnumMember,
                        detail=f"{field.name}",
                        text_edit=types.TextEdit(edit_range, word),
                    )
                )
    elif field.type is FieldType.BOOL:
        for word in ("true", "false"):
            if word.startswith(typed):
                items.append(
                    types.CompletionItem(
                        label=word,
                        kind=types.CompletionItemKind.Value,
                        text_edit=types.TextEdit(edit_range, word),
                    )
                )
    else:
        return None
    return types.CompletionList(is_incomplete=incomplete, items=items)


def _fields(
    lines: list[str], line: int, key_column: int, typed: str, column: int
) -> types.CompletionList | None:
    mapping = spec_at(lines, line, key_column)
    if mapping is None:
        return None
    written = mapping_keys(lines, line, key_column)
    content = lines[line]
    edit_range = types.Range(
        types.Position(line, utf16_column(content, column - len(typed))),
        types.Position(line, utf16_column(content, column)),
    )
    choices: list[tuple[str, str, str]]
    if mapping is TOP:
        choices = [(name, "collection", spec.description) for name, spec in COLLECTIONS.items()]
    else:
        choices = [
            (f.name, _type_words(f) + (", required" if f.required else ""), f.description)
            for f in mapping.fields
        ]
    items = [
        types.CompletionItem(
            label=name,
            kind=types.CompletionItemKind.Property,
            detail=detail,
            documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=about),
            sort_text=f"{number:03d}",
            text_edit=types.TextEdit(
                edit_range, f"{name}:" + ("" if _block(mapping, name) else " ")
            ),
        )
        for number, (name, detail, about) in enumerate(choices)
        if name not in written and name.startswith(typed)
    ]
    return types.CompletionList(is_incomplete=False, items=items)


def _block(mapping: EntitySpec, name: str) -> bool:
    if mapping is TOP:
        return True
    field = mapping.field(name)
    return field is not None and field.type in (FieldType.NESTED_LIST, FieldType.SUPPRESSIONS)


def _type_words(field: FieldSpec) -> str:
    if field.ref is not None:
        return f"{field.type.value} of {field.ref}" if field.type is FieldType.REFS else field.ref
    return field.type.value


# -- quick fixes ------------------------------------------------------------------------


def code_actions(snapshot: Snapshot, file: str, asked: types.Range) -> list[types.CodeAction]:
    """Quick fixes for the findings in the range asked: the did-you-mean fixes cfgov
    suggests, quotes round a value that needs them, and ``ignore:`` for rule advice."""
    text = snapshot.texts.get(file)
    if text is None:
        return []
    lines = lines_of(text)
    actions: list[types.CodeAction] = []
    for finding in snapshot.findings_in(file):
        where = finding.location
        if where is None or where.line is None or where.sheet is not None:
            continue
        line = where.line - 1
        if not asked.start.line <= line <= asked.end.line or line >= len(lines):
            continue
        shown = diagnostic(finding, text, snapshot)
        for title, edits, preferred in _fixes(snapshot, finding, lines, line):
            actions.append(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[shown],
                    is_preferred=preferred,
                    edit=types.WorkspaceEdit(changes=edits),
                )
            )
    return actions


_Fix = tuple[str, dict[str, list[types.TextEdit]], bool]


def _fixes(snapshot: Snapshot, finding: Finding, lines: list[str], line: int) -> list[_Fix]:
    assert finding.location is not None
    file = finding.location.file
    content = lines[line]
    column = (finding.location.column or 1) - 1
    hint = finding.hint or ""
    fixes: list[_Fix] = []
    meant = _DID_YOU_MEAN.search(hint)
    if meant is not None:
        token = token_starting(content, column) or token_at(content, column)
        if token is not None and _alike(token.value, meant[1]):
            quote = content[token.start] if token.quoted else ""
            written = _written_like(quote, meant[1]) if not token.is_key else meant[1]
            fixes.append(
                (
                    f"Change '{token.value}' to '{meant[1]}'",
                    {uri_of(file): [_edit(content, line, token.start, token.end, written)]},
                    True,
                )
            )
    if "in quotes" in hint and _number(finding.code) < 100:
        quoted = _quote_fix(content, hint)
        if quoted is not None:
            start, end, written = quoted
            fixes.append(
                (
                    "Put the value in quotes",
                    {uri_of(file): [_edit(content, line, start, end, written)]},
                    finding.code == "CFG005",
                )
            )
    if _number(finding.code) >= 100 and finding.entity is not None:
        added = _ignore_fix(snapshot, finding.entity, finding.code)
        if added is not None:
            fixes.append(
                (
                    f"Ignore {finding.code} for '{finding.entity}' (then write the reason)",
                    {uri_of(added[0]): [added[1]]},
                    False,
                )
            )
    return fixes


def _alike(written: str, meant: str) -> bool:
    """Whether ``meant`` could be what ``written`` was meant to be: a near spelling, so
    that a hint about something else on the line never replaces the wrong word."""
    if written == meant:
        return False
    return difflib.SequenceMatcher(None, written.lower(), meant.lower()).ratio() >= 0.6


def _number(code: str) -> int:
    digits = code[3:] if code.startswith("CFG") else ""
    return int(digits) if digits.isdigit() else -1


def _edit(content: str, line: int, start: int, end: int, text: str) -> types.TextEdit:
    return types.TextEdit(
        types.Range(
            types.Position(line, utf16_column(content, start)),
            types.Position(line, utf16_column(content, end)),
        ),
        text,
    )


def _written_like(quote: str, value: str) -> str:
    """``value`` in the quotes the value it replaces had (``'``, ``"`` or none)."""
    if quote == "'":
        return "'" + value.replace("'", "''") + "'"
    if quote == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return yaml_scalar(value)


_SUGGESTED = re.compile(r"`(?P<key>[^`:]+): (?P<written>[\"'][^`]*[\"'])`")


def _quote_fix(content: str, hint: str) -> tuple[int, int, str] | None:
    """The value of the line, and how it reads in quotes: as the hint writes it when it
    shows it whole, else in double quotes."""
    layout = shape(content)
    if layout.key is not None:
        keyed = re.match(r"^( *(?:- +)?)(?:[^:]+?) *: +", content)
        if keyed is None:
            return None
        start = keyed.end()
    elif layout.dash:
        start = layout.column
    else:
        return None
    value = content[start:].rstrip()
    if not value:
        return None
    suggested = _SUGGESTED.search(hint)
    if suggested is not None and suggested["key"] == layout.key:
        return start, start + len(value), suggested["written"]
    inner = value
    if len(value) > 1 and value[0] in "'\"" and value[-1] == value[0]:
        inner = value[1:-1]
    return start, start + len(value), '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ignore_fix(snapshot: Snapshot, entity_id: str, code: str) -> tuple[str, types.TextEdit] | None:
    """An ``ignore:`` of ``code`` for the entry, with a reason to fill in, added under it
    (or to the ``ignore:`` it has)."""
    model, sources = snapshot.model, snapshot.sources
    entity = model.get(entity_id) if model is not None else None
    spec = spec_of(entity) if entity is not None else None
    if sources is None or spec is None or spec.field("ignore") is None:
        return None
    where = sources.locate(entity_id)
    if where is None or where.line is None or where.column is None or where.sheet is not None:
        return None
    text = snapshot.texts.get(where.file)
    if text is None:
        return None
    lines = lines_of(text)
    first, column = where.line - 1, where.column - 1
    if first >= len(lines) or lines[first][:column].rstrip().endswith("{"):
        return None  # an entry written as a flow mapping, `- {id: x, ...}`: left to the team
    entry = f'{code}: "{REASON_PLACEHOLDER}"'
    last = mapping_end(lines, first, column)
    for number in range(first, last + 1):
        layout = shape(lines[number])
        if layout.column != column or layout.key != "ignore" or (number > first and layout.dash):
            continue
        if layout.value.startswith("{") and layout.value.endswith("}"):
            content = lines[number]
            close = content.rstrip().rfind("}")
            if code in layout.value:
                return None
            glue = "" if layout.value[1:-1].strip() == "" else ", "
            return where.file, _edit(content, number, close, close, glue + entry)
        if layout.value:
            return None
        inner, indent = number, column + 2
        for below in range(number + 1, len(lines)):
            under = shape(lines[below])
            if under.blank:
                continue
            if under.indent <= column:
                break
            if inner == number:
                indent = under.indent
            if under.indent == indent and under.key == code:
                return None  # already ignored
            inner = below
        content = lines[inner]
        return where.file, _edit(
            content, inner, len(content), len(content), "\n" + " " * indent + entry
        )
    content = lines[last]
    block = "\n" + " " * column + "ignore:\n" + " " * (column + 2) + entry
    return where.file, _edit(content, last, len(content), len(content), block)


# -- renaming -----------------------------------------------------------------------------


class RenameRefused(ValueError):
    """A rename cfgov will not make, with the reason in plain words."""


def prepare_rename(snapshot: Snapshot, file: str, line: int, column: int) -> types.Range | None:
    """The range of the id under the cursor, when it names an entry that can be renamed."""
    target = _renamable(snapshot, file, line, column)
    return None if target is None else lsp_range(snapshot, target)


def _renamable(snapshot: Snapshot, file: str, line: int, column: int) -> Place | None:
    target = target_at(snapshot, file, line, column)
    model = snapshot.model
    if target is None or model is None or model.get(target.id) is None:
        return None
    if model.canonical_id(target.id) != target.id:
        return None  # a unit's other id: renaming it would rename the unit's own
    return target.place


def rename(
    snapshot: Snapshot, file: str, line: int, column: int, new_id: str
) -> types.WorkspaceEdit | None:
    """Edits that rename the id under the cursor where it is declared and everywhere it
    is used; :class:`RenameRefused` for a new id that is not one or is taken."""
    place = _renamable(snapshot, file, line, column)
    model = snapshot.model
    if place is None or model is None:
        return None
    target = target_at(snapshot, file, line, column)
    assert target is not None
    old = target.id
    if not is_valid_id(new_id) or new_id != new_id.strip() or "\n" in new_id:
        raise RenameRefused(
            f"{new_id!r} cannot be an id: an id needs at least one visible character and "
            "no spaces at either end or line breaks."
        )
    if new_id == old:
        return types.WorkspaceEdit(changes={})
    taken = model.get(new_id)
    if taken is not None:
        raise RenameRefused(
            f"The id {new_id!r} is already used by the {model.kind_of(new_id)} "
            f"{getattr(taken, 'name', None) or getattr(taken, 'statement', '')!r}: ids must be "
            "unique across the whole model. Choose another."
        )
    if not snapshot.current:
        raise RenameRefused(
            "cfgov cannot rename while the model does not hold together or a file has "
            "problems of its own: uses in that file could be missed. Fix the problems "
            "shown, then rename."
        )
    index = index_of(snapshot)
    places = list(index.references(old))
    declared = index.declaration(old)
    if declared is not None:
        places.append(declared)
    changes: dict[str, list[types.TextEdit]] = {}
    for found in sorted(set(places)):
        name, number, start, end = found
        content = lines_of(snapshot.texts[name])[number]
        written = content[start:end]
        if name.lower().endswith(".csv"):
            new_text = new_id if "," not in new_id and '"' not in new_id else None
        else:
            new_text = _written_like(written[:1] if written[:1] in ("'", '"') else "", new_id)
        if new_text is None:
            raise RenameRefused(
                f"{new_id!r} holds a comma or a quote, which cannot be written in the CSV "
                f"file {name}. Choose another."
            )
        changes.setdefault(uri_of(name), []).append(_edit(content, number, start, end, new_text))
    return types.WorkspaceEdit(changes=changes)
