"""The rules scoped here (CFG126 to CFG144) after the edits test_incremental's ``_edit``
does not make: evidence changed rather than removed, measures' own fields, journeys,
initiatives, a segment moved to a closed unit.

Each edit is applied to a model, the checker is updated with what the edit changed, and
the result is held equal to a whole check of the edited model, as in
``tests/rules/test_incremental.py``.
"""

from __future__ import annotations

import random
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.rules.incremental_support import collections_of, updates_hold

from cfgov import testing
from cfgov.model import Measure, Model, ModelError
from cfgov.model.enums import Category, MeasureType, UnitStatus
from cfgov.rules import all_rules
from cfgov.rules.scope import affected

MINE = {f"CFG{n}" for n in range(126, 145)}
SCOPED = [rule for rule in all_rules() if rule.code in MINE and rule.scope is not None]


def _evolve_measure(parts: dict[str, list[Any]], measure_id: str, **change: Any) -> None:
    """Change one measure where it is written: in its objective or in its standard."""
    for i, objective in enumerate(parts["objectives"]):
        if any(m.id == measure_id for m in objective.measures):
            measures = tuple(
                attrs.evolve(m, **change) if m.id == measure_id else m for m in objective.measures
            )
            parts["objectives"][i] = attrs.evolve(objective, measures=measures)
            return
    for i, principle in enumerate(parts["principles"]):
        standards = []
        for standard in principle.standards:
            targets = tuple(
                attrs.evolve(m, **change) if m.id == measure_id else m for m in standard.targets
            )
            standards.append(attrs.evolve(standard, targets=targets))
        parts["principles"][i] = attrs.evolve(principle, standards=tuple(standards))


def _measure_change(rnd: random.Random, measure: Measure) -> dict[str, Any]:
    return rnd.choice(
        [
            {"type": rnd.choice([None, *MeasureType])},
            {"target": rnd.choice([None, 5, 75, 150])},
            {"deadline": rnd.choice([None, "2020-03-31", "2030-03-31"])},
            {"baseline": rnd.choice([None, 10]), "baseline_date": rnd.choice([None, "2019-01-01"])},
            {"name": measure.name + rnd.choice([" satisfaction", " failure demand", " edited"])},
            {"better": None},
        ]
    )


def _edit(model: Model, rnd: random.Random) -> Model | None:
    """The model after one or two edits of kinds test_incremental does not make; None when
    the edit is not a valid model."""
    parts = collections_of(model)
    measures = [m for _, m in model.measures()]
    ids = [s.id for s in parts["segments"]]
    try:
        for _ in range(rnd.randint(1, 2)):
            kind = rnd.choice(
                ["result", "result", "feedback", "demand", "measure", "standing", "unit", "close"]
            )
            if kind == "result" and parts["results"]:
                i = rnd.randrange(len(parts["results"]))
                record = parts["results"][i]
                how = rnd.choice(["actual", "comment", "again", "later", "move", "target"])
                if how == "actual":
                    value: Any = rnd.choice([0, 0.5, 50, 150, -3, "95%", "slower"])
                    parts["results"][i] = attrs.evolve(record, actual=value)
                elif how == "comment":
                    parts["results"][i] = attrs.evolve(
                        record, comment=None if record.comment else "why"
                    )
                elif how == "again":
                    parts["results"].append(attrs.evolve(record, actual=1, comment=None))
                elif how == "later":
                    # A new latest period, years after the rest of the evidence.
                    parts["results"].append(attrs.evolve(record, period="2040/41"))
                elif how == "target":
                    parts["results"][i] = attrs.evolve(record, target=rnd.choice([None, 80]))
                elif measures:
                    # The record moved to another measure, a standard's target perhaps.
                    other = rnd.choice(measures).id
                    parts["results"][i] = attrs.evolve(record, measure=other)
            elif kind == "feedback" and parts["feedback"]:
                i = rnd.randrange(len(parts["feedback"]))
                record = parts["feedback"][i]
                how = rnd.choice(["again", "later", "counts", "move"])
                if how == "again":
                    parts["feedback"].append(record)
                elif how == "later":
                    parts["feedback"].append(attrs.evolve(record, period="2040/41"))
                elif how == "counts":
                    parts["feedback"][i] = attrs.evolve(
                        record, asked=rnd.choice([None, 1]), answered=rnd.choice([None, 2])
                    )
                elif ids:
                    parts["feedback"][i] = attrs.evolve(record, segment=rnd.choice(ids))
            elif kind == "demand" and parts["demand"]:
                i = rnd.randrange(len(parts["demand"]))
                record = parts["demand"][i]
                how = rnd.choice(["again", "later", "failure", "move"])
                if how == "again":
                    parts["demand"].append(record)
                elif how == "later":
                    parts["demand"].append(attrs.evolve(record, period="2040/41"))
                elif how == "failure":
                    parts["demand"][i] = attrs.evolve(
                        record, failure=rnd.choice([None, 0, 1]), value=rnd.choice([None, 1])
                    )
                elif ids:
                    parts["demand"][i] = attrs.evolve(record, segment=rnd.choice(ids))
            elif kind == "measure" and measures:
                measure = rnd.choice(measures)
                _evolve_measure(parts, measure.id, **_measure_change(rnd, measure))
            elif kind == "standing" and ids:
                name = rnd.choice(["journeys", "initiatives", "segments"])
                if name == "journeys" and parts["journeys"]:
                    i = rnd.randrange(len(parts["journeys"]))
                    parts["journeys"][i] = attrs.evolve(
                        parts["journeys"][i], segment=rnd.choice(ids)
                    )
                elif name == "initiatives" and parts["initiatives"]:
                    i = rnd.randrange(len(parts["initiatives"]))
                    parts["initiatives"][i] = attrs.evolve(
                        parts["initiatives"][i], segments=rnd.sample(ids, k=rnd.randint(0, 1))
                    )
                else:
                    i = rnd.randrange(len(parts["segments"]))
                    parts["segments"][i] = attrs.evolve(
                        parts["segments"][i],
                        category=Category.TARGET,
                        priority=rnd.choice([None, 1]),
                    )
            elif kind == "close":
                # Checks everything again; later edits are then checked against it.
                i = rnd.randrange(len(parts["units"]))
                parts["units"][i] = attrs.evolve(parts["units"][i], status=UnitStatus.CLOSED)
            elif kind == "unit" and ids:
                i = rnd.randrange(len(parts["segments"]))
                unit = rnd.choice(parts["units"]).id
                parts["segments"][i] = attrs.evolve(parts["segments"][i], unit=unit)
        return Model(**parts)
    except (ModelError, ValueError, TypeError):
        return None


def _updates_equal_whole_checks(model: Model, rnd: random.Random, edits: int) -> None:
    updates_hold(model, lambda current: _edit(current, rnd), edits, SCOPED)


def test_the_rules_scoped_here_are_scoped() -> None:
    assert {r.code for r in SCOPED} >= {"CFG127", "CFG128", "CFG130", "CFG135", "CFG143"}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=testing.models(evidence=True, max_segments=14), seed=st.integers(0, 2**32))
def test_updates_after_evidence_and_measure_edits_equal_whole_checks(
    model: Model, seed: int
) -> None:
    _updates_equal_whole_checks(model, random.Random(seed), 4)


@pytest.mark.parametrize("seed", range(10))
def test_updates_on_a_government_shaped_model_equal_whole_checks(
    synthetic: Model, seed: int
) -> None:
    _updates_equal_whole_checks(synthetic, random.Random(seed), 8)


def test_a_result_of_a_standards_target_reaches_that_measure(synthetic: Model) -> None:
    """A measure of a service standard names no segment: the edit reaches it alone, which
    is all the measure rules need."""
    targets = [m.id for owner, m in synthetic.measures() if not hasattr(owner, "segments")]
    if not targets:
        pytest.skip("no standard in the synthetic model has targets")
    reach = affected(synthetic, synthetic, [], evidence_for=[targets[0]])
    assert reach is not None
    assert targets[0] in reach
