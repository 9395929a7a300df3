"""Loading leaves no reference cycles behind.

The command pauses Python's cycle collector while it loads and checks (it saves a
third of the time on large models). That is only safe if what loading throws away
is freed by reference counting alone: a cycle would keep a file's whole parse tree
in memory until the end of the run.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

import cfgov
from cfgov.io.cache import BuildCache

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def collector_paused() -> Iterator[None]:
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()


def _cyclic_garbage() -> list[str]:
    gc.collect()
    return sorted({type(o).__name__ for o in gc.garbage})


def test_loading_the_examples_leaves_no_cycles(collector_paused: None) -> None:
    cfgov.load_with_sources(ROOT / "examples")
    assert _cyclic_garbage() == []


def test_loading_through_the_cache_leaves_no_cycles(collector_paused: None, tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, smallest=0)
    cfgov.load_with_sources(ROOT / "examples", cache=cache)  # fills the cache
    cfgov.load_with_sources(ROOT / "examples", cache=cache)  # reads it
    assert _cyclic_garbage() == []


def test_a_file_with_problems_leaves_no_cycles(collector_paused: None) -> None:
    with pytest.raises(cfgov.LoadError):
        cfgov.loads("segments:\n  - id: a\n    id: b\n  - [unclosed\n")
    assert _cyclic_garbage() == []
