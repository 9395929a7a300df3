"""cfgov site from the command line: the folder it writes, and when it writes nothing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from cfgov.cli.app import run
from cfgov.report.site import page_of

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "report" / "data" / "site"


def _site(*args: str) -> tuple[int, str]:
    """Run ``cfgov site ARGS`` in this process: the exit code and what it said."""
    import contextlib

    said = io.StringIO()
    with contextlib.redirect_stderr(said):
        code = run(["site", *args, "--no-cache"], out=io.StringIO())
    return code, said.getvalue()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_site_is_written_and_the_same_model_writes_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    code, said = _site(str(DATA), "-o", str(first))
    assert code == 0, said
    assert "pages; open" in said
    assert (first / "index.html").is_file()
    assert (first / page_of("segment", "claimants")).is_file()
    assert not any(p.name.endswith(".tmp") for p in first.rglob("*"))
    assert _site(str(DATA), "-o", str(second))[0] == 0
    assert _files(first) == _files(second)


def test_a_folder_that_holds_files_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    code, said = _site(str(DATA), "-o", str(out))
    assert code == 2
    assert "--force" in said
    assert "notes.txt" in said
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    code, said = _site(str(DATA), "-o", str(out), "--force", "--title", "Ours")
    assert code == 0, said
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert "<title>Ours</title>" in (out / "index.html").read_text(encoding="utf-8")


def test_a_file_in_the_way_and_a_folder_inside_the_model_are_refused(tmp_path: Path) -> None:
    model = tmp_path / "model"
    shutil.copytree(DATA, model)
    blocker = tmp_path / "site.html"
    blocker.write_text("x", encoding="utf-8")
    code, said = _site(str(model), "-o", str(blocker))
    assert code == 2
    assert "is a file" in said
    code, said = _site(str(model), "-o", str(model / "site"))
    assert code == 2
    assert "inside the model's folder" in said
    assert not (model / "site").exists()


def test_a_model_that_cannot_be_loaded_writes_nothing(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "broken.yaml").write_text(
        "units:\n  - id: u\n    name: U\n    parents: [nowhere]\n", encoding="utf-8"
    )
    out = tmp_path / "site"
    code, said = _site(str(model), "-o", str(out))
    assert code == 2
    assert "nowhere" in said
    assert not out.exists()


def test_charts_can_be_limited_or_left_out(tmp_path: Path) -> None:
    from cfgov.report import charts

    out = tmp_path / "site"
    assert _site(str(DATA), "-o", str(out), "--charts", "0")[0] == 0
    measure = (out / page_of("measure", "days")).read_text(encoding="utf-8")
    assert "<svg" not in measure
    assert "No chart is drawn here" in measure
    if charts.available():
        drawn = tmp_path / "drawn"
        assert _site(str(DATA), "-o", str(drawn), "--charts", "all")[0] == 0
        assert "<svg" in (drawn / page_of("measure", "days")).read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        _site(str(DATA), "-o", str(tmp_path / "x"), "--charts", "some")
    assert stopped.value.code == 2
    assert not (tmp_path / "x").exists()


class _StopsAfter(dict[str, str]):
    """A site's files whose reading stops (as Ctrl-C would) once ``after`` have been read."""

    def __init__(self, files: dict[str, str], after: int, stop: type[BaseException]) -> None:
        super().__init__(files)
        self.left = after
        self.stop = stop

    def __getitem__(self, name: str) -> str:
        if self.left == 0:
            raise self.stop
        self.left -= 1
        return super().__getitem__(name)


@pytest.mark.parametrize("stop", [KeyboardInterrupt, OSError])
def test_a_write_stopped_half_way_leaves_no_half_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: type[BaseException]
) -> None:
    # Ctrl-C (or a full disk) after some pages are written: the folder is not left holding
    # half a site, which would look whole to whoever opens it; nor any temporary file.
    from cfgov.report import site

    built = site.build_site
    monkeypatch.setattr(site, "build_site", lambda *a, **k: _StopsAfter(built(*a, **k), 10, stop))
    out = tmp_path / "new" / "site"  # nor the folder made to hold it
    if stop is KeyboardInterrupt:
        with pytest.raises(KeyboardInterrupt):
            _site(str(DATA), "-o", str(out))
    else:
        code, said = _site(str(DATA), "-o", str(out))
        assert code == 2
        assert "cannot write" in said
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_forced_write_stopped_half_way_leaves_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    code, said = _site(str(DATA), "-o", str(out), "--title", "Old")
    assert code == 0, said
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    before = _files(out)
    from cfgov.report import site

    built = site.build_site
    monkeypatch.setattr(
        site, "build_site", lambda *a, **k: _StopsAfter(built(*a, **k), 10, KeyboardInterrupt)
    )
    with pytest.raises(KeyboardInterrupt):
        _site(str(DATA), "-o", str(out), "--force", "--title", "New")
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_forced_write_that_cannot_finish_changes_nothing(tmp_path: Path) -> None:
    # A file stands where a folder of pages goes: refused before any page is replaced.
    out = tmp_path / "site"
    code, said = _site(str(DATA), "-o", str(out), "--title", "Old")
    assert code == 0, said
    shutil.rmtree(out / "unit")
    (out / "unit").write_text("mine", encoding="utf-8")
    before = _files(out)
    code, said = _site(str(DATA), "-o", str(out), "--force", "--title", "New")
    assert code == 2
    assert "cannot write" in said
    assert "unit" in said
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_model_folder_itself_is_refused_as_inside_the_model_not_as_needing_force(
    tmp_path: Path,
) -> None:
    # "add --force" would only lead to the next refusal: say the one that holds.
    model = tmp_path / "model"
    shutil.copytree(DATA, model)
    code, said = _site(str(model), "-o", str(model))
    assert code == 2
    assert "inside the model's folder" in said
    assert "--force" not in said
