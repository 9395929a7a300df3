"""Diagrams of the organisation graph and the segment cascade, as Mermaid source or inline SVG.

Mermaid source renders on GitHub and in most Markdown viewers when put in a
fenced code block marked ``mermaid``. The SVG is drawn by cfgov itself, with no
JavaScript and nothing fetched from the network, so an HTML report can carry
it inline and still be read offline, printed or opened by a screen reader.

Both kinds of diagram take an optional ``unit``: the diagram then shows that
unit, every unit below it along every path, and the segments they own.
Node ids are generated (``n1``, ``n2``...), so no id or name written in a
model can break the diagram's syntax; every name is escaped.

A name too long for its node is cut at a word boundary and ends in an
ellipsis: Mermaid labels after :data:`MAX_LABEL` characters, SVG boxes after
two lines. :func:`shortened_names` says which names a diagram cut and gives
them in full, for the report to list beneath it; an SVG node also carries
its full name as its tooltip.

Cascades of more than :data:`MAX_SEGMENTS` segments would be unreadable as a
picture, so only their top two levels are drawn, and the diagram says so.
"""

from __future__ import annotations

import html
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from cfgov.model import Category, Model, Segment, Unit
from cfgov.report._words import joined, plural, shorten

__all__ = [
    "MAX_LABEL",
    "MAX_SEGMENTS",
    "layers",
    "mermaid_cascade",
    "mermaid_organisation",
    "shortened_names",
    "svg_cascade",
    "svg_organisation",
]

#: The most segments a cascade diagram draws; above this only the top levels are shown.
MAX_SEGMENTS = 300

#: The most characters of a name a Mermaid node shows; longer names are cut at a word.
MAX_LABEL = 80

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# Characters that mean something to Mermaid even inside a quoted label, as Mermaid's
# own entity codes (which it turns back into the character when it draws the label).
# "#" is escaped too, so that text such as "#lt;" in a name stays literal, and "%"
# because Mermaid takes "%%{...}%%" anywhere in the source as a directive.
_MERMAID_ESCAPES = {
    "#": "#35;",
    "%": "#37;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
}

# Colours with enough contrast to read in print and on screen (GOV.UK palette).
_TEXT = "#0b0c0c"
_MUTED = "#505a5f"
_BLUE = "#1d70b8"
_LIGHT_BLUE = "#e8f1fb"
_GREY = "#f3f2f1"
_LINE = "#6f777b"


# -- the layering, shared by every SVG diagram ----------------------------------------------


def layers(graph: nx.DiGraph[str]) -> list[list[str]]:
    """The nodes of a directed acyclic graph in layers, every parent in a layer above its children.

    Each node sits one layer below its deepest parent (longest-path layering),
    so a node with no parent is in the first layer. Within a layer, nodes are
    then reordered by the mean position of their neighbours (a barycentre pass
    down, up and down again), which removes most edge crossings in the shapes
    organisation graphs and cascades take. Ties keep the graph's own node
    order, so the result is deterministic. Raises :class:`ValueError` if the
    graph has a cycle.
    """
    try:
        order = list(nx.topological_sort(graph))
    except nx.NetworkXUnfeasible as exc:
        raise ValueError("the graph has a cycle, so it cannot be drawn in layers") from exc
    level: dict[str, int] = {}
    for node in order:
        above = [level[parent] for parent in graph.predecessors(node)]
        level[node] = max(above) + 1 if above else 0
    result: list[list[str]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for node in graph.nodes:
        result[level[node]].append(node)

    position: dict[str, float] = {}

    def place(row: list[str]) -> None:
        for index, node in enumerate(row):
            position[node] = (index + 0.5) / len(row)

    for row in result:
        place(row)
    down = range(1, len(result))
    up = range(len(result) - 2, -1, -1)
    for rows, neighbours in (
        (down, graph.predecessors),
        (up, graph.successors),
        (down, graph.predecessors),
    ):
        for index in rows:
            result[index] = _by_barycentre(result[index], neighbours, position)
            place(result[index])
    return result


def _by_barycentre(
    row: list[str], neighbours: Callable[[str], Iterable[str]], position: dict[str, float]
) -> list[str]:
    """The row sorted by the mean position of each node's neighbours; lone nodes stay put."""

    def key(node: str) -> tuple[float, float]:
        around = [position[other] for other in neighbours(node)]
        centre = sum(around) / len(around) if around else position[node]
        return centre, position[node]

    return sorted(row, key=key)


# -- what each diagram shows ----------------------------------------------------------------


def _units_in_view(model: Model, unit: str | None) -> tuple[Unit, ...]:
    """Every unit, or the given unit and every unit below it, in the model's order."""
    if unit is None:
        return model.units
    wanted = model.descendants_of(unit) | {unit}  # KeyError for an unknown unit
    return tuple(u for u in model.units if u.id in wanted)


@dataclass(frozen=True)
class _Cascade:
    """The segments a cascade diagram draws, the links between them, and what was left out."""

    units: tuple[Unit, ...]  # the units owning a drawn segment, in the model's order
    segments: tuple[Segment, ...]
    edges: tuple[tuple[str, str], ...]  # (broader segment, narrower segment)
    total: int  # the segments in view before any were left out
    note: str | None  # says what was left out, when anything was


def _cascade_view(model: Model, unit: str | None) -> _Cascade:
    owners = {u.id for u in _units_in_view(model, unit)}
    in_view = [s for s in model.segments if s.unit in owners]
    present = {s.id for s in in_view}
    depth = _depths(in_view, present)
    chosen = in_view
    note = None
    if len(in_view) > MAX_SEGMENTS:
        top_two = [s for s in in_view if depth[s.id] <= 1]
        broad = [s for s in in_view if depth[s.id] == 0]
        total = plural(len(in_view), "segment")
        if len(top_two) <= MAX_SEGMENTS:
            chosen = top_two
            note = (
                f"Only the top two levels of the cascade are drawn ({len(top_two):,} of "
                f"{total}): the whole cascade is too large to read as a picture."
            )
        elif len(broad) <= MAX_SEGMENTS:
            chosen = broad
            note = (
                f"Only the broadest segments are drawn ({len(broad):,} of {total}): "
                "the cascade is too large to read as a picture."
            )
        else:
            chosen = broad[:MAX_SEGMENTS]
            note = (
                f"Only the first {MAX_SEGMENTS:,} of the {len(broad):,} broadest segments are "
                f"drawn, out of {total}: the cascade is too large to read as a picture."
            )
    chosen_ids = {s.id for s in chosen}
    edges = tuple(
        (s.parent, s.id) for s in chosen if s.parent is not None and s.parent in chosen_ids
    )
    used = {s.unit for s in chosen}
    return _Cascade(
        units=tuple(u for u in model.units if u.id in used),
        segments=tuple(chosen),
        edges=edges,
        total=len(in_view),
        note=note,
    )


def _depths(segments: Sequence[Segment], present: set[str]) -> dict[str, int]:
    """How far each segment is below the broadest segment in view above it (0 for the broadest).

    A segment whose parent is out of view counts as broadest. Iterative, so deep
    cascades do not recurse.
    """
    parent = {s.id: s.parent for s in segments}
    depth: dict[str, int] = {}
    for segment in segments:
        chain = [segment.id]
        while True:
            up = parent[chain[-1]]
            if up is None or up not in present or up in depth:
                break
            chain.append(up)
        top = parent[chain[-1]]
        base = depth[top] + 1 if top is not None and top in depth else 0
        for offset, node in enumerate(reversed(chain)):
            depth[node] = base + offset
    return depth


def _numbering(ids: Iterable[str], prefix: str = "n") -> dict[str, str]:
    """A safe diagram id (``n1``, ``n2``...) for each entity id, in order."""
    return {entity_id: f"{prefix}{number}" for number, entity_id in enumerate(ids, start=1)}


def _size_label(value: float) -> str:
    """A head count as people read it in a report: 7.7m, 24m, 12.5k, 850."""
    for threshold, divisor, suffix in ((1e9, 1e9, "bn"), (1e6, 1e6, "m"), (1e4, 1e3, "k")):
        scaled = round(value / divisor, 2)
        if scaled >= threshold / divisor:  # so 999,999 reads "1m", not "1000k"
            return f"{scaled:,.2f}".rstrip("0").rstrip(".") + suffix
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _size_of(segment: Segment) -> str | None:
    return None if segment.size is None else _size_label(segment.size.value)


def _kind_label(unit: Unit) -> str:
    words = str(unit.kind).replace("_", " ")
    if unit.status is not None and str(unit.status) != "live":
        words += f" ({unit.status})"
    return words


def _plain(text: str) -> str:
    """Text on one line, whitespace runs collapsed, characters diagrams cannot carry replaced.

    Accents typed as separate combining marks are composed (NFC), so a name cut
    to fit a box is not cut between a letter and its accent.
    """
    return " ".join(_NOT_XML.sub("\ufffd", unicodedata.normalize("NFC", text)).split())


# -- Mermaid --------------------------------------------------------------------------------


def _mermaid_label(text: str, width: int | None = None) -> str:
    """Text as a double-quoted Mermaid label, safe whatever characters it holds.

    With ``width``, text longer than that is cut at a word boundary with an
    ellipsis (see :func:`shortened_names` for where the full text goes).
    """
    plain = _plain(text)
    if width is not None:
        plain = shorten(plain, width)
    escaped = "".join(_MERMAID_ESCAPES.get(char, char) for char in plain)
    return f'"{escaped}"'


def _mermaid_name(text: str) -> str:
    """A name from the model as a Mermaid label, cut to :data:`MAX_LABEL` characters."""
    return _mermaid_label(text, MAX_LABEL)


_MERMAID_ORGANISATION_STYLES = (
    f"classDef organisation fill:#dbe8f6,stroke:{_BLUE},stroke-width:2px,color:{_TEXT}",
    f"classDef part fill:#ffffff,stroke:{_MUTED},color:{_TEXT}",
)
_MERMAID_CASCADE_STYLES = (
    f"classDef target fill:{_LIGHT_BLUE},stroke:{_BLUE},stroke-width:2px,color:{_TEXT}",
    f"classDef indirect fill:{_GREY},stroke:{_LINE},stroke-dasharray:5 3,color:{_TEXT}",
    f"classDef note fill:#fff7bf,stroke:{_MUTED},color:{_TEXT}",
)


def _class_lines(members: dict[str, list[str]]) -> list[str]:
    return [f"  class {','.join(ids)} {name}" for name, ids in members.items() if ids]


def mermaid_organisation(model: Model, unit: str | None = None) -> str:
    """The organisation graph as Mermaid ``flowchart TD`` source, without the code fence.

    One box per unit (bodies drawn heavier than their parts) and an arrow from
    each parent to each unit below it: a joint body with three sponsors gets
    three arrows. With ``unit``, only that unit and the units below it are
    drawn; :class:`KeyError` if the model has no such unit.
    """
    units = _units_in_view(model, unit)
    ids = _numbering(u.id for u in units)
    lines = [
        "flowchart TD",
        "  accTitle: Organisation graph",
        f"  accDescr: {plural(len(units), 'unit')}, with an arrow from each to every unit "
        "directly below it"
        if units
        else "  accDescr: no units to draw",
    ]
    if not units:
        lines.append(f"  empty[{_mermaid_label('No units to draw')}]")
        return "\n".join(lines) + "\n"
    lines += [f"  {ids[u.id]}[{_mermaid_name(u.name)}]" for u in units]
    lines += [f"  {ids[p]} --> {ids[u.id]}" for u in units for p in u.parents if p in ids]
    lines += [f"  {style}" for style in _MERMAID_ORGANISATION_STYLES]
    lines += _class_lines(
        {
            "organisation": [ids[u.id] for u in units if u.is_organisation],
            "part": [ids[u.id] for u in units if not u.is_organisation],
        }
    )
    return "\n".join(lines) + "\n"


def mermaid_cascade(model: Model, unit: str | None = None) -> str:
    """The segment cascade as Mermaid ``flowchart TD`` source, without the code fence.

    Segments are grouped in one ``subgraph`` per owning unit, with an arrow
    from each broader segment to each segment that refines it. Target and
    indirect customers are styled apart; a segment's size follows its name
    (7.7m). With ``unit``, only the segments owned by that unit and the units
    below it are drawn. Above :data:`MAX_SEGMENTS` segments only the top two
    levels are drawn, and a note in the diagram says so.
    """
    view = _cascade_view(model, unit)
    ids = _numbering(s.id for s in view.segments)
    lines = [
        "flowchart TD",
        "  accTitle: Segment cascade",
        f"  accDescr: {plural(len(view.segments), 'segment')} grouped by the unit that owns "
        "them, with an arrow from each segment to the narrower segments that refine it"
        if view.segments
        else "  accDescr: no segments to draw",
    ]
    if view.note is not None:
        lines.append(f"  note[{_mermaid_label(view.note)}]")
    if not view.segments:
        lines.append(f"  empty[{_mermaid_label('No segments to draw')}]")
        return "\n".join(lines) + "\n"
    owned: dict[str, list[Segment]] = {u.id: [] for u in view.units}
    for segment in view.segments:
        owned[segment.unit].append(segment)
    for number, owner in enumerate(view.units, start=1):
        lines.append(f"  subgraph u{number}[{_mermaid_name(owner.name)}]")
        for segment in owned[owner.id]:
            size = _size_of(segment)
            label = _mermaid_name(segment.name)
            if size is not None:
                label = f'{label[:-1]}<br/>{size}"'
            lines.append(f"    {ids[segment.id]}[{label}]")
        lines.append("  end")
    lines += [f"  {ids[parent]} --> {ids[child]}" for parent, child in view.edges]
    lines += [f"  {style}" for style in _MERMAID_CASCADE_STYLES]
    lines += _class_lines(
        {
            "target": [ids[s.id] for s in view.segments if s.category is Category.TARGET],
            "indirect": [ids[s.id] for s in view.segments if s.category is not Category.TARGET],
            "note": ["note"] if view.note is not None else [],
        }
    )
    return "\n".join(lines) + "\n"


# -- SVG ------------------------------------------------------------------------------------

_NODE_WIDTH = 220
_NODE_HEIGHT = 60
_H_GAP = 24
_V_GAP = 56
_MARGIN = 20
_PER_ROW = 6  # boxes side by side at most, so the picture stays legible on a page
_CHARS = 26  # characters of 13px text that fit on one line of a box
_DETAIL_CHARS = 32  # the same for the 11px line under the name
_SPLIT = "\u2010"  # HYPHEN, ending the piece of a word split across lines
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def _xml(text: str) -> str:
    """Text escaped for XML content or a double-quoted attribute."""
    return html.escape(_NOT_XML.sub("\ufffd", text), quote=True)


def _wrap(text: str, width: int, most: int) -> list[str]:
    """Text in at most ``most`` lines of ``width`` characters, cut with an ellipsis if longer.

    Lines break between words, and the text is cut short at a word boundary.
    A word too long for any line (a Welsh place name, an unbroken code) has no
    boundary to break at, so it is split into pieces that fit, each but the
    last ending in a hyphen (:data:`_SPLIT`).
    """
    pieces: list[str] = []
    for word in _plain(text).split(" "):
        rest = word
        while len(rest) > width:
            pieces.append(rest[: width - 1] + _SPLIT)
            rest = rest[width - 1 :]
        pieces.append(rest)
    lines: list[str] = []
    current = ""
    for piece in pieces:
        if not current:
            current = piece
        elif len(current) + 1 + len(piece) <= width:
            current = f"{current} {piece}"
        else:
            lines.append(current)
            current = piece
    if current:
        lines.append(current)
    if len(lines) > most:
        # What no longer fits is longer than a line, so the last line ends in an ellipsis.
        rest = " ".join(lines[most - 1 :])
        lines = [*lines[: most - 1], shorten(rest, width)]
    return lines or [""]


def _svg_name(text: str) -> list[str]:
    """A name as the lines of a box."""
    return _wrap(text, _CHARS, 2)


def _unwrapped(lines: Sequence[str]) -> str:
    """Wrapped lines back on one line, the pieces of a split word joined again."""
    return " ".join(lines).replace(_SPLIT + " ", "")


def _cut(shown: str, full: str) -> bool:
    """Whether text was shortened to be shown, rather than only rewrapped."""
    return shown.replace(" ", "") != _plain(full).replace(" ", "")


def shortened_names(
    model: Model, unit: str | None = None, *, kind: str, form: str
) -> list[tuple[str, str]]:
    """The names a diagram shows cut short, each as (what the diagram shows, the full name).

    ``kind`` is ``"organisation"`` or ``"cascade"``, ``form`` is
    ``"mermaid"`` or ``"svg"``, for the diagram drawn by the function of that
    kind and form with the same ``unit``. A report lists these beneath the
    diagram, so no name is only readable in part; the SVG also gives each
    full name on hover. Each name is listed once, in the order drawn.
    """
    if kind == "organisation":
        names = [u.name for u in _units_in_view(model, unit)]
    elif kind == "cascade":
        view = _cascade_view(model, unit)
        if form == "mermaid":
            names = [u.name for u in view.units] + [s.name for s in view.segments]
        else:
            names = [s.name for s in view.segments]
    else:
        raise ValueError(f"no diagram of kind {kind!r}: 'organisation' or 'cascade'")
    if form not in ("mermaid", "svg"):
        raise ValueError(f"no diagram of form {form!r}: 'mermaid' or 'svg'")
    found: dict[str, str] = {}
    for name in names:
        if form == "mermaid":
            shown = shorten(_plain(name), MAX_LABEL)
        else:
            shown = _unwrapped(_svg_name(name))
        if _cut(shown, name):
            found.setdefault(_plain(name), shown)
    return [(shown, full) for full, shown in found.items()]


@dataclass(frozen=True)
class _Box:
    """One node to draw: its text, its tooltip and how it looks."""

    id: str
    lines: list[str]
    detail: str
    tooltip: str
    fill: str
    stroke: str
    stroke_width: float = 1.5
    dash: str | None = None


@dataclass(frozen=True)
class _Legend:
    label: str
    fill: str
    stroke: str
    stroke_width: float
    dash: str | None


def _components(graph: nx.DiGraph[str]) -> list[nx.DiGraph[str]]:
    """The graph's connected pieces, each keeping the graph's order of nodes and edges.

    The pieces come in the order of their first node, so the drawing follows the
    order the model was written in.
    """
    piece_of: dict[str, int] = {}
    for number, piece in enumerate(nx.weakly_connected_components(graph)):
        for node in piece:
            piece_of[node] = number
    pieces: dict[int, nx.DiGraph[str]] = {}
    for node in graph.nodes:
        pieces.setdefault(piece_of[node], nx.DiGraph()).add_node(node)
    for parent, child in graph.edges:
        pieces[piece_of[parent]].add_edge(parent, child)
    return list(pieces.values())


def _span(count: int) -> float:
    """The width of ``count`` boxes side by side."""
    return count * _NODE_WIDTH + max(count - 1, 0) * _H_GAP


@dataclass
class _Placed:
    """Where the nodes of a drawing (or of one piece of it) go.

    ``corner`` is each node's top-left corner; ``band`` the top of the first row
    and the bottom of the last row of the node's layer, which edges run between.
    """

    corner: dict[str, tuple[float, float]]
    band: dict[str, tuple[float, float]]
    width: float
    height: float

    def moved(self, dx: float, dy: float) -> _Placed:
        return _Placed(
            corner={n: (x + dx, y + dy) for n, (x, y) in self.corner.items()},
            band={n: (top + dy, bottom + dy) for n, (top, bottom) in self.band.items()},
            width=self.width,
            height=self.height,
        )


def _split(layer: list[str]) -> list[list[str]]:
    """A layer as one row, or as two when it is wider than :data:`_PER_ROW` boxes.

    The second row holds at least one box fewer than the first, so that it fits
    under the first row's gaps.
    """
    if len(layer) <= _PER_ROW:
        return [layer]
    first = max(_PER_ROW, (len(layer) + 2) // 2)
    return [layer[:first], layer[first:]]


def _block(piece: nx.DiGraph[str]) -> _Placed:
    """One connected piece in layers, placed from its own top-left corner.

    A layer wider than :data:`_PER_ROW` boxes wraps onto a second row, set half
    a box along so that it sits under the gaps of the first: edges into it, and
    edges down from the first row, then pass between boxes. A third row could
    not be reached without crossing a box, so a very wide layer makes the
    piece wider instead.
    """
    laid = [_split(layer) for layer in layers(piece)]
    width = _span(max(len(rows[0]) for rows in laid))
    step = _NODE_WIDTH + _H_GAP
    placed = _Placed(corner={}, band={}, width=width, height=0.0)
    y = 0.0
    for rows in laid:
        first = rows[0]
        left = (width - _span(len(first))) / 2
        top = y
        for number, row in enumerate(rows):
            slot = 0.0 if number == 0 else 0.5 + (len(first) - 1 - len(row)) // 2
            for node in row:
                placed.corner[node] = (left + slot * step, y)
                slot += 1
            y += _NODE_HEIGHT + _V_GAP
        for row in rows:
            for node in row:
                placed.band[node] = (top, y - _V_GAP)
    placed.height = y - _V_GAP
    return placed


def _layout(graph: nx.DiGraph[str], top: float) -> _Placed:
    """Where every node of the drawing goes, and the width and height of the whole.

    Each connected piece (a tree of segments, a department and its units) is
    laid out in layers on its own; the pieces are then set side by side on
    shelves no wider than :data:`_PER_ROW` boxes, so no edge runs between
    pieces and a model of many small pieces stays compact.
    """
    limit = _span(_PER_ROW)
    gap = 2 * _H_GAP
    shelves: list[list[_Placed]] = [[]]
    for block in map(_block, _components(graph)):
        shelf = shelves[-1]
        if shelf and sum(b.width + gap for b in shelf) + block.width > limit:
            shelves.append(shelf := [])
        shelf.append(block)
    widths = [sum(b.width for b in shelf) + gap * max(len(shelf) - 1, 0) for shelf in shelves]
    width = max([*widths, 360.0]) + 2 * _MARGIN
    whole = _Placed(corner={}, band={}, width=width, height=0.0)
    y = top
    for shelf, shelf_width in zip(shelves, widths, strict=True):
        if not shelf:
            continue
        x = _MARGIN + (width - 2 * _MARGIN - shelf_width) / 2 if len(shelves) == 1 else _MARGIN
        for block in shelf:
            moved = block.moved(x, y)
            whole.corner.update(moved.corner)
            whole.band.update(moved.band)
            x += block.width + gap
        y += max(b.height for b in shelf) + _V_GAP
    whole.height = (y - _V_GAP if whole.corner else y) + _MARGIN
    return whole


def _edge(placed: _Placed, parent: str, child: str) -> str:
    """The path of an edge: down out of the parent's layer, across, then down into the child."""
    px, py = placed.corner[parent]
    cx, cy = placed.corner[child]
    x1, y1 = px + _NODE_WIDTH / 2, py + _NODE_HEIGHT
    x2, y2 = cx + _NODE_WIDTH / 2, cy - 2
    leave = placed.band[parent][1]
    enter = min(placed.band[child][0], y2)
    bend = (enter - leave) / 2
    path = f"M{_fmt(x1)},{_fmt(y1)}"
    if leave > y1:
        path += f" L{_fmt(x1)},{_fmt(leave)}"
    path += (
        f" C{_fmt(x1)},{_fmt(leave + bend)} {_fmt(x2)},{_fmt(enter - bend)} "
        f"{_fmt(x2)},{_fmt(enter)}"
    )
    if y2 > enter:
        path += f" L{_fmt(x2)},{_fmt(y2)}"
    return path


def _fmt(number: float) -> str:
    return f"{number:.1f}".rstrip("0").rstrip(".")


def _svg(
    *,
    kind: str,
    title: str,
    description: str,
    boxes: Sequence[_Box],
    edges: Sequence[tuple[str, str]],
    legend: Sequence[_Legend],
    note: str | None,
) -> str:
    """The SVG document: a legend, an optional note, then the layered nodes and their edges."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(box.id for box in boxes)
    graph.add_edges_from(edges)
    fingerprint = "\x1f".join([kind, title, *(b.id for b in boxes), *(p + c for p, c in edges)])
    prefix = f"cfgov-{kind}-{zlib.crc32(fingerprint.encode('utf-8', 'replace')):08x}"

    header: list[str] = []
    y = _MARGIN
    x = _MARGIN
    for item in legend:
        dash = f' stroke-dasharray="{item.dash}"' if item.dash else ""
        header.append(
            f'<rect x="{x}" y="{y}" width="18" height="12" rx="3" fill="{item.fill}" '
            f'stroke="{item.stroke}" stroke-width="{_fmt(item.stroke_width)}"{dash}/>'
            f'<text x="{x + 24}" y="{y + 10}" font-size="12" fill="{_TEXT}">'
            f"{_xml(item.label)}</text>"
        )
        x += 24 + 7 * len(item.label) + 24
    y += 24
    if note is not None:
        header.append(
            f'<text x="{_MARGIN}" y="{y + 12}" font-size="13" font-weight="bold" '
            f'fill="{_TEXT}">{_xml(note)}</text>'
        )
        y += 28
    if not boxes:
        header.append(
            f'<text x="{_MARGIN}" y="{y + 14}" font-size="13" fill="{_MUTED}">'
            "Nothing to draw.</text>"
        )
        y += 28

    placed = _layout(graph, y + 8)
    corner, width, height = placed.corner, placed.width, placed.height
    width = max(width, x + _MARGIN, (len(note) * 7 + 2 * _MARGIN) if note else 0)

    arrows: list[str] = []
    for parent, child in edges:
        arrows.append(
            f'<path d="{_edge(placed, parent, child)}" fill="none" stroke="{_LINE}" '
            f'stroke-width="1.5" marker-end="url(#{prefix}-arrow)"/>'
        )
    nodes: list[str] = []
    for box in boxes:
        bx, by = corner[box.id]
        centre = bx + _NODE_WIDTH / 2
        dash = f' stroke-dasharray="{box.dash}"' if box.dash else ""
        parts = [
            f'<g class="cfgov-node" data-id="{_xml(box.id)}">',
            f"<title>{_xml(box.tooltip)}</title>",
            f'<rect x="{_fmt(bx)}" y="{_fmt(by)}" width="{_NODE_WIDTH}" height="{_NODE_HEIGHT}" '
            f'rx="8" ry="8" fill="{box.fill}" stroke="{box.stroke}" '
            f'stroke-width="{_fmt(box.stroke_width)}"{dash}/>',
        ]
        first = by + (20 if len(box.lines) > 1 else 26)
        for number, line in enumerate(box.lines):
            parts.append(
                f'<text x="{_fmt(centre)}" y="{_fmt(first + 15 * number)}" text-anchor="middle" '
                f'font-size="13" font-weight="bold" fill="{_TEXT}">{_xml(line)}</text>'
            )
        if box.detail:
            parts.append(
                f'<text x="{_fmt(centre)}" y="{_fmt(by + _NODE_HEIGHT - 9)}" '
                f'text-anchor="middle" font-size="11" fill="{_MUTED}">{_xml(box.detail)}</text>'
            )
        parts.append("</g>")
        nodes.append("".join(parts))

    view = f"0 0 {_fmt(width)} {_fmt(height)}"
    return (
        "\n".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}" width="{_fmt(width)}" '
                f'height="{_fmt(height)}" role="img" '
                f'aria-labelledby="{prefix}-title {prefix}-desc" '
                f'font-family="{_FONT}" style="max-width:100%;height:auto">',
                f'<title id="{prefix}-title">{_xml(title)}</title>',
                f'<desc id="{prefix}-desc">{_xml(description)}</desc>',
                f'<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
                f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                f'<path d="M0,0 L10,5 L0,10 z" fill="{_LINE}"/></marker></defs>',
                '<rect width="100%" height="100%" fill="#ffffff"/>',
                *header,
                '<g class="cfgov-edges">',
                *arrows,
                "</g>",
                '<g class="cfgov-nodes">',
                *nodes,
                "</g>",
                "</svg>",
            ]
        )
        + "\n"
    )


def _names(units: Sequence[Unit]) -> str:
    return joined([_plain(u.name) for u in units])


def svg_organisation(model: Model, unit: str | None = None) -> str:
    """The organisation graph as a self-contained inline ``<svg>`` element.

    Units are laid out in layers, each below its deepest parent, with an arrow
    from each parent to each unit below it (a joint body gets one per
    sponsor). Long names are cut short with an ellipsis; the full name shows
    on hover. With ``unit``, only that unit and the units below it are drawn;
    :class:`KeyError` if the model has no such unit.
    """
    units = _units_in_view(model, unit)
    in_view = {u.id for u in units}
    by_id = {u.id: u for u in model.units}
    boxes = []
    for u in units:
        kind = _kind_label(u)
        tooltip = f"{_plain(u.name)} ({kind})"
        if len(u.parents) > 1:
            tooltip += f", under {_names([by_id[p] for p in u.parents])}"
        boxes.append(
            _Box(
                id=u.id,
                lines=_svg_name(u.name),
                detail=shorten(kind, _DETAIL_CHARS),
                tooltip=tooltip,
                fill="#dbe8f6" if u.is_organisation else "#ffffff",
                stroke=_BLUE if u.is_organisation else _MUTED,
                stroke_width=2.5 if u.is_organisation else 1.5,
            )
        )
    edges = [(p, u.id) for u in units for p in u.parents if p in in_view]
    if unit is None:
        title = "Organisation graph"
    else:
        title = f"Organisation graph of {_plain(model.unit(unit).name)} and the units below it"
    description = (
        f"{plural(len(units), 'unit')} in layers, each drawn below the units it belongs to, "
        f"with an arrow from each unit to every unit directly below it "
        f"({plural(len(edges), 'arrow')}). "
        "A body with several parents has an arrow from each."
    )
    return _svg(
        kind="organisation",
        title=title,
        description=description,
        boxes=boxes,
        edges=edges,
        legend=[
            _Legend("Organisation", "#dbe8f6", _BLUE, 2.5, None),
            _Legend("Part of an organisation", "#ffffff", _MUTED, 1.5, None),
        ],
        note=None,
    )


def svg_cascade(model: Model, unit: str | None = None) -> str:
    """The segment cascade as a self-contained inline ``<svg>`` element.

    Broad segments are at the top, each narrower segment below the one it
    refines, with its size (7.7m) and owning unit under its name. Target
    customers are drawn in solid blue boxes, indirect customers in dashed grey
    ones. With ``unit``, only the segments owned by that unit and the units
    below it are drawn. Above :data:`MAX_SEGMENTS` segments only the top two
    levels are drawn, and both the description and a visible note say so.
    """
    view = _cascade_view(model, unit)
    names = {u.id: u.name for u in model.units}
    boxes = []
    for segment in view.segments:
        target = segment.category is Category.TARGET
        size = _size_of(segment)
        owner = _plain(names[segment.unit])
        detail = owner if size is None else f"{size} \u00b7 {owner}"
        role = "target customer" if target else "indirect customer"
        tooltip = f"{_plain(segment.name)}: {role}"
        if size is not None:
            tooltip += f", {size}"
        tooltip += f", owned by {owner}"
        boxes.append(
            _Box(
                id=segment.id,
                lines=_svg_name(segment.name),
                detail=shorten(detail, _DETAIL_CHARS),
                tooltip=tooltip,
                fill=_LIGHT_BLUE if target else _GREY,
                stroke=_BLUE if target else _LINE,
                stroke_width=2 if target else 1.5,
                dash=None if target else "5 3",
            )
        )
    if unit is None:
        title = "Segment cascade"
    else:
        title = f"Segment cascade of {_plain(model.unit(unit).name)} and the units below it"
    description = (
        f"{plural(len(view.segments), 'segment')} owned by {plural(len(view.units), 'unit')}, "
        "each narrower "
        "segment drawn below the broader segment it refines, with an arrow between them. "
        "Target customers are in solid blue boxes, indirect customers in dashed grey boxes."
    )
    if view.note is not None:
        description += " " + view.note
    return _svg(
        kind="cascade",
        title=title,
        description=description,
        boxes=boxes,
        edges=view.edges,
        legend=[
            _Legend("Target customer", _LIGHT_BLUE, _BLUE, 2, None),
            _Legend("Indirect customer", _GREY, _LINE, 1.5, "5 3"),
        ],
        note=view.note,
    )
