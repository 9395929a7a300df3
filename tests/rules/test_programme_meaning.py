"""CFG140 and CFG141 on segments cut into finer ones: what counts as the Assess stage done,
and as customer evidence, when objectives sit above or below the initiative's segments."""

from __future__ import annotations

from cfgov import (
    Initiative,
    Measure,
    Model,
    OutcomeObjective,
    Result,
    Segment,
    StepRecord,
    Unit,
)
from cfgov.rules import builtin_rules

RULES = {rule.code: rule for rule in builtin_rules()}


def claimants(objectives: list[OutcomeObjective], initiatives: list[Initiative]) -> Model:
    """Claimants, cut into new and existing claimants (Barker's broad segment refined below)."""
    return Model(
        units=[
            Unit(id="council", name="Riverside Council", kind="local_authority"),
            Unit(id="hb", name="Housing Benefit", parents=["council"]),
        ],
        segments=[
            Segment(id="claimants", name="Claimants", category="target", unit="hb"),
            Segment(
                id="new", name="New claimants", category="target", unit="hb", parent="claimants"
            ),
            Segment(
                id="old",
                name="Existing claimants",
                category="target",
                unit="hb",
                parent="claimants",
            ),
        ],
        objectives=objectives,
        initiatives=initiatives,
        results=[Result(measure="m-sat", period="2025-Q4", actual=7)] if objectives else [],
    )


def measured(oid: str, segment: str, mid: str, **fields: object) -> OutcomeObjective:
    return OutcomeObjective(
        id=oid,
        statement=f"Outcome for {segment}",
        segments=[segment],
        measures=[Measure(id=mid, name=f"Measure {mid}", **fields)],  # type: ignore[arg-type]
    )


def test_cfg140_counts_the_objectives_of_the_segments_that_refine_the_initiatives() -> None:
    # Every finer segment has an objective with a measure, as CFG111 accepts: the Assess
    # stage was done, for the broad segment too.
    rolled_out = Initiative(
        id="one-door",
        name="One door",
        unit="hb",
        step="roll_out",
        segments=["claimants"],
        steps=[StepRecord(step="pilot", customers=["claimants"])],
    )
    objectives = [
        measured("o-new", "new", "m-new", kind="outcome"),
        measured("o-old", "old", "m-sat", type="rating"),
    ]
    model = claimants(objectives, [rolled_out])
    assert list(RULES["CFG111"].run(model)) == []
    assert list(RULES["CFG140"].run(model)) == []
    # With no objective anywhere in the cascade, the finding stands.
    found = list(RULES["CFG140"].run(claimants([], [rolled_out])))
    assert [f.entity for f in found] == ["one-door"]
    assert "has no outcome objective, nor does a broader or finer segment" in found[0].message


def test_cfg141_counts_the_results_of_a_broader_segments_satisfaction_measure() -> None:
    # A review of new claimants' change, weighed by the survey of all claimants.
    reviewed = Initiative(
        id="new-door",
        name="A door for new claimants",
        unit="hb",
        step="review",
        segments=["new"],
        steps=[StepRecord(step="pilot", customers=["new"])],
    )
    survey = measured("o-all", "claimants", "m-sat", type="rating")
    assert list(RULES["CFG141"].run(claimants([survey], [reviewed]))) == []
    # An internal count of the broader segment's is no customer evidence.
    internal = measured("o-all", "claimants", "m-sat", kind="output")
    found = list(RULES["CFG141"].run(claimants([internal], [reviewed])))
    assert [f.entity for f in found] == ["new-door"]
