"""Reading files in worker processes gives exactly what reading them one by one gives."""

from __future__ import annotations

import concurrent.futures
import shutil
from pathlib import Path

import pytest

import cfgov
from cfgov import LoadError
from cfgov.cli import run
from cfgov.io import loader
from cfgov.io.cache import BuildCache
from cfgov.testing.synthetic import synthetic_files

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad"


@pytest.fixture(autouse=True)
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the workers even for the small models of these tests."""
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)


def outcome(path: Path, workers: int, cache: BuildCache | None = None) -> object:
    try:
        model, sources = cfgov.load_with_sources(path, workers=workers, cache=cache)
    except LoadError as exc:
        return ("problems", [(str(p), p.hint) for p in exc.problems])
    return ("model", model, dict(sources.items()), sources.files)


def test_a_synthetic_model_reads_the_same_in_two_processes(tmp_path: Path) -> None:
    for name, text in synthetic_files(20, 200).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    serial = outcome(tmp_path, 1)
    assert serial[0] == "model"
    assert outcome(tmp_path, 2) == serial


def test_the_examples_read_the_same_in_two_processes() -> None:
    assert outcome(ROOT / "examples", 2) == outcome(ROOT / "examples", 1)


def test_the_whole_bad_corpus_at_once_gives_the_same_problems(tmp_path: Path) -> None:
    # Every bad file in one folder: syntax errors, hostile input, and many ids defined
    # in several files, which are built again against the others as when reading serially.
    for path in BAD.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    serial = outcome(tmp_path, 1)
    assert serial[0] == "problems"
    assert outcome(tmp_path, 3) == serial


def test_workers_fill_the_cache_and_a_second_run_reads_it(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache", smallest=0)
    expected = outcome(ROOT / "examples" / "dwp", 1)
    assert outcome(ROOT / "examples" / "dwp", 2, cache) == expected
    assert cache.hits == 0
    assert outcome(ROOT / "examples" / "dwp", 2, cache) == expected
    files = len(list((ROOT / "examples" / "dwp").glob("*.yaml")))
    assert cache.hits == cache.misses == files


def test_when_processes_cannot_start_the_files_are_read_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores in this sandbox")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    assert outcome(ROOT / "examples", 2) == outcome(ROOT / "examples", 1)


def test_the_command_takes_a_number_of_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(ROOT / "examples"), "--jobs", "2", "--no-cache"]) == 0
    with pytest.raises(SystemExit) as refused:
        run(["check", str(ROOT / "examples"), "--jobs", "0"])
    assert refused.value.code == 2
    assert "--jobs" in capsys.readouterr().err
