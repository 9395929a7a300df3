"""The Markdown and HTML report: the DWP table, escaping, scope, sections and speed."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

import cfgov
from cfgov import Aim, Model, Segment, Severity, Size, Stakeholder, Unit
from cfgov.report.document import people, render_html, render_markdown, report_title

ROOT = Path(__file__).resolve().parents[2]
DWP = ROOT / "examples" / "dwp"
TEACHERS = ROOT / "examples" / "dfes-teachers"

#: The DWP table in the report (Barker 2002, Component 1), as the report writes the sizes.
DWP_SUB_SEGMENTS = {
    "Under 16s as future savers": "not given",
    "Future pensioners not seeking work (carers and disabled people)": "7.7m",
    "Jobseekers as future savers": "1.5m",
    "Employees with a private second pension": "14.4m",
    "Employees without a private second pension": "9.6m",
    "Self-employed with a private second pension": "1.6m",
    "Self-employed without a private second pension": "1.6m",
}
DWP_TOTALS = {
    "Future pensioners not in paid employment": "9.2m",
    "Future pensioners working for an employer": "24m",
    "Self-employed future pensioners": "3.2m",
}


@pytest.fixture(scope="module")
def dwp() -> Model:
    return cfgov.load(DWP)


def _markdown_section(text: str, title: str) -> str:
    """The body of the ``## title`` section of a Markdown report."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match is not None, f"no section {title!r}"
    return match.group(1)


def _markdown_rows(section: str, caption_start: str) -> list[list[str]]:
    """The body rows of the first table whose caption starts with ``caption_start``."""
    start = section.index(f"*{caption_start}")
    rows: list[list[str]] = []
    for line in section[start:].splitlines()[4:]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
        rows.append([c.strip() for c in cells])
    return rows


def _plain(cell: str) -> str:
    """A Markdown cell as the words it shows: emphasis and escapes removed."""
    return re.sub(r"\\(.)", r"\1", re.sub(r"(?<!\\)\*", "", cell))


# -- the bar: the DWP table -------------------------------------------------------------------


def test_the_dwp_table_shows_every_sub_segment_with_its_size_and_the_totals(dwp: Model) -> None:
    text = render_markdown(dwp)
    rows = _markdown_rows(
        _markdown_section(text, "Department for Work and Pensions"), "Segments of"
    )
    assert [r[:2] for r in rows if r[0]] == [
        ["**Future pensioners of pre-working age**", "not given"],
        *([f"**{name}**", size] for name, size in DWP_TOTALS.items()),
        ["**The public as taxpayers** *(indirect customer)*", "not given"],
    ]
    subs = {_plain(r[2]).removesuffix(" (The Pension Service)"): r[3] for r in rows if not r[0]}
    assert subs == DWP_SUB_SEGMENTS
    # Each sub-segment row carries its own objective, as in the report's table.
    objectives = {_plain(r[2]).removesuffix(" (The Pension Service)"): r[4] for r in rows}
    assert objectives["Jobseekers as future savers"].startswith(
        "Prompt thinking about saving for retirement on return to work"
    )
    assert all(objectives[name] != "—" for name in DWP_SUB_SEGMENTS)


def test_a_unit_table_shows_the_broad_segments_it_refines_for_context(dwp: Model) -> None:
    text = render_markdown(dwp)
    rows = _markdown_rows(_markdown_section(text, "The Pension Service"), "Segments of")
    heads = [_plain(r[0]) for r in rows if r[0]]
    assert "Future pensioners not in paid employment (set by Department for Work and Pensions)" in (
        heads
    )
    assert "Pensioners as claimants of their full entitlement" in heads
    assert "Under 16s as future savers" not in {_plain(r[2]) for r in rows}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (7_700_000, "7.7m"),
        (24_000_000, "24m"),
        (14_400_000.0, "14.4m"),
        (950_000, "950k"),
        (960_000, "960k"),
        (12_345, "12.3k"),
        (10_000, "10k"),
        (9_999, "9,999"),
        (1_200, "1,200"),
        (0, "0"),
        (999_960, "1m"),  # not "1000k"
        (999_960_000, "1bn"),
        (2_500_000_000, "2.5bn"),
        (0.5, "0.5"),
    ],
)
def test_people_writes_sizes_the_way_the_report_does(value: float, written: str) -> None:
    assert people(value) == written


def test_people_refuses_what_is_not_a_number() -> None:
    with pytest.raises(TypeError):
        people("7.7m")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        people(True)


def _rollup_model(*child_sizes: float | None, parent_size: float | None = None) -> Model:
    def size(value: float | None) -> Size | None:
        return None if value is None else Size(value=value)

    children = [
        Segment(
            id=f"child-{i}",
            name=f"Child {i}",
            category="target",
            unit="org",
            parent="broad",
            size=size(value),
        )
        for i, value in enumerate(child_sizes)
    ]
    broad = Segment(id="broad", name="Broad", category="target", unit="org", size=size(parent_size))
    return Model(
        units=[Unit(id="org", name="Org", kind="local_authority")],
        segments=[broad, *children],
    )


def _broad_size(model: Model) -> str:
    rows = _markdown_rows(_markdown_section(render_markdown(model), "Org"), "Segments of")
    return rows[0][1]


def test_a_broad_segment_without_a_size_shows_the_total_of_its_sub_segments() -> None:
    assert _broad_size(_rollup_model(7_700_000, 1_500_000)) == "9.2m (total of sub-segments)"
    assert _broad_size(_rollup_model(7_700_000, None)) == (
        "at least 7.7m (total of the sub-segments with a size)"
    )
    assert _broad_size(_rollup_model(None, None)) == "not given"
    # Its own figure wins over the sum, even when they disagree (CFG119 reports that).
    assert _broad_size(_rollup_model(1_000, 2_000, parent_size=5_000)) == "5,000"


def test_sizes_roll_up_through_several_levels_without_recursion() -> None:
    depth = 3000  # deeper than Python's recursion limit
    segments = [Segment(id="s0", name="Level 0", category="target", unit="org")]
    for level in range(1, depth):
        segments.append(
            Segment(
                id=f"s{level}",
                name=f"Level {level}",
                category="target",
                unit="org",
                parent=f"s{level - 1}",
                size=Size(value=1_200) if level == depth - 1 else None,
            )
        )
    model = Model(units=[Unit(id="org", name="Org", kind="local_authority")], segments=segments)
    assert _broad_size(model) == "1,200 (total of sub-segments)"
    page = render_html(model)
    assert page.count("<ul>") >= depth  # the cascade outline nests all the way down


# -- objectives, standards, partners, hats ----------------------------------------------------


def test_objectives_show_their_measures_target_and_method(dwp: Model) -> None:
    section = _markdown_section(render_markdown(dwp), "The Pension Service")
    rows = _markdown_rows(section, "Outcome objectives of")
    dignity = next(r for r in rows if r[0].startswith("Safeguard and build up"))
    assert "*(up-side)*" in dignity[0]
    assert dignity[1] == "Pensioners as claimants of their full entitlement"
    assert dignity[3] == "100%"
    assert dignity[5] == "benefit records compared with survey-based estimates of entitlement"


def test_service_standards_sit_under_their_principles(dwp: Model) -> None:
    section = _markdown_section(render_markdown(dwp), "The Pension Service")
    rows = _markdown_rows(section, "Service standards of")
    principles = [_plain(r[0]).split(":")[0] for r in rows if r[0]]
    assert principles == ["Dignity", "Trust", "Accessibility", "Transparency", "Clarity"]
    trust = principles.index("Trust")
    under_trust = rows[[i for i, r in enumerate(rows) if r[0]][trust] :][:6]
    # The level is the target, then "higher is better" where the measure says so.
    levels = [(_plain(r[2]).split(" (")[0], r[3].split(";")[0], r[5]) for r in under_trust]
    assert ("Assessments that are accurate", "95%", "sample check of completed assessments") in (
        levels
    )
    assert (
        "Awards that are consistent for the same circumstances",
        "100%",
        "mystery shopping",
    ) in (levels)
    assert ("Claims processed within 5 days", "80%", "case management and workflow systems") in (
        levels
    )


def test_partners_and_advisers_are_listed_per_segment(dwp: Model) -> None:
    section = _markdown_section(render_markdown(dwp), "The Pension Service")
    rows = _markdown_rows(section, "Partners and advisers for")
    assert ["Pensioners as claimants of their full entitlement", "Age Concern England"] in [
        r[:2] for r in rows
    ]


def test_every_hat_a_stakeholder_wears_is_listed() -> None:
    model = cfgov.load(TEACHERS)
    section = _markdown_section(render_markdown(model), "Stakeholders and their hats")
    rows = _markdown_rows(section, "Each stakeholder")
    hats_by_stakeholder: dict[str, list[str]] = {}
    current = ""
    for row in rows:
        current = _plain(row[0]) or current
        hats_by_stakeholder.setdefault(current, []).append(_plain(row[1]))
    for stakeholder in model.stakeholders:
        roles = model.roles_of(stakeholder.id)
        if roles:
            assert hats_by_stakeholder[stakeholder.name] == [r.name for r in roles]
    assert max(len(h) for h in hats_by_stakeholder.values()) >= 4  # teachers wear many


# -- HTML -------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Collects what the HTML tests look at: tables, headers, links, scripts, diagrams."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tables: list[dict[str, int]] = []
        self.unscoped_th = 0
        self.urls: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        for name in ("src", "href", "xlink:href", "action", "data"):
            if found.get(name):
                self.urls.append(found[name] or "")
        if tag == "table":
            self.tables.append({"caption": 0, "th": 0, "col": 0, "row": 0})
        elif tag == "caption" and self.tables:
            self.tables[-1]["caption"] += 1
        elif tag == "th" and self.tables:
            self.tables[-1]["th"] += 1
            scope = found.get("scope")
            if scope in ("col", "row"):
                self.tables[-1][scope] += 1
            else:
                self.unscoped_th += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_html_is_one_accessible_page(dwp: Model) -> None:
    page = render_html(dwp, result=cfgov.check(dwp), readiness=cfgov.readiness(dwp))
    parsed = _parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in page
    assert parsed.tables, "the report has tables"
    for table in parsed.tables:
        assert table["caption"] == 1
        assert table["col"] >= 2
        assert table["row"] >= 1
    assert parsed.unscoped_th == 0
    assert "<style>" in page
    assert "@media print" in page


def test_html_fetches_nothing_and_runs_nothing(dwp: Model) -> None:
    page = render_html(dwp, result=cfgov.check(dwp), readiness=cfgov.readiness(dwp))
    parsed = _parse(page)
    assert parsed.urls, "the contents links are there"
    assert all(url.startswith("#") for url in parsed.urls)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "script" not in parsed.tags
    for tag in ("link", "img", "iframe", "object", "embed"):
        assert tag not in parsed.tags
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(?!#)", page)  # only references within the page


def test_html_embeds_both_diagrams_with_a_list_alternative(dwp: Model) -> None:
    page = render_html(dwp)
    figures = re.findall(r"<figure>(.*?)</figure>", page, re.S)
    assert len(figures) == 2
    for figure in figures:
        assert re.match(r"\s*<svg\b[^>]*\brole=\"img\"", figure)
        assert "<title" in figure
        alternative = re.search(r"<details><summary>[^<]*</summary>\s*(<ul>.*</ul>)", figure, re.S)
        assert alternative is not None
    organisation, cascade = (
        re.search(r"<details>.*", f, re.S).group(0)  # type: ignore[union-attr]
        for f in figures
    )
    assert re.search(
        r"Department for Work and Pensions.*?<ul><li>The Pension Service", organisation
    )
    assert re.search(
        r"Future pensioners not in paid employment \(9\.2m\)<ul><li>"
        r"Future pensioners not seeking work \(carers and disabled people\) \(7\.7m\)",
        cascade,
    )


def test_markdown_embeds_both_diagrams_as_mermaid(dwp: Model) -> None:
    text = render_markdown(dwp)
    blocks = re.findall(r"^```mermaid\n(.*?)^```$", text, re.M | re.S)
    # The two diagrams; the evidence's charts (tests/report/test_charts.py) are xycharts.
    diagrams = [block for block in blocks if not block.startswith("xychart-beta")]
    assert len(diagrams) == 2
    assert all(block.startswith("flowchart") for block in diagrams)
    assert "```mermaid\n```" not in text


def test_unit_sections_collapse_once_a_model_is_large() -> None:
    units = [Unit(id="org", name="Org", kind="local_authority")]
    units += [Unit(id=f"u{i}", name=f"Unit {i}", parents=["org"]) for i in range(20)]
    # Each unit holds an aim of its own, so each keeps a section of its own.
    aims = [Aim(id=f"a-{u.id}", unit=u.id, statement="Serve people well") for u in units]
    page = render_html(Model(units=units, aims=aims))
    assert page.count("<details><summary><h2>") == 21
    small = render_html(Model(units=units[:3], aims=aims[:3]))
    assert small.count("<details open><summary><h2>") == 3


def test_a_joint_unit_is_written_out_once_in_the_outline() -> None:
    model = Model(
        units=[
            Unit(id="co", name="Cabinet Office", kind="ministerial_department"),
            Unit(id="dwp", name="DWP", kind="ministerial_department"),
            Unit(id="smc", name="Social Mobility Commission", parents=["co", "dwp"]),
            Unit(id="smc-research", name="Research team", parents=["smc"]),
        ]
    )
    page = render_html(model)
    outline = re.findall(
        r"<details><summary>The same diagram as a list</summary>\s*(.*?)</details>", page, re.S
    )[0]
    assert outline.count("Social Mobility Commission") == 2
    assert outline.count("Research team") == 1
    assert "(shown above)" in outline
    assert page.count('<section id="unit-smc">') == 1


# -- escaping ---------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> | **bold** [link](http://example.com) & `tick`"


def _hostile_model() -> Model:
    return Model(
        units=[Unit(id="org", name="Org <b>", kind="local_authority")],
        stakeholders=[Stakeholder(id="st", name=HOSTILE)],
        segments=[
            Segment(id="s1", name=HOSTILE, category="target", unit="org", stakeholder="st"),
            Segment(
                id="s2",
                name="Sub " + HOSTILE,
                category="target",
                unit="org",
                parent="s1",
                cut='"quoted" <cut>',
                size=Size(value=1_200),
            ),
        ],
    )


def test_user_text_is_escaped_in_html() -> None:
    page = render_html(_hostile_model(), title="Report <script>x</script>")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>Report &lt;script&gt;x&lt;/script&gt;</title>" in page
    assert "<b>" not in page
    parsed = _parse(page)
    assert "script" not in parsed.tags
    assert HOSTILE in "".join(parsed.text)  # the words themselves are shown as written


def test_user_text_is_escaped_in_markdown() -> None:
    text = render_markdown(_hostile_model())
    assert "<script>" not in text
    outside_diagrams = re.sub(r"^```mermaid\n.*?^```$", "", text, flags=re.M | re.S)
    assert not re.search(r"(?<!\\)\]\(", outside_diagrams)  # no link made from a name
    rows = _markdown_rows(_markdown_section(text, "Org \\<b\\>"), "Segments of")
    assert len(rows) == 2
    assert all(len(row) == 5 for row in rows)  # a | in a name does not add a column
    assert _plain(rows[0][0]) == HOSTILE


# -- scope ------------------------------------------------------------------------------------


def test_unit_restricts_the_report_to_that_unit_and_below(dwp: Model) -> None:
    text = render_markdown(dwp, unit="dwp-pension-service")
    headings = re.findall(r"^## (.*)$", text, re.M)
    assert "The Pension Service" in headings
    assert "Department for Work and Pensions" not in headings
    assert "The public as taxpayers" not in text  # a DWP segment with no part below it
    assert "Future pensioners of pre-working age" not in text
    hats = _markdown_rows(_markdown_section(text, "Stakeholders and their hats"), "Each")
    assert {r[3] for r in hats} == {"The Pension Service"}
    page = render_html(dwp, unit="dwp-pension-service")
    assert 'id="unit-dwp"' not in page
    assert 'id="unit-dwp-pension-service"' in page


def test_unit_must_exist(dwp: Model) -> None:
    with pytest.raises(KeyError, match="no-such-unit"):
        render_markdown(dwp, unit="no-such-unit")


# -- findings and readiness -------------------------------------------------------------------

NEEDS_WORK = """\
organisations:
  - {id: org, name: Anytown Council, kind: local_authority}
units:
  - {id: hr, name: Human resources, kind: internal_service, parents: [org]}
stakeholders:
  - {id: staff, name: Council staff, internal_staff: true}
segments:
  - id: residents
    name: Residents
    category: target
    unit: org
  - id: staff-as-customers
    name: Staff as users of HR
    category: target
    unit: hr
    stakeholder: staff
  - id: neighbours
    name: Neighbouring councils
    category: indirect
    unit: org
"""


@pytest.fixture(scope="module")
def needs_work(tmp_path_factory: pytest.TempPathFactory) -> tuple[Model, cfgov.CheckResult]:
    folder = tmp_path_factory.mktemp("needs-work")
    (folder / "model.yaml").write_text(NEEDS_WORK, encoding="utf-8")
    model, sources = cfgov.load_with_sources(folder)
    return model, cfgov.check(model, sources)


def test_findings_are_grouped_by_severity_with_place_and_hint(
    needs_work: tuple[Model, cfgov.CheckResult],
) -> None:
    model, result = needs_work
    assert result.findings
    text = render_markdown(model, result=result)
    section = _markdown_section(text, "Findings")
    order = [s for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if result.counts[s]]
    titles = {
        Severity.ERROR: "Errors",
        Severity.WARNING: "Warnings",
        Severity.INFO: "For information",
    }
    found = re.findall(r"^### (.*) \((\d+)\)$", section, re.M)
    assert found == [(titles[s], str(result.counts[s])) for s in order]
    for finding in result.findings:
        assert finding.location is not None
        heading = f"### {titles[finding.severity]} ("
        part = section[section.index(heading) :]
        rows = _markdown_rows(part, titles[finding.severity])
        where = f"`{finding.location}`"
        matching = [r for r in rows if r[0] == where and r[1] == finding.code]
        assert matching, f"{finding.code} at {finding.location} is missing"
        assert finding.hint is None or any(finding.hint[:30] in _plain(r[3]) for r in matching)
    page = render_html(model, result=result)
    assert '<section id="findings">' in page


def test_findings_outside_the_unit_are_left_out(
    needs_work: tuple[Model, cfgov.CheckResult],
) -> None:
    model, result = needs_work
    text = render_markdown(model, result=result, unit="hr")
    section = _markdown_section(text, "Findings")
    about_org = [
        f
        for f in result.findings
        if f.entity is not None
        and model.kind_of(f.entity) == "segment"
        and model.segment(f.entity).unit == "org"
    ]
    assert about_org, "the fixture has findings about the council's own segments"
    for finding in about_org:
        assert f"`{finding.location}`" not in section
    assert "left out" in section


def test_findings_and_readiness_appear_only_when_given(dwp: Model) -> None:
    bare = render_markdown(dwp)
    assert "## Findings" not in bare
    assert "## Readiness" not in bare
    answers = cfgov.readiness(dwp)
    full = render_markdown(dwp, result=cfgov.check(dwp), readiness=answers)
    assert "## Findings" in full
    rows = _markdown_rows(_markdown_section(full, "Readiness"), "Readiness questions")
    assert [(r[0], r[1]) for r in rows] == [(a.question, f"**{a.answer}**") for a in answers]
    page = render_html(dwp, readiness=answers)
    assert '<section id="readiness">' in page
    assert '<section id="findings">' not in page


def test_a_clean_check_says_so_and_lists_what_was_set_aside(dwp: Model) -> None:
    result = cfgov.check(dwp)
    assert not result.findings
    assert result.suppressed
    section = _markdown_section(render_markdown(dwp, result=result), "Findings")
    assert "No findings" in section
    rows = _markdown_rows(section, "Findings a team chose to set aside")
    assert len(rows) == len(result.suppressed)


# -- size -------------------------------------------------------------------------------------


def _large_model_yaml(broad: int = 1000, per: int = 9) -> str:
    lines = [
        "organisations:",
        "  - {id: org, name: Big council, kind: local_authority}",
        "units:",
        *(f"  - {{id: u{u}, name: Unit {u}, kind: service, parents: [org]}}" for u in range(50)),
        "stakeholders:",
        "  - {id: residents, name: Residents}",
        "segments:",
    ]
    for b in range(broad):
        lines.append(
            f"  - {{id: b{b}, name: Broad {b}, category: target, unit: org, "
            f"stakeholder: residents, need: help, size: {1000 * per}}}"
        )
        lines += [
            f"  - {{id: b{b}s{k}, name: Sub {b}.{k}, category: target, unit: u{b % 50}, "
            f"parent: b{b}, cut: age, need: help, size: 1000}}"
            for k in range(per)
        ]
    lines.append("partners:")
    lines += [
        f"  - {{id: p{b}, name: Partner {b}, role: representative, represents: [b{b}s0]}}"
        for b in range(0, broad, 10)
    ]
    lines.append("objectives:")
    lines += [
        f"  - {{id: o{b}, statement: Outcome {b}, segments: [b{b}s0, b{b}s1], "
        f"measures: [{{id: m{b}, name: Share, target: 5, unit: '%', method: survey}}]}}"
        for b in range(broad)
    ]
    return "\n".join(lines) + "\n"


def test_a_10000_segment_model_renders_whole(tmp_path: Path) -> None:
    """Correctness at size; the speed against loading is measured in benchmarks/report.py."""
    (tmp_path / "model.yaml").write_text(_large_model_yaml(), encoding="utf-8")
    model = cfgov.load(tmp_path)
    assert len(model.segments) == 10_000
    for render in (render_markdown, render_html):
        assert "Sub 999.8" in render(model)


def test_markdown_renders_as_tables_in_a_commonmark_parser(dwp: Model) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable("table")
    hostile = parser.render(render_markdown(_hostile_model()))
    assert "<script>" not in hostile
    assert "<a " not in hostile
    page = parser.render(render_markdown(dwp))
    assert page.count("<table>") == render_markdown(dwp).count("\n|---|")
    for size in ("7.7m", "1.5m", "14.4m", "9.6m", "1.6m", "9.2m", "24m", "3.2m"):
        assert f"<td>{size}</td>" in page


# -- title, counts and a model with nothing to segment ---------------------------------------


def _organisations(count: int) -> list[Unit]:
    return [Unit(id=f"o{i}", name=f"Body {i}", kind="local_authority") for i in range(count)]


def test_the_title_is_the_organisation(dwp: Model) -> None:
    assert render_markdown(dwp).startswith("# Department for Work and Pensions\n")
    assert "<title>Department for Work and Pensions</title>" in render_html(dwp)
    assert "<h1>Department for Work and Pensions</h1>" in render_html(dwp)
    assert "cfgov report" not in render_html(dwp)


@pytest.mark.parametrize(
    ("count", "title"),
    [
        (2, "Body 0 and Body 1"),
        (3, "Body 0, Body 1 and Body 2"),
        (4, "Body 0 and 3 other organisations"),
        (40, "Body 0 and 39 other organisations"),
    ],
)
def test_several_organisations_are_named_or_counted_in_the_title(count: int, title: str) -> None:
    model = Model(units=_organisations(count))
    assert report_title(model) == title
    assert f"<title>{title}</title>" in render_html(model)
    text = render_markdown(model)
    assert text.startswith(f"# {title}\n")
    # The overview names every one of them, so a counted title loses nothing.
    named = re.search(r"^The organisations: (.*)\.$", _markdown_section(text, "Overview"), re.M)
    assert named is not None
    assert re.split(r", | and ", named.group(1)) == [f"Body {i}" for i in range(count)]


def test_a_report_on_a_unit_is_titled_with_the_unit_and_its_organisation(dwp: Model) -> None:
    assert report_title(dwp, "dwp-pension-service") == (
        "The Pension Service, Department for Work and Pensions"
    )
    assert report_title(dwp, "dwp") == "Department for Work and Pensions"
    assert render_markdown(dwp, unit="dwp-pension-service").startswith(
        "# The Pension Service, Department for Work and Pensions\n"
    )


def test_an_explicit_title_wins_and_a_model_without_organisations_has_one() -> None:
    model = Model()
    assert report_title(model) == "Customer segmentation model"
    assert render_markdown(model, title="Mine").startswith("# Mine\n")
    assert "<title>Mine</title>" in render_html(model, title="Mine")


def test_titles_are_escaped_and_on_one_line() -> None:
    model = Model(units=[Unit(id="o", name="A & B\n<Council> | `x`", kind="local_authority")])
    assert "<title>A &amp; B &lt;Council&gt; | `x`</title>" in render_html(model)
    assert render_markdown(model).startswith("# A \\& B \\<Council\\> \\| \\`x\\`\n")


def test_counts_are_written_with_the_right_plural(
    needs_work: tuple[Model, cfgov.CheckResult],
) -> None:
    model, result = needs_work
    counts = result.counts
    assert sum(counts.values()) > 1
    section = _markdown_section(render_markdown(model, result=result), "Findings")
    first = section.strip().splitlines()[0]
    assert first.startswith(f"{len(result.findings)} findings: ")
    assert not re.search(r"\b1 (findings|errors|warnings|segments|units)\b", section)
    assert not re.search(r"\b0 \w", first)  # a severity with no findings is not counted
    one = attrs.evolve(result, findings=result.findings[:1], suppressed=())
    only = _markdown_section(render_markdown(model, result=one), "Findings")
    severity = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(
        one.findings[0].severity, "for information"
    )
    assert only.strip().splitlines()[0] == f"1 finding: 1 {severity}."


def test_counts_under_a_unit_read_in_the_singular() -> None:
    model = Model(
        units=[
            Unit(id="org", name="Org", kind="local_authority"),
            Unit(id="svc", name="Service", parents=["org"]),
            Unit(id="team", name="Team", parents=["svc"]),
        ],
        segments=[Segment(id="s", name="Users", category="target", unit="svc")],
    )
    overview = _markdown_section(render_markdown(model, unit="svc"), "Overview")
    assert "and the 1 unit below it: 1 segment." in overview
    leaf = _markdown_section(render_markdown(model, unit="team"), "Overview")
    assert "This report covers **Team** (`team`): no segments." in leaf
    assert "0 unit" not in leaf
    html = render_html(model, unit="team")
    assert "no segments" in html


def test_a_register_only_model_is_not_said_to_follow_all_the_advice() -> None:
    model = Model(
        units=[
            Unit(id="org", name="Org", kind="local_authority"),
            Unit(id="svc", name="Service", parents=["org"]),
        ]
    )
    result = cfgov.check(model)
    text = render_markdown(model, result=result)
    assert "follows all the advice" not in text
    overview = _markdown_section(text, "Overview")
    assert "holds only the organisation graph" in overview
    if not result.findings:
        assert "holds only the organisation graph" in _markdown_section(text, "Findings")
    unit = _markdown_section(text, "Org")
    assert "No segments are set for this unit, or above it, yet." in unit
    assert "works with the segments set above it" not in text
    assert "follows all the advice" not in render_html(model, result=result)


# -- names cut short in the diagrams ----------------------------------------------------------

LONG_NAME = (
    "Residents of the borough as patient and long-suffering users of the library service "
    "who would like the opening hours extended into the evening"
)


def test_names_cut_short_in_a_diagram_are_given_in_full_beneath_it() -> None:
    model = Model(
        units=[Unit(id="org", name="Org", kind="local_authority")],
        segments=[Segment(id="s", name=LONG_NAME, category="target", unit="org")],
    )
    text = render_markdown(model)
    after = text.split("```mermaid", 2)[2].split("```", 2)[1]  # just after the cascade
    listed = re.search(r"Names cut short in the diagram, in full:\n\n- \*(.*?)\*: (.*)\n", after)
    assert listed is not None
    assert listed.group(1).endswith("…")
    assert listed.group(2) == LONG_NAME
    page = render_html(model)
    figure = re.findall(r"<figure>.*?</figure>", page, re.S)[1]
    assert f"</em>: {LONG_NAME}</li>" in figure
    # Names that fit are not listed.
    assert "Names cut short" not in render_markdown(Model(units=model.units))


def test_a_body_sponsored_by_another_is_not_named_beside_it_in_the_title() -> None:
    model = Model(
        units=[
            Unit(id="dwp", name="Department for Work and Pensions", kind="ministerial_department"),
            Unit(
                id="jcp",
                name="Jobcentre Plus",
                kind="executive_agency",
                parents=["dwp"],
            ),
        ]
    )
    assert report_title(model) == "Department for Work and Pensions"
    assert report_title(model, "jcp") == "Jobcentre Plus"


def test_the_contents_cut_a_long_unit_name_at_a_word_and_keep_it_whole_in_a_tooltip() -> None:
    model = Model(units=[Unit(id="org", name=LONG_NAME, kind="local_authority")])
    page = render_html(model)
    link = re.search(r'<li><a href="#unit-org" title="([^"]*)">([^<]*)</a></li>', page)
    assert link is not None
    assert link.group(1) == LONG_NAME
    assert link.group(2).endswith("…")
    assert LONG_NAME.startswith(link.group(2).removesuffix("…") + " ")
    assert f"<h2>{LONG_NAME}</h2>" in page  # the section itself has the name in full
    assert '<li><a href="#overview">Overview</a></li>' in page


def test_a_unit_with_no_segments_in_view_is_not_said_to_follow_all_the_advice() -> None:
    model = Model(
        units=[
            Unit(id="org", name="Org", kind="local_authority"),
            Unit(id="svc", name="Service", parents=["org"]),
            Unit(id="team", name="Team", parents=["org"]),
        ],
        segments=[Segment(id="s", name="Users", category="target", unit="svc")],
    )
    clean = attrs.evolve(cfgov.check(model), findings=(), suppressed=())
    team = _markdown_section(render_markdown(model, result=clean, unit="team"), "Findings")
    assert "this part of the model holds no segments yet" in team
    svc = _markdown_section(render_markdown(model, result=clean, unit="svc"), "Findings")
    assert "No findings: this part of the model follows all the advice checked." in svc
