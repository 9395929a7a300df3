"""Every frame has the columns and dtypes Frames.SCHEMA declares, whatever the model holds.

Checked on the bundled examples, an empty model, and models drawn by
cfgov.testing (with evidence); missing values are pandas' own (pd.NA, NaT in date
columns), never None or NaN. The evidence frames agree with the model's queries.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

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
    check,
    load,
    load_with_sources,
    progress_of,
)
from cfgov.model import (
    Better,
    Category,
    ExperienceArea,
    FeedbackKind,
    Feeling,
    MeasureType,
    ResultStatus,
)
from cfgov.report.frames import Frames, frames
from cfgov.testing.strategies import models

pd = pytest.importorskip("pandas", reason="cfgov.frames needs the optional pandas extra")

ROOT = Path(__file__).resolve().parents[2]

#: The enumeration each text column holds the words of.
VOCABULARIES: dict[tuple[str, str], Any] = {
    ("segments", "category"): Category,
    ("measures", "type"): MeasureType,
    ("measures", "better"): Better,
    ("results", "status"): ResultStatus,
    ("feedback", "kind"): FeedbackKind,
    ("progress", "status"): Status,
    ("progress", "better"): Better,
    ("coverage", "area"): ExperienceArea,
    ("journeys", "feeling"): Feeling,
}


def assert_schema(tables: Frames) -> None:
    """Each frame's columns and dtypes are the declared ones; missing is pd.NA or NaT."""
    for name, schema in Frames.SCHEMA.items():
        table = getattr(tables, name)
        assert {c: str(t) for c, t in table.dtypes.items()} == schema, name
        for column, dtype in schema.items():
            values = list(table[column])
            if dtype == "object":  # tuples, never missing
                assert all(isinstance(v, tuple) for v in values), (name, column)
            elif dtype == "datetime64[ns]":
                assert all(v is pd.NaT or isinstance(v, pd.Timestamp) for v in values)
            else:
                missing = [v for v in values if pd.isna(v)]
                assert all(v is pd.NA for v in missing), (name, column, missing[:1])
        for (frame, column), vocabulary in VOCABULARIES.items():
            if frame == name:
                words = {v.value for v in vocabulary}
                assert set(table[column].dropna()) <= words, (name, column)


def test_the_examples_frames_follow_the_schema() -> None:
    # Every bundled example at once, as `cfgov check examples/` reads them.
    model, sources = load_with_sources(ROOT / "examples")
    tables = frames(model, check(model, sources))
    assert_schema(tables)
    assert len(tables.results) == len(model.results) > 0


def test_an_empty_model_has_every_column_of_its_type() -> None:
    tables = frames(Model())
    assert_schema(tables)
    assert all(len(getattr(tables, name)) == 0 for name in Frames.SCHEMA)


def test_a_model_with_no_sizes_priorities_or_evidence_keeps_the_types() -> None:
    model = Model(
        units=[Unit(id="c", name="Council", kind="local_authority")],
        segments=[Segment(id="s", name="Tenants as residents", category="target", unit="c")],
    )
    tables = frames(model)
    assert_schema(tables)
    row = tables.segments.iloc[0]
    for column in ("size", "priority", "parent", "cut", "size_source", "voice"):
        assert row[column] is pd.NA, column


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models(evidence=True))
def test_drawn_models_frames_follow_the_schema(model: Model) -> None:
    tables = frames(model)
    assert_schema(tables)
    assert len(tables.results) == len(model.results)
    assert len(tables.feedback) == len(model.feedback)
    assert len(tables.demand) == len(model.demand)
    assert len(tables.progress) == sum(1 for _ in model.measures())
    assert len(tables.themes) == sum(len(f.themes) for f in model.feedback)
    assert len(tables.failure_types) == sum(len(d.failure_types) for d in model.demand)


# -- the evidence frames --------------------------------------------------------------


def council() -> Model:
    measure = Measure(
        id="m-fixed",
        name="Repairs fixed first time",
        type="percentage",
        unit="%",
        baseline=60,
        baseline_date="2024-03",
        target=90,
        deadline="2027-03",
    )
    note = Measure(id="m-story", name="What tenants tell us", type="qualitative")
    return Model(
        units=[Unit(id="c", name="Council", kind="local_authority")],
        segments=[Segment(id="tenants", name="Tenants as residents", category="target", unit="c")],
        objectives=[
            OutcomeObjective(
                id="o",
                statement="Repairs done right",
                segments=["tenants"],
                measures=[measure, note],
            )
        ],
        results=[
            Result(measure="m-fixed", period="2024-25", actual=66, status="final"),
            Result(measure="m-fixed", period="2025-26", actual=70, target=75, comment="Slow"),
            Result(measure="m-fixed", period="2025-26", actual=50, breakdown={"channel": "phone"}),
            Result(measure="m-story", period="2025-26", actual="Waiting is the worst part"),
        ],
        feedback=[
            Feedback(
                segment="tenants",
                period="2025-Q3",
                source="Repairs text survey",
                kind="transaction",
                asked=1200,
                answered=412,
                scores={10: 88, 9: 40, 7: 100, 0: 12},
                themes={"Fixed first time": 57, "Told when": 30},
            ),
            Feedback(segment="tenants", period="2025-Q2", source="Repairs text survey"),
        ],
        demand=[
            Demand(
                segment="tenants",
                period="2025-04",
                channel="phone",
                value=900,
                failure_types={"chasing progress": 200, "not fixed": 100},
            ),
            Demand(segment="tenants", period="2025-05", channel="phone", value=800, failure=150),
            Demand(segment="tenants", period="2025-05", channel="online", value=100),
        ],
    )


@pytest.fixture(scope="module")
def made() -> tuple[Model, Frames]:
    model = council()
    return model, frames(model)


def test_results_one_row_each_with_numbers_text_and_periods_apart(
    made: tuple[Model, Frames],
) -> None:
    model, tables = made
    results = tables.results
    assert len(results) == len(model.results)
    first = results.iloc[0]
    assert first["owner"] == "o"
    assert first["start"] == pd.Timestamp("2024-04-01")
    assert first["end"] == pd.Timestamp("2025-03-31")
    assert first["breakdown"] == ()
    assert first["breakdown_text"] is pd.NA
    assert first["status"] == "final"
    phone = results.iloc[2]
    assert phone["breakdown"] == (("channel", "phone"),)
    assert phone["breakdown_text"] == "channel: phone"
    story = results.iloc[3]
    assert story["actual"] is pd.NA
    assert story["actual_text"] == "Waiting is the worst part"
    assert results.iloc[1]["target"] == 75


def test_feedback_counts_each_score_and_takes_the_records_own_figures(
    made: tuple[Model, Frames],
) -> None:
    model, tables = made
    row = tables.feedback.iloc[0]
    record = model.feedback[0]
    assert [row[f"score_{s}"] for s in range(11)] == list(record.distribution)
    assert row["responses"] == 240
    assert math.isclose(row["mean"], record.mean)
    assert math.isclose(row["high_share"], 128 / 240)
    assert math.isclose(row["low_share"], 12 / 240)
    assert math.isclose(row["response_rate"], 412 / 1200)
    empty = tables.feedback.iloc[1]
    assert empty["responses"] == 0
    assert empty["score_10"] == 0
    assert empty["mean"] is pd.NA
    assert empty["asked"] is pd.NA
    themes = tables.themes
    assert list(themes["theme"]) == ["Fixed first time", "Told when"]
    assert list(themes["count"]) == [57, 30]
    assert set(themes["period"]) == {"2025-Q3"}


def test_demand_gives_failure_from_its_types_and_a_long_frame_of_types(
    made: tuple[Model, Frames],
) -> None:
    _, tables = made
    demand = tables.demand
    assert list(demand["failure"].astype(object)) == [300, 150, pd.NA]
    assert demand.iloc[0]["total"] == 1200
    assert math.isclose(demand.iloc[0]["failure_share"], 0.25)
    assert demand.iloc[2]["failure_share"] is pd.NA
    types = tables.failure_types
    assert list(types["type"]) == ["chasing progress", "not fixed"]
    assert list(types["count"]) == [200, 100]
    assert list(types["channel"]) == ["phone", "phone"]


def test_progress_is_what_progress_of_says_for_every_measure(
    made: tuple[Model, Frames],
) -> None:
    model, tables = made
    progress = tables.progress.set_index("measure")
    for _, measure in model.measures():
        judged = progress_of(model, measure)
        row = progress.loc[measure.id]
        assert row["status"] == str(judged.status)
        assert row["rank"] == judged.status.rank
        assert row["reason"] == judged.reason
        assert row["results"] == len(judged.history)
    fixed = progress.loc["m-fixed"]
    assert fixed["latest_period"] == "2025-26"
    assert fixed["actual"] == 70  # the whole measure, not the phone breakdown
    assert fixed["previous_actual"] == 66
    assert fixed["change"] == 4
    assert bool(fixed["improving"]) is True
    assert fixed["expected"] == 75  # the period's own target
    assert fixed["latest_end"] == pd.Timestamp("2026-03-31")
    story = progress.loc["m-story"]
    assert story["status"] == "no_data"
    assert story["latest_end"] is pd.NaT


def test_progress_as_of_leaves_out_later_periods(made: tuple[Model, Frames]) -> None:
    model, _ = made
    earlier = frames(model, as_of="2025-03-31").progress.set_index("measure")
    assert earlier.loc["m-fixed", "latest_period"] == "2024-25"
    assert earlier.loc["m-fixed", "previous_period"] is pd.NA


# -- plots ------------------------------------------------------------------------


def test_plots_draw_from_the_frames_and_return_the_axes(made: tuple[Model, Frames]) -> None:
    pytest.importorskip("matplotlib", reason="the plots need the optional charts extra")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    _, tables = made
    ax = tables.plot_progress("m-fixed")
    try:
        assert "Repairs fixed first time (m-fixed)" in ax.get_title()
        assert ax.get_title().endswith(str(tables.progress.iloc[0]["status"]).replace("_", " "))
        labels = ax.get_legend_handles_labels()[1]
        assert labels[0] == "Actual"
        assert {"Target", "Baseline", "Deadline (2027-03)", "Target for the period"} <= set(labels)
        actual = ax.get_lines()[0]
        assert list(actual.get_ydata()) == [66, 70]  # whole measure only, oldest first
    finally:
        plt.close(ax.figure)

    figure, given_ax = plt.subplots()
    try:
        ax = tables.plot_feedback("tenants", ax=given_ax)
        assert ax is given_ax
        heights = [bar.get_height() for bar in ax.patches]
        assert heights == [12, 0, 0, 0, 0, 0, 0, 100, 0, 40, 88]
        assert "2025-Q3" in ax.get_title()
        assert "53% scored 9-10" in ax.get_title()
        ax.clear()
        tables.plot_demand("tenants", ax=ax)
        bars = [bar.get_height() for bar in ax.patches]
        assert bars == [900, 900, 300, 150]  # value per period, then failure per period
        assert [t.get_text() for t in ax.texts] == ["25%", "14%"]
    finally:
        plt.close(figure)


def test_plots_say_what_is_missing(made: tuple[Model, Frames]) -> None:
    pytest.importorskip("matplotlib", reason="the plots need the optional charts extra")
    _, tables = made
    with pytest.raises(KeyError, match="no measure 'nope'"):
        tables.plot_progress("nope")
    with pytest.raises(KeyError, match="no feedback for the segment 'nobody'"):
        tables.plot_feedback("nobody")
    with pytest.raises(KeyError, match="no feedback for the period '2020'"):
        tables.plot_feedback("tenants", period="2020")
    with pytest.raises(KeyError, match="no demand"):
        tables.plot_demand("nobody")


def test_without_matplotlib_the_error_says_how_to_install_it(
    made: tuple[Model, Frames], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    _, tables = made
    for draw in (
        lambda: tables.plot_progress("m-fixed"),
        lambda: tables.plot_feedback("tenants"),
        lambda: tables.plot_demand("tenants"),
    ):
        with pytest.raises(ImportError, match=r'pip install "cfgov\[charts\]"'):
            draw()


def test_the_dwp_example_plots_every_measure_with_results() -> None:
    pytest.importorskip("matplotlib", reason="the plots need the optional charts extra")
    import matplotlib.pyplot as plt

    tables = frames(load(ROOT / "examples" / "dwp"))
    for measure in sorted(set(tables.results["measure"])):
        ax = tables.plot_progress(measure)
        assert ax.get_lines(), measure
        plt.close(ax.figure)
