"""The build cache: same model and problems as a fresh read; only changed files re-read."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import cfgov
import cfgov.io.loader
from cfgov import Limits, LoadError
from cfgov.cli import run
from cfgov.io.cache import (
    CACHE_FORMAT,
    MAX_ENTRY_BYTES,
    SMALLEST_CACHED,
    BuildCache,
    FilePart,
    default_cache_folder,
)
from cfgov.io.loader import default_parser
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
    cache = BuildCache(tmp_path / "cache", smallest=0)
    expected = outcome(EXAMPLES / folder, None)
    assert outcome(EXAMPLES / folder, cache) == expected
    files = len(expected[-1])  # type: ignore[index]
    assert (cache.hits, cache.misses) == (0, files)
    assert outcome(EXAMPLES / folder, cache) == expected
    assert (cache.hits, cache.misses) == (files, files)


@pytest.mark.parametrize("case", sorted(p.name for p in BAD.glob("*.yaml")))
def test_bad_files_give_the_same_problems_from_the_cache(case: str, tmp_path: Path) -> None:
    shutil.copy(BAD / case, tmp_path / case)
    cache = BuildCache(tmp_path / ".." / f"cache-{case}", smallest=0)
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
    cache = BuildCache(tmp_path / "cache", smallest=0)
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
    cache = BuildCache(tmp_path / "cache", smallest=0)
    expected = outcome(folder, None)
    assert expected[0] == "problems"
    assert "CFG007" in " ".join(expected[1])  # type: ignore[arg-type]
    assert outcome(folder, cache) == expected
    assert outcome(folder, cache) == expected


def test_a_changed_or_forged_entry_is_ignored(tmp_path: Path) -> None:
    folder = write(tmp_path, {"a.yaml": ORG})
    cache = BuildCache(tmp_path / "cache", smallest=0)
    expected = outcome(folder / "a.yaml", cache)
    (entry,) = (tmp_path / "cache").glob("v*/*/*")
    blob = bytearray(entry.read_bytes())
    blob[-5] ^= 0xFF
    entry.write_bytes(bytes(blob))
    again = BuildCache(tmp_path / "cache", smallest=0)
    assert outcome(folder / "a.yaml", again) == expected
    assert (again.hits, again.misses) == (0, 1)
    # Signed with another key (the key file replaced): not trusted either.
    (tmp_path / "cache" / "signing-key").write_bytes(b"k" * 32)
    other = BuildCache(tmp_path / "cache", smallest=0)
    assert outcome(folder / "a.yaml", other) == expected
    assert (other.hits, other.misses) == (0, 1)


def test_the_key_covers_name_content_parser_and_limits(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, smallest=0)
    base = cache.key("a.yaml", b"x", "p", Limits())
    assert base == cache.key("a.yaml", b"x", "p", Limits())
    assert base != cache.key("b.yaml", b"x", "p", Limits())
    assert base != cache.key("a.yaml", b"y", "p", Limits())
    assert base != cache.key("a.yaml", b"x", "q", Limits())
    assert base != cache.key("a.yaml", b"x", "p", Limits(max_depth=10))


def test_an_unusable_cache_folder_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    cache = BuildCache(blocker / "cache", smallest=0)
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


DAY = 24 * 60 * 60


def age(path: Path, days: float) -> None:
    """Make ``path`` look last changed ``days`` ago."""
    when = time.time() - days * DAY
    os.utime(path, (when, when))


def filled(tmp_path: Path, names: list[str]) -> tuple[BuildCache, dict[str, Path]]:
    """A cache holding one entry for each one-organisation file in ``names``."""
    cache = BuildCache(tmp_path / "cache", smallest=0)
    entries = {}
    for name in names:
        folder = tmp_path / name
        folder.mkdir()
        write(folder, {"a.yaml": ORG.replace("dwp", name)})
        before = set((tmp_path / "cache").glob("v*/*/*"))
        outcome(folder / "a.yaml", cache)
        (entries[name],) = set((tmp_path / "cache").glob("v*/*/*")) - before
    return cache, entries


def test_prune_removes_entries_unused_for_thirty_days_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    cache, entries = filled(tmp_path, ["old", "recent"])
    age(entries["old"], 31)
    age(entries["recent"], 29)
    assert cache.prune() == 1
    assert not entries["old"].exists()
    assert entries["recent"].exists()
    # The pruned file is read again and cached again; the kept one is still a hit.
    again = BuildCache(tmp_path / "cache", smallest=0)
    outcome(tmp_path / "old" / "a.yaml", again)
    outcome(tmp_path / "recent" / "a.yaml", again)
    assert (again.hits, again.misses) == (1, 1)


def test_using_an_entry_keeps_it_from_being_pruned(tmp_path: Path) -> None:
    cache, entries = filled(tmp_path, ["used"])
    age(entries["used"], 40)
    outcome(tmp_path / "used" / "a.yaml", BuildCache(tmp_path / "cache", smallest=0))  # a hit
    assert time.time() - entries["used"].stat().st_mtime < DAY
    assert cache.prune() == 0
    assert entries["used"].exists()


def test_prune_clears_older_formats_and_abandoned_temporary_files_only(
    tmp_path: Path,
) -> None:
    cache, entries = filled(tmp_path, ["kept"])
    root = tmp_path / "cache"
    old_format = root / "v1" / "ab" / ("ab" + "0" * 62)
    old_format.parent.mkdir(parents=True)
    old_format.write_bytes(b"an entry from an older cfgov")
    shard = entries["kept"].parent
    abandoned = shard / ".abc123.tmp"
    abandoned.write_bytes(b"half an entry")
    age(abandoned, 2)
    writing = shard / ".def456.tmp"
    writing.write_bytes(b"being written")
    # Files that do not look like entries are never touched, however old.
    strangers = [root / "v1" / "notes.txt", root / "venv" / "ab" / ("ab" + "0" * 62)]
    for stranger in strangers:
        stranger.parent.mkdir(parents=True, exist_ok=True)
        stranger.write_text("not cfgov's")
        age(stranger, 400)
    assert cache.prune() == 2
    assert not old_format.exists()
    assert not abandoned.exists()
    assert not (root / "v1" / "ab").exists()
    assert entries["kept"].exists()
    assert writing.exists()
    assert all(stranger.exists() for stranger in strangers)
    assert (root / "signing-key").exists()


def test_prune_if_due_runs_at_most_once_a_day(tmp_path: Path) -> None:
    cache, entries = filled(tmp_path, ["first", "second"])
    age(entries["first"], 31)
    now = time.time()
    assert cache.prune_if_due(now=now) == 1
    age(entries["second"], 31)
    assert cache.prune_if_due(now=now + DAY / 2) is None  # pruned half a day ago
    assert entries["second"].exists()
    assert cache.prune_if_due(now=now + DAY + 1) == 1
    assert not entries["second"].exists()


def test_prune_of_a_missing_folder_does_nothing(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "never-made", smallest=0)
    assert cache.prune() == 0
    assert cache.prune_if_due() is None
    assert not (tmp_path / "never-made").exists()


def test_the_command_prunes_its_cache(tmp_path: Path) -> None:
    _cache, entries = filled(tmp_path, ["old"])
    age(entries["old"], 31)
    folder = tmp_path / "cache"
    assert run(["check", str(EXAMPLES / "dwp"), "--cache-dir", str(folder), "-q"]) == 0
    assert not entries["old"].exists()
    assert (folder / "last-pruned").exists()


def test_the_key_changes_with_cfgovs_own_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two copies of cfgov with one version number but different code share no entry."""
    import cfgov.io.cache as cache_module

    cache = BuildCache(Path("unused"), smallest=0)
    before = cache.key("a.yaml", b"x", "p", Limits())
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "changed-code")
    assert cache.key("a.yaml", b"x", "p", Limits()) != before


# -- entries that are not what they seem ----------------------------------------------------


def _entry(cache: BuildCache, key: str) -> Path:
    return cache.folder / f"v{CACHE_FORMAT}" / key[:2] / key


def test_a_signed_entry_copied_over_another_entrys_name_is_ignored(tmp_path: Path) -> None:
    """The signature covers the entry's key: a valid entry for a clean file, copied over
    the entry of a file with a problem, must not hide that problem."""
    folder = tmp_path / "m"
    folder.mkdir()
    cache = BuildCache(tmp_path / "cache", smallest=0)
    clean = ORG
    broken = ORG + UNIT.replace("parents: [dwp]", "parents: [nowhere]")
    write(folder, {"a.yaml": clean})
    cfgov.load_with_sources(folder, cache=cache)
    write(folder, {"a.yaml": broken})
    expected = outcome(folder, None)
    assert expected[0] == "problems"
    assert outcome(folder, cache) == expected  # both versions now have an entry
    limits, parser = Limits(), default_parser().name
    name = str(folder / "a.yaml")
    clean_entry = _entry(cache, cache.key(name, clean.encode(), parser, limits))
    broken_entry = _entry(cache, cache.key(name, broken.encode(), parser, limits))
    shutil.copyfile(clean_entry, broken_entry)
    again = BuildCache(tmp_path / "cache", smallest=0)
    assert outcome(folder, again) == expected
    assert (again.hits, again.misses) == (0, 1)


def test_the_signature_covers_the_key(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, smallest=0)
    part = FilePart({}, (), {}, {}, (), 0)
    first, second = "a" * 64, "b" * 64
    cache.put(first, part)
    assert cache.get(first) == part
    _entry(cache, second).parent.mkdir(parents=True)
    shutil.copyfile(_entry(cache, first), _entry(cache, second))
    assert cache.get(second) is None


def _stored(tmp_path: Path) -> tuple[BuildCache, str, Path]:
    """A cache holding one entry, with the path of that entry's file."""
    cache = BuildCache(tmp_path / "cache", smallest=0)
    key = "c" * 64
    cache.put(key, FilePart({}, (), {}, {}, (), 0))
    return cache, key, _entry(cache, key)


def test_an_entry_larger_than_the_bound_is_a_miss_and_is_not_read(tmp_path: Path) -> None:
    cache, key, entry = _stored(tmp_path)
    with entry.open("r+b") as stream:
        stream.truncate(MAX_ENTRY_BYTES + 1)  # sparse: takes no room on disk
    started = time.monotonic()
    assert BuildCache(cache.folder, smallest=0).get(key) is None
    assert time.monotonic() - started < 1


def test_an_entry_that_is_a_link_is_a_miss(tmp_path: Path) -> None:
    cache, key, entry = _stored(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)  # a valid entry, but reached through a link
    assert BuildCache(cache.folder, smallest=0).get(key) is None
    entry.unlink()
    entry.symlink_to("/dev/zero")  # a device: would never end
    assert BuildCache(cache.folder, smallest=0).get(key) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_an_entry_or_signing_key_that_is_a_named_pipe_is_a_miss_and_does_not_block(
    tmp_path: Path,
) -> None:
    cache, key, entry = _stored(tmp_path)
    entry.unlink()
    os.mkfifo(entry)
    with _deadline(5):
        assert BuildCache(cache.folder, smallest=0).get(key) is None
    entry.unlink()
    (cache.folder / "signing-key").unlink()
    os.mkfifo(cache.folder / "signing-key")
    with _deadline(5):
        fresh = BuildCache(cache.folder, smallest=0)
        assert fresh.get(key) is None
        fresh.put(key, FilePart({}, (), {}, {}, (), 0))  # skipped, not stuck


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging the test run if the block takes longer than ``seconds``."""

    def expired(signum: int, frame: object) -> None:
        raise AssertionError(f"blocked for more than {seconds} seconds")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_file_names_that_are_not_utf8_have_keys(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, smallest=0)
    odd = os.fsdecode(b"caf\xe9.yaml")
    assert cache.key(odd, b"x", "p", Limits()) != cache.key("caf.yaml", b"x", "p", Limits())
    assert cache.key("\ud800.yaml", b"x", "p", Limits()) != cache.key(odd, b"x", "p", Limits())


@pytest.mark.parametrize("workers", [1, 2])
def test_small_files_are_read_afresh_and_large_ones_through_the_cache(
    tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reading a tiny file's entry back is no quicker than reading the file, and writing
    # it costs more: only files of SMALLEST_CACHED bytes or more are kept.
    monkeypatch.setattr(cfgov.io.loader, "PARALLEL_BYTES", 100)  # workers for these files
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "organisation.yaml").write_text(
        "organisations:\n  - {id: o, name: Ashcombe, kind: local_authority}\n", encoding="utf-8"
    )
    entries = "".join(
        f"  - {{id: s{n}, name: Residents of ward {n}, category: target, unit: o}}\n"
        for n in range(30)
    )
    (folder / "segments.yaml").write_text("segments:\n" + entries, encoding="utf-8")
    assert (folder / "organisation.yaml").stat().st_size < SMALLEST_CACHED
    assert (folder / "segments.yaml").stat().st_size >= SMALLEST_CACHED
    cache = BuildCache(tmp_path / "cache")
    fresh = cfgov.load_with_sources(folder, workers=workers)
    first = cfgov.load_with_sources(folder, workers=workers, cache=cache)
    assert (cache.hits, cache.misses) == (0, 1)  # the small file was never looked up
    assert len(list((tmp_path / "cache" / f"v{CACHE_FORMAT}").rglob("*"))) == 2  # shard, entry
    again = cfgov.load_with_sources(folder, workers=workers, cache=cache)
    assert (cache.hits, cache.misses) == (1, 1)
    assert first[0] == again[0] == fresh[0]
    assert positions(first[1]) == positions(again[1]) == positions(fresh[1])
