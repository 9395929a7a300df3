"""Notebook reprs: short, accessible HTML tables with every user-written text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cfgov import (
    CheckResult,
    Finding,
    Location,
    Model,
    OutcomeObjective,
    Segment,
    Severity,
    Size,
    Stakeholder,
    Unit,
    check,
    load,
    readiness,
)
from cfgov.report.html import frames_html, readiness_html, table_html

DWP = Path(__file__).resolve().parents[2] / "examples" / "dwp"

NASTY = '<script>alert("x")</script> & <b>bold</b>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"


class _Tags(HTMLParser):
    """Collects the tags and attributes of a fragment, to check its structure."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(fragment: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser.tags


def assert_safe_table(fragment: str) -> None:
    """A table with a caption, headers that carry scope, and no markup from user text."""
    tags = tags_of(fragment)
    names = [t for t, _ in tags]
    assert names[:2] == ["table", "caption"]
    assert {"script", "b", "style", "link", "img"}.isdisjoint(names)
    headers = [a for t, a in tags if t == "th"]
    assert headers, "a table needs header cells"
    assert all(a.get("scope") in {"row", "col"} for a in headers)
    assert "http" not in fragment


def nasty_model() -> Model:
    unit = Unit(id="unit-<1>", name=NASTY, kind="local_authority", description=NASTY)
    return Model(
        units=[unit],
        stakeholders=[Stakeholder(id="s&h", name=NASTY)],
        segments=[
            Segment(
                id="seg-<x>",
                name=NASTY,
                category="target",
                unit="unit-<1>",
                stakeholder="s&h",
                cut=NASTY,
                need=NASTY,
                size=Size(value=24_000_000, source=NASTY, as_of="2002"),
                priority=2,
            )
        ],
        objectives=[OutcomeObjective(id="o", statement=NASTY, segments=["seg-<x>"])],
    )


def test_model_repr_escapes_names_and_counts_what_it_holds() -> None:
    fragment = nasty_model()._repr_html_()
    assert_safe_table(fragment)
    assert ESCAPED in fragment
    assert "unit-&lt;1&gt;" in fragment
    assert "1 (1 target, 0 indirect; 0 sub-segments)" in fragment


def test_segment_repr_shows_its_fields_escaped() -> None:
    segment = nasty_model().segment("seg-<x>")
    fragment = segment._repr_html_()
    assert_safe_table(fragment)
    caption = re.search(r"<caption>(.*?)</caption>", fragment)
    assert caption is not None
    assert caption.group(1) == f"Segment seg-&lt;x&gt;: {ESCAPED}"
    assert "24,000,000 (" + ESCAPED + ", 2002)" in fragment
    assert "s&amp;h" in fragment
    # Fields that are not set are left out rather than shown empty.
    assert "Behaviour" not in fragment
    assert "Parent" not in fragment


def test_unit_repr_shows_kind_and_escaped_description() -> None:
    fragment = nasty_model().unit("unit-<1>")._repr_html_()
    assert_safe_table(fragment)
    assert "local_authority (an organisation)" in fragment
    assert fragment.count(ESCAPED) == 2  # the name in the caption, the description


def test_check_result_repr_lists_findings_escaped_and_cut_short() -> None:
    findings = tuple(
        Finding(
            code="CFG109",
            severity=Severity.WARNING,
            message=f"{NASTY} {n}",
            entity="seg-<x>",
            location=Location("a<b>.yaml", n, 3) if n % 2 else None,
        )
        for n in range(1, 26)
    )
    result = CheckResult(findings=findings, suppressed=(), rules=())
    fragment = result._repr_html_()
    assert_safe_table(fragment)
    assert "0 info, 25 warning, 0 error; 0 suppressed" in fragment
    assert f"{ESCAPED} 20" in fragment
    assert f"{ESCAPED} 21" not in fragment
    assert "and 5 more" in fragment
    assert "a&lt;b&gt;.yaml:1:3" in fragment
    assert "seg-&lt;x&gt;" in fragment  # a finding without a place names its entity


def test_check_result_repr_without_findings() -> None:
    result = check(load(DWP))
    fragment = result._repr_html_()
    assert_safe_table(fragment)
    assert "none from" in fragment
    assert f"{len(result.suppressed)} suppressed" in fragment


def test_readiness_html_lists_every_question() -> None:
    answers = readiness(load(DWP))
    fragment = readiness_html(answers)
    assert_safe_table(fragment)
    assert fragment.count("<tr>") == len(answers) + 1  # the header row and one per answer
    assert "not answerable from the model" in fragment


def test_table_html_escapes_and_counts_rows_left_out() -> None:
    fragment = table_html(NASTY, ["A", "B"], [(NASTY, n) for n in range(5)], limit=3)
    assert_safe_table(fragment)
    assert fragment.count("<tr>") == 1 + 3 + 1
    assert "and 2 more" in fragment
    assert ESCAPED in fragment


def test_frames_html_and_repr() -> None:
    pytest.importorskip("pandas", reason="cfgov.frames needs the optional pandas extra")
    from cfgov.report.frames import frames

    tables = frames(load(DWP))
    fragment = frames_html(tables)
    assert fragment == tables._repr_html_()
    assert_safe_table(fragment)
    assert '<th scope="row">segments</th><td>13</td>' in fragment
