"""The editor's questions, answered from a snapshot: go to definition, references, hover,
symbols, completion, quick fixes and renaming, over a copy of examples/council and over
small models written here."""

from __future__ import annotations

import gc
import shutil
import textwrap
import weakref
from pathlib import Path

import attrs
import pytest
from lsprotocol import types

from cfgov.lsp import editing, navigation
from cfgov.lsp.convert import uri_of
from cfgov.lsp.index import index_of
from cfgov.lsp.workspace import Snapshot, Workspace
from cfgov.model import Finding, Location, Severity

EXAMPLE = Path(__file__).parents[2] / "examples" / "council"


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    folder = tmp_path_factory.mktemp("council") / "council"
    shutil.copytree(EXAMPLE, folder)
    snapshot = Workspace(folder).load()
    assert snapshot.model is not None
    assert snapshot.current
    return snapshot


def file_of(snapshot: Snapshot, name: str) -> str:
    return next(f for f in snapshot.texts if Path(f).name == name)


def at(snapshot: Snapshot, name: str, needle: str, inside: str | None = None, nth: int = 0):
    """The file and the place (line, column) of ``inside`` within the nth line that
    holds ``needle`` (the start of ``needle`` when ``inside`` is not given)."""
    file = file_of(snapshot, name)
    seen = 0
    for number, line in enumerate(snapshot.texts[file].splitlines()):
        if needle in line:
            if seen == nth:
                column = line.index(needle)
                if inside is not None:
                    column += needle.index(inside) + 1  # one character into it
                return file, number, column
            seen += 1
    raise AssertionError(f"{needle!r} not in {name}")


def text_at(snapshot: Snapshot, location: types.Location) -> str:
    file = next(f for f in snapshot.texts if uri_of(f) == location.uri)
    line = snapshot.texts[file].splitlines()[location.range.start.line]
    return line[location.range.start.character : location.range.end.character]


def write_model(folder: Path, files: dict[str, str]) -> Snapshot:
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return Workspace(folder).load()


BASE = """\
organisations:
  - id: org
    name: The Department
units:
  - id: unit-a
    name: Unit A
    parents: [org]
stakeholders:
  - id: public
    name: The public
partners:
  - id: union
    name: The union
    role: representative
    represents:
      - seg-one
      - "seg-two"
"""

SEGMENTS = """\
segments:
  - id: seg-one
    name: Savers as future pensioners
    category: target
    unit: unit-a
    stakeholder: public
    priority: 1
    knowledge_sources:
      - source: A survey
        kind: research
        closeness: direct
        partner: union
  - id: seg-two
    name: Savers as employees
    category: target
    unit: unit-a
    parent: seg-one
    priority: 1
objectives:
  - id: obj-one
    statement: Savers put money aside for retirement.
    segments: [seg-one,
               seg-two]
    measures:
      - id: m-one
        name: Savers who save
        kind: outcome
journeys:
  - id: j-one
    name: Starting to save
    segment: 'seg-one'
    stages:
      - name: Finding out
        steps:
          - name: Reads a leaflet
            unit: unit-a
            measures: [m-one]
results:
  - measure: m-one
    periods:
      - {period: 2025-26, actual: 40}
"""


@pytest.fixture
def small(tmp_path: Path) -> Snapshot:
    snapshot = write_model(tmp_path, {"base.yaml": BASE, "segments.yaml": SEGMENTS})
    assert snapshot.model is not None, snapshot.problems
    return snapshot


# -- go to definition -------------------------------------------------------------------


def test_definition_of_a_reference_goes_to_the_entry_in_another_file(council: Snapshot) -> None:
    file, line, column = at(council, "segments.yaml", "stakeholder: council-residents", "c")
    [found] = navigation.definition(council, file, line, column + 3)
    assert found.uri.endswith("organisation.yaml")
    assert text_at(council, found) == "council-residents"
    lines = council.texts[file_of(council, "organisation.yaml")].splitlines()
    assert lines[found.range.start.line].strip() == "- id: council-residents"


def test_definition_on_an_entrys_own_id_is_that_id(council: Snapshot) -> None:
    file, line, column = at(council, "segments.yaml", "id: council-service-users", "c")
    [found] = navigation.definition(council, file, line, column)
    assert (found.range.start.line, text_at(council, found)) == (line, "council-service-users")


@pytest.mark.parametrize(
    ("name", "needle", "inside", "nth", "target"),
    [
        ("base.yaml", "- seg-one", "s", 0, "seg-one"),  # a block list item
        ("base.yaml", '- "seg-two"', "s", 0, "seg-two"),  # a quoted one
        ("segments.yaml", "segments: [seg-one,", "seg-one", 0, "seg-one"),  # a flow list
        ("segments.yaml", "seg-two]", "s", 0, "seg-two"),  # its item on the next line
        ("segments.yaml", "partner: union", "u", 0, "union"),  # knowledge_sources[].partner
        ("segments.yaml", "parent: seg-one", "s", 0, "seg-one"),
        ("segments.yaml", "segment: 'seg-one'", "seg-one", 0, "seg-one"),  # a journey's, quoted
        ("segments.yaml", "unit: unit-a", "unit-a", 2, "unit-a"),  # a journey step's
        ("segments.yaml", "measures: [m-one]", "m-", 0, "m-one"),  # a step's measures
        ("segments.yaml", "measure: m-one", "m-", 0, "m-one"),  # results (evidence)
        ("base.yaml", "parents: [org]", "o", 0, "org"),
    ],
)
def test_definition_from_every_kind_of_reference_field(
    small: Snapshot, name: str, needle: str, inside: str, nth: int, target: str
) -> None:
    file, line, column = at(small, name, needle, inside, nth)
    [found] = navigation.definition(small, file, line, column + 1)
    assert text_at(small, found) == target
    text = small.texts[next(f for f in small.texts if uri_of(f) == found.uri)]
    assert text.splitlines()[found.range.start.line].split("id:")[1].strip() == target


@pytest.mark.parametrize(
    ("needle", "inside"),
    [
        ("name: Savers as future pensioners", "S"),  # text, not an id
        ("category: target", "target"),  # a word of a choice
        ("priority: 1", "1"),
        ("stakeholder: public", "s"),  # on the key, not the value
    ],
)
def test_no_definition_outside_reference_values(small: Snapshot, needle: str, inside: str) -> None:
    file, line, column = at(small, "segments.yaml", needle, inside)
    assert navigation.definition(small, file, line, column) == []


def test_odd_places_answer_nothing(small: Snapshot) -> None:
    file = file_of(small, "segments.yaml")
    assert navigation.definition(small, file, 10_000, 3) == []
    assert navigation.definition(small, file, 3, 10_000) == []
    assert navigation.definition(small, "/nowhere/else.yaml", 1, 1) == []
    assert navigation.hover(small, file, 10_000, 0) is None
    assert navigation.references(small, "/nowhere/else.yaml", 0, 0) == []
    assert editing.completion(small, file, 10_000, 0) is None
    assert editing.prepare_rename(small, file, 10_000, 0) is None
    empty = Snapshot(None, None, None, (), {}, {file: small.texts[file]}, current=False)
    _, line, column = at(small, "segments.yaml", "stakeholder: public", "p")
    assert navigation.definition(empty, file, line, column + 1) == []
    assert navigation.hover(empty, file, line, column + 1) is None
    assert navigation.document_symbols(empty, file) == []
    assert navigation.workspace_symbols(empty, "seg") == []


def test_ranges_count_utf16_units(tmp_path: Path) -> None:
    written = SEGMENTS.replace("seg-two", "seg-🎉")
    snapshot = write_model(
        tmp_path, {"base.yaml": BASE.replace("seg-two", "seg-🎉"), "segments.yaml": written}
    )
    assert snapshot.model is not None, snapshot.problems
    file, line, column = at(snapshot, "segments.yaml", "id: seg-🎉", "s")
    [found] = navigation.definition(snapshot, file, line, column)
    assert found.range.end.character - found.range.start.character == len("seg-") + 2
    used = navigation.references(snapshot, file, line, column)
    assert {(Path(x.uri).name, x.range.start.line) for x in used} == {
        ("base.yaml", BASE.splitlines().index('      - "seg-two"')),
        ("segments.yaml", SEGMENTS.splitlines().index("               seg-two]")),
    }
    for x in used:
        written = text_at(snapshot, x)  # counted in characters, each emoji one of them
        quotes = 2 if written.startswith('"') else 0
        assert x.range.end.character - x.range.start.character == len("seg-") + 2 + quotes


# -- references ----------------------------------------------------------------------------


def test_references_in_every_file_with_and_without_the_declaration(council: Snapshot) -> None:
    file, line, column = at(council, "segments.yaml", "id: council-service-users", "c")
    found = navigation.references(council, file, line, column)
    files = {Path(next(f for f in council.texts if uri_of(f) == x.uri)).name for x in found}
    assert {"evidence.yaml", "organisation.yaml", "segments.yaml"} <= files
    assert all(text_at(council, x) == "council-service-users" for x in found)
    assert all(x.range.start.line != line or x.uri != uri_of(file) for x in found)
    with_declaration = navigation.references(council, file, line, column, declaration=True)
    assert len(with_declaration) == len(found) + 1
    assert with_declaration[0].range.start.line == line
    # the same answer from a use as from the declaration
    use = found[-1]
    used_in = next(f for f in council.texts if uri_of(f) == use.uri)
    again = navigation.references(council, used_in, use.range.start.line, use.range.start.character)
    assert again == found


def test_references_count_every_use_of_the_model(small: Snapshot) -> None:
    file, line, column = at(small, "segments.yaml", "id: seg-one", "s")
    found = navigation.references(small, file, line, column)
    lines = {(Path(x.uri).name, x.range.start.line) for x in found}
    model = small.model
    assert model is not None
    # represents, parent, objective segments, journey segment
    assert len(found) == 4, lines
    file, line, column = at(small, "segments.yaml", "id: m-one", "m")
    measures = navigation.references(small, file, line, column)
    assert len(measures) == 2  # a journey step's measures, and the results
    assert all(text_at(small, x) == "m-one" for x in measures)


# -- hover --------------------------------------------------------------------------------------


def test_hover_names_the_entry_its_owner_lineage_and_objectives(small: Snapshot) -> None:
    file, line, column = at(small, "segments.yaml", "id: seg-two", "s")
    shown = navigation.hover(small, file, line, column)
    assert shown is not None
    assert isinstance(shown.contents, types.MarkupContent)
    text = shown.contents.value
    assert "**Savers as employees**" in text
    assert "segment `seg-two`" in text
    assert "Unit A (`unit-a`)" in text
    assert "Savers as future pensioners → Savers as employees" in text
    assert "1 objective with 1 measure: Savers put money aside for retirement." in text


def test_hover_on_a_measure_names_what_it_measures(small: Snapshot) -> None:
    file, line, column = at(small, "segments.yaml", "measure: m-one", "m-")
    shown = navigation.hover(small, file, line, column + 1)
    assert shown is not None
    assert isinstance(shown.contents, types.MarkupContent)
    assert "measure `m-one`" in shown.contents.value
    assert "(`obj-one`)" in shown.contents.value


def test_hover_on_a_field_name_says_what_it_is_for(small: Snapshot) -> None:
    file, line, column = at(small, "segments.yaml", "closeness: direct", "closeness")
    shown = navigation.hover(small, file, line, column)
    assert shown is not None
    assert isinstance(shown.contents, types.MarkupContent)
    assert shown.contents.value.startswith("`closeness` of a knowledge source: How close")
    file, line, column = at(small, "segments.yaml", "name: Savers as employees", "Savers")
    assert navigation.hover(small, file, line, column) is None  # text says nothing more


# -- symbols ---------------------------------------------------------------------------


def test_document_symbols_nest_measures_in_their_objective(small: Snapshot) -> None:
    file = file_of(small, "segments.yaml")
    found = navigation.document_symbols(small, file)
    assert [s.name for s in found] == ["seg-one", "seg-two", "obj-one", "j-one"]
    objective = found[2]
    assert [c.name for c in objective.children or []] == ["m-one"]
    measure = (objective.children or [])[0]
    assert objective.range.start.line <= measure.range.start.line
    assert measure.range.end.line <= objective.range.end.line
    assert objective.range.end.line < found[3].range.start.line
    lines = small.texts[file].splitlines()
    pick = found[0].selection_range
    assert lines[pick.start.line][pick.start.character : pick.end.character] == "seg-one"


def test_workspace_symbols_by_id_and_name_in_any_case(council: Snapshot) -> None:
    by_name = navigation.workspace_symbols(council, "PLAY AREAS")
    assert [s.name.split(":")[0] for s in by_name] == ["council-children-play"]
    by_id = navigation.workspace_symbols(council, "council-m-")
    model = council.model
    assert model is not None
    assert len(by_id) == sum(1 for _ in model.measures())
    assert navigation.workspace_symbols(council, "no such thing anywhere") == []


def test_workspace_symbols_are_capped(tmp_path: Path) -> None:
    many = "".join(
        f"  - id: s{n}\n    name: S {n}\n    category: target\n    unit: unit-a\n"
        for n in range(300)
    )
    snapshot = write_model(
        tmp_path, {"base.yaml": BASE, "segments.yaml": SEGMENTS, "many.yaml": "segments:\n" + many}
    )
    assert snapshot.model is not None, snapshot.problems
    assert len(navigation.workspace_symbols(snapshot, "s")) == navigation.SYMBOL_LIMIT


# -- completion -----------------------------------------------------------------------------


def labels(found: types.CompletionList | None) -> list[str]:
    assert found is not None
    return [item.label for item in found.items]


def test_completion_offers_ids_of_the_right_kind_only(small: Snapshot) -> None:
    file, line, column = at(small, "segments.yaml", "stakeholder: public", "p")
    assert labels(editing.completion(small, file, line, column)) == ["public"]
    file, line, column = at(small, "segments.yaml", "parent: seg-one", "s")
    assert labels(editing.completion(small, file, line, column)) == ["seg-one", "seg-two"]
    found = editing.completion(small, file, line, column + 5)  # after `seg-o`
    assert labels(found) == ["seg-one"]
    assert found is not None
    item = found.items[0]
    assert item.detail == "segment: Savers as future pensioners"
    assert isinstance(item.text_edit, types.TextEdit)
    assert item.text_edit.range.start.character == column - 1
    file, line, column = at(small, "base.yaml", "parents: [org]", "o")
    assert labels(editing.completion(small, file, line, column - 1)) == ["org", "unit-a"]
    file, line, column = at(small, "base.yaml", "- seg-one", "s")
    assert labels(editing.completion(small, file, line, column - 1)) == ["seg-one", "seg-two"]


def test_completion_offers_the_words_a_field_allows(small: Snapshot) -> None:
    file, line, column = at(small, "segments.yaml", "category: target", "target")
    assert labels(editing.completion(small, file, line, column - 1)) == ["target", "indirect"]
    file, line, column = at(small, "segments.yaml", "closeness: direct", "d")
    assert labels(editing.completion(small, file, line, column)) == ["direct", "distant"]


def test_completion_offers_the_fields_not_written_yet(small: Snapshot) -> None:
    file = file_of(small, "segments.yaml")
    lines = small.texts[file].splitlines()
    line = lines.index("    priority: 1")
    found = labels(editing.completion(small, file, line, 4))
    assert "priority" in found  # the line the cursor is on is being rewritten
    assert "name" not in found
    assert "unit" not in found
    assert {"need", "aims", "ignore"} <= set(found)
    typed = labels(editing.completion(small, file, line, 6))  # after `pr`
    assert typed == ["priority"]
    line = lines.index("        kind: outcome")  # a nested measure
    found = labels(editing.completion(small, file, line, 8))
    assert "better" in found
    assert "name" not in found
    assert "segments" not in found


def test_completion_of_an_entry_being_typed(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    write_model(tmp_path, {"base.yaml": BASE, "segments.yaml": SEGMENTS})
    workspace.load()
    file = str(tmp_path / "segments.yaml")
    written = SEGMENTS + "partners:\n  - id: new\n    role: expert\n    adv\n    represents: "
    workspace.set_text(file, written)
    snapshot = workspace.update()
    assert snapshot.model is not None
    assert not snapshot.current
    lines = snapshot.texts[file].splitlines()
    assert labels(editing.completion(snapshot, file, len(lines) - 2, 7)) == ["advises_on"]
    found = labels(editing.completion(snapshot, file, len(lines) - 1, len(lines[-1])))
    assert found == ["seg-one", "seg-two"]


def test_completion_is_capped_and_says_so(tmp_path: Path) -> None:
    many = "".join(
        f"  - id: s{n:03d}\n    name: S {n}\n    category: target\n    unit: unit-a\n"
        for n in range(300)
    )
    snapshot = write_model(
        tmp_path,
        {
            "base.yaml": BASE,
            "segments.yaml": SEGMENTS,
            "many.yaml": "segments:\n" + many + "    parent: \n",
        },
    )
    file = file_of(snapshot, "many.yaml")
    line = len(snapshot.texts[file].splitlines()) - 1
    found = editing.completion(snapshot, file, line, len("    parent: "))
    assert found is not None
    assert found.is_incomplete
    assert len(found.items) == editing.COMPLETION_LIMIT
    narrowed = editing.completion(snapshot, file, line, len("    parent: "))
    assert narrowed is not None
    lines = snapshot.texts[file].splitlines()
    lines[-1] = "    parent: s29"
    typed = Snapshot(
        snapshot.model,
        snapshot.sources,
        snapshot.result,
        (),
        {},
        {file: "\n".join(lines)},
        current=True,
    )
    few = editing.completion(typed, file, line, len(lines[-1]))
    assert few is not None
    assert not few.is_incomplete
    assert labels(few) == [f"s{n}" for n in range(290, 300)]


# -- quick fixes -------------------------------------------------------------------------


def apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def offset(position: types.Position) -> int:
        return offsets[position.line] + position.character  # ASCII only in these tests

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


EVERYWHERE = types.Range(types.Position(0, 0), types.Position(100_000, 0))


def fixed(snapshot: Snapshot, folder: Path, title_starts: str) -> Snapshot:
    """Apply the first quick fix whose title starts so, on disk, and check again."""
    actions = [
        a
        for file in snapshot.diagnostics
        for a in editing.code_actions(snapshot, file, EVERYWHERE)
        if a.title.startswith(title_starts)
    ]
    assert actions, [
        a.title for f in snapshot.diagnostics for a in editing.code_actions(snapshot, f, EVERYWHERE)
    ]
    assert actions[0].edit is not None
    assert actions[0].edit.changes is not None
    for uri, edits in actions[0].edit.changes.items():
        file = next(f for f in snapshot.texts if uri_of(f) == uri)
        Path(file).write_text(apply(snapshot.texts[file], list(edits)), encoding="utf-8")
    return Workspace(folder).load()


def test_quick_fix_for_a_misspelt_id_and_field(tmp_path: Path) -> None:
    broken = SEGMENTS.replace("stakeholder: public", "stakeholder: publik").replace(
        "    priority: 1\n    knowledge", "    prioritty: 1\n    knowledge"
    )
    snapshot = write_model(tmp_path, {"base.yaml": BASE, "segments.yaml": broken})
    assert snapshot.model is None
    once = fixed(snapshot, tmp_path, "Change 'prioritty' to 'priority'")
    assert any(f.code == "CFG008" for fs in once.diagnostics.values() for f in fs)
    twice = fixed(once, tmp_path, "Change 'publik' to 'public'")
    assert twice.model is not None
    assert not twice.problems


def test_quick_fix_puts_a_value_in_quotes(tmp_path: Path) -> None:
    broken = SEGMENTS.replace(
        "    name: Savers as employees",
        "    name: Savers as employees\n    description: Staff #2 here",
    )
    snapshot = write_model(tmp_path, {"base.yaml": BASE, "segments.yaml": broken})
    again = fixed(snapshot, tmp_path, "Put the value in quotes")
    assert again.model is not None
    segment = again.model.segment("seg-two")
    assert segment.description == "Staff #2 here"


def rule_codes(snapshot: Snapshot) -> set[str]:
    return {f.code for fs in snapshot.diagnostics.values() for f in fs if f.code >= "CFG100"}


def test_quick_fix_adds_an_ignore_with_a_reason_to_fill_in(small: Snapshot, tmp_path: Path) -> None:
    codes = rule_codes(small)
    assert codes, "the small model should draw some advice"
    target = next(
        f
        for fs in small.diagnostics.values()
        for f in fs
        if f.code >= "CFG100" and f.entity == "seg-two"
    )
    actions = [
        a
        for a in editing.code_actions(small, target.location.file, EVERYWHERE)  # type: ignore[union-attr]
        if a.title.startswith(f"Ignore {target.code} for 'seg-two'")
    ]
    assert len(actions) == 1
    assert actions[0].edit is not None
    assert actions[0].edit.changes is not None
    [(uri, edits)] = actions[0].edit.changes.items()
    file = next(f for f in small.texts if uri_of(f) == uri)
    Path(file).write_text(apply(small.texts[file], list(edits)), encoding="utf-8")
    again = Workspace(tmp_path).load()
    assert again.model is not None
    segment = again.model.segment("seg-two")
    assert [(s.code, s.reason) for s in segment.ignore] == [
        (target.code, editing.REASON_PLACEHOLDER)
    ]
    assert not any(
        f.code == target.code and f.entity == "seg-two"
        for fs in again.diagnostics.values()
        for f in fs
    )
    # a second piece of advice goes into the same `ignore:`
    other = next(
        f
        for fs in again.diagnostics.values()
        for f in fs
        if f.code >= "CFG100" and f.entity == "seg-two"
    )
    third = ignored(again, tmp_path, other.code, "seg-two")
    assert third.model is not None
    assert [s.code for s in third.model.segment("seg-two").ignore] == [target.code, other.code]


def ignored(snapshot: Snapshot, folder: Path, code: str, entity: str) -> Snapshot:
    """Apply the quick fix that ignores ``code`` for ``entity``, and check again."""
    return fixed(snapshot, folder, f"Ignore {code} for '{entity}'")


def test_ignore_under_a_nested_measure_and_into_a_flow_mapping(
    small: Snapshot, tmp_path: Path
) -> None:
    codes = sorted(f.code for fs in small.diagnostics.values() for f in fs if f.entity == "m-one")
    assert len(codes) == 2
    once = ignored(small, tmp_path, codes[0], "m-one")
    assert once.model is not None
    measure = once.model.measure("m-one")
    assert [s.code for s in measure.ignore] == [codes[0]]
    assert once.model.objective("obj-one").measures[0].ignore == measure.ignore
    file = file_of(once, "segments.yaml")
    text = once.texts[file]
    assert "        ignore:\n          " + codes[0] in text  # under the measure's own keys
    flow = text.replace("        ignore:\n          ", "        ignore: {").replace(
        editing.REASON_PLACEHOLDER + '"', editing.REASON_PLACEHOLDER + '"}'
    )
    Path(file).write_text(flow, encoding="utf-8")
    again = Workspace(tmp_path).load()
    assert again.model is not None, again.problems
    twice = ignored(again, tmp_path, codes[1], "m-one")
    assert twice.model is not None, twice.problems
    assert [s.code for s in twice.model.measure("m-one").ignore] == codes


def test_no_quick_fix_away_from_the_range_asked(tmp_path: Path) -> None:
    broken = SEGMENTS.replace("stakeholder: public", "stakeholder: publik")
    snapshot = write_model(tmp_path, {"base.yaml": BASE, "segments.yaml": broken})
    file = file_of(snapshot, "segments.yaml")
    nowhere = types.Range(types.Position(0, 0), types.Position(0, 5))
    assert editing.code_actions(snapshot, file, nowhere) == []
    assert editing.code_actions(snapshot, "/not/a/file.yaml", EVERYWHERE) == []


# -- renaming ------------------------------------------------------------------------


def test_rename_changes_the_id_everywhere(small: Snapshot, tmp_path: Path) -> None:
    file, line, column = at(small, "segments.yaml", "partner: union", "u")
    ranged = editing.prepare_rename(small, file, line, column)
    assert ranged is not None
    assert (ranged.start.character, ranged.end.character) == (column - 1, column - 1 + 5)
    file, line, column = at(small, "segments.yaml", "id: seg-one", "s")
    edit = editing.rename(small, file, line, column, "seg-savers")
    assert edit is not None
    assert edit.changes is not None
    for uri, edits in edit.changes.items():
        path = next(f for f in small.texts if uri_of(f) == uri)
        Path(path).write_text(apply(small.texts[path], list(edits)), encoding="utf-8")
    again = Workspace(tmp_path).load()
    assert again.model is not None, again.problems
    assert again.model.get("seg-one") is None
    assert again.model.segment("seg-two").parent == "seg-savers"
    assert again.model.journey("j-one").segment == "seg-savers"
    assert "'seg-savers'" in again.texts[file]  # the quoted use stays quoted
    before = dict(small.diagnostics.items())
    assert len(again.diagnostics) == len(before)


def test_rename_refuses_an_id_taken_or_not_an_id(small: Snapshot) -> None:
    file, line, column = at(small, "segments.yaml", "id: seg-one", "s")
    with pytest.raises(editing.RenameRefused, match="already used by the segment"):
        editing.rename(small, file, line, column, "seg-two")
    with pytest.raises(editing.RenameRefused, match="cannot be an id"):
        editing.rename(small, file, line, column, "   ")


def test_rename_only_on_an_id(small: Snapshot) -> None:
    file, line, column = at(small, "segments.yaml", "name: Savers as employees", "S")
    assert editing.prepare_rename(small, file, line, column) is None
    assert editing.rename(small, file, line, column, "x") is None


# -- the index is kept with its snapshot ------------------------------------------------


def test_the_index_is_built_once_per_snapshot(small: Snapshot, council: Snapshot) -> None:
    assert index_of(small) is index_of(small)
    first = index_of(small)
    assert index_of(council) is not first
    assert index_of(council).snapshot is council


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Note: this matters", "Note: this matters"),  # no example in the hint: quoted here
        ("@home", "@home"),  # the hint's own example
        ('"The "best" public"', 'The "best" public'),  # quotes inside: the hint's other quote
    ],
)
def test_quick_fix_quotes_what_yaml_cannot_read(tmp_path: Path, written: str, meant: str) -> None:
    broken = BASE.replace(
        "    name: The public", f"    name: The public\n    description: {written}"
    )
    snapshot = write_model(tmp_path, {"base.yaml": broken, "segments.yaml": SEGMENTS})
    assert snapshot.model is None
    again = fixed(snapshot, tmp_path, "Put the value in quotes")
    assert again.model is not None, again.problems
    assert again.model.stakeholder("public").description == meant


def test_no_did_you_mean_fix_on_a_word_unlike_the_suggestion(small: Snapshot) -> None:
    file, line, column = at(small, "segments.yaml", "id: seg-two", "id")
    odd = Finding(
        code="CFG008",
        severity=Severity.ERROR,
        message="something about another entry",
        hint="Did you mean `unit-a`?",
        location=Location(file, line + 1, column),  # on the key `id`
    )
    snapshot = attrs.evolve(small, diagnostics={file: (odd,)})
    assert editing.code_actions(snapshot, file, EVERYWHERE) == []


def test_the_index_does_not_keep_an_old_snapshot_alive(tmp_path: Path) -> None:
    snapshot = write_model(tmp_path, {"base.yaml": BASE, "segments.yaml": SEGMENTS})
    index = index_of(snapshot)
    assert index.declared_in(file_of(snapshot, "segments.yaml"))
    gone = weakref.ref(snapshot)
    del snapshot
    gc.collect()
    assert gone() is None
    with pytest.raises(LookupError):
        index.snapshot  # noqa: B018


def test_completion_of_collections_and_of_a_new_item(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    write_model(tmp_path, {"base.yaml": BASE, "segments.yaml": SEGMENTS})
    workspace.load()
    file = str(tmp_path / "segments.yaml")
    workspace.set_text(file, SEGMENTS + "\n" + "segments:\n  - \n")
    snapshot = workspace.update()
    lines = snapshot.texts[file].split("\n")
    top = labels(editing.completion(snapshot, file, len(lines) - 1, 0))
    assert "units" in top
    assert "principles" in top
    assert "objectives" not in top
    assert "journeys" not in top
    item = labels(editing.completion(snapshot, file, len(lines) - 2, 4))
    assert item[:4] == ["id", "name", "category", "unit"]  # in the format's order


def test_completion_of_kind_tells_organisations_from_units(small: Snapshot) -> None:
    organisation = editing.completion(small, *at(small, "base.yaml", "name: The Department")[:2], 4)
    assert "kind" in labels(organisation)
    file = file_of(small, "base.yaml")
    text = (
        small.texts[file]
        .replace("    name: The Department", "    name: The Department\n    kind: ")
        .replace("    name: Unit A", "    name: Unit A\n    kind: ")
    )
    lines = text.split("\n")
    typed = attrs.evolve(small, texts={file: text})
    first, second = (n for n, line in enumerate(lines) if line == "    kind: ")
    top = labels(editing.completion(typed, file, first, len("    kind: ")))
    part = labels(editing.completion(typed, file, second, len("    kind: ")))
    assert "ministerial_department" in top
    assert "directorate" not in top
    assert "directorate" in part
    assert "ministerial_department" not in part
