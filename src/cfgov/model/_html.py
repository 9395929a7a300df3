"""Small HTML tables for notebook reprs (``_repr_html_``); not public.

Jupyter shows an object's ``_repr_html_`` instead of its ``repr``. These
helpers build short tables with a caption and header cells that carry
``scope``, and escape every piece of text, since names and statements are
written by users. No styles, scripts or links: a notebook renders them as
they are, and so does any other viewer.

This module knows no model type (it imports nothing from :mod:`cfgov.model`):
each type builds its own rows and calls :func:`field_table` or
:func:`grid_table`, and :func:`attrs_html` shows any attrs record field by
field. That keeps the model's modules free of import cycles.
"""

from __future__ import annotations

import enum
import html
import re
from collections.abc import Iterable, Sequence

import attrs

#: How many names or rows a repr lists before it says "and N more".
MAX_ITEMS = 20

_FACTORY: type = attrs.Factory  # type: ignore[assignment]

#: Rows: a label and a value; a value of None or "" is left out.
Rows = Iterable[tuple[str, object]]


def escape(value: object) -> str:
    """The text of a value, escaped for HTML (quotes included)."""
    return html.escape(str(value), quote=True)


def field_table(caption: str, rows: Rows) -> str:
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


def share(value: float | None) -> str | None:
    """A share from 0 to 1 as a percentage to one place: ``0.3125`` is ``31.3%``."""
    return None if value is None else f"{value * 100:.1f}%"


def size_text(value: float, source: str | None, as_of: str | None) -> str:
    """A segment's size with its source and date, e.g. ``24,000,000 (DWP, 2002)``."""
    about = ", ".join(part for part in (source, as_of) if part)
    return f"{number(value)} ({about})" if about else number(value)


def words_of(name: str) -> str:
    """A class name as words: ``OutcomeObjective`` is ``Outcome objective``."""
    parts = re.findall(r"[A-Z][a-z0-9]*", name) or [name]
    return " ".join([parts[0], *(p.lower() for p in parts[1:])])


def label_of(field: str) -> str:
    """A field name as a row label: ``baseline_date`` is ``Baseline date``."""
    text = field.replace("_", " ")
    return text[:1].upper() + text[1:]


def text_of(value: object) -> str | None:
    """A field's value as one line of text; None (left out) when it says nothing.

    Enumerations show as their YAML words, numbers with separators, pairs as
    ``name: value``, suppressions as ``CODE (reason)``, nested records by id
    (or their first field), and lists cut short past :data:`MAX_ITEMS`.
    """
    if value is None or value in ("", ()):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        parts = [_item_text(item) for item in value]
        return some([p for p in parts if p])
    return _item_text(value)


def _item_text(item: object) -> str:
    if isinstance(item, tuple) and len(item) == 2:
        return f"{text_of(item[0])}: {text_of(item[1])}"
    code, reason = getattr(item, "code", None), getattr(item, "reason", None)
    if isinstance(code, str) and isinstance(reason, str):
        return f"{code} ({reason})"
    if attrs.has(type(item)):
        ident = getattr(item, "id", None)
        if isinstance(ident, str):
            return ident
        first = attrs.fields(type(item))[0].name  # type: ignore[arg-type]
        return text_of(getattr(item, first)) or ""
    return text_of(item) or ""


def attrs_html(
    record: object,
    caption: str | None = None,
    *,
    skip: Iterable[str] = (),
    extra: Rows = (),
) -> str:
    """Any attrs record as a field table: each field set away from its default, then ``extra``.

    The caption is the type's name in words, with the record's ``id`` and its
    ``name`` or ``statement`` when it has them (``Measure m1: Claims in 5 days``).
    """
    cls = type(record)
    fields = attrs.fields(cls)  # type: ignore[arg-type]
    ident = getattr(record, "id", None)
    title = getattr(record, "name", None) or getattr(record, "statement", None)
    shown_in_caption: set[str] = set()
    if caption is None:
        caption = words_of(cls.__name__)
        if isinstance(ident, str):
            caption += f" {ident}"
            shown_in_caption.add("id")
            if isinstance(title, str):
                caption += f": {title}"
                shown_in_caption.add("name" if getattr(record, "name", None) else "statement")
    left_out = set(skip) | shown_in_caption
    rows: list[tuple[str, object]] = []
    for field in fields:
        if field.name in left_out:
            continue
        value = getattr(record, field.name)
        default = field.default
        if default is not attrs.NOTHING and not isinstance(default, _FACTORY) and value == default:
            continue
        rows.append((label_of(field.name), text_of(value)))
    rows.extend(extra)
    if all(value is None or value == "" for _, value in rows):
        rows.append(("Other fields", "none set"))
    return field_table(caption, rows)
