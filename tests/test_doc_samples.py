"""Every code sample in the manual runs.

```python blocks run in order, page by page, from the repository root (a page's
later blocks may use what its earlier ones defined). Each `$ cfgov ...` line of
a ```console block runs in a scratch git repository holding the examples, with
examples/dwp copied as model/, segments/ and my-model/; it must exit 0 or 1
(1: the command worked and reported findings).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.glob("*.md") if p.name != "changelog.md")
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def samples(page: Path, language: str) -> list[str]:
    return [
        code for lang, code in FENCE.findall(page.read_text(encoding="utf-8")) if lang == language
    ]


def test_the_manual_has_samples_of_both_kinds() -> None:
    assert sum(len(samples(p, "python")) for p in PAGES) >= 3
    assert sum(len(samples(p, "console")) for p in PAGES) >= 5


@pytest.mark.parametrize("page", [p for p in PAGES if samples(p, "python")], ids=lambda p: p.name)
def test_python_samples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for code in samples(page, "python"):
        exec(compile(code, str(page), "exec"), namespace)


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


def commands(page: Path) -> list[str]:
    found = []
    for block in samples(page, "console"):
        found += [line[2:] for line in block.splitlines() if line.startswith("$ cfgov ")]
    return found


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("page", [p for p in PAGES if commands(p)], ids=lambda p: p.name)
def test_console_samples_run(page: Path, tmp_path: Path) -> None:
    folder = scratch_repository(tmp_path)
    cfgov = f"{shlex.quote(sys.executable)} -m cfgov"
    for command in commands(page):
        result = subprocess.run(
            cfgov + command[len("cfgov") :],
            shell=True,
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert result.returncode in (0, 1), (command, result.stdout[-2000:], result.stderr)
        assert "Traceback" not in result.stderr, command
