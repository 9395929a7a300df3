"""CFG138 and the model's view of a unit's standing always agree."""

from __future__ import annotations

import attrs
from hypothesis import given, settings

from cfgov import Assessment, ComponentAssessment, Model, standing_of
from cfgov.model import Level
from cfgov.rules.cfg138_claimed_level_contradicted import RULE as CFG138
from cfgov.testing import models


def sitting_id(model: Model, unit_id: str) -> str:
    """An id for a unit's sitting that no entity of the model holds."""
    found = f"{unit_id}--sitting"
    while found in model:
        found += "-"
    return found


def assessed(model: Model, claim: Level | None) -> Model:
    """Every unit claims ``claim`` on each component (or, with None, cfgov's own level)."""
    sittings = []
    for unit in model.units:
        parts = []
        for view in standing_of(model, unit.id).views:
            level = claim if claim is not None else view.level
            if level is not None:
                parts.append(ComponentAssessment(component=view.component, level=level))
        sittings.append(
            Assessment(id=sitting_id(model, unit.id), unit=unit.id, date="2026", components=parts)
        )
    return attrs.evolve(model, assessments=sittings)


@settings(max_examples=30, deadline=None)
@given(models())
def test_claiming_cfgovs_own_level_is_never_contradicted(model: Model) -> None:
    assert list(CFG138.run(assessed(model, None))) == []


@settings(max_examples=30, deadline=None)
@given(models())
def test_claiming_leading_is_contradicted_exactly_below_each_ceiling(model: Model) -> None:
    claimed = assessed(model, Level.LEADING)
    expected = {
        (sitting_id(model, unit.id), f"components.{number}.level")
        for unit in model.units
        for number, view in enumerate(standing_of(model, unit.id).views)
        if view.ceiling is not Level.LEADING
    }
    found = {(f.entity, f.field) for f in CFG138.run(claimed)}
    assert found == expected
