"""Small HTML tables for notebook reprs (``_repr_html_``); not public.

Jupyter shows an object's ``_repr_html_`` instead of its ``repr``. These
helpers build short tables with a caption and header cells that carry
``scope``, and escape every piece of text, since names and statements are
written by users. No styles, scripts or links: a notebook renders them as
they are, and so does any other viewer.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cfgov.model.model import Model
    from cfgov.model.organisation import Unit
    from cfgov.model.segments import Segment, Size

#: How many names or rows a repr lists before it says "and N more".
MAX_ITEMS = 20


def escape(value: object) -> str:
    """The text of a value, escaped for HTML (quotes included)."""
    return html.escape(str(value), quote=True)


def field_table(caption: str, rows: Iterable[tuple[str, object]]) -> str:
    """A two-column table: a header cell naming each field, then its value.

    Rows whose value is None or the empty string are left out, so a sparse entity
    shows only what it says.
    """
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td>{escape(value)}</td></tr>'
        for label, value in rows
        if value is not None and value != ""
    )
    return f'<table class="cfgov"><caption>{escape(caption)}</caption><tbody>{body}</tbody></table>'


def grid_table(
    caption: str, header: Sequence[str], rows: Iterable[Sequence[object]], *, more: int = 0
) -> str:
    """A table with column headers; the first cell of each row heads the row.

    ``more`` is how many rows were left out; when positive, a last row says so.
    None shows as an empty cell.
    """
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    lines = []
    for row in rows:
        cells = ["" if cell is None else escape(cell) for cell in row]
        first, rest = (cells[0], cells[1:]) if cells else ("", [])
        lines.append(
            f'<tr><th scope="row">{first}</th>' + "".join(f"<td>{c}</td>" for c in rest) + "</tr>"
        )
    if more > 0:
        lines.append(f'<tr><td colspan="{len(header)}">... and {more} more</td></tr>')
    return (
        f'<table class="cfgov"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"
    )


def some(names: Sequence[str], limit: int = MAX_ITEMS) -> str:
    """Names joined by commas, cut short with "and N more" past ``limit``."""
    shown = ", ".join(names[:limit])
    left = len(names) - limit
    return f"{shown} and {left} more" if left > 0 else shown


def number(value: float) -> str:
    """A count with thousands separators: ``24,000,000``; whole floats lose their ``.0``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def size_text(size: Size | None) -> str | None:
    """A segment's size with its source and date, e.g. ``24,000,000 (DWP, 2002)``."""
    if size is None:
        return None
    about = ", ".join(part for part in (size.source, size.as_of) if part)
    return f"{number(size.value)} ({about})" if about else number(size.value)


def model_html(model: Model) -> str:
    """What a model holds, counted, with the names of its organisations."""
    targets = len(model.segments_of("target"))
    indirect = len(model.segments) - targets
    measures = sum(1 for _ in model.measures())
    organisations = [f"{u.name} ({u.id})" for u in model.organisations]
    return field_table(
        "cfgov model",
        [
            ("Organisations", some(organisations) or "none"),
            ("Units", len(model.units) - len(model.organisations)),
            ("Stakeholders", len(model.stakeholders)),
            (
                "Segments",
                f"{len(model.segments)} ({targets} target, {indirect} indirect; "
                f"{sum(1 for s in model.segments if s.parent is not None)} sub-segments)",
            ),
            ("Partners and advisers", len(model.partners)),
            ("Outcome objectives", len(model.objectives)),
            ("Principles", len(model.principles)),
            ("Measures and targets", measures),
        ],
    )


def segment_html(segment: Segment) -> str:
    """A segment's defining fields: category, unit, parent, cut, size, priority, voice, needs."""
    category = str(segment.category)
    if segment.target_kind is not None:
        category += f" ({segment.target_kind})"
    return field_table(
        f"Segment {segment.id}: {segment.name}",
        [
            ("Category", category),
            ("Unit", segment.unit),
            ("Stakeholder", segment.stakeholder),
            ("Parent", segment.parent),
            ("Cut", segment.cut),
            ("Size", size_text(segment.size)),
            ("Priority", segment.priority),
            ("Voice", segment.voice),
            ("Need", segment.need),
            ("Interest", segment.interest),
            ("Behaviour", segment.behaviour),
            ("Aims", ", ".join(segment.aims)),
            ("Same as", ", ".join(segment.same_as)),
        ],
    )


def unit_html(unit: Unit) -> str:
    """A unit's kind, status, parents and description."""
    kind = str(unit.kind)
    if unit.is_organisation:
        kind += " (an organisation)"
    return field_table(
        f"Unit {unit.id}: {unit.name}",
        [
            ("Kind", kind),
            ("Status", unit.status),
            ("Parents", ", ".join(unit.parents)),
            ("Description", unit.description),
        ],
    )
