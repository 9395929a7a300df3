"""Where a finding's underline starts and ends, in the protocol's lines and columns."""

from __future__ import annotations

import pytest

from cfgov.lsp.convert import line_of, range_at
from cfgov.model import Location


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
