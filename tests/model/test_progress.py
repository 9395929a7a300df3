"""Judging progress: each step of the rule in cfgov.model.progress, and the figures kept."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from cfgov import (
    Better,
    Measure,
    MeasureType,
    Model,
    OutcomeObjective,
    Result,
    Segment,
    Status,
    Unit,
    load,
    progress_of,
)
from cfgov.model.progress import LEVEL_TOLERANCE, PATH_TOLERANCE, judged_results

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def model_with(measure: dict[str, object], *results: Result) -> Model:
    """A model with one measure (id ``m``) and the given results."""
    fields: dict[str, object] = {"id": "m", "name": "A measure", **measure}
    return Model(
        units=[Unit(id="o", name="O", kind="local_authority")],
        segments=[Segment(id="s", name="S", category="target", unit="o")],
        objectives=[
            OutcomeObjective(
                id="ob",
                statement="Things get better",
                segments=["s"],
                measures=[Measure(**fields)],  # type: ignore[arg-type]
            )
        ],
        results=results,
    )


def r(period: str, actual: object = None, **fields: object) -> Result:
    return Result(measure="m", period=period, actual=actual, **fields)  # type: ignore[arg-type]


PATH = {"baseline": 50, "baseline_date": "2024", "target": 60, "deadline": "2026"}


# -- 1. what is judged ----------------------------------------------------------------


def test_no_results_is_no_data() -> None:
    progress = progress_of(model_with(PATH), "m")
    assert progress.status is Status.NO_DATA
    assert progress.reason == "no result with an actual figure for the whole measure"
    assert progress.latest is None
    assert progress.actual is None
    assert progress.history == ()
    # The measure's own figures are still there to show.
    assert (progress.baseline, progress.target, progress.deadline) == (50, 60, "2026")


def test_only_results_for_the_whole_with_a_number_are_judged() -> None:
    model = model_with(
        PATH,
        r("2025", None, target=55),  # no actual
        r("2025-Q4", "improving"),  # text
        r("2026-Q1", 70, breakdown={"channel": "phone"}),  # part of the measure
    )
    progress = progress_of(model, "m")
    assert progress.status is Status.NO_DATA
    assert progress.history == ()


def test_a_qualitative_measure_is_read_not_judged() -> None:
    model = model_with({"type": "qualitative"}, r("2025", "Advice in 12 languages"))
    progress = progress_of(model, "m")
    assert progress.status is Status.NO_DATA
    assert "qualitative" in progress.reason


def test_the_latest_period_is_judged_whatever_the_order_written() -> None:
    model = model_with(PATH, r("2025-Q2", 53), r("2025-Q4", 55), r("2025-Q1", 52), r("2025-Q3", 54))
    progress = progress_of(model, "m")
    assert [x.period for x in progress.history] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert progress.latest is not None
    assert progress.latest.period == "2025-Q4"
    assert progress.previous is not None
    assert progress.previous.period == "2025-Q3"
    assert progress.actual == 55
    assert progress.change == 1
    assert progress.improving is True


def test_periods_ending_together_are_ordered_by_start() -> None:
    year = r("2025", 1)
    december = r("2025-12", 2)
    assert judged_results([december, year]) == [year, december]  # the month is the later start


# -- 2. which way is better -----------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "better"),
    [
        ({"better": "lower", "baseline": 10, "target": 20}, Better.LOWER),  # said beats inferred
        ({"baseline": 10, "target": 20}, Better.HIGHER),
        ({"baseline": 20, "target": 10}, Better.LOWER),
        ({"type": "percentage", "target": 100}, Better.HIGHER),
        ({"type": "rating", "target": 10}, Better.HIGHER),
        ({"type": "percentage", "target": 0}, Better.LOWER),
        ({"type": "count", "target": 0}, Better.LOWER),
        ({"type": "duration", "target": 0}, Better.LOWER),
        ({"type": "percentage", "baseline": 100, "target": 100}, Better.HIGHER),
        ({"type": "money", "target": 0}, None),  # money may fall below 0
        ({"type": "percentage", "target": 95}, None),
        ({"target": 100}, None),  # no type: no scale to be at the top of
        ({"baseline": 5, "target": 5}, None),
        ({}, None),
    ],
)
def test_better_is_said_or_inferred(measure: dict[str, object], better: Better | None) -> None:
    assert progress_of(model_with(measure), "m").better is better


def test_with_no_way_to_tell_which_is_better_there_is_no_status() -> None:
    progress = progress_of(model_with({"target": 95}, r("2025", 90)), "m")
    assert progress.status is Status.NO_DATA
    assert "which way is better is not known" in progress.reason
    assert progress.actual == 90  # the figure is still given


# -- 3. met ---------------------------------------------------------------------------


def test_reaching_the_target_is_met() -> None:
    progress = progress_of(model_with(PATH, r("2025", 60)), "m")
    assert progress.status is Status.MET
    assert progress.reason == "60 in 2025 reaches the target of 60"


def test_met_on_a_measure_where_lower_is_better() -> None:
    measure = {"baseline": 78, "baseline_date": "2024", "target": 50, "deadline": "2025"}
    assert progress_of(model_with(measure, r("2025-Q4", 49)), "m").status is Status.MET
    assert progress_of(model_with(measure, r("2025-Q4", 51)), "m").status is not Status.MET


def test_met_even_after_the_deadline() -> None:
    measure = {**PATH, "deadline": "2024"}
    assert progress_of(model_with(measure, r("2025", 61)), "m").status is Status.MET


# -- 4-6. the level expected, and the tolerance ----------------------------------------


def test_on_the_straight_path_from_baseline_to_target() -> None:
    # From 50 at the end of 2024 to 60 at the end of 2026: 55 is expected at the end of 2025.
    progress = progress_of(model_with(PATH, r("2025", 55)), "m")
    assert progress.status is Status.ON_TRACK
    assert progress.expected == pytest.approx(55.0)
    assert progress.tolerance == pytest.approx(PATH_TOLERANCE * 10)
    assert "the straight path from 50 to 60 by 2026" in progress.reason


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (56, Status.ON_TRACK),  # ahead of the path
        (55, Status.ON_TRACK),
        (54.5, Status.AT_RISK),
        (54, Status.AT_RISK),  # short by the tolerance (1) exactly
        (53.9, Status.OFF_TRACK),
        (40, Status.OFF_TRACK),
    ],
)
def test_on_track_at_risk_and_off_track(actual: float, status: Status) -> None:
    progress = progress_of(model_with(PATH, r("2025", actual)), "m")
    assert progress.status is status
    if status is Status.AT_RISK:
        assert "within the tolerance of 1" in progress.reason
    if status is Status.OFF_TRACK:
        assert "more than the tolerance of 1" in progress.reason


def test_where_lower_is_better_short_means_above() -> None:
    measure = {"baseline": 12, "baseline_date": "2024", "target": 4, "deadline": "2026"}
    # 8 expected at the end of 2025; tolerance 0.8.
    assert progress_of(model_with(measure, r("2025", 7)), "m").status is Status.ON_TRACK
    assert progress_of(model_with(measure, r("2025", 8.5)), "m").status is Status.AT_RISK
    assert progress_of(model_with(measure, r("2025", 9)), "m").status is Status.OFF_TRACK


def test_a_tolerance_of_its_own_replaces_the_default() -> None:
    wide = {**PATH, "tolerance": 3}
    progress = progress_of(model_with(wide, r("2025", 52.5)), "m")
    assert progress.tolerance == 3
    assert progress.status is Status.AT_RISK
    strict = {**PATH, "tolerance": 0}
    assert progress_of(model_with(strict, r("2025", 54.9)), "m").status is Status.OFF_TRACK


def test_a_period_target_is_the_level_expected() -> None:
    # The path expects 55 in 2025; the period's own target of 58 is what counts.
    progress = progress_of(model_with(PATH, r("2025", 56, target=58)), "m")
    assert progress.expected == 58
    assert progress.status is Status.OFF_TRACK  # short by 2, tolerance 1
    assert "the target for 2025" in progress.reason
    assert progress_of(model_with(PATH, r("2025", 57.5, target=58)), "m").status is (Status.AT_RISK)


def test_a_target_with_no_deadline_is_a_standard_for_every_period() -> None:
    standard = {"type": "percentage", "better": "higher", "target": 80}
    progress = progress_of(model_with(standard, r("2006/07", 78)), "m")
    assert progress.expected == 80
    assert progress.tolerance == pytest.approx(LEVEL_TOLERANCE * 80)  # 4, no baseline
    assert progress.status is Status.AT_RISK
    assert "the target, which holds in every period" in progress.reason
    assert progress_of(model_with(standard, r("2006/07", 75)), "m").status is Status.OFF_TRACK


def test_with_a_baseline_and_no_deadline_the_tolerance_is_a_tenth_of_the_change() -> None:
    measure = {"baseline": 40, "target": 80}
    progress = progress_of(model_with(measure, r("2025", 77)), "m")
    assert progress.tolerance == pytest.approx(4.0)
    assert progress.status is Status.AT_RISK


def test_with_no_target_at_all_there_is_nothing_to_judge_against() -> None:
    progress = progress_of(model_with({"better": "higher"}, r("2025", 5)), "m")
    assert progress.status is Status.NO_DATA
    assert progress.reason == "no target to judge against"


def test_a_period_target_is_enough_without_a_measure_target() -> None:
    progress = progress_of(model_with({"better": "higher"}, r("2025", 5, target=4)), "m")
    assert progress.status is Status.ON_TRACK
    assert progress.expected == 4


def test_a_deadline_without_a_baseline_starts_the_path_at_the_first_result() -> None:
    measure = {"target": 60, "deadline": "2026", "better": "higher"}
    one = progress_of(model_with(measure, r("2024", 50)), "m")
    assert one.status is Status.NO_DATA
    assert "one result and no baseline with its date" in one.reason
    # From 50 at the end of 2024 (the first result) to 60 at the end of 2026.
    two = progress_of(model_with(measure, r("2024", 50), r("2025", 55)), "m")
    assert two.expected == pytest.approx(55.0)
    assert two.status is Status.ON_TRACK
    # No baseline: the tolerance is a twentieth of the level expected.
    assert two.tolerance == pytest.approx(LEVEL_TOLERANCE * 55)


def test_a_baseline_without_its_date_does_not_start_the_path() -> None:
    measure = {"baseline": 50, "target": 60, "deadline": "2026"}
    assert progress_of(model_with(measure, r("2025", 55)), "m").status is Status.NO_DATA


def test_a_result_before_the_baseline_expects_the_baseline() -> None:
    progress = progress_of(model_with(PATH, r("2023", 50)), "m")
    assert progress.expected == pytest.approx(50.0)
    assert progress.status is Status.ON_TRACK


# -- 5. deadlines ---------------------------------------------------------------------


def test_a_deadline_passed_without_the_target_is_off_track() -> None:
    measure = {**PATH, "deadline": "2025"}
    progress = progress_of(model_with(measure, r("2026-Q1", 59.9)), "m")
    assert progress.status is Status.OFF_TRACK
    assert progress.reason == (
        "the deadline (2025) has passed and 59.9 in 2026-Q1 falls short of the target of 60"
    )


def test_a_period_ending_on_the_deadline_is_judged_on_the_path() -> None:
    measure = {**PATH, "deadline": "2025"}
    progress = progress_of(model_with(measure, r("2025-Q4", 59.5)), "m")
    assert progress.status is Status.AT_RISK  # 60 expected, tolerance 1
    assert progress.expected == pytest.approx(60.0)


# -- as_of ----------------------------------------------------------------------------


def test_as_of_leaves_out_later_periods() -> None:
    model = model_with(PATH, r("2025", 55), r("2026", 60))
    assert progress_of(model, "m").status is Status.MET
    earlier = progress_of(model, "m", as_of="2025-12-31")
    assert earlier.status is Status.ON_TRACK
    assert [x.period for x in earlier.history] == ["2025"]
    assert progress_of(model, "m", as_of=datetime.date(2025, 12, 31)) == earlier
    assert progress_of(model, "m", as_of="2025-06").status is Status.NO_DATA


def test_as_of_is_the_day_a_deadline_is_judged_against() -> None:
    model = model_with({**PATH, "deadline": "2025"}, r("2025-Q3", 58))
    assert progress_of(model, "m").status is Status.ON_TRACK
    late = progress_of(model, "m", as_of="2026-02-01")
    assert late.status is Status.OFF_TRACK
    assert "the deadline (2025) has passed" in late.reason
    # Before the deadline, the level expected is still that at the end of the latest period.
    before = progress_of(model, "m", as_of="2025-11-30")
    assert before.status is Status.ON_TRACK
    assert before.expected == progress_of(model, "m").expected


def test_the_measure_may_be_given_or_named() -> None:
    model = model_with(PATH, r("2025", 55))
    measure = model.measure("m")
    assert progress_of(model, measure) == progress_of(model, "m")
    with pytest.raises(KeyError, match="no measure"):
        progress_of(model, "nope")


# -- status words and order -----------------------------------------------------------


def test_statuses_have_words_and_rank_worst_first() -> None:
    assert Status.ON_TRACK.words == "on track"
    assert Status.NO_DATA.words == "no data"
    ranked = sorted(Status, key=lambda s: s.rank)
    assert ranked == [
        Status.OFF_TRACK,
        Status.AT_RISK,
        Status.NO_DATA,
        Status.ON_TRACK,
        Status.MET,
    ]


def test_improving_follows_which_way_is_better() -> None:
    lower = {"baseline": 12, "baseline_date": "2024", "target": 4, "deadline": "2026"}
    model = model_with(lower, r("2025-Q3", 9), r("2025-Q4", 8))
    assert progress_of(model, "m").improving is True
    model = model_with(lower, r("2025-Q3", 8), r("2025-Q4", 9))
    assert progress_of(model, "m").improving is False
    model = model_with(lower, r("2025-Q3", 8), r("2025-Q4", 8))
    assert progress_of(model, "m").improving is None
    assert progress_of(model_with(lower, r("2025", 8)), "m").change is None


# -- hidden cases from the seeds (Barker 2002, the DWP Pension Credit standards) -------


@pytest.fixture(scope="module")
def dwp() -> Model:
    return load(EXAMPLES / "dwp")


def test_dwp_accuracy_of_95_percent_is_met(dwp: Model) -> None:
    progress = progress_of(dwp, "dwp-pc-t-accuracy")
    assert progress.status is Status.MET
    assert progress.actual == 95.6
    assert progress.target == 95
    assert progress.reason == "95.6 in 2006/07 reaches the target of 95"


def test_dwp_claims_cleared_in_5_days_are_off_track(dwp: Model) -> None:
    progress = progress_of(dwp, "dwp-pc-t-claims-5-days")
    assert progress.status is Status.OFF_TRACK
    # The standard of 80% holds in every period; 66% is short by 14, more than the
    # tolerance of 4 (a twentieth of 80, as there is no baseline).
    assert progress.expected == 80
    assert progress.tolerance == pytest.approx(4.0)
    assert progress.actual == 66
    assert progress.latest is not None
    assert progress.latest.comment  # the example explains it
    assert [x.period for x in progress.history] == ["2003/04", "2004/05", "2005/06", "2006/07"]
    assert progress.improving is False


def test_dwp_off_track_on_its_figures_and_on_track_on_corrected_ones() -> None:
    # The same standard, as a model built from the report's figures: 80% of claims in
    # 5 days, with 66% off track and 80% met.
    standard = {"type": MeasureType.PERCENTAGE, "better": "higher", "target": 80}
    assert progress_of(model_with(standard, r("2006/07", 66)), "m").status is Status.OFF_TRACK
    assert progress_of(model_with(standard, r("2006/07", 80)), "m").status is Status.MET
    accuracy = {"type": "percentage", "better": "higher", "target": 95}
    assert progress_of(model_with(accuracy, r("2005/06", 95.2)), "m").status is Status.MET
    assert progress_of(model_with(accuracy, r("2005/06", 90)), "m").status is Status.OFF_TRACK


# -- the reason reads right for every kind of measure -----------------------------------------


def test_a_lower_is_better_measure_behind_its_path_is_over_not_short() -> None:
    measure = {"baseline": 10, "baseline_date": "2024", "target": 0, "deadline": "2026"}
    progress = progress_of(model_with(measure, r("2025", 6)), "m")
    assert progress.status is Status.AT_RISK
    assert progress.reason == (
        "6 in 2025 against 5 expected (the straight path from 10 to 0 by 2026): "
        "over by 1, within the tolerance of 1"
    )
    late = progress_of(model_with(measure, r("2027", 2)), "m")
    assert late.status is Status.OFF_TRACK
    assert late.reason == (
        "the deadline (2026) has passed and 2 in 2027 is still above the target of 0"
    )


def test_a_baseline_equal_to_the_target_is_named_as_why_better_is_unknown() -> None:
    measure = {"baseline": 60, "baseline_date": "2024", "target": 60, "deadline": "2026"}
    progress = progress_of(model_with(measure, r("2025", 55)), "m")
    assert progress.status is Status.NO_DATA
    assert "the baseline and the target are both 60" in progress.reason
    assert "or a baseline and a target" not in progress.reason


def test_as_of_before_every_result_says_so() -> None:
    progress = progress_of(model_with(PATH, r("2025", 55)), "m", as_of="2020-01-01")
    assert progress.status is Status.NO_DATA
    assert progress.reason == (
        "no result with an actual figure for the whole measure for a period ending by 2020-01-01"
    )


def test_a_path_from_the_first_result_says_it_starts_there() -> None:
    measure = {"target": 0, "deadline": "2026", "type": "count"}
    progress = progress_of(model_with(measure, r("2024", 10), r("2025", 6)), "m")
    assert progress.expected == 5
    assert "the straight path from the first result, 10 in 2024, to 0 by 2026" in progress.reason


def test_a_deadline_not_after_the_baseline_date_expects_the_target_and_says_so() -> None:
    measure = {"baseline": 50, "baseline_date": "2026", "target": 60, "deadline": "2025"}
    progress = progress_of(model_with(measure, r("2025", 55)), "m")
    assert progress.expected == 60
    assert progress.status is Status.OFF_TRACK
    assert "(the target, due by 2025)" in progress.reason
    assert "straight path" not in progress.reason


def test_of_two_periods_ending_the_same_day_the_shorter_is_judged() -> None:
    measure = {"target": 60, "better": "higher"}
    progress = progress_of(model_with(measure, r("2025-12", 61), r("2025", 55)), "m")
    assert progress.latest is not None
    assert progress.latest.period == "2025-12"
    assert progress.status is Status.MET
