"""Evidence in the reports: status tables, charts drawn by matplotlib, Mermaid xycharts.

The charts are tested for real (matplotlib is part of the test extra); one test
takes matplotlib away and checks the report is still complete, with tables.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from test_hostile import NASTY, assert_valid_html, assert_valid_markdown, mermaid_blocks

import cfgov
from cfgov import (
    Demand,
    Feedback,
    Measure,
    Model,
    OutcomeObjective,
    Result,
    Segment,
    Unit,
)
from cfgov.report import charts
from cfgov.report.document import render_html, render_markdown

ROOT = Path(__file__).resolve().parents[2]
DWP = ROOT / "examples" / "dwp"

_FIGURE = re.compile(r'<figure class="chart"[^>]*>(.*?)</figure>', re.S)


@pytest.fixture(scope="module")
def dwp() -> Model:
    return cfgov.load(DWP)


def charted_measures(model: Model) -> list[Measure]:
    """The measures with a result for the whole measure with a figure: those with a chart."""
    return [
        m
        for _, m in model.measures()
        if any(
            not r.breakdown and isinstance(r.actual, int | float) for r in model.results_for(m.id)
        )
    ]


def council(name: str = "Council tenants", theme: str = "Fixed first time") -> Model:
    """A council with one measure, feedback over two quarters and demand over three months."""
    return Model(
        units=[Unit(id="c", name="Borough council", kind="local_authority")],
        segments=[Segment(id="tenants", name=name, category="target", unit="c", priority=1)],
        objectives=[
            OutcomeObjective(
                id="o",
                statement="Repairs fixed right first time",
                segments=["tenants"],
                measures=[
                    Measure(
                        id="m-first-time",
                        name=f"Repairs {name} fixed first time",
                        type="percentage",
                        unit="%",
                        baseline=60,
                        baseline_date="2024-03",
                        target=90,
                        deadline="2026-03",
                    ),
                    Measure(id="m-none", name="Measure with no results", target=5),
                ],
            )
        ],
        results=[
            Result(measure="m-first-time", period="2024-Q2", actual=64),
            Result(measure="m-first-time", period="2024-Q3", actual=66, target=68),
            Result(measure="m-first-time", period="2024-Q4", actual=72),
        ],
        feedback=[
            Feedback(
                segment="tenants",
                period="2024-Q3",
                source="Repairs text survey",
                asked=100,
                answered=40,
                scores={10: 10, 9: 5, 8: 5, 3: 20},
                themes={theme: 12, "Come when you say": 7},
            ),
            Feedback(
                segment="tenants",
                period="2024-Q4",
                source="Repairs text survey",
                asked=100,
                answered=50,
                scores={10: 20, 9: 10, 7: 10, 2: 10},
                themes={theme: 20, "Come when you say": 4},
            ),
        ],
        demand=[
            Demand(
                segment="tenants",
                period=f"2024-{month:02d}",
                value=600,
                failure=400 - 50 * month,
                failure_types={"chasing progress": 300 - 50 * month, "repeat visit": 100},
            )
            for month in (1, 2, 3)
        ],
    )


# -- HTML ---------------------------------------------------------------------------------------


def test_the_dwp_report_draws_one_chart_per_measure_with_results(dwp: Model) -> None:
    page = render_html(dwp)
    assert_valid_html(page)
    figures = _FIGURE.findall(page)
    with_results = charted_measures(dwp)
    assert len(with_results) == 6
    assert len(figures) == len(with_results)
    for measure, figure in zip(with_results, figures, strict=True):
        svg = re.search(r"<svg\b.*?</svg>", figure, re.S)
        assert svg is not None
        root = ET.fromstring(svg.group(0))
        assert root.get("role") == "img"
        title = root.find("{http://www.w3.org/2000/svg}title")
        assert title is not None
        assert title.get("id") == root.get("aria-labelledby")
        assert measure.name in (title.text or "")
        assert measure.name in figure.split("<figcaption>")[1]
        # The figures as a table, one row per period charted.
        table = re.search(r"<details><summary>[^<]*</summary>\s*<table>.*?</table>", figure, re.S)
        assert table is not None
        periods = [r.period for r in dwp.results_for(measure.id) if not r.breakdown]
        for period in periods:
            assert f'<th scope="row">{period}</th>' in table.group(0)
    # The take-up measure has no results: no chart of it, but a row with "no data".
    take_up = dwp.measure("dwp-pc-m-take-up")
    assert not any(take_up.name in f for f in figures)
    assert re.search(rf"{take_up.name}</th><td>—</td>.*?<strong>no data</strong>", page)


def test_a_progress_chart_marks_the_target_baseline_and_deadline() -> None:
    page = render_html(council())
    figures = _FIGURE.findall(page)
    assert (
        len(figures) == 3
    )  # progress of one measure (not the one with no results), scores, demand
    progress = figures[0]
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", progress)
    for label in ("Actual", "Target 90%", "Baseline 60%", "Deadline 2026-03"):
        assert label in texts
    for period in ("2024-Q2", "2024-Q3", "2024-Q4"):
        assert period in texts
    assert "Target for the period" in texts  # 2024-Q3 gives its own target
    assert "Measure with no results" not in "".join(figures)


def test_status_tables_use_the_models_judgement() -> None:
    model = council()
    page = render_html(model)
    progress = cfgov.progress_of(model, "m-first-time")
    assert progress.status.words in ("on track", "at risk", "off track")
    row = re.search(r"Repairs Council tenants fixed first time</th>(.*?)</tr>", page, re.S)
    assert row is not None
    assert f"<strong>{progress.status.words}</strong>" in row.group(1)
    assert progress.reason in row.group(1)
    assert "up 6 points since 2024-Q3 (better)" in row.group(1)
    # The status table per segment too, with the count of statuses.
    assert "Status of the measures of the objectives for Council tenants" in page


def test_feedback_shows_the_distribution_shares_and_themes() -> None:
    model = council()
    summary = cfgov.feedback_summary(model, "tenants")
    assert summary is not None
    page = render_html(model)
    scores = _FIGURE.findall(page)[1]
    assert "Score distribution of Council tenants in 2024-Q4" in scores
    assert len(re.findall(r"<rect\b|<path\b", scores)) > 11  # eleven bars and the axes
    table = re.search(r"<table>.*?</table>", scores, re.S)
    assert table is not None
    counts = re.findall(r'<th scope="row">(\d+)</th><td class="num">([\d,]+)</td>', table.group(0))
    assert [int(n) for _, n in counts] == list(summary.distribution)
    assert "60% scored 9 or 10, 20% 0 to 6" in page
    assert "50 answered of 100 asked" in page
    assert re.search(r"Fixed first time</th><td class=\"num\">20</td>", page)
    assert "Feedback from Council tenants, period by period" in page


def test_demand_shows_the_mix_over_time_and_its_trend() -> None:
    model = council()
    latest = cfgov.demand_summary(model, "tenants")
    assert latest is not None
    page = render_html(model)
    demand = _FIGURE.findall(page)[2]
    assert "Demand mix of Council tenants over time" in demand
    for month, failure in (("2024-01", "350"), ("2024-02", "300"), ("2024-03", "250")):
        assert re.search(
            rf"{month}</th><td class=\"num\">600</td><td class=\"num\">{failure}", demand
        )
    assert "chasing progress: 150" in demand
    assert f"{latest.total:,} contacts in 2024-03" in page
    assert "29.4% of them failure demand; down 3.9 points since 2024-02 (better)" in page


def test_a_model_without_evidence_has_no_evidence_section() -> None:
    model = council()
    plain = Model(units=model.units, segments=model.segments, objectives=model.objectives)
    assert 'id="evidence"' not in render_html(plain)
    assert "## Evidence" not in render_markdown(plain)
    assert "xychart-beta" not in render_markdown(plain)
    assert 'id="evidence"' in render_html(model)


def test_charts_are_the_same_every_time_and_leave_matplotlib_as_they_found_it() -> None:
    import matplotlib

    before = dict(matplotlib.rcParams)
    first, second = render_html(council()), render_html(council())
    assert first == second
    assert dict(matplotlib.rcParams) == before
    assert "<metadata>" not in first
    assert "Date" not in "".join(_FIGURE.findall(first))
    # matplotlib's style rule for every element is not let loose on the page.
    assert "*{" not in first.replace(" ", "")


def test_the_report_is_complete_without_matplotlib(
    monkeypatch: pytest.MonkeyPatch, dwp: Model
) -> None:
    with_charts = render_html(council())
    for name in [n for n in sys.modules if n == "matplotlib" or n.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    assert not charts.available()
    page = render_html(council())
    assert_valid_html(page)
    assert "<svg" not in "".join(_FIGURE.findall(page))
    assert page.count("matplotlib is not installed") == 1
    assert "pip install &#x27;cfgov[charts]&#x27;" in page
    # Every figure the charts were drawn from is there, as an open table.
    tables = lambda html: re.findall(r"<table>.*?</table>", html, re.S)  # noqa: E731
    assert tables(page) == tables(with_charts)
    assert len(_FIGURE.findall(page)) == 3
    assert "<details><summary>The figures in this chart" not in page
    # The DWP report too; Markdown never needed matplotlib.
    assert len(_FIGURE.findall(render_html(dwp))) == 6
    assert render_markdown(dwp).count("xychart-beta") == 6


# -- hostile text -------------------------------------------------------------------------------


def test_hostile_names_and_themes_are_escaped_in_svg_and_html() -> None:
    model = council(name=f"Tenants $x^2$ {NASTY}", theme=f"Theme {NASTY}")
    page = render_html(model)
    checker = assert_valid_html(page)
    shown = " ".join(" ".join(checker.text).split())
    assert "<script>alert(1)</script>" in shown
    assert "<script" not in page.replace("&lt;script", "")
    for figure in _FIGURE.findall(page):
        svg = re.search(r"<svg\b.*?</svg>", figure, re.S)
        assert svg is not None
        root = ET.fromstring(svg.group(0))  # the user's text did not break the XML
        texts = [" ".join("".join(t.itertext()).split()) for t in root.iter()]
        assert any("$x^2$" in t for t in texts)  # not read as mathtext: shown as written
        assert any("<script>alert(1)</script>" in t for t in texts)
    assert "Theme A | B" in shown


def test_hostile_evidence_keeps_the_markdown_whole_and_its_xycharts_parse(
    mermaid_parse: Callable[[Sequence[str]], list[str | None]],
) -> None:
    model = council(name=f'Tenants "q" {NASTY}', theme=f"Theme {NASTY}")
    text = render_markdown(model)
    page = assert_valid_markdown(text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    blocks = [b for b in mermaid_blocks(text) if b.startswith("xychart-beta")]
    assert len(blocks) == 3
    assert mermaid_parse(blocks) == [None] * len(blocks)


# -- Markdown -----------------------------------------------------------------------------------


def test_markdown_has_the_tables_and_an_xychart_per_chart(
    dwp: Model, mermaid_parse: Callable[[Sequence[str]], list[str | None]]
) -> None:
    text = render_markdown(dwp)
    assert_valid_markdown(text)
    blocks = [b for b in mermaid_blocks(text) if b.startswith("xychart-beta")]
    names = [m.name for m in charted_measures(dwp)]
    assert len(blocks) == len(names)
    for name, block in zip(names, blocks, strict=True):
        # The title is the name, cut short at 60 characters.
        assert block.split("\n")[1].startswith(f'    title "{name[:50]}')
        assert re.search(r"^    bar \[[\d., ]+\]$", block, re.M)
        assert re.search(r"^    line \[[\d., ]+\]$", block, re.M)
    assert (
        "| Measure | Latest period | Actual | Expected | Target | Status | Reason | Trend |" in text
    )
    assert "**off track**" in text
    council_text = render_markdown(council())
    more = [b for b in mermaid_blocks(council_text) if b.startswith("xychart-beta")]
    assert len(more) == 3
    # The real parser accepts them all, and would refuse a broken one.
    broken = "xychart-beta\n    x-axis [a, b]\n    bar [1, two]\n"
    assert mermaid_parse([*blocks, *more, broken])[:-1] == [None] * (len(blocks) + len(more))
    assert mermaid_parse([broken]) != [None]


def _progress_chart(actual: Sequence[float], target: float | None) -> charts.ProgressChart:
    import datetime

    periods = tuple(f"202{i}" for i in range(len(actual)))
    return charts.ProgressChart(
        title="Days to fill a vacancy",
        periods=periods,
        ends=tuple(datetime.date(2020 + i, 12, 31) for i in range(len(actual))),
        actual=tuple(actual),
        targets=tuple(None for _ in actual),
        target=target,
    )


def test_the_markdown_progress_bars_rise_from_zero_so_none_looks_like_nothing() -> None:
    # Mermaid draws bars up from the bottom of the axis: an axis starting at the
    # smallest figure (58 here) would show 58 as no bar at all beside 74.
    text = charts.xychart_progress(_progress_chart([74, 69, 63, 58], 50))
    assert re.search(r'y-axis "value" 0 --> 77\.7\b', text), text
    alone = charts.xychart_progress(_progress_chart([3], None))
    assert re.search(r'y-axis "value" 0 --> 3\.15\b', alone), alone
    # Figures below 0 (money: a deficit) take the axis below 0 with them.
    deficit = charts.xychart_progress(_progress_chart([-60, -40], -50))
    assert re.search(r'y-axis "value" -60 --> ', deficit), deficit


def test_a_progress_caption_does_not_describe_a_line_style_the_markdown_lacks(
    dwp: Model,
) -> None:
    text = render_markdown(dwp)
    assert "against the target of 95%" in text
    assert "dashed" not in text
