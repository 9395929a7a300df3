"""The model as a document for people: Markdown for pull requests, one HTML page for everyone.

Both formats carry the same content, built once as a small tree of blocks
(headings, paragraphs, lists, tables, figures) and then written out:

* for each organisation and unit, the segmentation table in the shape of
  DWP's future-pensioners table (Barker 2002, Component 1): each broad
  segment, its sub-segments, their sizes and the objectives for each;
* the outcome objectives with their measures, and the service standards
  under their principles;
* the partners and advisers of each segment, and every hat each stakeholder
  wears;
* the organisation graph and the segment cascade as diagrams;
* the evidence, when the model holds some: a status table per objective and
  per segment, a progress chart per measure with results, each segment's 0-10
  scores and its demand over time (charts by :mod:`cfgov.report.charts`, each
  with its figures as a table; in Markdown, Mermaid ``xychart-beta``);
* the check findings and the readiness answers, when they are given.

Everything is pure: a model (and optionally a check result) in, a string out.
Every piece of text from the model is escaped for the format it lands in.
Work is linear in the size of the model: each query used is indexed, and the
few lookups the model does not index are built here once per call.
"""

from __future__ import annotations

import datetime
import html
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cfgov._version import __version__
from cfgov.model import (
    Category,
    Demand,
    DemandSummary,
    Feedback,
    FeedbackSummary,
    Finding,
    Measure,
    Model,
    OutcomeObjective,
    Partner,
    Principle,
    Progress,
    Result,
    Segment,
    ServiceStandard,
    Severity,
    Status,
    Unit,
    demand_summary,
    feedback_summary,
    progress_of,
    segment_evidence,
)
from cfgov.model.findings import printable
from cfgov.model.periods import PeriodError, parse_period
from cfgov.report import charts
from cfgov.report._words import joined, plural, shorten

if TYPE_CHECKING:
    from cfgov.report.diagrams import OrganisationDiagram, OrganisationPlan
from cfgov.rules import CheckResult, ReadinessAnswer

__all__ = ["people", "render_html", "render_markdown", "report_title"]

# -- sizes ----------------------------------------------------------------------------------------


def people(value: float) -> str:
    """A number of people written the way the report writes it: 7.7m, 24m, 950k, 1,200.

    Below ten thousand the number is written in full with thousands separated;
    above it, in thousands (``k``), millions (``m``) or billions (``bn``) to
    one decimal place at most. A value that would round up to 1000 of one
    scale is written in the next (999,960 is ``1m``, not ``1000k``).
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"a number of people must be a number, not {type(value).__name__}")
    if not math.isfinite(value):
        return str(value)
    if value < 0:
        return "-" + people(-value)
    number = float(value)
    if number < 10_000:
        if number.is_integer():
            return f"{int(number):,}"
        return _trim(f"{number:,.1f}")
    # The largest scale the number reaches, moved up one when rounding would make it 1000.
    scales = ((1e9, "bn"), (1e6, "m"), (1e3, "k"))
    chosen = next(i for i, (divisor, _) in enumerate(scales) if number >= divisor or i == 2)
    if chosen > 0 and round(number / scales[chosen][0], 1) >= 1000:
        chosen -= 1
    divisor, suffix = scales[chosen]
    return _trim(f"{round(number / divisor, 1):,.1f}") + suffix


def _trim(text: str) -> str:
    """A decimal without a trailing ``.0``: ``24.0`` becomes ``24``."""
    return text.removesuffix(".0")


def _number(value: float) -> str:
    """A target or baseline as written: whole numbers without a decimal point."""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


@dataclass(frozen=True)
class _Size:
    """A segment's size for the table: its own figure, or what its sub-segments add up to."""

    value: float | None
    how: str  # "own", "total", "partial" or "none"

    def text(self) -> str:
        if self.value is None:
            return "not given"
        if self.how == "total":
            return f"{people(self.value)} (total of sub-segments)"
        if self.how == "partial":
            return f"at least {people(self.value)} (total of the sub-segments with a size)"
        return people(self.value)


def _rolled_sizes(model: Model) -> dict[str, _Size]:
    """Every segment's size, rolling sub-segments up where a segment gives none of its own.

    Walked iteratively, children before parents, so a long cascade neither
    recurses deeply nor is visited twice.
    """
    children = {s.id: model.sub_segments_of(s.id) for s in model.segments}
    sizes: dict[str, _Size] = {}
    for root in model.segments:
        if root.parent is not None:
            continue
        stack: list[tuple[Segment, bool]] = [(root, False)]
        while stack:
            segment, expanded = stack.pop()
            if not expanded:
                stack.append((segment, True))
                stack.extend((child, False) for child in children[segment.id])
                continue
            sizes[segment.id] = _own_or_rolled(segment, [sizes[c.id] for c in children[segment.id]])
    return sizes


def _own_or_rolled(segment: Segment, below: list[_Size]) -> _Size:
    if segment.size is not None:
        return _Size(segment.size.value, "own")
    known = [s.value for s in below if s.value is not None]
    if not known:
        return _Size(None, "none")
    complete = len(known) == len(below) and all(s.how in ("own", "total") for s in below)
    return _Size(sum(known), "total" if complete else "partial")


# -- a small document tree, written out as Markdown or HTML --------------------------------------

#: Inline text: runs of (style, text); style is "", "strong", "em" or "code".
Text = tuple[tuple[str, str], ...]


def _t(*parts: str | tuple[str, str]) -> Text:
    return tuple(("", p) if isinstance(p, str) else p for p in parts if p)


def _strong(text: str) -> tuple[str, str]:
    return ("strong", text)


def _em(text: str) -> tuple[str, str]:
    return ("em", text)


def _code(text: str) -> tuple[str, str]:
    return ("code", text)


@dataclass(frozen=True)
class _Cell:
    """A table cell: one piece of text, or several shown as a list; a header labels its row."""

    parts: tuple[Text, ...] = ()
    header: bool = False
    number: bool = False


def _cell(*parts: str | tuple[str, str], header: bool = False, number: bool = False) -> _Cell:
    text = _t(*parts)
    return _Cell((text,) if text else (), header=header, number=number)


def _cells(texts: Iterable[Text]) -> _Cell:
    return _Cell(tuple(t for t in texts if t))


_EMPTY = _Cell()


@dataclass(frozen=True)
class _Table:
    """A table with a caption and column headers; rows come in groups (one ``tbody`` each)."""

    caption: str
    columns: tuple[str, ...]
    groups: list[list[tuple[_Cell, ...]]]


@dataclass(frozen=True)
class _Para:
    text: Text


@dataclass(frozen=True)
class _Bullets:
    items: list[Text]


@dataclass(frozen=True)
class _Heading:
    text: str


@dataclass(frozen=True)
class _Figure:
    """A diagram, drawn by :mod:`cfgov.report.diagrams`, and the same tree as an outline."""

    kind: str  # "organisation" or "cascade"
    description: str
    outline: list[tuple[int, Text]]
    #: One part of a large organisation graph, drawn instead of the whole graph.
    part: OrganisationDiagram | None = None


@dataclass(frozen=True)
class _Chart:
    """A chart of the evidence with its figures as a table, drawn by :mod:`.charts`.

    ``kind`` is "progress", "scores" or "demand"; what it is drawn from is in
    ``progress`` (a progress chart), ``distribution`` (scores) or ``periods``,
    ``value`` and ``failure`` (demand).
    """

    kind: str
    chart_id: str
    title: str
    caption: str
    label: str
    data: _Table
    progress: charts.ProgressChart | None = None
    distribution: tuple[int, ...] = ()
    periods: tuple[str, ...] = ()
    value: tuple[int, ...] = ()
    failure: tuple[int, ...] = ()


@dataclass(frozen=True)
class _NoCharts:
    """Where the HTML report says, once, that its charts are shown as tables."""


@dataclass(frozen=True)
class _Mermaid:
    """A diagram given as Mermaid source: drawn in Markdown, its source shown in HTML."""

    source: str
    description: str
    #: The same diagram as inline SVG, drawn in HTML above its source; empty if none.
    svg: str = ""


_Block = _Table | _Para | _Bullets | _Heading | _Figure | _Chart | _NoCharts | _Mermaid


@dataclass
class _Section:
    """A top-level part of the document; ``collapsible`` ones become ``<details>`` in HTML."""

    title: str
    anchor: str
    blocks: list[_Block] = field(default_factory=list)
    collapsible: bool = False
    subtitle: Text = ()


# -- building the content -------------------------------------------------------------------------

_SEVERITY_TITLES = {
    Severity.ERROR: "Errors",
    Severity.WARNING: "Warnings",
    Severity.INFO: "For information",
}

#: How one finding of each severity is counted in prose: "1 error", "2 warnings".
_SEVERITY_NOUNS = {
    Severity.ERROR: ("error", "errors"),
    Severity.WARNING: ("warning", "warnings"),
    Severity.INFO: ("for information", "for information"),
}

_QUIET_TITLE = "Units with nothing of their own yet"

_NO_SEGMENTS_YET = (
    "No segments yet: the model records who does the work, not the customers they serve."
)

#: The most organisations a title names one by one; beyond, it names the first and counts.
_TITLE_NAMES = 3

#: How many of the bodies at the top of the graph the overview names at most (each is
#: named again in its section or in the table of units with nothing of their own).
_OVERVIEW_NAMES = 60

#: Above this many units in view, unit sections start closed in HTML.
_OPEN_UP_TO = 12

#: Above this many units in view that define nothing of their own, they are listed together
#: in one table rather than given a section each.
_QUIET_SECTIONS_UP_TO = 12

_GETTING_STARTED = (
    "Start with the stakeholders each body serves and the segments they fall into: the "
    "manual's Getting started page (docs/getting-started.md in cfgov's repository) walks "
    "through a first model, and "
)

#: The most characters of a section's title the HTML contents show.
_CONTENTS_CHARS = 60


class _Content:
    """What the document says about one model, seen from one unit or from the top."""

    def __init__(
        self,
        model: Model,
        result: CheckResult | None,
        readiness: Sequence[ReadinessAnswer],
        unit: str | None,
    ) -> None:
        self.model = model
        self.result = result
        self.readiness = tuple(readiness)
        self.unit = unit
        self.units = self._units_in_view()
        self.in_view = frozenset(u.id for u in self.units)
        self.segments = tuple(s for s in model.segments if s.unit in self.in_view)
        self.segment_ids = frozenset(s.id for s in self.segments)
        self.sizes = _rolled_sizes(model)
        self.objective_unit = {o.id: self._home_of(o) for o in model.objectives}
        self.objectives_by_unit: dict[str, list[OutcomeObjective]] = defaultdict(list)
        for objective in model.objectives:
            self.objectives_by_unit[self.objective_unit[objective.id]].append(objective)
        self.principles_by_objective: dict[str | None, list[Principle]] = defaultdict(list)
        for principle in model.principles:
            self.principles_by_objective[principle.objective].append(principle)
        # The units that define nothing of their own: no segment, aim or objective.
        defining = {s.unit for s in model.segments} | {a.unit for a in model.aims}
        defining |= set(self.objective_unit.values())
        quiet = [u for u in self.units if u.id not in defining and u.id != unit]
        #: Units listed together in one table instead of a section each, when there are many.
        self.listed = quiet if len(quiet) > _QUIET_SECTIONS_UP_TO else []
        self.listed_ids = frozenset(u.id for u in self.listed)
        self._plan: OrganisationPlan | None = None
        self.anchors: dict[str, str] = {}
        #: Whether the HTML report draws its charts (matplotlib is there); else tables alone.
        self.draw_charts = False
        # Fixed section anchors, so no unit's anchor can take one of them.
        self.taken = {
            "overview",
            "diagrams",
            "hats",
            "principles",
            "evidence",
            "findings",
            "readiness",
            "quiet",
            "standing",
        }

    # -- scope ------------------------------------------------------------------------------------

    def _units_in_view(self) -> list[Unit]:
        """Units in view, parents before children (each once), from the top or from ``unit``."""
        model = self.model
        from cfgov.report.diagrams import units_below

        roots = [model.unit(self.unit)] if self.unit is not None else list(model.top_units)
        return units_below(model, roots)

    def _home_of(self, objective: OutcomeObjective) -> str:
        """The unit an objective is shown under: its own, else the owner of its first segment."""
        if objective.unit is not None:
            return objective.unit
        return self.model.segment(objective.segments[0]).unit

    def anchor(self, kind: str, entity_id: str) -> str:
        """A unique HTML id for a section about an entity."""
        key = f"{kind}:{entity_id}"
        known = self.anchors.get(key)
        if known is not None:
            return known
        base = kind + "-" + (re.sub(r"[^\w.-]+", "-", entity_id).strip("-") or "x")
        candidate = base
        number = 1
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.anchors[key] = candidate
        self.taken.add(candidate)
        return candidate

    # -- the document -----------------------------------------------------------------------------

    def sections(self) -> list[_Section]:
        sections = [self.overview(), self.diagrams()]
        sections += [self.unit_section(u) for u in self.units if u.id not in self.listed_ids]
        if self.listed:
            sections.append(self.quiet_section())
        sections.append(self.hats())
        sections += self.experience()
        standing = self.standing()
        if standing is not None:
            sections.append(standing)
        if self.unit is None and self.principles_by_objective.get(None):
            sections.append(self.loose_principles())
        if self.model.has_evidence:
            sections.append(self.evidence())
        if self.result is not None:
            sections.append(self.findings(self.result))
        if self.readiness:
            sections.append(self.readiness_section())
        return sections

    def overview(self) -> _Section:
        model = self.model
        blocks: list[_Block] = [_Para(_t(f"The model holds {model.summary()}."))]
        organisations = model.organisations
        tops = [o.name for o in organisations if not o.parents]
        every = len(tops) == len(organisations)
        if len(tops) > _OVERVIEW_NAMES:
            # A register has hundreds of bodies at the top: the overview names a few, and
            # every one is named in its section or in the table of quiet units.
            tops = [*tops[:_OVERVIEW_NAMES], f"{len(tops) - _OVERVIEW_NAMES:,} others"]
        if self.unit is None and len(organisations) > 1 and every:
            blocks.append(_Para(_t("The organisations: ", joined(tops), ".")))
        elif self.unit is None and len(organisations) > 1:
            # Every organisation is named in its section or in the table of quiet units;
            # the overview names the top of the graph, not all of a register's bodies.
            blocks.append(
                _Para(
                    _t(
                        f"The {plural(len(tops), 'organisation')} at the top of the graph "
                        f"(of {len(organisations):,} in all): ",
                        joined(tops),
                        ".",
                    )
                )
            )
        if self.unit is not None:
            unit = model.unit(self.unit)
            below = len(self.units) - 1
            scope = f" and the {plural(below, 'unit')} below it" if below else ""
            blocks.append(
                _Para(
                    _t(
                        "This report covers ",
                        _strong(unit.name),
                        " (",
                        _code(unit.id),
                        f"){scope}: {plural(len(self.segments), 'segment')}.",
                    )
                )
            )
        if not model.units:
            blocks.append(_Para(_t("The model is empty: it holds no organisations yet.")))
        elif not self.has_customer_model():
            blocks.append(self.register_only())
        elif not model.segments:
            blocks.append(_Para(_t(_NO_SEGMENTS_YET)))
        if self.listed and self.has_customer_model():
            blocks.append(
                _Para(
                    _t(
                        f"{plural(len(self.listed), 'unit')} of the {len(self.units):,} "
                        f"in this report {'defines' if len(self.listed) == 1 else 'define'} "
                        "nothing of their own yet (no segment, objective or aim); they are listed "
                        "together under ",
                        _em(_QUIET_TITLE),
                        " rather than given a section each.",
                    )
                )
            )
        blocks.append(_Para(_t(f"Made by cfgov {__version__}.")))
        return _Section("Overview", "overview", blocks)

    def has_customer_model(self) -> bool:
        """Whether the model holds anything of the customer model, beyond the organisation."""
        model = self.model
        return bool(
            model.segments
            or model.stakeholders
            or model.objectives
            or model.principles
            or model.partners
            or model.has_evidence
        )

    def register_only(self) -> _Para:
        """What a model of the organisation graph alone holds, and what to write first."""
        units = self.units
        bodies = sum(1 for u in units if u.is_organisation)
        parts = len(units) - bodies
        held = plural(bodies, "body", "bodies")
        if parts:
            held += f" and {plural(parts, 'unit')} within them"
        closed = sum(1 for u in units if str(u.status) == "closed")
        joint = sum(1 for u in units if len(u.parents) > 1)
        facts = [f"{closed:,} of them closed"] if closed else []
        if joint:
            facts.append(
                f"{plural(joint, 'joint body', 'joint bodies')} under more than one parent"
            )
        counted = f"{held} ({joined(facts)})" if facts else held
        scope = "The model" if self.unit is None else "This part of the model"
        return _Para(
            _t(
                _strong(f"{scope} holds only the organisation graph"),
                f": {counted}. It holds none of the customer model yet: no stakeholders, "
                "segments, objectives or measures. So this report has nothing to say about "
                "customers, and the findings and readiness answers below had nothing to judge "
                "(an empty list of findings here is not a clean bill of health). ",
                _GETTING_STARTED,
                _code("cfgov init"),
                " writes a starter model to copy from.",
            )
        )

    def plan(self) -> OrganisationPlan:
        """How the organisation graph in view is drawn: whole, or in parts."""
        if self._plan is None:
            from cfgov.report import diagrams

            self._plan = diagrams.organisation_diagrams(self.model, self.unit)
        return self._plan

    def diagrams(self) -> _Section:
        blocks: list[_Block] = [_Heading("Organisation graph")]
        plan = self.plan()
        if plan.whole:
            blocks.append(
                _Figure(
                    "organisation",
                    "Each arrow runs from a body or unit to a unit below it.",
                    self.organisation_outline(),
                )
            )
        else:
            drawn = len(plan.diagrams) - (1 if plan.quiet else 0)
            parts = [
                f"The organisation graph has {plan.units:,} units, too many to read as one "
                "picture, so it is drawn in parts: "
            ]
            if drawn:
                which = "the top-level body" if drawn == 1 else f"each of the {_tops(drawn)}"
                parts.append(
                    f"a diagram for {which} with segments, objectives or aims in or below it"
                )
            if plan.quiet:
                parts.append(
                    (", then " if drawn else "")
                    + f"one diagram of the {_tops(len(plan.quiet))} with nothing defined "
                    "in or below them yet, one box each"
                )
            parts.append(
                ". A joint body is drawn under each of its parents and marked as joint. "
                "Every unit is named in its own section or in the table of units with nothing "
                "of their own yet."
            )
            blocks.append(_Para(_t("".join(parts))))
            for part in plan.diagrams:
                blocks.append(_Heading(part.title))
                blocks.append(
                    _Figure(
                        "organisation",
                        "Each arrow runs from a body or unit to a box below it."
                        + (f" {part.note}" if part.note else ""),
                        [
                            (d, _t(text, _em(" (shown above)") if again else ""))
                            for d, text, again in part.outline()
                        ],
                        part=part,
                    )
                )
        blocks.append(_Heading("Segment cascade"))
        if self.segments or self.has_customer_model():
            blocks.append(
                _Figure(
                    "cascade",
                    "Each arrow runs from a broad segment to a sub-segment that refines it.",
                    self.cascade_outline(),
                )
            )
        else:
            blocks.append(_Para(_t("No segments yet, so there is no cascade to draw.")))
        return _Section("Diagrams", "diagrams", blocks)

    def organisation_outline(self) -> list[tuple[int, Text]]:
        """The organisation graph as an indented outline; a unit with several parents is
        written out in full once and named again, marked, under its other parents."""
        model = self.model
        roots = (
            [model.unit(self.unit)]
            if self.unit is not None
            else [u for u in self.units if not u.parents]
        )
        lines: list[tuple[int, Text]] = []
        seen: set[str] = set()
        stack = [(u, 0) for u in reversed(roots)]
        while stack:
            unit, depth = stack.pop()
            label = _t(unit.name, " (", _kind(unit), ")")
            if unit.id in seen:
                lines.append((depth, (*label, ("em", " (shown above)"))))
                continue
            seen.add(unit.id)
            lines.append((depth, label))
            stack.extend((child, depth + 1) for child in reversed(model.children_of(unit.id)))
        return lines

    def cascade_outline(self) -> list[tuple[int, Text]]:
        """The segment cascade in view as an indented outline, each segment with its size."""
        model = self.model
        lines: list[tuple[int, Text]] = []
        roots = [s for s in self.segments if s.parent not in self.segment_ids]
        stack = [(s, 0) for s in reversed(roots)]
        while stack:
            segment, depth = stack.pop()
            size = self.sizes[segment.id]
            label = _t(segment.name)
            if size.value is not None:
                label = (*label, ("", f" ({size.text()})"))
            lines.append((depth, label))
            children = [c for c in model.sub_segments_of(segment.id) if c.id in self.segment_ids]
            stack.extend((child, depth + 1) for child in reversed(children))
        return lines

    # -- one unit ---------------------------------------------------------------------------------

    def unit_section(self, unit: Unit) -> _Section:
        model = self.model
        facts: list[str | tuple[str, str]] = [_kind(unit).capitalize(), " · id ", _code(unit.id)]
        if unit.status is not None:
            facts.append(f" · {unit.status}")
        parents = model.parents_of(unit.id)
        if parents:
            facts.append(" · part of ")
            facts.append(", ".join(p.name for p in parents))
        blocks: list[_Block] = []
        if unit.description:
            blocks.append(_Para(_t(unit.description)))
        aims = model.aims_of(unit.id)
        if aims:
            blocks.append(_Heading("Aims"))
            blocks.append(
                _Bullets(
                    [
                        _t(aim.statement, f" ({_words(str(aim.kind))})" if aim.kind else "")
                        for aim in aims
                    ]
                )
            )
        blocks.extend(self.segmentation(unit))
        blocks.extend(self.objectives(unit))
        blocks.extend(self.standards(unit))
        blocks.extend(self.partners(unit))
        return _Section(
            unit.name,
            self.anchor("unit", unit.id),
            blocks,
            collapsible=True,
            subtitle=_t(*facts),
        )

    def segmentation(self, unit: Unit) -> list[_Block]:
        """The DWP-shaped table: broad segments, their sub-segments, sizes and objectives.

        A segment this unit defines heads a group of its own when it is broad
        (no parent) or has sub-segments; one whose parent another unit set is
        listed under that parent, which is shown for context.
        """
        model = self.model
        own = model.segments_owned_by(unit.id)
        blocks: list[_Block] = [_Heading("Segmentation")]
        if not own:
            if model.segments_at(unit.id):
                text = (
                    "This unit defines no segments of its own; it works with the "
                    "segments set above it."
                )
            else:
                text = "No segments are set for this unit, or above it, yet."
            blocks.append(_Para(_t(text)))
            return blocks
        own_ids = {s.id for s in own}
        groups: list[list[tuple[_Cell, ...]]] = []
        inherited: dict[str, list[tuple[_Cell, ...]]] = {}
        for segment in own:
            parent_id = segment.parent
            if parent_id is not None and parent_id not in own_ids:
                group = inherited.get(parent_id)
                if group is None:
                    parent = model.segment(parent_id)
                    setter = _flat(model.unit(parent.unit).name)
                    group = [self.broad_row(parent, [segment], f" (set by {setter})")]
                    inherited[parent_id] = group
                    groups.append(group)
                group.append(self.sub_row(segment, unit))
            children = model.sub_segments_of(segment.id)
            if parent_id is None or children:
                groups.append(
                    [self.broad_row(segment, children, "")]
                    + [self.sub_row(child, unit) for child in children]
                )
        blocks.append(
            _Table(
                f"Segments of {unit.name}: each broad segment with its sub-segments, "
                "their sizes and the objectives for each",
                ("Segment", "Size", "Sub-segment", "Size", "Objectives"),
                groups,
            )
        )
        return blocks

    def _segment_name(self, segment: Segment) -> list[str | tuple[str, str]]:
        name: list[str | tuple[str, str]] = [segment.name]
        if segment.category is Category.INDIRECT:
            name.append(_em(" (indirect customer)"))
        return name

    def _objective_cell(self, segment: Segment) -> _Cell:
        objectives = self.model.objectives_for(segment.id)
        if not objectives:
            return _cell("—")
        return _cells(_t(o.statement) for o in objectives)

    def broad_row(
        self, segment: Segment, children: Sequence[Segment], note: str
    ) -> tuple[_Cell, ...]:
        cuts = list(dict.fromkeys(c.cut for c in children if c.cut))
        split = _cell(_em("by " + ", ".join(cuts))) if cuts else _EMPTY
        return (
            _cell(_strong(segment.name), *self._segment_name(segment)[1:], note, header=True),
            _cell(self.sizes[segment.id].text(), number=True),
            split,
            _EMPTY,
            self._objective_cell(segment),
        )

    def sub_row(self, segment: Segment, viewer: Unit) -> tuple[_Cell, ...]:
        name = self._segment_name(segment)
        if segment.unit != viewer.id:
            name.append(_em(f" ({_flat(self.model.unit(segment.unit).name)})"))
        return (
            _EMPTY,
            _EMPTY,
            _cell(*name, header=True),
            _cell(self.sizes[segment.id].text(), number=True),
            self._objective_cell(segment),
        )

    def objectives(self, unit: Unit) -> list[_Block]:
        objectives = self.objectives_by_unit.get(unit.id, [])
        if not objectives:
            return []
        model = self.model
        groups: list[list[tuple[_Cell, ...]]] = []
        for objective in objectives:
            statement: list[str | tuple[str, str]] = [objective.statement]
            if objective.direction is not None:
                statement.append(_em(f" ({str(objective.direction).replace('_', '-')})"))
            if objective.desired_behaviour:
                statement.append(f" Desired behaviour: {objective.desired_behaviour}")
            names = _cells(_t(model.segment(s).name) for s in dict.fromkeys(objective.segments))
            head = (_cell(*statement, header=True), names)
            measures = objective.measures
            if not measures:
                groups.append([(*head, _cell(_em("no measure yet")), _EMPTY, _EMPTY, _EMPTY)])
                continue
            rows = [(*head, *_measure_cells(measures[0]))]
            rows += [(_EMPTY, _EMPTY, *_measure_cells(m)) for m in measures[1:]]
            groups.append(rows)
        return [
            _Heading("Objectives and measures"),
            _Table(
                f"Outcome objectives of {unit.name} with their measures",
                ("Objective", "For", "Measure", "Target", "Deadline", "How measured"),
                groups,
            ),
        ]

    def standards(self, unit: Unit) -> list[_Block]:
        principles = [
            p
            for o in self.objectives_by_unit.get(unit.id, [])
            for p in self.principles_by_objective.get(o.id, [])
        ]
        if not principles:
            return []
        return [
            _Heading("Service standards"),
            _Table(
                f"Service standards of {unit.name}, under the principles they put into practice",
                ("Principle", "Standard", "Target", "Level", "Deadline", "How measured"),
                [_principle_rows(p) for p in principles],
            ),
        ]

    def partners(self, unit: Unit) -> list[_Block]:
        model = self.model
        rows: list[list[tuple[_Cell, ...]]] = []
        without = 0
        for segment in model.segments_owned_by(unit.id):
            group: list[tuple[_Cell, ...]] = []
            for partner in model.partners_of(segment.id):
                group.append(
                    (_EMPTY, _cell(partner.name), _cell(str(partner.role)), _tie(partner, segment))
                )
            if segment.government_advocate:
                group.append(
                    (
                        _EMPTY,
                        _cell(segment.government_advocate),
                        _cell("government advocate"),
                        _cell("speaks for them within government"),
                    )
                )
            if not group:
                without += 1
                continue
            group[0] = (_cell(segment.name, header=True), *group[0][1:])
            rows.append(group)
        blocks: list[_Block] = [_Heading("Partners and advisers")]
        if rows:
            blocks.append(
                _Table(
                    f"Partners and advisers for the segments of {unit.name}",
                    ("Segment", "Partner or adviser", "Role", "Tie"),
                    rows,
                )
            )
        if without:
            verb = "has" if without == 1 else "have"
            missing = f"{plural(without, 'segment')} {verb} no partner or adviser recorded here."
            blocks.append(_Para(_t(missing)))
        return blocks if len(blocks) > 1 else []

    # -- across units -----------------------------------------------------------------------------

    def hats(self) -> _Section:
        """Every hat each stakeholder wears: its segments and its partner roles (tip T7)."""
        model = self.model
        groups: list[list[tuple[_Cell, ...]]] = []
        for stakeholder in model.stakeholders:
            rows: list[tuple[_Cell, ...]] = []
            for role in model.roles_of(stakeholder.id):
                if isinstance(role, Segment):
                    if role.unit not in self.in_view:
                        continue
                    rows.append(
                        (
                            _EMPTY,
                            _cell(role.name),
                            _cell(_category(role)),
                            _cell(model.unit(role.unit).name),
                        )
                    )
                elif self.unit is None or any(s in self.segment_ids for s in role.segments):
                    rows.append((_EMPTY, _cell(role.name), _partner_role(model, role), _cell("—")))
            if not rows:
                if self.unit is not None:
                    continue
                rows.append(
                    (_EMPTY, _cell(_em("no segment or partner role recorded")), _EMPTY, _EMPTY)
                )
            rows[0] = (_cell(stakeholder.name, header=True), *rows[0][1:])
            groups.append(rows)
        blocks: list[_Block]
        if groups:
            blocks = [
                _Table(
                    "Each stakeholder with every hat it wears: the segments it makes up and "
                    "its roles as a partner or adviser",
                    ("Stakeholder", "Hat", "As", "Where"),
                    groups,
                )
            ]
        else:
            blocks = [_Para(_t("No stakeholders are recorded."))]
        return _Section("Stakeholders and their hats", "hats", blocks)

    def experience(self) -> list[_Section]:
        """The coverage matrix and the journeys (:mod:`cfgov.report.experience`), as sections."""
        from cfgov.report.experience import experience_views

        sections = []
        for view in experience_views(self.model, self.segments):
            blocks: list[_Block] = []
            for part in view.parts:
                blocks += [_Heading(part.heading)] if part.heading else []
                blocks += [_Para(_t(part.text))] if part.text else []
                blocks += [
                    _Table(
                        grid.caption,
                        grid.columns,
                        [
                            [(_cell(r[0], header=bool(r[0])), *map(_cell, r[1:])) for r in rows]
                            for rows in grid.groups
                        ],
                    )
                    for grid in part.grids
                ]
                if part.mermaid:
                    blocks.append(_Mermaid(part.mermaid, part.mermaid_description, part.svg))
            sections.append(_Section(view.title, view.anchor, blocks))
        return sections

    def standing(self) -> _Section | None:
        """Where each unit in view stands: its latest self-assessment beside the model's own
        view of each component (:mod:`cfgov.model.standing`), and its initiatives."""
        from cfgov.report.assessment import unit_assessments

        model = self.model
        blocks: list[_Block] = []
        for unit in self.units:
            if not model.assessments_of(unit.id) and not model.initiatives_of(unit.id):
                continue
            (found,) = unit_assessments(model, unit=unit.id)
            history, initiatives = found.history, found.initiatives
            blocks.append(_Heading(unit.name))
            if history:
                latest = history[-1]
                by = f" by {latest.assessed_by}" if latest.assessed_by else ""
                blocks.append(
                    _Para(
                        _t(
                            f"The latest of {plural(len(history), 'self-assessment')} is "
                            f"{latest.id} of {latest.date}{by}."
                        )
                    )
                )
                views = {v.component: v for v in found.standing.views}
                rows: list[tuple[_Cell, ...]] = []
                for change in found.changes:
                    view = views[change.component]
                    since = (
                        "first assessed"
                        if change.previous is None
                        else f"{change.change.value} from {change.previous.words}"
                    )
                    verdict = (
                        f"contradicted: {view.contradiction}"
                        if view.contradicts(change.level) and view.contradiction
                        else ""
                    )
                    rows.append(
                        (
                            _cell(
                                f"{change.component.number}. {change.component.title}",
                                header=True,
                            ),
                            _cell(change.level.words),
                            _cell(since),
                            _cell(view.level.words if view.level else "cannot judge"),
                            _cell(view.ceiling.words),
                            _cell(" ".join(filter(None, [verdict, *view.reasons]))),
                        )
                    )
                blocks.append(
                    _Table(
                        f"The levels {unit.name} claims, beside what the model shows",
                        ("Component", "Team", "Since the last", "cfgov", "Ceiling", "Why"),
                        [rows],
                    )
                )
            if initiatives:
                steps: list[tuple[_Cell, ...]] = []
                for initiative in initiatives:
                    record = initiative.record_of(initiative.step)
                    steps.append(
                        (
                            _cell(f"{initiative.name} ({initiative.id})", header=True),
                            _cell(initiative.stage.value.capitalize()),
                            _cell(f"{initiative.step.number}. {initiative.step.title}"),
                            _cell(record.produced if record and record.produced else ""),
                        )
                    )
                blocks.append(
                    _Table(
                        f"The initiatives {unit.name} leads, and the step each has reached",
                        ("Initiative", "Stage", "Step", "What the step produced"),
                        [steps],
                    )
                )
        if not blocks:
            return None
        intro = _Para(
            _t(
                "Each unit's latest self-assessment against Barker's four components, on "
                "cfgov's own five-level scale (the report's Part II tables are not in cfgov's "
                "copy), beside the level the model's evidence supports and the highest claim "
                "it does not contradict; and the initiatives each unit leads through Higson "
                "and Sturgess's ten steps. ",
                _code("cfgov assess"),
                " gives the full view.",
            )
        )
        return _Section("Where units stand", "standing", [intro, *blocks])

    def quiet_section(self) -> _Section:
        """The units that define nothing of their own, by top-level body, instead of a section each.

        A unit under several top-level bodies (a joint body, or a unit below
        one) is listed under each, marked.
        """
        model = self.model
        listed = self.listed_ids
        roots = [u for u in self.units if not u.parents or u.id == self.unit]
        rows: list[tuple[_Cell, ...]] = []
        # Top-level bodies with nothing below them share one row, not a row each.
        alone = [r for r in roots if r.id in listed and not model.children_of(r.id)]
        alone_ids = {r.id for r in alone}
        groups = [(r.name, [r.id, *model.descendants_of(r.id)]) for r in roots]
        groups = [g for g in groups if g[1][0] not in alone_ids]
        if alone:
            groups.append(("Top-level bodies with no units below them", sorted(alone_ids)))
        for title, below in groups:
            wanted = set(below)
            order = [u for u in self.units if u.id in wanted and u.id in listed]
            if not order:
                continue
            closed = sum(1 for u in order if str(u.status) == "closed")
            names = []
            for u in order:
                words: list[str | tuple[str, str]] = [u.name, " ", _code(u.id)]
                marks = []
                if str(u.status) == "closed":
                    marks.append("closed")
                if len(u.parents) > 1:
                    marks.append("joint")
                if u.id == below[0] and title == u.name:
                    marks.append("itself")
                if marks:
                    words.append(_em(f" ({', '.join(marks)})"))
                names.append(_t(*words))
            kinds: dict[str, int] = defaultdict(int)
            for u in order:
                kinds[str(u.kind)] += 1
            rows.append(
                (
                    _cell(title, header=True),
                    _cell(f"{len(order):,}", number=True),
                    _cell(f"{closed:,}", number=True),
                    _cell(joined([_kind_count(n, k) for k, n in sorted(kinds.items(), key=_most)])),
                    _cells(names),
                )
            )
        return _Section(
            _QUIET_TITLE,
            "quiet",
            [
                _Para(
                    _t(
                        f"{plural(len(self.listed), 'unit')} in this report define nothing "
                        "of their own yet: no segment, objective or aim. Rather than a "
                        "section each, they are listed here under the top-level body they "
                        "come under, with their ids; ",
                        _code("cfgov report --unit ID"),
                        " reports on one of them and the units below it. Each works with the "
                        "segments set above it, where there are any.",
                    )
                ),
                _Table(
                    "Units with nothing of their own yet, by the top-level body they come under",
                    ("Top-level body", "Units", "Closed", "Kinds", "The units"),
                    [rows],
                ),
            ],
            collapsible=True,
        )

    def loose_principles(self) -> _Section:
        principles = self.principles_by_objective[None]
        return _Section(
            "Principles not tied to an objective",
            "principles",
            [
                _Table(
                    "Service standards under principles that name no objective",
                    ("Principle", "Standard", "Target", "Level", "Deadline", "How measured"),
                    [_principle_rows(p) for p in principles],
                )
            ],
        )

    # -- evidence ---------------------------------------------------------------------------------

    def evidence(self) -> _Section:
        """What happened: status per objective and per segment, charts with their figures."""
        model = self.model
        blocks: list[_Block] = [
            _Para(
                _t(
                    "What actually happened: each measure's results period by period "
                    "against its target, and what the customers of each segment said and "
                    "asked for. A status is judged as the manual's evidence page sets out "
                    "(a straight path from the baseline to the target by the deadline, with "
                    "a tolerance)."
                )
            ),
            _NoCharts(),
        ]
        charted: list[_Block] = []
        quiet: list[str] = []
        for objective in model.objectives:
            if self.objective_unit[objective.id] not in self.in_view:
                continue
            groups = self.measure_groups(objective)
            measures = [m for _, group in groups for m in group]
            if not any(model.results_for(m.id) for m in measures):
                quiet.append(_flat(objective.statement))
                continue
            charted += self.objective_evidence(objective, groups)
        if charted:
            blocks.append(_Heading("Progress by objective"))
            blocks += charted
        if quiet:
            blocks.append(
                _Para(
                    _t(
                        f"{plural(len(quiet), 'objective')} in view "
                        f"{'has' if len(quiet) == 1 else 'have'} no results yet."
                    )
                )
            )
        segment_blocks: list[_Block] = []
        for segment in self.segments:
            segment_blocks += self.segment_evidence(segment)
        if segment_blocks:
            blocks.append(_Heading("Evidence by segment"))
            blocks += segment_blocks
        return _Section("Evidence", "evidence", blocks)

    def measure_groups(
        self, objective: OutcomeObjective
    ) -> list[tuple[ServiceStandard | None, tuple[Measure, ...]]]:
        """An objective's own measures, then the targets of each standard that serves it."""
        groups: list[tuple[ServiceStandard | None, tuple[Measure, ...]]] = []
        if objective.measures:
            groups.append((None, tuple(objective.measures)))
        for principle in self.principles_by_objective.get(objective.id, []):
            for standard in principle.standards:
                if standard.targets:
                    groups.append((standard, tuple(standard.targets)))
        return groups

    def objective_evidence(
        self,
        objective: OutcomeObjective,
        groups: list[tuple[ServiceStandard | None, tuple[Measure, ...]]],
    ) -> list[_Block]:
        model = self.model
        statement = _flat(objective.statement)
        judged = {m.id: progress_of(model, m) for _, group in groups for m in group}
        rows: list[list[tuple[_Cell, ...]]] = []
        for standard, group in groups:
            under = None if standard is None else _flat(standard.statement)
            rows.append([_status_row(m, judged[m.id], under) for m in group])
        blocks: list[_Block] = [
            _Heading(shorten(statement, 90)),
            _Table(
                f"Status of each measure of the objective: {statement}",
                _STATUS_COLUMNS,
                rows,
            ),
        ]
        others: list[tuple[_Cell, ...]] = []
        for _, group in groups:
            for measure in group:
                progress = judged[measure.id]
                if progress.history:
                    blocks.append(self.progress_chart(measure, progress))
                shown = set(progress.history)
                others += [
                    _other_result_row(measure, r)
                    for r in model.results_for(measure.id)
                    if r not in shown
                ]
        if others:
            blocks.append(
                _Table(
                    f"Results not charted (by breakdown, in words, or with no actual): {statement}",
                    ("Measure", "Period", "Breakdown", "Actual", "Target", "Figures", "Comment"),
                    [others],
                )
            )
        return blocks

    def progress_chart(self, measure: Measure, progress: Progress) -> _Chart:
        history = progress.history
        name = _flat(measure.name)
        target = _numeric(progress.target)
        baseline = _numeric(progress.baseline)
        chart = charts.ProgressChart(
            title=name,
            periods=tuple(r.period for r in history),
            ends=tuple(r.span.end for r in history),
            actual=tuple(float(_numeric(r.actual) or 0) for r in history),
            targets=tuple(_numeric(r.target) for r in history),
            target=target,
            baseline=baseline,
            baseline_day=_day(progress.baseline_date),
            deadline=progress.deadline,
            deadline_day=_day(progress.deadline),
            unit=measure.unit,
        )
        facts = [f"actual in each period from {history[0].period} to {history[-1].period}"]
        if target is not None:
            facts.append(f"against the target of {_amount(measure, target)}")
        if baseline is not None:
            since = f" in {progress.baseline_date}" if progress.baseline_date else ""
            facts.append(f"from a baseline of {_amount(measure, baseline)}{since}")
        if progress.deadline:
            facts.append(f"deadline {progress.deadline}")
        caption = (
            f"{name}: {'; '.join(facts)}. Status: {progress.status.words}, "
            f"because {progress.reason}."
        )
        data = _Table(
            f"The figures in the chart of {name}",
            ("Period", "Actual", "Target for the period", "Figures", "Comment"),
            [
                [
                    (
                        _cell(r.period, header=True),
                        _cell(_amount(measure, r.actual), number=True),
                        _cell(_amount(measure, r.target) if r.target is not None else "—"),
                        _cell(str(r.status) if r.status is not None else "—"),
                        _cell(r.comment or "—"),
                    )
                    for r in history
                ]
            ],
        )
        return _Chart(
            "progress",
            self.anchor("chart", f"progress {measure.id}"),
            name,
            caption,
            f"Progress of {name}: actual per period against the target",
            data,
            progress=chart,
        )

    def segment_evidence(self, segment: Segment) -> list[_Block]:
        model = self.model
        found = segment_evidence(model, segment.id)
        judged = [p for p in found.progress if p.history]
        if not judged and found.feedback is None and found.demand is None:
            return []
        name = _flat(segment.name)
        blocks: list[_Block] = [_Heading(shorten(name, 90))]
        if found.progress:
            counts = found.statuses
            summary = joined(
                [plural(n, s.words, s.words) for s, n in sorted(counts.items(), key=_rank)]
            )
            blocks.append(_Para(_t(f"The measures of its objectives: {summary}.")))
            blocks.append(
                _Table(
                    f"Status of the measures of the objectives for {name}",
                    _STATUS_COLUMNS,
                    [[_status_row(model.measure(p.measure), p, None) for p in found.progress]],
                )
            )
        if found.feedback is not None:
            blocks += self.feedback_blocks(segment, found.feedback)
        if found.demand is not None:
            blocks += self.demand_blocks(segment, found.demand)
        return blocks

    def feedback_blocks(self, segment: Segment, latest: FeedbackSummary) -> list[_Block]:
        model = self.model
        name = _flat(segment.name)
        facts = [f"{plural(latest.responses, 'response')} in {latest.period}"]
        if latest.mean is not None:
            facts.append(f"mean score {latest.mean:.1f} out of 10")
        if latest.high_share is not None and latest.low_share is not None:
            facts.append(
                f"{_share(latest.high_share)} scored 9 or 10, {_share(latest.low_share)} 0 to 6"
            )
        if latest.asked and latest.answered is not None:
            facts.append(f"{latest.answered:,} answered of {latest.asked:,} asked")
        sources = joined([_flat(s) for s in latest.sources])
        blocks: list[_Block] = [
            _Para(_t(_strong("Feedback: "), "; ".join(facts), f" (from {sources}).")),
            _Chart(
                "scores",
                self.anchor("chart", f"scores {segment.id}"),
                f"Scores from 0 to 10: {name}, {latest.period}",
                f"How many customers of {name} gave each score from 0 to 10 in "
                f"{latest.period}; scores of 0 to 6 in red, 9 and 10 in blue.",
                f"Score distribution of {name} in {latest.period}",
                _Table(
                    f"The figures in the chart of the scores of {name} in {latest.period}",
                    ("Score", "Responses"),
                    [
                        [
                            (_cell(str(score), header=True), _cell(f"{count:,}", number=True))
                            for score, count in enumerate(latest.distribution)
                        ]
                    ],
                ),
                distribution=latest.distribution,
            ),
        ]
        if latest.themes:
            shown = latest.themes[:_THEMES]
            most = f" (the {len(shown)} most often said)" if len(latest.themes) > len(shown) else ""
            blocks.append(
                _Table(
                    f"What would have made it a 10, as the customers of {name} said "
                    f"in {latest.period}{most}",
                    ("Theme", "Times said"),
                    [
                        [
                            (_cell(theme, header=True), _cell(f"{count:,}", number=True))
                            for theme, count in shown
                        ]
                    ],
                )
            )
        periods = _periods_of(model.feedback_for(segment.id))
        if len(periods) > 1:
            rows: list[tuple[_Cell, ...]] = []
            for period in periods:
                summary = feedback_summary(model, segment.id, period)
                if summary is None:
                    continue
                rows.append(
                    (
                        _cell(period, header=True),
                        _cell(f"{summary.responses:,}", number=True),
                        _cell("—" if summary.mean is None else f"{summary.mean:.1f}", number=True),
                        _cell(_share(summary.high_share), number=True),
                        _cell(_share(summary.low_share), number=True),
                    )
                )
            blocks.append(
                _Table(
                    f"Feedback from {name}, period by period",
                    ("Period", "Responses", "Mean score", "Scored 9-10", "Scored 0-6"),
                    [rows],
                )
            )
        return blocks

    def demand_blocks(self, segment: Segment, latest: DemandSummary) -> list[_Block]:
        model = self.model
        name = _flat(segment.name)
        summaries = [
            s
            for s in (
                demand_summary(model, segment.id, period)
                for period in _periods_of([d for d in model.demand_for(segment.id) if d.total])
            )
            if s is not None
        ]
        facts = [
            f"{latest.total:,} contacts in {latest.period}, "
            f"{_share(latest.failure_share)} of them failure demand"
        ]
        if latest.trend is not None and latest.previous_period is not None:
            points = round(latest.trend * 100, 1)
            if points == 0:
                facts.append(f"no change since {latest.previous_period}")
            else:
                way = "up" if points > 0 else "down"
                verdict = "worse" if points > 0 else "better"
                facts.append(
                    f"{way} {_trim(f'{abs(points):.1f}')} points since "
                    f"{latest.previous_period} ({verdict})"
                )
        if latest.failure_types:
            kind, count = latest.failure_types[0]
            facts.append(f"most failure demand is {_flat(kind)} ({count:,})")
        rows: list[tuple[_Cell, ...]] = [
            (
                _cell(s.period, header=True),
                _cell(f"{s.value:,}", number=True),
                _cell(f"{s.failure:,}", number=True),
                _cell(_share(s.failure_share), number=True),
                _cells(_t(f"{_flat(k)}: {n:,}") for k, n in s.failure_types)
                if s.failure_types
                else _cell("—"),
            )
            for s in summaries
        ]
        return [
            _Para(_t(_strong("Demand: "), "; ".join(facts), ".")),
            _Chart(
                "demand",
                self.anchor("chart", f"demand {segment.id}"),
                f"Value and failure demand: {name}",
                f"Contacts from {name} in each period, value demand (blue) beneath failure "
                "demand (red): failure demand is contact caused by a failure to do something "
                "or to do it right (Seddon).",
                f"Demand mix of {name} over time",
                _Table(
                    f"The figures in the chart of the demand from {name}",
                    _DEMAND_COLUMNS,
                    [rows],
                ),
                periods=tuple(s.period for s in summaries),
                value=tuple(s.value for s in summaries),
                failure=tuple(s.failure for s in summaries),
            ),
        ]

    def findings(self, result: CheckResult) -> _Section:
        keep = self.finding_filter()
        kept = [f for f in result.findings if keep(f)]
        blocks: list[_Block] = []
        counts = dict.fromkeys(_SEVERITY_TITLES, 0)
        for finding in kept:
            counts[finding.severity] += 1
        whole = "the model" if self.unit is None else "this part of the model"
        if not kept and not self.has_customer_model():
            blocks.append(
                _Para(
                    _t(
                        f"No findings, but {whole} holds only the organisation graph, so the "
                        "advice had nothing to judge: no findings here says nothing about how "
                        "customer-focused the bodies are."
                    )
                )
            )
        elif not kept and not self.segments:
            # With no segments most rules have nothing to look at: a clean check proves little.
            blocks.append(
                _Para(
                    _t(
                        f"No findings, but {whole} holds no segments yet, so most of the "
                        "advice has nothing to check."
                    )
                )
            )
        elif not kept:
            blocks.append(_Para(_t(f"No findings: {whole} follows all the advice checked.")))
        else:
            summary = joined([plural(n, *_SEVERITY_NOUNS[s]) for s, n in counts.items() if n])
            blocks.append(_Para(_t(f"{plural(len(kept), 'finding')}: {summary}.")))
        left_out = len(result.findings) - len(kept)
        if left_out:
            about = "is" if left_out == 1 else "are"
            blocks.append(
                _Para(
                    _t(
                        f"{plural(left_out, 'finding')} about other parts of the model "
                        f"{about} left out."
                    )
                )
            )
        for severity, title in _SEVERITY_TITLES.items():
            of_level = [f for f in kept if f.severity is severity]
            if not of_level:
                continue
            blocks.append(_Heading(f"{title} ({len(of_level)})"))
            blocks.append(
                _Table(
                    f"{title}: where each finding is, what it says and how to put it right",
                    ("Where", "Code", "Finding", "How to fix"),
                    [[_finding_row(f) for f in of_level]],
                )
            )
        suppressed = [(f, s) for f, s in result.suppressed if keep(f)]
        if suppressed:
            blocks.append(_Heading(f"Advice set aside, with the reason ({len(suppressed)})"))
            blocks.append(
                _Table(
                    "Findings a team chose to set aside, and why",
                    ("Where", "Code", "Finding", "Reason"),
                    [
                        [
                            (_where(f), _cell(f.code), _cell(f.message), _cell(s.reason))
                            for f, s in suppressed
                        ]
                    ],
                )
            )
        return _Section("Findings", "findings", blocks)

    def finding_filter(self) -> Callable[[Finding], bool]:
        """With ``unit``, keep findings about entities in view (and those about none)."""
        if self.unit is None:
            return lambda _finding: True
        owners = self.owners()
        in_view = self.in_view

        def keep(finding: Finding) -> bool:
            if finding.entity is None:
                return True
            units = owners.get(finding.entity)
            return not units or not units.isdisjoint(in_view)

        return keep

    def owners(self) -> dict[str, set[str]]:
        """For each entity id, the units it belongs to, so findings can be placed in view."""
        model = self.model
        owners: dict[str, set[str]] = defaultdict(set)
        for unit in model.units:
            owners[unit.id].add(unit.id)
        for aim in model.aims:
            owners[aim.id].add(aim.unit)
        for segment in model.segments:
            owners[segment.id].add(segment.unit)
            if segment.stakeholder is not None:
                owners[segment.stakeholder].add(segment.unit)
        for partner in model.partners:
            owners[partner.id].update(model.segment(s).unit for s in partner.segments)
        for objective in model.objectives:
            home = self.objective_unit[objective.id]
            owners[objective.id].add(home)
            for measure in objective.measures:
                owners[measure.id].add(home)
        for principle in model.principles:
            if principle.objective is None:
                continue
            home = self.objective_unit[principle.objective]
            owners[principle.id].add(home)
            for standard in principle.standards:
                owners[standard.id].add(home)
                for target in standard.targets:
                    owners[target.id].add(home)
        return owners

    def readiness_section(self) -> _Section:
        rows: list[list[tuple[_Cell, ...]]] = [
            [
                (_cell(a.question, header=True), _cell(_strong(a.answer)), _cell(a.evidence))
                for a in self.readiness
            ]
        ]
        return _Section(
            "Readiness",
            "readiness",
            [
                _Para(
                    _t(
                        "The questions Barker (2002) asks of a body before it sets out to "
                        "become customer-focused, answered from the model where it can "
                        "answer them."
                    )
                ),
                _Table(
                    "Readiness questions, the model's answer and the evidence for it",
                    ("Question", "Answer", "Evidence"),
                    rows,
                ),
            ],
        )


#: The status table's columns, per objective and per segment.
_STATUS_COLUMNS = (
    "Measure",
    "Latest period",
    "Actual",
    "Expected",
    "Target",
    "Status",
    "Reason",
    "Trend",
)

_DEMAND_COLUMNS = ("Period", "Value demand", "Failure demand", "Failure share", "Failure by type")

#: The most themes of "what would have made it a 10" a table lists.
_THEMES = 10


def _numeric(value: object) -> float | None:
    """A figure as a number, or None for text, a missing value or a truth value."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _day(date: str | None) -> datetime.date | None:
    """The last day a date or period covers, or None if it is not one cfgov reads."""
    if not date:
        return None
    try:
        return parse_period(date).end
    except PeriodError:
        return None


def _amount(measure: Measure, value: object) -> str:
    """A result's figure with the measure's unit: 95.2%, 12 days; text as written."""
    if value is None:
        return "—"
    number = _numeric(value)
    if number is None:
        return _flat(str(value))
    figure = _number(int(number) if number.is_integer() else round(number, 3))
    if measure.unit is None:
        return figure
    joiner = "" if measure.unit in ("%", "‰") else " "
    return f"{figure}{joiner}{_flat(measure.unit)}"


def _share(value: float | None) -> str:
    """A share from 0 to 1 as a percentage: 0.425 is 42.5%."""
    return "—" if value is None else _trim(f"{value * 100:.1f}") + "%"


def _rank(item: tuple[Status, int]) -> int:
    return item[0].rank


def _trend(measure: Measure, progress: Progress) -> str:
    change = progress.change
    if change is None or progress.previous is None:
        return "—"
    since = progress.previous.period
    if change == 0:
        return f"no change since {since}"
    way = "up" if change > 0 else "down"
    # A change in a percentage is in points: 95% to 96% is up 1 point, not 1%.
    size = (
        f"{_trim(f'{abs(change):.3g}')} {'point' if abs(change) == 1 else 'points'}"
        if measure.unit == "%"
        else _amount(measure, abs(change))
    )
    verdict = {True: " (better)", False: " (worse)", None: ""}[progress.improving]
    return f"{way} {size} since {since}{verdict}"


def _status_row(measure: Measure, progress: Progress, under: str | None) -> tuple[_Cell, ...]:
    name: list[str | tuple[str, str]] = [measure.name]
    if under:
        name.append(_em(f" (standard: {shorten(under, 80)})"))
    latest = progress.latest
    expected = "—" if progress.expected is None else _amount(measure, progress.expected)
    return (
        _cell(*name, header=True),
        _cell(latest.period if latest is not None else "—"),
        _cell(_amount(measure, progress.actual), number=True),
        _cell(expected, number=True),
        _cell(_amount(measure, progress.target), number=True),
        _cell(_strong(progress.status.words)),
        _cell(progress.reason),
        _cell(_trend(measure, progress)),
    )


def _other_result_row(measure: Measure, result: Result) -> tuple[_Cell, ...]:
    return (
        _cell(measure.name, header=True),
        _cell(result.period),
        _cell(result.breakdown_text or "whole measure"),
        _cell(_amount(measure, result.actual)),
        _cell(_amount(measure, result.target)),
        _cell(str(result.status) if result.status is not None else "—"),
        _cell(result.comment or "—"),
    )


def _periods_of(records: Iterable[Feedback | Demand]) -> list[str]:
    """The periods records cover, oldest first (by end, then start)."""
    spans = {r.period: (r.span.end, r.span.start) for r in records}
    return sorted(spans, key=lambda period: spans[period])


def _flat(text: str) -> str:
    """Text from the model on one line, for a sentence built around it: "(set by X)"."""
    return " ".join(text.split())


def _words(value: str) -> str:
    """A vocabulary word as prose: ``ministerial_department`` becomes ``ministerial department``."""
    return value.replace("_", " ")


def _kind(unit: Unit) -> str:
    return _words(str(unit.kind))


def _kind_count(count: int, kind: str) -> str:
    from cfgov.report.diagrams import kind_count

    return kind_count(count, kind)


def _tops(count: int) -> str:
    return plural(count, "top-level body", "top-level bodies")


def _most(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def _category(segment: Segment) -> str:
    if segment.category is Category.INDIRECT:
        return "indirect customer"
    if segment.target_kind is not None:
        return f"target customer ({segment.target_kind})"
    return "target customer"


def _partner_role(model: Model, partner: Partner) -> _Cell:
    ties = (
        ("representing", partner.represents),
        ("advising on", partner.advises_on),
        ("delivering to", partner.delivers_to),
    )
    parts: list[Text] = []
    for verb, segment_ids in ties:
        if segment_ids:
            names = ", ".join(_flat(model.segment(s).name) for s in segment_ids)
            parts.append(_t(f"{partner.role}, {verb} {names}"))
    return _Cell(tuple(parts) or (_t(str(partner.role)),))


def _tie(partner: Partner, segment: Segment) -> _Cell:
    ties = []
    if segment.id in partner.represents:
        ties.append("represents them")
    if segment.id in partner.advises_on:
        ties.append("advises on them")
    if segment.id in partner.delivers_to:
        ties.append("delivers to them")
    return _cell("; ".join(ties))


def _level(measure: Measure) -> str:
    """A measure's target with its unit, and the baseline it starts from when known."""

    def amount(value: float) -> str:
        if measure.unit is None:
            return _number(value)
        joiner = "" if measure.unit in ("%", "‰") else " "
        return f"{_number(value)}{joiner}{_flat(measure.unit)}"

    parts = []
    if measure.target is not None:
        parts.append(amount(measure.target))
    else:
        parts.append("no target set")
    if measure.baseline is not None:
        since = f" in {measure.baseline_date}" if measure.baseline_date else ""
        parts.append(f"from {amount(measure.baseline)}{since}")
    if measure.better is not None:
        parts.append(f"{measure.better} is better")
    return "; ".join(parts)


def _measure_cells(measure: Measure) -> tuple[_Cell, ...]:
    traits = [_words(str(t)) for t in (measure.kind, measure.perspective) if t is not None]
    name: list[str | tuple[str, str]] = [measure.name]
    if traits:
        name.append(_em(f" ({', '.join(traits)})"))
    return (
        _cell(*name),
        _cell(_level(measure)),
        _cell(measure.deadline or "—"),
        _cell(measure.method or "not stated"),
    )


def _principle_rows(principle: Principle) -> list[tuple[_Cell, ...]]:
    label: list[str | tuple[str, str]] = [_strong(principle.name)]
    if principle.statement:
        label.append(f": {_flat(principle.statement)}")
    head = _cell(*label, header=True)
    rows: list[tuple[_Cell, ...]] = []
    for standard in principle.standards:
        targets = standard.targets or ()
        if not targets:
            rows.append(
                (
                    _EMPTY,
                    _cell(standard.statement),
                    _cell(_em("no target yet")),
                    _EMPTY,
                    _EMPTY,
                    _EMPTY,
                )
            )
            continue
        for position, target in enumerate(targets):
            statement = _cell(standard.statement) if position == 0 else _EMPTY
            rows.append((_EMPTY, statement, *_measure_cells(target)))
    if not rows:
        rows.append((_EMPTY, _cell(_em("no standards set yet")), _EMPTY, _EMPTY, _EMPTY, _EMPTY))
    rows[0] = (head, *rows[0][1:])
    return rows


def _where(finding: Finding) -> _Cell:
    if finding.location is not None:
        return _cell(_code(str(finding.location)), header=True)
    if finding.entity is not None:
        field_part = f".{finding.field}" if finding.field else ""
        return _cell(_code(finding.entity + field_part), header=True)
    return _cell("the whole model", header=True)


def _finding_row(finding: Finding) -> tuple[_Cell, ...]:
    return (
        _where(finding),
        _cell(finding.code),
        _cell(finding.message),
        _cell(finding.hint or "—"),
    )


# -- the title ------------------------------------------------------------------------------------


def report_title(model: Model, unit: str | None = None) -> str:
    """The report's title: the organisation it is about, in its own words.

    One organisation gives its name; two or three are named together ("A, B
    and C"); more give the first name and a count of the others. A body
    sponsored by another (an agency under its department) is part of its
    sponsor's report, so only the bodies with no body above them are named.
    With ``unit``, the unit's name comes first, then the organisations it
    belongs to (just the name, if the unit is an organisation itself). A
    model with no organisation is a "Customer segmentation model".
    """
    if unit is not None:
        chosen = model.unit(unit)
        name = " ".join(chosen.name.split())
        if chosen.is_organisation:
            return name
        above = _organisations_title(model.organisations_of(unit))
        return f"{name}, {above}" if above else name
    bodies = frozenset(o.id for o in model.organisations)
    top = [o for o in model.organisations if bodies.isdisjoint(model.ancestors_of(o.id))]
    # Counting only the top of a register as "other organisations" would understate it.
    every = len(top) == len(model.organisations)
    return _organisations_title(top, every) or "Customer segmentation model"


def _organisations_title(organisations: Sequence[Unit], every: bool = True) -> str:
    names = [" ".join(o.name.split()) for o in organisations]
    if len(names) <= _TITLE_NAMES:
        return joined(names)
    if every:
        others = plural(len(names) - 1, "other organisation")
    else:
        others = plural(len(names) - 1, "other top-level body", "other top-level bodies")
    return f"{names[0]} and {others}"


# -- Markdown -------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&#!~])")

# Characters neither an HTML page nor a Markdown file should carry: C0 and C1 controls
# (tab and line breaks aside, which are white space), lone surrogates and noncharacters.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")

# What makes a line of Markdown a list item or a rule rather than a paragraph.
_MD_LIST_RULE = re.compile(r"^(?:([-+])|(\d{1,9})([.)]))")


def _clean(text: str) -> str:
    """Text with the characters no page should carry shown as the replacement character."""
    return _CONTROLS.sub("\ufffd", text)


def _md(text: str) -> str:
    """Text that Markdown shows as written: punctuation it would act on is backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(_clean(text).split()))


def _md_line(line: str) -> str:
    """A line that starts a Markdown block as a paragraph, whatever text it starts with.

    A paragraph or list item starting "- ", "+ ", "---" or "1986. " would
    otherwise become a list or a rule, so the marker is escaped.
    """
    match = _MD_LIST_RULE.match(line)
    if match is None:
        return line
    if match.group(1):
        return "\\" + line
    digits = match.group(2)
    return f"{digits}\\{line[len(digits) :]}"


_BACKTICKS = re.compile(r"`+")


def _md_code(text: str, *, in_table: bool) -> str:
    """Text as a Markdown code span that no run of backticks inside can close early.

    In a table cell ``|`` is escaped, which GitHub-flavoured Markdown undoes
    inside code spans; elsewhere the backslash would show, so it is left out.
    """
    flat = " ".join(_clean(text).split())
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    span = f"{fence}{pad}{flat}{pad}{fence}"
    return span.replace("|", "\\|") if in_table else span


def _md_text(text: Text, *, in_table: bool = False) -> str:
    out: list[str] = []
    for style, run in text:
        if style == "code":
            out.append(_md_code(run, in_table=in_table))
            continue
        # Markdown emphasis must not start or end inside spaces: keep them outside.
        core = run.strip()
        lead = " " if run[:1].isspace() else ""
        tail = " " if run[-1:].isspace() and core else ""
        if style == "strong" and core:
            out.append(f"{lead}**{_md(core)}**{tail}")
        elif style == "em" and core:
            out.append(f"{lead}*{_md(core)}*{tail}")
        else:
            out.append(lead + _md(core) + tail if core else run)
    return "".join(out)


def _md_cell(cell: _Cell) -> str:
    return "; ".join(_md_text(p, in_table=True) for p in cell.parts)


def _md_table(table: _Table) -> list[str]:
    lines = [
        f"*{_md(table.caption)}*",
        "",
        "| " + " | ".join(_md(c) for c in table.columns) + " |",
        "|" + "|".join("---" for _ in table.columns) + "|",
    ]
    for group in table.groups:
        for row in group:
            lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    return lines


def _md_outline(outline: list[tuple[int, Text]]) -> list[str]:
    return [f"{'  ' * depth}- {_md_line(_md_text(text))}" for depth, text in outline]


def _md_block(block: _Block, content: _Content) -> list[str]:
    if isinstance(block, _Heading):
        return [f"### {_md(block.text)}"]
    if isinstance(block, _Para):
        return [_md_line(_md_text(block.text))]
    if isinstance(block, _Bullets):
        return [f"- {_md_line(_md_text(item))}" for item in block.items]
    if isinstance(block, _Table):
        return _md_table(block)
    if isinstance(block, _NoCharts):
        return []
    if isinstance(block, _Mermaid):
        return [_md_line(_md(block.description)), "", "```mermaid", block.source.rstrip(), "```"]
    if isinstance(block, _Chart):
        return [
            _md_line(_md(block.caption)),
            "",
            "```mermaid",
            _xychart(block).rstrip("\n"),
            "```",
            "",
            *_md_table(block.data),
        ]
    if block.part is not None:
        source = block.part.mermaid()
        cut = block.part.shortened("mermaid")
    else:
        source = _diagram(block.kind, "mermaid")(content.model, content.unit)
        cut = _shortened(block.kind, "mermaid", content)
    lines = [_md(block.description), "", "```mermaid", source.rstrip("\n"), "```"]
    if cut:
        lines += ["", _md(_SHORTENED), ""]
        lines += [f"- {_md_line(_md_text(_t(_em(shown), ': ', full)))}" for shown, full in cut]
    return lines


def render_markdown(
    model: Model,
    *,
    result: CheckResult | None = None,
    readiness: Sequence[ReadinessAnswer] = (),
    unit: str | None = None,
    title: str | None = None,
) -> str:
    """The model as a Markdown report: tables, Mermaid diagrams, findings and readiness.

    With ``unit``, only that unit and the units below it are shown
    (:class:`KeyError` if there is no such unit). ``result`` and
    ``readiness`` each add a section when given. The top heading is
    ``title``, by default the organisation (:func:`report_title`). The text
    ends in a newline.
    """
    content = _Content(model, result, readiness, unit)
    heading = report_title(model, unit) if title is None else title
    lines = [f"# {_md(heading)}", ""]
    for section in content.sections():
        lines.append(f"## {_md(section.title)}")
        lines.append("")
        if section.subtitle:
            lines += [_md_text(section.subtitle), ""]
        for block in section.blocks:
            written = _md_block(block, content)
            if written:
                lines += [*written, ""]
    # A finding in a file whose name is not UTF-8 shows it as the findings formats do.
    return printable("\n".join(lines).rstrip("\n") + "\n")


# -- HTML -----------------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: #1b1b1b; background: #fff; line-height: 1.5; max-width: 75rem;
  margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.9rem; margin: 0.5rem 0; }
h2 { font-size: 1.45rem; margin: 1.5rem 0 0.5rem; }
h3 { font-size: 1.15rem; margin: 1.25rem 0 0.4rem; }
summary { cursor: pointer; }
summary h2 { display: inline; }
.subtitle { color: #454a4e; font-style: italic; margin-top: 0.25rem; }
nav ol { columns: 18rem; padding-left: 1.25rem; }
a { color: #1d4f91; }
a:focus, summary:focus { outline: 3px solid #fd0; outline-offset: 1px; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.25rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0 0.4rem; }
th, td { border: 1px solid #b1b4b6; padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; }
thead th { background: #f3f2f1; }
tbody th { font-weight: normal; }
tbody + tbody { border-top: 3px solid #6f777b; }
td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
td ul, th ul { margin: 0; padding-left: 1.1rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 0.92em; }
figure { margin: 0.5rem 0 1.5rem; }
figure svg { max-width: 100%; height: auto; }
figure.chart svg { width: 40rem; display: block; }
.no-charts { border-left: 4px solid #b1b4b6; padding-left: 0.75rem; }
figcaption { color: #454a4e; margin: 0.25rem 0; }
section { border-top: 1px solid #d8dadb; margin-top: 1rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  summary { list-style: none; }
  summary::-webkit-details-marker { display: none; }
  details::details-content { content-visibility: visible; display: block; }
  h2, h3, caption { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _e(text: str) -> str:
    """Text escaped for an attribute or the page's ``<title>``."""
    return html.escape(_clean(text), quote=True)


#: A word longer than this may break across lines in HTML, so it cannot widen a table or
#: run off the page; shorter words never break.
_LONG_WORD = 30

_WHITE_SPACE = re.compile(r"(\s+)")


def _h(text: str) -> str:
    """Text escaped for an element's content, a very long word given places to break (``<wbr>``)."""
    out = []
    for piece in _WHITE_SPACE.split(_clean(text)):
        if len(piece) <= _LONG_WORD:
            out.append(html.escape(piece, quote=True))
            continue
        chunks = (piece[i : i + _LONG_WORD] for i in range(0, len(piece), _LONG_WORD))
        out.append("<wbr>".join(html.escape(chunk, quote=True) for chunk in chunks))
    return "".join(out)


def _html_text(text: Text) -> str:
    tags = {"strong": "strong", "em": "em", "code": "code"}
    out: list[str] = []
    for style, run in text:
        tag = tags.get(style)
        out.append(f"<{tag}>{_h(run)}</{tag}>" if tag else _h(run))
    return "".join(out)


def _html_cell(cell: _Cell, column_header: bool = False) -> str:
    if not cell.parts:
        inner = ""
    elif len(cell.parts) == 1:
        inner = _html_text(cell.parts[0])
    else:
        inner = "<ul>" + "".join(f"<li>{_html_text(p)}</li>" for p in cell.parts) + "</ul>"
    if cell.header:
        return f'<th scope="row">{inner}</th>'
    css = ' class="num"' if cell.number else ""
    return f"<td{css}>{inner}</td>"


def _html_table(table: _Table) -> list[str]:
    out = [
        "<table>",
        f"<caption>{_h(table.caption)}</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{_e(c)}</th>' for c in table.columns),
        "</tr></thead>",
    ]
    for group in table.groups:
        out.append("<tbody>")
        out.extend("<tr>" + "".join(_html_cell(c) for c in row) + "</tr>" for row in group)
        out.append("</tbody>")
    out.append("</table>")
    return out


def _html_outline(outline: list[tuple[int, Text]]) -> str:
    """An outline as nested ``<ul>`` lists; depths rise one step at a time (a pre-order walk)."""
    if not outline:
        return "<p>Nothing to show.</p>"
    out = ["<ul>"]
    previous = 0
    for position, (depth, text) in enumerate(outline):
        label = _html_text(text)
        if position == 0:
            out.append(f"<li>{label}")
        elif depth > previous:
            out.append(f"<ul><li>{label}")
        elif depth == previous:
            out.append(f"</li><li>{label}")
        else:
            out.append("</li></ul>" * (previous - depth) + f"</li><li>{label}")
        previous = depth
    out.append("</li></ul>" * previous + "</li></ul>")
    return "".join(out)


def _html_contents_entry(section: _Section) -> str:
    """A link in the contents; a long title is cut at a word, whole in the link's tooltip."""
    shown = shorten(section.title, _CONTENTS_CHARS)
    tip = f' title="{_e(" ".join(section.title.split()))}"' if shown != section.title else ""
    return f'<li><a href="#{_e(section.anchor)}"{tip}>{_h(shown)}</a></li>'


def _html_block(block: _Block, content: _Content) -> list[str]:
    if isinstance(block, _Heading):
        return [f"<h3>{_h(block.text)}</h3>"]
    if isinstance(block, _Para):
        return [f"<p>{_html_text(block.text)}</p>"]
    if isinstance(block, _Bullets):
        return ["<ul>", *(f"<li>{_html_text(item)}</li>" for item in block.items), "</ul>"]
    if isinstance(block, _Table):
        return _html_table(block)
    if isinstance(block, _NoCharts):
        if content.draw_charts:
            return []
        return [f'<p class="no-charts">{_h(_NO_CHARTS)}</p>']
    if isinstance(block, _Chart):
        return _html_chart(block, content.draw_charts)
    if isinstance(block, _Mermaid):
        return [
            f"<figure><figcaption>{_h(block.description)}</figcaption>",
            *([block.svg.rstrip("\n")] if block.svg else []),
            "<details><summary>The diagram's Mermaid source</summary>",
            f"<pre><code>{html.escape(_clean(block.source))}</code></pre></details></figure>",
        ]
    if block.part is not None:
        svg = block.part.svg()
        cut = block.part.shortened("svg")
    else:
        svg = _diagram(block.kind, "svg")(content.model, content.unit)
        cut = _shortened(block.kind, "svg", content)
    names = []
    if cut:
        names = [
            f"<p>{_e(_SHORTENED)}</p>",
            "<ul>",
            *(f"<li>{_html_text(_t(_em(shown), ': ', full))}</li>" for shown, full in cut),
            "</ul>",
        ]
    return [
        "<figure>",
        svg,
        f"<figcaption>{_e(block.description)}</figcaption>",
        *names,
        "<details><summary>The same diagram as a list</summary>",
        _html_outline(block.outline),
        "</details>",
        "</figure>",
    ]


def render_html(
    model: Model,
    *,
    result: CheckResult | None = None,
    readiness: Sequence[ReadinessAnswer] = (),
    unit: str | None = None,
    title: str | None = None,
) -> str:
    """The model as one self-contained HTML page: inline CSS and SVG, no script, no links out.

    The content is that of :func:`render_markdown`; the diagrams are inline
    SVG, each followed by the same tree as a nested list. Each unit is a
    ``<details>`` section, open when few units are in view. With ``unit``,
    only that unit and the units below it are shown. The page's title is
    ``title``, by default the organisation (:func:`report_title`).
    """
    content = _Content(model, result, readiness, unit)
    content.draw_charts = model.has_evidence and charts.available()
    title = report_title(model, unit) if title is None else " ".join(title.split())
    sections = content.sections()
    open_units = len(content.units) <= _OPEN_UP_TO
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="cfgov {_e(__version__)}">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{_h(title)}</h1></header>",
        '<nav aria-label="Contents"><h2>Contents</h2><ol>',
        *(_html_contents_entry(s) for s in sections),
        "</ol></nav>",
        "<main>",
    ]
    for section in sections:
        heading = f"<h2>{_h(section.title)}</h2>"
        subtitle = (
            f'<p class="subtitle">{_html_text(section.subtitle)}</p>' if section.subtitle else ""
        )
        out.append(f'<section id="{_e(section.anchor)}">')
        if section.collapsible:
            opened = " open" if open_units else ""
            out.append(f"<details{opened}><summary>{heading}</summary>{subtitle}")
        else:
            out.append(heading + subtitle)
        for block in section.blocks:
            out.extend(_html_block(block, content))
        if section.collapsible:
            out.append("</details>")
        out.append("</section>")
    out += [
        "</main>",
        "</body>",
        "</html>",
    ]
    return printable("\n".join(out) + "\n")


# -- charts ---------------------------------------------------------------------------------------

_NO_CHARTS = (
    "Charts are not drawn here: matplotlib is not installed. Every chart's figures are in "
    "the table in its place; install cfgov with its charts extra "
    "(pip install 'cfgov[charts]') to draw them."
)


def _svg_chart(chart: _Chart) -> str:
    if chart.kind == "progress":
        assert chart.progress is not None
        return charts.svg_progress(chart.progress, chart_id=chart.chart_id, label=chart.label)
    if chart.kind == "scores":
        return charts.svg_scores(
            chart.distribution, title=chart.title, chart_id=chart.chart_id, label=chart.label
        )
    return charts.svg_demand(
        chart.periods,
        chart.value,
        chart.failure,
        title=chart.title,
        chart_id=chart.chart_id,
        label=chart.label,
    )


def _xychart(chart: _Chart) -> str:
    if chart.kind == "progress":
        assert chart.progress is not None
        return charts.xychart_progress(chart.progress)
    if chart.kind == "scores":
        return charts.xychart_scores(chart.distribution, title=chart.title)
    return charts.xychart_demand(chart.periods, chart.value, chart.failure, title=chart.title)


def _html_chart(chart: _Chart, draw: bool) -> list[str]:
    """A chart as a figure: the SVG, its caption and its figures in a table beneath.

    Without matplotlib the table stands in the chart's place, open.
    """
    out = [f'<figure class="chart" id="{_e(chart.chart_id)}-figure">']
    if draw:
        out.append(_svg_chart(chart).rstrip("\n"))
    out.append(f"<figcaption>{_h(chart.caption)}</figcaption>")
    if draw:
        out.append("<details><summary>The figures in this chart</summary>")
        out += _html_table(chart.data)
        out.append("</details>")
    else:
        out += _html_table(chart.data)
    out.append("</figure>")
    return out


# -- diagrams -------------------------------------------------------------------------------------

_SHORTENED = "Names cut short in the diagram, in full:"


def _shortened(kind: str, form: str, content: _Content) -> list[tuple[str, str]]:
    """The names the diagram of this kind and form cuts short, with their full text."""
    from cfgov.report import diagrams

    return diagrams.shortened_names(content.model, content.unit, kind=kind, form=form)


def _diagram(kind: str, form: str) -> Callable[[Model, str | None], str]:
    """The function of :mod:`cfgov.report.diagrams` that draws one diagram in one form.

    Imported on first use, so this module loads on its own.
    """
    from cfgov.report import diagrams

    drawers: dict[tuple[str, str], Callable[[Model, str | None], str]] = {
        ("organisation", "mermaid"): diagrams.mermaid_organisation,
        ("cascade", "mermaid"): diagrams.mermaid_cascade,
        ("organisation", "svg"): diagrams.svg_organisation,
        ("cascade", "svg"): diagrams.svg_cascade,
    }
    return drawers[(kind, form)]
