"""Properties of the standing and the journey rules on any valid model: more evidence never
makes the model's view worse, and owning a hand-over never adds a finding."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from cfgov import (
    Journey,
    JourneyStage,
    JourneyStep,
    Model,
    OutcomeObjective,
    Partner,
    Segment,
    Unit,
)
from cfgov.model import Component
from cfgov.model.standing import ceilings_of, standing_of
from cfgov.rules import builtin_rules
from cfgov.testing import models

RULES = {rule.code: rule for rule in builtin_rules()}
#: Longer than any id the strategies draw, so never one of the model's.
ADDED = "an-objective-added-by-the-property-test"


def _ranks(model: Model, component: Component) -> dict[str, tuple[int, int]]:
    found = {}
    for unit in model.units:
        view = standing_of(model, unit.id).view_of(component)
        found[unit.id] = (-1 if view.level is None else view.level.rank, view.ceiling.rank)
    return found


def _ceilings(model: Model, unit_id: str) -> list[tuple[Component, int, str | None]]:
    return [(c.component, c.level.rank, c.contradiction) for c in ceilings_of(model, unit_id)]


@settings(max_examples=60, deadline=None)
@given(models(evidence=True))
def test_ceilings_alone_are_those_of_the_whole_standing(model: Model) -> None:
    # CFG138 asks only for the ceilings, each question stopped at its first answer; they
    # must be what the whole standing says, component by component, contradiction and all.
    for unit in model.units:
        views = standing_of(model, unit.id).views
        whole = [(v.component, v.ceiling.rank, v.contradiction) for v in views]
        assert _ceilings(model, unit.id) == whole, unit.id


@settings(max_examples=40, deadline=None)
@given(models(evidence=True), st.data())
def test_an_objective_for_a_target_segment_never_lowers_understanding(
    model: Model, data: st.DataObject
) -> None:
    # Any segment: for one that is not a target, the objective changes nothing. Drawn models
    # often hold no segment at all; those have nothing to add to (rejecting them with
    # `assume` trips Hypothesis's health check on a slow machine).
    if not model.segments or ADDED in model:
        return
    segment = data.draw(st.sampled_from([s.id for s in model.segments]))
    more = attrs.evolve(
        model,
        objectives=[
            *model.objectives,
            OutcomeObjective(id=ADDED, statement="An outcome", segments=[segment]),
        ],
    )
    before = _ranks(model, Component.UNDERSTAND)
    after = _ranks(more, Component.UNDERSTAND)
    for unit_id, (level, ceiling) in before.items():
        assert after[unit_id][0] >= level, unit_id
        assert after[unit_id][1] >= ceiling, unit_id


def _cfg142(model: Model) -> set[tuple[str, str | None]]:
    return {(f.entity, f.field) for f in RULES["CFG142"].run(model)}


_WHO = st.sampled_from(
    [(None, None), ("hb", None), ("desk", None), (None, "cab"), ("hb", "cab"), ("desk", "age")]
)
_STEP = st.tuples(_WHO, st.sampled_from([None, "", "  ", "A named team"]))
_STEPS = st.lists(_STEP, max_size=5)
#: Stages, at least one of them with a step, anywhere among stages that may have none
#: (built so, rather than filtered, so that no draw is thrown away).
_STAGES = st.tuples(
    st.lists(_STEPS, max_size=1),
    st.lists(_STEP, min_size=1, max_size=5),
    st.lists(_STEPS, max_size=1),
).map(lambda parts: [*parts[0], parts[1], *parts[2]])


def _journey_model(stages: list[list[tuple[tuple[str | None, str | None], str | None]]]) -> Model:
    return Model(
        units=[
            Unit(id="council", name="Riverside Council", kind="local_authority"),
            Unit(id="hb", name="Housing Benefit", parents=["council"]),
            Unit(id="desk", name="Front desk", parents=["council"]),
        ],
        partners=[
            Partner(id="cab", name="Citizens Advice", role="intermediary"),
            Partner(id="age", name="Age UK", role="representative"),
        ],
        segments=[Segment(id="tenants", name="Tenants", category="target", unit="hb")],
        journeys=[
            Journey(
                id="j",
                name="A journey",
                segment="tenants",
                stages=[
                    JourneyStage(
                        name=f"Stage {n}",
                        steps=[
                            JourneyStep(name="A step", unit=unit, partner=partner, hand_off=owner)
                            for (unit, partner), owner in steps
                        ],
                    )
                    for n, steps in enumerate(stages)
                ],
            )
        ],
    )


@settings(max_examples=150, deadline=None)
@given(_STAGES, st.data())
def test_owning_a_hand_over_never_adds_a_cfg142_finding(
    stages: list[list[tuple[tuple[str | None, str | None], str | None]]], data: st.DataObject
) -> None:
    places = [(s, t) for s, steps in enumerate(stages) for t in range(len(steps))]
    s, t = data.draw(st.sampled_from(places))
    owned = [list(steps) for steps in stages]
    owned[s][t] = (owned[s][t][0], "The duty officer takes the case over")
    before, after = _cfg142(_journey_model(stages)), _cfg142(_journey_model(owned))
    assert after <= before
    # The step now owned is never reported, and a first step never is.
    assert ("j", f"stages.{s}.steps.{t}") not in after
    assert ("j", "stages.0.steps.0") not in before
