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

An organisation graph of more than :data:`MAX_BODIES` bodies (a register of
a thousand, say) is not one picture either: :func:`organisation_diagrams`
gives one diagram per top-level department that has something defined in it,
each with at most :data:`MAX_BODIES` boxes: beyond that, the bodies that
define nothing are counted by kind in grouped boxes ("12 advisory NDPBs"),
and each diagram says what it grouped. A joint body is drawn in the diagram
of each department it sits under, marked as joint. The limits keep every
diagram far inside what Mermaid (and so GitHub) will draw: Mermaid refuses
more than 500 arrows in a flowchart and draws nothing from more than 50,000
characters of source.
"""

from __future__ import annotations

import html
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from cfgov.model import Category, Journey, JourneyStep, Model, Segment, Unit
from cfgov.report._words import joined, plural, shorten

__all__ = [
    "MAX_BODIES",
    "MAX_LABEL",
    "MAX_SEGMENTS",
    "OrganisationDiagram",
    "defining_units",
    "journey_diagram",
    "kind_count",
    "layers",
    "mermaid_cascade",
    "mermaid_organisation",
    "organisation_diagrams",
    "shortened_names",
    "svg_cascade",
    "svg_journey",
    "svg_organisation",
]

#: The most segments a cascade diagram draws; above this only the top levels are shown.
MAX_SEGMENTS = 300

#: The most characters of a name a Mermaid node shows; longer names are cut at a word.
MAX_LABEL = 80

#: The most boxes an organisation diagram draws; a larger graph is drawn per department,
#: and a department larger than this has the bodies that define nothing grouped by kind.
MAX_BODIES = 50

#: The most arrows an organisation diagram draws (Mermaid refuses more than 500).
MAX_ARROWS = 400

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


# -- large organisation graphs, one diagram per department ----------------------------------

#: How a kind of body is counted where "s" is not the plural, or the words need capitals.
_KIND_NAMES = {
    "advisory_ndpb": ("advisory NDPB", "advisory NDPBs"),
    "executive_ndpb": ("executive NDPB", "executive NDPBs"),
    "tribunal_ndpb": ("tribunal NDPB", "tribunal NDPBs"),
    "sub_organisation": ("sub-organisation", "sub-organisations"),
    "ad_hoc_advisory_group": ("ad-hoc advisory group", "ad-hoc advisory groups"),
    "non_departmental_public_body": (
        "non-departmental public body",
        "non-departmental public bodies",
    ),
    "civil_service": ("civil service body", "civil service bodies"),
    "organisation": ("other body", "other bodies"),
}


def kind_count(count: int, kind: object) -> str:
    """A count of units of one kind, as people say it: "12 advisory NDPBs", "1 court"."""
    key = str(kind)
    if key in _KIND_NAMES:
        one, many = _KIND_NAMES[key]
    else:
        one = key.replace("_", " ")
        many = one[:-1] + "ies" if one.endswith("y") else one + "s"
    return plural(count, one, many)


def defining_units(model: Model) -> frozenset[str]:
    """The units that define something of their own: a segment, an aim or an objective."""
    found = {s.unit for s in model.segments} | {a.unit for a in model.aims}
    found |= {o.unit for o in model.objectives if o.unit is not None}
    return frozenset(found)


@dataclass(frozen=True)
class _Node:
    """One box of an organisation diagram: a unit, or a group of units counted by kind."""

    key: str  # the unit's id, or "group N"
    name: str
    detail: str  # the line under the name in SVG: the kind, or what the group holds
    tooltip: str
    style: str  # "organisation", "part", "joint" or "group"
    #: Whether the Mermaid box says the detail too (SVG boxes always do).
    told: bool = False


_NODE_STYLES = {
    "organisation": ("#dbe8f6", _BLUE, 2.5, None),
    "part": ("#ffffff", _MUTED, 1.5, None),
    "joint": ("#dbe8f6", _BLUE, 2.5, "6 3"),
    "group": (_GREY, _LINE, 1.5, "2 3"),
}
_NODE_LEGEND = {
    "organisation": "Organisation",
    "part": "Part of an organisation",
    "joint": "Joint body (under several)",
    "group": "Units counted by kind",
}
_MERMAID_GROUP_STYLES = (
    *_MERMAID_ORGANISATION_STYLES,
    f"classDef joint fill:#dbe8f6,stroke:{_BLUE},stroke-width:2px,stroke-dasharray:6 3,"
    f"color:{_TEXT}",
    f"classDef group fill:{_GREY},stroke:{_LINE},stroke-dasharray:2 3,color:{_TEXT}",
)


@dataclass(frozen=True)
class OrganisationDiagram:
    """One diagram of part of a large organisation graph: a department, or the quiet ones.

    ``title`` says what it shows, ``units`` how many units it covers (drawn
    or counted in a group), ``note`` what was grouped and how to see it, when
    anything was. :meth:`mermaid` and :meth:`svg` draw it; :meth:`outline`
    gives the same tree as an indented list.
    """

    title: str
    nodes: tuple[_Node, ...]
    edges: tuple[tuple[str, str], ...]
    units: int
    note: str | None

    def mermaid(self) -> str:
        """The diagram as Mermaid ``flowchart TD`` source, without the code fence."""
        ids = _numbering(n.key for n in self.nodes)
        lines = [
            "flowchart TD",
            f"  accTitle: {_mermaid_label(self.title)[1:-1]}",
            f"  accDescr: {plural(len(self.nodes), 'box', 'boxes')} for "
            f"{plural(self.units, 'unit')}, with an arrow from each to every box directly "
            "below it",
        ]
        for node in self.nodes:
            label = _mermaid_name(node.name)
            if node.told or node.style in ("group", "joint"):
                label = f"{label[:-1]}<br/>{_mermaid_label(node.detail, MAX_LABEL)[1:]}"
            lines.append(f"  {ids[node.key]}[{label}]")
        lines += [f"  {ids[parent]} --> {ids[child]}" for parent, child in self.edges]
        lines += [f"  {style}" for style in _MERMAID_GROUP_STYLES]
        lines += _class_lines(
            {style: [ids[n.key] for n in self.nodes if n.style == style] for style in _NODE_STYLES}
        )
        return "\n".join(lines) + "\n"

    def svg(self) -> str:
        """The diagram as a self-contained inline ``<svg>`` element."""
        boxes = []
        for node in self.nodes:
            fill, stroke, width, dash = _NODE_STYLES[node.style]
            boxes.append(
                _Box(
                    id=node.key,
                    lines=_svg_name(node.name),
                    detail=shorten(node.detail, _DETAIL_CHARS),
                    tooltip=node.tooltip,
                    fill=fill,
                    stroke=stroke,
                    stroke_width=width,
                    dash=dash,
                )
            )
        used = [s for s in _NODE_STYLES if any(n.style == s for n in self.nodes)]
        description = (
            f"{plural(len(self.nodes), 'box', 'boxes')} for {plural(self.units, 'unit')}, each "
            "drawn below the units it belongs to, with an arrow from each to every box directly "
            f"below it ({plural(len(self.edges), 'arrow')})."
        )
        if self.note:
            description += " " + self.note
        return _svg(
            kind="organisation",
            title=self.title,
            description=description,
            boxes=boxes,
            edges=self.edges,
            legend=[_Legend(_NODE_LEGEND[s], *_NODE_STYLES[s]) for s in used],
            note=None,
        )

    def outline(self) -> list[tuple[int, str, bool]]:
        """The boxes as an indented outline: (depth, label, already shown above)."""
        label = {n.key: f"{n.name} ({n.detail})" if n.detail else n.name for n in self.nodes}
        below: dict[str, list[str]] = {n.key: [] for n in self.nodes}
        has_parent: set[str] = set()
        for parent, child in self.edges:
            below[parent].append(child)
            has_parent.add(child)
        lines: list[tuple[int, str, bool]] = []
        seen: set[str] = set()
        stack = [(n.key, 0) for n in reversed(self.nodes) if n.key not in has_parent]
        while stack:
            key, depth = stack.pop()
            if key in seen:
                lines.append((depth, label[key], True))
                continue
            seen.add(key)
            lines.append((depth, label[key], False))
            stack.extend((child, depth + 1) for child in reversed(below[key]))
        return lines

    def shortened(self, form: str) -> list[tuple[str, str]]:
        """The names this diagram cuts short, as (shown, in full), like :func:`shortened_names`."""
        found: dict[str, str] = {}
        for node in self.nodes:
            if node.style == "group":
                continue
            if form == "mermaid":
                shown = shorten(_plain(node.name), MAX_LABEL)
            else:
                shown = _unwrapped(_svg_name(node.name))
            if _cut(shown, node.name):
                found.setdefault(_plain(node.name), shown)
        return [(shown, full) for full, shown in found.items()]


@dataclass(frozen=True)
class OrganisationPlan:
    """How a report draws the organisation graph in view.

    ``whole`` is True when it fits in one diagram (drawn by
    :func:`mermaid_organisation` and :func:`svg_organisation`); otherwise
    ``diagrams`` holds one per top-level body with something defined in or
    below it, then one of the ``quiet`` top-level bodies (nothing defined
    anywhere below them), each drawn as a single box.
    """

    whole: bool
    diagrams: tuple[OrganisationDiagram, ...]
    quiet: tuple[Unit, ...]
    units: int


def organisation_diagrams(model: Model, unit: str | None = None) -> OrganisationPlan:
    """The organisation graph in view, as one diagram or as several that each stay readable.

    Up to :data:`MAX_BODIES` units (and :data:`MAX_ARROWS` arrows) the graph
    is drawn whole. Above, each top-level body (with ``unit``, that unit)
    with something defined in it or below it gets a diagram of its own (see
    the module's description); the others are drawn together, one box each.
    :class:`KeyError` for an unknown unit.
    """
    units = _units_in_view(model, unit)
    in_view = {u.id for u in units}
    arrows = sum(1 for u in units for p in u.parents if p in in_view)
    if len(units) <= MAX_BODIES and arrows <= MAX_ARROWS:
        return OrganisationPlan(True, (), (), len(units))
    active = defining_units(model) & in_view
    roots = [model.unit(unit)] if unit is not None else [u for u in units if not u.parents]
    diagrams: list[OrganisationDiagram] = []
    quiet: list[tuple[Unit, list[Unit]]] = []
    for root in roots:
        below = _walk(model, root)
        if any(u.id in active for u in below):
            diagrams.append(_department(model, root, below, active))
        else:
            quiet.append((root, below))
    if quiet:
        diagrams.append(_quiet_diagram(model, quiet))
    return OrganisationPlan(False, tuple(diagrams), tuple(r for r, _ in quiet), len(units))


def _walk(model: Model, root: Unit) -> list[Unit]:
    """The root and every unit below it, each once, parents first (a pre-order walk)."""
    return units_below(model, [root])


def units_below(model: Model, roots: list[Unit]) -> list[Unit]:
    """The roots and every unit below them, each once, parents first, in the order of the
    model (a pre-order walk of the organisation graph)."""
    found: list[Unit] = []
    seen: set[str] = set()
    stack = list(reversed(roots))
    while stack:
        current = stack.pop()
        if current.id in seen:
            continue
        seen.add(current.id)
        found.append(current)
        stack.extend(reversed(model.children_of(current.id)))
    return found


def _unit_node(model: Model, unit: Unit, inside: set[str]) -> _Node:
    kind = _kind_label(unit)
    if len(unit.parents) > 1:
        others = [model.unit(p) for p in unit.parents if p not in inside]
        detail = "joint body" + (f", also under {_names(others)}" if others else "")
        return _Node(unit.id, unit.name, detail, f"{_plain(unit.name)} ({kind}), {detail}", "joint")
    style = "organisation" if unit.is_organisation else "part"
    return _Node(unit.id, unit.name, kind, f"{_plain(unit.name)} ({kind})", style)


def _group_node(key: str, kind: str, members: list[Unit], where: str) -> _Node:
    closed = sum(1 for u in members if str(u.status) == "closed")
    name = kind_count(len(members), kind)
    detail = f"{closed:,} closed" if closed else "none closed"
    names = ", ".join(_plain(u.name) for u in members[:20])
    more = f" and {len(members) - 20:,} more" if len(members) > 20 else ""
    return _Node(key, name, detail, f"{name} {where}: {names}{more}", "group")


def _department(
    model: Model, root: Unit, below: list[Unit], active: frozenset[str]
) -> OrganisationDiagram:
    """One department's diagram: whole when small, else its bodies that matter and groups."""
    inside = {u.id for u in below}
    if len(below) <= MAX_BODIES:
        kept = below
    else:
        needed = {root.id} | {u.id for u in below if len(u.parents) > 1}
        for u in below:
            if u.id in active:
                needed |= (model.ancestors_of(u.id) & inside) | {u.id}
        kept = [u for u in below if u.id in needed]
    kept_ids = {u.id for u in kept}
    rest = [u for u in below if u.id not in kept_ids]
    groups = _grouped(model, rest, kept_ids, inside)
    chosen = (
        "those that define segments, objectives or aims, the units on the way down to them, "
        "and joint bodies"
    )
    if len(kept) + len(groups) > MAX_BODIES:
        # Too many to draw even so: keep the first bodies (the way down comes first in a
        # pre-order walk) and count every other one by kind directly under the department.
        room = MAX_BODIES - len({str(u.kind) for u in below})
        kept = kept[: max(room, 1)]
        kept_ids = {u.id for u in kept}
        rest = [u for u in below if u.id not in kept_ids]
        groups = _grouped(model, rest, {root.id}, inside)
        chosen = "the first ones, each below the units it belongs to"
    nodes = [_unit_node(model, u, inside) for u in kept]
    edges = [(p, u.id) for u in kept for p in u.parents if p in kept_ids]
    for number, ((anchor, kind), members) in enumerate(groups.items(), start=1):
        key = f"group {number}"
        where = f"under {_plain(model.unit(anchor).name)}"
        nodes.append(_group_node(key, kind, members, where))
        edges.append((anchor, key))
    note = None
    if rest:
        note = (
            f"{plural(len(kept), 'unit')} of the {len(below):,} in {_plain(root.name)} are drawn "
            f"({chosen}); the other {len(rest):,} are counted by kind in grouped boxes. "
            "Run cfgov report --unit ID to draw one unit and everything below it."
        )
    if len(edges) > MAX_ARROWS:
        edges = edges[:MAX_ARROWS]
        note = (note + " " if note else "") + f"Only the first {MAX_ARROWS} arrows are drawn."
    title = f"{_plain(root.name)} and the units below it"
    return OrganisationDiagram(title, tuple(nodes), tuple(edges), len(below), note)


def _grouped(
    model: Model, rest: list[Unit], kept: set[str], inside: set[str]
) -> dict[tuple[str, str], list[Unit]]:
    """The units not drawn, by the nearest drawn unit above them and their kind."""
    anchor: dict[str, str] = {k: k for k in kept}

    def nearest(unit_id: str) -> str:
        chain = []
        current = unit_id
        while current not in anchor:
            chain.append(current)
            current = next(p for p in model.unit(current).parents if p in inside)
        for step in chain:
            anchor[step] = anchor[current]
        return anchor[current]

    groups: dict[tuple[str, str], list[Unit]] = {}
    for unit in rest:
        groups.setdefault((nearest(unit.id), str(unit.kind)), []).append(unit)
    return groups


#: The most joint bodies the diagram of quiet bodies draws; beyond, they are counted.
_JOINT_DRAWN = 20


def _quiet_diagram(model: Model, quiet: list[tuple[Unit, list[Unit]]]) -> OrganisationDiagram:
    """The top-level bodies with nothing defined in or below them, one box each.

    A body with units below it is a box saying how many; joint bodies under
    them are drawn with an arrow from each body they sit under; bodies with
    nothing below are counted by kind. Beyond :data:`MAX_BODIES` boxes, the
    last top-level bodies are counted by kind too.
    """
    owner: dict[str, list[str]] = {}
    for root, below in quiet:
        for u in below:
            owner.setdefault(u.id, []).append(root.id)
    joint = [
        u
        for u in model.units
        if len(u.parents) > 1 and len({r for p in u.parents for r in owner.get(p, ())}) > 1
    ]
    parents_of = {
        u.id: list(dict.fromkeys(r for p in u.parents for r in owner.get(p, ()))) for u in joint
    }
    lone = [root for root, below in quiet if len(below) == 1]
    big = [(root, len(below) - 1) for root, below in quiet if len(below) > 1]
    shown_joint = joint if len(joint) <= _JOINT_DRAWN else []
    kinds = {str(r.kind) for r in lone} | {str(r.kind) for r, _ in big}
    room = MAX_BODIES - len(shown_joint) - (1 if joint and not shown_joint else 0) - len(kinds)
    drawn, counted = big[: max(room, 0)], [r for r, _ in big[max(room, 0) :]]
    nodes: list[_Node] = []
    edges: list[tuple[str, str]] = []
    for root, count in drawn:
        kind = _kind_label(root)
        detail = f"{kind}, {plural(count, 'unit')} below"
        tooltip = f"{_plain(root.name)}: {detail}"
        nodes.append(_Node(root.id, root.name, detail, tooltip, "organisation", told=True))
    drawn_ids = {r.id for r, _ in drawn}
    for unit in shown_joint:
        sponsors = [r for r in parents_of[unit.id] if r in drawn_ids]
        if not sponsors:
            continue
        node = _unit_node(model, unit, set())
        nodes.append(_Node(unit.id, unit.name, "joint body", node.tooltip, "joint"))
        edges += [(r, unit.id) for r in sponsors]
    if joint and not shown_joint:
        nodes.append(
            _Node(
                "group joint",
                plural(len(joint), "joint body", "joint bodies"),
                "under several of these",
                f"{plural(len(joint), 'joint body', 'joint bodies')}: "
                + ", ".join(_plain(u.name) for u in joint[:20]),
                "group",
            )
        )
    by_kind: dict[str, list[Unit]] = {}
    for root in lone:
        by_kind.setdefault(str(root.kind), []).append(root)
    for root in counted:
        by_kind.setdefault(str(root.kind), []).append(root)
    for number, (kind, members) in enumerate(by_kind.items(), start=1):
        nodes.append(_group_node(f"group {number}", kind, members, "at the top level"))
    total = len(owner)
    note = (
        f"{plural(len(quiet), 'top-level body', 'top-level bodies')} with nothing defined in "
        f"them or below them ({total:,} units in all) are drawn as one box each, with the "
        "joint bodies that tie them together"
    )
    if by_kind:
        note += "; those with nothing below them are counted by kind"
    note += ". Run cfgov report --unit ID to draw one of them and everything below it."
    return OrganisationDiagram(
        "Bodies with nothing defined yet", tuple(nodes), tuple(edges[:MAX_ARROWS]), total, note
    )


# -- customer journeys ----------------------------------------------------------------------

# Mermaid's journey grammar ends a task's name at ":", ";", "#" or a line break, takes "%"
# as the start of a comment and splits actors at ",". Entity codes start with "#", so they
# cannot be used: each such character becomes the nearest look-alike Mermaid lets through.
_JOURNEY_SWAPS = str.maketrans(
    {
        ":": "\ua789",  # MODIFIER LETTER COLON
        ";": "\u037e",  # GREEK QUESTION MARK, drawn as a semicolon
        "#": "\uff03",  # FULLWIDTH NUMBER SIGN
        "%": "\uff05",  # FULLWIDTH PERCENT SIGN
        "{": "(",
        "}": ")",
    }
)

# A task whose name starts with a keyword of the grammar would be read as that keyword
# ("Journey home", "Title deeds checked"): a WORD JOINER, invisible and not white space to
# Mermaid's lexer, goes in front of it.
_JOURNEY_KEYWORD = re.compile(r"(?i)(journey\b|title\s|section\s|acc(title|descr))")

#: The score of a step whose feeling is not recorded: neither good nor bad.
NEUTRAL_SCORE = 3


def _journey_text(text: str, width: int = MAX_LABEL, *, actor: bool = False) -> str:
    """Text as Mermaid's journey grammar can take it on one line (a "-" if nothing is left)."""
    plain = shorten(_plain(text), width).translate(_JOURNEY_SWAPS)
    if actor:
        plain = plain.replace(",", "\u201a")  # SINGLE LOW-9 QUOTATION MARK, not a separator
    return plain.strip() or "-"


def _actors(model: Model, step: JourneyStep) -> list[str]:
    actors = []
    who = step.responsible
    if who is not None:
        entity = model.get(who)
        actors.append(_journey_text(getattr(entity, "name", None) or who, actor=True))
    if step.channel:
        actors.append(_journey_text(step.channel, actor=True))
    return actors


def journey_diagram(model: Model, journey: Journey | str) -> str:
    """A customer journey as Mermaid ``journey`` source, without the code fence.

    One ``section`` per stage and one task per step, scored by how the step
    feels to the customer (1 very bad to 5 very good; 3 when not recorded), with
    the unit or partner responsible and the channel as its actors. ``journey``
    is a :class:`~cfgov.Journey` or its id (:class:`KeyError` if there is none).
    """
    if isinstance(journey, str):
        journey = model.journey(journey)
    steps = sum(len(stage.steps) for stage in journey.stages)
    lines = [
        "journey",
        f"  title {_journey_text(journey.name)}",
        f"  accTitle: Customer journey: {_journey_text(journey.name)}",
        f"  accDescr: {plural(len(journey.stages), 'stage')} and {plural(steps, 'step')}, each "
        "scored from 1 (very bad) to 5 (very good) for how it feels to the customer",
    ]
    for stage in journey.stages:
        lines.append(f"  section {_journey_text(stage.name)}")
        for step in stage.steps:
            score = step.feeling.score if step.feeling is not None else NEUTRAL_SCORE
            actors = _actors(model, step)
            name = _journey_text(step.name)
            if _JOURNEY_KEYWORD.match(name):
                name = "\u2060" + name
            task = f"    {name}: {score}"
            lines.append(task + (f": {', '.join(actors)}" if actors else ""))
    return "\n".join(lines) + "\n"


# -- journeys drawn as SVG ------------------------------------------------------------------

_STEP_WIDTH = 180
_STEP_GAP = 16
_SCORE_TOP = 70  # where the line of feelings starts, below the stage bands
_SCORE_STEP = 22  # the height of one point of score
_FEELING_FILL = {1: "#d4351c", 2: "#f47738", 3: "#505a5f", 4: "#00703c", 5: "#005a30"}


def svg_journey(model: Model, journey: Journey | str) -> str:
    """A customer journey as a self-contained inline ``<svg>``, drawn without a script.

    Stages are bands across the top; under them each step is a column: a point
    on the line of how the step feels (higher is better, with the feeling in
    words beside it, so that colour is never the only sign), then a box with
    the step's name, who is responsible and the channel. The same steps as
    :func:`journey_diagram`, for pages that run no JavaScript.
    """
    if isinstance(journey, str):
        journey = model.journey(journey)
    steps = [(s, step) for s, _, step in journey.all_steps()]
    prefix = f"cfgov-journey-{zlib.crc32(journey.id.encode('utf-8', 'replace')):08x}"
    pitch = _STEP_WIDTH + _STEP_GAP
    width = max(len(steps), 1) * pitch - _STEP_GAP + 2 * _MARGIN
    bottom = _SCORE_TOP + 4 * _SCORE_STEP
    box_top = bottom + 36
    box_height = 96
    height = box_top + box_height + _MARGIN
    parts: list[str] = []
    first = 0
    for stage in journey.stages:
        count = len(stage.steps)
        if not count:
            continue
        x = _MARGIN + first * pitch
        span = count * pitch - _STEP_GAP
        parts.append(
            f'<rect x="{x}" y="{_MARGIN}" width="{span}" height="28" rx="4" '
            f'fill="{_LIGHT_BLUE}" stroke="{_BLUE}"/>'
            f'<text x="{_fmt(x + span / 2)}" y="{_MARGIN + 19}" text-anchor="middle" '
            f'font-size="13" font-weight="bold" fill="{_TEXT}">'
            f"{_xml(shorten(_plain(stage.name), max(12, span // 8)))}</text>"
        )
        first += count
    points: list[str] = []
    for n, (_, step) in enumerate(steps):
        score = step.feeling.score if step.feeling is not None else NEUTRAL_SCORE
        cx = _MARGIN + n * pitch + _STEP_WIDTH / 2
        cy = bottom - (score - 1) * _SCORE_STEP
        points.append(f"{_fmt(cx)},{_fmt(cy)}")
        feeling = step.feeling.value.replace("_", " ") if step.feeling else "not recorded"
        who = model.get(step.responsible) if step.responsible else None
        responsible = getattr(who, "name", None) or step.responsible or "no one named"
        detail = " · ".join(p for p in (responsible, step.channel or "") if p)
        x = _MARGIN + n * pitch
        lines = _wrap(step.name, 24, 3)
        parts.append(
            f'<g class="cfgov-step"><title>{_xml(_plain(step.name))}: feels {feeling} '
            f"({score} of 5); {_xml(_plain(detail))}</title>"
            f'<circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="7" fill="{_FEELING_FILL[score]}" '
            f'stroke="#ffffff" stroke-width="2"/>'
            f'<text x="{_fmt(cx + 12)}" y="{_fmt(cy + 4)}" font-size="11" fill="{_TEXT}">'
            f"{_xml(feeling)}</text>"
            f'<rect x="{x}" y="{box_top}" width="{_STEP_WIDTH}" height="{box_height}" rx="8" '
            f'fill="{_GREY}" stroke="{_LINE}"/>'
            + "".join(
                f'<text x="{_fmt(cx)}" y="{box_top + 20 + 15 * i}" text-anchor="middle" '
                f'font-size="12" font-weight="bold" fill="{_TEXT}">{_xml(line)}</text>'
                for i, line in enumerate(lines)
            )
            + "".join(
                f'<text x="{_fmt(cx)}" y="{box_top + box_height - 24 + 13 * i}" '
                f'text-anchor="middle" font-size="11" fill="{_MUTED}">{_xml(line)}</text>'
                for i, line in enumerate(_wrap(detail, 28, 2))
            )
            + "</g>"
        )
    line = (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{_LINE}" stroke-width="2"/>'
        if len(points) > 1
        else ""
    )
    title = f"Customer journey: {_plain(journey.name)}"
    description = (
        f"{plural(len(journey.stages), 'stage')} and {plural(len(steps), 'step')}; each "
        "step's point is higher the better it feels to the customer, from very bad to very good"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="{_FONT}" '
        'style="max-width:100%;height:auto">'
        f'<title id="{prefix}-title">{_xml(title)}</title>'
        f'<desc id="{prefix}-desc">{_xml(description)}</desc>'
        '<rect width="100%" height="100%" fill="#ffffff"/>'
        f"{line}{''.join(parts)}</svg>\n"
    )
