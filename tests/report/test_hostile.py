"""The reports against hostile input: what a tester tries to break a report with.

Every case renders the whole report (Markdown and HTML, with findings and
readiness) and checks that the output stays valid for what reads it: the HTML
is well formed with every piece of text escaped, each Markdown table keeps
its columns in a CommonMark parser, and every Mermaid diagram parses with the
real mermaid package.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cfgov
from cfgov import (
    Aim,
    Journey,
    JourneyStage,
    JourneyStep,
    Measure,
    Model,
    OutcomeObjective,
    Partner,
    Principle,
    Segment,
    ServiceStandard,
    Severity,
    Size,
    Stakeholder,
    Unit,
)
from cfgov.report.diagrams import (
    MAX_SEGMENTS,
    journey_diagram,
    mermaid_cascade,
    mermaid_organisation,
)
from cfgov.report.diff import diff_models, render_diff_markdown, render_diff_text
from cfgov.report.document import render_html, render_markdown, report_title

ROOT = Path(__file__).resolve().parents[2]

#: Markdown, HTML and Mermaid syntax in one name, with a line break in the middle.
NASTY = (
    'A | B `tick` ``two`` <script>alert(1)</script> & &amp; "q" \'s [x](y) {z} ; end %% '
    "%%{init: {}}%% # * _ ~ \\\nsecond line"
)
WELSH = "Cyngor Sir Ynys Môn \u2013 Gwasanaeth Pensiynau ŵŷ, école à Llŷn"
#: Characters that mean something to Markdown, HTML or Mermaid, with letters and white space.
_ALPHABET = "ab Zé ŵ|`*_~[]()<>&#!\\-+=.:;'\"%{}\n\t1"
LONG = " ".join(["Residents of the borough as patient users of the library service"] * 4)


def hostile_model() -> Model:
    """Every kind of entity, each with hostile text, odd ids and non-ASCII names.

    Two organisations; a unit under one of them; a joint leaf under both. The
    broad segment is set by the first organisation and refined by the leaf, so
    a segment's parent is in another unit.
    """
    return Model(
        units=[
            Unit(
                id="org|1`<x>",
                name=f"{WELSH} | {NASTY}",
                kind="local_authority",
                description=f"1986. A year\n\n| a | b |\n|---|---|\n- not a list {NASTY}",
            ),
            Unit(id="u end;", name=f"{LONG} {NASTY}", parents=["org|1`<x>"]),
            Unit(id="org2", name="end", kind="local_authority", description="---"),
            Unit(id="leaf é", name="subgraph", parents=["org2", "u end;"]),
        ],
        aims=[Aim(id="aim|", unit="org|1`<x>", statement=f"- {NASTY}")],
        stakeholders=[Stakeholder(id="st`", name=f"St {NASTY}")],
        segments=[
            Segment(
                id="s|1",
                name=f"Seg {NASTY}",
                category="target",
                unit="org|1`<x>",
                stakeholder="st`",
                cut=f"cut|{NASTY}",
                size=Size(value=1200),
            ),
            Segment(
                id="s2 `",
                name=f"1. Sub {NASTY}",
                category="indirect",
                unit="leaf é",
                parent="s|1",
                cut="by|age",
                size=Size(value=5),
            ),
        ],
        partners=[
            Partner(
                id="p|",
                name=f"Partner {NASTY}",
                role="representative",
                represents=["s|1"],
                advises_on=["s2 `"],
            )
        ],
        objectives=[
            OutcomeObjective(
                id="o|",
                statement=f"Obj {NASTY}",
                segments=["s2 `"],
                desired_behaviour=f"DB {NASTY}",
                measures=[
                    Measure(
                        id="m|",
                        name=f"M {NASTY}",
                        unit="% |",
                        target=5,
                        method=f"Meth {NASTY}",
                        deadline="2026",
                    )
                ],
            )
        ],
        principles=[
            Principle(
                id="pr|",
                name=f"Pr {NASTY}",
                statement=f"St {NASTY}",
                objective="o|",
                standards=[
                    ServiceStandard(
                        id="ss|", statement=f"SS {NASTY}", targets=[Measure(id="t|", name="T")]
                    )
                ],
            ),
            Principle(id="pr2", name=f"Loose {NASTY}"),
        ],
        journeys=[
            Journey(
                id="j|`<x>",
                name=f"Journey: {NASTY}",
                segment="s|1",
                description=f"- {NASTY}",
                stages=[
                    JourneyStage(
                        name=f"section {NASTY}",
                        steps=[
                            JourneyStep(
                                name=f"title {NASTY}",
                                channel=f"phone, {NASTY}",
                                partner="p|",
                                feeling="bad",
                                pain=f"Pain {NASTY}",
                                measures=["m|"],
                            ),
                            JourneyStep(
                                name=f"journey {NASTY}",
                                unit="u end;",
                                hand_off=f"HO {NASTY}",
                            ),
                        ],
                    ),
                    JourneyStage(name="Empty ; stage"),
                ],
            )
        ],
    )


UNITS = (None, "org|1`<x>", "u end;", "leaf é")


# -- what valid output means ------------------------------------------------------------------

_VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "wbr", "rect", "path"})


class _Checker(HTMLParser):
    """Every element closed in order; ids, links, the title and the text, collected."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        if tag == "a":
            self.links.append(found.get("href") or "")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open[-1:] == ["title"] and "svg" not in self.open:
            self.title += data
        self.text.append(data)


def assert_valid_html(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.open == []
    assert "script" not in checker.tags
    assert len(checker.ids) == len(set(checker.ids)), "ids are unique"
    assert all(re.fullmatch(r"[^\s]+", i) for i in checker.ids), "ids have no spaces"
    for link in checker.links:
        assert link.startswith("#")
        assert link[1:] in checker.ids, f"{link} leads nowhere"
    for svg in re.findall(r"<svg\b.*?</svg>", page, re.S):
        ET.fromstring(svg)  # inline SVG is XML: it must parse as such
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]", page)
    return checker


def assert_valid_markdown(text: str) -> str:
    """The Markdown through a CommonMark parser with GitHub's tables: the HTML it becomes."""
    markdown_it = pytest.importorskip("markdown_it")
    page = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in page
    assert "<a " not in page  # no link made from a name
    assert "<hr" not in page  # no rule made from "---"
    assert "<ol" not in page  # no list made from "1986. A year"
    assert page.count("<h1>") == 1
    for table in re.findall(r"<table>.*?</table>", page, re.S):
        head, body = table.split("</thead>")
        columns = len(re.findall(r"<th[ >]", head))
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            assert len(re.findall(r"<t[dh][ >]", row)) == columns, row
    outside = re.sub(r"^```mermaid\n.*?^```$", "", text, flags=re.M | re.S)
    assert outside.count("\n## ") == page.count("<h2>")  # no heading made from user text
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]", text)
    return page


def mermaid_blocks(text: str) -> list[str]:
    return re.findall(r"^```mermaid\n(.*?)^```$", text, re.M | re.S)


def all_diagrams(model: Model, units: Sequence[str | None] = (None,)) -> Iterator[str]:
    for unit in units:
        yield mermaid_organisation(model, unit)
        yield mermaid_cascade(model, unit)
    for journey in model.journeys:
        yield journey_diagram(model, journey)


def reports(model: Model, unit: str | None = None) -> tuple[str, str]:
    result = cfgov.check(model)
    answers = cfgov.readiness(model)
    return (
        render_markdown(model, result=result, readiness=answers, unit=unit),
        render_html(model, result=result, readiness=answers, unit=unit),
    )


# -- hostile text -----------------------------------------------------------------------------


@pytest.mark.parametrize("unit", UNITS)
def test_hostile_text_leaves_the_html_well_formed_and_escaped(unit: str | None) -> None:
    model = hostile_model()
    _, page = reports(model, unit)
    checker = assert_valid_html(page)
    assert checker.title == report_title(model, unit)
    shown = " ".join(" ".join(checker.text).split())
    for words in ("<script>alert(1)</script>", "[x](y)", "``two``", "%%{init: {}}%%", "Môn"):
        assert words in shown  # shown as written, not acted on


@pytest.mark.parametrize("unit", UNITS)
def test_hostile_text_leaves_the_markdown_tables_whole(unit: str | None) -> None:
    text, _ = reports(hostile_model(), unit)
    page = assert_valid_markdown(text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "``two``" in page  # backticks shown, not taken as code


def test_lines_that_look_like_lists_or_rules_stay_paragraphs() -> None:
    text, _ = reports(hostile_model())
    assert "\n1986\\. A year" in text
    assert "\n\\-\\-\\-\n" in text or "\n\\---\n" in text  # org2's description
    assert "\n- \\- A \\|" in text  # an aim that starts with a dash


def test_control_characters_are_not_written_into_a_page() -> None:
    name = "Bell\x07 \x1b[31mred\x00 \x85next"
    model = Model(
        units=[Unit(id="o", name=name, kind="local_authority")],
        segments=[Segment(id="s", name=name, category="target", unit="o")],
    )
    text, page = reports(model)
    assert_valid_html(page)
    assert_valid_markdown(text)
    assert "Bell\ufffd \ufffd\\[31mred\ufffd \ufffdnext" in text


def test_hostile_diagrams_parse_with_the_real_mermaid(
    mermaid_parse: Callable[[Sequence[str]], list[str | None]],
) -> None:
    model = hostile_model()
    sources = [*all_diagrams(model, UNITS), *mermaid_blocks(reports(model)[0])]
    assert mermaid_parse(sources) == [None] * len(sources)


def test_every_mermaid_breaking_character_parses(
    mermaid_parse: Callable[[Sequence[str]], list[str | None]],
) -> None:
    names = [
        '"',
        "'",
        "a;b",
        "end",
        "subgraph",
        "graph TD",
        "click n1 call alert()",
        "%%",
        "%% comment",
        "%%{init: {'theme': 'dark'}}%%",
        "[x]",
        "(x)",
        "{x}",
        "((x))",
        ">x]",
        "a|b",
        "a --> b",
        "A---B",
        "x==>y",
        "#lt;",
        "#",
        "&",
        "<br/>",
        "`md`",
        "\\",
        "a:b",
        "🙂 ŵ é",
        "style n1 fill:red",
    ]
    sources = []
    for name in names:
        model = Model(
            units=[
                Unit(id=name, name=name, kind="local_authority"),
                Unit(id=name + ";end", name=name, parents=[name]),
            ],
            segments=[
                Segment(id=name + " s", name=name, category="target", unit=name),
                Segment(
                    id=name + "%%",
                    name=name,
                    category="indirect",
                    unit=name + ";end",
                    parent=name + " s",
                ),
            ],
        )
        sources += list(all_diagrams(model))
    # And names drawn at random from the characters that mean something to Mermaid.
    chance = random.Random(14)
    names += ["".join(chance.choices(_ALPHABET, k=chance.randint(1, 30))) + "x" for _ in range(200)]
    for name in names[-200:]:
        model = Model(
            units=[Unit(id="o", name=name, kind="local_authority")],
            segments=[Segment(id="s", name=name, category="target", unit="o")],
        )
        sources += list(all_diagrams(model))
    problems = [(names[i // 2], p) for i, p in enumerate(mermaid_parse(sources)) if p]
    assert problems == []
    # The same names in every place of a journey diagram: journey, stage, step and actors.
    journeys = [
        Model(
            units=[Unit(id="o", name=name, kind="local_authority")],
            segments=[Segment(id="s", name=name, category="target", unit="o")],
            journeys=[
                Journey(
                    id="j",
                    name=name,
                    segment="s",
                    stages=[
                        JourneyStage(
                            name=name, steps=[JourneyStep(name=name, channel=name, unit="o")]
                        )
                    ],
                )
            ],
        )
        for name in names
    ]
    sources = [journey_diagram(model, "j") for model in journeys]
    problems = [(names[i], p) for i, p in enumerate(mermaid_parse(sources)) if p]
    assert problems == []


def test_the_examples_and_edge_cases_parse_with_the_real_mermaid(
    mermaid_parse: Callable[[Sequence[str]], list[str | None]],
) -> None:
    examples = cfgov.load(ROOT / "examples")
    huge = Model(
        units=[Unit(id="org", name="Org", kind="local_authority")],
        segments=[
            Segment(id=f"s{i}", name=f"Segment {i}", category="target", unit="org")
            for i in range(MAX_SEGMENTS + 1)
        ],
    )
    sources = [
        *all_diagrams(examples, [None, *(u.id for u in examples.units)]),
        *all_diagrams(Model()),  # nothing to draw
        *all_diagrams(huge),  # with the note that only part is drawn
        *all_diagrams(many_organisations()),
    ]
    assert "note[" in sources[-3]
    assert mermaid_parse(sources) == [None] * len(sources)


# -- shapes of model --------------------------------------------------------------------------


def many_organisations(count: int = 60) -> Model:
    return Model(
        units=[
            Unit(id=f"org-{i}", name=f"Council number {i}", kind="local_authority")
            for i in range(count)
        ]
    )


@pytest.mark.parametrize(
    "model",
    [
        pytest.param(Model(), id="empty"),
        pytest.param(many_organisations(1), id="one-organisation-only"),
        pytest.param(many_organisations(), id="sixty-organisations"),
        pytest.param(
            Model(
                units=[
                    Unit(id="org", name="Org", kind="local_authority"),
                    Unit(id="svc", name="Service", parents=["org"]),
                ],
                segments=[Segment(id="s", name="Users", category="target", unit="svc")],
            ),
            id="no-objectives",
        ),
    ],
)
def test_sparse_and_crowded_models_render_whole_and_valid(model: Model) -> None:
    text, page = reports(model)
    assert_valid_html(page)
    assert_valid_markdown(text)
    if not model.segments:
        assert "follows all the advice" not in text
        assert "follows all the advice" not in page
    # Each unit has a section of its own, or is named in the table of units with nothing
    # of their own yet (once there are many of those).
    quiet = text.split("## Units with nothing of their own yet\n")[1:]
    for unit in model.units:
        assert f"## {unit.name}\n" in text or f"{unit.name} `{unit.id}`" in "".join(quiet)


def test_sixty_organisations_are_counted_in_the_title_and_each_named_once() -> None:
    model = many_organisations()
    text, page = reports(model)
    assert text.startswith("# Council number 0 and 59 other organisations\n")
    assert "<title>Council number 0 and 59 other organisations</title>" in page
    named = re.search(r"^The organisations: (.*)\.$", text, re.M)
    assert named is not None
    assert re.split(r", | and ", named.group(1)) == [f"Council number {i}" for i in range(60)]


def test_a_unit_filter_naming_a_leaf_reports_just_that_leaf() -> None:
    model = hostile_model()
    text, page = reports(model, "leaf é")
    assert_valid_html(page)
    assert_valid_markdown(text)
    sections = re.findall(r"^## (.*)$", text, re.M)
    assert "subgraph" in sections
    assert not any(name.startswith(("Cyngor", "Residents", "end")) for name in sections)
    overview = text.split("\n## Diagrams")[0]
    assert "This report covers **subgraph** (`leaf é`): 1 segment." in overview
    assert "units below it" not in overview
    # The leaf's segment refines one set by an organisation out of view: shown for context.
    table = text.split("*Segments of subgraph")[1]
    assert "(set by Cyngor Sir Ynys Môn" in table


def test_a_segment_whose_parent_is_in_another_unit_is_drawn_and_tabled_under_it() -> None:
    model = Model(
        units=[
            Unit(id="org", name="Org", kind="local_authority"),
            Unit(id="a", name="Service A", parents=["org"]),
            Unit(id="b", name="Service B", parents=["org"]),
        ],
        segments=[
            Segment(id="broad", name="Residents", category="target", unit="a"),
            Segment(
                id="narrow", name="Young residents", category="target", unit="b", parent="broad"
            ),
        ],
    )
    text, page = reports(model)
    assert_valid_html(page)
    assert_valid_markdown(text)
    cascade = mermaid_cascade(model)
    assert "n1 --> n2" in cascade  # the edge runs between the two units' groups
    in_a = text.split("\n## Service A\n")[1].split("\n## ")[0]
    assert "Young residents *(Service B)*" in in_a
    in_b = text.split("\n## Service B\n")[1].split("\n## ")[0]
    assert "**Residents** (set by Service A)" in in_b
    # Seen from B alone, A's segment is context only: not drawn, but named in the table.
    alone = render_markdown(model, unit="b")
    assert "(set by Service A)" in alone
    assert '"Residents"' not in mermaid_cascade(model, "b")


def test_ids_with_unusual_characters_make_unique_working_anchors() -> None:
    model = Model(
        units=[
            Unit(id="a b", name="One", kind="local_authority"),
            Unit(id="a|b", name="Two", kind="local_authority"),
            Unit(id="a-b", name="Three", kind="local_authority"),
            Unit(id="ÿ", name="Four", kind="local_authority"),
            Unit(id="overview", name="Five", kind="local_authority"),
            Unit(id="<>", name="Six", kind="local_authority"),
        ]
    )
    checker = assert_valid_html(render_html(model))
    units = [i for i in checker.ids if i.startswith("unit-")]
    assert len(units) == 6


# -- the diff -------------------------------------------------------------------------------


def test_a_hostile_diff_keeps_its_markdown_tables_and_its_counts_in_the_singular() -> None:
    old = hostile_model()
    new = Model(
        units=old.units,
        aims=old.aims,
        stakeholders=old.stakeholders,
        segments=[
            old.segments[0],
            Segment(
                id="s2 `",
                name=f"Renamed {NASTY}",
                category="indirect",
                unit="u end;",
                parent="s|1",
                size=Size(value=6),
            ),
        ],
        partners=old.partners,
        objectives=old.objectives,
        principles=old.principles,
        # The diff compares these too: kept as they were, they are no change.
        assessments=old.assessments,
        initiatives=old.initiatives,
        journeys=old.journeys,
    )
    diff = diff_models(old, new, new_findings=cfgov.check(new).findings[:1])
    assert diff.summary() == "1 changed, 1 cascade move; 1 finding introduced"
    markdown = render_diff_markdown(diff, title=f"Changes {NASTY}")
    markdown_it = pytest.importorskip("markdown_it")
    page = markdown_it.MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<script" not in page
    assert "<a " not in page
    for table in re.findall(r"<table>.*?</table>", page, re.S):
        head, body = table.split("</thead>")
        columns = len(re.findall(r"<th[ >]", head))
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            assert len(re.findall(r"<t[dh][ >]", row)) == columns, row
    text = render_diff_text(diff)
    assert "\x1b" not in text
    assert text.endswith("Compared: 1 changed, 1 cascade move; 1 finding introduced.\n")


# -- any text at all ------------------------------------------------------------------------


def _visible(html: str) -> str:
    """The words a piece of rendered HTML shows, tags dropped and entities read."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


_NAMES = st.text(_ALPHABET, min_size=1, max_size=24).filter(lambda t: bool(t.strip()))


@settings(max_examples=150, deadline=None)
@given(unit_name=_NAMES, segment_name=_NAMES)
def test_any_name_reads_back_exactly_from_the_markdown(unit_name: str, segment_name: str) -> None:
    """Whatever a name holds, CommonMark shows exactly its words: in the table and the heading."""
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable("table")
    model = Model(
        units=[Unit(id="org", name=unit_name, kind="local_authority")],
        segments=[
            Segment(id="s", name=segment_name, category="target", unit="org"),
            Segment(id="t", name=segment_name, category="target", unit="org", parent="s"),
        ],
    )
    page = parser.render(render_markdown(model))
    flat_unit = " ".join(unit_name.split())
    flat_segment = " ".join(segment_name.split())
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S)
    assert h1 is not None
    assert _visible(h1.group(1)) == flat_unit
    table = re.search(r"<table>.*?</table>", page, re.S)
    assert table is not None
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(0).split("</thead>")[1], re.S)
    cells = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S) for row in rows]
    assert [len(c) for c in cells] == [5, 5]
    assert re.fullmatch(r"<strong>.*</strong>", cells[0][0], re.S)  # still bold
    assert _visible(cells[0][0]) == flat_segment
    assert _visible(cells[1][2]) == flat_segment


def test_a_very_long_word_may_break_in_html_but_short_words_never_do() -> None:
    word = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
    model = Model(
        units=[Unit(id="o", name=f"Cyngor {word}", kind="local_authority")],
        segments=[Segment(id="s", name="Residents as library users", category="target", unit="o")],
    )
    page = render_html(model)
    assert_valid_html(page)
    assert f"<h1>Cyngor {word[:30]}<wbr>{word[30:]}</h1>" in page
    assert f"<title>Cyngor {word}</title>" in page  # a title shows text only, so no <wbr>
    assert "Residents as library users" in page


_IDS = st.text(_ALPHABET, min_size=1, max_size=16).filter(lambda t: bool(t.strip()))


@settings(max_examples=100, deadline=None)
@given(unit_id=_IDS)
def test_any_id_reads_back_exactly_from_its_code_span(unit_id: str) -> None:
    """An id is shown as code, in a paragraph and in a table cell, exactly as written."""
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable("table")
    model = Model(
        units=[
            Unit(id="org", name="Org", kind="local_authority"),
            Unit(id=unit_id, name="Service", parents=["org"]),
        ]
    )
    result = attrs.evolve(
        cfgov.check(model),
        findings=(
            cfgov.Finding(code="CFG101", severity=Severity.WARNING, message="m", entity=unit_id),
        ),
    )
    page = parser.render(render_markdown(model, result=result, unit=unit_id))
    flat = " ".join(unit_id.split())
    overview = re.search(r"<p>This report covers .*?</p>", page, re.S)
    assert overview is not None
    assert [unescape(c) for c in re.findall(r"<code>(.*?)</code>", overview.group(0))] == [flat]
    where = re.search(r"<tbody>\s*<tr>\s*<td>(.*?)</td>", page.split("<h2>Findings</h2>")[1])
    assert where is not None
    assert [unescape(c) for c in re.findall(r"<code>(.*?)</code>", where.group(1))] == [flat]


@settings(max_examples=100, deadline=None)
@given(segment_name=_NAMES, unit_name=_NAMES, measure_unit=_NAMES)
def test_any_text_beside_emphasis_reads_back_exactly(
    segment_name: str, unit_name: str, measure_unit: str
) -> None:
    """A name followed by an emphasised note, "Name *(Unit)*", keeps both exactly."""
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable("table")
    model = Model(
        units=[
            Unit(id="org", name="Org", kind="local_authority"),
            Unit(id="svc", name=unit_name, parents=["org"]),
        ],
        segments=[
            Segment(id="s", name="Broad", category="target", unit="org"),
            Segment(id="t", name=segment_name, category="indirect", unit="svc", parent="s"),
        ],
        objectives=[
            OutcomeObjective(
                id="o",
                statement="Better",
                segments=["t"],
                measures=[Measure(id="m", name="Share", target=5, unit=measure_unit)],
            )
        ],
    )
    page = parser.render(render_markdown(model))
    flat = {k: " ".join(v.split()) for k, v in [("s", segment_name), ("u", unit_name)]}
    org = page.split("<h2>Org</h2>")[1].split("<h2>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", org.split("</thead>")[1], re.S)
    cell = re.findall(r"<td>(.*?)</td>", rows[1], re.S)[2]
    assert _visible(cell) == f"{flat['s']} (indirect customer) ({flat['u']})"
    assert [unescape(e) for e in re.findall(r"<em>(.*?)</em>", cell)] == [
        "(indirect customer)",
        f"({flat['u']})",
    ]
    measures = page.split("Outcome objectives of")[1]
    target = re.findall(r"<td>(.*?)</td>", measures.split("</thead>")[1], re.S)[3]
    joiner = "" if measure_unit in ("%", "‰") else " "
    assert _visible(target) == f"5{joiner}{' '.join(measure_unit.split())}"
