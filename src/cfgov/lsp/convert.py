"""cfgov's findings and places as the Language Server Protocol writes them.

cfgov counts lines and columns from 1, in characters; the protocol counts from 0,
and by default in UTF-16 code units, so a column after an emoji or a character
outside the Basic Multilingual Plane moves. Every conversion goes through the
line's text, which the snapshot holds.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence

from lsprotocol import types
from pygls.uris import from_fs_path

from cfgov.lsp.workspace import Snapshot
from cfgov.model import Finding, Location, Severity

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


#: Where a finding with no location is shown: the first character of its file.
_NOWHERE = Location("")

#: The line endings the protocol knows (``str.splitlines`` knows more, such as U+2028).
_LINE_END = re.compile(r"\r\n|\r|\n")


@functools.lru_cache(maxsize=16)
def _lines(text: str) -> tuple[str, ...]:
    """The lines of a text, split once however many findings it holds."""
    if "\r" not in text:
        return tuple(text.split("\n"))  # the same lines, many times quicker
    return tuple(_LINE_END.split(text))


def line_of(text: str | None, line: int) -> str:
    """The text of a line (counted from 0), without its ending; empty past the end.

    Lines end as the protocol ends them: at ``\\n``, ``\\r\\n`` or ``\\r``, and no other
    character (the YAML reader reports the others as problems of their own).
    """
    if text is None:
        return ""
    lines = _lines(text)
    return lines[line] if 0 <= line < len(lines) else ""


def utf16_column(line_text: str, column: int) -> int:
    """A column counted in characters (from 0) as UTF-16 code units (from 0)."""
    prefix = line_text[:column]
    if prefix.isascii():
        return len(prefix)
    return len(prefix.encode("utf-16-le", "surrogatepass")) // 2


def character_column(line_text: str, units: int) -> int:
    """A column counted in UTF-16 code units (from 0) as characters (from 0)."""
    count = 0
    for index, char in enumerate(line_text):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(line_text)


@functools.lru_cache(maxsize=65536)
def uri_of(file: str) -> str:
    """The ``file://`` address of a model file."""
    return from_fs_path(file) or file


def range_at(location: Location, text: str | None) -> types.Range:
    """The range a finding at ``location`` underlines: from its place to the end of the
    value written there (the rest of the line, less trailing blanks and a comment)."""
    return _range(*span_at(location, text))


def _range(line: int, start: int, end: int) -> types.Range:
    return types.Range(types.Position(line, start), types.Position(line, end))


def span_at(location: Location, text: str | None) -> tuple[int, int, int]:
    """What :func:`range_at` gives, as its line and its first and last columns."""
    if location.line is None or location.sheet is not None:
        return (0, 0, 0)
    line = location.line - 1
    content = line_of(text, line)
    start = max((location.column or 1) - 1, 0)
    if location.column is None:
        start = len(content) - len(content.lstrip())
    end = _value_end(content, start)
    return (line, utf16_column(content, start), utf16_column(content, max(end, start)))


def _value_end(content: str, start: int) -> int:
    """Where the value written at ``start`` ends on its line: after its closing quote or
    bracket; in a flow collection (``{id: x, parent: y}``) at the next comma or closing
    bracket; else at the end of the line, less a comment and trailing blanks."""
    rest = content[start:]
    if rest[:1] in ("'", '"', "[", "{"):
        closed = _closing(rest)
        if closed is not None:
            return start + closed
    end = len(rest)
    comment = rest.find(" #")
    if comment >= 0:
        end = comment
    before = content[:start]
    if ("[" in before or "{" in before) and _depth(before) > 0:
        for stop in ",]}":
            found = rest.find(stop, 0, end)
            if found >= 0:
                end = found
    return start + len(rest[:end].rstrip())


def _scan(text: str) -> Iterator[tuple[int, str]]:
    """Each character of a line of YAML outside quotes, with its place."""
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                if quote == "'" and text[index + 1 : index + 2] == "'":
                    index += 1  # '' inside single quotes is a quote
                else:
                    quote = ""
        elif char in "'\"" and (index == 0 or text[index - 1] in " ,[{:"):
            quote = char
        else:
            yield index, char
        index += 1


#: The brackets of flow collections.
_BRACKETS = re.compile(r"[\[\]{}]")


def _outside_quotes(text: str) -> Iterator[tuple[int, str]]:
    """Each bracket of a line of YAML outside quotes, with its place: found by a search
    where the line has no quotes (most lines), else by the scan of every character."""
    if "'" in text or '"' in text:
        return ((index, char) for index, char in _scan(text) if char in "[]{}")
    return ((found.start(), found.group()) for found in _BRACKETS.finditer(text))


def _depth(text: str) -> int:
    """How many flow collections (``[`` or ``{``) are open at the end of ``text``."""
    depth = 0
    for _, char in _outside_quotes(text):
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(depth - 1, 0)
    return depth


def _closing(text: str) -> int | None:
    """Just after the quote or bracket that closes the one ``text`` starts with."""
    if text[0] == "'" or (text[0] == '"' and "\\" not in text):
        # The next quote that is not doubled ('' inside single quotes is a quote; double
        # quotes without a backslash have no escapes): found without a scan.
        end = text.find(text[0], 1)
        while end >= 0 and text[0] == "'" and text[end + 1 : end + 2] == "'":
            end = text.find("'", end + 2)
        return None if end < 0 else end + 1
    if text[0] == '"':  # the first place outside the quotes again
        after = next(_scan(text + " "), None)
        return None if after is None else after[0]
    depth = 0
    for index, char in _outside_quotes(text):
        if char in "[{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return index + 1
    return None


def diagnostic(finding: Finding, text: str | None, snapshot: Snapshot) -> types.Diagnostic:
    """A finding or a problem as the editor shows it: its code, its message with the hint
    below it (how to fix), and the places of the entries it names."""
    elsewhere: dict[str, list[_Pointer]] = {}
    shown = Shown(finding, snapshot, elsewhere)
    shown.span = _packed(*span_at(finding.location or _NOWHERE, text))
    _fill({}, elsewhere, snapshot)
    return shown.typed()


def shown_of(found: Mapping[str, Sequence[Finding]], snapshot: Snapshot) -> dict[str, list[Shown]]:
    """Each finding as the editor will show it, in plain parts, to be made into the
    protocol's objects or JSON text (:meth:`Shown.typed`, :meth:`Shown.json_text`) when sent:
    small, so that a first load need not hold the JSON of every file at once.

    Each file's text is read and split into lines once, for both the findings shown in
    it and the related places that findings in other files point into it: at 100,000
    segments a first load shows over a hundred thousand findings, many pointing into
    other files.
    """
    elsewhere: dict[str, list[_Pointer]] = {}
    shown = {
        file: [Shown(finding, snapshot, elsewhere) for finding in findings]
        for file, findings in found.items()
    }
    _fill(shown, elsewhere, snapshot)
    return shown


#: A line and first and last columns, as one number when they fit (nearly always): a
#: first load holds hundreds of thousands at once.
_Span = int | tuple[int, int, int]
_BITS = 21
_MASK = (1 << _BITS) - 1


def _packed(line: int, start: int, end: int) -> _Span:
    if line > _MASK or start > _MASK or end > _MASK:
        return (line, start, end)
    return line << 2 * _BITS | start << _BITS | end


def _unpacked(span: _Span) -> tuple[int, int, int]:
    if isinstance(span, tuple):
        return span
    return span >> 2 * _BITS, span >> _BITS & _MASK, span & _MASK


#: A related place: the address of its file, its line, first and last columns (packed by
#: :func:`_packed`), and the id of the entry there.
_Related = tuple[str, _Span, str]

#: A place another entry is to be shown at, once its file's text is at hand: the list it
#: goes in, its index there, the entry's id and where it was written.
_Pointer = tuple[list[_Related], int, str, Location]


class Shown:
    """A finding as the editor shows it, in plain parts (see :meth:`typed`, :meth:`json_text`);
    its range and related places are filled in later, file by file, by :func:`_fill`."""

    __slots__ = ("finding", "related", "span")

    def __init__(
        self,
        finding: Finding,
        snapshot: Snapshot,
        elsewhere: dict[str, list[_Pointer]],
    ) -> None:
        self.finding = finding
        self.span: _Span = 0
        related: list[_Related] = []
        # Only a model that is the files as they are now says truly where an entry is.
        sources = snapshot.sources if snapshot.current and finding.related else None
        for other in finding.related:
            where = sources.locate(other) if sources is not None else None
            if where is None or where.line is None or where.sheet is not None:
                continue
            elsewhere.setdefault(where.file, []).append((related, len(related), other, where))
            related.append(("", 0, other))
        self.related: list[_Related] | tuple[()] = related or ()

    def typed(self) -> types.Diagnostic:
        finding = self.finding
        related = [
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=uri, range=_range(*_unpacked(span))),
                message=_here(other),
            )
            for uri, span, other in self.related
        ]
        return types.Diagnostic(
            range=_range(*_unpacked(self.span)),
            message=self.message,
            severity=SEVERITIES[finding.severity],
            code=finding.code,
            source="cfgov",
            related_information=related or None,
            data={"entity": finding.entity, "field": finding.field},
        )

    @property
    def message(self) -> str:
        """The finding's message, with the hint (how to fix) below it."""
        finding = self.finding
        return f"{finding.message}\n{finding.hint}" if finding.hint else finding.message

    def json_text(self) -> str:
        """The diagnostic as JSON text (compact), written directly: what lsprotocol's
        converter makes of :meth:`typed` (a test holds them equal), a few times quicker
        than making the objects and encoding them. A first load at 100,000 segments
        sends over a hundred thousand."""
        finding = self.finding
        related = self.related
        text = (
            f'{{"range":{_json_range_text(self.span)},"message":{_quote(self.message)},'
            f'"severity":{_SEVERITY_VALUES[finding.severity]},"code":{_quote(finding.code)},'
            f'"source":"cfgov","data":{{"entity":{_quote_or_null(finding.entity)},'
            f'"field":{_quote_or_null(finding.field)}}}'
        )
        if not related:
            return text + "}"
        places = ",".join(
            f'{{"location":{{"uri":{_quote(uri)},"range":{_json_range_text(span)}}},'
            f'"message":{_quote(_here(other))}}}'
            for uri, span, other in related
        )
        return f'{text},"relatedInformation":[{places}]}}'


def diagnostics_message(uri: str, shown: Sequence[Shown]) -> bytes:
    """The whole ``textDocument/publishDiagnostics`` notification for one file, as the
    JSON text sent (ASCII: every other character escaped)."""
    diagnostics = ",".join(one.json_text() for one in shown)
    return (
        '{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics",'
        f'"params":{{"uri":{_quote(uri)},"diagnostics":[{diagnostics}]}}}}'
    ).encode("ascii")


#: A string as JSON text, every character outside ASCII escaped (what ``json.dumps``
#: does to a string, in C).
_quote: Callable[[str], str] = json.encoder.encode_basestring_ascii

_SEVERITY_VALUES = {severity: shown.value for severity, shown in SEVERITIES.items()}


def _quote_or_null(text: str | None) -> str:
    return "null" if text is None else _quote(text)


def _json_range_text(span: _Span) -> str:
    line, start, end = _unpacked(span)
    return (
        f'{{"start":{{"line":{line},"character":{start}}},'
        f'"end":{{"line":{line},"character":{end}}}}}'
    )


def _here(entity: str) -> str:
    """What a related place says: which entry is there."""
    return f"{entity!r} is here"


def _fill(
    own: Mapping[str, Sequence[Shown]],
    elsewhere: Mapping[str, list[_Pointer]],
    snapshot: Snapshot,
) -> None:
    """Fill in the ranges of the findings shown in each file, and the related places
    pointing into it, file by file: each file's text is split into lines once."""
    texts = snapshot.texts
    for file in dict.fromkeys([*own, *elsewhere]):
        text = texts.get(file)
        for shown in own.get(file, ()):
            shown.span = _packed(*span_at(shown.finding.location or _NOWHERE, text))
        pointers = elsewhere.get(file)
        if pointers:
            uri = uri_of(file)
            for related, index, other, where in pointers:
                related[index] = (uri, _packed(*span_at(where, text)), other)
