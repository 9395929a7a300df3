"""Notebook plots drawn from the frames with matplotlib; reached through :class:`Frames`.

matplotlib is optional (``pip install "cfgov[charts]"``) and imported only when a
plot is drawn. Each function draws on the Axes it is given, or on a new figure,
and returns the Axes; none calls ``show``, so a notebook shows the figure once
and a script decides for itself. They read the frames of
:func:`cfgov.report.frames.frames` and know nothing else of cfgov's types, so
that the frames module can offer them as methods without an import cycle.
"""

from __future__ import annotations

import datetime
from typing import Any, TypeAlias

from cfgov.model import PeriodError, parse_period, quoted
from cfgov.model.evidence import HIGH_SCORES, LOW_SCORES, SCORES

#: A ``matplotlib.axes.Axes`` (matplotlib is optional, so typed loosely).
Axes: TypeAlias = Any
#: A ``pandas.DataFrame`` (pandas is optional, so typed loosely).
DataFrame: TypeAlias = Any

MISSING_MATPLOTLIB = (
    'cfgov\'s plots need matplotlib, which is an optional extra: pip install "cfgov[charts]"'
)

#: Colours for the bands of a 0-10 rating and for value and failure demand
#: (from matplotlib's colour-blind-safe "tableau" cycle).
LOW, MIDDLE, HIGH = "tab:red", "tab:gray", "tab:green"
VALUE, FAILURE = "tab:blue", "tab:orange"


def _axes(ax: Axes | None) -> Axes:
    """The Axes to draw on: the one given, or a new figure's."""
    try:
        import matplotlib.pyplot as plt  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise ImportError(MISSING_MATPLOTLIB) from exc
    if ax is not None:
        return ax
    _, made = plt.subplots(figsize=(7, 3.5))
    return made


def _day(text: object) -> datetime.date | None:
    """The last day a date written as text covers (``2006`` is 31 December 2006)."""
    if not isinstance(text, str):
        return None
    try:
        return parse_period(text).end
    except PeriodError:
        return None


def _given(value: Any) -> bool:
    """Whether a cell holds a value (not pandas' missing value)."""
    return value is not None and not _isna(value)


def _isna(value: Any) -> bool:
    import pandas as pd  # type: ignore[import-untyped,import-not-found,unused-ignore]

    return bool(pd.isna(value))


def _one(table: DataFrame, column: str, wanted: str, what: str) -> Any:
    rows = table[table[column] == wanted]
    if rows.empty:
        raise KeyError(f"the frames hold no {what} {quoted(wanted)}")
    return rows.iloc[0]


def plot_progress(
    measures: DataFrame, results: DataFrame, progress: DataFrame, measure_id: str, ax: Axes | None
) -> Axes:
    """A measure's actual against its target per period; see :meth:`Frames.plot_progress`."""
    measure = _one(measures, "id", measure_id, "measure")
    ax = _axes(ax)
    mine = results[(results["measure"] == measure_id) & results["breakdown_text"].isna()]
    mine = mine.sort_values(["end", "start"])
    actual = mine[mine["actual"].notna()]
    days = [stamp.date() for stamp in actual["end"]]
    if days:
        ax.plot(days, list(actual["actual"]), marker="o", label="Actual")
    else:
        ax.text(0.5, 0.5, "No results with an actual figure", ha="center", transform=ax.transAxes)
    targets = mine[mine["target"].notna()]
    if not targets.empty:
        ax.plot(
            [stamp.date() for stamp in targets["end"]],
            list(targets["target"]),
            linestyle="none",
            marker="x",
            color="black",
            label="Target for the period",
        )
    if _given(measure["target"]):
        ax.axhline(measure["target"], linestyle=":", color="black", label="Target")
    baseline_day = _day(measure["baseline_date"])
    if _given(measure["baseline"]) and baseline_day is not None:
        ax.plot([baseline_day], [measure["baseline"]], marker="s", color="gray", label="Baseline")
    deadline = _day(measure["deadline"])
    if deadline is not None:
        ax.axvline(
            deadline, linestyle="--", color="gray", label=f"Deadline ({measure['deadline']})"
        )
    judged = progress[progress["measure"] == measure_id]
    status = "" if judged.empty else f": {str(judged.iloc[0]['status']).replace('_', ' ')}"
    ax.set_title(f"{measure['name']} ({measure_id}){status}")
    if days:  # each result's period, as written, under the day it ends
        ax.set_xticks(days, [str(p) for p in actual["period"]])
    ax.set_xlabel("Period (marked at its end)")
    if _given(measure["unit"]):
        ax.set_ylabel(str(measure["unit"]))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", fontsize="small")
    return ax


def plot_feedback(
    feedback: DataFrame, segment_id: str, period: str | None, ax: Axes | None
) -> Axes:
    """A segment's 0-10 score distribution; see :meth:`Frames.plot_feedback`."""
    mine = feedback[feedback["segment"] == segment_id]
    if mine.empty:
        raise KeyError(f"the frames hold no feedback for the segment {quoted(segment_id)}")
    if period is None:
        period = str(mine.sort_values(["end", "start"]).iloc[-1]["period"])
    chosen = mine[mine["period"] == period]
    if chosen.empty:
        raise KeyError(
            f"the segment {quoted(segment_id)} has no feedback for the period {quoted(period)}"
        )
    ax = _axes(ax)
    counts = [int(chosen[f"score_{score}"].sum()) for score in SCORES]
    colours = [HIGH if s in HIGH_SCORES else LOW if s in LOW_SCORES else MIDDLE for s in SCORES]
    ax.bar(list(SCORES), counts, color=colours)
    responses = sum(counts)
    high = sum(n for s, n in zip(SCORES, counts, strict=True) if s in HIGH_SCORES)
    low = sum(n for s, n in zip(SCORES, counts, strict=True) if s in LOW_SCORES)
    about = (
        f"{responses:,} responses, {high / responses:.0%} scored 9-10, {low / responses:.0%} 0-6"
        if responses
        else "no scores given"
    )
    ax.set_title(f"Feedback from {segment_id}, {period}: {about}")
    ax.set_xticks(list(SCORES))
    ax.set_xlabel("Score (0 to 10)")
    ax.set_ylabel("Responses")
    return ax


def plot_demand(demand: DataFrame, segment_id: str, ax: Axes | None) -> Axes:
    """A segment's value and failure demand per period; see :meth:`Frames.plot_demand`."""
    mine = demand[demand["segment"] == segment_id]
    if mine.empty:
        raise KeyError(f"the frames hold no demand for the segment {quoted(segment_id)}")
    ax = _axes(ax)
    grouped = (
        mine.groupby(["end", "start", "period"], sort=True)[["value", "failure"]]
        .sum(min_count=1)
        .reset_index()
    )
    labels = [str(p) for p in grouped["period"]]
    value = [0 if _isna(v) else int(v) for v in grouped["value"]]
    failure = [0 if _isna(v) else int(v) for v in grouped["failure"]]
    positions = list(range(len(labels)))
    ax.bar(positions, value, color=VALUE, label="Value demand")
    ax.bar(positions, failure, bottom=value, color=FAILURE, label="Failure demand")
    for x, (v, f) in enumerate(zip(value, failure, strict=True)):
        if v + f:
            ax.text(x, v + f, f"{f / (v + f):.0%}", ha="center", va="bottom", fontsize="small")
    ax.set_xticks(positions, labels, rotation=45 if len(labels) > 6 else 0)
    ax.set_title(f"Demand from {segment_id} (share of failure demand over each bar)")
    ax.set_ylabel("Contacts")
    ax.legend(loc="best", fontsize="small")
    return ax
