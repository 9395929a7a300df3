"""Diagrams: Mermaid and SVG of the organisation graph and the cascade, and the layering."""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

import cfgov
from cfgov import Model, Segment, Size, Unit
from cfgov.report.diagrams import (
    MAX_LABEL,
    MAX_SEGMENTS,
    layers,
    mermaid_cascade,
    mermaid_organisation,
    shortened_names,
    svg_cascade,
    svg_organisation,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SVG = "{http://www.w3.org/2000/svg}"
NODE_LINE = re.compile(r'^\s*(n\d+)\["(.*)"\]$')
EDGE_LINE = re.compile(r"^\s*(n\d+) --> (n\d+)$")
HOSTILE = 'He said "hi" <script>alert(1)</script> #lt; & `code` [x] {y} (z) | end'


@pytest.fixture(scope="module")
def dwp() -> Model:
    return cfgov.load(EXAMPLES / "dwp")


def joint_body_model() -> Model:
    """The Social Mobility Commission under three departments, and a team below it."""
    return Model(
        units=[
            Unit(id="cabinet-office", name="Cabinet Office", kind="ministerial_department"),
            Unit(id="dfe", name="Department for Education", kind="ministerial_department"),
            Unit(id="dwp", name="Department for Work and Pensions", kind="ministerial_department"),
            Unit(
                id="smc",
                name="Social Mobility Commission",
                kind="non_departmental_public_body",
                parents=["cabinet-office", "dfe", "dwp"],
            ),
            Unit(id="smc-research", name="SMC research team", kind="team", parents=["smc"]),
        ],
        segments=[
            Segment(
                id="young", name="Young people as future earners", category="target", unit="smc"
            ),
            Segment(
                id="young-north",
                name="Young people in the North as future earners",
                category="target",
                unit="smc-research",
                parent="young",
            ),
            Segment(id="public", name="The public as taxpayers", category="indirect", unit="dfe"),
        ],
    )


def hostile_model() -> Model:
    """Names and ids that would break a diagram written without escaping."""
    return Model(
        units=[
            Unit(id="end", name=HOSTILE, kind="local_authority"),
            Unit(id='graph "x"', name="<script>alert(2)</script>", parents=["end"]),
        ],
        segments=[
            Segment(id="subgraph", name=HOSTILE, category="target", unit="end"),
            Segment(
                id="a;b",
                name="Child & co",
                category="indirect",
                unit='graph "x"',
                parent="subgraph",
            ),
        ],
    )


def mermaid_nodes(source: str) -> dict[str, str]:
    """Each node id of Mermaid source and its label as written."""
    found = {}
    for line in source.splitlines():
        match = NODE_LINE.match(line)
        if match:
            found[match[1]] = match[2]
    return found


def mermaid_edges(source: str) -> list[tuple[str, str]]:
    return [(m[1], m[2]) for m in map(EDGE_LINE.match, source.splitlines()) if m]


def named_edges(source: str) -> list[tuple[str, str]]:
    """The edges of Mermaid source, each end named by its label."""
    nodes = mermaid_nodes(source)
    return [(nodes[a], nodes[b]) for a, b in mermaid_edges(source)]


def svg_nodes(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "cfgov-node"]


def svg_tooltips(svg: str) -> list[str]:
    return [node.findtext(f"{SVG}title") or "" for node in svg_nodes(svg)]


def wide_cascade(broad: int, children: int, grandchildren: int) -> Model:
    """A synthetic model: ten units and a three-level cascade of the given fan-out."""
    units = [Unit(id="org", name="Synthetic council", kind="local_authority")]
    units += [Unit(id=f"u{i}", name=f"Service {i}", parents=["org"]) for i in range(10)]
    segments = []
    for b in range(broad):
        segments.append(
            Segment(id=f"s{b}", name=f"Residents group {b}", category="target", unit="org")
        )
        for c in range(children):
            child = f"s{b}.{c}"
            segments.append(
                Segment(
                    id=child,
                    name=f"Residents group {b} subgroup {c}",
                    category="indirect" if c % 3 == 0 else "target",
                    unit=f"u{c % 10}",
                    parent=f"s{b}",
                    size=Size(value=1000 * (c + 1)),
                )
            )
            segments += [
                Segment(
                    id=f"{child}.{g}",
                    name=f"Residents group {b}.{c} cut {g}",
                    category="target",
                    unit=f"u{c % 10}",
                    parent=child,
                )
                for g in range(grandchildren)
            ]
    return Model(units=units, segments=segments)


# -- Mermaid ----------------------------------------------------------------------------------


def test_mermaid_organisation_of_dwp_has_every_unit_and_its_link(dwp: Model) -> None:
    source = mermaid_organisation(dwp)
    assert source.startswith("flowchart TD\n")
    assert "```" not in source
    assert sorted(mermaid_nodes(source).values()) == sorted(u.name for u in dwp.units)
    assert named_edges(source) == [("Department for Work and Pensions", "The Pension Service")]


def test_mermaid_cascade_of_dwp_shows_every_segment_with_the_reports_sizes(dwp: Model) -> None:
    source = mermaid_cascade(dwp)
    assert source.startswith("flowchart TD\n")
    labels = mermaid_nodes(source).values()
    for segment in dwp.segments:
        assert any(label.startswith(segment.name) for label in labels), segment.name
    for size in ("7.7m", "1.5m", "14.4m", "9.6m", "1.6m", "9.2m", "24m", "3.2m"):
        assert f"<br/>{size}" in source
    assert "Jobseekers as future savers<br/>1.5m" in labels
    assert "Future pensioners working for an employer<br/>24m" in labels
    # Every parent link is drawn, and no other.
    assert len(mermaid_edges(source)) == sum(1 for s in dwp.segments if s.parent is not None)


def test_mermaid_cascade_groups_segments_by_owning_unit(dwp: Model) -> None:
    source = mermaid_cascade(dwp)
    groups = re.findall(r'^  subgraph (u\d+)\["(.*)"\]$', source, flags=re.MULTILINE)
    assert [name for _, name in groups] == [
        "Department for Work and Pensions",
        "The Pension Service",
    ]
    service = source.split('subgraph u2["The Pension Service"]')[1].split("  end")[0]
    assert "Jobseekers as future savers" in service
    assert "Future pensioners not in paid employment" not in service


def test_mermaid_cascade_styles_target_and_indirect_segments_apart(dwp: Model) -> None:
    source = mermaid_cascade(dwp)
    ids = {label.split("<br/>")[0]: node for node, label in mermaid_nodes(source).items()}
    classes = {
        name: members.split(",")
        for members, name in re.findall(r"^  class (\S+) (\w+)$", source, flags=re.MULTILINE)
    }
    assert "classDef target " in source
    assert "classDef indirect " in source
    assert classes["indirect"] == [ids["The public as taxpayers"]]
    assert ids["Jobseekers as future savers"] in classes["target"]


def test_a_joint_body_gets_an_edge_from_each_of_its_three_parents() -> None:
    source = mermaid_organisation(joint_body_model())
    into_smc = [a for a, b in named_edges(source) if b == "Social Mobility Commission"]
    assert sorted(into_smc) == [
        "Cabinet Office",
        "Department for Education",
        "Department for Work and Pensions",
    ]
    assert len(mermaid_edges(source)) == 4


def test_mermaid_ids_are_generated_and_labels_escaped() -> None:
    for source in (mermaid_organisation(hostile_model()), mermaid_cascade(hostile_model())):
        for line in source.splitlines()[3:]:
            if "[" in line:
                # Exactly the two quotes that delimit the label: none from the user.
                assert line.count('"') == 2, line
        assert "<script" not in source
        assert "He said #quot;hi#quot; #lt;script#gt;" in source
        assert "#35;lt;" in source  # a '#' is escaped, so Mermaid shows "#lt;" literally
        assert "#96;code#96;" in source
        assert "#amp;" in source
        ids = set(mermaid_nodes(source)) | {a for e in mermaid_edges(source) for a in e}
        assert ids
        assert all(re.fullmatch(r"n\d+", node) for node in ids)
        for raw in ("end", 'graph "x"', "a;b"):
            assert f" {raw}[" not in source
            assert f"{raw} -->" not in source
    assert named_edges(mermaid_cascade(hostile_model()))[0][1] == "Child #amp; co"


def test_mermaid_with_a_unit_shows_only_it_and_what_is_below() -> None:
    model = joint_body_model()
    organisation = mermaid_organisation(model, unit="smc")
    assert sorted(mermaid_nodes(organisation).values()) == [
        "SMC research team",
        "Social Mobility Commission",
    ]
    assert named_edges(organisation) == [("Social Mobility Commission", "SMC research team")]
    cascade = mermaid_cascade(model, unit="smc")
    assert "The public as taxpayers" not in cascade
    assert named_edges(cascade) == [
        ("Young people as future earners", "Young people in the North as future earners")
    ]
    assert 'subgraph u1["Social Mobility Commission"]' in cascade
    assert "Department for Education" not in cascade


def test_mermaid_cascade_below_a_unit_leaves_out_segments_owned_above(dwp: Model) -> None:
    source = mermaid_cascade(dwp, unit="dwp-pension-service")
    labels = [label.split("<br/>")[0] for label in mermaid_nodes(source).values()]
    assert sorted(labels) == sorted(s.name for s in dwp.segments_owned_by("dwp-pension-service"))
    assert mermaid_edges(source) == []


def test_an_unknown_unit_is_a_key_error(dwp: Model) -> None:
    for draw in (mermaid_organisation, mermaid_cascade, svg_organisation, svg_cascade):
        with pytest.raises(KeyError, match="no-such-unit"):
            draw(dwp, unit="no-such-unit")


def test_sizes_read_as_people_say_them() -> None:
    sizes = [7_700_000, 24_000_000, 12_500, 850, 999_999, 1_250_000, 2_000_000_000, 0.5]
    model = Model(
        units=[Unit(id="org", name="Council", kind="local_authority")],
        segments=[
            Segment(
                id=f"s{i}", name=f"Group {i}", category="target", unit="org", size=Size(value=v)
            )
            for i, v in enumerate(sizes)
        ],
    )
    labels = [label.split("<br/>")[1] for label in mermaid_nodes(mermaid_cascade(model)).values()]
    assert labels == ["7.7m", "24m", "12.5k", "850", "1m", "1.25m", "2bn", "0.5"]


def test_empty_models_still_draw() -> None:
    empty = Model()
    assert "No units to draw" in mermaid_organisation(empty)
    assert "No segments to draw" in mermaid_cascade(empty)
    for svg in (svg_organisation(empty), svg_cascade(empty)):
        assert svg_nodes(svg) == []
        assert "Nothing to draw." in svg


# -- SVG --------------------------------------------------------------------------------------


@pytest.mark.parametrize("draw", [svg_organisation, svg_cascade])
def test_svg_is_a_self_contained_accessible_image(dwp: Model, draw: Callable[[Model], str]) -> None:
    svg = draw(dwp)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox", ""))
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert title.text
    assert desc is not None
    assert desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    marker = root.find(f"{SVG}defs/{SVG}marker")
    assert marker is not None
    arrows = [p for p in root.iter(f"{SVG}path") if p.get("marker-end")]
    assert arrows
    assert {p.get("marker-end") for p in arrows} == {f"url(#{marker.get('id')})"}
    # Nothing is fetched or run: no script, no link, no URL but the namespace.
    assert root.find(f".//{SVG}script") is None
    assert "href" not in svg
    assert re.findall(r"https?://[^\"]*", svg) == ["http://www.w3.org/2000/svg"]


def test_svg_organisation_has_one_node_group_per_unit(dwp: Model) -> None:
    svg = svg_organisation(dwp)
    nodes = svg_nodes(svg)
    assert sorted(n.get("data-id") or "" for n in nodes) == sorted(u.id for u in dwp.units)
    tooltips = svg_tooltips(svg)
    assert any(t.startswith("Department for Work and Pensions") for t in tooltips)


def test_svg_organisation_draws_an_arrow_from_each_sponsor_of_a_joint_body() -> None:
    root = ET.fromstring(svg_organisation(joint_body_model()))
    assert len([p for p in root.iter(f"{SVG}path") if p.get("marker-end")]) == 4
    tooltip = next(t for t in svg_tooltips(svg_organisation(joint_body_model())) if "Mobility" in t)
    assert "Cabinet Office, Department for Education and Department for Work and Pensions" in (
        tooltip
    )


def test_svg_places_every_parent_above_its_children() -> None:
    model = joint_body_model()
    top = {}
    for node in svg_nodes(svg_organisation(model)):
        rect = node.find(f"{SVG}rect")
        assert rect is not None
        top[node.get("data-id")] = float(rect.get("y", "nan"))
    for unit in model.units:
        for parent in unit.parents:
            assert top[parent] < top[unit.id]


def test_svg_cascade_has_a_node_per_segment_with_its_size(dwp: Model) -> None:
    svg = svg_cascade(dwp)
    nodes = svg_nodes(svg)
    assert sorted(n.get("data-id") or "" for n in nodes) == sorted(s.id for s in dwp.segments)
    tooltips = svg_tooltips(svg)
    assert any(t.startswith("Jobseekers as future savers: target customer, 1.5m") for t in tooltips)
    texts = [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "7.7m \u00b7 The Pension Service" in texts
    taxpayers = next(n for n in nodes if n.get("data-id") == "dwp-taxpayers")
    rect = taxpayers.find(f"{SVG}rect")
    assert rect is not None
    assert rect.get("stroke-dasharray")
    jobseekers = next(n for n in nodes if n.get("data-id") == "fp-jobseekers")
    rect = jobseekers.find(f"{SVG}rect")
    assert rect is not None
    assert rect.get("stroke-dasharray") is None


def test_svg_escapes_names_and_ids() -> None:
    model = hostile_model()
    for svg in (svg_organisation(model), svg_cascade(model)):
        assert "<script" not in svg
        root = ET.fromstring(svg)
        assert root.find(f".//{SVG}script") is None
    svg = svg_organisation(model)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in svg
    assert HOSTILE in svg_tooltips(svg)[0]
    assert sorted(n.get("data-id") or "" for n in svg_nodes(svg)) == ["end", 'graph "x"']


def test_svg_cuts_long_names_short_and_keeps_them_whole_on_hover() -> None:
    name = "Residents of the borough as " + "very " * 20 + "patient users of the library service"
    model = Model(units=[Unit(id="org", name=name, kind="local_authority")])
    svg = svg_organisation(model)
    (node,) = svg_nodes(svg)
    lines = [t.text or "" for t in node.iter(f"{SVG}text")][:-1]  # the last is the kind
    assert len(lines) == 2
    assert lines[-1].endswith("\u2026")
    assert all(len(line) <= 26 for line in lines)
    assert name in (node.findtext(f"{SVG}title") or "")


def test_svg_with_a_unit_shows_only_it_and_what_is_below(dwp: Model) -> None:
    model = joint_body_model()
    svg = svg_organisation(model, unit="smc")
    assert sorted(n.get("data-id") or "" for n in svg_nodes(svg)) == ["smc", "smc-research"]
    assert "Social Mobility Commission and the units below it" in (
        ET.fromstring(svg).findtext(f"{SVG}title") or ""
    )
    cascade = svg_cascade(dwp, unit="dwp-pension-service")
    assert sorted(n.get("data-id") or "" for n in svg_nodes(cascade)) == sorted(
        s.id for s in dwp.segments_owned_by("dwp-pension-service")
    )


def test_two_diagrams_in_one_page_do_not_share_ids(dwp: Model) -> None:
    pages = [svg_organisation(dwp), svg_cascade(dwp), svg_organisation(joint_body_model())]
    ids = [i for page in pages for i in re.findall(r' id="([^"]+)"', page)]
    assert len(ids) == len(set(ids))
    assert svg_cascade(dwp) == svg_cascade(dwp)  # deterministic


# -- large cascades ---------------------------------------------------------------------------


def test_a_2000_segment_cascade_draws_only_its_top_two_levels() -> None:
    model = wide_cascade(broad=20, children=9, grandchildren=10)
    assert len(model.segments) == 2000
    svg = svg_cascade(model)
    source = mermaid_cascade(model)
    nodes = svg_nodes(svg)
    assert len(nodes) == 20 + 20 * 9  # the top two levels only
    assert all(n.get("data-id", "").count(".") <= 1 for n in nodes)
    root = ET.fromstring(svg)
    assert "top two levels" in (root.findtext(f"{SVG}desc") or "")
    visible = [t.text or "" for t in root if t.tag == f"{SVG}text"]
    assert any("top two levels" in t and "2,000 segments" in t for t in visible)
    assert len(svg) < 250_000
    assert len(mermaid_nodes(source)) == 200
    assert re.search(r'^  note\[".*top two levels.*"\]$', source, flags=re.MULTILINE)


def test_a_cascade_too_wide_even_at_the_top_stays_bounded() -> None:
    model = wide_cascade(broad=2000, children=0, grandchildren=0)
    svg = svg_cascade(model)
    assert len(svg_nodes(svg)) == MAX_SEGMENTS
    assert "first 300 of the 2,000" in svg
    assert len(svg) < 250_000
    source = mermaid_cascade(model)
    assert len(mermaid_nodes(source)) == MAX_SEGMENTS
    assert len(source) < 50_000  # Mermaid's own limit on the text it will draw


def test_a_cascade_at_the_limit_is_drawn_whole() -> None:
    model = wide_cascade(broad=MAX_SEGMENTS, children=0, grandchildren=0)
    svg = svg_cascade(model)
    assert len(svg_nodes(svg)) == MAX_SEGMENTS
    assert "too large" not in svg


# -- layers -----------------------------------------------------------------------------------


def random_dag(seed: int, nodes: int = 40, p: float = 0.1) -> nx.DiGraph[str]:
    chance = random.Random(seed)
    graph: nx.DiGraph[str] = nx.DiGraph()
    names = [f"v{i}" for i in range(nodes)]
    chance.shuffle(names)  # node order is not a topological order
    graph.add_nodes_from(names)
    for i in range(nodes):
        for j in range(i + 1, nodes):
            if chance.random() < p:
                graph.add_edge(f"v{i}", f"v{j}")
    return graph


@pytest.mark.parametrize("seed", range(20))
def test_layers_put_every_parent_above_its_children(seed: int) -> None:
    graph = random_dag(seed)
    result = layers(graph)
    level = {node: i for i, layer in enumerate(result) for node in layer}
    assert sorted(level) == sorted(graph.nodes)
    assert sum(len(layer) for layer in result) == len(graph)  # each node once
    for parent, child in graph.edges:
        assert level[parent] < level[child]
    for node in graph.nodes:  # longest path: right below the deepest parent
        parents = list(graph.predecessors(node))
        assert level[node] == (max(level[p] for p in parents) + 1 if parents else 0)
    assert all(result)  # no empty layer


def test_layers_put_a_joint_body_below_its_deepest_parent() -> None:
    graph: nx.DiGraph[str] = nx.DiGraph(
        [("dept", "agency"), ("agency", "board"), ("other-dept", "board")]
    )
    assert layers(graph) == [["dept", "other-dept"], ["agency"], ["board"]]


def crossings(graph: nx.DiGraph[str], result: list[list[str]]) -> int:
    position = {node: i for layer in result for i, node in enumerate(layer)}
    level = {node: i for i, layer in enumerate(result) for node in layer}
    edges = [(a, b) for a, b in graph.edges if level[b] == level[a] + 1]
    return sum(
        1
        for (a, b) in edges
        for (c, d) in edges
        if level[a] == level[c] and position[a] < position[c] and position[b] > position[d]
    )


def test_layers_order_children_under_their_parents() -> None:
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(["a", "b", "c", "b2", "c1", "a1", "c2", "a2", "b1"])
    graph.add_edges_from(
        [("a", "a1"), ("a", "a2"), ("b", "b1"), ("b", "b2"), ("c", "c1"), ("c", "c2")]
    )
    result = layers(graph)
    assert result[0] == ["a", "b", "c"]
    assert result[1] == ["a1", "a2", "b2", "b1", "c1", "c2"]
    assert crossings(graph, result) == 0


def test_layers_reduce_crossings_in_random_trees() -> None:
    for seed in range(10):
        chance = random.Random(seed)
        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_nodes_from(f"v{i}" for i in range(60))
        for i in range(1, 60):
            graph.add_edge(f"v{chance.randrange(i)}", f"v{i}")
        shuffled = list(graph.nodes)
        chance.shuffle(shuffled)
        scrambled: nx.DiGraph[str] = nx.DiGraph()
        scrambled.add_nodes_from(shuffled)
        scrambled.add_edges_from(graph.edges)
        # A tree can always be drawn without crossings; the barycentre passes find that.
        assert crossings(scrambled, layers(scrambled)) == 0, seed


def test_layers_of_an_empty_graph_and_a_cycle() -> None:
    assert layers(nx.DiGraph()) == []
    with pytest.raises(ValueError, match="cycle"):
        layers(nx.DiGraph([("a", "b"), ("b", "a")]))


def test_edges_into_a_wrapped_layer_pass_between_boxes() -> None:
    # One broad segment with 9 sub-segments and 18 below them: both layers wrap.
    svg = svg_cascade(wide_cascade(broad=1, children=9, grandchildren=2))
    root = ET.fromstring(svg)
    boxes = []
    for node in svg_nodes(svg):
        rect = node.find(f"{SVG}rect")
        assert rect is not None
        x, y = float(rect.get("x", "0")), float(rect.get("y", "0"))
        boxes.append((x, y, x + float(rect.get("width", "0")), y + float(rect.get("height", "0"))))
    rows = {round(b[1]) for b in boxes}
    assert len(rows) == 5  # the layers of 9 and 18 take two rows each
    paths = [p.get("d", "") for p in root.iter(f"{SVG}path") if p.get("marker-end")]
    assert len(paths) == 9 + 18
    for d in paths:
        points = [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", d)]
        ends = (points[0], points[-1])
        # The straight runs of the edge, down out of one layer and into the next.
        runs = [(a, b) for a, b in itertools.pairwise(points) if a[0] == b[0]]
        assert runs
        for (x, top), (_, bottom) in runs:
            for left, upper, right, lower in boxes:
                touches_end = any(
                    left <= ex <= right and upper - 3 <= ey <= lower for ex, ey in ends
                )
                if touches_end:
                    continue
                crosses = left < x < right and top < lower and bottom > upper
                assert not crosses, (d, (left, upper))


# -- long names -------------------------------------------------------------------------------

LONG = (
    "Residents of the borough as patient and long-suffering users of the library service "
    "who would like the opening hours extended into the evening"
)
WELSH = "Cyngor Cymuned Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"


def long_names_model() -> Model:
    return Model(
        units=[
            Unit(id="org", name=LONG, kind="local_authority"),
            Unit(id="cy", name=WELSH, parents=["org"]),
        ],
        segments=[
            Segment(id="s", name=LONG, category="target", unit="org"),
            Segment(id="t", name=WELSH, category="target", unit="cy", parent="s"),
        ],
    )


def _words_of(text: str) -> list[str]:
    return text.split()


def test_mermaid_cuts_long_names_at_a_word_with_an_ellipsis() -> None:
    source = mermaid_organisation(long_names_model())
    label = mermaid_nodes(source)["n1"]
    assert label.endswith("\u2026")
    assert len(label) <= MAX_LABEL
    kept = label.removesuffix("\u2026").split()
    assert kept == _words_of(LONG)[: len(kept)]  # whole words only, the last one too
    assert mermaid_nodes(source)["n2"] == WELSH  # short enough to be shown whole


def test_svg_cuts_long_names_at_a_word_and_splits_only_words_too_long_for_a_line() -> None:
    svg = svg_organisation(long_names_model())
    first, welsh = svg_nodes(svg)
    lines = [t.text or "" for t in first.iter(f"{SVG}text")][:-1]
    assert lines[-1].endswith("\u2026")
    words = " ".join(lines).removesuffix("\u2026").split()
    assert words == _words_of(LONG)[: len(words)]
    welsh_lines = [t.text or "" for t in welsh.iter(f"{SVG}text")][:-1]
    assert welsh_lines[0] == "Cyngor Cymuned"
    assert welsh_lines[1].endswith("\u2026")  # the place name runs past the box
    assert all(len(line) <= 26 for line in welsh_lines)
    assert WELSH in (welsh.findtext(f"{SVG}title") or "")


def test_a_word_split_across_lines_ends_its_first_part_with_a_hyphen() -> None:
    model = Model(
        units=[Unit(id="o", name="Llanfairpwllgwyngyllgogerychwyrn", kind="local_authority")]
    )
    (node,) = svg_nodes(svg_organisation(model))
    lines = [t.text or "" for t in node.iter(f"{SVG}text")][:-1]
    assert lines == ["Llanfairpwllgwyngyllgoger\u2010", "ychwyrn"]
    assert shortened_names(model, kind="organisation", form="svg") == []  # nothing lost


def test_shortened_names_pair_each_cut_label_with_its_full_text() -> None:
    model = long_names_model()
    mermaid = shortened_names(model, kind="cascade", form="mermaid")
    assert [full for _, full in mermaid] == [LONG]  # the unit and the segment share the name
    ((shown, _),) = mermaid
    assert f'["{shown}"]' in mermaid_cascade(model)
    svg = {full: shown for shown, full in shortened_names(model, kind="cascade", form="svg")}
    assert set(svg) == {LONG, WELSH}
    assert all(shown.endswith("\u2026") for shown in svg.values())
    assert shortened_names(model, "cy", kind="organisation", form="svg")[0][1] == WELSH
    with pytest.raises(ValueError, match="kind"):
        shortened_names(model, kind="segments", form="svg")
    with pytest.raises(ValueError, match="form"):
        shortened_names(model, kind="cascade", form="png")


def test_accents_typed_as_combining_marks_stay_on_their_letters() -> None:
    decomposed = "Gwasanaeth Pensiynau Ynys Mo\u0302n a\u0300 Llyn " * 3
    model = Model(units=[Unit(id="o", name=decomposed, kind="local_authority")])
    (node,) = svg_nodes(svg_organisation(model))
    lines = [t.text or "" for t in node.iter(f"{SVG}text")][:-1]
    assert "Môn" in " ".join(lines)
    assert not any(unicodedata.combining(line[:1]) for line in lines)
    assert "Môn" in mermaid_organisation(model)
