"""Finding one's way round the model: go to definition, find references, hover, and the
symbols of a file and of the workspace.

Each function takes a snapshot and a place (a file, a line and a column from 0, in
characters) and answers in the protocol's types, with UTF-16 columns; an answer of
None or nothing where there is nothing to say, never an exception.
"""

from __future__ import annotations

from lsprotocol import types

from cfgov.lsp.convert import line_of, uri_of, utf16_column
from cfgov.lsp.cursor import spec_at, target_at
from cfgov.lsp.index import Place, index_of, name_of
from cfgov.lsp.workspace import Snapshot
from cfgov.lsp.yamltext import lines_of, token_at
from cfgov.model import Measure, OutcomeObjective, Segment, ServiceStandard, Unit
from cfgov.model.model import KIND_NAMES

#: At most this many entries are listed by a workspace symbol search.
SYMBOL_LIMIT = 200

_SYMBOL_KINDS = {
    "unit": types.SymbolKind.Namespace,
    "aim": types.SymbolKind.Event,
    "stakeholder": types.SymbolKind.Interface,
    "segment": types.SymbolKind.Class,
    "partner": types.SymbolKind.Struct,
    "objective": types.SymbolKind.Object,
    "measure": types.SymbolKind.Field,
    "principle": types.SymbolKind.Package,
    "service standard": types.SymbolKind.Property,
    "assessment": types.SymbolKind.Enum,
    "initiative": types.SymbolKind.Function,
    "journey": types.SymbolKind.Method,
}


def lsp_range(snapshot: Snapshot, place: Place) -> types.Range:
    """A place as the protocol's range, its columns in UTF-16 units."""
    file, line, start, end = place
    text = line_of(snapshot.texts.get(file), line)
    return types.Range(
        types.Position(line, utf16_column(text, start)),
        types.Position(line, utf16_column(text, end)),
    )


def lsp_location(snapshot: Snapshot, place: Place) -> types.Location:
    return types.Location(uri=uri_of(place[0]), range=lsp_range(snapshot, place))


def definition(snapshot: Snapshot, file: str, line: int, column: int) -> list[types.Location]:
    """Where the id under the cursor is declared (its entry's ``id:``), in any file."""
    target = target_at(snapshot, file, line, column)
    if target is None:
        return []
    if target.declaration:
        return [lsp_location(snapshot, target.place)]
    declared = index_of(snapshot).declaration(target.id)
    return [] if declared is None else [lsp_location(snapshot, declared)]


def references(
    snapshot: Snapshot, file: str, line: int, column: int, *, declaration: bool = False
) -> list[types.Location]:
    """Every place the id under the cursor is used, with its declaration if asked."""
    target = target_at(snapshot, file, line, column)
    if target is None:
        return []
    index = index_of(snapshot)
    places = list(index.references(target.id))
    if declaration:
        declared = index.declaration(target.id)
        if declared is not None:
            places.insert(0, declared)
    return [lsp_location(snapshot, p) for p in places]


def describe(snapshot: Snapshot, entity_id: str) -> str | None:
    """The entry named by ``entity_id`` in a few lines of Markdown: its name and kind,
    its owner unit, its lineage (for a segment) and its objectives."""
    model = snapshot.model
    entity = None if model is None else model.get(entity_id)
    if model is None or entity is None:
        return None
    kind = KIND_NAMES[type(entity)]
    lines = [f"**{_md(name_of(entity))}**", "", f"{kind} `{entity.id}`"]
    owner = _owner_unit(snapshot, entity)
    if owner is not None:
        lines.append(f"owned by {_md(name_of(owner))} (`{owner.id}`)")
    if isinstance(entity, Unit):
        parents = model.parents_of(entity.id)
        if parents:
            lines.append("under " + ", ".join(f"{_md(p.name)} (`{p.id}`)" for p in parents))
    if isinstance(entity, Segment):
        lineage = model.lineage_of(entity.id)
        if len(lineage) > 1:
            lines.append("lineage: " + " → ".join(_md(s.name) for s in lineage))
        objectives = model.objectives_for(entity.id)
        measures = sum(len(o.measures) for o in objectives)
        if objectives:
            first = _md(_short(objectives[0].statement))
            more = f" and {len(objectives) - 1} more" if len(objectives) > 1 else ""
            lines.append(
                f"{_count(len(objectives), 'objective')} with "
                f"{_count(measures, 'measure')}: {first}{more}"
            )
        else:
            lines.append("no outcome objective is set for it yet")
    if isinstance(entity, OutcomeObjective):
        lines.append(
            f"for {_count(len(entity.segments), 'segment')}, "
            f"with {_count(len(entity.measures), 'measure')}"
        )
    if isinstance(entity, Measure):
        held = model.owner_of(entity.id)
        lines.append(f"measures {_md(_short(held.statement))} (`{held.id}`)")
    return "  \n".join(lines)


def _owner_unit(snapshot: Snapshot, entity: object) -> Unit | None:
    model = snapshot.model
    assert model is not None
    unit_id = getattr(entity, "unit", None)
    if isinstance(entity, Measure):
        entity = model.owner_of(entity.id)
        if isinstance(entity, ServiceStandard):
            return None
    if isinstance(entity, OutcomeObjective):
        unit_id = entity.unit
        if unit_id is None and entity.segments:
            segment = model.get(entity.segments[0])
            unit_id = getattr(segment, "unit", None)
    if not isinstance(unit_id, str):
        return None
    found = model.get(unit_id)
    return found if isinstance(found, Unit) else None


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def _short(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _md(text: str) -> str:
    """Text safe to show as Markdown: its marks shown as written."""
    for mark in "\\`*_[]<>#|":
        text = text.replace(mark, "\\" + mark)
    return text


def hover(snapshot: Snapshot, file: str, line: int, column: int) -> types.Hover | None:
    """What the id under the cursor names (see :func:`describe`)."""
    target = target_at(snapshot, file, line, column)
    if target is None:
        return _field_help(snapshot, file, line, column)
    text = describe(snapshot, target.id)
    if text is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
        range=lsp_range(snapshot, target.place),
    )


def _field_help(snapshot: Snapshot, file: str, line: int, column: int) -> types.Hover | None:
    """On a field's name: what the field is for, as the format reference says."""
    text = snapshot.texts.get(file)
    if text is None:
        return None
    lines = lines_of(text)
    token = token_at(lines[line], column) if 0 <= line < len(lines) else None
    if token is None or not token.is_key:
        return None
    mapping = spec_at(lines, line, token.start)
    field = mapping.field(token.value) if mapping is not None else None
    if mapping is None or field is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown,
            value=f"`{field.name}` of a {mapping.name.replace('_', ' ')}: {field.description}",
        ),
        range=lsp_range(snapshot, (file, line, token.start, token.end)),
    )


def document_symbols(snapshot: Snapshot, file: str) -> list[types.DocumentSymbol]:
    """The entries declared in ``file``, with their measures and standards inside them."""
    index = index_of(snapshot)
    declared = index.declared_in(file)
    text = snapshot.texts.get(file)
    if not declared or text is None:
        return []
    lines = lines_of(text)
    model = snapshot.model
    assert model is not None
    made: dict[str, types.DocumentSymbol] = {}
    children: dict[str, list[types.DocumentSymbol]] = {}
    ends = _symbol_ends(lines, [s.line for s in declared])
    for symbol, end in zip(declared, ends, strict=False):
        place = index.declaration(symbol.id)
        start = types.Position(symbol.line, 0)
        whole = types.Range(start, types.Position(end, utf16_column(lines[end], len(lines[end]))))
        chosen = lsp_range(snapshot, place) if place is not None else types.Range(start, start)
        if not _inside(chosen, whole):
            chosen = types.Range(start, start)
        made[symbol.id] = types.DocumentSymbol(
            name=symbol.id,
            detail=f"{symbol.kind}: {_short(symbol.name, 80)}",
            kind=_SYMBOL_KINDS.get(symbol.kind, types.SymbolKind.Object),
            range=whole,
            selection_range=chosen,
            children=children.setdefault(symbol.id, []),
        )
    nested: set[str] = set()
    for symbol in reversed(declared):  # the inner first, so that their ranges are whole
        entity = model.get(symbol.id)
        inner = (
            entity.measures
            if isinstance(entity, OutcomeObjective)
            else entity.targets
            if isinstance(entity, ServiceStandard)
            else getattr(entity, "standards", ())
        )
        parent = made[symbol.id]
        for child in inner:
            found = made.get(child.id)
            if found is not None and child.id not in nested:
                nested.add(child.id)
                children[symbol.id].append(found)
                if found.range.end.line > parent.range.end.line:
                    parent.range = types.Range(parent.range.start, found.range.end)
    return [made[s.id] for s in declared if s.id not in nested]


def _inside(inner: types.Range, outer: types.Range) -> bool:
    return (inner.start.line, inner.start.character) >= (
        outer.start.line,
        outer.start.character,
    ) and (
        inner.end.line,
        inner.end.character,
    ) <= (outer.end.line, outer.end.character)


def _symbol_ends(lines: list[str], starts: list[int]) -> list[int]:
    """The last line of each entry: the last written line before the next entry starts."""
    ends = []
    for number, start in enumerate(starts):
        stop = starts[number + 1] if number + 1 < len(starts) else len(lines)
        end = max(start, min(stop, len(lines)) - 1)
        while end > start and (not lines[end].strip() or lines[end].lstrip().startswith("#")):
            end -= 1
        ends.append(min(end, len(lines) - 1))
    return ends


def workspace_symbols(snapshot: Snapshot, query: str) -> list[types.WorkspaceSymbol]:
    """Entries whose id or name holds ``query``, in any case, at most :data:`SYMBOL_LIMIT`."""
    index = index_of(snapshot)
    found = []
    for entity_id, name, kind in index.search(query, SYMBOL_LIMIT):
        place = index.declaration(entity_id)
        if place is None:
            continue
        found.append(
            types.WorkspaceSymbol(
                name=f"{entity_id}: {_short(name, 80)}" if name != entity_id else entity_id,
                kind=_SYMBOL_KINDS.get(kind, types.SymbolKind.Object),
                location=lsp_location(snapshot, place),
                container_name=kind,
            )
        )
    return found
