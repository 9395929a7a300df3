"""What standing_of means in the cases the seeds and docs/assessment.md name: standards'
experience tags, sub-units, joint bodies, measures shared across segments."""

from __future__ import annotations

import attrs

from cfgov import (
    Measure,
    Model,
    OutcomeObjective,
    Principle,
    Result,
    Segment,
    ServiceStandard,
    Unit,
)
from cfgov.model import Component, Level
from cfgov.model.standing import standing_of

OPERATIONS = Component.OPERATIONS


def council(**collections: object) -> Model:
    base: dict[str, object] = {
        "units": [
            Unit(id="council", name="Riverside Council", kind="local_authority"),
            Unit(id="hb", name="Housing Benefit", parents=["council"]),
        ],
        "segments": [
            Segment(id="claimants", name="Claimants", category="target", unit="hb"),
        ],
    }
    base.update(collections)
    return Model(**base)  # type: ignore[arg-type]


def test_a_standards_experience_tag_counts_for_its_targets_as_their_own_would() -> None:
    # docs/journeys.md: "A standard's areas count for each of its targets too." The
    # coverage matrix counts them; the operations component must too.
    target = Measure(
        id="m-calls", name="Calls answered within a minute", perspective="end_to_end", target=90
    )
    standard = ServiceStandard(id="st-calls", statement="Calls answered quickly", targets=[target])
    results = [Result(measure="m-calls", period="2025-Q4", actual=92)]
    objectives = [OutcomeObjective(id="o1", statement="Claims settled", segments=["claimants"])]

    def principle(standard: ServiceStandard) -> Principle:
        return Principle(id="p", name="Speed", objective="o1", standards=[standard])

    on_measure = council(
        objectives=objectives,
        principles=[
            principle(attrs.evolve(standard, targets=[attrs.evolve(target, experience=["speed"])]))
        ],
        results=results,
    )
    on_standard = council(
        objectives=objectives,
        principles=[principle(attrs.evolve(standard, experience=["speed"]))],
        results=results,
    )
    expected = standing_of(on_measure, "hb").view_of(OPERATIONS)
    view = standing_of(on_standard, "hb").view_of(OPERATIONS)
    assert expected.level is Level.ESTABLISHED
    assert view.level is Level.ESTABLISHED
    assert view.reasons == expected.reasons
    assert any("watches an area of the customer's experience (speed)" in r for r in view.reasons)


def test_a_units_other_id_gives_the_units_own_standing() -> None:
    # same_as may name an id the model does not hold (the register is not loaded): the id
    # then means the unit, and so must its standing.
    model = council(
        units=[
            Unit(
                id="council",
                name="Riverside Council",
                kind="local_authority",
                same_as="riverside-borough-council",
            ),
            Unit(id="hb", name="Housing Benefit", parents=["council"]),
        ]
    )
    own = standing_of(model, "council")
    other = standing_of(model, "riverside-borough-council")
    assert own.scope == frozenset({"council", "hb"})
    assert other == own


def test_a_segments_branch_is_its_lineage_then_everything_below_it() -> None:
    from pathlib import Path

    from cfgov import load

    model = load(Path(__file__).resolve().parents[2] / "examples")
    branch = [s.id for s in model.branch_of("council-recyclers")]
    assert branch == ["council-service-users", "council-recyclers", "council-assisted-collections"]
    initiative = model.initiative("council-waste-right-first-time")
    position, record = initiative.entry_of("pilot")  # type: ignore[misc]
    assert initiative.steps[position] is record is initiative.record_of("pilot")
    assert model.initiative("council-waste-garden").entry_of("pilot") is None
