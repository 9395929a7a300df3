"""``cfgov assess``: the latest sitting beside the model's view, findings, initiatives, exits."""

from __future__ import annotations

import json
from pathlib import Path

from cfgov import load, standing_of
from cli_runner import ROOT, cfgov

MODEL = """\
organisations:
  - {id: council, name: Riverside Council, kind: local_authority}
units:
  - {id: hb-team, name: "Housing | Benefit", parents: [council]}
  - {id: parking, name: Parking, parents: [council]}
segments:
  - {id: hb-new-claimants, name: New claimants, category: target, unit: hb-team}
  - {id: hb-landlords, name: Landlords as payees, category: target, unit: hb-team}
assessments:
  - id: hb-2026
    unit: hb-team
    date: 2026-03
    assessed_by: The service management team
    components:
      - component: understand_the_customer
        level: established
        segments: [hb-new-claimants]
        next_steps: [Objectives for every target segment]
      - {component: stakeholder_relationships, level: emerging}
  - id: hb-2025
    unit: hb-team
    date: 2025-03
    components:
      - {component: understand_the_customer, level: developing}
      - {component: stakeholder_relationships, level: developing}
initiatives:
  - id: one-door
    name: One front door
    unit: hb-team
    step: pilot
    segments: [hb-new-claimants]
    steps:
      - {step: identify, date: 2025-06, produced: A list of who comes to the desk and why}
      - {step: pilot, produced: A desk for six weeks}
"""


def model_dir(tmp_path: Path, text: str = MODEL, config: str | None = None) -> Path:
    (tmp_path / ".git").mkdir(exist_ok=True)  # keeps config discovery inside the test folder
    folder = tmp_path / "model"
    folder.mkdir(exist_ok=True)
    (folder / "m.yaml").write_text(text, encoding="utf-8")
    if config is not None:
        (folder / "cfgov.toml").write_text(config, encoding="utf-8")
    return folder


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_text_puts_the_teams_level_beside_cfgovs_view_with_findings_and_steps(
    tmp_path: Path,
) -> None:
    folder = model_dir(tmp_path)
    done = cfgov("assess", str(folder))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "assessment hb-2026 of 2026-03 by The service management team" in out
    assert "(the latest of 2 sittings)" in out
    assert "team: established (up from developing); cfgov: emerging; ceiling: emerging" in out
    assert "team: emerging (down from developing); cfgov: not started; ceiling: emerging" in out
    assert "team: not scored; cfgov: cannot judge" in out
    assert "above emerging is contradicted: none of the 2 target segments has an outcome" in out
    assert "next steps: Objectives for every target segment" in out
    # Findings are located at the exact line: the claimed level, the pilot's record.
    claimed = line_of(MODEL, "level: established")
    pilot = line_of(MODEL, "{step: pilot")
    assert f"m.yaml:{claimed}:16: CFG138 warning" in out
    assert f"m.yaml:{pilot}:9: CFG139 warning" in out
    assert "one-door (One front door): Implement, step 8 of 10 (Pilot with customers)" in out
    assert "1. Identify the customers and their needs (2025-06): A list of who comes" in out
    # Only assessed units are shown unless one is asked for.
    assert "Parking" not in out


def test_json_has_every_component_its_history_and_the_initiatives(tmp_path: Path) -> None:
    done = cfgov("assess", str(model_dir(tmp_path)), "--format", "json")
    assert done.returncode == 0, done.stderr
    [unit] = json.loads(done.stdout)["units"]
    assert unit["unit"] == "hb-team"
    assert [h["id"] for h in unit["history"]] == ["hb-2025", "hb-2026"]
    by_number = {c["number"]: c for c in unit["components"]}
    assert sorted(by_number) == [1, 2, 3, 4]
    first = by_number[1]
    assert (first["claimed"], first["previous"], first["change"]) == (
        "established",
        "developing",
        "up",
    )
    assert (first["model"], first["ceiling"]) == ("emerging", "emerging")
    assert first["evidence"] == ["hb-new-claimants"]
    assert (by_number[2]["claimed"], by_number[2]["model"]) == (None, None)
    assert {f["code"] for f in unit["findings"]} == {"CFG138", "CFG139", "CFG140"}
    [initiative] = unit["initiatives"]
    assert (initiative["stage"], initiative["number"]) == ("implement", 8)
    assert [s["number"] for s in initiative["steps"]] == [1, 8]


def test_markdown_is_a_table_per_unit_that_names_cannot_break(tmp_path: Path) -> None:
    done = cfgov("assess", str(model_dir(tmp_path)), "--format", "markdown")
    assert done.returncode == 0, done.stderr
    assert "### Housing \\| Benefit (`hb-team`)" in done.stdout
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 1. Understand")]
    assert len(rows) == 1
    assert rows[0].count(" | ") == 5
    assert "| `one-door` One front door | Implement | 8. Pilot with customers |" in done.stdout
    assert cfgov("assess", str(model_dir(tmp_path)), "--format", "md").stdout == done.stdout


def test_a_unit_asked_for_is_shown_even_before_it_has_assessed_itself(tmp_path: Path) -> None:
    done = cfgov("assess", str(model_dir(tmp_path)), "--unit", "parking")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Parking (parking)\n  No self-assessment yet")
    assert "Housing" not in done.stdout


def test_an_unknown_unit_or_a_broken_model_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    folder = model_dir(tmp_path)
    output = tmp_path / "out.txt"
    done = cfgov("assess", str(folder), "--unit", "hb-new-claimants", "-o", str(output))
    assert done.returncode == 2
    assert "'hb-new-claimants' is a segment of unit 'hb-team'" in done.stderr
    assert not output.exists()
    (tmp_path / "b").mkdir()
    broken = model_dir(
        tmp_path / "b", MODEL.replace("unit: hb-team\n    step", "unit: nowhere\n    step")
    )
    done = cfgov("assess", str(broken), "-o", str(output))
    assert done.returncode == 2
    assert "CFG008" in done.stderr
    assert not output.exists()
    assert cfgov("assess", str(folder), "-o", str(output)).returncode == 0
    assert "CFG138" in output.read_text(encoding="utf-8")


def test_the_models_settings_decide_which_findings_show(tmp_path: Path) -> None:
    folder = model_dir(tmp_path, config='ignore = ["CFG138"]\n')
    done = cfgov("assess", str(folder))
    assert done.returncode == 0, done.stderr
    assert "CFG138" not in done.stdout
    assert "CFG139" in done.stdout


def test_a_model_without_assessments_says_how_to_add_one(tmp_path: Path) -> None:
    text = MODEL[: MODEL.index("assessments:")]
    done = cfgov("assess", str(model_dir(tmp_path, text)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("No unit has assessed itself: add an entry under `assessments:`")
    assert json.loads(
        cfgov("assess", str(model_dir(tmp_path, text)), "--format", "json").stdout
    ) == {"units": []}


def test_the_examples_views_agree_with_the_model_and_find_nothing() -> None:
    examples = ROOT / "examples"
    done = cfgov("assess", str(examples), "--format", "json")
    assert done.returncode == 0, done.stderr
    units = json.loads(done.stdout)["units"]
    model = load(examples)
    assert [u["unit"] for u in units] == sorted({a.unit for a in model.assessments})
    for unit in units:
        standing = standing_of(model, unit["unit"])
        for component, seen in zip(unit["components"], standing.views, strict=True):
            assert component["component"] == seen.component.value
            assert component["model"] == (seen.level.value if seen.level else None)
            assert component["ceiling"] == seen.ceiling.value
            assert component["reasons"] == list(seen.reasons)
        assert unit["findings"] == []
        assert [i["id"] for i in unit["initiatives"]] == [
            i.id for i in model.initiatives_of(unit["unit"])
        ]


def test_a_unit_misspelt_or_of_another_kind_is_named_with_what_to_give(tmp_path: Path) -> None:
    # An analyst types a unit's id from memory, or the id of the assessment or a segment.
    folder = model_dir(tmp_path)
    done = cfgov("assess", str(folder), "--unit", "hb-tem")
    assert done.returncode == 2
    assert "no organisation or unit 'hb-tem' in the model; did you mean 'hb-team'?" in done.stderr
    done = cfgov("assess", str(folder), "--unit", "hb-2026")
    assert done.returncode == 2
    assert "'hb-2026' is a self-assessment of unit 'hb-team': give --unit hb-team" in done.stderr
    done = cfgov("report", str(folder), "--unit", "hb-new-claimants")
    assert done.returncode == 2
    assert "'hb-new-claimants' is a segment of unit 'hb-team': give --unit hb-team" in done.stderr
