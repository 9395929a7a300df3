"""The one shape every problem takes: load problems, model problems and rule findings.

A :class:`Finding` says what is wrong (``message``), how to put it right
(``hint``), which entity and field it is about, and, when the model came from
files, where (``location``). Output formats treat all findings alike.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping

import attrs

from cfgov.model import _html

#: The most characters of a user's value that a message or hint quotes back.
EXCERPT_CHARS = 60

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def excerpt(value: str, limit: int = EXCERPT_CHARS) -> str:
    """A user's value as a message may show it: at most ``limit`` characters, escaped.

    Characters that are not printable (control codes such as ESC, line breaks,
    invisible formatting marks) are written as escapes (``\\x1b``, ``\\n``,
    ``\\u202e``), so that nothing from a file can move the cursor, recolour a
    terminal or break a line of the output. A longer value is cut with ``…``, so
    that a file holding a secret or a pasted page is never quoted whole.
    """
    if len(value) <= limit and value.isprintable():
        return value  # the common case
    pieces: list[str] = []
    size = 0
    for ch in value[: limit + 1]:
        piece = ch if ch.isprintable() else _escape(ch)
        if size + len(piece) > limit:
            while size > limit - 1:  # make room for the ellipsis
                size -= len(pieces.pop())
            pieces.append("\u2026")
            break
        pieces.append(piece)
        size += len(piece)
    return "".join(pieces)


def quoted(value: str, limit: int = EXCERPT_CHARS) -> str:
    """:func:`excerpt` in quotes, as ``repr`` quotes text: ``'Staff'``, ``"Landlords' Forum"``."""
    text = excerpt(value, limit)
    return f'"{text}"' if "'" in text and '"' not in text else "'" + text.replace("'", "\\'") + "'"


def _escape(ch: str) -> str:
    known = _ESCAPES.get(ch)
    if known is not None:
        return known
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


class Severity(enum.Enum):
    """How much a finding matters; ordered ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """The severity as a number to sort and compare by (info 0, warning 1, error 2)."""
        return _RANKS[self]

    def __str__(self) -> str:
        return self.value


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

# Characters no UTF-8 text can hold: the bytes of a file name that are not UTF-8 (kept
# by os.fsdecode as "surrogate escapes", U+DC80 to U+DCFF) and stray halves of pairs.
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str, backslash: str = "\\") -> str:
    """``text`` as any UTF-8 writer can write it: each byte of a file name that is not
    UTF-8 as ``\\xNN`` (``caf\\xe9.yaml``), any other lone surrogate as U+FFFD.

    ``backslash`` is what to write for the backslash (``"\\\\"`` inside a JSON string).
    """

    def escape(found: re.Match[str]) -> str:
        code = ord(found.group())
        if 0xDC80 <= code <= 0xDCFF:
            return f"{backslash}x{code - 0xDC00:02x}"
        return "\ufffd"

    return _SURROGATE.sub(escape, text)


@attrs.frozen(order=True)
class Location:
    """A place in a source file. ``line`` and ``column`` count from 1.

    A problem with a whole file (unreadable, not UTF-8 at an unknown place)
    has no line or column. In a workbook, ``sheet`` names the sheet, ``line``
    is the row and ``column`` the column's number (column C is 3): the place
    is shown as a spreadsheet names it, ``book.xlsx!Segments!C12``.
    """

    file: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None

    @property
    def cell(self) -> str | None:
        """In a workbook, the cell as a spreadsheet names it (``C12``; ``12:12`` for a
        whole row, as a spreadsheet's Name Box takes it); None elsewhere or for a sheet."""
        if self.sheet is None or self.line is None:
            return None
        if self.column is None:
            return f"{self.line}:{self.line}"
        return f"{column_letters(self.column)}{self.line}"

    def __str__(self) -> str:
        file = printable(self.file)  # a name that is not UTF-8 shows as caf\\xe9.yaml
        if self.sheet is not None:
            where = f"{file}!{printable(self.sheet)}"
            cell = self.cell
            return where if cell is None else f"{where}!{cell}"
        if self.line is None:
            return file
        if self.column is None:
            return f"{file}:{self.line}"
        return f"{file}:{self.line}:{self.column}"


def column_letters(number: int) -> str:
    """A column's letters as a spreadsheet shows them: 1 is A, 27 is AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@attrs.frozen(kw_only=True)
class Finding:
    """One problem found in a model or in the files it came from.

    ``code`` is stable (``CFG0xx`` for problems that stop a model loading,
    ``CFG1xx`` for advice from the report). ``entity`` is the id of the
    entity at fault, ``field`` the dotted path of the field within it
    (``"measures.0.target"``), when there is one. ``related`` names other
    entities involved (the id a dangling reference points at, say).
    """

    code: str
    severity: Severity
    message: str
    hint: str | None = None
    entity: str | None = None
    field: str | None = None
    location: Location | None = None
    related: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)

    def sort_key(self) -> tuple[str, str, int, int, str, str]:
        """Order by file, sheet, line, column, then code: how people read a report."""
        loc = self.location
        if loc is None:
            return ("", "", 0, 0, self.code, self.entity or "")
        return (
            loc.file,
            loc.sheet or "",
            loc.line or 0,
            loc.column or 0,
            self.code,
            self.entity or "",
        )

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location is not None else ""
        what = f" [{self.entity}]" if self.location is None and self.entity else ""
        text = f"{where}{self.code} {self.severity}{what}: {self.message}"
        if self.hint:
            text += f". {self.hint}"
        return text

    def _repr_html_(self) -> str:
        """The finding's message, hint and place as a short table, for Jupyter."""
        return _html.field_table(
            f"{self.code} {self.severity}",
            [
                ("Message", self.message),
                ("Hint", self.hint),
                ("Where", None if self.location is None else str(self.location)),
                ("Entity", self.entity),
                ("Field", self.field),
                ("Related", _html.text_of(self.related)),
            ],
        )


def _check_code(_inst: object, _attr: object, value: str) -> None:
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        raise ValueError(f"a rule code is letters then digits, such as CFG106, not {value!r}")


def _check_reason(_inst: object, _attr: object, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a suppression needs a reason: say why the advice does not apply")


_CODE = re.compile(r"[A-Z][A-Z0-9]*[0-9]")


@attrs.frozen
class Suppression:
    """A rule the team has consciously chosen not to follow for one entity, and why.

    Written in YAML as ``ignore: {CFG106: "reason"}``. The reason is required:
    the report's advice is "not a science" (tip T15), but departing from it
    should be a decision someone can read later.
    """

    code: str = attrs.field(validator=_check_code)
    reason: str = attrs.field(validator=_check_reason)


def suppressions(
    value: Mapping[str, str] | Iterable[Suppression],
) -> tuple[Suppression, ...]:
    """Accept ``{code: reason}`` or Suppression objects; store a tuple in the order given."""
    if isinstance(value, Mapping):
        return tuple(Suppression(code, reason) for code, reason in value.items())
    return tuple(value)
