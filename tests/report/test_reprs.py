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


# -- every type has a readable HTML repr ------------------------------------------------


def hostile_records() -> dict[str, object]:
    """One of every type a notebook shows, each with hostile text in every text field."""
    from cfgov import (
        Aim,
        Demand,
        Feedback,
        KnowledgeSource,
        LoadError,
        Measure,
        Partner,
        Principle,
        Result,
        ServiceStandard,
        progress_of,
    )

    measure = Measure(
        id="m-<1>",
        name=NASTY,
        unit="%",
        type="percentage",
        baseline=60,
        baseline_date="2024",
        target=80,
        deadline="2027",
        method=NASTY,
    )
    unit = Unit(id="u-<1>", name=NASTY, kind="local_authority", description=NASTY)
    segment = Segment(
        id="seg-<x>",
        name=NASTY,
        category="target",
        unit="u-<1>",
        need=NASTY,
        knowledge_sources=[KnowledgeSource(source=NASTY, kind="research")],
    )
    objective = OutcomeObjective(
        id="o-<1>", statement=NASTY, segments=["seg-<x>"], measures=[measure]
    )
    standard = ServiceStandard(id="std-<1>", statement=NASTY)
    principle = Principle(id="p-<1>", name=NASTY, statement=NASTY, standards=[standard])
    results = [
        Result(measure="m-<1>", period="2025", actual=70, target=75, comment=NASTY, source=NASTY),
        Result(measure="m-<1>", period="2026", actual=72, breakdown={"channel": NASTY}),
    ]
    feedback = Feedback(
        segment="seg-<x>",
        period="2025-Q3",
        source=NASTY,
        channel=NASTY,
        asked=100,
        answered=40,
        scores={10: 20, 9: 10, 3: 10},
        themes={NASTY: 7},
    )
    demand = Demand(
        segment="seg-<x>",
        period="2025-04",
        channel=NASTY,
        value=900,
        failure_types={NASTY: 300},
        comment=NASTY,
    )
    model = Model(
        units=[unit],
        aims=[Aim(id="a-<1>", unit="u-<1>", statement=NASTY, reference=NASTY)],
        stakeholders=[Stakeholder(id="s-<1>", name=NASTY, description=NASTY)],
        segments=[segment],
        partners=[Partner(id="pa-<1>", name=NASTY, role="representative", description=NASTY)],
        objectives=[objective],
        principles=[principle],
        results=results,
        feedback=[feedback],
        demand=[demand],
    )
    finding = Finding(
        code="CFG109",
        severity=Severity.WARNING,
        message=NASTY,
        hint=NASTY,
        entity="seg-<x>",
        location=Location("a<b>.yaml", 3, 1),
    )
    return {
        "Unit": unit,
        "Aim": model.aims[0],
        "Stakeholder": model.stakeholders[0],
        "Segment": segment,
        "Partner": model.partners[0],
        "OutcomeObjective": objective,
        "Measure": measure,
        "Principle": principle,
        "ServiceStandard": standard,
        "Size": Size(value=1_500_000, source=NASTY, as_of="2002"),
        "KnowledgeSource": segment.knowledge_sources[0],
        "Result": results[0],
        "Feedback": feedback,
        "Demand": demand,
        "Progress": progress_of(model, "m-<1>"),
        "Finding": finding,
        "LoadError": LoadError([finding], files=["a<b>.yaml"]),
        "CheckResult": CheckResult(findings=(finding,), suppressed=(), rules=()),
        "Model": model,
    }


RECORDS = hostile_records()


@pytest.mark.parametrize("name", list(RECORDS))
def test_every_type_has_an_escaped_html_repr_of_its_own(name: str) -> None:
    record = RECORDS[name]
    assert type(record).__name__ == name
    fragment = record._repr_html_()  # type: ignore[attr-defined]
    assert_safe_table(fragment)
    # Every record quotes hostile text (Progress only its measure's id), escaped.
    assert ESCAPED in fragment if name != "Progress" else "m-&lt;1&gt;" in fragment
    # The plain repr stays one readable line, not the HTML.
    shown = repr(record)
    assert shown.startswith(("<", name)), shown
    assert "<table" not in shown


def test_the_html_of_evidence_says_what_the_records_say() -> None:
    feedback = RECORDS["Feedback"]._repr_html_()  # type: ignore[attr-defined]
    assert "Feedback from seg-&lt;x&gt; for 2025-Q3" in feedback
    assert '<th scope="row">Responses</th><td>40</td>' in feedback
    assert '<th scope="row">High scores (9-10)</th><td>75.0%</td>' in feedback
    assert '<th scope="row">Response rate</th><td>40.0%</td>' in feedback
    demand = RECORDS["Demand"]._repr_html_()  # type: ignore[attr-defined]
    assert '<th scope="row">Failure demand</th><td>300</td>' in demand
    assert '<th scope="row">Failure share</th><td>25.0%</td>' in demand
    progress = RECORDS["Progress"]._repr_html_()  # type: ignore[attr-defined]
    assert "<caption>Progress of m-&lt;1&gt;: " in progress
    assert '<th scope="row">Latest</th><td>70 (2025)</td>' in progress  # whole measure only
    result = RECORDS["Result"]._repr_html_()  # type: ignore[attr-defined]
    assert "<caption>Result of m-&lt;1&gt; for 2025</caption>" in result
    assert '<th scope="row">Target</th><td>75</td>' in result
    measure = RECORDS["Measure"]._repr_html_()  # type: ignore[attr-defined]
    assert f"<caption>Measure m-&lt;1&gt;: {ESCAPED}</caption>" in measure
    assert '<th scope="row">Baseline date</th><td>2024</td>' in measure
    model = RECORDS["Model"]._repr_html_()  # type: ignore[attr-defined]
    assert '<th scope="row">Results</th><td>2</td>' in model
    load_error = RECORDS["LoadError"]._repr_html_()  # type: ignore[attr-defined]
    assert "1 problem stopped the model loading" in load_error
    assert "a&lt;b&gt;.yaml:3:1" in load_error


def test_a_model_without_evidence_does_not_count_it() -> None:
    assert "Results" not in Model()._repr_html_()


def test_fields_left_at_their_defaults_are_left_out() -> None:
    fragment = Stakeholder(id="s", name="Staff")._repr_html_()  # type: ignore[attr-defined]
    assert "Internal staff" not in fragment
    shown = Stakeholder(id="s", name="Staff", internal_staff=True)._repr_html_()  # type: ignore[attr-defined]
    assert '<th scope="row">Internal staff</th><td>yes</td>' in shown
