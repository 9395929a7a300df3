"""Properties that hold for any input: round trips, and no exception but LoadError."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

import cfgov
from cfgov import LoadError, Model, dump, load, loads
from cfgov.testing import models

EXAMPLE_FILES = sorted((Path(__file__).resolve().parents[2] / "examples").rglob("*.yaml"))
EXAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in EXAMPLE_FILES]


@given(models())
def test_load_dump_load_gives_an_equal_model(model: Model) -> None:
    text = dump(model)
    again = loads(text)
    assert again == model
    assert dump(again) == text


def test_a_key_that_starts_with_an_odd_space_is_quoted_so_it_comes_back() -> None:
    """Found by the property above: a plain key starting with a no-break space begins a
    line of the file, which the file checks take for indentation (CFG001)."""
    from cfgov import Unit

    model = Model(
        units=[Unit(id="u", name="U", kind="local_authority", identifiers={"\u00a0gss": "1"})]
    )
    text = dump(model)
    assert '"\u00a0gss":' in text
    assert loads(text) == model


#: Caps for one load of a small input (a few hundred bytes): generous, so that only a
#: runaway (an alias bomb slipping through, a quadratic loop) can reach them.
SECONDS_CAP = 5.0
BYTES_CAP = 64 * 1024 * 1024


def _within_caps(action: Callable[[], object]) -> None:
    """Run ``action``; it may raise LoadError, must raise nothing else, and must stay
    within the time and memory caps."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        action()
    except LoadError as exc:
        _assert_located(exc)
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < SECONDS_CAP, f"took {elapsed:.1f}s"
    assert peak < BYTES_CAP, f"used {peak:,} bytes"


def _assert_located(error: LoadError) -> None:
    assert error.problems
    for problem in error.problems:
        assert problem.code.startswith("CFG0")
        assert problem.message
        assert problem.location is not None
        assert problem.location.file
        # Never a control or invisible character printed back into a terminal.
        assert problem.message.isprintable(), problem.message
        assert (problem.hint or "").isprintable(), problem.hint


@given(st.text(max_size=400))
@example("segments:\n  - id: x\n    size: {value: [}\n")
@example("\ufeffsegments: *a")
@example("a: 1\rb: \u202e\n\u00a0 c: \ufeff")
def test_any_text_loads_or_raises_load_error(text: str) -> None:
    _within_caps(lambda: loads(text))


@given(st.binary(max_size=400))
@example(b"\xff\xfe\x00s\x00e")
@example(b"\x89PNG\r\n\x1a\n\x00\x00")
@example(b"name: caf\xe9\n")
def test_any_bytes_load_or_raise_load_error(tmp_path_factory: object, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("bytes")  # type: ignore[attr-defined]
    path = folder / "model.yaml"
    path.write_bytes(data)
    _within_caps(lambda: load(path))


_mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 40)),
    st.tuples(
        st.just("insert"),
        st.integers(0, 10**6),
        st.sampled_from(
            [
                "-",
                ":",
                " ",
                "\n",
                "\t",
                "[",
                "{",
                "&a ",
                "*a",
                "!!",
                "'",
                '"',
                "#",
                "? ",
                "|",
                ">",
                "  ",
                "\x00",
                "é",
                "---\n",
                "%YAML 1.1\n",
                "id: x\n",
                "parent: x\n",
                "- ",
                "null",
                "~",
                # Text that deceives reviewers (issue 14).
                "\u202e",
                "\u2066",
                "\u200b",
                "\u200d",
                "\r",
                "\ufeff",
                "\u00a0",
                "\u043e",
                "e\u0301",
                '"\\u202E"',
            ]
        ),
    ),
    st.tuples(st.just("swap"), st.integers(0, 10**6), st.integers(0, 10**6)),
)


@given(st.sampled_from(range(len(EXAMPLE_TEXTS))), st.lists(_mutation, min_size=1, max_size=6))
def test_mutated_examples_load_or_raise_load_error(index: int, mutations: list[tuple]) -> None:
    text = EXAMPLE_TEXTS[index]
    for mutation in mutations:
        kind = mutation[0]
        if kind == "delete":
            at = mutation[1] % (len(text) + 1)
            text = text[:at] + text[at + mutation[2] :]
        elif kind == "insert":
            at = mutation[1] % (len(text) + 1)
            text = text[:at] + mutation[2] + text[at:]
        else:
            lines = text.split("\n")
            i, j = mutation[1] % len(lines), mutation[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    _within_caps(lambda: cfgov.check(loads(text)))


@given(models())
def test_check_never_raises_on_a_valid_model(model: Model) -> None:
    result = cfgov.check(model)
    for finding in result.findings:
        assert finding.code.startswith("CFG1")
        assert finding.entity is None or finding.entity in model or finding.code == "CFG100"
    assert cfgov.readiness(model)
