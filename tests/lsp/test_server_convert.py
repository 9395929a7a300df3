"""Where a finding's underline starts and ends, in the protocol's lines and columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pygls.protocol import default_converter

from cfgov.lsp.convert import (
    Shown,
    _closing,
    _depth,
    _packed,
    _scan,
    _unpacked,
    diagnostic,
    diagnostics_message,
    line_of,
    range_at,
    shown_of,
    uri_of,
)
from cfgov.lsp.workspace import Workspace
from cfgov.model import Finding, Location, Severity
from cfgov.testing.synthetic import synthetic_files


def test_lines_end_only_where_the_protocol_ends_them() -> None:
    # A form feed or U+2028 inside a line does not start a new one for the editor.
    text = "a: 'x\x0cy'\r\nb: 'p\u2028q'\rc: 1\nd: 2"
    assert [line_of(text, n) for n in range(4)] == ["a: 'x\x0cy'", "b: 'p\u2028q'", "c: 1", "d: 2"]
    assert line_of(text, 4) == ""
    assert line_of(None, 0) == ""


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("  - {id: kids, parent: pensionrs, unit: dwp}", "pensionrs"),
        ("  - {id: kids, unit: dwp, parent: pensionrs}", "pensionrs"),
        ("    parent: pensionrs  # a comment", "pensionrs"),
        ("    name: Kids, and more  # a comment", "Kids, and more"),
        ('    name: "a # b, c"  # a comment', '"a # b, c"'),
        ("    name: 'it''s'  # a comment", "'it''s'"),
        ("    advises_on: [a, {x: [1]}, b]  # a comment", "[a, {x: [1]}, b]"),
        ("    parents: [a, pensionrs, b]", "pensionrs"),
        ('    name: "not closed', '"not closed'),
    ],
)
def test_the_underline_covers_the_value_written_there(line: str, value: str) -> None:
    start = line.rindex(value) if value == "pensionrs" else line.index(value)
    where = range_at(Location("f.yaml", 3, start + 1), f"a: 1\nb: 2\n{line}\n")
    assert (where.start.line, where.end.line) == (2, 2)
    assert line[where.start.character : where.end.character] == value


@given(st.sampled_from("'\""), st.text(alphabet="'\"\\ab ,[]{}#:", max_size=12))
def test_a_closing_quote_is_found_where_the_scanner_finds_it(quote: str, rest: str) -> None:
    # Quoted values are closed by a search, not a scan character by character: the same
    # place, or none, for doubled single quotes, backslashes and unclosed quotes.
    text = quote + rest
    after = next(_scan(text + " "), None)
    assert _closing(text) == (None if after is None else after[0])


def _scanned_depth(text: str) -> tuple[int, int | None]:
    """How deep the brackets end, and where the first one closes, by the character scan."""
    depth, closed = 0, None
    for index, char in _scan(text):
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0 and closed is None:
                closed = index + 1
            depth = max(depth, 0)
    return depth, closed


@given(st.sampled_from("[{"), st.text(alphabet="'\"\\ab ,[]{}", max_size=16))
def test_brackets_are_matched_where_the_scanner_matches_them(bracket: str, rest: str) -> None:
    # Lines without quotes are searched for brackets, not scanned character by character.
    text = bracket + rest
    depth, closed = _scanned_depth(text)
    assert _depth(text) == depth
    assert _closing(text) == closed


@given(st.tuples(*[st.integers(0, 2**31) | st.integers(0, 300)] * 3))
def test_a_span_kept_as_one_number_reads_back_the_same(span: tuple[int, int, int]) -> None:
    # Lines and columns too large for the packing are kept as they are.
    assert _unpacked(_packed(*span)) == span


def test_many_files_at_once_give_what_each_finding_gives_alone(tmp_path: Path) -> None:
    # The first load converts every finding together, reading each file once; the
    # related places in other files must come out as converting one by one gives them.
    for name, text in synthetic_files(10, 100).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    snapshot = Workspace(tmp_path).load()
    found = dict(snapshot.diagnostics)
    elsewhere = [
        other
        for file, findings in found.items()
        for finding in findings
        for other in finding.related
        if (where := snapshot.sources.locate(other)) is not None and where.file != file
    ]
    assert len(elsewhere) > 10  # the case this is about
    shown = shown_of(found, snapshot)
    together = {file: [one.typed() for one in parts] for file, parts in shown.items()}
    assert together == {
        file: [diagnostic(f, snapshot.texts.get(file), snapshot) for f in findings]
        for file, findings in found.items()
    }
    related = [r for shown in together.values() for d in shown for r in d.related_information or ()]
    assert all(r.location.uri.startswith("file://") and r.message for r in related)
    # What the server sends is written as JSON text directly: once parsed, the same as
    # lsprotocol makes of the objects.
    converter = default_converter()
    for file, parts in shown.items():
        sent = json.loads(diagnostics_message(uri_of(file), parts))
        assert sent == {
            "jsonrpc": "2.0",
            "method": "textDocument/publishDiagnostics",
            "params": {
                "uri": uri_of(file),
                "diagnostics": [converter.unstructure(d) for d in together[file]],
            },
        }


@given(
    st.text(),
    st.text(min_size=1) | st.none(),
    st.sampled_from(["name", None]),
    st.lists(st.text(min_size=1), max_size=3),
    st.sampled_from(list(Severity)),
)
def test_json_text_is_the_json_of_the_diagnostic_for_any_text(
    message: str, hint: str | None, field: str | None, related: list[str], severity: Severity
) -> None:
    """Quotes, control characters, characters outside ASCII (escaped) and absent values
    all come out as encoding the diagnostic's objects gives."""
    shown = Shown.__new__(Shown)
    shown.finding = Finding(
        code="CFG101", severity=severity, message=message, hint=hint, entity=None, field=field
    )
    shown.span = _packed(3, 1, 5)
    shown.related = [
        ("file:///m/\u00e9t\u00e9.yaml", _packed(n, 0, 2), r) for n, r in enumerate(related)
    ]
    assert json.loads(shown.json_text()) == default_converter().unstructure(shown.typed())
    assert diagnostics_message("file:///a.yaml", [shown, shown]).isascii()
