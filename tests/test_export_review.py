"""Found in review of the way out: what a user gets from ``cfgov export xlsx`` and reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli_runner import ROOT, cfgov

EXAMPLES = ROOT / "examples"

pytest.importorskip("openpyxl")


@pytest.mark.parametrize("made", [True, False])
def test_export_xlsx_to_a_folder_is_refused_and_writes_nothing(tmp_path: Path, made: bool) -> None:
    folder = tmp_path / "out"
    if made:
        folder.mkdir()
    out = cfgov("export", "xlsx", "-o", f"{folder}/", str(EXAMPLES))
    assert out.returncode == 2
    assert "is a folder" in out.stderr
    assert "model.xlsx" in out.stderr  # how to name the workbook instead
    assert list(tmp_path.iterdir()) == ([folder] if made else [])
    if made:
        assert list(folder.iterdir()) == []


def test_each_column_of_the_lists_sheet_says_which_column_its_words_are_for(
    tmp_path: Path,
) -> None:
    import openpyxl

    book = tmp_path / "model.xlsx"
    assert cfgov("export", "xlsx", "-o", str(book), str(EXAMPLES)).returncode == 0
    workbook = openpyxl.load_workbook(book)
    headers = [c.value for c in workbook["Lists"][1]]
    # Each list is headed by the first column offering its words, as `sheet: column`.
    for sheet in workbook.worksheets:
        for check in sheet.data_validations.dataValidation:
            if check.formula1 is None:  # a prompt only: a list of words in one cell
                assert check.prompt.startswith("Words separated by `; `")
                continue
            letter = check.formula1.split("!$")[1].split("$")[0]
            header = workbook["Lists"][f"{letter}1"].value
            sheet_name, column = header.split(": ")
            allowed = [c.value for c in workbook[sheet_name][1]]
            assert column in allowed
    assert "Organisations: kind" in headers
    assert "Units: kind" in headers
    assert len(set(headers)) == len(headers)


def test_export_csv_into_a_folder_of_other_files_says_what_would_be_replaced(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    (folder / "README.md").write_text("my own read me\n", encoding="utf-8")
    out = cfgov("export", "csv", "-o", str(folder), str(EXAMPLES))
    assert out.returncode == 2
    assert "README.md" in out.stderr  # would be replaced
    assert "notes.txt" in out.stderr  # would be kept
    assert "--force" in out.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "notes.txt"]
    assert (folder / "README.md").read_text(encoding="utf-8") == "my own read me\n"
    assert cfgov("export", "csv", "-o", str(folder), "--force", str(EXAMPLES)).returncode == 0
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(("form", "name"), [("xlsx", "model.xlsx"), ("csv", "tables")])
def test_an_export_inside_the_model_folder_is_refused(tmp_path: Path, form: str, name: str) -> None:
    import shutil

    model = tmp_path / "model"
    shutil.copytree(EXAMPLES / "dwp", model)
    before = sorted(p.name for p in model.iterdir())
    out = cfgov("export", form, "-o", str(model / name), str(model))
    assert out.returncode == 2
    assert "inside the model's folder" in out.stderr
    assert "every entry would be in it twice" in out.stderr
    assert sorted(p.name for p in model.iterdir()) == before
    # Beside the model, the same export is written.
    assert cfgov("export", form, "-o", str(tmp_path / name), str(model)).returncode == 0
    assert (tmp_path / name).exists()
