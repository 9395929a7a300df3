"""Baselines: adopting cfgov on a model that already has findings, then reporting only new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cfgov import Finding, Severity
from cfgov.io.baseline import baseline_text, read_baseline
from cfgov.io.config import ConfigError
from cfgov.io.init import create_starter
from cfgov.model import Location
from cfgov.rules.baseline import BaselineEntry, baseline_entries, fingerprint, match_baseline
from cli_runner import cfgov as run
from starter_edits import drop_objective


def finding(code: str = "CFG109", entity: str | None = "children", **kw: object) -> Finding:
    defaults: dict[str, object] = {"severity": Severity.WARNING, "message": "has no voice"}
    defaults.update(kw)
    return Finding(code=code, entity=entity, **defaults)  # type: ignore[arg-type]


def test_a_fingerprint_ignores_where_a_finding_is() -> None:
    here = finding(location=Location("model/a.yaml", 3, 5))
    moved = finding(location=Location("model/split/b.yaml", 90, 7))
    assert fingerprint(here) == fingerprint(moved)
    assert fingerprint(here) != fingerprint(finding(entity="adults"))
    assert fingerprint(here) != fingerprint(finding(code="CFG110"))
    assert fingerprint(here) != fingerprint(finding(field="size"))


def test_a_model_wide_finding_is_told_apart_by_its_message_less_its_places() -> None:
    one = finding(entity=None, message="no taxpayers segment (see model/a.yaml:3:1)")
    same = finding(entity=None, message="no taxpayers segment (see other/b.yml:40:2)")
    table = finding(entity=None, message="no taxpayers segment (see results/c.csv:7:3)")
    assert fingerprint(table) == fingerprint(one)
    other = finding(entity=None, message="no broad segments")
    assert fingerprint(one) == fingerprint(same)
    assert fingerprint(one) != fingerprint(other)


def test_matching_counts_entries_and_reports_stale_ones() -> None:
    a, b = finding(), finding(entity="adults")
    entries = [*baseline_entries([a, a]), *baseline_entries([finding(entity="gone")])]
    matched = match_baseline([a, a, a, b], entries)
    assert matched.known == (a, a)
    assert matched.new == (a, b)
    assert [e.entity for e in matched.stale] == ["gone"]


def test_the_file_round_trips_and_locates_each_entry(tmp_path: Path) -> None:
    entries = baseline_entries([finding(), finding(entity="adults", field="size")])
    path = tmp_path / "baseline.json"
    path.write_text(baseline_text(entries), encoding="utf-8")
    json.loads(path.read_text(encoding="utf-8"))  # valid JSON
    again = read_baseline(path)
    assert again == entries
    lines = path.read_text(encoding="utf-8").splitlines()
    for entry in again:
        assert entry.line is not None
        assert entry.fingerprint in lines[entry.line - 1]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "does not exist"),
        (b"\xff\xfe", "not UTF-8"),
        (b"{", "not valid JSON"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"findings": []}', "not a cfgov baseline"),
        (b'{"cfgov-baseline": 1, "findings": [1]}', "entry 1"),
        (b'{"cfgov-baseline": 1}', "no list of `findings`"),
    ],
)
def test_a_bad_baseline_is_a_located_config_problem(
    tmp_path: Path, content: bytes | None, words: str
) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        read_baseline(path)
    (problem,) = caught.value.problems
    assert problem.code == "CFG021"
    assert words in problem.message
    assert problem.location is not None
    assert problem.location.file == str(path)
    assert problem.hint


def _starter(tmp_path: Path) -> Path:
    model = tmp_path / "model"
    create_starter(model)
    segments = model / "segments.yaml"
    text = segments.read_text(encoding="utf-8")
    # Two findings to adopt: a segment that says who but not what (CFG104 and CFG107).
    text = text.replace("    need: Skills that help them", "    description: Skills that help them")
    segments.write_text(text, encoding="utf-8")
    return model


def test_adopting_a_baseline_then_reporting_only_new_findings(tmp_path: Path) -> None:
    model = _starter(tmp_path)
    baseline = tmp_path / "cfgov-baseline.json"
    strict = ("--fail-on", "warning")
    assert run("check", "model", *strict, cwd=tmp_path).returncode == 1

    missing = run("check", "model", "--baseline", baseline.name, cwd=tmp_path)
    assert missing.returncode == 2
    assert "--update-baseline" in missing.stdout
    assert not baseline.exists()

    recorded = run("check", "model", "--baseline", baseline.name, "--update-baseline", cwd=tmp_path)
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    assert "Recorded 1 finding" in recorded.stdout or "Recorded 2 findings" in recorded.stdout
    assert read_baseline(baseline)

    known = run("check", "model", "--baseline", baseline.name, *strict, cwd=tmp_path)
    assert known.returncode == 0, known.stdout
    assert "known from the baseline" in known.stdout

    # Lines move and the file is split: the baseline still holds.
    segments = model / "segments.yaml"
    text = segments.read_text(encoding="utf-8")
    start = text.index("  - id: adult-learners")
    end = text.index("  # Nearly every public body")
    (model / "broad.yaml").write_text("\n\n\nsegments:\n" + text[start:end], encoding="utf-8")
    segments.write_text(text[:start] + text[end:], encoding="utf-8")
    moved = run("check", "model", "--baseline", baseline.name, *strict, cwd=tmp_path)
    assert moved.returncode == 0, moved.stdout

    # A new finding is reported; the known ones are not.
    broad = model / "broad.yaml"
    broad.write_text(
        broad.read_text(encoding="utf-8").replace(
            "    size: {value: 850000", "    size: {value: 100", 1
        ),
        encoding="utf-8",
    )
    new = run("check", "model", "--baseline", baseline.name, *strict, cwd=tmp_path)
    assert new.returncode == 1, new.stdout
    assert "CFG119" in new.stdout
    assert "CFG104" not in new.stdout


def test_stale_entries_are_reported_until_the_baseline_is_updated(tmp_path: Path) -> None:
    model = _starter(tmp_path)
    baseline = tmp_path / "b.json"
    run("check", "model", "--baseline", str(baseline), "--update-baseline", cwd=tmp_path)
    segments = model / "segments.yaml"
    segments.write_text(
        segments.read_text(encoding="utf-8").replace(
            "    description: Skills that help them", "    need: Skills that help them"
        ),
        encoding="utf-8",
    )
    stale = run("check", "model", "--baseline", str(baseline), cwd=tmp_path)
    assert "CFG100" in stale.stdout
    assert "no longer occurs" in stale.stdout
    assert f"{baseline}:" in stale.stdout  # located at the entry's line
    assert stale.returncode == 0  # a warning: fails only with --fail-on warning
    assert (
        run(
            "check", "model", "--baseline", str(baseline), "--fail-on", "warning", cwd=tmp_path
        ).returncode
        == 1
    )
    run("check", "model", "--baseline", str(baseline), "--update-baseline", cwd=tmp_path)
    assert read_baseline(baseline) == ()
    clean = run("check", "model", "--baseline", str(baseline), cwd=tmp_path)
    assert "CFG100" not in clean.stdout


def test_update_baseline_needs_a_file_and_a_loadable_model(tmp_path: Path) -> None:
    model = _starter(tmp_path)
    alone = run("check", "model", "--update-baseline", cwd=tmp_path)
    assert alone.returncode == 2
    assert "--baseline FILE" in alone.stderr
    (model / "broken.yaml").write_text("segments: [\n")
    baseline = tmp_path / "b.json"
    broken = run("check", "model", "--baseline", str(baseline), "--update-baseline", cwd=tmp_path)
    assert broken.returncode == 2
    assert not baseline.exists()


def test_entries_are_only_what_a_person_can_read() -> None:
    entry = BaselineEntry.of(finding(field="size"))
    assert (entry.code, entry.entity, entry.field, entry.message) == (
        "CFG109",
        "children",
        "size",
        "has no voice",
    )


def test_a_baseline_accepts_a_finding_only_in_its_own_model(tmp_path: Path) -> None:
    # Two models with the same ids: a finding accepted in one is new in the other.
    for name in ("model", "model2"):
        create_starter(tmp_path / name)
    drop_objective(tmp_path / "model", "obj-new-staff")
    baseline = tmp_path / "b.json"
    run("check", "model", "--baseline", str(baseline), "--update-baseline", cwd=tmp_path)
    drop_objective(tmp_path / "model2", "obj-new-staff")
    strict = ("--fail-on", "warning", "--baseline", str(baseline))
    assert run("check", "model", *strict, cwd=tmp_path).returncode == 0
    other = run("check", "model2", *strict, cwd=tmp_path)
    assert other.returncode == 1, other.stdout
    assert "CFG111" in other.stdout


def test_a_finding_that_says_something_else_is_new(tmp_path: Path) -> None:
    model = _starter(tmp_path)
    baseline = tmp_path / "b.json"
    broad = model / "segments.yaml"
    edit = broad.read_text(encoding="utf-8")
    broad.write_text(edit.replace("value: 850000", "value: 100000", 1), encoding="utf-8")
    run("check", "model", "--baseline", str(baseline), "--update-baseline", cwd=tmp_path)
    assert run("check", "model", "--baseline", str(baseline), cwd=tmp_path).returncode == 0
    # The same rule on the same entity and field, with other figures: not what was accepted.
    broad.write_text(edit.replace("value: 850000", "value: 50000", 1), encoding="utf-8")
    again = run("check", "model", "--baseline", str(baseline), cwd=tmp_path)
    assert again.returncode == 1, again.stdout
    assert "CFG119" in again.stdout


def test_an_entry_edited_by_hand_is_refused(tmp_path: Path) -> None:
    _starter(tmp_path)
    baseline = tmp_path / "b.json"
    run("check", "model", "--baseline", str(baseline), "--update-baseline", cwd=tmp_path)
    text = baseline.read_text(encoding="utf-8")
    assert '"code": "CFG104"' in text
    baseline.write_text(text.replace('"code": "CFG104"', '"code": "CFG124"', 1))
    result = run("check", "model", "--baseline", str(baseline), cwd=tmp_path)
    assert result.returncode == 2
    assert "was changed by hand" in result.stdout
