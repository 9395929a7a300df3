"""The customer's experience in the model: the measures watching a segment, their areas, the
coverage matrix, channels and the hand-offs of a journey."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cfgov import (
    ExperienceArea,
    Journey,
    JourneyStage,
    JourneyStep,
    Measure,
    Model,
    OutcomeObjective,
    Partner,
    Principle,
    Segment,
    ServiceStandard,
    Unit,
)
from cfgov.model.experience import (
    AREAS,
    areas_of,
    channel_key,
    coverage,
    hand_offs,
    measures_watching,
    tags_experience,
)


def _model(**more: object) -> Model:
    """A council with two segments; tenants have an objective with two measures, a principle
    with a tagged standard, and a journey whose steps name a third measure."""
    fields: dict[str, object] = {
        "units": [
            Unit(id="council", name="Riverside Council", kind="local_authority"),
            Unit(id="repairs", name="Repairs", parents=["council"]),
        ],
        "partners": [Partner(id="contractor", name="Fixit Ltd", role="intermediary")],
        "segments": [
            Segment(
                id="tenants",
                name="Tenants",
                category="target",
                unit="council",
                priority=1,
                channels=["Phone", "online"],
            ),
            Segment(id="leaseholders", name="Leaseholders", category="target", unit="council"),
            Segment(
                id="older",
                name="Older tenants",
                category="target",
                unit="council",
                parent="tenants",
            ),
        ],
        "objectives": [
            OutcomeObjective(
                id="obj",
                statement="Repairs right first time",
                segments=["tenants"],
                measures=[
                    Measure(id="m-days", name="Days to repair", experience=["speed"]),
                    Measure(id="m-plain", name="Untagged"),
                ],
            ),
            OutcomeObjective(
                id="obj-other",
                statement="Leaseholders' charges are clear",
                segments=["leaseholders"],
                measures=[Measure(id="m-charges", name="Charge queries", experience=["value"])],
            ),
        ],
        "principles": [
            Principle(
                id="p",
                name="Respect",
                objective="obj",
                standards=[
                    ServiceStandard(
                        id="st",
                        statement="Appointments kept",
                        experience=["engagement", "speed"],
                        targets=[Measure(id="m-kept", name="Appointments kept")],
                    )
                ],
            )
        ],
        "journeys": [
            Journey(
                id="j",
                name="Reporting a repair",
                segment="tenants",
                stages=[
                    JourneyStage(
                        name="Reporting",
                        steps=[
                            JourneyStep(
                                name="Phones",
                                channel="phone ",
                                unit="repairs",
                                measures=["m-charges", "m-days"],
                            ),
                            JourneyStep(name="Waits", channel="Text message"),
                        ],
                    )
                ],
            )
        ],
    }
    fields.update(more)
    return Model(**fields)  # type: ignore[arg-type]


def test_measures_watching_a_segment_come_from_objectives_standards_and_journeys() -> None:
    model = _model()
    watching = [m.id for m in measures_watching(model, "tenants")]
    # Objective's own first, then its standards' targets, then journey steps; each once.
    assert watching == ["m-days", "m-plain", "m-kept", "m-charges"]
    assert [m.id for m in measures_watching(model, "leaseholders")] == ["m-charges"]
    # A sub-segment is not watched by its parent's objectives.
    assert measures_watching(model, "older") == ()
    with pytest.raises(KeyError):
        measures_watching(model, "nobody")


def test_a_standards_areas_count_for_its_targets() -> None:
    model = _model()
    assert areas_of(model, model.measure("m-kept")) == (
        ExperienceArea.SPEED,
        ExperienceArea.ENGAGEMENT,
    )
    assert areas_of(model, model.measure("m-plain")) == ()
    loose = Measure(id="elsewhere", name="Not in the model", experience=["choice"])
    assert areas_of(model, loose) == (ExperienceArea.CHOICE,)


def test_coverage_puts_each_measure_in_each_of_its_areas() -> None:
    model = _model()
    row = coverage(model, ["tenants"])[0]
    assert [m.id for m in row.in_area("speed")] == ["m-days", "m-kept"]
    assert [m.id for m in row.in_area(ExperienceArea.ENGAGEMENT)] == ["m-kept"]
    assert [m.id for m in row.in_area("value")] == ["m-charges"]
    assert row.measured_areas == (
        ExperienceArea.SPEED,
        ExperienceArea.ENGAGEMENT,
        ExperienceArea.VALUE,
    )
    assert set(row.measured_areas) | set(row.missing_areas) == set(AREAS)
    assert not set(row.measured_areas) & set(row.missing_areas)
    assert [m.id for m in row.untagged] == ["m-plain"]


def test_coverage_has_a_row_per_segment_in_model_order() -> None:
    model = _model()
    assert [row.segment.id for row in coverage(model)] == ["tenants", "leaseholders", "older"]
    empty = coverage(model, ["older"])[0]
    assert empty.measures == ()
    assert empty.measured_areas == ()
    assert len(empty.cells) == len(AREAS) == 7


def test_channels_join_what_the_segment_says_and_what_its_journeys_use() -> None:
    row = coverage(_model(), ["tenants"])[0]
    uses = {use.channel: (use.declared, use.journeys) for use in row.channels}
    # "phone " on the journey is the segment's "Phone": compared case and space folded.
    assert uses == {
        "Phone": (True, ("j",)),
        "online": (True, ()),
        "Text message": (False, ("j",)),
    }
    assert channel_key("  Face   to FACE ") == "face to face"


def test_tags_experience_sees_measures_and_standards() -> None:
    assert tags_experience(_model())
    untagged = _model(
        objectives=[
            OutcomeObjective(
                id="obj", statement="S", segments=["tenants"], measures=[Measure(id="m", name="M")]
            )
        ],
        principles=[],
        journeys=[],
    )
    assert not tags_experience(untagged)
    standard_only = _model(
        objectives=[OutcomeObjective(id="obj", statement="S", segments=["tenants"])],
        principles=[
            Principle(
                id="p",
                name="P",
                objective="obj",
                standards=[ServiceStandard(id="st", statement="S", experience=["choice"])],
            )
        ],
        journeys=[],
    )
    assert tags_experience(standard_only)


def _journey(*steps: JourneyStep, more: tuple[JourneyStep, ...] = ()) -> Journey:
    stages = [JourneyStage(name="One", steps=list(steps))]
    if more:
        stages.append(JourneyStage(name="Two", steps=list(more)))
    return Journey(id="j", name="J", segment="s", stages=stages)


def test_hand_offs_are_changes_of_hands_across_stages_and_gaps() -> None:
    journey = _journey(
        JourneyStep(name="a", unit="u1"),
        JourneyStep(name="b", unit="u1"),
        JourneyStep(name="c"),
        more=(
            JourneyStep(name="d", partner="p1", hand_off="The adviser rings ahead"),
            JourneyStep(name="e", unit="u1", partner="p1"),
            JourneyStep(name="f", unit="u1", hand_off="   "),
        ),
    )
    changes = list(hand_offs(journey))
    # a-b same unit; c names no one and is passed over; d changes hands (owned);
    # e's partner is p1, as d's; f goes back to the unit, with a blank hand_off (unowned).
    assert [(c.before.name, c.after.name) for c in changes] == [("b", "d"), ("e", "f")]
    assert [c.field for c in changes] == ["stages.1.steps.0", "stages.1.steps.2"]
    assert [c.before_at for c in changes] == [(0, 1), (1, 1)]
    assert [c.owned for c in changes] == [True, False]


_WHO = st.sampled_from([None, "u1", "u2", "p1"])


@given(st.lists(st.lists(_WHO, max_size=5), max_size=4))
def test_hand_offs_are_the_changes_in_the_named_responsible(stages: list[list[str | None]]) -> None:
    journey = Journey(
        id="j",
        name="J",
        segment="s",
        stages=[
            JourneyStage(
                name=f"stage {s}",
                steps=[
                    JourneyStep(name=f"{s}.{t}", partner=who if who == "p1" else None, unit=who)
                    for t, who in enumerate(stage)
                ],
            )
            for s, stage in enumerate(stages)
        ],
    )
    named = [who for stage in stages for who in stage if who is not None]
    expected = sum(1 for before, after in itertools.pairwise(named) if before != after)
    changes = list(hand_offs(journey))
    assert len(changes) == expected
    for change in changes:
        assert change.before.responsible != change.after.responsible
        assert change.before.responsible is not None
        assert change.before_at < change.after_at
        stage, step = change.after_at
        assert journey.stages[stage].steps[step] is change.after
