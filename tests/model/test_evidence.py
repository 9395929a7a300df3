"""Evidence records: what they accept, what they refuse, and what they work out."""

from __future__ import annotations

import pytest

from cfgov import Demand, Feedback, FeedbackKind, PeriodError, Result, ResultStatus
from cfgov.model.evidence import HIGH_SCORES, LOW_SCORES, SCORES, latest


def test_the_score_bands() -> None:
    assert tuple(range(11)) == SCORES
    assert {9, 10} == HIGH_SCORES
    assert set(range(7)) == LOW_SCORES
    assert not HIGH_SCORES & LOW_SCORES  # 7 and 8 are neither


# -- results --------------------------------------------------------------------------


def test_a_result_keeps_what_was_written() -> None:
    result = Result(
        measure="m",
        period="2025-26",
        target=95,
        actual=95.2,
        breakdown={"region": "north", "channel": "phone"},
        status="final",
        source="Sample check",
        comment="Up on last year.",
    )
    assert result.breakdown == (("channel", "phone"), ("region", "north"))  # sorted
    assert result.status is ResultStatus.FINAL
    assert result.span.start.isoformat() == "2025-04-01"
    assert result.key == ("m", "2025-26", (("channel", "phone"), ("region", "north")))
    assert result.path == "results.2025-26[channel=phone;region=north]"
    assert result.breakdown_text == "channel: phone, region: north"


def test_a_result_for_the_whole_has_a_plain_path() -> None:
    result = Result(measure="m", period="2025/26", actual=1)
    assert result.breakdown == ()
    assert result.path == "results.2025/26"
    assert result.breakdown_text == ""
    assert result.status is None


def test_breakdowns_given_as_pairs_or_a_mapping_are_the_same() -> None:
    by_pairs = Result(measure="m", period="2025", breakdown=[("b", "2"), ("a", "1")])
    by_mapping = Result(measure="m", period="2025", breakdown={"a": "1", "b": "2"})
    assert by_pairs == by_mapping


def test_a_qualitative_result_holds_text() -> None:
    result = Result(measure="m", period="2025", actual="Advice now given in 12 languages")
    assert result.actual == "Advice now given in 12 languages"


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"period": "2004-05"}, PeriodError, "could mean the month May 2004"),
        ({"period": "soon"}, PeriodError, "not a period"),
        ({"period": 2025}, TypeError, "period must be text, not int"),
        ({"measure": ""}, ValueError, "measure must hold at least one visible character"),
        ({"measure": 7}, TypeError, "measure must be text, not int"),
        ({"actual": True}, TypeError, "actual must be a number, not bool"),
        ({"actual": [1]}, TypeError, "actual must be a number, not list"),
        ({"target": float("nan")}, ValueError, "target must be a finite number"),
        ({"actual": 10**19}, ValueError, "smaller than 10\\*\\*18"),
        ({"status": "done"}, ValueError, "'done' is not a valid ResultStatus"),
        ({"breakdown": {"channel": ""}}, ValueError, "pair a dimension with a value, both text"),
        ({"breakdown": {"channel": 3}}, ValueError, "pair a dimension with a value, both text"),
        (
            {"breakdown": [("channel", "phone"), ("channel", "post")]},
            ValueError,
            "names the dimension 'channel' twice",
        ),
        ({"breakdown": [("a", "b", "c")]}, ValueError, "pair a dimension with a value"),
        ({"breakdown": ["ab"]}, ValueError, "pair a dimension with a value"),  # not ("a", "b")
        ({"breakdown": [()]}, ValueError, "pair a dimension with a value"),
        ({"source": 3}, TypeError, "source"),
    ],
)
def test_a_result_refuses_what_the_format_refuses(
    fields: dict[str, object], error: type[Exception], message: str
) -> None:
    given: dict[str, object] = {"measure": "m", "period": "2025", **fields}
    with pytest.raises(error, match=message):
        Result(**given)  # type: ignore[arg-type]


# -- feedback -------------------------------------------------------------------------


def feedback(**fields: object) -> Feedback:
    given: dict[str, object] = {"segment": "s", "period": "2025-Q3", "source": "Survey", **fields}
    return Feedback(**given)  # type: ignore[arg-type]


def test_feedback_works_out_its_distribution_and_shares() -> None:
    record = feedback(
        asked=1200,
        answered=200,
        scores={10: 88, 9: 12, 8: 30, 7: 20, 3: 38, 0: 12},
        themes={"Fixed first time": 57, "Kept informed": 20},
        kind="transaction",
    )
    assert record.scores == ((0, 12), (3, 38), (7, 20), (8, 30), (9, 12), (10, 88))
    assert record.distribution == (12, 0, 0, 38, 0, 0, 0, 20, 30, 12, 88)
    assert record.responses == 200
    assert record.mean == pytest.approx((3 * 38 + 7 * 20 + 8 * 30 + 9 * 12 + 10 * 88) / 200)
    assert record.high_share == pytest.approx(100 / 200)
    assert record.low_share == pytest.approx(50 / 200)
    assert record.response_rate == pytest.approx(200 / 1200)
    assert record.themes == (("Fixed first time", 57), ("Kept informed", 20))  # as given
    assert record.kind is FeedbackKind.TRANSACTION


def test_feedback_without_scores_or_counts_has_no_shares() -> None:
    record = feedback()
    assert record.distribution == (0,) * 11
    assert record.responses == 0
    assert record.mean is None
    assert record.high_share is None
    assert record.low_share is None
    assert record.response_rate is None
    assert feedback(asked=0, answered=0).response_rate is None
    assert feedback(asked=10).response_rate is None


def test_feedback_key_and_path_name_the_source_channel_and_service() -> None:
    record = feedback(channel="phone", service="repairs")
    assert record.key == ("s", "2025-Q3", "Survey", "phone", "repairs")
    assert record.path == "feedback.2025-Q3[source=Survey;channel=phone;service=repairs]"
    assert feedback().path == "feedback.2025-Q3[source=Survey]"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("v1.2 survey", "v1%2E2 survey"),
        ("[draft]", "%5Bdraft%5D"),
        ("100% sample", "100%25 sample"),
        ("a;b=c", "a%3Bb%3Dc"),
    ],
)
def test_paths_escape_what_would_split_them(text: str, escaped: str) -> None:
    assert feedback(source=text).path == f"feedback.2025-Q3[source={escaped}]"
    result = Result(measure="m", period="2025", breakdown={text: text})
    assert result.path == f"results.2025[{escaped}={escaped}]"


def test_records_that_differ_have_different_paths() -> None:
    # A source holding `;channel=` must not read as a source and a channel.
    one = feedback(source="Survey;channel=phone")
    other = feedback(source="Survey", channel="phone")
    assert one.path != other.path
    assert feedback(source="a.b").path != feedback(source="a%2Eb").path


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"source": " "}, ValueError, "source must not be empty"),
        ({"segment": " "}, ValueError, "segment must hold at least one visible character"),
        ({"asked": -1}, ValueError, "asked must be 0 or more, not -1"),
        ({"answered": 2.5}, TypeError, "answered must be a whole number, not float"),
        ({"asked": "12"}, TypeError, "asked must be a whole number, not str"),
        ({"asked": True}, TypeError, "asked must be a whole number, not bool"),
        ({"scores": {11: 3}}, ValueError, "holds the score 11: scores run from 0 to 10"),
        ({"scores": {-1: 3}}, ValueError, "holds the score -1"),
        ({"scores": {"10": 3}}, ValueError, "holds the score '10'"),
        ({"scores": [(10, 1), (10, 2)]}, ValueError, "gives the score 10 twice"),
        ({"scores": {10: -2}}, ValueError, "the count of score 10 must be 0 or more"),
        ({"scores": {10: 1.5}}, TypeError, "the count of score 10 must be a whole number"),
        ({"themes": {"": 3}}, ValueError, "themes must name each item with text"),
        ({"themes": {"Quicker": -3}}, ValueError, "the count of 'Quicker' must be 0 or more"),
        (
            {"themes": [("Quicker", 1), ("Quicker", 2)]},
            ValueError,
            "themes names 'Quicker' twice",
        ),
        ({"kind": "letter"}, ValueError, "'letter' is not a valid FeedbackKind"),
        ({"themes": ["Quicker"]}, ValueError, "themes must pair each item with its count"),
        ({"scores": [(10,)]}, ValueError, "scores must pair each score with its count"),
    ],
)
def test_feedback_refuses_what_the_format_refuses(
    fields: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        feedback(**fields)


# -- demand ---------------------------------------------------------------------------


def demand(**fields: object) -> Demand:
    given: dict[str, object] = {"segment": "s", "period": "2025-04", **fields}
    return Demand(**given)  # type: ignore[arg-type]


def test_failure_demand_is_given_or_the_sum_of_its_types() -> None:
    typed = demand(value=600, failure_types={"chasing progress": 300, "correcting errors": 100})
    assert typed.failure_total == 400
    assert typed.total == 1000
    assert typed.failure_share == pytest.approx(0.4)
    given = demand(value=600, failure=400, failure_types={"chasing progress": 300})
    assert given.failure_total == 400  # the figure given wins over a partial split
    assert given.failure_share == pytest.approx(0.4)


def test_demand_without_both_parts_has_no_share() -> None:
    assert demand(value=10).failure_total is None
    assert demand(value=10).total is None
    assert demand(value=10).failure_share is None
    assert demand(failure=10).total is None
    assert demand(failure=10).failure_share is None
    assert demand(value=0, failure=0).failure_share is None  # no contacts at all


def test_demand_key_and_path() -> None:
    record = demand(channel="phone", service="repairs", value=1)
    assert record.key == ("s", "2025-04", "phone", "repairs")
    assert record.path == "demand.2025-04[channel=phone;service=repairs]"
    assert demand().path == "demand.2025-04"
    assert demand(service="repairs").path == "demand.2025-04[service=repairs]"


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"value": -1}, ValueError, "value must be 0 or more"),
        ({"failure": 1.0}, TypeError, "failure must be a whole number, not float"),
        ({"failure_types": {"chasing": "many"}}, TypeError, "the count of 'chasing'"),
        ({"failure_types": [("chasing",)]}, ValueError, "must pair each item with its count"),
        ({"period": "2025-26 Q5"}, PeriodError, "not a period"),
    ],
)
def test_demand_refuses_what_the_format_refuses(
    fields: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        demand(**fields)


def test_records_are_values() -> None:
    assert demand(value=1) == demand(value=1)
    assert hash(demand(value=1)) == hash(demand(value=1))
    assert demand(value=1) != demand(value=2)
    assert "value=1" in repr(demand(value=1))
    assert "channel" not in repr(demand(value=1))  # only what was set


# -- latest ---------------------------------------------------------------------------


def test_latest_gives_every_record_that_ends_last() -> None:
    year = Result(measure="m", period="2025", actual=1)
    december = Result(measure="m", period="2025-12", actual=2)
    november = Result(measure="m", period="2025-11", actual=3)
    assert latest([november, year, december]) == [year, december]
    assert latest([november]) == [november]
    assert latest([]) == []
    march = demand(period="2026-03", value=1)
    financial = demand(period="2025-26", value=1)
    assert latest([march, november, financial]) == [march, financial]
