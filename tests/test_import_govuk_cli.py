"""``cfgov import govuk`` end to end: files written, re-import, diff, the team's files."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import cfgov
from cfgov.cli import app
from cfgov.io.govuk import GENERATED_MARK
from cfgov.testing.register import register_pages, register_records

SAMPLE = Path(__file__).resolve().parent / "data" / "govuk" / "govuk-organisations-sample.jsonl"
API = "https://www.gov.uk/api/organisations/"


def records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines() if line]


def save(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in items), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    out = io.StringIO()
    code = app.run(list(args), out=out)
    return code, out.getvalue(), capsys.readouterr().err


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_sample_becomes_a_file_per_department_that_loads(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "import", "govuk", str(SAMPLE), "-o", "register")
    assert code == 0
    assert out == ""
    assert sorted(p.name for p in (here / "register").iterdir()) == [
        "department-for-education.yaml",
        "department-for-work-pensions.yaml",
        "department-of-energy-climate-change.yaml",
        "other-bodies.yaml",
    ]
    model = cfgov.load(here / "register")
    assert len(model.units) == len(records())
    assert "imported 44 bodies (9 closed) in 4 files" in err
    assert "1 parent not in the input" in err
    assert "CFG034 warning: 'cabinet-office'" in err
    for path in (here / "register").iterdir():
        text = path.read_text("utf-8")
        assert text.startswith(f"{GENERATED_MARK} from {SAMPLE}.\n")
        assert f"cfgov import govuk {SAMPLE} -o register\n" in text
    dwp = (here / "register" / "department-for-work-pensions.yaml").read_text("utf-8")
    assert "  - id: department-for-work-pensions\n" in dwp.split("organisations:\n")[1][:40]


def test_re_importing_the_same_records_changes_no_byte(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", "govuk", str(SAMPLE))
    first = contents(here / "register")
    # The same records in another order, as pages: the files do not move.
    shuffled = list(reversed(records()))
    pages = here / "pages.json"
    pages.write_text(json.dumps(register_pages(shuffled)), encoding="utf-8")
    save(here / "again.jsonl", shuffled)
    code, _, err = run(capsys, "import", "govuk", str(SAMPLE))
    assert code == 0
    assert "4 written" not in err
    assert "0 written, 4 unchanged" in err
    assert contents(here / "register") == first
    run(capsys, "import", "govuk", "pages.json", "-o", "paged")
    run(capsys, "import", "govuk", "again.jsonl", "-o", "lines")
    strip = lambda data: data.split(b"organisations:\n", 1)[1]  # noqa: E731 - the header names the file
    assert {k: strip(v) for k, v in contents(here / "paged").items()} == {
        k: strip(v) for k, v in first.items()
    }
    assert contents(here / "paged").keys() == contents(here / "lines").keys()


def newer(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sample a year on: a body added, one closed, one moved to another department."""
    changed = json.loads(json.dumps(items))
    for r in changed:
        slug = r["details"]["slug"]
        if slug == "pensions-ombudsman":
            r["details"]["govuk_status"] = "closed"
            r["details"]["closed_at"] = "2026-03-31T00:00:00.000+01:00"
        if slug == "equality-and-human-rights-commission":
            r["parent_organisations"] = [{"id": API + "department-for-work-pensions"}]
        if slug == "department-for-education":
            r["child_organisations"] = [
                c
                for c in r["child_organisations"]
                if not c["id"].endswith("/equality-and-human-rights-commission")
            ]
    added = json.loads(json.dumps(items[3]))
    added.update(
        title="Office for Student Finance",
        id=API + "office-for-student-finance",
        analytics_identifier="OT1",
    )
    added["details"].update(slug="office-for-student-finance", content_id="c0ffee")
    return [*changed, added]


def test_importing_newer_records_gives_a_readable_diff_of_two_folders(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save(here / "old.jsonl", records())
    save(here / "new.jsonl", newer(records()))
    run(capsys, "import", "govuk", "old.jsonl", "-o", "old")
    run(capsys, "import", "govuk", "new.jsonl", "-o", "new")
    code, out, _ = run(capsys, "diff", "old", "new")
    assert code == 0
    assert "+ office-for-student-finance  Office for Student Finance" in out
    assert "~ pensions-ombudsman  Pensions Ombudsman\n      status: exempt -> closed" in out
    assert "parents: [department-for-education] -> [department-for-work-pensions]" in out
    assert "1 added, 2 changed" in out
    moved = here / "new" / "department-for-work-pensions.yaml"
    assert "id: equality-and-human-rights-commission" in moved.read_text("utf-8")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_re_import_reviewed_between_two_git_revisions(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(here, "init", "-q")
    save(here / "records.jsonl", records())
    run(capsys, "import", "govuk", "records.jsonl")
    git(here, "add", ".")
    git(here, "commit", "-qm", "register")
    save(here / "records.jsonl", newer(records()))
    run(capsys, "import", "govuk", "records.jsonl")
    git(here, "commit", "-qam", "newer register")
    code, out, _ = run(capsys, "diff", "HEAD~1", "HEAD", "--", "register")
    assert code == 0, out
    assert "office-for-student-finance" in out
    assert "pensions-ombudsman" in out


def test_a_file_the_team_wrote_is_never_replaced_without_force(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = here / "register"
    folder.mkdir()
    mine = folder / "department-for-work-pensions.yaml"
    mine.write_text("organisations:\n  - {id: dwp, name: DWP}\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "govuk", str(SAMPLE))
    assert code == 2
    assert (
        "register/department-for-work-pensions.yaml was not written by `cfgov import govuk`" in err
    )
    assert "--force" in err
    assert sorted(p.name for p in folder.iterdir()) == [mine.name]  # nothing written
    code, _, _ = run(capsys, "import", "govuk", str(SAMPLE), "--force")
    assert code == 0
    assert mine.read_text("utf-8").startswith(GENERATED_MARK)


def test_files_no_longer_made_are_removed_and_the_teams_are_kept(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", "govuk", str(SAMPLE))
    notes = here / "register" / "notes.yaml"
    notes.write_text("organisations:\n  - {id: dwp-team, name: A team}\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "govuk", str(SAMPLE), "--only", "department-for-education")
    assert code == 0
    assert sorted(p.name for p in (here / "register").iterdir()) == [
        "department-for-education.yaml",
        "notes.yaml",
    ]
    assert "3 removed" in err
    assert notes.read_text("utf-8").endswith("A team}\n")


def test_only_takes_a_department_and_everything_below_it(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "import", "govuk", str(SAMPLE), "--only", "department-for-work-pensions"
    )
    assert code == 0
    model = cfgov.load(here / "register")
    expected = {
        r["details"]["slug"]
        for r in records()
        if any(p["id"].endswith("/department-for-work-pensions") for p in r["parent_organisations"])
    } | {"department-for-work-pensions"}
    assert {u.id for u in model.units} == expected
    assert model.unit("social-mobility-commission").parents == ("department-for-work-pensions",)
    assert (
        "parents outside the bodies imported" in err or "parent outside the bodies imported" in err
    )
    text = (here / "register" / "department-for-work-pensions.yaml").read_text("utf-8")
    assert "# parent department-for-education left out: outside the bodies imported" in text
    assert "--only department-for-work-pensions" in text


def test_only_with_an_unknown_slug_suggests_one(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "import", "govuk", str(SAMPLE), "--only", "department-for-work-pension"
    )
    assert code == 2
    assert "did you mean 'department-for-work-pensions'?" in err
    assert not (here / "register").exists()


def test_without_closed_and_single_file(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", "govuk", str(SAMPLE), "--without-closed", "--single-file")
    assert code == 0
    assert [p.name for p in (here / "register").iterdir()] == ["govuk-register.yaml"]
    model = cfgov.load(here / "register")
    closed = {r["details"]["slug"] for r in records() if r["details"]["govuk_status"] == "closed"}
    assert {u.id for u in model.units} == {r["details"]["slug"] for r in records()} - closed
    assert model.unit("ofgem").parents == ()  # its department closed: now top-level
    assert "closed and left out" in err


def test_unreadable_records_exit_2_with_every_problem_and_write_nothing(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = records()[:3]
    lines = [json.dumps(r) for r in items] + ["{not json", json.dumps({"title": None})]
    (here / "bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "govuk", "bad.jsonl")
    assert code == 2
    assert "bad.jsonl:4:2: CFG031 error: not JSON" in err
    assert "bad.jsonl:5:1: CFG032 error: a record cannot be imported" in err
    assert "2 problems in 1 file; the register could not be loaded." in err
    assert not (here / "register").exists()
    code, _, err = run(capsys, "import", "govuk", "missing.jsonl")
    assert code == 2
    assert "missing.jsonl: CFG017 error: cannot read the file" in err
    assert "Traceback" not in err


def test_references_from_the_teams_files_to_closed_and_vanished_bodies(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "cfgov.toml").write_text("", encoding="utf-8")
    save(here / "old.jsonl", records())
    run(capsys, "import", "govuk", "old.jsonl")
    (here / "segments.yaml").write_text(
        "segments:\n"
        "  - {id: savers, name: Workers as savers, category: target,\n"
        "     unit: national-employment-savings-trust}\n"
        "  - {id: learners, name: Learners as borrowers, category: target,\n"
        "     unit: skills-funding-agency}\n",
        encoding="utf-8",
    )
    save(
        here / "new.jsonl",
        [r for r in records() if r["details"]["slug"] != "national-employment-savings-trust"],
    )
    code, _, err = run(capsys, "import", "govuk", "new.jsonl")
    assert code == 0
    assert (
        "refer to 1 body that this import no longer has ('national-employment-savings-trust')"
        in err
    )
    assert "segments.yaml:3:12: CFG008 error" in err
    save(here / "new.jsonl", records())
    code, _, err = run(capsys, "import", "govuk", "new.jsonl", "-q")
    assert code == 0
    assert "your files refer to bodies that have closed (1 reference)" in err
    assert "segments.yaml:5:12: CFG137 warning: segment 'learners'" in err
    assert "closed on 2017-04-01" in err


def test_the_whole_register_imports_loads_and_re_imports_unchanged(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = register_records()
    assert len(whole) == 1016
    (here / "register.json").write_text(json.dumps(register_pages(whole)), encoding="utf-8")
    code, _, err = run(capsys, "import", "govuk", "register.json")
    assert code == 0, err
    model = cfgov.load(here / "register")
    by_id = {u.id: u for u in model.units}
    assert set(by_id) == {r["details"]["slug"] for r in whole}
    joint = 0
    for r in whole:
        unit = by_id[r["details"]["slug"]]
        named = [p["id"].rsplit("/", 1)[1] for p in r["parent_organisations"]]
        present = [p for p in named if p in by_id]
        assert set(unit.parents) == set(present)
        joint += len(present) > 1
        assert unit.identifier("govuk_slug") == r["details"]["slug"]
        assert unit.identifier("govuk_content_id") == r["details"]["content_id"]
        assert unit.identifier("govuk_analytics_id") == r["analytics_identifier"]
    assert joint == 16
    assert "6 parents not in the input" in err
    first = contents(here / "register")
    assert len(first) == 25 + 1  # the departments with bodies below, and the rest
    code, _, err = run(capsys, "import", "govuk", "register.json")
    assert code == 0
    assert contents(here / "register") == first


def small(slug: str, *parents: str, **details: Any) -> dict[str, Any]:
    return {
        "id": API + slug,
        "title": slug.replace("-", " ").title(),
        "format": "Executive agency",
        "details": {"slug": slug, "govuk_status": "live", **details},
        "parent_organisations": [{"id": API + p} for p in parents],
    }


def test_a_loop_in_the_register_is_reported_and_the_files_still_load(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save(here / "loop.jsonl", [small("dept"), small("first", "second"), small("second", "first")])
    code, _, err = run(capsys, "import", "govuk", "loop.jsonl")
    assert code == 0
    assert "loop.jsonl:2:1: CFG034 warning: the register's parents make a loop" in err
    assert "'first'" in err
    assert "'second'" in err
    assert "Traceback" not in err
    assert "1 parent closing a loop" in err
    model = cfgov.load(here / "register")
    assert model.unit("first").parents == ()
    assert model.unit("second").parents == ("first",)
    assert "# parent second left out: it would close a loop" in (
        here / "register" / "first.yaml"
    ).read_text("utf-8")


def test_only_a_closed_body_without_closed_ones_is_refused(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "import",
        "govuk",
        str(SAMPLE),
        "--only",
        "skills-funding-agency",
        "--without-closed",
    )
    assert code == 2
    assert "'skills-funding-agency' has closed" in err
    assert not (here / "register").exists()


def test_an_output_that_is_a_file_is_refused(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "register").write_text("mine\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "govuk", str(SAMPLE))
    assert code == 2
    assert "register is not a folder" in err
    assert (here / "register").read_text("utf-8") == "mine\n"


def test_quiet_says_nothing_when_all_is_well(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save(here / "r.jsonl", [small("dept"), small("agency", "dept")])
    code, _, err = run(capsys, "import", "govuk", "r.jsonl", "-q")
    assert (code, err) == (0, "")
    assert (here / "register" / "dept.yaml").is_file()


def test_a_folder_of_the_teams_own_files_is_refused_as_the_output(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = here / "model"
    team.mkdir()
    mine = team / "segments.yaml"
    mine.write_text("organisations:\n  - {id: dwp, name: DWP}\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "govuk", str(SAMPLE), "-o", "model")
    assert code == 2
    assert "model holds 1 YAML file that `cfgov import govuk` did not write (segments.yaml)" in err
    assert sorted(p.name for p in team.iterdir()) == ["segments.yaml"]  # nothing written
    code, _, _ = run(capsys, "import", "govuk", str(SAMPLE), "-o", "model", "--force")
    assert code == 0
    assert mine.read_text("utf-8").endswith("DWP}\n")


def test_a_link_in_the_output_folder_is_never_followed_out_of_it(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = here / "elsewhere"
    outside.mkdir()
    theirs = outside / "other-bodies.yaml"
    theirs.write_text(GENERATED_MARK + " by someone else\norganisations: []\n", encoding="utf-8")
    folder = here / "register"
    folder.mkdir()
    (folder / "other-bodies.yaml").symlink_to(theirs)
    (folder / "gone.yaml").symlink_to(theirs)
    code, _, err = run(capsys, "import", "govuk", str(SAMPLE))
    assert code == 2  # a link is not a file the import wrote: it is not replaced or removed
    assert "register/other-bodies.yaml was not written by `cfgov import govuk`" in err
    assert (folder / "gone.yaml").is_symlink()
    code, _, err = run(capsys, "import", "govuk", str(SAMPLE), "--force")
    assert code == 0
    assert not (folder / "other-bodies.yaml").is_symlink()
    assert (folder / "gone.yaml").is_symlink()
    assert theirs.read_text("utf-8").endswith("by someone else\norganisations: []\n")
