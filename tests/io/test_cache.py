"""The build cache: same model and problems as a fresh read; only changed files re-read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import cfgov
from cfgov import Limits, LoadError
from cfgov.cli import run
from cfgov.io.cache import BuildCache, default_cache_folder
from cfgov.model import SourceMap

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
BAD = ROOT / "tests" / "data" / "bad"


def positions(sources: SourceMap) -> dict[tuple[str, str], object]:
    return dict(sources.items())


def outcome(path: Path, cache: BuildCache | None) -> object:
    """Everything a load gives: the model and every position, or every problem."""
    try:
        model, sources = cfgov.load_with_sources(path, cache=cache)
    except LoadError as exc:
        return ("problems", [str(p) for p in exc.problems], [p.hint for p in exc.problems])
    return ("model", model, positions(sources), sources.files)


@pytest.mark.parametrize("folder", ["dwp", "council", "industry-competitiveness"])
def test_cold_and_warm_loads_equal_a_load_without_cache(folder: str, tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    expected = outcome(EXAMPLES / folder, None)
    assert outcome(EXAMPLES / folder, cache) == expected
    files = len(expected[-1])  # type: ignore[index]
    assert (cache.hits, cache.misses) == (0, files)
    assert outcome(EXAMPLES / folder, cache) == expected
    assert (cache.hits, cache.misses) == (files, files)


@pytest.mark.parametrize("case", sorted(p.name for p in BAD.glob("*.yaml")))
def test_bad_files_give_the_same_problems_from_the_cache(case: str, tmp_path: Path) -> None:
    shutil.copy(BAD / case, tmp_path / case)
    cache = BuildCache(tmp_path / ".." / f"cache-{case}")
    expected = outcome(tmp_path / case, None)
    assert outcome(tmp_path / case, cache) == expected  # cold: built and stored
    assert outcome(tmp_path / case, cache) == expected  # warm: read back


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


ORG = "organisations:\n  - {id: dwp, name: Work and Pensions, kind: ministerial_department}\n"
UNIT = "units:\n  - {id: pensions, name: Pensions, parents: [dwp]}\n"


def test_editing_a_file_reads_that_file_again_and_no_other(tmp_path: Path) -> None:
    model_dir = tmp_path / "m"
    model_dir.mkdir()
    write(model_dir, {"a.yaml": ORG, "b.yaml": UNIT})
    cache = BuildCache(tmp_path / "cache")
    cfgov.load_with_sources(model_dir, cache=cache)
    write(model_dir, {"b.yaml": UNIT.replace("Pensions", "Pensions service")})
    before = (cache.hits, cache.misses)
    warm = outcome(model_dir, cache)
    assert (cache.hits - before[0], cache.misses - before[1]) == (1, 1)
    assert warm == outcome(model_dir, None)
    assert cfgov.load(model_dir).unit("pensions").name == "Pensions service"


@pytest.mark.parametrize("order", [("a.yaml", "b.yaml"), ("b.yaml", "a.yaml")])
def test_a_duplicate_id_across_cached_files_is_reported_as_without_cache(
    order: tuple[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    second = UNIT.replace("Pensions", "Another") + "  - {id: dwp, name: Clash, parents: []}\n"
    write(folder, {order[0]: ORG + UNIT, order[1]: second})
    cache = BuildCache(tmp_path / "cache")
    expected = outcome(folder, None)
    assert expected[0] == "problems"
    assert "CFG007" in " ".join(expected[1])  # type: ignore[arg-type]
    assert outcome(folder, cache) == expected
    assert outcome(folder, cache) == expected


def test_a_changed_or_forged_entry_is_ignored(tmp_path: Path) -> None:
    folder = write(tmp_path, {"a.yaml": ORG})
    cache = BuildCache(tmp_path / "cache")
    expected = outcome(folder / "a.yaml", cache)
    (entry,) = (tmp_path / "cache").glob("v*/*/*")
    blob = bytearray(entry.read_bytes())
    blob[-5] ^= 0xFF
    entry.write_bytes(bytes(blob))
    again = BuildCache(tmp_path / "cache")
    assert outcome(folder / "a.yaml", again) == expected
    assert (again.hits, again.misses) == (0, 1)
    # Signed with another key (the key file replaced): not trusted either.
    (tmp_path / "cache" / "signing-key").write_bytes(b"k" * 32)
    other = BuildCache(tmp_path / "cache")
    assert outcome(folder / "a.yaml", other) == expected
    assert (other.hits, other.misses) == (0, 1)


def test_the_key_covers_name_content_parser_and_limits(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    base = cache.key("a.yaml", b"x", "p", Limits())
    assert base == cache.key("a.yaml", b"x", "p", Limits())
    assert base != cache.key("b.yaml", b"x", "p", Limits())
    assert base != cache.key("a.yaml", b"y", "p", Limits())
    assert base != cache.key("a.yaml", b"x", "q", Limits())
    assert base != cache.key("a.yaml", b"x", "p", Limits(max_depth=10))


def test_an_unusable_cache_folder_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    cache = BuildCache(blocker / "cache")
    folder = write(tmp_path, {"a.yaml": ORG})
    assert outcome(folder / "a.yaml", cache) == outcome(folder / "a.yaml", None)
    assert outcome(folder / "a.yaml", cache) == outcome(folder / "a.yaml", None)
    assert cache.hits == 0


def test_the_command_caches_by_default_and_not_with_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_folder() == tmp_path / "xdg" / "cfgov"
    assert run(["check", str(EXAMPLES / "dwp"), "--no-cache"]) == 0
    assert not (tmp_path / "xdg").exists()
    assert run(["check", str(EXAMPLES / "dwp")]) == 0
    assert list((tmp_path / "xdg" / "cfgov").glob("v*/*/*"))
    assert run(["check", str(EXAMPLES / "dwp"), "--cache-dir", str(tmp_path / "own")]) == 0
    assert list((tmp_path / "own").glob("v*/*/*"))


def test_default_folder_follows_the_platform_conventions(tmp_path: Path) -> None:
    assert default_cache_folder({"XDG_CACHE_HOME": "/x"}) == Path("/x/cfgov")
    assert default_cache_folder({}) == Path.home() / ".cache" / "cfgov"
