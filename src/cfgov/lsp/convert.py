"""cfgov's findings and places as the Language Server Protocol writes them.

cfgov counts lines and columns from 1, in characters; the protocol counts from 0,
and by default in UTF-16 code units, so a column after an emoji or a character
outside the Basic Multilingual Plane moves. Every conversion goes through the
line's text, which the snapshot holds.
"""

from __future__ import annotations

from lsprotocol import types
from pygls.uris import from_fs_path

from cfgov.lsp.workspace import Snapshot
from cfgov.model import Finding, Location, Severity

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def line_of(text: str | None, line: int) -> str:
    """The text of a line (counted from 0), without its ending; empty past the end."""
    if text is None:
        return ""
    lines = text.splitlines()
    return lines[line] if 0 <= line < len(lines) else ""


def utf16_column(line_text: str, column: int) -> int:
    """A column counted in characters (from 0) as UTF-16 code units (from 0)."""
    prefix = line_text[:column]
    return len(prefix.encode("utf-16-le", "surrogatepass")) // 2


def character_column(line_text: str, units: int) -> int:
    """A column counted in UTF-16 code units (from 0) as characters (from 0)."""
    count = 0
    for index, char in enumerate(line_text):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(line_text)


def uri_of(file: str) -> str:
    """The ``file://`` address of a model file."""
    return from_fs_path(file) or file


def range_at(location: Location, text: str | None) -> types.Range:
    """The range a finding at ``location`` underlines: from its place to the end of the
    value written there (the rest of the line, less trailing blanks and a comment)."""
    if location.line is None or location.sheet is not None:
        return types.Range(types.Position(0, 0), types.Position(0, 0))
    line = location.line - 1
    content = line_of(text, line)
    start = max((location.column or 1) - 1, 0)
    if location.column is None:
        start = len(content) - len(content.lstrip())
    end = _value_end(content, start)
    return types.Range(
        types.Position(line, utf16_column(content, start)),
        types.Position(line, utf16_column(content, max(end, start))),
    )


def _value_end(content: str, start: int) -> int:
    rest = content[start:]
    cut = rest.find(" #")
    if cut >= 0 and not rest.lstrip().startswith(("'", '"')):
        rest = rest[:cut]
    return start + len(rest.rstrip())


def diagnostic(finding: Finding, text: str | None, snapshot: Snapshot) -> types.Diagnostic:
    """A finding or a problem as the editor shows it: its code, its message with the hint
    below it (how to fix), and the places of the entries it names."""
    location = finding.location or Location("")
    message = finding.message
    if finding.hint:
        message = f"{message}\n{finding.hint}"
    related = []
    sources = snapshot.sources
    for other in finding.related:
        where = sources.locate(other) if sources is not None else None
        if where is None or where.line is None or where.sheet is not None:
            continue
        related.append(
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=uri_of(where.file), range=range_at(where, snapshot.texts.get(where.file))
                ),
                message=f"{other!r} is here",
            )
        )
    return types.Diagnostic(
        range=range_at(location, text),
        message=message,
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        source="cfgov",
        related_information=related or None,
        data={"entity": finding.entity, "field": finding.field},
    )
