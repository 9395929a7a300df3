"""A workbook is a model file: ``cfgov check book.xlsx``, and workbooks beside YAML.

The loader reads a workbook in cfgov's layout as it reads YAML and CSV: every problem
located at its sheet and cell, all in one run and merged with the other files'
problems, through the cache and worker processes alike.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cfgov
from cfgov import LoadError, Model, check, load, load_with_sources
from cfgov.cli.app import run
from cfgov.io import dump, loader
from cfgov.io.cache import BuildCache
from cfgov.model import Finding

openpyxl = pytest.importorskip("openpyxl")
from cfgov.io import xlsx  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DWP = ROOT / "examples" / "dwp"


def _said(model: Model) -> list[tuple[str, str | None, str]]:
    """What checking the model says: every finding, the suppressed ones too."""
    result = check(model)
    found = [*result.findings, *(finding for finding, _ in result.suppressed)]
    return sorted((f.code, f.entity, f.message) for f in found)


def _book(tmp_path: Path, model: Model | None = None, name: str = "book.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(xlsx.workbook_bytes(model or load(DWP)))
    return path


def _edited(book: object, path: Path) -> Path:
    book.save(path)  # type: ignore[attr-defined]
    return path


def _open(path: Path) -> object:
    return openpyxl.load_workbook(io.BytesIO(path.read_bytes()))


def _cell(sheet: object, header: str, row: int) -> object:
    names = [c.value for c in sheet[1]]  # type: ignore[index]
    return sheet.cell(row=row, column=names.index(header) + 1)  # type: ignore[attr-defined]


def _cfgov(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- the same model and findings as the YAML -------------------------------------------------


def test_a_workbook_gives_the_model_and_findings_its_yaml_gives(tmp_path: Path) -> None:
    book = _book(tmp_path)
    from_yaml = load(DWP)
    from_book, sources = load_with_sources(book)
    assert from_book == from_yaml
    said = _said(from_yaml)
    assert said  # the example's suppressed findings: something to compare
    assert _said(from_book) == said
    where = sources.locate(from_book.segments[0].id)
    assert where is not None
    assert where.file == str(book)
    assert where.sheet == "Segments"


def test_a_workbooks_findings_are_reported_at_its_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _open(_book(tmp_path))
    del book["Segments ignore"]  # type: ignore[attr-defined]  # the reasons given for findings
    path = _edited(book, tmp_path / "book.xlsx")
    code, out, _ = _cfgov(capsys, "check", str(path), "--no-cache", "--fail-on", "warning")
    assert code == 1
    assert "book.xlsx!Segments!" in out
    assert "CFG116" in out
    code, _, _ = _cfgov(capsys, "check", str(path), "--no-cache", "--fail-on", "never")
    assert code == 0
    code, out, _ = _cfgov(capsys, "check", str(path), "--no-cache", "--format", "github")
    annotation = next(line for line in out.splitlines() if "CFG116" in line)
    assert f"file={path}" in annotation
    assert "line=" not in annotation
    assert "title=CFG116::Segments!A" in annotation  # the sheet and cell start the message
    code, out, _ = _cfgov(capsys, "check", str(path), "--no-cache", "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    physical = next(r for r in results if r["ruleId"] == "CFG116")["locations"][0][
        "physicalLocation"
    ]
    assert physical["artifactLocation"]["uri"].endswith("book.xlsx")
    assert physical["properties"]["sheet"] == "Segments"
    assert physical["properties"]["cell"].startswith("A")


def test_cfgov_report_and_cfgov_load_take_a_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _book(tmp_path)
    assert cfgov.load(str(path)) == load(DWP)
    code, out, err = _cfgov(capsys, "report", str(path), "--no-cache")
    assert code == 0, err
    assert load(DWP).segments[0].name in out


# -- a folder of YAML and workbooks ----------------------------------------------------------


def test_a_folders_workbooks_are_part_of_its_model(tmp_path: Path) -> None:
    whole = load(DWP)
    folder = tmp_path / "model"
    folder.mkdir()
    shutil.copy(DWP / "results.yaml", folder)
    _book(folder, load([p for p in sorted(DWP.glob("*.yaml")) if p.name != "results.yaml"]))
    (folder / "~$book.xlsx").write_bytes(b"\x05owner")  # a spreadsheet's lock file: left alone
    model, sources = load_with_sources(folder)
    assert model == whole
    assert sources.locate(whole.units[0].id).sheet == "Organisations"  # type: ignore[union-attr]


def _duplicate_problem(folder: Path, cache: BuildCache | None = None) -> Finding:
    with pytest.raises(LoadError) as caught:
        load_with_sources(folder, cache=cache)
    (problem,) = caught.value.problems
    return problem


def test_an_id_in_a_workbook_and_a_yaml_file_is_reported_as_between_two_yaml_files(
    tmp_path: Path,
) -> None:
    whole = load(DWP)
    organisation = whole.units[0]
    twice = dump(Model(units=(organisation,)))
    yaml_folder = tmp_path / "yaml"
    shutil.copytree(DWP, yaml_folder)
    (yaml_folder / "zz-again.yaml").write_text(twice, encoding="utf-8")
    between_yaml = _duplicate_problem(yaml_folder)
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    _book(mixed, whole, "a-book.xlsx")
    (mixed / "zz-again.yaml").write_text(twice, encoding="utf-8")
    for cache in (
        None,
        BuildCache(tmp_path / "cache", smallest=0),
        BuildCache(tmp_path / "cache", smallest=0),
    ):
        problem = _duplicate_problem(mixed, cache)
        assert problem.code == between_yaml.code
        assert problem.entity == organisation.id
        assert problem.location is not None
        assert problem.location.file == str(mixed / "zz-again.yaml")
        first = between_yaml.message.split(" at ")[0]
        assert problem.message.startswith(first)
        assert f"{mixed / 'a-book.xlsx'}!Organisations!A2" in problem.message


# -- mistakes, located ------------------------------------------------------------------------


def test_a_workbooks_mistakes_are_located_at_cells_all_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _open(_book(tmp_path))
    segments = book["Segments"]  # type: ignore[index]
    size = _cell(segments, "size.value", 3)
    size.value = "1.5m"  # type: ignore[attr-defined]
    unit = _cell(segments, "unit", 4)
    right = unit.value  # type: ignore[attr-defined]
    unit.value = right + right[-1]  # type: ignore[attr-defined]  # a letter typed twice
    empty = _cell(segments, "name", 5)
    empty.value = None  # type: ignore[attr-defined]
    segments.merge_cells("C6:C7")
    folder = tmp_path / "model"
    folder.mkdir()
    path = _edited(book, folder / "book.xlsx")
    # A YAML file's problem beside them (a misspelt key: the file is read all the same).
    (folder / "notes.yaml").write_text("partners:\n  - id: extra\n    nmae: Extra\n")
    code, out, _ = _cfgov(capsys, "check", str(folder), "--no-cache", "--format", "json")
    assert code == 2
    found = {
        (p["location"]["file"], p["location"].get("sheet"), p["location"].get("cell")): p
        for p in json.loads(out)["findings"]
    }
    book_at = {(sheet, cell): p for (file, sheet, cell), p in found.items() if file == str(path)}
    assert book_at[("Segments", size.coordinate)]["code"] == "CFG004"  # type: ignore[attr-defined]
    misspelt = book_at[("Segments", unit.coordinate)]  # type: ignore[attr-defined]
    assert misspelt["code"] == "CFG008"
    assert f"`{right}`" in misspelt["hint"]
    assert book_at[("Segments", empty.coordinate)]["code"] == "CFG006"  # type: ignore[attr-defined]
    assert book_at[("Segments", "C6")]["code"] == "CFG036"
    assert not any("exclude" in (p["hint"] or "") for p in book_at.values())  # in the layout
    assert any(file == str(folder / "notes.yaml") for file, _, _ in found)  # merged, one run
    code, out, _ = _cfgov(capsys, "check", str(folder), "--no-cache")
    assert code == 2
    assert f"{path}!Segments!{size.coordinate}" in out  # type: ignore[attr-defined]
    assert "Traceback" not in out


def test_a_workbook_not_in_cfgovs_layout_says_how_to_leave_it_out(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(DWP, folder)
    other = openpyxl.Workbook()
    other.active.title = "Budget"
    other.save(folder / "budget.xlsx")
    with pytest.raises(LoadError) as caught:
        load(folder)
    (problem,) = caught.value.problems
    assert problem.code == "CFG038"
    assert str(problem.location) == f"{folder / 'budget.xlsx'}!Budget"
    assert 'exclude = ["budget.xlsx"]' in (problem.hint or "")
    (folder / "cfgov.toml").write_text('exclude = ["budget.xlsx"]\n', encoding="utf-8")
    assert load(folder) == load(DWP)


def test_a_file_named_xlsx_that_is_no_workbook_is_one_located_problem(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(DWP, folder)
    (folder / "old.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "bad.yaml").write_bytes(b"\x00\x01")
    with pytest.raises(LoadError) as caught:
        load(folder)
    codes = sorted((p.code, Path(p.location.file).name) for p in caught.value.problems)  # type: ignore[union-attr]
    assert codes == [("CFG016", "bad.yaml"), ("CFG039", "old.xlsx")]
    (unreadable,) = (p for p in caught.value.problems if p.code == "CFG039")
    assert 'exclude = ["old.xlsx"]' in (unreadable.hint or "")


# -- without openpyxl --------------------------------------------------------------------------

_WITHOUT_OPENPYXL = """
import sys
sys.modules["openpyxl"] = None
from cfgov.cli.app import main
main(sys.argv[1:])
"""


def test_without_openpyxl_a_workbook_is_one_problem_saying_what_to_install(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "model"
    shutil.copytree(DWP, folder)
    _book(folder, name="more.xlsx")
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_OPENPYXL, "check", str(folder), "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 2
    assert "Traceback" not in said
    assert f"{folder / 'more.xlsx'}: CFG039" in said
    assert "cfgov[xlsx]" in said
    assert 'exclude = ["more.xlsx"]' in said
    assert said.count(": CFG0") == 1  # the YAML files read as ever: no other problem


# -- the cache and worker processes ----------------------------------------------------------


def _outcome(path: Path, **options: object) -> object:
    try:
        model, sources = load_with_sources(path, **options)  # type: ignore[arg-type]
    except LoadError as exc:
        return sorted((p.code, str(p.location), p.message) for p in exc.problems)
    return model, {(e.id, str(sources.locate(e.id))) for e in model.segments}


@pytest.mark.parametrize("broken", [False, True])
def test_the_cache_and_workers_give_what_reading_alone_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: bool
) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    shutil.copy(DWP / "results.yaml", folder)
    book = _open(_book(tmp_path, load([p for p in DWP.glob("*.yaml") if p.name != "results.yaml"])))
    if broken:
        _cell(book["Units"], "kind", 2).value = "minstry"  # type: ignore[attr-defined,index]
    _edited(book, folder / "book.xlsx")
    alone = _outcome(folder)
    if broken:
        assert isinstance(alone, list)
        assert any("book.xlsx!Units!" in where for _, where, _ in alone)
    else:
        assert not isinstance(alone, list)
        assert alone[0] == load(DWP)  # type: ignore[index]
    cache = BuildCache(tmp_path / "cache", smallest=0)
    assert _outcome(folder, cache=cache) == alone
    assert _outcome(folder, cache=cache) == alone
    assert cache.hits == 2  # the second run took every file from the cache, the workbook too
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
    assert _outcome(folder, workers=2) == alone
    assert _outcome(folder, workers=2, cache=BuildCache(tmp_path / "other", smallest=0)) == alone


def test_jobs_and_no_cache_on_the_command_line_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _book(tmp_path)
    plain = _cfgov(capsys, "check", str(path), "--no-cache")
    cached = _cfgov(capsys, "check", str(path), "--cache-dir", str(tmp_path / "cache"))
    again = _cfgov(capsys, "check", str(path), "--cache-dir", str(tmp_path / "cache"))
    jobs = _cfgov(capsys, "check", str(path), "--jobs", "2", "--no-cache")
    assert plain[0] == 0
    assert plain == cached == again == jobs


# -- git revisions ---------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_workbook_at_a_git_revision_is_read_from_its_blob(tmp_path: Path) -> None:
    from cfgov.io.git import load_revision

    repo = tmp_path / "repo"
    repo.mkdir()
    _book(repo)

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "book.xlsx")
    git("commit", "-qm", "the model as a workbook")
    (repo / "book.xlsx").write_bytes(b"changed since")
    model, sources = load_revision(repo, "HEAD")
    assert model == load(DWP)
    assert sources.locate(model.units[0].id).sheet == "Organisations"  # type: ignore[union-attr]


def test_every_model_file_ending_has_its_reader() -> None:
    assert set(loader.READERS) == set(loader.MODEL_SUFFIXES)
    assert loader.reader_for("BOOK.XLSX") is loader.READERS[".xlsx"]
    assert loader.is_model_name("Book.XLSX")
    assert not loader.is_model_name("~$book.xlsm")
