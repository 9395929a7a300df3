"""Charts of the evidence: inline SVG drawn by matplotlib, and Mermaid ``xychart-beta`` text.

Three charts, each from plain figures the report has already asked the model for
(:func:`cfgov.progress_of`, :func:`cfgov.feedback_summary`,
:func:`cfgov.demand_summary`), so no arithmetic about the evidence happens here:

* **progress**: a measure's actual figure per period against its target, with
  the baseline and the deadline marked;
* **scores**: how many customers gave each score from 0 to 10;
* **demand**: value and failure demand per period, stacked, so the mix shows.

Why matplotlib. It is the best kept plotting library in Python, draws offline
with no browser and no network, and writes SVG that goes inline in the one-file
HTML report. Its object API (:class:`matplotlib.figure.Figure` with the SVG
canvas) needs no pyplot, so no GUI backend is ever chosen and no figure is kept
in a global registry. The alternatives were weighed: hand-drawn SVG (as the
report's diagrams are) would mean keeping our own axes, ticks and text layout;
Vega-Lite, Plotly and Bokeh draw in the browser with JavaScript, which the
report does not run (it is offline, script-free and printable).

matplotlib is optional (``pip install 'cfgov[charts]'``) and imported on first
use: :func:`available` says whether it can be. Without it the report shows the
same figures as tables and says once that charts were left out.

Each SVG is deterministic: a fixed ``svg.hashsalt``, no date in its metadata,
the font matplotlib ships (DejaVu Sans) for layout, text kept as text
(``svg.fonttype = "none"``), and every ``id`` prefixed with the chart's own id so
several charts share one page. User text is never read as mathtext
(``text.parse_math`` off); matplotlib escapes it for XML. The settings are
applied with :func:`matplotlib.rc_context`, which restores the caller's own.
Each chart is an ``<svg role="img">`` named by ``aria-label`` and a ``<title>``.

The Mermaid charts are plain text (no matplotlib): ``xychart-beta`` as GitHub
and most Markdown viewers draw it.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ProgressChart",
    "available",
    "svg_demand",
    "svg_progress",
    "svg_scores",
    "xychart_demand",
    "xychart_progress",
    "xychart_scores",
]

#: The colours of the charts: dark enough on white for text and thin lines (WCAG AA).
_ACTUAL = "#1d4f91"
_TARGET = "#b2410b"
_MARK = "#505a5f"
_VALUE = "#1d70b8"
_FAILURE = "#d4351c"

#: Settings for every chart, restored afterwards (matplotlib.rc_context).
_RC: Any = {
    "svg.hashsalt": "cfgov",
    "svg.fonttype": "none",
    "font.family": ["DejaVu Sans"],
    "font.size": 9,
    "text.parse_math": False,
    "text.usetex": False,
    "axes.unicode_minus": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "path.simplify": False,
}

#: Inches: the charts' size (matplotlib's SVG is 72 points to the inch).
_WIDE = (6.4, 3.0)

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def available() -> bool:
    """Whether matplotlib can be imported, so the HTML report can draw its charts."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _plain(text: str) -> str:
    """Text on one line with no control characters, as a chart shows it."""
    return " ".join(_CONTROLS.sub(" ", text).split())


def _xml(text: str) -> str:
    return (
        _plain(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _short(text: str, limit: int = 70) -> str:
    text = _plain(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- the figures each chart is drawn from -----------------------------------------------------


@dataclass(frozen=True)
class ProgressChart:
    """A measure's results as the progress chart draws them.

    ``periods`` are the periods as written, ``ends`` the last day of each, and
    ``actual`` and ``targets`` the figures for each (a target None where the
    period gives none). ``target`` is the measure's own target, ``baseline``
    its starting level at ``baseline_day`` and ``deadline_day`` the end of its
    deadline, each None when not known.
    """

    title: str
    periods: tuple[str, ...]
    ends: tuple[datetime.date, ...]
    actual: tuple[float, ...]
    targets: tuple[float | None, ...]
    target: float | None = None
    baseline: float | None = None
    baseline_day: datetime.date | None = None
    deadline: str | None = None
    deadline_day: datetime.date | None = None
    unit: str | None = None


# -- SVG through matplotlib ---------------------------------------------------------------------


def _figure(size: tuple[float, float]) -> Any:
    """A figure on matplotlib's SVG canvas, made without pyplot."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasSVG(figure)
    return figure


_ID = re.compile(r'\bid="([^"]+)"')


def _finish(figure: Any, chart_id: str, label: str) -> str:
    """The figure as an inline ``<svg>`` element: ids prefixed, named for screen readers."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)
    # matplotlib's one style rule would reach every element of the page: as attributes on
    # the root, the same settings are inherited by the chart alone.
    text = re.sub(r'\s*<style type="text/css">[^<]*</style>', "", text)
    ids = set(_ID.findall(text))

    def renamed(match: re.Match[str]) -> str:
        before, name, after = match.group(1), match.group(2), match.group(3)
        return f"{before}{chart_id}-{name}{after}" if name in ids else match.group(0)

    text = re.sub(r'(\bid=")([^"]+)(")', renamed, text)
    text = re.sub(r"(url\(#)([^)]+)(\))", renamed, text)
    text = re.sub(r'(href="#)([^"]+)(")', renamed, text)
    opening = re.match(r"<svg\b[^>]*>", text)
    assert opening is not None
    root = opening.group(0)[:-1]
    root += (
        f' role="img" aria-labelledby="{chart_id}-title" class="cfgov-chart"'
        ' stroke-linejoin="round" stroke-linecap="butt">'
    )
    title = f'\n<title id="{chart_id}-title">{_xml(label)}</title>'
    return root + title + text[opening.end() :].rstrip() + "\n"


def _draw(chart_id: str, label: str, paint: Any, size: tuple[float, float] = _WIDE) -> str:
    import matplotlib

    with matplotlib.rc_context(_RC):
        figure = _figure(size)
        paint(figure)
        return _finish(figure, chart_id, label)


def _amount(value: float, unit: str | None) -> str:
    figure = f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"
    if not unit:
        return figure
    return f"{figure}{unit}" if unit in ("%", "‰") else f"{figure} {_plain(unit)}"


def svg_progress(chart: ProgressChart, *, chart_id: str, label: str) -> str:
    """A measure's progress: actual per period, the targets, the baseline and the deadline."""

    def paint(figure: Any) -> None:
        axes = figure.add_subplot()
        xs = [end.toordinal() for end in chart.ends]
        axes.plot(
            xs, chart.actual, color=_ACTUAL, marker="o", linewidth=2, label="Actual", zorder=3
        )
        period_targets = [(x, t) for x, t in zip(xs, chart.targets, strict=True) if t is not None]
        if period_targets:
            axes.plot(
                [x for x, _ in period_targets],
                [t for _, t in period_targets],
                color=_TARGET,
                marker="_",
                markersize=14,
                markeredgewidth=2,
                linestyle="none",
                label="Target for the period",
            )
        if chart.target is not None:
            axes.axhline(
                chart.target,
                color=_TARGET,
                linestyle="--",
                linewidth=1.2,
                label=f"Target {_amount(chart.target, chart.unit)}",
            )
        if chart.baseline is not None:
            if chart.baseline_day is not None:
                axes.plot(
                    [chart.baseline_day.toordinal()],
                    [chart.baseline],
                    color=_MARK,
                    marker="s",
                    linestyle="none",
                    label=f"Baseline {_amount(chart.baseline, chart.unit)}",
                )
            else:
                axes.axhline(
                    chart.baseline,
                    color=_MARK,
                    linestyle=":",
                    linewidth=1.2,
                    label=f"Baseline {_amount(chart.baseline, chart.unit)}",
                )
        if chart.deadline_day is not None and chart.deadline is not None:
            axes.axvline(
                chart.deadline_day.toordinal(),
                color=_MARK,
                linestyle="-.",
                linewidth=1.2,
                label=f"Deadline {_plain(chart.deadline)}",
            )
        axes.set_xticks(xs, [_short(p, 16) for p in chart.periods])
        if len(xs) > 6:
            axes.tick_params(axis="x", labelrotation=45)
        if chart.unit:
            axes.set_ylabel(_short(chart.unit, 30))
        axes.set_title(_short(chart.title), loc="left", fontsize=10)
        axes.grid(axis="y", color="#d8dadb", linewidth=0.6)
        axes.legend(loc="best", fontsize=8, frameon=False)

    return _draw(chart_id, label, paint)


def svg_scores(distribution: Sequence[int], *, title: str, chart_id: str, label: str) -> str:
    """How many customers gave each score from 0 to 10; 0-6 and 9-10 coloured apart."""

    def paint(figure: Any) -> None:
        axes = figure.add_subplot()
        scores = list(range(len(distribution)))
        colours = [_FAILURE if s <= 6 else _VALUE if s >= 9 else _MARK for s in scores]
        axes.bar(scores, list(distribution), color=colours)
        axes.set_xticks(scores, [str(s) for s in scores])
        axes.set_xlabel("Score (0 to 10)")
        axes.set_ylabel("Responses")
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_title(_short(title), loc="left", fontsize=10)
        axes.grid(axis="y", color="#d8dadb", linewidth=0.6)
        axes.set_axisbelow(True)

    return _draw(chart_id, label, paint)


def svg_demand(
    periods: Sequence[str],
    value: Sequence[int],
    failure: Sequence[int],
    *,
    title: str,
    chart_id: str,
    label: str,
) -> str:
    """Value and failure demand per period, stacked: the height is all contacts."""

    def paint(figure: Any) -> None:
        axes = figure.add_subplot()
        xs = list(range(len(periods)))
        axes.bar(xs, list(value), color=_VALUE, label="Value demand")
        axes.bar(xs, list(failure), bottom=list(value), color=_FAILURE, label="Failure demand")
        axes.set_xticks(xs, [_short(p, 16) for p in periods])
        if len(xs) > 6:
            axes.tick_params(axis="x", labelrotation=45)
        axes.set_ylabel("Contacts")
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_title(_short(title), loc="left", fontsize=10)
        axes.grid(axis="y", color="#d8dadb", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.legend(loc="best", fontsize=8, frameon=False)

    return _draw(chart_id, label, paint)


# -- Mermaid xychart-beta -----------------------------------------------------------------------


def _quoted(text: str, limit: int = 60) -> str:
    """Text as a quoted Mermaid string: no double quotes, nothing Mermaid reads as syntax."""
    cleaned = _short(text, limit).replace('"', "'")
    # A comment or directive marker, and characters the xychart lexer stops at, are
    # written as look-alikes that carry no meaning to it.
    cleaned = cleaned.replace("%%", "% %").replace("`", "'").replace("\\", "/")
    cleaned = cleaned.replace("#", "No.").replace(";", ",")
    return f'"{cleaned}"'


def _numbers(values: Sequence[float]) -> str:
    def one(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else f"{value:.4g}"

    return "[" + ", ".join(one(v) for v in values) + "]"


def _axis(categories: Sequence[str]) -> str:
    return "x-axis [" + ", ".join(_quoted(c, 20) for c in categories) + "]"


def _range(values: Sequence[float], *, floor: float | None = None) -> str:
    low = min(values) if floor is None else floor
    high = max(values)
    if high == low:
        high = low + 1
    pad = (high - low) * 0.05
    bottom = low if floor is not None else low - pad
    return f"{_numbers([bottom])[1:-1]} --> {_numbers([high + pad])[1:-1]}"


def xychart_progress(chart: ProgressChart) -> str:
    """The progress chart for Markdown: bars for the actual figures, a line for the target.

    The target line is each period's own target, else the measure's; a
    measure with neither has bars alone. The axis starts at 0 (or below, for
    figures under 0): Mermaid draws each bar up from the bottom of the axis, so an
    axis cut short would make the smallest figure look like nothing.
    """
    targets = [t if t is not None else chart.target for t in chart.targets]
    line = [t for t in targets if t is not None]
    drawn = [*chart.actual, *(line if len(line) == len(targets) else [])]
    lines = [
        "xychart-beta",
        f"    title {_quoted(chart.title)}",
        f"    {_axis(chart.periods)}",
        f"    y-axis {_quoted(chart.unit or 'value', 20)} {_range(drawn, floor=min(0.0, *drawn))}",
        f"    bar {_numbers(chart.actual)}",
    ]
    if len(line) == len(targets):
        lines.append(f"    line {_numbers(line)}")
    return "\n".join(lines) + "\n"


def xychart_scores(distribution: Sequence[int], *, title: str) -> str:
    """The 0-10 score distribution for Markdown, one bar per score."""
    return (
        "\n".join(
            [
                "xychart-beta",
                f"    title {_quoted(title)}",
                f"    {_axis([str(s) for s in range(len(distribution))])}",
                f'    y-axis "Responses" {_range(list(distribution), floor=0)}',
                f"    bar {_numbers(list(distribution))}",
            ]
        )
        + "\n"
    )


def xychart_demand(
    periods: Sequence[str], value: Sequence[int], failure: Sequence[int], *, title: str
) -> str:
    """Demand over time for Markdown: bars for all contacts, a line for failure demand."""
    totals = [v + f for v, f in zip(value, failure, strict=True)]
    return (
        "\n".join(
            [
                "xychart-beta",
                f"    title {_quoted(title)}",
                f"    {_axis(periods)}",
                f'    y-axis "Contacts" {_range(totals, floor=0)}',
                f"    bar {_numbers(totals)}",
                f"    line {_numbers(list(failure))}",
            ]
        )
        + "\n"
    )
