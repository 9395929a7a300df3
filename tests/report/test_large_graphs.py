"""Reports of large organisation graphs: a register alone, and a register with a little in it.

On main, the report of a 1,016-body register with nothing else in it was
10,222 lines of Markdown (a section per body saying it defines nothing) with
one Mermaid diagram of 1,016 boxes and 1,007 arrows, which Mermaid refuses to
draw (it stops at 500 arrows).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from register_shape import register_model, with_segments
from test_hostile import assert_valid_html, assert_valid_markdown, mermaid_blocks, reports

from cfgov import Aim, Model, Segment, Unit
from cfgov.io.dump import dump
from cfgov.report.diagrams import (
    MAX_ARROWS,
    MAX_BODIES,
    kind_count,
    organisation_diagrams,
)
from cli_runner import cfgov as run

#: What Mermaid (and so GitHub) draws at most: its defaults, maxTextSize and maxEdges.
MERMAID_MAX_TEXT = 50_000
MERMAID_MAX_EDGES = 500

#: The register-only report is at most this long, in lines, where main wrote 10,222.
SHORT = 400

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def register() -> Model:
    return register_model()


@pytest.fixture(scope="module")
def register_reports(register: Model) -> tuple[str, str]:
    return reports(register)


def section(text: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match is not None, f"no section {title!r}"
    return match.group(1)


def assert_drawable(
    sources: Sequence[str], parse: Callable[[Sequence[str]], list[str | None]]
) -> None:
    """Every diagram parses with the real Mermaid and stays inside what Mermaid will draw."""
    assert sources
    for source in sources:
        assert len(source) < MERMAID_MAX_TEXT
        assert source.count("-->") <= min(MAX_ARROWS, MERMAID_MAX_EDGES)
        assert len(re.findall(r"^\s+n\d+\[", source, re.M)) <= max(MAX_BODIES, 300)
    assert parse(sources) == [None] * len(sources)


# -- a register and nothing else ----------------------------------------------------------------


def test_the_register_builder_has_the_shape_of_the_real_register(register: Model) -> None:
    assert len(register.units) == 1016
    assert sum(1 for u in register.units if len(u.parents) > 1) == 16
    assert len(register.top_units) == 25
    assert not register.segments
    assert not register.stakeholders


def test_a_register_only_report_is_short(register_reports: tuple[str, str]) -> None:
    text, page = register_reports
    assert text.count("\n") < SHORT
    assert page.count("\n") < SHORT
    assert "defines no segments of its own" not in text
    assert "No segments are set for this unit" not in text


def test_a_register_only_report_says_it_holds_only_the_organisation_graph(
    register: Model, register_reports: tuple[str, str]
) -> None:
    text, page = register_reports
    overview = section(text, "Overview")
    assert "holds only the organisation graph" in overview
    closed = sum(1 for u in register.units if str(u.status) == "closed")
    assert closed > 300
    assert f"1,016 bodies ({closed} of them closed and 16 joint bodies" in overview
    assert "none of the customer model yet" in overview
    assert "docs/getting-started.md" in overview
    assert "`cfgov init`" in overview
    assert "holds only the organisation graph" in section(text, "Findings")
    for written in (text, page):
        assert "follows all the advice" not in written
        assert "No findings:" not in written
    assert "No segments yet, so there is no cascade to draw." in text


def test_every_body_of_a_register_is_named_under_each_of_its_departments(
    register: Model, register_reports: tuple[str, str]
) -> None:
    text, _ = register_reports
    listed = section(text, "Units with nothing of their own yet")
    rows = {
        row.split(" | ")[0].strip("| "): row
        for row in listed.splitlines()
        if row.startswith("| Department")
    }
    assert len(rows) == 25
    for unit in register.units:
        departments = {f"Department {r}" for r in _departments_of(register, unit)}
        for name, row in rows.items():
            assert (f"`{unit.id}`" in row) == (name in departments), (unit.id, name)
    joint = next(u for u in register.units if len(u.parents) == 3)
    for parent in joint.parents:
        assert f"{joint.name} `{joint.id}` *(" in rows[register.unit(parent).name]
    assert re.search(r"\| Department 0 \| 41 \| \d+ \| [^|]*8 advisory NDPBs", listed)


def _departments_of(model: Model, unit: Unit) -> set[str]:
    if not unit.parents:
        return {unit.id.removeprefix("d")}
    return {d for p in unit.parents for d in _departments_of(model, model.unit(p))}


def test_a_register_only_report_draws_its_departments_and_joint_bodies(
    register: Model,
    register_reports: tuple[str, str],
    mermaid_parse: Callable[[Sequence[str]], list[str | None]],
) -> None:
    text, page = register_reports
    assert_valid_markdown(text)
    assert_valid_html(page)
    (source,) = mermaid_blocks(text)
    assert_drawable([source], mermaid_parse)
    # One box per department (with its count) and one per joint body, an arrow from each
    # department a joint body sits under.
    assert len(re.findall(r'\["Department \d+<br/>', source)) == 25
    assert source.count("<br/>joint body") == 16
    assert source.count("-->") == sum(len(u.parents) for u in register.units if len(u.parents) > 1)
    assert "too many to read as one picture" in section(text, "Diagrams")
    (svg,) = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert (
        len([g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "cfgov-node"]) == 41
    )


def test_cfgov_check_on_a_register_says_the_advice_had_nothing_to_judge(
    register: Model, tmp_path: Path
) -> None:
    (tmp_path / "register.yaml").write_text(dump(register), encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.returncode == 0, result.stderr  # nothing is wrong: it is not a failure
    assert "no findings (but the model holds no segments yet" in result.stdout
    assert "nothing to judge" in result.stdout


# -- a register with a customer model in one department -----------------------------------------


def test_a_department_with_segments_keeps_its_sections_and_tables(
    register: Model, mermaid_parse: Callable[[Sequence[str]], list[str | None]]
) -> None:
    model = with_segments(register, "d2")
    text, page = reports(model)
    assert text.count("\n") < SHORT
    assert_valid_markdown(text)
    assert_valid_html(page)
    department = section(text, "Department 2")
    assert "| **People reaching pension age** | 1.5m |" in department
    body = section(text, "Body 0 of department 2")
    assert "People reaching pension age abroad | 120k |" in body
    listed = section(text, "Units with nothing of their own yet")
    assert "`d2`" not in listed
    assert "`d2-b0`" not in listed
    assert "`d2-b2`" in listed
    assert "follows all the advice" not in text
    assert "holds only the organisation graph" not in text
    blocks = mermaid_blocks(text)
    assert_drawable(blocks, mermaid_parse)
    # Department 2 is drawn whole in a diagram of its own; the others are one box each.
    diagrams = section(text, "Diagrams")
    assert "### Department 2 and the units below it" in diagrams
    own = blocks[0]
    assert own.count('["Body ') + own.count('["Sub-organisation') == 41
    assert "joint body, also under Department 1" in own  # d1's joint body sits under d2 too


def test_a_large_department_is_collapsed_to_what_it_defines(
    mermaid_parse: Callable[[Sequence[str]], list[str | None]],
) -> None:
    model = with_segments(register_model(big=300), "d0")
    plan = organisation_diagrams(model)
    first = plan.diagrams[0]
    assert first.units == 341
    drawn = {n.key for n in first.nodes if n.style != "group"}
    assert drawn == {"d0", "d0-b0", "d0-b1"}  # the owners of segments, and the joint body
    groups = {n.name: n for n in first.nodes if n.style == "group"}
    assert "62 advisory NDPBs" in groups
    assert sum(int(name.split()[0]) for name in groups) == 341 - 3
    assert first.note is not None
    assert "cfgov report --unit ID" in first.note
    text, page = reports(model)
    assert "3 units of the 341 in Department 0 are drawn" in text
    assert_valid_html(page)
    assert_drawable(mermaid_blocks(text), mermaid_parse)


def test_a_department_with_many_owners_still_draws_at_most_the_limit(
    mermaid_parse: Callable[[Sequence[str]], list[str | None]],
) -> None:
    units = [Unit(id="dept", name="Department", kind="ministerial_department")]
    units += [
        Unit(id=f"b{i}", name=f"Body {i}", kind="executive_agency", parents=["dept"])
        for i in range(120)
    ]
    units += [
        Unit(id=f"b{i}-t", name=f"Team {i}", kind="team", parents=[f"b{i}"]) for i in range(120)
    ]
    aims = [Aim(id=f"aim{i}", unit=f"b{i}", statement="Do well") for i in range(0, 120, 2)]
    model = Model(units=units, aims=aims)
    (diagram,) = organisation_diagrams(model).diagrams
    assert len(diagram.nodes) <= MAX_BODIES
    assert diagram.units == 241
    assert diagram.note is not None
    assert "the first ones, each below the units it belongs to" in diagram.note
    counted = sum(int(n.name.split()[0]) for n in diagram.nodes if n.style == "group")
    assert counted + sum(1 for n in diagram.nodes if n.style != "group") == 241
    text, _ = reports(model)
    assert_drawable(mermaid_blocks(text), mermaid_parse)
    # Units with an aim keep their sections; the teams are listed together.
    assert "## Body 0\n" in text
    assert "## Body 1\n" not in text


def test_a_joint_body_appears_in_the_diagram_of_each_parent_department(
    mermaid_parse: Callable[[Sequence[str]], list[str | None]],
) -> None:
    units = [
        Unit(id=f"d{d}", name=f"Department {d}", kind="ministerial_department") for d in range(2)
    ]
    units += [
        Unit(id=f"d{d}-b{b}", name=f"Body {b} of {d}", kind="advisory_ndpb", parents=[f"d{d}"])
        for d in range(2)
        for b in range(40)
    ]
    units.append(
        Unit(id="joint", name="Joint Commission", kind="executive_ndpb", parents=["d0", "d1"])
    )
    segments = [
        Segment(id=f"s{d}", name=f"Segment {d}", category="target", unit=f"d{d}-b0")
        for d in range(2)
    ]
    model = Model(units=units, segments=segments)
    plan = organisation_diagrams(model)
    assert not plan.whole
    assert len(plan.diagrams) == 2
    assert not plan.quiet
    for diagram, other in zip(plan.diagrams, ("Department 1", "Department 0"), strict=True):
        (joint,) = [n for n in diagram.nodes if n.key == "joint"]
        assert joint.style == "joint"
        assert joint.detail == f"joint body, also under {other}"
        assert "Joint Commission" in diagram.mermaid()
    text, page = reports(model)
    assert_drawable(mermaid_blocks(text), mermaid_parse)
    assert_valid_html(page)
    assert len(re.findall(r"<svg\b", page)) == 3  # two departments and the cascade


def test_very_many_top_level_bodies_are_counted_by_kind(
    mermaid_parse: Callable[[Sequence[str]], list[str | None]],
) -> None:
    kinds = ("ministerial_department", "non_ministerial_department", "executive_ndpb")
    units = [Unit(id=f"t{i}", name=f"Top {i}", kind=kinds[i % 3]) for i in range(400)]
    units += [Unit(id=f"t{i}-c", name=f"Child {i}", parents=[f"t{i}"]) for i in range(0, 400, 4)]
    model = Model(units=units)
    (diagram,) = organisation_diagrams(model).diagrams
    assert len(diagram.nodes) <= MAX_BODIES
    boxes = {n.name for n in diagram.nodes}
    assert any(re.fullmatch(r"\d+ executive NDPBs", name) for name in boxes)
    text, page = reports(model)
    assert text.count("\n") < SHORT
    assert_valid_html(page)
    assert_drawable(mermaid_blocks(text), mermaid_parse)


def test_a_report_on_one_large_department_is_collapsed_too(
    mermaid_parse: Callable[[Sequence[str]], list[str | None]],
) -> None:
    model = with_segments(register_model(big=300), "d0")
    text, page = reports(model, "d0")
    assert "## Department 0\n" in text
    assert "## Body 0 of department 0\n" in text
    assert text.count("\n") < SHORT
    assert_valid_html(page)
    assert_drawable(mermaid_blocks(text), mermaid_parse)
    # One department of ordinary size, asked for on its own, is drawn whole.
    small = reports(model, "d3")[0]
    assert "too many to read as one picture" not in small
    assert "## Department 3\n" in small  # the unit asked for always has its section


def test_kinds_are_counted_as_people_say_them() -> None:
    assert kind_count(12, "advisory_ndpb") == "12 advisory NDPBs"
    assert kind_count(1, "court") == "1 court"
    assert kind_count(3, "independent_monitoring_body") == "3 independent monitoring bodies"
    assert kind_count(2, "executive_agency") == "2 executive agencies"
    assert kind_count(2, "organisation") == "2 other bodies"


@pytest.mark.parametrize("nested", [False, True])
def test_the_overview_names_a_few_of_many_top_level_bodies_not_all(nested: bool) -> None:
    kind = "executive_ndpb"
    bodies = [Unit(id=f"body-{n}", name=f"Body number {n}", kind=kind) for n in range(300)]
    if nested:  # one body under another, so not every organisation is at the top
        bodies[1] = Unit(id="body-1", name="Body number 1", kind=kind, parents=("body-0",))
    page, _ = reports(Model(units=tuple(bodies)))
    overview = section(page, "Overview")
    assert "Body number 0" in overview
    assert "Body number 299" not in overview
    assert f"and {239 if nested else 240} others" in overview
    assert len(overview) < 4_000


def test_a_registers_title_counts_the_top_level_bodies_as_such(register: Model) -> None:
    from cfgov.report.document import report_title

    tops = sum(1 for o in register.organisations if not o.parents)
    assert tops < len(register.organisations)
    # "and 24 other organisations" in the title of 1,016 would understate it.
    assert report_title(register) == f"Department 0 and {tops - 1} other top-level bodies"
