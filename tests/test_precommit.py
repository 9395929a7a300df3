"""pre-commit and file-scoped checks: given the files a commit changes, report what it causes.

The model is loaded whole; reported are the findings in the given files and
every finding elsewhere that is new against the committed version, so that a
change cannot break an unchanged file and still pass.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from cfgov.io.init import create_starter
from cfgov.io.loader import MODEL_SUFFIXES
from cli_runner import cfgov as run
from starter_edits import drop_objective, split_off_first_time_learners

ROOT = Path(__file__).resolve().parent.parent


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        timeout=60,
    )


def commit_all(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def starter_repo(tmp_path: Path, *, committed: bool = True) -> Path:
    """A git repository holding `cfgov init`'s starter model in model/, committed."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    create_starter(repo / "model")
    if committed:
        commit_all(repo, "the model")
    return repo


def reported(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if re.search(r": CFG\d+ ", line)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_hook_definition_runs_cfgov_check_on_yaml_files() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "cfgov"
    assert hook["entry"] == "cfgov check --changed"
    assert hook["always_run"] is True  # a commit that only deletes a file passes no files
    assert hook["language"] == "python"
    wanted = re.compile(hook["files"])
    for name in ("model/segments.yaml", "units.yml", "OLD.YAML", "notes.Yml", "model/cfgov.toml"):
        assert wanted.search(name), name  # the loader reads endings in any case, so does the hook
    for suffix in MODEL_SUFFIXES:  # every kind of file the loader reads (book.xlsx too)
        assert wanted.search(f"model/name{suffix}"), suffix
        assert wanted.search(f"model/NAME{suffix.upper()}"), suffix
    assert not wanted.search("README.md")
    assert not wanted.search("book.xlsm")


def test_the_starter_model_passes_as_committed(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    result = run("check", "model/segments.yaml", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Checked 1 changed file against the whole model in model" in result.stdout


def test_references_into_other_files_resolve(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    edit(repo / "model" / "objectives.yaml", "statement: >-", "statement: >-\n      Changed.")
    result = run("check", "model/objectives.yaml", cwd=repo)
    assert "CFG008" not in result.stdout
    assert result.returncode == 0, result.stdout


def test_a_mistyped_size_in_a_sub_segment_file_is_caught_at_the_parent(tmp_path: Path) -> None:
    # The sub-segment already lives in a file of its own; the change mistypes its size.
    # The finding (CFG119) is located at the parent's size, in a file the commit leaves alone.
    repo = starter_repo(tmp_path, committed=False)
    split_off_first_time_learners(repo / "model")
    commit_all(repo)
    assert run("check", "model/", cwd=repo).returncode == 0

    edit(repo / "model" / "first-time-learners.yaml", "value: 120000", "value: 1200000")
    result = run("check", "model/first-time-learners.yaml", cwd=repo)
    assert result.returncode == 1, result.stdout
    lines = reported(result)
    assert any("CFG119" in line and line.startswith("model/segments.yaml:") for line in lines)
    assert "elsewhere, new since HEAD" in result.stdout


def test_deleting_an_objective_is_caught_at_the_segment_left_without_one(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    drop_objective(repo / "model", "obj-first-qualification")
    full = run("check", "model/", cwd=repo)
    assert "CFG111" in full.stdout, full.stdout
    result = run("check", "model/objectives.yaml", cwd=repo)
    lines = reported(result)
    assert any("CFG111" in line and line.startswith("model/segments.yaml:") for line in lines)
    assert result.returncode == full.returncode


def test_findings_already_committed_elsewhere_are_not_reported(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    segments = repo / "model" / "segments.yaml"
    edit(segments, "    need: Skills that help them", "    description: Skills that help them")
    commit_all(repo, "a segment loses its need")
    before = reported(run("check", "model/", cwd=repo))
    assert before, "the committed model should have a finding"
    edit(repo / "model" / "objectives.yaml", "statement: >-", "statement: >-\n      Changed.")
    result = run("check", "model/objectives.yaml", cwd=repo)
    assert reported(result) == []
    assert result.returncode == 0


def test_without_a_commit_to_compare_with_every_finding_is_reported(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path, committed=False)
    drop_objective(repo / "model", "obj-first-qualification")
    result = run("check", "model/organisation.yaml", cwd=repo)
    assert any("CFG111" in line for line in reported(result)), result.stdout
    assert "every finding in the model is reported: no HEAD to compare with" in result.stdout


def test_files_that_are_no_part_of_the_model_are_left_alone(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text("on: [push]\njobs: {}\n")
    result = run("check", ".pre-commit-config.yaml", ".github/workflows/ci.yml", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nothing to check" in result.stdout
    both = run("check", ".pre-commit-config.yaml", "model/segments.yaml", cwd=repo)
    assert both.returncode == 0, both.stdout
    assert "CFG003" not in both.stdout


def test_a_broken_model_fails_whichever_file_is_given(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    edit(repo / "model" / "segments.yaml", "parent: adult-learners", "parent: adult-learner")
    result = run("check", "model/objectives.yaml", cwd=repo)
    assert result.returncode == 2
    assert "CFG008" in result.stdout


def test_exclude_leaves_other_yaml_beside_the_model_alone(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    (repo / "model" / "ci").mkdir()
    (repo / "model" / "ci" / "workflow.yml").write_text("on: [push]\njobs: {}\n")
    assert run("check", "model/", cwd=repo).returncode == 2
    toml = repo / "model" / "cfgov.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\nexclude = ["ci/*"]\n')
    result = run("check", "model/", cwd=repo)
    assert result.returncode == 0, result.stdout


def test_changed_with_no_files_still_checks_every_model(tmp_path: Path) -> None:
    # A commit that only deletes a file: pre-commit passes no file names at all.
    repo = starter_repo(tmp_path)
    create_starter(repo / "other")
    commit_all(repo, "a second model")
    subprocess.run(["git", "rm", "-q", "other/objectives.yaml"], cwd=repo, check=True, timeout=60)
    result = run("check", "--changed", cwd=repo)
    lines = reported(result)
    assert any(line.startswith("other/segments.yaml:") and "CFG111" in line for line in lines)
    assert "against 2 whole models in model, other" in result.stdout


def test_changed_reports_nothing_old_for_a_change_outside_the_models(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    (repo / "README.md").write_text("notes\n")
    result = run("check", "--changed", "README.md", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert reported(result) == []


def test_changed_without_any_cfgov_toml_says_what_to_do(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path, committed=False)
    (repo / "model" / "cfgov.toml").unlink()
    result = run("check", "--changed", "model/segments.yaml", cwd=repo)
    assert result.returncode == 2
    assert "put a cfgov.toml in the model's folder" in result.stderr


def test_files_of_two_models_are_each_checked_whole(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    create_starter(repo / "other")
    result = run("check", "model/segments.yaml", "other/segments.yaml", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Checked 2 changed files against 2 whole models in model, other" in result.stdout


# -- what a review found: ways a broken commit could pass -----------------------------


def _strict(repo: Path, model: str = "model") -> None:
    edit(repo / model / "cfgov.toml", 'fail-on = "error"', 'fail-on = "warning"')


def test_a_model_file_git_does_not_track_stops_the_hook(tmp_path: Path) -> None:
    # The commit would not hold it, yet the check would read it.
    repo = starter_repo(tmp_path)
    (repo / "model" / "extra-units.yaml").write_text("units: []\n")
    (repo / ".gitignore").write_text("model/local-*.yaml\n")
    (repo / "model" / "local-notes.yaml").write_text("units: []\n")
    result = run("check", "--changed", "model/segments.yaml", cwd=repo)
    assert result.returncode == 2, result.stdout
    assert "model/extra-units.yaml: CFG026 error" in result.stdout
    assert "model/local-notes.yaml: CFG026 error" in result.stdout
    toml = repo / "model" / "cfgov.toml"
    toml.write_text(toml.read_text() + '\nexclude = ["extra-units.yaml", "local-*.yaml"]\n')
    assert run("check", "--changed", "model/segments.yaml", cwd=repo).returncode == 0


def test_the_start_of_the_range_pre_commit_runs_for_is_the_base(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    _strict(repo)
    commit_all(repo, "strict")
    drop_objective(repo / "model", "obj-new-staff")
    commit_all(repo, "drop an objective")
    assert run("check", "--changed", "model/objectives.yaml", cwd=repo).returncode == 0
    env = {**os.environ, "PRE_COMMIT_FROM_REF": "HEAD~1", "PRE_COMMIT_TO_REF": "HEAD"}
    ranged = subprocess.run(
        [sys.executable, "-m", "cfgov", "check", "--changed", "model/objectives.yaml"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ranged.returncode == 1, ranged.stdout
    assert "new since HEAD~1" in ranged.stdout


def test_changed_settings_report_every_finding(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    _strict(repo)
    commit_all(repo, "strict")
    toml = repo / "model" / "cfgov.toml"
    toml.write_text(toml.read_text() + '\nexclude = ["objectives.yaml"]\n')
    result = run("check", "--changed", "model/cfgov.toml", cwd=repo)
    assert result.returncode == 1, result.stdout
    assert "CFG111" in result.stdout
    assert "the settings (cfgov.toml) differ from HEAD's" in result.stdout


def test_a_model_holding_links_reports_every_finding(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    (repo / "shared").mkdir()
    git(repo, "mv", "model/objectives.yaml", "shared/objectives.yaml")
    (repo / "model" / "objectives.yaml").symlink_to("../shared/objectives.yaml")
    toml = repo / "model" / "cfgov.toml"
    toml.write_text(toml.read_text() + "\nallow-links-outside = true\n")
    _strict(repo)
    commit_all(repo, "objectives shared through a link")
    drop_objective(repo / "shared", "obj-new-staff")
    result = run("check", "--changed", "shared/objectives.yaml", cwd=repo)
    assert result.returncode == 1, result.stdout
    assert "the model holds links" in result.stdout


def test_a_root_that_lost_its_cfgov_toml_stops_the_hook(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    create_starter(repo / "other")
    commit_all(repo, "two models")
    git(repo, "rm", "-q", "model/cfgov.toml")
    result = run("check", "--changed", cwd=repo)
    assert result.returncode == 2, result.stdout
    assert "model: CFG026 error: this folder was a model's root in HEAD" in result.stdout


def test_a_link_into_a_dot_folder_is_a_model_file_as_the_loader_sees_it(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    (repo / "model" / ".store").mkdir()
    (repo / "model" / ".store" / "extra.yaml").write_text(
        "units:\n  - id: x\n    name: X\n    kind: service\n    parents: [no-such-org]\n"
    )
    (repo / "model" / "extra.yaml").symlink_to(".store/extra.yaml")
    result = run("check", "model/extra.yaml", cwd=repo)
    assert result.returncode == 2, result.stdout
    assert "nothing to check" not in result.stdout


def test_a_committed_settings_file_nested_too_deep_is_no_crash(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    toml = repo / "model" / "cfgov.toml"
    kept = toml.read_text()
    toml.write_text(kept + "x = " + "[" * 5000 + "]" * 5000 + "\n")
    commit_all(repo, "a broken settings file")
    toml.write_text(kept)
    result = run("check", "--changed", "model/cfgov.toml", cwd=repo)
    assert result.returncode in (0, 1), result.stdout + result.stderr


def test_changed_refuses_a_path_that_is_not_there(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    result = run("check", "--changed", "model/segments.yaml", cwd=repo / "model")
    assert result.returncode == 2
    assert "there is no file 'model/segments.yaml' here" in result.stderr


def test_a_base_that_names_no_commit_is_refused(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    result = run("check", "--base", "mian", "model/segments.yaml", cwd=repo)
    assert result.returncode == 2
    assert "--base 'mian' names no commit" in result.stderr


def test_files_in_no_model_beside_a_model_are_checked_on_their_own(tmp_path: Path) -> None:
    repo = starter_repo(tmp_path)
    (repo / "loose").mkdir()
    (repo / "loose" / "units.yaml").write_text("units:\n  - id: x\n    name: X\n    kind: nope\n")
    result = run("check", "loose/units.yaml", "model/segments.yaml", cwd=repo)
    assert result.returncode == 2, result.stdout
    assert "loose/units.yaml" in result.stdout
