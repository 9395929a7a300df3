"""``cfgov progress``: every measure's standing from its results, and its exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import ROOT, cfgov

DWP = str(ROOT / "examples" / "dwp")


def test_the_dwp_standards_are_listed_worst_first_with_their_reasons() -> None:
    done = cfgov("progress", DWP)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    timeliness = out[out.index("service standard dwp-pc-std-timeliness") :]
    # Within a standard the worst status comes first: off track before at risk.
    assert timeliness.index("off track  dwp-pc-t-claims-5-days") < timeliness.index(
        "at risk    dwp-pc-t-claims-15-days"
    )
    assert "66 in 2006/07 against 80 expected" in out
    assert out.rstrip().endswith("15 measures: 1 off track, 2 at risk, 9 no data and 3 met.")


def test_json_gives_every_measure_the_same_keys_and_counts_each_status() -> None:
    done = cfgov("progress", DWP, "--format", "json")
    document = json.loads(done.stdout)
    assert document["counts"] == {
        "off_track": 1,
        "at_risk": 2,
        "no_data": 9,
        "on_track": 0,
        "met": 3,
    }
    keys = {tuple(record) for record in document["measures"]}
    assert len(keys) == 1
    accuracy = next(m for m in document["measures"] if m["measure"] == "dwp-pc-t-accuracy")
    assert (accuracy["status"], accuracy["latest_period"], accuracy["actual"]) == (
        "met",
        "2006/07",
        95.6,
    )


def test_fail_on_makes_a_scheduled_job_go_red_only_when_a_measure_is_that_bad() -> None:
    assert cfgov("progress", DWP, "--fail-on", "off_track").returncode == 1
    assert cfgov("progress", DWP, "--fail-on", "at_risk", "--status", "met").returncode == 0
    assert cfgov("progress", DWP, "--fail-on", "at_risk", "--status", "at_risk").returncode == 1


def test_as_of_leaves_out_later_periods_and_never_reads_the_clock() -> None:
    done = cfgov("progress", DWP, "--as-of", "2005-03-31", "--format", "json")
    measures = {m["measure"]: m for m in json.loads(done.stdout)["measures"]}
    assert measures["dwp-pc-t-accuracy"]["latest_period"] == "2004/05"
    assert measures["dwp-pc-t-accuracy"]["status"] == "at_risk"  # 93.8 against 95


def test_markdown_tables_and_filters() -> None:
    done = cfgov("progress", DWP, "--format", "md", "--status", "off_track")
    assert done.returncode == 0
    assert "| off track | `dwp-pc-t-claims-5-days` Claims processed within 5 days |" in done.stdout
    assert "dwp-pc-t-accuracy" not in done.stdout


def test_mistakes_are_usage_errors_or_load_problems_never_a_traceback(tmp_path: Path) -> None:
    bad_status = cfgov("progress", DWP, "--status", "late")
    assert bad_status.returncode == 2
    assert "'late' is not a status" in bad_status.stderr
    bad_date = cfgov("progress", DWP, "--as-of", "2005-13-01")
    assert bad_date.returncode == 2
    assert "is not a date" in bad_date.stderr
    unknown = cfgov("progress", DWP, "--segment", "nobody")
    assert unknown.returncode == 2
    assert "there is no segment 'nobody'" in unknown.stderr
    (tmp_path / "broken.yaml").write_text("results:\n  - measure: m\n    periods: 3\n")
    broken = cfgov("progress", str(tmp_path))
    assert broken.returncode == 2
    assert "broken.yaml:3:14: CFG004" in broken.stderr
    assert "Traceback" not in broken.stderr + bad_status.stderr + bad_date.stderr


def test_output_is_written_only_when_the_command_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "progress.md"
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "broken.yaml").write_text("results: 3\n")
    assert cfgov("progress", str(tmp_path / "model"), "-o", str(target)).returncode == 2
    assert not target.exists()
    assert cfgov("progress", DWP, "--format", "md", "-o", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8").startswith("## Progress")


def test_a_segment_shows_its_objectives_measures_and_the_standards_serving_them() -> None:
    done = cfgov("progress", DWP, "--segment", "dwp-pc-pensioners", "--format", "json")
    shown = {m["measure"] for m in json.loads(done.stdout)["measures"]}
    assert {"dwp-pc-m-take-up", "dwp-pc-t-accuracy", "dwp-pc-t-special-needs"} <= shown
    assert "m-employed-saving" not in shown
