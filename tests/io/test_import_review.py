"""The way in, attacked as its users would: inputs far too large for the import commands
are refused from their size alone, before they are read."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from cfgov.cli import app

pytest.importorskip("openpyxl")


def test_a_huge_workbook_is_refused_by_its_size_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.xlsx"
    with open(book, "wb") as handle:
        handle.truncate(4 * 1024**3)  # 4 GB, sparse: it takes no room on the disc

    def refuse(self: Path) -> bytes:
        raise AssertionError(f"{self} was read whole")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    code = app.run(["import", "xlsx", str(book), "-o", str(tmp_path / "out")], out=io.StringIO())
    err = capsys.readouterr().err
    assert code == 2
    assert "CFG014" in err  # the loader's own limit, as for a YAML file that large
    assert "larger than" in err
    assert not (tmp_path / "out").exists()
    os.remove(book)


def test_a_csv_saved_as_windows_text_names_its_line_and_how_to_save_it_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "Stakeholders.csv").write_bytes(
        "id,name\npeople,People\ncafe,Caf\u00e9 owners\n".encode("cp1252")
    )
    code = app.run(["import", "csv", str(folder), "-o", str(tmp_path / "out")], out=io.StringIO())
    err = capsys.readouterr().err
    assert code == 2
    assert "Stakeholders.csv:3: " in err
    assert '"CSV UTF-8 (Comma delimited)"' in err
    assert not (tmp_path / "out").exists()


def test_importing_the_edited_workbook_again_replaces_only_what_the_import_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import cfgov

    examples = Path(__file__).resolve().parents[2] / "examples" / "dwp"
    book, out = tmp_path / "dwp.xlsx", tmp_path / "model"

    def run(*argv: str) -> int:
        return app.run(list(argv), out=io.StringIO())

    assert run("export", "xlsx", "-o", str(book), str(examples)) == 0
    assert run("import", "xlsx", str(book), "-o", str(out)) == 0
    written = (out / "dwp.yaml").read_text(encoding="utf-8")
    assert written.startswith("# Written by `cfgov import xlsx` from ")
    # The monthly round: the same workbook, edited, imported into the same folder.
    assert run("import", "xlsx", str(book), "-o", str(out)) == 0
    assert cfgov.load(out) == cfgov.load(examples)
    # A file of the team's own beside it is never replaced or ignored silently.
    (out / "dwp.yaml").write_text("# my notes\n" + written, encoding="utf-8")
    capsys.readouterr()
    assert run("import", "xlsx", str(book), "-o", str(out)) == 2
    assert "written by hand, with 1 line of comments" in capsys.readouterr().err
    assert (out / "dwp.yaml").read_text(encoding="utf-8").startswith("# my notes\n")
