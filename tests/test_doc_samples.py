"""Every sample in the manual runs, and shows what cfgov really prints.

* ```python blocks run in order, page by page, in a scratch git repository
  like the one below, with cfgov on the PATH (a page's later blocks may use
  what its earlier ones defined).
* ```console blocks run in a scratch git repository holding the examples, with
  examples/dwp copied as model/, segments/ and my-model/, one page at a time
  and in page order. Each `$ cfgov ...` line must exit 0 or 1 (1: the command
  worked and reported findings); the lines after it, up to the next `$`, are
  what it must print. A line `...` there stands for any number of lines, and a
  line ending in ` ...` for any line that starts with what comes before.
* A page walks a reader through files by HTML comments, which the reader does
  not see: `<!-- doc-test: write PATH -->` (or `append PATH`) before a block
  writes that block to PATH in the scratch repository, and `found-in PATH`
  checks that the block is part of what a command wrote there; `delete
  PATH...` and `replace PATH OLD NEW` (words quoted as in a shell) change files
  between commands.
* ```yaml blocks that hold cfgov entries follow the JSON Schema; ```toml
  blocks that hold cfgov settings are read as cfgov reads settings.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from cfgov import json_schema
from cfgov.io.config import read_settings
from cfgov.rules import all_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: Every page people read; the rule pages are made from the rules, whose examples
#: tests/rules checks, and the changelog holds no samples.
PAGES = sorted(
    p for p in DOCS.rglob("*.md") if p.name != "changelog.md" and "_build" not in p.parts
)
TOKEN = re.compile(
    r"^(?P<indent>[ ]*)```(?P<lang>\w+)[^\n]*\n(?P<body>.*?)^(?P=indent)```[ ]*$"
    r"|^<!-- doc-test: (?P<step>.*?) -->[ ]*$",
    re.MULTILINE | re.DOTALL,
)


def blocks(page: Path) -> Iterator[tuple[str, str]]:
    """(language, code) for each fenced block, and ("step", words) for each comment."""
    for match in TOKEN.finditer(page.read_text(encoding="utf-8")):
        if match["step"] is not None:
            yield "step", match["step"]
            continue
        indent = len(match["indent"])
        lines = match["body"].splitlines(keepends=True)
        yield match["lang"], "".join(line[indent:] for line in lines)


def samples(page: Path, language: str) -> list[str]:
    return [code for lang, code in blocks(page) if lang == language]


def test_the_manual_has_samples_of_every_kind() -> None:
    for language, least in (("python", 3), ("console", 5), ("yaml", 10), ("toml", 2)):
        assert sum(len(samples(p, language)) for p in PAGES) >= least, language


def test_indented_blocks_and_steps_are_found(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "1. Run it:\n\n   ```console\n   $ cfgov rules\n   ```\n\n"
        "<!-- doc-test: write a.yaml -->\n\n```yaml\nunits: []\n```\n",
        encoding="utf-8",
    )
    assert list(blocks(page)) == [
        ("console", "$ cfgov rules\n"),
        ("step", "write a.yaml"),
        ("yaml", "units: []\n"),
    ]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("page", [p for p in PAGES if samples(p, "python")], ids=lambda p: p.name)
def test_python_samples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # In the reader's place: in a repository holding models, with cfgov on the PATH.
    monkeypatch.chdir(scratch_repository(tmp_path))
    bin_folder = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", bin_folder + os.pathsep + os.environ.get("PATH", ""))
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for code in samples(page, "python"):
        exec(compile(code, str(page), "exec"), namespace)


# -- console samples ----------------------------------------------------------------


def scratch_repository(folder: Path) -> Path:
    shutil.copytree(ROOT / "examples", folder / "examples")
    for name in ("model", "segments", "my-model"):
        shutil.copytree(ROOT / "examples" / "dwp", folder / name)
    git = [
        "git",
        "-c",
        "user.name=Docs",
        "-c",
        "user.email=docs@example.invalid",
        "-c",
        "commit.gpgsign=false",
    ]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=folder, check=True)
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "docs"], cwd=folder, check=True)
    return folder


def commands(block: str) -> list[tuple[str, list[str]]]:
    """Each `$ cfgov` line of a console block, with the lines shown after it."""
    found: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        elif found:
            found[-1][1].append(line)
    return [(command, shown) for command, shown in found if command.startswith("cfgov ")]


def shown_pattern(shown: list[str]) -> re.Pattern[str]:
    """What the printed output must match: the lines shown, with `...` as a wildcard."""
    parts = []
    for line in shown:
        if line == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        elif line.endswith(" ..."):
            parts.append(re.escape(line[: -len(" ...")]) + r"[^\n]*\n")
        else:
            parts.append(re.escape(line) + r"\n")
    return re.compile("".join(parts))


def normalised(output: str) -> str:
    lines = [line.rstrip() for line in output.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(f"{line}\n" for line in lines)


def test_shown_output_patterns() -> None:
    pattern = shown_pattern(["a.yaml:1:1: CFG109 warning: segment ...", "...", "Checked 1 file."])
    assert pattern.fullmatch("a.yaml:1:1: CFG109 warning: segment 'x'\n  hint\n\nChecked 1 file.\n")
    assert pattern.fullmatch("a.yaml:1:1: CFG109 warning: segment 'x'\nChecked 1 file.\n")
    assert not pattern.fullmatch("a.yaml:1:1: CFG109 warning: segment 'x'\nChecked 2 files.\n")
    assert not shown_pattern(["Checked 1 file."]).fullmatch("Checked 1 files.\n")


def take_step(words: str, pending: list[tuple[str, Path]], folder: Path) -> None:
    verb, *rest = shlex.split(words)
    if verb in ("write", "append", "found-in"):
        (path,) = rest
        pending.append((verb, folder / path))
    elif verb == "delete":
        for path in rest:
            (folder / path).unlink()
    elif verb == "replace":
        path, old, new = rest
        text = (folder / path).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{words}: {old!r} is not in {path} exactly once"
        (folder / path).write_text(text.replace(old, new), encoding="utf-8")
    else:
        raise AssertionError(f"unknown doc-test step {words!r}")


def run_command(
    command: str, folder: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    cfgov = f"{shlex.quote(sys.executable)} -m cfgov"
    return subprocess.run(
        cfgov + command[len("cfgov") :],
        shell=True,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def manual_plugin_module() -> str:
    """The source of the rule module that docs/plugins.md builds up."""
    page = DOCS / "plugins.md"
    (module,) = [code for code in samples(page, "python") if code.startswith("# acme_cfgov_rules")]
    return module


def plugin_site(folder: Path, install: Callable[[Path, str, Mapping[str, str]], Path]) -> Path:
    """The manual's own plugin (docs/plugins.md), installed as pip would install it."""
    page = DOCS / "plugins.md"
    (project,) = [tomllib.loads(code) for code in samples(page, "toml") if "[project]" in code]
    points = project["project"]["entry-points"]["cfgov.rules"]
    return install(folder / "site", manual_plugin_module(), points)


def console_pages() -> list[Path]:
    return [p for p in PAGES if any(commands(code) for code in samples(p, "console"))]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("page", console_pages(), ids=lambda p: p.name)
def test_console_samples_run_and_print_what_is_shown(
    page: Path, tmp_path: Path, install_plugin: Callable[[Path, str, Mapping[str, str]], Path]
) -> None:
    folder = scratch_repository(tmp_path / "repo")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("PYTHONPATH", None)
    if page.name == "plugins.md":
        env["PYTHONPATH"] = str(plugin_site(tmp_path, install_plugin))
    pending: list[tuple[str, Path]] = []
    ran = 0
    for language, code in blocks(page):
        if language == "step":
            take_step(code, pending, folder)
            continue
        if pending:
            verb, path = pending.pop(0)
            if verb == "found-in":
                assert code in path.read_text(encoding="utf-8"), f"{page.name}: not in {path}"
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a" if verb == "append" else "w", encoding="utf-8") as stream:
                stream.write(code)
            continue
        if language != "console":
            continue
        for command, shown in commands(code):
            result = run_command(command, folder, env)
            ran += 1
            where = f"{page.name}: `{command}`"
            assert result.returncode in (0, 1), (where, result.stdout[-2000:], result.stderr)
            assert "Traceback" not in result.stderr, where
            if shown:
                printed = normalised(result.stdout + result.stderr)
                assert shown_pattern(shown).fullmatch(printed), (
                    f"{where} printed:\n{printed}\nbut the page shows:\n" + "\n".join(shown)
                )
    assert not pending, f"{page.name}: a write or append step with no block after it"
    assert ran


# -- YAML and TOML samples ---------------------------------------------------------------

COLLECTIONS = frozenset(json_schema()["properties"])


def cfgov_yaml_samples() -> Iterator[Any]:
    for page in PAGES:
        for i, code in enumerate(samples(page, "yaml")):
            data = yaml.safe_load(code)
            if isinstance(data, dict) and COLLECTIONS & set(data):
                yield pytest.param(data, id=f"{page.name}-{i}")


@pytest.mark.parametrize("data", list(cfgov_yaml_samples()))
def test_yaml_samples_follow_the_schema(data: Any) -> None:
    jsonschema.validate(data, json_schema())


def test_other_yaml_samples_are_well_formed() -> None:
    for page in PAGES:
        for code in samples(page, "yaml"):
            yaml.safe_load(code)  # raises on a broken sample


@pytest.mark.parametrize(
    "code",
    [pytest.param(c, id=p.name) for p in PAGES for c in samples(p, "toml")],
)
def test_toml_samples_are_settings_cfgov_accepts(code: str, tmp_path: Path) -> None:
    data = tomllib.loads(code)
    # A package's own pyproject.toml (cfgov reads only [tool.cfgov] there), or settings.
    package = "project" in data or "build-system" in data
    name = "pyproject.toml" if package else "cfgov.toml"
    (tmp_path / name).write_text(code, encoding="utf-8")
    rules = (*all_rules(plugins=False), manual_plugin_rule())  # the plugin of plugins.md
    read_settings(tmp_path / name, rules)  # raises on a problem


def manual_plugin_rule() -> Any:
    namespace: dict[str, Any] = {}
    exec(compile(manual_plugin_module(), "plugins.md", "exec"), namespace)
    return namespace["RULE"]
