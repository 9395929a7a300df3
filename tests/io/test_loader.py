"""The loader: nothing the user wrote is changed, every problem is located, all at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import cfgov
from cfgov import Limits, LoadError, load, loads
from cfgov.io import PyYamlParser

BASE = """\
organisations:
  - id: dwp
    name: Department for Work and Pensions
    kind: ministerial_department
"""


def problems_of(text: str, **kw: object) -> list[cfgov.Finding]:
    with pytest.raises(LoadError) as info:
        loads(text, name="m.yaml", **kw)  # type: ignore[arg-type]
    return list(info.value.problems)


def only(text: str, **kw: object) -> cfgov.Finding:
    found = problems_of(text, **kw)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


@pytest.mark.parametrize(
    "written",
    [
        "NO",
        "no",
        "yes",
        "010",
        "1_000",
        "1:20",
        "2026-01-01",
        "0x1F",
        "1e3",
        "true",
        "Null!",
        ".inf",
        "'quoted'",
        '"010"',
        "12:30:00",
        "+1",
    ],
)
def test_ids_and_names_are_kept_exactly_as_written(written: str) -> None:
    model = loads(f"organisations:\n  - id: {written}\n    name: {written}\n")
    expected = written.strip("'\"")
    (unit,) = model.units
    assert unit.id == expected
    assert isinstance(unit.id, str)
    assert unit.name == expected


def test_block_text_is_kept_and_null_words_mean_absent() -> None:
    model = loads(BASE + "    description: |\n      Line one\n      Line two\n    status: ~\n")
    unit = model.unit("dwp")
    assert unit.description == "Line one\nLine two\n"
    assert unit.status is None


def test_quoted_null_is_text_not_absence() -> None:
    model = loads(BASE + '    description: "null"\n')
    assert model.unit("dwp").description == "null"


def test_numbers_accept_underscores_and_shorthand_size() -> None:
    model = loads(
        BASE
        + """\
segments:
  - id: s
    name: everyone
    category: target
    unit: dwp
    size: 9_200_000
  - id: t
    name: some
    category: target
    unit: dwp
    parent: s
    size: {value: 1.5e6, as_of: 2002-04}
"""
    )
    assert model.segment("s").size == cfgov.Size(value=9_200_000)
    size_t = model.segment("t").size
    assert size_t is not None
    assert size_t.value == 1_500_000.0
    assert size_t.as_of == "2002-04"


@pytest.mark.parametrize(
    ("fragment", "code", "needle"),
    [
        ("    internal_staff: yes\n", "CFG004", "must be true or false, not 'yes'"),
        ("    internal_staff: 'true'\n", "CFG004", "must be true or false"),
        ("    voice: loud\n", "CFG005", "'loud', which is not allowed"),
        ("    voice: Strong\n", "CFG005", "Did you mean `strong`?"),
        ("    name: [a, b]\n", "CFG004", "must be text, but it is a list"),
        ("    nmae: x\n", "CFG003", "Did you mean `name`?"),
        ("    <<: {x: 1}\n", "CFG003", "Merge keys"),
    ],
)
def test_wrong_values_name_the_field_and_how_to_fix(fragment: str, code: str, needle: str) -> None:
    text = "stakeholders:\n  - id: st\n    name: Staff\n" + fragment
    if fragment.startswith("    name:"):
        text = "stakeholders:\n  - id: st\n" + fragment
    problem = only(text)
    assert problem.code == code
    assert needle in (problem.message + " " + (problem.hint or ""))
    assert problem.location is not None
    line = text.splitlines().index(fragment.rstrip("\n")) + 1
    assert problem.location.file == "m.yaml"
    assert problem.location.line == line


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("lots", "CFG004"),
        ("'100'", "CFG004"),
        ("-5", "CFG005"),
        (".inf", "CFG005"),
        ("[1]", "CFG004"),
        ("{value: 1, people: 2}", "CFG003"),
    ],
)
def test_bad_sizes(value: str, code: str) -> None:
    problem = only(
        BASE + f"segments:\n  - id: s\n    name: n\n    category: target\n"
        f"    unit: dwp\n    size: {value}\n"
    )
    assert problem.code == code
    assert problem.location is not None
    assert problem.location.line == 10
    assert problem.entity == "s"


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2002", True),
        ("2002-04", True),
        ("2002-02-29", False),
        ("2004-02-29", True),
        ("March 2002", False),
        ("02/03/2002", False),
    ],
)
def test_dates(value: str, ok: bool) -> None:
    text = (
        BASE + f"segments:\n  - id: s\n    name: n\n    category: target\n    unit: dwp\n"
        f"    size: {{value: 1, as_of: {value}}}\n"
    )
    if ok:
        assert loads(text).segment("s").size == cfgov.Size(value=1, as_of=value)
    else:
        assert only(text).code == "CFG005"


def test_every_problem_in_every_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BASE + "  - id: dup\n    name: A\n    bogus: 1\n")
    (tmp_path / "b.yml").write_text(
        "units:\n  - id: dup\n    name: B\n    parents: [dwp]\n"
        "segments:\n  - id: s\n    name: s\n    category: target\n"
        "    unit: nowhere\n"
    )
    (tmp_path / "notes.txt").write_text("ignored: [")
    hidden = tmp_path / ".hidden"
    hidden.mkdir()
    (hidden / "x.yaml").write_text("not: [valid")
    with pytest.raises(LoadError) as info:
        load(tmp_path)
    seen = {
        (p.code, Path(p.location.file).name, p.location.line)
        for p in info.value.problems
        if p.location
    }
    assert seen == {("CFG003", "a.yaml", 7), ("CFG007", "b.yml", 2), ("CFG008", "b.yml", 9)}
    assert [Path(f).name for f in info.value.files] == ["a.yaml", "b.yml"]
    # sorted by file then line
    assert [p.sort_key() for p in info.value.problems] == sorted(
        p.sort_key() for p in info.value.problems
    )


def test_duplicate_id_message_points_at_the_first(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BASE)
    (tmp_path / "b.yaml").write_text(BASE)
    with pytest.raises(LoadError) as info:
        load(tmp_path)
    (problem,) = info.value.problems
    assert problem.code == "CFG007"
    assert f"{tmp_path / 'a.yaml'}:2:5" in problem.message


def test_dangling_reference_to_a_broken_entry_is_not_reported_twice() -> None:
    text = (
        BASE + "units:\n  - id: u\n    name: U\n    parents: [dwp]\n    kind: nonsense\n"
        "segments:\n  - id: s\n    name: s\n    category: target\n    unit: u\n"
    )
    problem = only(text)
    assert problem.code == "CFG005"
    assert problem.entity == "u"


def test_unit_kinds_must_match_their_collection() -> None:
    problem = only("units:\n  - id: x\n    name: X\n    kind: ministerial_department\n")
    assert problem.code == "CFG005"
    assert "organisation" not in problem.message or "Use one of" in (problem.hint or "")


def test_source_map_locates_entities_fields_and_list_items() -> None:
    text = (
        BASE
        + """\
segments:
  - id: s
    name: n
    category: target
    unit: dwp
    aims: [a1, a2]
    size: {value: 3}
    knowledge_sources:
      - source: survey
        closeness: direct
aims:
  - {id: a1, unit: dwp, statement: x}
  - {id: a2, unit: dwp, statement: y}
"""
    )
    model, sources = cfgov.loads_with_sources(text, name="m.yaml")
    assert str(sources.locate("s")) == "m.yaml:6:5"
    assert str(sources.locate("s", "aims.1")) == "m.yaml:10:16"
    assert str(sources.locate("s", "size.value")) == "m.yaml:11:19"
    assert str(sources.locate("s", "knowledge_sources.0.closeness")) == "m.yaml:14:20"
    assert str(sources.locate("s", "no-such-field")) == "m.yaml:6:5"
    assert sources.locate("nope") is None
    assert model.segment("s").aims == ("a1", "a2")


def test_two_loads_of_the_same_content_are_equal_whatever_the_layout(tmp_path: Path) -> None:
    one = tmp_path / "one"
    two = tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "all.yaml").write_text(BASE + "stakeholders:\n  - {id: st, name: S}\n")
    (two / "b.yaml").write_text("stakeholders:\n  - {id: st, name: S}\n")
    (two / "a.yaml").write_text(BASE)
    assert load(one) == load(two)
    assert load([two / "a.yaml", two / "b.yaml"]) == load(one)


def test_missing_paths_and_empty_folders_are_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(LoadError) as info:
        load([tmp_path / "absent.yaml", empty])
    codes = [(p.code, p.message, p.location) for p in info.value.problems]
    assert codes[0][:2] == ("CFG017", "no such file or folder")
    assert codes[0][2] == cfgov.Location(str(tmp_path / "absent.yaml"))
    assert codes[1][:2] == (
        "CFG017",
        "this folder holds no model files (.yaml, .yml, .csv or .xlsx)",
    )


def test_empty_and_comment_only_files_add_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BASE)
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "comments.yaml").write_text("# nothing yet\n")
    (tmp_path / "null-collection.yaml").write_text("segments:\n")
    assert len(load(tmp_path).units) == 1


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loops_do_not_trap_the_search(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BASE)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.yaml").symlink_to(tmp_path / "self.yaml")
    with pytest.raises(LoadError) as info:
        load(tmp_path)
    (problem,) = info.value.problems
    assert problem.code == "CFG017"
    assert "symbolic links" in problem.message
    assert problem.location == cfgov.Location(str(tmp_path / "self.yaml"))


def test_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(BASE + "#" * 2000 + "\n")
    with pytest.raises(LoadError) as info:
        load(path, limits=Limits(max_file_bytes=1000))
    assert info.value.problems[0].code == "CFG014"
    assert load(path).units[0].id == "dwp"


def test_limits_are_configurable() -> None:
    deep = "x: " + "[" * 10 + "]" * 10 + "\n"
    assert only(deep, limits=Limits(max_depth=5)).code == "CFG013"
    bomb = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"
    assert only(bomb, limits=Limits(max_alias_nodes=5)).code == "CFG012"


def test_aliases_within_the_limit_work() -> None:
    model = loads(
        BASE + "stakeholders:\n  - id: a\n    name: &n Shared name\n  - id: b\n    name: *n\n"
    )
    assert model.stakeholder("b").name == "Shared name"


@pytest.mark.parametrize("libyaml", [True, False])
def test_both_parsers_give_the_same_model_and_problems(libyaml: bool, examples_dir: Path) -> None:
    parser = PyYamlParser(use_libyaml=libyaml)
    assert load(examples_dir, parser=parser) == load(examples_dir)
    bad = BASE + "  - id: x\n    name: X\n    name: Y\n    kind: nope\n"
    with pytest.raises(LoadError) as ours:
        loads(bad, parser=parser)
    with pytest.raises(LoadError) as default:
        loads(bad)
    assert ours.value.problems == default.value.problems


def test_load_error_is_a_cfgov_error_with_a_readable_message() -> None:
    with pytest.raises(cfgov.CfgovError) as info:
        loads("- just a list\n", name="x.yaml")
    assert "1 problem stopped the model loading" in str(info.value)
    assert "x.yaml:1:1: CFG010 error" in str(info.value)


def test_load_prints_nothing(capsys: pytest.CaptureFixture[str], examples_dir: Path) -> None:
    load(examples_dir)
    with pytest.raises(LoadError):
        loads("a: [")
    assert capsys.readouterr() == ("", "")


def test_a_file_that_cannot_be_parsed_does_not_flood_with_dangling_references(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.yaml").write_text(BASE + "  - id: other\n    name: [unclosed\n")
    (tmp_path / "b.yaml").write_text(
        "units:\n  - {id: u, name: U, parents: [dwp, other]}\n"
        "segments:\n  - {id: s, name: s, category: target, unit: u}\n"
    )
    with pytest.raises(LoadError) as info:
        load(tmp_path)
    assert [p.code for p in info.value.problems] == ["CFG001"]


@pytest.mark.parametrize("text", ["", "# nothing\n", "{}\n", "---\n", "segments: []\n"])
def test_files_with_no_entries_are_refused(tmp_path: Path, text: str) -> None:
    (tmp_path / "m.yaml").write_text(text)
    with pytest.raises(LoadError) as info:
        load(tmp_path)
    (problem,) = info.value.problems
    assert problem.code == "CFG019"
    assert problem.location == cfgov.Location(str(tmp_path / "m.yaml"))


def test_empty_text_loads_as_an_empty_model() -> None:
    assert loads("") == cfgov.Model()
    assert loads(cfgov.dump(cfgov.Model())) == cfgov.Model()


def test_len_counts_every_entity_with_an_id() -> None:
    model = loads(
        BASE + "objectives:\n  - id: o\n    statement: s\n    segments: [s]\n"
        "    measures: [{id: m, name: m}]\n"
        "segments:\n  - {id: s, name: s, category: target, unit: dwp}\n"
    )
    assert len(model) == 4


def test_problems_per_file_are_capped_so_a_broken_file_fails_fast() -> None:
    text = BASE + "segments:\n" + "  - not a mapping\n" * 500
    found = problems_of(text, limits=Limits(max_problems_per_file=50))
    assert len(found) == 51
    assert found[-1].code == "CFG020"
    assert found[-1].location is not None
    assert found[-1].location.line == 56
    duplicates = "a: 1\n" * 300
    found = problems_of(duplicates, limits=Limits(max_problems_per_file=20))
    assert [p.code for p in found] == ["CFG002"] * 20 + ["CFG020"]


def test_knowledge_source_may_name_a_partner_and_the_reference_is_checked() -> None:
    text = (
        BASE
        + """\
partners:
  - {id: union, name: Teachers' union, role: representative}
segments:
  - id: s
    name: n
    category: target
    unit: dwp
    knowledge_sources:
      - {source: Members' survey, kind: research, closeness: near, partner: union}
      - {source: Letters, partner: unoin}
"""
    )
    with pytest.raises(LoadError) as info:
        loads(text, name="m.yaml")
    (problem,) = info.value.problems
    assert problem.code == "CFG008"
    assert problem.field == "knowledge_sources.1.partner"
    assert str(problem.location) == "m.yaml:14:36"
    fixed = loads(text.replace("unoin", "union"))
    assert [k.partner for k in fixed.segment("s").knowledge_sources] == ["union", "union"]


def test_measures_say_which_way_is_better() -> None:
    text = (
        BASE
        + """\
segments:
  - {id: s, name: n, category: target, unit: dwp}
objectives:
  - id: o
    statement: Shorter waits
    segments: [s]
    measures:
      - {id: wait, name: Days from claim to payment, better: lower, target: 5}
"""
    )
    (objective,) = loads(text).objectives
    assert objective.measures[0].better is cfgov.Better.LOWER
    assert only(text.replace("better: lower", "better: less")).code == "CFG005"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BASE)
    os.mkfifo(tmp_path / "pipe.yaml")
    with pytest.raises(LoadError) as info:
        load(tmp_path)  # would block forever if the pipe were opened for reading
    (problem,) = info.value.problems
    assert problem.code == "CFG017"
    assert "not a regular file" in problem.message


def test_an_unreadable_subfolder_is_reported_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.yaml").write_text(BASE)
    real_walk = os.walk

    def walk(top: str, onerror: object = None, followlinks: bool = False) -> object:
        assert callable(onerror)
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
        return real_walk(top, followlinks=followlinks)

    monkeypatch.setattr("cfgov.io.loader.os.walk", walk)
    with pytest.raises(LoadError) as info:
        load(tmp_path)
    (problem,) = info.value.problems
    assert problem.code == "CFG017"
    assert problem.message == "cannot read this folder: permission denied"
    assert problem.location == cfgov.Location(str(tmp_path / "locked"))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_links_to_folders_are_followed_once(tmp_path: Path) -> None:
    model_dir = tmp_path / "model"
    real = model_dir / "real"
    real.mkdir(parents=True)
    (real / "a.yaml").write_text(BASE)
    (model_dir / "shared").symlink_to(real, target_is_directory=True)
    (model_dir / "again").symlink_to("real", target_is_directory=True)
    assert [u.id for u in load(model_dir).units] == ["dwp"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_links_to_folders_outside_are_followed_once_when_allowed(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.yaml").write_text(BASE)
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    (model_dir / "shared").symlink_to(real, target_is_directory=True)
    (model_dir / "again").symlink_to(real, target_is_directory=True)
    assert [u.id for u in load(model_dir, allow_links_outside=True).units] == ["dwp"]


@pytest.mark.parametrize("name", ["README.md", "pyproject.toml", "model"])
def test_files_without_a_yaml_suffix_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(BASE)
    with pytest.raises(LoadError) as info:
        load(path)
    assert info.value.problems[0].code == "CFG017"
    assert "not a model file" in info.value.problems[0].message


def test_an_empty_path_is_refused_not_read_as_the_current_folder() -> None:
    with pytest.raises(LoadError) as info:
        load("")
    assert info.value.problems[0].message == "an empty path was given"


def test_utf16_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(BASE.encode("utf-16-le"))
    with pytest.raises(LoadError) as info:
        load(path)
    assert info.value.problems[0].code == "CFG015"
    assert "UTF-16" in info.value.problems[0].message


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_invisible_line_breaks_are_reported_where_an_editor_shows_them(char: str) -> None:
    problem = only(BASE + f"    description: Keep good{char}staff.\n")
    assert problem.code == "CFG015"
    assert str(problem.location) == "m.yaml:5:27"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("Staff #2", "#2"), ("Keep staff #1 happy.", "#1 happy.")],
)
def test_a_hash_glued_to_text_is_not_silently_dropped(value: str, shown: str) -> None:
    problem = only(BASE + f"    description: {value}\n")
    assert problem.code == "CFG005"
    assert f"`{shown}` as a comment" in problem.message


def test_real_comments_after_values_are_fine() -> None:
    model = loads(
        BASE + "    description: Runs pensions  # checked 2024\n"
        "stakeholders:\n  - {id: s, name: S, voice: weak} #low\n"
    )
    assert model.unit("dwp").description == "Runs pensions"


@pytest.mark.parametrize("items", ["[dwp, ~]", "\n      - dwp\n      -"])
def test_empty_list_items_are_reported_not_dropped(items: str) -> None:
    problem = only(BASE + f"units:\n  - id: u\n    name: U\n    parents: {items}\n")
    assert problem.code == "CFG004"
    assert "item 2 of `parents` of unit 'u' is empty" in problem.message


def test_an_unused_anchor_is_reported_because_it_eats_text() -> None:
    problem = only(BASE + "    description: &Co partners\n")
    assert problem.code == "CFG012"
    assert "`&Co`" in problem.message
    assert str(problem.location) == "m.yaml:5:18"


@pytest.mark.parametrize(
    ("value", "first"),
    [
        ("*New* starters", "*"),
        ("@council", "@"),
        ("`code`", "`"),
        ("[Draft] plan", "["),
        ("'Staff's new starters'", "'"),
        ("%20 of staff", "%"),
    ],
)
def test_values_starting_with_yaml_syntax_get_a_quoting_hint(value: str, first: str) -> None:
    problem = only(BASE + f"    description: {value}\n")
    assert problem.code == "CFG001"
    assert f"starts with `{first}`" in problem.message
    assert problem.hint is not None
    assert problem.hint.startswith("Put the whole value in quotes")
    assert str(problem.location) == "m.yaml:5:18"


def test_a_missing_space_after_a_dash_is_named() -> None:
    problem = only("organisations:\n  -id: dwp\n    name: DWP\n")
    assert problem.message == "invalid YAML: a list item needs a space after the dash"
    assert problem.location is not None
    assert problem.location.line == 2


def test_node_limit_stops_huge_lists_early() -> None:
    text = BASE + "    description: x\nsegments: [" + "a," * 1000 + "a]\n"
    problem = only(text, limits=Limits(max_nodes=500))
    assert problem.code == "CFG014"


def test_whole_number_floats_are_accepted_as_priorities() -> None:
    text = BASE + "segments:\n  - {id: s, name: n, category: target, unit: dwp, priority: 2.0}\n"
    assert loads(text).segment("s").priority == 2
    assert only(text.replace("2.0", "2.5")).code == "CFG004"


def test_a_date_that_is_not_in_the_calendar_says_so() -> None:
    problem = only(
        BASE + "segments:\n  - id: s\n    name: n\n    category: target\n"
        "    unit: dwp\n    size: {value: 1, as_of: 2003-04-31}\n"
    )
    assert "not a day in the calendar" in problem.message


def test_blank_required_text_is_empty() -> None:
    problem = only(BASE + "stakeholders:\n  - id: s\n    name: '  '\n")
    assert problem.code == "CFG006"
    assert problem.message == "stakeholder 's' has an empty `name:`"


@pytest.mark.parametrize(
    ("entry", "hint"),
    [
        (
            "organisations:\n  - {id: o, name: O, kind: council}\n",
            "Did you mean `local_authority`?",
        ),
        (
            "organisations:\n  - {id: o, name: O, kind: division}\n",
            "list this entry under `units:`",
        ),
        (
            BASE + "units:\n  - {id: u, name: U, kind: executive_agency, parents: dwp}\n",
            "list this entry under `organisations:`",
        ),
        (
            BASE + "segments:\n  - {id: s, name: n, category: target, unit: dwp, aims: 'a, b'}\n",
            "write them as a list: `[a, b]`",
        ),
        (
            BASE + "stakeholders:\n  - {id: staff, name: Staff}\nsegments:\n"
            "  - {id: s, name: n, category: target, unit: dwp, stakeholder: Staf}\n",
            "Did you mean `staff`?",
        ),
        (
            BASE + "units:\n  - {id: hr, name: Human Resources, parents: dwp}\nsegments:\n"
            "  - {id: s, name: n, category: target, unit: human resources}\n",
            "Did you mean `hr`?",
        ),
        (
            BASE + "segments:\n  - {id: s, name: n, category: target, unit: nowhere}\n",
            "add a unit with id 'nowhere'",
        ),
        (
            BASE + "segments:\n  - {id: s, name: n, category: target, unit: dwp, aims: [x]}\n",
            "add an aim with id 'x'",
        ),
    ],
)
def test_hints_name_the_likely_fix(entry: str, hint: str) -> None:
    problem = only(entry)
    assert problem.hint is not None
    assert hint in problem.hint


def test_nested_parts_are_named_with_their_owner() -> None:
    problem = only(
        BASE + "segments:\n  - id: s\n    name: n\n    category: target\n"
        "    unit: dwp\n    size: {value: 1, as_of: April 2003}\n"
    )
    assert problem.message.startswith("`as_of` of size of segment 's' is 'April 2003'")


def test_a_merge_key_is_reported_once() -> None:
    problem = only(BASE + "  - <<: {name: shared}\n    id: other\n")
    assert problem.code == "CFG003"
    assert "Merge keys" in (problem.hint or "")


def test_a_misnamed_collection_does_not_flood_with_dangling_references() -> None:
    text = (
        BASE
        + "unit:\n  - {id: u, name: U, parents: dwp}\nsegments:\n"
        + "".join(f"  - {{id: s{i}, name: n, category: target, unit: u}}\n" for i in range(5))
    )
    problem = only(text)
    assert problem.code == "CFG003"
    assert "Did you mean `units`?" in (problem.hint or "")


def test_str_of_a_finding_separates_message_and_hint() -> None:
    problem = only(BASE + "segments:\n  - {id: s, name: n, category: target, unit: nowhere}\n")
    assert str(problem).endswith(
        "which does not exist. Check the spelling, or add a unit with id 'nowhere'."
    )


def test_suppressions_are_read_with_their_reasons() -> None:
    model = loads(
        BASE + "    ignore:\n      CFG103: Broad segments are set by the parent body\n"
        "      CFG124: Taxpayers are covered in the Treasury's model\n"
    )
    assert model.unit("dwp").ignore == (
        cfgov.Suppression("CFG103", "Broad segments are set by the parent body"),
        cfgov.Suppression("CFG124", "Taxpayers are covered in the Treasury's model"),
    )


@pytest.mark.parametrize(
    ("ignore", "code", "needle"),
    [
        ("{CFG103: }", "CFG006", "gives no reason"),
        ("{CFG103: ''}", "CFG006", "gives no reason"),
        ("{cfg103: fine}", "CFG005", "not a rule code"),
        ("[CFG103]", "CFG004", "mapping of rule codes to reasons"),
    ],
)
def test_a_suppression_needs_a_code_and_a_reason(ignore: str, code: str, needle: str) -> None:
    problem = only(BASE + f"    ignore: {ignore}\n")
    assert problem.code == code
    assert needle in problem.message


def test_a_model_roots_exclude_setting_is_honoured_by_load(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BASE)
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "workflow.yml").write_text("on: [push]\n")
    with pytest.raises(LoadError):
        load(tmp_path)
    (tmp_path / "cfgov.toml").write_text('exclude = ["ci/*"]\n')
    assert [u.id for u in load(tmp_path).units] == ["dwp"]
    (tmp_path / "cfgov.toml").write_text("exclude = 3\n")
    with pytest.raises(LoadError) as info:
        load(tmp_path)
    assert info.value.problems[0].code == "CFG021"


def test_a_value_longer_than_the_limit_is_refused() -> None:
    problem = only(
        BASE + "    description: " + "x" * 300 + "\n", limits=Limits(max_scalar_chars=200)
    )
    assert problem.code == "CFG014"
    assert "300 characters" in problem.message


def test_searching_too_many_folders_stops_with_a_clear_problem(tmp_path: Path) -> None:
    """`cfgov check ~` must not search a whole home folder: it stops at a folder budget."""
    (tmp_path / "model.yaml").write_text(
        "organisations:\n  - {id: org, name: Org}\n", encoding="utf-8"
    )
    for i in range(6):
        (tmp_path / f"folder-{i}" / "inner").mkdir(parents=True)
    assert len(load(tmp_path, limits=Limits(max_folders=13)).units) == 1  # 13 folders: fine
    with pytest.raises(LoadError) as caught:
        load(tmp_path, limits=Limits(max_folders=12))
    (problem,) = caught.value.problems
    assert problem.code == "CFG017"
    assert problem.location is not None
    assert problem.location.file == str(tmp_path)
    assert "looked through 12 folders" in problem.message
    assert problem.hint is not None
    assert "cfgov.toml" in problem.hint


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("size: 7.7 million", "Write it in digits: `7700000` for 7.7 million."),
        ("size: 950k", "Write it in digits: `950000` for 950k."),
        ("size: 7,700,000", "Write it without commas: `7700000` (or `7_700_000`)."),
        ('size: "7,700,000"', "Remove the quotes. Write it without commas: `7700000`"),
        ("priority: 2%", "Write the number alone: `2`."),
    ],
)
def test_numbers_written_as_people_write_them_get_a_hint_that_fits(written: str, hint: str) -> None:
    text = (
        "organisations:\n  - {id: o, name: O}\n"
        f"segments:\n  - id: s\n    name: S\n    category: target\n    unit: o\n    {written}\n"
    )
    with pytest.raises(LoadError) as caught:
        loads(text)
    (problem,) = caught.value.problems
    assert problem.code == "CFG004"
    assert problem.hint is not None
    assert hint in problem.hint


def test_a_percentage_target_is_pointed_at_the_measures_unit() -> None:
    text = (
        "organisations:\n  - {id: o, name: O}\n"
        "segments:\n  - {id: s, name: S, category: target, unit: o}\n"
        "objectives:\n  - id: ob\n    statement: S\n    segments: [s]\n"
        "    measures:\n      - id: m\n        name: M\n        target: 95%\n"
    )
    with pytest.raises(LoadError) as caught:
        loads(text)
    (problem,) = caught.value.problems
    assert problem.hint is not None
    assert problem.hint.startswith("Write the number alone, `95`, and say what it counts")
    assert '`unit: "%"`' in problem.hint


def test_a_field_glued_to_its_value_is_pointed_out_on_its_own_line() -> None:
    text = "organisations:\n  - id: o\n    name:Ministry\n    kind: ministerial_department\n"
    with pytest.raises(LoadError) as caught:
        loads(text, name="m.yaml")
    (problem,) = caught.value.problems
    assert (problem.code, str(problem.location)) == ("CFG001", "m.yaml:3:5")
    assert "`name:Ministry` has no space after the colon" in problem.message
    assert problem.hint == "Put a space after the colon: `name: Ministry`."


def test_a_second_id_in_one_entry_suggests_the_missing_dash() -> None:
    text = (
        "organisations:\n  - id: o\n    name: O\n"
        "segments:\n  - id: a\n    name: A\n    category: target\n    unit: o\n"
        "    id: b\n    name: B\n"
    )
    with pytest.raises(LoadError) as caught:
        loads(text, name="m.yaml")
    first = caught.value.problems[0]
    assert (first.code, str(first.location)) == ("CFG002", "m.yaml:9:5")
    assert first.hint is not None
    assert "begin it with `- `" in first.hint


def test_a_field_indented_too_far_is_called_that_rather_than_a_quoting_problem() -> None:
    text = (
        "organisations:\n  - id: o\n    name: O\n"
        "segments:\n  - id: s\n    name: S\n      category: target\n    unit: o\n"
    )
    with pytest.raises(LoadError) as caught:
        loads(text, name="m.yaml")
    (problem,) = caught.value.problems
    assert (problem.code, str(problem.location)) == ("CFG001", "m.yaml:7:7")
    assert "indented further than the field above it" in problem.message
    assert (
        problem.hint == "Line it up with the fields above it (the same number of spaces before it)."
    )


def test_a_colon_inside_a_value_still_gets_the_quoting_hint() -> None:
    text = "organisations:\n  - id: o\n    name: Ratio: high\n"
    with pytest.raises(LoadError) as caught:
        loads(text, name="m.yaml")
    (problem,) = caught.value.problems
    assert problem.hint is not None
    assert "quotes" in problem.hint


def test_a_unit_cycle_across_three_files_names_every_link_of_it() -> None:
    folder = Path(__file__).resolve().parent.parent / "data" / "bad" / "cycle-across-three-files"
    with pytest.raises(LoadError) as info:
        load(folder)
    (problem,) = [p for p in info.value.problems if p.code == "CFG009"]
    assert problem.related == ("pensions", "pension-credit", "benefits-group")
    for site in (
        f"{folder / 'a-organisation.yaml'}:9:20 ('pensions')",
        f"{folder / 'b-directorate.yaml'}:6:9 ('pension-credit')",
        f"{folder / 'c-group.yaml'}:5:15 ('benefits-group')",
    ):
        assert site in problem.message


def test_a_segment_cycle_names_each_parent_link() -> None:
    text = (
        BASE
        + "segments:\n"
        + "  - {id: a, name: A, category: target, unit: dwp, parent: b}\n"
        + "  - {id: b, name: B, category: target, unit: dwp, parent: a}\n"
    )
    problem = only(text)
    assert problem.code == "CFG009"
    assert problem.message.endswith(
        "the links of the loop are at m.yaml:6:59 ('a'), m.yaml:7:59 ('b')"
    )


# -- messages a novice can act on (issue 14) -------------------------------------------


@pytest.mark.parametrize(
    "between",
    ["", "\n", "\n    # a comment\n\n", "\n\n\nobjectives:\n"],
    ids=["next-line", "blank-line", "comment-lines", "end-of-collection"],
)
def test_a_field_glued_to_its_value_is_reported_at_its_own_line(between: str) -> None:
    text = (
        "organisations:\n  - id: o\n    name: O\n"
        "segments:\n  - id: s\n    name: S\n    category: target\n    unit: o\n"
        "    priority:2\n"
        + between
        + ("    description: d\n" if "objectives" not in between else "")
    )
    problem = only(text)
    assert (problem.code, str(problem.location)) == ("CFG001", "m.yaml:9:5")
    assert "`priority:2` has no space after the colon" in problem.message
    assert problem.hint == "Put a space after the colon: `priority: 2`."


def test_a_field_with_no_colon_is_reported_at_its_own_line() -> None:
    text = "organisations:\n  - id: o\n    name Ministry of Work\n\n    kind: agency\n"
    problem = only(text)
    assert (problem.code, str(problem.location)) == ("CFG001", "m.yaml:3:5")
    assert "no colon after `name`" in problem.message
    assert problem.hint == "Put a colon and a space after the field name: `name: Ministry of Work`."


def _apply_hint(text: str, problem: cfgov.Finding) -> str:
    """The text with the line the hint suggests (between its first and last backtick) in
    place of the faulty one."""
    assert problem.hint is not None
    assert problem.location is not None
    assert problem.location.line is not None
    suggested = problem.hint[problem.hint.index("`") + 1 : problem.hint.rindex("`")]
    rows = text.split("\n")
    row = rows[problem.location.line - 1]
    indent = row[: len(row) - len(row.lstrip())]
    if row.lstrip().startswith("- ") and not suggested.startswith("-"):
        indent += "- "
    rows[problem.location.line - 1] = indent + suggested
    return "\n".join(rows)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("name: 'Northdale Landlords' Forum'", "Northdale Landlords' Forum"),
        ("name: 'Ward #3's forum'", "Ward #3's forum"),
        ('name: "The "Friends" group"', 'The "Friends" group'),
        ('name: "Bob\'s "Friends" group"', 'Bob\'s "Friends" group'),
        ("name: [Draft] plan", "[Draft] plan"),
        ("name: @council", "@council"),
        ("name: `code` club", "`code` club"),
        ("name: *New* starters", "*New* starters"),
        ("name: %20 of staff", "%20 of staff"),
        ('name: "a" b', '"a" b'),
        ("name:Ministry", "Ministry"),
        ("name:Ministry: the office", "Ministry: the office"),
        ("name:'Quoted'", "Quoted"),
        ("name Ministry of Work", "Ministry of Work"),
        ("name Ratio: high", "Ratio: high"),
    ],
)
def test_a_hint_that_rewrites_a_line_gives_the_value_meant(written: str, meant: str) -> None:
    text = f"organisations:\n  - id: o\n    {written}\n    kind: ministerial_department\n"
    problem = only(text)
    fixed = _apply_hint(text, problem)
    assert loads(fixed).unit("o").name == meant, (problem.hint, fixed)


def test_a_hint_for_a_missing_space_after_a_dash_gives_a_line_that_loads() -> None:
    text = "organisations:\n  -id: dwp\n    name: DWP\n"
    fixed = _apply_hint(text, only(text))
    assert [u.id for u in loads(fixed).units] == ["dwp"]


def test_a_quoting_hint_does_not_repeat_a_long_value() -> None:
    text = BASE + "    description: 'Landlords' " + "x" * 500 + "'\n"
    problem = only(text)
    assert problem.hint is not None
    assert "x" * 61 not in problem.hint
    assert problem.hint.startswith("Put the whole value in quotes")


def test_an_entry_glued_into_one_word_gets_a_hint_that_loads() -> None:
    text = "organisations:\n  - id:o\n"
    problem = only(text)
    assert (problem.code, str(problem.location)) == ("CFG004", "m.yaml:2:5")
    assert problem.hint == "Put a space after the colon: `id: o`."


@pytest.mark.parametrize("spaces", [1, 2, 3])
def test_a_field_indented_too_little_is_named_in_plain_words(spaces: int) -> None:
    text = (
        "organisations:\n  - id: o\n    name: O\n"
        "segments:\n  - id: s\n    name: S\n    category: target\n"
        + " " * spaces
        + "unit: o\n    priority: 2\n"
    )
    for libyaml in (True, False):
        problem = only(text, parser=PyYamlParser(use_libyaml=libyaml))
        assert (problem.code, str(problem.location)) == ("CFG001", f"m.yaml:8:{spaces + 1}")
        assert problem.message == (
            "invalid YAML: this line is indented less than the fields of the entry above it, "
            "so YAML cannot tell which entry it belongs to"
        )
        assert problem.hint == "Line it up with `category:` on line 7 (4 spaces before it)."
        assert "expected" not in problem.message


def test_a_field_indented_too_little_in_a_nested_part_is_lined_up_with_its_neighbours() -> None:
    text = (
        "organisations:\n  - id: o\n    name: O\n"
        "segments:\n  - id: s\n    name: S\n    size:\n      value: 3\n\n     # when\n"
        "     as_of: 2002\n    category: target\n    unit: o\n"
    )
    for libyaml in (True, False):
        problem = only(text, parser=PyYamlParser(use_libyaml=libyaml))
        assert str(problem.location) == "m.yaml:11:6"
        assert problem.hint == "Line it up with `value:` on line 8 (6 spaces before it)."


def test_a_list_item_indented_too_little_is_named_in_plain_words() -> None:
    text = BASE + "units:\n  - id: u\n    name: U\n    parents:\n      - dwp\n     - other\n"
    for libyaml in (True, False):
        problem = only(text, parser=PyYamlParser(use_libyaml=libyaml))
        assert str(problem.location) == "m.yaml:10:6"
        assert "this list item is not lined up with the item above it (line 9)" in problem.message
        assert problem.hint == (
            "Start its `- ` in the same column as the `- ` on line 9 (6 spaces before it)."
        )


MISSING_DASH = (
    "organisations:\n  - id: o\n    name: O\n"
    "objectives:\n  - id: ob\n    statement: S\n    segments: [b]\n"
    "segments:\n  - id: a\n    name: A\n    category: target\n    unit: o\n"
    "    id: b\n    name: B\n    category: target\n    unit: o\n    parent: a\n"
)


def test_an_entry_without_its_dash_is_one_problem_naming_the_cause() -> None:
    for libyaml in (True, False):
        problem = only(MISSING_DASH, parser=PyYamlParser(use_libyaml=libyaml))
        assert (problem.code, str(problem.location)) == ("CFG002", "m.yaml:13:5")
        assert problem.message.startswith(
            "line 13 looks like the start of a new entry but has no `- `"
        )
        assert "entry on line 9" in problem.message
        assert problem.hint is not None
        assert problem.hint == (
            "If it starts a new entry, begin it with `- `: put it in place of the two spaces "
            "before `id:`, so that it lines up with the `- ` on line 9. If it is all one "
            "entry, keep each field once."
        )


def test_the_fix_for_an_entry_without_its_dash_loads() -> None:
    fixed = MISSING_DASH.replace("\n    id: b", "\n  - id: b")
    model = loads(fixed)
    assert [s.id for s in model.segments] == ["a", "b"]


def test_entries_without_their_dashes_are_reported_before_what_follows_from_them() -> None:
    """Entries whose first line is not `id:`, one after another, one of them repeating an id."""
    text = (
        "organisations:\n  - id: o\n    name: O\n"
        "segments:\n  - id: a\n    name: A\n    category: target\n    unit: o\n\n"
        "    name: B\n    id: b\n    category: target\n"
        "    id: a\n    name: again\n    category: target\n    unit: o\n"
    )
    found = problems_of(text)
    assert [(p.code, str(p.location)) for p in found] == [
        ("CFG002", "m.yaml:10:5"),
        ("CFG006", "m.yaml:10:5"),  # entry 'b' has no unit: its own problem, after the cause
        ("CFG002", "m.yaml:13:5"),
        ("CFG007", "m.yaml:13:9"),  # 'a' again
    ]
    assert found[0].message.startswith("line 10 looks like the start of a new entry")
    assert found[2].message.startswith("line 13 looks like the start of a new entry")


def test_a_key_written_twice_in_one_entry_is_still_a_repeated_key() -> None:
    problem = only(BASE + "    name: again\n")
    assert problem.code == "CFG002"
    assert problem.message == "the key 'name' appears twice in this mapping (first at line 3)"


def test_an_id_where_the_dashes_stand_is_a_missing_dash() -> None:
    text = (
        "organisations:\n  - id: o\n    name: O\n"
        "segments:\n  - id: a\n    name: A\n    category: target\n    unit: o\n  id: b\n"
    )
    for libyaml in (True, False):
        problem = only(text, parser=PyYamlParser(use_libyaml=libyaml))
        assert (problem.code, str(problem.location)) == ("CFG001", "m.yaml:9:3")
        assert "line 9 looks like the start of a new entry but has no `- `" in problem.message


# A value that must never reach the output whole or raw: long, with terminal escapes.
ESCAPE = "\\e[2J\\e[31m"  # YAML's escape for ESC, inside double quotes
SECRET = "s3cr3t-" * 200


def _shows_no_raw_value(finding: cfgov.Finding) -> None:
    for text in (finding.message, finding.hint or ""):
        assert "\x1b" not in text, finding
        assert "\n" not in text, finding
        assert text.isprintable(), finding
        assert "s3cr3t-" * 10 not in text, finding


@pytest.mark.parametrize(
    "fragment",
    [
        f'    kind: "{ESCAPE}{SECRET}"\n',
        f'    status: "{ESCAPE}"\n',
        f'    "{ESCAPE}{SECRET}": x\n',
        f'    name: "again {ESCAPE}"\n',
        f'    parents: ["{ESCAPE}{SECRET}"]\n',
        f'    ignore: {{"{ESCAPE}": reason}}\n',
        f'    kind: "line\\nbreak\\u202e{SECRET}"\n',
        f"    description: {SECRET[:80]} #{SECRET}\n",
    ],
)
def test_load_problems_quote_a_short_escaped_excerpt_of_a_value(fragment: str) -> None:
    found = problems_of(BASE + fragment)
    assert found
    for problem in found:
        _shows_no_raw_value(problem)


@pytest.mark.parametrize(
    "text",
    [
        f'organisations:\n  - id: "{ESCAPE}{SECRET}"\n    name: O\n'
        f'segments:\n  - {{id: s, name: n, category: target, unit: "{ESCAPE}{SECRET}x"}}\n',
        f'organisations:\n  - id: "{ESCAPE}"\n    name: O\n  - id: "{ESCAPE}"\n    name: P\n',
        f"organisations:\n  - id: o\n    name: 'It's {SECRET}'\n",
        f"organisations:\n  - id: o\n    name:{SECRET}: x\n",
        f"organisations:\n  - id: o\n    name {SECRET}: x\n",
        f"organisations:\n  - id: o\n    description: &{SECRET} x\n",
        f"organisations:\n  - id: o\n    description: *{SECRET}\n",
        f"organisations:\n  - id: o\n    description: !{SECRET} x\n",
    ],
)
def test_every_problem_quotes_a_short_escaped_excerpt(text: str) -> None:
    for problem in problems_of(text):
        _shows_no_raw_value(problem)


def test_the_command_line_never_prints_a_value_whole_or_an_escape_raw(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "m.yaml").write_text(
        BASE + f'    status: "{ESCAPE}{SECRET}"\n    "{ESCAPE}": x\n', encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "cfgov", "check", str(tmp_path / "m.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "\x1b" not in output
    assert "s3cr3t-" * 10 not in output
    assert "\\x1b[2J" in output  # shown, escaped


def test_a_field_at_the_left_edge_is_not_taken_for_a_misspelt_collection() -> None:
    text = BASE + "segments:\n  - id: s\n    name: S\n    category: target\nunit: dwp\n"
    problem = next(p for p in problems_of(text) if p.code == "CFG003")
    assert str(problem.location) == "m.yaml:9:1"
    assert "Did you mean" not in (problem.hint or "")
    assert problem.hint == (
        "`unit` is a field of the entries of `segments:`: if it belongs to the entry above, "
        "indent it to line up with that entry's fields."
    )


def test_a_hint_for_a_comment_glued_to_a_value_gives_a_line_that_keeps_it() -> None:
    text = "organisations:\n  - id: o\n    name: Ward #3 forum\n"
    problem = only(text)
    assert problem.hint is not None
    suggested = problem.hint.split("like this: `")[1].split("`")[0]
    assert suggested == 'name: "Ward #3 forum"'
    fixed = text.replace("name: Ward #3 forum", suggested)
    assert loads(fixed).unit("o").name == "Ward #3 forum"
