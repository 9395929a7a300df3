"""pre-commit: the hook definition, and checking only the files a commit changes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cfgov", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_hook_definition_runs_cfgov_check_on_yaml_files() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "cfgov"
    assert hook["entry"] == "cfgov check"
    assert hook["language"] == "python"
    assert hook["files"] == r"(?i)\.ya?ml$"
    wanted = re.compile(hook["files"])
    for name in ("segments.yaml", "units.yml", "OLD.YAML", "notes.Yml"):
        assert wanted.search(name), name  # the loader reads endings in any case, so does the hook
    assert not wanted.search("README.md")


def model_repo(tmp_path: Path) -> Path:
    """A repository holding the DWP example as its model, with a cfgov.toml at its root."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.copytree(ROOT / "examples" / "dwp", repo / "model")
    (repo / "model" / "cfgov.toml").write_text('fail-on = "warning"\n')
    return repo


def test_changed_files_are_checked_against_the_whole_model(tmp_path: Path) -> None:
    repo = model_repo(tmp_path)
    # A change to one file that refers to segments defined in another file.
    path = repo / "model" / "pension-credit.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "priority: 1", "priority: 1\n    ignore: {CFG104: not needed}", 1
        ),
        encoding="utf-8",
    )
    result = run("check", "model/pension-credit.yaml", cwd=repo)
    assert "CFG008" not in result.stdout  # references into other files resolve
    lines = [line for line in result.stdout.splitlines() if ": CFG" in line]
    assert lines, result.stdout
    assert all(line.startswith("model/pension-credit.yaml:") for line in lines), lines
    assert result.returncode == 1


def test_findings_in_unchanged_files_are_not_reported(tmp_path: Path) -> None:
    repo = model_repo(tmp_path)
    other = repo / "model" / "future-pensioners.yaml"
    other.write_text(
        other.read_text(encoding="utf-8").replace(
            "    need: An adequate income in retirement from work-based saving.\n", ""
        ),
        encoding="utf-8",
    )
    assert run("check", "model/", cwd=repo).returncode == 1  # the whole model has a finding
    result = run("check", "model/organisation.yaml", cwd=repo)
    assert result.returncode == 0, result.stdout
    assert "Checked 1 file" in result.stdout


def test_exclude_leaves_other_yaml_beside_the_model_alone(tmp_path: Path) -> None:
    repo = model_repo(tmp_path)
    (repo / "model" / "ci").mkdir()
    (repo / "model" / "ci" / "workflow.yml").write_text("on: [push]\njobs: {}\n")
    assert run("check", "model/", cwd=repo).returncode == 2
    (repo / "model" / "cfgov.toml").write_text('exclude = ["ci/*"]\n')
    result = run("check", "model/", cwd=repo)
    assert result.returncode == 0, result.stdout
