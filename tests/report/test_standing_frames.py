"""The assessments and initiatives frames agree with the model's own queries."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from cfgov import Level, ProgrammeStep, changes_of, load, standing_of

pytest.importorskip("pandas")
from cfgov.report.frames import Frames, frames

ROOT = Path(__file__).resolve().parents[2]


def test_the_assessments_frame_agrees_with_standing_and_the_change_since_last() -> None:
    model = load(ROOT / "examples")
    sitting = model.assessments_of("council-waste")[-1]
    raised = attrs.evolve(
        sitting,
        id="pension-sitting",
        unit="dwp-pension-service",
        components=[attrs.evolve(p, level=Level.LEADING) for p in sitting.components],
    )
    model = attrs.evolve(model, assessments=[*model.assessments, raised])
    table = frames(model).assessments
    assert {c: str(t) for c, t in table.dtypes.items()} == Frames.SCHEMA["assessments"]
    assert len(table) == sum(len(a.components) for a in model.assessments)
    for unit in ("council-waste", "dwp-pension-service"):
        views = {v.component.value: v for v in standing_of(model, unit).views}
        latest = table[(table["unit"] == unit) & table["latest"]]
        changes = {c.component.value: c for c in changes_of(model, unit)}
        assert set(latest["component"]) == set(changes)
        for row in latest.itertuples():
            view = views[row.component]
            assert row.ceiling == view.ceiling.value
            assert row.contradicted == view.contradicts(Level(row.level))
            assert row.change == changes[row.component].change.value
    assert table[table["assessment"] == "pension-sitting"]["contradicted"].any()


def test_the_initiatives_frame_has_every_step_of_every_initiative() -> None:
    model = load(ROOT / "examples")
    table = frames(model).initiatives
    assert {c: str(t) for c, t in table.dtypes.items()} == Frames.SCHEMA["initiatives"]
    assert len(table) == 10 * len(model.initiatives)
    for initiative in model.initiatives:
        rows = table[table["initiative"] == initiative.id]
        assert list(rows["number"]) == list(range(1, 11))
        assert list(rows[rows["current"]]["step"]) == [initiative.step.value]
        assert rows["reached"].sum() == initiative.step.number
        recorded = {r.step.value for r in initiative.steps}
        assert set(rows[rows["recorded"]]["step"]) == recorded
    garden = table[table["initiative"] == "council-waste-garden"]
    assert garden[garden["step"] == ProgrammeStep.PILOT.value]["reached"].item() == False  # noqa: E712 (a numpy bool)
