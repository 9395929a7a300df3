"""What the evidence says per segment, per objective and per unit."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cfgov import (
    Demand,
    Feedback,
    Measure,
    Model,
    OutcomeObjective,
    Result,
    Segment,
    Status,
    Unit,
    demand_summary,
    feedback_summary,
    load,
    objective_progress,
    segment_evidence,
    unit_rollup,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def measure(mid: str, **fields: object) -> Measure:
    given: dict[str, object] = {"id": mid, "name": mid, "better": "higher", "target": 80, **fields}
    return Measure(**given)  # type: ignore[arg-type]


def model(
    feedback: tuple[Feedback, ...] = (),
    demand: tuple[Demand, ...] = (),
    results: tuple[Result, ...] = (),
) -> Model:
    """Two units under a council, a segment at each, objectives measured three ways."""
    return Model(
        units=[
            Unit(id="o", name="Council", kind="local_authority"),
            Unit(id="waste", name="Waste", kind="service", parents=["o"]),
            Unit(id="parks", name="Parks", kind="service", parents=["o"]),
        ],
        segments=[
            Segment(id="all", name="Residents", category="target", unit="o"),
            Segment(id="bins", name="Households", category="target", unit="waste", parent="all"),
            Segment(id="play", name="Children", category="target", unit="parks", parent="all"),
        ],
        objectives=[
            OutcomeObjective(
                id="ob-bins",
                statement="Bins collected",
                segments=["bins"],
                measures=[measure("m-met"), measure("m-off")],
            ),
            OutcomeObjective(
                id="ob-play",
                statement="Safe play",
                segments=["play"],
                measures=[measure("m-none")],
            ),
            OutcomeObjective(
                id="ob-joint",
                statement="Both",
                segments=["bins", "play"],
                unit="parks",
                measures=[measure("m-risk")],
            ),
        ],
        results=results
        or (
            Result(measure="m-met", period="2025", actual=85),
            Result(measure="m-off", period="2025", actual=50),
            Result(measure="m-risk", period="2025", actual=78),
        ),
        feedback=feedback,
        demand=demand,
    )


def fb(period: str, source: str = "Text survey", **fields: object) -> Feedback:
    return Feedback(segment="bins", period=period, source=source, **fields)  # type: ignore[arg-type]


def dm(period: str, **fields: object) -> Demand:
    return Demand(segment="bins", period=period, **fields)  # type: ignore[arg-type]


# -- feedback -------------------------------------------------------------------------


def test_feedback_of_the_latest_period_from_every_source_together() -> None:
    summary = feedback_summary(
        model(
            feedback=(
                fb("2025-Q3", asked=100, answered=10, scores={10: 10}),
                fb("2025-Q4", asked=100, answered=20, scores={10: 5, 9: 5, 8: 4, 3: 6}),
                fb(
                    "2025-Q4",
                    source="Phone call",
                    asked=40,
                    answered=10,
                    scores={0: 4, 10: 6},
                    themes={"Kept informed": 3, "Fixed first time": 2},
                ),
                fb("2025-Q4", source="Text survey", channel="online", themes={"Kept informed": 1}),
            )
        ),
        "bins",
    )
    assert summary is not None
    assert summary.period == "2025-Q4"
    assert summary.distribution == (4, 0, 0, 6, 0, 0, 0, 0, 4, 5, 11)
    assert summary.responses == 30
    assert summary.high_share == pytest.approx(16 / 30)
    assert summary.low_share == pytest.approx(10 / 30)
    assert summary.mean == pytest.approx((3 * 6 + 8 * 4 + 9 * 5 + 10 * 11) / 30)
    assert summary.themes == (("Kept informed", 4), ("Fixed first time", 2))  # most first
    assert summary.sources == ("Text survey", "Phone call")
    # One record does not say how many were asked: the total is not known.
    assert summary.asked is None
    assert summary.answered is None


def test_feedback_of_a_given_period_and_counts_when_all_say() -> None:
    given = model(
        feedback=(
            fb("2025-Q3", asked=100, answered=10, scores={10: 10}),
            fb("2025-Q3", source="Phone", asked=50, answered=5, scores={6: 5}),
            fb("2025-Q4", asked=100, answered=20),
        )
    )
    summary = feedback_summary(given, "bins", "2025-Q3")
    assert summary is not None
    assert (summary.asked, summary.answered) == (150, 15)
    assert summary.low_share == pytest.approx(5 / 15)
    assert feedback_summary(given, "bins", "2024-Q1") is None


def test_no_feedback_and_no_scores() -> None:
    assert feedback_summary(model(), "bins") is None
    summary = feedback_summary(model(feedback=(fb("2025-Q4", themes={"Quicker": 2}),)), "bins")
    assert summary is not None
    assert summary.responses == 0
    assert summary.mean is None
    assert summary.high_share is None
    assert summary.low_share is None


def test_the_latest_of_periods_ending_together_is_the_shorter() -> None:
    summary = feedback_summary(
        model(feedback=(fb("2025-Q4", scores={1: 1}), fb("2025", scores={10: 1}))), "bins"
    )
    assert summary is not None
    assert summary.period == "2025-Q4"


# -- demand ---------------------------------------------------------------------------


def test_demand_of_the_latest_period_with_the_trend() -> None:
    summary = demand_summary(
        model(
            demand=(
                dm("2025-11", channel="phone", value=600, failure=400),
                dm("2025-12", channel="phone", value=500, failure_types={"chasing": 200}),
                dm(
                    "2025-12",
                    channel="online",
                    value=200,
                    failure_types={"chasing": 50, "not understood": 50},
                ),
                dm("2025-12", channel="post", value=99),  # no failure count: left out
            )
        ),
        "bins",
    )
    assert summary is not None
    assert summary.period == "2025-12"
    assert (summary.value, summary.failure, summary.total) == (700, 300, 1000)
    assert summary.failure_share == pytest.approx(0.3)
    assert summary.failure_types == (("chasing", 250), ("not understood", 50))
    assert summary.previous_period == "2025-11"
    assert summary.previous_share == pytest.approx(0.4)
    assert summary.trend == pytest.approx(-0.1)  # falling: better


def test_demand_of_the_first_period_has_no_trend() -> None:
    given = model(demand=(dm("2025-11", value=6, failure=4), dm("2025-12", value=5, failure=5)))
    first = demand_summary(given, "bins", "2025-11")
    assert first is not None
    assert first.previous_period is None
    assert first.previous_share is None
    assert first.trend is None
    assert demand_summary(given, "bins", "2025-10") is None


def test_demand_with_no_contacts_has_no_share() -> None:
    summary = demand_summary(model(demand=(dm("2025-12", value=0, failure=0),)), "bins")
    assert summary is not None
    assert summary.failure_share is None
    assert summary.trend is None


def test_demand_with_no_complete_counts_is_none() -> None:
    assert demand_summary(model(), "bins") is None
    assert demand_summary(model(demand=(dm("2025-12", value=10),)), "bins") is None


# -- per segment, objective and unit --------------------------------------------------


def test_objective_progress_in_the_order_written() -> None:
    statuses = [p.status for p in objective_progress(model(), "ob-bins")]
    assert statuses == [Status.MET, Status.OFF_TRACK]
    with pytest.raises(KeyError):
        objective_progress(model(), "nope")


def test_segment_evidence_gathers_every_objective_for_the_segment() -> None:
    evidence = segment_evidence(
        model(
            feedback=(fb("2025-Q4", scores={10: 3}),),
            demand=(dm("2025-12", value=3, failure=1),),
        ),
        "bins",
    )
    assert [p.measure for p in evidence.progress] == ["m-met", "m-off", "m-risk"]
    assert evidence.statuses == Counter({Status.MET: 1, Status.OFF_TRACK: 1, Status.AT_RISK: 1})
    assert evidence.feedback is not None
    assert evidence.feedback.high_share == 1
    assert evidence.demand is not None
    assert evidence.demand.failure_share == pytest.approx(0.25)
    empty = segment_evidence(model(), "play")
    assert empty.feedback is None
    assert empty.demand is None
    assert empty.statuses == Counter({Status.NO_DATA: 1, Status.AT_RISK: 1})


def test_segment_evidence_as_of_a_day_leaves_out_what_came_after() -> None:
    given = model(
        results=(
            Result(measure="m-met", period="2024", actual=50),
            Result(measure="m-met", period="2025", actual=85),
        ),
        feedback=(fb("2024-Q4", scores={0: 1}), fb("2025-Q4", scores={10: 1})),
        demand=(dm("2024-12", value=1, failure=1), dm("2025-12", value=3, failure=1)),
    )
    evidence = segment_evidence(given, "bins", as_of="2024-12-31")
    assert evidence.progress[0].status is Status.OFF_TRACK
    assert evidence.feedback is not None
    assert evidence.feedback.period == "2024-Q4"
    assert evidence.demand is not None
    assert evidence.demand.period == "2024-12"
    assert segment_evidence(given, "bins", as_of="2023-12-31").feedback is None


def test_unit_rollup_counts_each_measure_once_down_the_graph() -> None:
    given = model()
    # The council: every objective, each measure once (ob-joint has two segments).
    assert unit_rollup(given, "o") == Counter(
        {Status.MET: 1, Status.OFF_TRACK: 1, Status.NO_DATA: 1, Status.AT_RISK: 1}
    )
    # Waste owns the segment of ob-bins; ob-joint names parks as its unit.
    assert unit_rollup(given, "waste") == Counter({Status.MET: 1, Status.OFF_TRACK: 1})
    assert unit_rollup(given, "parks") == Counter({Status.NO_DATA: 1, Status.AT_RISK: 1})


def test_the_council_example_sums_up() -> None:
    council = load(EXAMPLES / "council")
    recyclers = segment_evidence(council, "council-recyclers")
    assert recyclers.demand is not None
    assert recyclers.demand.failure_share is not None
    assert recyclers.demand.failure_share > 0.2  # above the level that needs an objective
    assert recyclers.demand.trend is not None
    assert recyclers.demand.trend < 0  # falling
    assert recyclers.feedback is not None
    assert recyclers.feedback.responses == recyclers.feedback.answered
    rollup = unit_rollup(council, "council")
    assert sum(rollup.values()) == sum(len(o.measures) for o in council.objectives)
    assert rollup[Status.OFF_TRACK] >= 1
    assert rollup[Status.MET] >= 1


def test_an_objectives_measures_include_the_targets_of_the_standards_serving_it() -> None:
    import cfgov

    model = cfgov.load(Path(__file__).resolve().parents[2] / "examples" / "dwp")
    ids = [m.id for m in model.measures_for("dwp-pc-obj-dignity")]
    assert ids[0] == "dwp-pc-m-take-up"  # its own measure first
    assert {"dwp-pc-t-accuracy", "dwp-pc-t-special-needs"} <= set(ids[1:])
    assert [m.id for m in model.measures_for("obj-jobseekers")] == ["m-jobseekers-saving"]
