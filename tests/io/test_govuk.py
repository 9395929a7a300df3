"""Reading the GOV.UK organisations register: shapes of the file, mapping, problems."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from cfgov import load
from cfgov.io import LoadError
from cfgov.io.govuk import (
    GOVUK_LIMITS,
    KINDS,
    OTHER_FILE,
    Register,
    layout,
    parse_register,
    read_register,
    render_files,
    select,
)
from cfgov.io.limits import Limits
from cfgov.model import Severity, UnitKind, UnitStatus
from cfgov.testing.register import register_pages, register_records

SAMPLE = (
    Path(__file__).resolve().parent.parent / "data" / "govuk" / "govuk-organisations-sample.jsonl"
)


def sample_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines() if line]


def record(
    slug: str,
    *,
    title: str | None = None,
    parents: tuple[str, ...] = (),
    children: tuple[str, ...] = (),
    **details: Any,
) -> dict[str, Any]:
    """A small register record of the API's shape."""
    api = "https://www.gov.uk/api/organisations/"
    return {
        "id": api + slug,
        "title": title or slug.replace("-", " ").title(),
        "format": "Executive agency",
        "web_url": "https://www.gov.uk/government/organisations/" + slug,
        "details": {"slug": slug, "govuk_status": "live", **details},
        "analytics_identifier": None,
        "parent_organisations": [{"id": api + p} for p in parents],
        "child_organisations": [{"id": api + c} for c in children],
    }


def jsonl(records: list[Any]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def problems_of(text: str | bytes, name: str = "reg.jsonl", **kw: Any) -> list[Any]:
    with pytest.raises(LoadError) as caught:
        parse_register(text, name, **kw)
    return list(caught.value.problems)


# The sample, as the API gave it -----------------------------------------------------


def test_the_sample_maps_every_record_with_its_fields() -> None:
    raw = {r["details"]["slug"]: r for r in sample_records()}
    register = read_register(SAMPLE)
    assert [u.id for u in register.units] == sorted(raw)
    for unit in register.units:
        source = raw[unit.id]
        assert unit.name == source["title"]
        assert unit.register_type == source["format"]
        assert unit.kind is KINDS[source["format"]]
        assert unit.url == source["web_url"]
        assert unit.status is UnitStatus(source["details"]["govuk_status"])
        assert unit.identifier("govuk_slug") == unit.id
        assert unit.identifier("govuk_content_id") == source["details"]["content_id"]
        assert unit.identifier("govuk_analytics_id") == source["analytics_identifier"]
        closed_at = source["details"]["closed_at"]
        assert unit.end_date == (closed_at[:10] if closed_at else None)
        assert unit.is_organisation


def test_parents_not_in_the_sample_are_left_out_and_reported_where_the_record_is() -> None:
    register = read_register(SAMPLE)
    commission = register.unit("social-mobility-commission")
    assert commission is not None
    assert commission.parents == ("department-for-education", "department-for-work-pensions")
    missing = {(x.unit, x.parent) for x in register.left_out if x.reason == "missing"}
    assert ("social-mobility-commission", "cabinet-office") in missing
    warning = next(w for w in register.warnings if "cabinet-office" in w.message)
    assert warning.code == "CFG034"
    assert warning.severity is Severity.WARNING
    line = next(
        n
        for n, text in enumerate(SAMPLE.read_text("utf-8").splitlines(), 1)
        if '"slug": "social-mobility-and-child-poverty-commission"' in text
    )
    assert warning.location is not None
    assert warning.location.line == line


def test_a_closed_department_keeps_its_live_child() -> None:
    register = read_register(SAMPLE)
    decc = register.unit("department-of-energy-climate-change")
    ofgem = register.unit("ofgem")
    assert decc is not None
    assert ofgem is not None
    assert decc.status is UnitStatus.CLOSED
    assert decc.end_date == "2016-07-15"
    assert ofgem.parents == (decc.id,)
    without = select(register, without_closed=True)
    assert without.unit(decc.id) is None
    kept = without.unit("ofgem")
    assert kept is not None
    assert kept.parents == ()
    assert any(x.reason == "closed" and x.unit == "ofgem" for x in without.left_out)


def test_every_register_type_has_a_kind_of_organisation() -> None:
    types = [
        "Ministerial department",
        "Non-ministerial department",
        "Executive agency",
        "Executive non-departmental public body",
        "Advisory non-departmental public body",
        "Tribunal non-departmental public body",
        "Tribunal",
        "Public corporation",
        "Independent monitoring body",
        "Ad-hoc advisory group",
        "Devolved administration",
        "Sub-organisation",
        "Executive office",
        "Civil Service",
        "Court",
        "Other",
    ]
    assert set(types) == set(KINDS)
    records = []
    for i, name in enumerate([*types, "A type GOV.UK adds next year"]):
        records.append({**record(f"body-{i}"), "format": name})
    register = parse_register(jsonl(records), "r.jsonl")
    for i, name in enumerate(types):
        unit = register.unit(f"body-{i}")
        assert unit is not None
        assert unit.kind is KINDS[name]
        assert unit.is_organisation
    unknown = register.unit(f"body-{len(types)}")
    assert unknown is not None
    assert unknown.kind is UnitKind.ORGANISATION
    assert unknown.register_type == "A type GOV.UK adds next year"


# Shapes of the file ---------------------------------------------------------------


def test_pages_concatenated_pages_and_a_list_of_pages_read_as_one_record_a_line() -> None:
    records = sample_records()
    pages = register_pages(records, page_size=20)
    expected = parse_register(jsonl(records), "r.jsonl").units
    one_page = register_pages(records, page_size=100)[0]
    for text in (
        json.dumps(one_page, indent=2),
        "\n".join(json.dumps(p, indent=2) for p in pages),
        json.dumps(pages),
        json.dumps(records),
    ):
        assert parse_register(text, "r.json").units == expected


def test_a_record_in_a_page_is_located_at_its_opening_brace() -> None:
    records = [record("alpha"), record("beta", parents=("gone",))]
    text = json.dumps(register_pages(records)[0], indent=2)
    register = parse_register(text, "page.json")
    lines = text.splitlines()
    line = next(n for n, t in enumerate(lines, 1) if '"slug": "beta"' in t)
    opening = max(n for n, t in enumerate(lines[:line], 1) if t.strip() == "{")
    where = register.locations["beta"]
    assert (where.line, where.column) == (opening, lines[opening - 1].index("{") + 1)


def test_a_parent_named_only_in_the_childs_list_is_kept() -> None:
    text = jsonl([record("dept", children=("agency",)), record("agency")])
    register = parse_register(text, "r.jsonl")
    agency = register.unit("agency")
    assert agency is not None
    assert agency.parents == ("dept",)
    assert register.from_children == (("agency", "dept"),)
    files = render_files(register, "r.jsonl", "cfgov import govuk r.jsonl")
    assert "parent dept taken from its list of child organisations" in files["dept.yaml"]


def test_a_loop_of_parents_is_broken_at_one_link_and_reported() -> None:
    text = jsonl(
        [
            record("a-body", parents=("c-body",)),
            record("b-body", parents=("a-body",)),
            record("c-body", parents=("b-body",)),
            record("d-body", parents=("d-body",)),
        ]
    )
    register = parse_register(text, "r.jsonl")
    # The link from the loop's first body by slug to its parent in the loop goes.
    assert [(x.unit, x.parent, x.reason) for x in register.left_out] == [
        ("a-body", "c-body", "loop"),
        ("d-body", "d-body", "loop"),
    ]
    units = {u.id: u.parents for u in register.units}
    assert units == {"a-body": (), "b-body": ("a-body",), "c-body": ("b-body",), "d-body": ()}
    loop = next(w for w in register.warnings if "'a-body'" in w.message)
    assert "loop" in loop.message
    assert "'b-body'" in loop.message
    assert "'c-body'" in loop.message
    assert loop.location is not None
    assert loop.location.line == 1
    assert sorted(layout(register)) == ["a-body.yaml", OTHER_FILE]


# Problems ---------------------------------------------------------------------------


def test_every_problem_of_a_register_file_is_located_in_one_run() -> None:
    good = record("good")
    lines = [
        json.dumps(good),
        '{"title": "broken", ',
        json.dumps({**record("x"), "title": ""}),
        json.dumps({**record("y"), "details": {"govuk_status": "live"}, "id": None}),
        json.dumps({**record("z"), "title": 42}),
        json.dumps({**record("w"), "parent_organisations": "hm-treasury"}),
        json.dumps({**record("v"), "details": {"slug": "v", "closed_at": "last year"}}),
        json.dumps([1]),
        json.dumps({**good, "title": "Good, retitled"}),
        json.dumps(good),
    ]
    problems = problems_of("\n".join(lines) + "\n")
    found = [(p.code, p.location.line) for p in problems]
    assert found == [
        ("CFG031", 2),
        ("CFG032", 3),
        ("CFG032", 4),
        ("CFG032", 5),
        ("CFG032", 6),
        ("CFG032", 7),
        ("CFG032", 8),
        ("CFG033", 9),
    ]
    words = [p.message for p in problems]
    assert "not JSON" in words[0]
    assert "no title" in words[1]
    assert "no slug" in words[2]
    assert "title is a number, not text" in words[3]
    assert "parent_organisations is text, not a list" in words[4]
    assert "'last year' is not a date" in words[5]
    assert "a number, not an object" in words[6]
    assert "'good' is in the input twice" in words[7]
    assert "reg.jsonl:1:1" in words[7]
    assert all(p.hint for p in problems)


def test_the_same_record_twice_is_read_once() -> None:
    text = jsonl([record("dept"), record("dept")])
    assert [u.id for u in parse_register(text, "r.jsonl").units] == ["dept"]


def test_a_status_cfgov_does_not_know_is_a_warning_not_a_stop() -> None:
    register = parse_register(jsonl([record("dept", govuk_status="merging")]), "r.jsonl")
    unit = register.unit("dept")
    assert unit is not None
    assert unit.status is None
    assert [w.code for w in register.warnings] == ["CFG034"]
    assert "'merging'" in register.warnings[0].message


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("A\ud800b", "U+D800"),
        ("Evil\u202ebody", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Two\nlines", "U+000A LINE FEED"),
        ("Bell\x07", "U+0007"),
        ("x" * 100_001, "100,001 characters long"),
    ],
)
def test_text_a_model_file_cannot_hold_is_refused_at_its_record(title: str, named: str) -> None:
    problems = problems_of(jsonl([record("good"), {**record("odd"), "title": title}]))
    assert [(p.code, p.location.line) for p in problems] == [("CFG032", 2)]
    assert named in problems[0].message
    assert problems[0].hint


def test_text_with_no_break_spaces_and_accents_is_kept_and_loads(tmp_path: Path) -> None:
    register = parse_register(
        jsonl([{**record("cymru"), "title": "Llywodraeth\u00a0Cymru — Café"}]), "r"
    )
    for name, text in render_files(register, "r", "x").items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert load(tmp_path).unit("cymru").name == "Llywodraeth\u00a0Cymru — Café"


def test_a_slug_that_could_leave_the_folder_is_refused() -> None:
    problems = problems_of(jsonl([record("../../etc/passwd")]))
    assert [p.code for p in problems] == ["CFG032"]
    assert "not a register slug" in problems[0].message


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "CFG031"),
        (b"   \n", "CFG031"),
        (b"[]", "CFG031"),
        (b"<html>Too many requests</html>", "CFG031"),
        (b'{"results": [\x00]}', "CFG016"),
        (b'{"title": "caf\xe9"}', "CFG015"),
        ("[" * 100_000 + "]" * 100_000, "CFG013"),
        ('{"results": ' + "[" * 100_000, "CFG013"),
        ('{"title": "x", "total": ' + "9" * 5000 + "}", "CFG031"),
        ('{"title": "x", "total": ' + "9" * 5000 + "}\n" + json.dumps(record("ok")), "CFG031"),
    ],
)
def test_hostile_or_empty_input_fails_fast_with_one_located_problem(
    data: str | bytes, code: str
) -> None:
    started = time.perf_counter()
    problems = problems_of(data)
    assert time.perf_counter() - started < 5  # a hang would not get here
    assert [p.code for p in problems] == [code]
    assert problems[0].location is not None
    assert problems[0].location.file == "reg.jsonl"


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps(register_pages(sample_records())[0]))
    with pytest.raises(LoadError) as caught:
        read_register(path, Limits(max_file_bytes=1000))
    assert [p.code for p in caught.value.problems] == ["CFG014"]
    assert GOVUK_LIMITS.max_file_bytes > 10 * 1024 * 1024  # the whole register fits


def test_too_many_problems_stop_the_reading() -> None:
    text = json.dumps(record("good")) + "\n" + "not json\n" * 1000
    problems = problems_of(text, limits=Limits(max_problems_per_file=10))
    assert len(problems) == 11
    assert [p.location.line for p in problems if p.code == "CFG020"] == [11]


# Choosing and laying out ------------------------------------------------------------


def joint_register() -> Register:
    return parse_register(
        jsonl(
            [
                record("dept-a"),
                record("dept-b"),
                record("joint", parents=("dept-b", "dept-a")),
                record("joint-part", parents=("joint",)),
                record(
                    "b-agency",
                    parents=("dept-b",),
                    closed_at="2020-01-01T00:00:00Z",
                    govuk_status="closed",
                ),
                record("b-agency-part", parents=("b-agency",)),
                record("loner"),
            ]
        ),
        "r.jsonl",
    )


def test_a_joint_body_is_in_one_file_and_names_both_parents() -> None:
    register = joint_register()
    files = layout(register)
    assert {name: [u.id for u in units] for name, units in files.items()} == {
        "dept-a.yaml": ["dept-a", "joint", "joint-part"],
        "dept-b.yaml": ["dept-b", "b-agency", "b-agency-part"],
        OTHER_FILE: ["loner"],
    }
    joint = register.unit("joint")
    assert joint is not None
    assert joint.parents == ("dept-b", "dept-a")


def test_only_takes_every_body_below_along_every_path() -> None:
    chosen = select(joint_register(), only="dept-b")
    assert [u.id for u in chosen.units] == [
        "b-agency",
        "b-agency-part",
        "dept-b",
        "joint",
        "joint-part",
    ]
    joint = chosen.unit("joint")
    assert joint is not None
    assert joint.parents == ("dept-b",)
    assert [(x.unit, x.parent, x.reason) for x in chosen.left_out] == [
        ("joint", "dept-a", "outside")
    ]


def test_without_closed_their_children_become_top_level() -> None:
    chosen = select(joint_register(), without_closed=True)
    assert chosen.unit("b-agency") is None
    part = chosen.unit("b-agency-part")
    assert part is not None
    assert part.parents == ()
    # dept-b keeps a file of its own: the joint body is still below it.
    assert sorted(layout(chosen)) == ["dept-a.yaml", "dept-b.yaml", OTHER_FILE]


def test_the_generated_files_load_and_say_what_was_left_out(tmp_path: Path) -> None:
    register = read_register(SAMPLE)
    files = render_files(register, "sample.jsonl", "cfgov import govuk sample.jsonl")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert text.startswith("# Generated by `cfgov import govuk` from sample.jsonl.")
    model = load(tmp_path)
    assert {u.id for u in model.units} == {u.id for u in register.units}
    assert model.unit("social-mobility-commission") == register.unit("social-mobility-commission")
    text = files["department-for-education.yaml"]
    assert "# parent cabinet-office left out: not in the input\n  - id: social-mobility-c" in text
    assert render_files(register, "sample.jsonl", "x") == render_files(
        read_register(SAMPLE), "sample.jsonl", "x"
    )


def test_the_generated_register_has_the_shape_it_promises() -> None:
    records = register_records(300, departments=10, joint=5, missing=3, seed=4)
    register = parse_register(jsonl(records), "r.jsonl")
    assert len(register.units) == 300
    assert sum(1 for u in register.units if len(u.parents) > 1) == 5
    assert len({x.parent for x in register.left_out if x.reason == "missing"}) == 3
    assert any(u.status is UnitStatus.CLOSED for u in register.units)
    assert len([u for u in register.units if u.kind is UnitKind.MINISTERIAL_DEPARTMENT]) == 10
    assert records == register_records(300, departments=10, joint=5, missing=3, seed=4)


def test_the_sample_is_the_shared_one_unchanged() -> None:
    shared = Path("/work/shared/data/govuk-organisations-sample.jsonl")
    if not shared.is_file():
        pytest.skip("the shared data folder is not on this machine")
    assert SAMPLE.read_bytes() == shared.read_bytes()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            '{"title": "First", "title": "Second", "details": {"slug": "a"}}\n{"title": "B", '
            '"details": {"slug": "b"}}\n',
            "title",
        ),
        ('{"results": [{"title": "A", "details": {"slug": "a", "slug": "b"}}]}', "slug"),
    ],
)
def test_a_key_given_twice_in_a_record_is_refused_not_one_picked(text: str, key: str) -> None:
    problems = problems_of(text)
    assert [p.code for p in problems] == ["CFG032"]
    assert f"the key {key!r} twice" in problems[0].message
    assert problems[0].location.line == 1


def test_file_names_differ_by_more_than_case() -> None:
    """On Windows and macOS, Dept.yaml and dept.yaml are one file: two slugs that differ
    only in case must not write each other's file."""
    register = parse_register(
        jsonl(
            [
                record("Dept"),
                record("dept"),
                record("Other-Bodies"),
                record("a", parents=("Dept",)),
                record("b", parents=("dept",)),
                record("c", parents=("Other-Bodies",)),
                record("lonely"),
            ]
        ),
        "reg.jsonl",
    )
    names = list(layout(register))
    assert len({n.lower() for n in names}) == len(names) == 4
    placed = {u.id: n for n, units in layout(register).items() for u in units}
    assert placed["a"] == placed["Dept"] != placed["b"] == placed["dept"]


def test_a_page_giving_its_results_twice_is_refused() -> None:
    text = (
        json.dumps({"results": [record("a")]})[:-1]
        + ', "results": '
        + json.dumps([record("b")])
        + "}"
    )
    problems = problems_of(text, "reg.json")
    assert [p.code for p in problems] == ["CFG031"]
    assert "gives its `results` twice" in problems[0].message
