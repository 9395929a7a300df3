"""The review workflow from the command line: init, diff, and the CI examples' commands."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from cli_runner import cfgov

ROOT = Path(__file__).resolve().parent.parent
GIT = shutil.which("git")


def test_init_then_check_is_clean_and_init_again_refuses(tmp_path: Path) -> None:
    made = cfgov("init", "x", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    checked = cfgov("check", "x", "--fail-on", "info", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert "no findings" in checked.stdout
    before = {p.name: p.read_bytes() for p in (tmp_path / "x").iterdir()}
    again = cfgov("init", "x", cwd=tmp_path)
    assert again.returncode == 2
    assert "nothing was written" in again.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "x").iterdir()} == before


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=repo,
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if GIT is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(ROOT / "examples" / "dwp", repo / "model")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "version 1")
    return repo


def test_diff_between_two_revisions_reports_exactly_the_changes(repo: Path) -> None:
    segments = repo / "model" / "future-pensioners.yaml"
    text = segments.read_text(encoding="utf-8")
    text = text.replace("name: Jobseekers as future savers", "name: Jobseekers as savers")
    segments.write_text(text, encoding="utf-8")
    organisation = repo / "model" / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8").replace(
            "    status: live\n", "    status: live\n    description: Pensions and benefits.\n"
        ),
        encoding="utf-8",
    )
    git(repo, "commit", "-q", "-am", "version 2")
    result = cfgov("diff", "HEAD~1", "HEAD", "--format", "markdown", "--", "model/", cwd=repo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "**2 changed**" in out
    assert "| `name` | `Jobseekers as future savers` | `Jobseekers as savers` |" in out
    assert "| `description` | *none* | `Pensions and benefits.` |" in out
    assert out.count("Changed `") == 2
    same = cfgov("diff", "HEAD", "HEAD", "--", "model/", cwd=repo)
    assert "No changes to the model." in same.stdout


def test_diff_of_an_unknown_revision_exits_2(repo: Path) -> None:
    result = cfgov("diff", "no-such-branch", "HEAD", "--", "model/", cwd=repo)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def workflow_commands(path: Path) -> list[str]:
    """The cfgov commands a CI example runs, in order."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "jobs" in document:
        steps = [s for job in document["jobs"].values() for s in job["steps"]]
        runs = [s["run"] for s in steps if "run" in s]
    else:
        runs = [line for job in document.values() for line in job["script"]]
    return [r for r in runs if r.startswith("cfgov ")]


def test_the_github_workflow_commands_run(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "change")
    path = repo / "model" / "pension-credit.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a change")
    git(repo, "branch", "-q", "-f", "origin/main", "main")  # stands in for the fetched base
    commands = workflow_commands(ROOT / "examples" / "ci" / "github-workflow.yml")
    assert len(commands) == 3
    for written in commands:
        command = written.replace("${{ github.base_ref }}", "main")
        result = cfgov(*shlex.split(command)[1:], cwd=repo)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        if "--format github" in command:
            assert result.stdout == ""  # the example model is clean
    sarif = json.loads((repo / "cfgov.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert (repo / "cfgov-diff.md").read_text(encoding="utf-8").startswith("## ")


def test_the_gitlab_job_commands_run(repo: Path) -> None:
    commands = workflow_commands(ROOT / "examples" / "ci" / "gitlab-ci.yml")
    assert len(commands) == 1
    result = cfgov(*shlex.split(commands[0])[1:], cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    suites = ElementTree.parse(repo / "cfgov-junit.xml").getroot()
    assert suites.tag == "testsuites"
