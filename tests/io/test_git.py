"""Loading a model at a git revision, and diffing two revisions of a throwaway repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cfgov import LoadError, load_with_sources
from cfgov.io.git import GitError, is_revision, load_revision
from cfgov.report.diff import Change, FieldChange, diff_models

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ORGANISATION = """\
organisations:
  - id: dept
    name: Department
    kind: ministerial_department
units:
  - id: svc
    name: Service
    kind: service
    parents: [dept]
"""

SEGMENTS_V1 = """\
segments:
  - id: broad-a
    name: Working-age people
    category: target
    unit: dept
    size: {value: 1000, source: ONS}
  - id: broad-b
    name: Pensioners
    category: target
    unit: dept
  - id: narrow
    name: People who do not claim
    category: target
    unit: svc
    parent: broad-a
    size: 100
"""

SEGMENTS_V2 = """\
segments:
  - id: broad-a
    name: Working-age people
    category: target
    unit: dept
    size: {value: 1000, source: ONS}
  - id: broad-b
    name: People over pension age
    category: target
    unit: dept
  - id: narrow
    name: People who do not claim
    category: target
    unit: svc
    parent: broad-b
    size: 150
"""

PARTNERS = """\
partners:
  - id: rep
    name: Residents' panel
    role: representative
    represents: [narrow]
"""

OBJECTIVES_V1 = """\
objectives:
  - id: obj-claims
    statement: More people claim what they are owed.
    segments: [narrow]
"""

OBJECTIVES_V2 = (
    OBJECTIVES_V1
    + """\
  - id: obj-errors
    statement: Fewer mistakes in awards.
    segments: [broad-b]
"""
)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=cfgov tests",
            "-c",
            "user.email=tests@example.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with two commits of a small model; the second makes five edits."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    write(
        root,
        {
            "organisation.yaml": ORGANISATION,
            "segments/a.yaml": SEGMENTS_V1,
            "segments/partners.yaml": PARTNERS,
            "objectives.yaml": OBJECTIVES_V1,
            "README.md": "not part of the model\n",
            "zz-notes.yaml": "# comments only: files come before folders, as the loader reads\n",
        },
    )
    commit(root, "version 1")
    write(root, {"segments/a.yaml": SEGMENTS_V2, "objectives.yaml": OBJECTIVES_V2})
    (root / "segments/partners.yaml").unlink()
    commit(root, "version 2")
    return root


def test_diff_of_two_revisions_reports_exactly_the_edits(repo: Path) -> None:
    old = load_revision(repo, "HEAD~1")[0]
    new = load_revision(repo, "HEAD")[0]
    diff = diff_models(old, new)
    assert [(e.kind, e.id, e.change) for e in diff.entries] == [
        ("segment", "broad-b", Change.CHANGED),
        ("segment", "narrow", Change.CHANGED),
        ("partner", "rep", Change.REMOVED),
        ("objective", "obj-errors", Change.ADDED),
    ]
    renamed, resized = diff.changed
    assert renamed.fields == (FieldChange("name", "Pensioners", "People over pension age"),)
    assert resized.fields == (FieldChange("size.value", 100, 150),)
    (move,) = diff.moves
    assert (move.segment, move.old_parent, move.new_parent) == ("narrow", "broad-a", "broad-b")
    assert not move.unit_changed
    assert (diff.introduced, diff.fixed) == ((), ())


def test_a_revision_loads_as_the_files_did_then(repo: Path) -> None:
    at_head, sources = load_revision(repo, "HEAD")
    from_files, read = load_with_sources(repo)
    assert at_head == from_files
    assert sources.files == tuple(Path(f).relative_to(repo).as_posix() for f in read.files)
    assert load_revision(repo, "HEAD~1")[0] != at_head


def test_file_names_are_relative_to_the_repository(repo: Path) -> None:
    _, sources = load_revision(repo, "HEAD~1")
    assert sources.files == (
        "objectives.yaml",
        "organisation.yaml",
        "zz-notes.yaml",
        "segments/a.yaml",
        "segments/partners.yaml",
    )
    located = sources.locate("narrow", "size")
    assert located is not None
    assert (located.file, located.line) == ("segments/a.yaml", 16)


def test_problems_at_a_revision_name_files_relative_to_the_repository(repo: Path) -> None:
    write(repo, {"segments/a.yaml": SEGMENTS_V2.replace("size: 150", "size: lots")})
    commit(repo, "version 3")
    with pytest.raises(LoadError) as info:
        load_revision(repo, "HEAD")
    (problem,) = info.value.problems
    assert problem.location is not None
    assert problem.location.file == "segments/a.yaml"
    assert problem.location.line == 16


def test_the_working_tree_is_not_read(repo: Path) -> None:
    write(repo, {"segments/a.yaml": "segments: [oops"})
    assert load_revision(repo, "HEAD")[0] == load_revision(repo, "HEAD")[0]
    assert len(load_revision(repo, "HEAD")[0].segments) == 3


def test_paths_limit_what_is_read(repo: Path) -> None:
    git(repo, "mv", "segments", "model")
    git(repo, "mv", "organisation.yaml", "objectives.yaml", "model")
    write(repo, {"other/stray.yaml": "not: a model\n"})
    commit(repo, "move the model into a folder")
    model, sources = load_revision(repo, "HEAD", ["model/"])
    assert sources.files == ("model/a.yaml", "model/objectives.yaml", "model/organisation.yaml")
    assert len(model.segments) == 3
    with pytest.raises(LoadError):
        load_revision(repo, "HEAD")  # other/stray.yaml is not a model file
    inside, sources = load_revision(repo / "model", "HEAD")
    assert sources.files == ("a.yaml", "objectives.yaml", "organisation.yaml")
    assert inside == model


def test_exclude_patterns_leave_files_out(repo: Path) -> None:
    write(repo, {"ci/workflow.yml": "on: push\n"})
    commit(repo, "add a workflow")
    with pytest.raises(LoadError):
        load_revision(repo, "HEAD")
    assert len(load_revision(repo, "HEAD", exclude=["ci/*"])[0].segments) == 3


def test_the_exclude_setting_of_cfgov_toml_at_that_revision_is_honoured(repo: Path) -> None:
    write(repo, {"ci/workflow.yml": "on: push\n", "cfgov.toml": 'exclude = ["ci/*"]\n'})
    commit(repo, "add a workflow and say it is not part of the model")
    _, sources = load_revision(repo, "HEAD")
    assert "ci/workflow.yml" not in sources.files


def test_a_path_with_no_yaml_at_that_revision_is_a_load_problem(repo: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_revision(repo, "HEAD", ["nowhere"])
    (problem,) = info.value.problems
    assert problem.code == "CFG017"
    assert problem.location is not None
    assert problem.location.file == "nowhere"


def test_a_path_outside_the_folder_is_refused(repo: Path) -> None:
    with pytest.raises(GitError, match="not inside"):
        load_revision(repo / "segments", "HEAD", ["../organisation.yaml"])


def test_hook_variables_do_not_redirect_git(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    assert len(load_revision(repo, "HEAD")[0].objectives) == 2


# -- revisions and errors ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["HEAD", "HEAD~1", "master", "main"])
def test_is_revision_knows_commits(repo: Path, text: str) -> None:
    branch = git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip()
    if text in {"master", "main"} and text != branch:
        git(repo, "branch", text)
    assert is_revision(repo, text)


def test_is_revision_accepts_a_commit_hash(repo: Path) -> None:
    full = git(repo, "rev-parse", "HEAD~1").strip()
    assert is_revision(repo, full)
    assert is_revision(repo, full[:10])


@pytest.mark.parametrize("text", ["segments", "segments/a.yaml", "HEAD~5", "--help", "", " HEAD"])
def test_is_revision_refuses_paths_and_unknown_names(repo: Path, text: str) -> None:
    assert not is_revision(repo, text)


def test_is_revision_outside_a_repository_is_false(tmp_path: Path) -> None:
    assert not is_revision(tmp_path, "HEAD")
    assert not is_revision(tmp_path / "missing", "HEAD")


def test_an_unknown_revision_is_a_git_error(repo: Path) -> None:
    with pytest.raises(GitError, match="no commit 'nope'"):
        load_revision(repo, "nope")


def test_an_option_is_never_taken_as_a_revision(repo: Path) -> None:
    with pytest.raises(GitError, match="not a revision"):
        load_revision(repo, "--output=/tmp/x")


def test_a_folder_outside_git_is_a_git_error(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="not in a git repository"):
        load_revision(tmp_path, "HEAD")


def test_missing_git_is_a_git_error(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    with pytest.raises(GitError, match="git is not installed"):
        load_revision(repo, "HEAD")
    assert not is_revision(repo, "HEAD")


def test_a_capitalised_yaml_ending_is_read_at_a_revision_as_from_files(repo: Path) -> None:
    git(repo, "mv", "objectives.yaml", "objectives.YML")
    commit(repo, "version 3")
    at_head, sources = load_revision(repo, "HEAD")
    assert "objectives.YML" in sources.files
    assert at_head == load_with_sources(repo)[0]
