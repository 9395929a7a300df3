"""The pre-commit configuration in docs/ci.md, pasted as it is into a fresh repository, works.

A throwaway copy of cfgov is made a git repository and tagged as a release
is (docs/releasing.md); the configuration text is taken from the manual, with
only the repository's address replaced by that copy; real pre-commit, from
the package registry, installs the hook and runs it on real commits.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cfgov.io.init import create_starter
from starter_edits import split_off_first_time_learners

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = "https://git.example.org/tools/cfgov"

pytest.importorskip("pre_commit", reason="pre-commit is part of the test extra")


def documented_config() -> str:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- pre-commit-config -->\n```yaml\n(.*?)```", text, re.DOTALL)
    assert match, "docs/ci.md must show the pre-commit configuration after its marker"
    assert PLACEHOLDER in match[1]
    return match[1]


def git(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("home")
    return {
        **os.environ,
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "GIT_AUTHOR_NAME": "Analyst",
        "GIT_AUTHOR_EMAIL": "analyst@example.org",
        "GIT_COMMITTER_NAME": "Analyst",
        "GIT_COMMITTER_EMAIL": "analyst@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """This checkout's cfgov as its own repository, tagged v0.1.0 as the release steps say."""
    repo = tmp_path_factory.mktemp("cfgov")
    for name in ("pyproject.toml", "hatch_build.py", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(
        ROOT / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__", "*.so")
    )
    for step in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-q", "-m", "cfgov"],
        ["tag", "-a", "v0.1.0", "-m", "cfgov 0.1.0"],
    ):
        done = git(repo, *step, env=env)
        assert done.returncode == 0, done.stderr
    return repo


@pytest.fixture(scope="module")
def model_repo(
    tmp_path_factory: pytest.TempPathFactory, released: Path, env: dict[str, str]
) -> Path:
    """A fresh repository with a model, the documented configuration and a CI workflow."""
    repo = tmp_path_factory.mktemp("council")
    assert git(repo, "init", "-q", "-b", "main", env=env).returncode == 0
    create_starter(repo / "model")
    # The sub-segment lives in a file of its own, as a team splitting its model would have it.
    split_off_first_time_learners(repo / "model")
    config = documented_config().replace(PLACEHOLDER, str(released))
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    workflows = repo / ".github" / "workflows"
    workflows.mkdir(parents=True)
    shutil.copy2(ROOT / "examples" / "ci" / "github-workflow.yml", workflows / "cfgov.yml")
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return repo


def commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    assert git(repo, "add", "-A", env=env).returncode == 0
    return git(repo, "commit", "-m", message, env=env)


def test_the_documented_configuration_works_in_a_fresh_repository(
    model_repo: Path, env: dict[str, str]
) -> None:
    # 1. The first commit (model, pre-commit file, CI workflow) passes.
    first = commit(model_repo, env, "Start the model")
    said = first.stdout + first.stderr
    assert first.returncode == 0, said
    assert re.search(r"cfgov check\.+Passed", said), said
    assert "CFG003" not in said

    # 2. A change that breaks a rule in another file is blocked: a mistyped size in the
    #    sub-segment's file makes the parent's sizes wrong (CFG119, at the parent's size).
    sub = model_repo / "model" / "first-time-learners.yaml"
    kept = sub.read_text(encoding="utf-8")
    sub.write_text(kept.replace("value: 120000", "value: 1200000", 1), encoding="utf-8")
    blocked = commit(model_repo, env, "Update the size of first-time learners")
    said = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, said
    assert re.search(r"cfgov check\.+Failed", said), said
    assert re.search(r"model/segments\.yaml:\d+:\d+: CFG119 error", said), said
    sub.write_text(kept, encoding="utf-8")

    # 3. Warnings are shown on a commit that passes (verbose: true in the configuration).
    segments = model_repo / "model" / "segments.yaml"
    segments.write_text(
        segments.read_text(encoding="utf-8").replace(
            "    need: Skills that help them", "    description: Skills that help them", 1
        ),
        encoding="utf-8",
    )
    warned = commit(model_repo, env, "Describe adult learners")
    said = warned.stdout + warned.stderr
    assert warned.returncode == 0, said
    assert re.search(r"cfgov check\.+Passed", said), said
    assert "CFG104 warning" in said, said

    # 4. A commit that only deletes a file (pre-commit passes no file names for it) is
    #    blocked when the deletion breaks the model: an objective names the segment.
    removed = git(model_repo, "rm", "-q", "model/first-time-learners.yaml", env=env)
    assert removed.returncode == 0, removed.stderr
    deleted = git(model_repo, "commit", "-m", "Remove first-time learners", env=env)
    said = deleted.stdout + deleted.stderr
    assert deleted.returncode != 0, said
    assert re.search(r"model/objectives\.yaml:\d+:\d+: CFG008 error", said), said
