"""The compiled reader (cfgov.io._reader) builds exactly the trees the Python builder does.

Every comparison is of whole trees: each node's kind, text, plainness, line, column
and glued comment, and the problems reported. The Python builder is the reference.
The bad-input corpus, the examples and bundled data, models drawn by the Hypothesis
strategies and the benchmarks' synthetic model are compared with PyYAML's pure-Python
reader and with libyaml; random YAML-like text is compared with the libyaml builder,
which reads the same events.

Without the compiled reader (installed where there was no compiler or no libyaml
headers), the comparisons are skipped, and the rest of the suite runs on PyYAML.
CI runs the suite both ways; ``CFGOV_TEST_READER`` says which one it expects.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import cfgov
from cfgov import dump
from cfgov.io import (
    COMPILED_READER,
    DEFAULT_LIMITS,
    CompiledParser,
    Limits,
    PyYamlParser,
    reader_name,
)
from cfgov.io.loader import default_parser
from cfgov.io.nodes import AnyNode, MappingNode, ScalarNode, SequenceNode
from cfgov.model.model import Model
from cfgov.testing import models
from cfgov.testing.synthetic import synthetic_files

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = [
    path
    for folder in (ROOT / "tests" / "data", ROOT / "examples", ROOT / "docs")
    for path in sorted(folder.rglob("*"))
    if path.suffix.lower() in {".yaml", ".yml"} and path.is_file()
]

compiled = pytest.mark.skipif(not COMPILED_READER, reason="cfgov was built without its reader")

LIBYAML = PyYamlParser(use_libyaml=True)
PURE = PyYamlParser(use_libyaml=False)


def shape(node: AnyNode | None) -> Any:
    """Everything a node holds, as plain data that compares by value."""
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return ("scalar", node.value, node.plain, node.line, node.column, node.comment_follows)
    if isinstance(node, SequenceNode):
        return ("list", node.line, node.column, [shape(item) for item in node.items])
    assert isinstance(node, MappingNode)
    pairs = [(shape(key), shape(value)) for key, value in node.items]
    return ("mapping", node.line, node.column, pairs)


def read_both(text: str, reference: PyYamlParser, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """Parse ``text`` with the compiled reader and with ``reference``; require equal results.

    Returns why the compiled reader handed the file to the Python builder, if it did.
    """
    parser = CompiledParser()
    ours = parser.parse(text, "f.yaml", limits)
    theirs = reference.parse(text, "f.yaml", limits)
    assert shape(ours.root) == shape(theirs.root)
    assert ours.problems == theirs.problems
    return parser.fell_back


def test_the_reader_in_use_is_the_one_ci_asked_for() -> None:
    """CI runs the suite once with the compiled reader and once without: never by accident."""
    wanted = os.environ.get("CFGOV_TEST_READER")
    if wanted is None:
        pytest.skip("CFGOV_TEST_READER is not set (CI sets it to compiled or python)")
    assert wanted in {"compiled", "python"}
    assert (wanted == "compiled") == COMPILED_READER
    assert isinstance(default_parser(), CompiledParser if wanted == "compiled" else PyYamlParser)


def test_version_names_the_reader_in_use() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "cfgov", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert shown == f"cfgov {cfgov.__version__} (YAML reader: {reader_name()})\n"
    assert ("on libyaml" in shown) == COMPILED_READER, shown
    assert ("PyYAML" in shown) != COMPILED_READER, shown
    assert shown.startswith("cfgov ")


@compiled
@pytest.mark.parametrize("reference", [LIBYAML, PURE], ids=["libyaml", "pure-python"])
def test_every_file_of_the_corpus_examples_and_data_reads_alike(reference: PyYamlParser) -> None:
    assert len(CORPUS) > 100
    read_alone = 0
    pyyaml_differs = []
    for path in CORPUS:
        text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
        if reference is PURE and _pyyaml_readers_differ(text):
            pyyaml_differs.append(path.name)
            continue
        try:
            read_alone += read_both(text, reference) is None
        except AssertionError as failed:
            raise AssertionError(f"{path.relative_to(ROOT)} reads differently") from failed
    # Most files are plain data, read without the Python builder.
    assert read_alone > len(CORPUS) / 2
    # PyYAML's own two readers differ on one file only: a byte-order mark inside the
    # text, which libyaml takes as part of a key. The loader refuses the character before
    # any parser sees it (the loader's test below compares what users are told).
    assert pyyaml_differs == ([] if reference is LIBYAML else ["hidden-bom-in-middle.yaml"])


def _pyyaml_readers_differ(text: str) -> bool:
    ours = LIBYAML.parse(text, "f.yaml", DEFAULT_LIMITS)
    theirs = PURE.parse(text, "f.yaml", DEFAULT_LIMITS)
    return shape(ours.root) != shape(theirs.root) or ours.problems != theirs.problems


@compiled
def test_the_bad_corpus_gives_the_same_problems_through_the_loader() -> None:
    bad = ROOT / "tests" / "data" / "bad"
    for case in sorted(bad.iterdir()):
        if case.suffix == ".tsv":
            continue
        found = []
        for parser in (CompiledParser(), PURE):
            try:
                cfgov.load(case, parser=parser)
            except cfgov.LoadError as error:
                found.append([(str(p), p.hint) for p in error.problems])
            else:
                found.append([])
        assert found[0] == found[1], case.name


@compiled
@given(models())
def test_models_drawn_by_the_strategies_read_alike(model: Model) -> None:
    read_both(dump(model), PURE)


@compiled
def test_the_benchmarks_synthetic_model_reads_alike() -> None:
    files = synthetic_files(30, 300, seed=3)
    for name, text in files.items():
        assert read_both(text, LIBYAML) is None, name


# Pieces of YAML-like text, chosen to reach every branch of the reader: quoting,
# comments glued or not, non-ASCII text before values (libyaml counts characters),
# flow and block collections, and everything that sends a file to the Python builder.
_PIECES = st.sampled_from(
    [
        "a: ",
        "b: ",
        "id: ",
        "- ",
        "  ",
        "    ",
        "\n",
        "\r\n",
        "\t",
        "x",
        "Staff #2",
        " #",
        "#",
        "# note\n",
        " #\u00e9",
        "\u00e9",
        "\u4e2d\u6587",
        "\U0001f600",
        "'q'",
        "'it''s'",
        '"dq"',
        '"a\\nb"',
        '"\\u00e9"',
        "[",
        "]",
        "{",
        "}",
        ", ",
        ": ",
        "? ",
        "&a ",
        "*a",
        "!!str ",
        "! ",
        "|\n  block\n",
        ">\n  folded\n",
        "---\n",
        "...\n",
        "~",
        "null",
        "",
        "\u00a0",
        "\u2028",
        "\x85",
    ]
)


@compiled
@given(st.lists(_PIECES, max_size=40).map("".join))
@example("name: Staff #2\nnote: caf\u00e9 #x\n")
@example("\u00e9\u00e9: v #c\n\u4e2d: w #d\n")
@example("a: x\t#y\r\nb: z #\n")
@example("- \U0001f600: 'x' #c\n  b: \"y\"\n")
@example("\U0001f600: x #c\n\u4e2d: y #d\n")
@example("a: b\na: c\n")
@example("- id: a\n  name: x\n  id: b\n")
def test_random_yaml_like_text_reads_alike(text: str) -> None:
    read_both(text, LIBYAML)


@compiled
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_limits_send_a_file_to_the_python_builder_alike(text: str) -> None:
    tight = Limits(max_nodes=6, max_depth=2, max_scalar_chars=4)
    read_both(text, LIBYAML, tight)


@compiled
@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("a: [b\n", "the text is not valid YAML"),
        ("a: !!str b\n", "a tag"),
        ("a: &x b\nc: d\n", "an anchor"),
        ("a: &x b\nc: *x\n", "an anchor"),
        ("- *x\n", "an alias"),
        ("a: b\n---\nc: d\n", "a second document"),
        ("? [a]\n: b\n", "a mapping key is a list or a mapping"),
        ("a: b\na: c\n", "a key is repeated in a mapping"),
        ('a: "b\\tc"\n', "an escape code in double-quoted text"),
        ("a: b #\u00e9\n", "a comment glued to a value starts with a character outside ASCII"),
        ("\ufeffa: b\n", "a byte-order mark"),
    ],
)
def test_what_the_compiled_reader_leaves_to_the_python_builder(text: str, why: str) -> None:
    assert read_both(text, LIBYAML) == why


@compiled
@pytest.mark.parametrize(
    ("limits", "why"),
    [
        (Limits(max_nodes=3), "the file holds more values than the limit"),
        (Limits(max_depth=1), "the data nests deeper than the limit"),
        (Limits(max_scalar_chars=2), "a value is longer than the limit"),
    ],
)
def test_limits_are_left_to_the_python_builder_which_reports_them(limits: Limits, why: str) -> None:
    text = "a:\n  - bbb\n  - c\n"
    assert read_both(text, LIBYAML, limits) == why
    assert [p.code for p in CompiledParser().parse(text, "f.yaml", limits).problems]


@compiled
def test_columns_count_characters_on_lines_with_text_outside_ascii() -> None:
    text = "\u00e9t\u00e9: caf\u00e9 #glued\n\U0001f600: 'x'\n"
    root = CompiledParser().parse(text, "f.yaml", DEFAULT_LIMITS).root
    assert isinstance(root, MappingNode)
    (key, value), (emoji, quoted) = root.items
    assert (key.value, key.column) == ("\u00e9t\u00e9", 1)
    assert (value.value, value.column) == ("caf\u00e9", 6)
    assert isinstance(value, ScalarNode)
    assert value.comment_follows == "#glued"
    assert (emoji.line, emoji.column, quoted.column) == (2, 1, 4)
    assert isinstance(quoted, ScalarNode)
    assert not quoted.plain


@compiled
def test_reading_leaves_nothing_behind_even_when_it_gives_up() -> None:
    """Every object the reader makes is freed with its tree, on the way out of a file it
    reads and of one it gives up on half-way (here, at a repeated key deep inside)."""
    good = "".join(f"- id: s{i}\n  name: caf\u00e9 {i} #x\n  tags: [a, b]\n" for i in range(200))
    bad = good + "- id: z\n  id: z\n"
    parser = CompiledParser(fallback=PyYamlParser())
    for text in (good, bad):
        for _ in range(3):  # warm up: interned names, the allocator's own arenas
            parser.parse(text, "f.yaml", DEFAULT_LIMITS)
        gc.collect()  # the Python builder's exceptions leave cycles: not the reader's
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(50):
            parser.parse(text, "f.yaml", DEFAULT_LIMITS)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        assert grown < 4_000, f"{grown:,} bytes kept after 50 reads"  # a tree is 250 KB


@compiled
def test_a_load_with_the_compiled_reader_equals_one_with_pyyaml(examples_dir: Path) -> None:
    ours = cfgov.load_with_sources(examples_dir, parser=CompiledParser())
    theirs = cfgov.load_with_sources(examples_dir, parser=PURE)
    assert ours[0] == theirs[0]
    assert cfgov.check(ours[0]) == cfgov.check(theirs[0])


def test_without_the_compiled_reader_asking_for_it_says_so() -> None:
    if COMPILED_READER:
        pytest.skip("this install has the compiled reader")
    with pytest.raises(RuntimeError, match="without its compiled reader"):
        CompiledParser()
