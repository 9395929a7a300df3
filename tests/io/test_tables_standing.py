"""Assessments, initiatives, journeys and experience tags in a workbook and a CSV folder:
they come back as they went, and mistakes in their rows are located at the cell."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cfgov import LoadError, Model, load
from cfgov.io import tables
from cfgov.io.limits import DEFAULT_LIMITS
from cfgov.io.loader import assemble
from cfgov.model import ExperienceArea, Finding

openpyxl = pytest.importorskip("openpyxl")
from cfgov.io import xlsx  # noqa: E402

MODEL = Path(__file__).resolve().parents[1] / "data" / "standing" / "model.yaml"


def _model() -> Model:
    return load(MODEL)


def _from_book(book: object) -> Model:
    out = io.BytesIO()
    book.save(out)  # type: ignore[attr-defined]
    reader = xlsx.read_workbook(out.getvalue(), "book.xlsx", DEFAULT_LIMITS)
    if reader.collected.problems:
        raise LoadError(reader.collected.problems)
    return assemble(reader.collected, ("book.xlsx",), require_entries=False)[0]


def _book() -> object:
    return openpyxl.load_workbook(io.BytesIO(xlsx.workbook_bytes(_model())))


def _problems(book: object) -> dict[str, Finding]:
    with pytest.raises(LoadError) as caught:
        _from_book(book)
    return {str(p.location): p for p in caught.value.problems}


def _cell(sheet: object, header: str, row: int) -> object:
    names = [c.value for c in sheet[1]]  # type: ignore[index]
    return sheet.cell(row=row, column=names.index(header) + 1)  # type: ignore[attr-defined]


def test_the_new_collections_survive_a_workbook_and_a_csv_folder() -> None:
    model = _model()
    assert _from_book(_book()) == model
    reader = tables.read_csv_folder("out", tables.csv_files(model), DEFAULT_LIMITS)
    assert not reader.collected.problems
    assert assemble(reader.collected, tuple(reader.names), require_entries=False)[0] == model


def test_journey_steps_name_their_stage_by_its_number_within_the_journey() -> None:
    files = tables.csv_files(_model())
    assert files["Journey stages.csv"].splitlines() == [
        "journey,stage,name",
        "j1,1,Finding out",
        "j1,2,Applying",
    ]
    steps = files["Journey steps.csv"].splitlines()
    assert steps[0].startswith("journey,stage,name,channel,unit,partner,feeling")
    assert [line.split(",")[:3] for line in steps[1:]] == [
        ["j1", "1", "Reads online"],
        ["j1", "1", "Phones"],
        ["j1", "2", "Fills in the form"],
    ]
    # Components and step records hold their lists in a cell, as other entries do.
    components = files["Assessment components.csv"]
    assert '"""Survey; 2025""; plan.pdf"' in components
    assert "speed; integration" in files["Measures.csv"]


def test_reordered_stage_rows_keep_each_step_with_its_stage() -> None:
    book = _book()
    stages = book["Journey stages"]  # type: ignore[index]
    first = [c.value for c in stages[2]]
    second = [c.value for c in stages[3]]
    for index, value in enumerate(second, start=1):
        stages.cell(row=2, column=index).value = value
    for index, value in enumerate(first, start=1):
        stages.cell(row=3, column=index).value = value
    journey = _from_book(book).journey("j1")
    assert [s.name for s in journey.stages] == ["Applying", "Finding out"]
    assert [t.name for t in journey.stages[0].steps] == ["Fills in the form"]
    assert [t.name for t in journey.stages[1].steps] == ["Reads online", "Phones"]


def test_a_step_naming_a_stage_the_journey_does_not_have_is_located_at_its_cell() -> None:
    book = _book()
    steps = book["Journey steps"]  # type: ignore[index]
    cell = _cell(steps, "stage", 4)
    cell.value = 7  # type: ignore[attr-defined]
    found = _problems(book)
    problem = found[f"book.xlsx!Journey steps!{cell.coordinate}"]  # type: ignore[attr-defined]
    assert problem.code == "CFG008"
    assert "stage 7" in problem.message
    assert "'j1'" in problem.message
    assert "it has: 1, 2" in (problem.hint or "")


def test_a_step_naming_a_journey_not_in_the_stages_is_located_with_a_suggestion() -> None:
    book = _book()
    steps = book["Journey steps"]  # type: ignore[index]
    cell = _cell(steps, "journey", 2)
    cell.value = "J1"  # type: ignore[attr-defined]
    found = _problems(book)
    problem = found[f"book.xlsx!Journey steps!{cell.coordinate}"]  # type: ignore[attr-defined]
    assert problem.code == "CFG008"
    assert "'J1'" in problem.message
    assert "Did you mean `j1`" in (problem.hint or "")


def test_a_stage_numbered_twice_or_not_at_all_is_located_at_its_cell() -> None:
    book = _book()
    stages = book["Journey stages"]  # type: ignore[index]
    twice = _cell(stages, "stage", 3)
    twice.value = 1  # type: ignore[attr-defined]
    found = _problems(book)
    problem = found[f"book.xlsx!Journey stages!{twice.coordinate}"]  # type: ignore[attr-defined]
    assert problem.code == "CFG002"
    assert "stage 1 of the journey 'j1' twice (rows 2 and 3)" in problem.message

    book = _book()
    stages = book["Journey stages"]  # type: ignore[index]
    empty = _cell(stages, "stage", 2)
    empty.value = None  # type: ignore[attr-defined]
    found = _problems(book)
    problem = found[f"book.xlsx!Journey stages!{empty.coordinate}"]  # type: ignore[attr-defined]
    assert problem.code == "CFG006"
    assert "empty" in problem.message


def test_a_misspelt_experience_word_is_located_at_its_cell() -> None:
    book = _book()
    measures = book["Measures"]  # type: ignore[index]
    cell = _cell(measures, "experience", 2)
    cell.value = "speed; integraton"  # type: ignore[attr-defined]
    found = _problems(book)
    problem = found[f"book.xlsx!Measures!{cell.coordinate}"]  # type: ignore[attr-defined]
    assert problem.code == "CFG005"
    assert "'integraton'" in problem.message
    assert "integration" in (problem.hint or "")


def test_experience_words_typed_by_hand_are_read_leniently() -> None:
    book = _book()
    measures = book["Measures"]  # type: ignore[index]
    _cell(measures, "experience", 2).value = " value ;choice"  # type: ignore[attr-defined]
    (measure,) = _from_book(book).objective("o").measures
    assert measure.experience == (ExperienceArea.VALUE, ExperienceArea.CHOICE)


def test_an_experience_column_says_which_words_it_takes() -> None:
    book = _book()
    measures = book["Measures"]  # type: ignore[index]
    letter = _cell(measures, "experience", 1).column_letter  # type: ignore[attr-defined]
    (check,) = [
        v for v in measures.data_validations.dataValidation if str(v.sqref).startswith(letter)
    ]
    assert "speed, engagement, responsiveness" in check.prompt
    readme = [tuple(r) for r in book["Read me"].iter_rows(values_only=True)]  # type: ignore[index]
    row = next(r for r in readme if r[:2] == ("Measures", "experience"))
    assert row[3].startswith("words separated by `; `, from: speed, engagement")


def test_experience_words_typed_with_commas_are_told_to_use_semicolons() -> None:
    book = _book()
    cell = _cell(book["Measures"], "experience", 2)  # type: ignore[index]
    cell.value = "speed, integration"  # type: ignore[attr-defined]
    (problem,) = _problems(book).values()
    assert str(problem.location) == f"book.xlsx!Measures!{cell.coordinate}"  # type: ignore[attr-defined]
    assert problem.code == "CFG005"
    assert "commas" in problem.message
    assert problem.hint == "Separate them with `; `: `speed; integration`."


def test_a_sheet_that_scores_a_component_twice_and_repeats_a_sitting_says_so_at_the_cells() -> None:
    book = _book()
    components = book["Assessment components"]  # type: ignore[index]
    _cell(components, "component", 3).value = "understand_the_customer"  # type: ignore[attr-defined]
    sittings = book["Assessments"]  # type: ignore[index]
    sittings.append(["a2", "u", "2026-03"])  # type: ignore[attr-defined]
    components.append(["a2", "deliver_target_outcomes", "emerging"])  # type: ignore[attr-defined]
    problems = _problems(book)
    twice = problems["book.xlsx!Assessment components!B3"]
    assert twice.code == "CFG040"
    assert "twice" in twice.message
    again = problems["book.xlsx!Assessments!C3"]
    assert again.code == "CFG040"
    assert again.message.endswith("(the other is at book.xlsx!Assessments!C2)")
    assert len(problems) == 2


def test_a_sitting_with_no_rows_of_components_is_sent_to_their_sheet() -> None:
    book = _book()
    components = book["Assessment components"]  # type: ignore[index]
    components.delete_rows(2, components.max_row)  # type: ignore[attr-defined]
    (problem,) = _problems(book).values()
    assert problem.code == "CFG006"
    assert str(problem.location) == "book.xlsx!Assessments!A2"
    assert problem.message == "assessment 'a1' has no rows in the Assessment components sheet"
    assert problem.hint is not None
    assert problem.hint.startswith(
        "Add its rows to Assessment components, each with `a1` in the `assessment` column: "
    )


def test_a_sitting_with_no_rows_of_components_in_a_csv_folder_names_the_file() -> None:
    files = tables.csv_files(_model())
    name = "Assessment components.csv"
    files[name] = files[name].splitlines(keepends=True)[0]  # the header alone
    reader = tables.read_csv_folder("out", files, DEFAULT_LIMITS)
    messages = [p.message for p in reader.collected.problems]
    assert messages == ["assessment 'a1' has no rows in Assessment components.csv"]
