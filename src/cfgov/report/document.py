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
* the check findings and the readiness answers, when they are given.

Everything is pure: a model (and optionally a check result) in, a string out.
Every piece of text from the model is escaped for the format it lands in.
Work is linear in the size of the model: each query used is indexed, and the
few lookups the model does not index are built here once per call.
"""

from __future__ import annotations

import html
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from cfgov._version import __version__
from cfgov.model import (
    Category,
    Finding,
    Measure,
    Model,
    OutcomeObjective,
    Partner,
    Principle,
    Segment,
    Severity,
    Unit,
)
from cfgov.model.findings import printable
from cfgov.report._words import joined, plural, shorten
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


_Block = _Table | _Para | _Bullets | _Heading | _Figure


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

_NO_SEGMENTS_YET = (
    "No segments yet: the model records who does the work, not the customers they serve."
)

#: The most organisations a title names one by one; beyond, it names the first and counts.
_TITLE_NAMES = 3

#: Above this many units in view, unit sections start closed in HTML.
_OPEN_UP_TO = 12

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
        self.anchors: dict[str, str] = {}
        # Fixed section anchors, so no unit's anchor can take one of them.
        self.taken = {"overview", "diagrams", "hats", "principles", "findings", "readiness"}

    # -- scope ------------------------------------------------------------------------------------

    def _units_in_view(self) -> list[Unit]:
        """Units in view, parents before children (each once), from the top or from ``unit``."""
        model = self.model
        roots = [model.unit(self.unit)] if self.unit is not None else list(model.top_units)
        seen: set[str] = set()
        found: list[Unit] = []
        stack = list(reversed(roots))
        while stack:
            current = stack.pop()
            if current.id in seen:
                continue
            seen.add(current.id)
            found.append(current)
            stack.extend(reversed(model.children_of(current.id)))
        return found

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
        sections += [self.unit_section(unit) for unit in self.units]
        sections.append(self.hats())
        if self.unit is None and self.principles_by_objective.get(None):
            sections.append(self.loose_principles())
        if self.result is not None:
            sections.append(self.findings(self.result))
        if self.readiness:
            sections.append(self.readiness_section())
        return sections

    def overview(self) -> _Section:
        model = self.model
        blocks: list[_Block] = [_Para(_t(f"The model holds {model.summary()}."))]
        organisations = model.organisations
        if self.unit is None and len(organisations) > 1:
            blocks.append(
                _Para(_t("The organisations: ", joined([o.name for o in organisations]), "."))
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
        elif not model.segments:
            blocks.append(_Para(_t(_NO_SEGMENTS_YET)))
        blocks.append(_Para(_t(f"Made by cfgov {__version__}.")))
        return _Section("Overview", "overview", blocks)

    def diagrams(self) -> _Section:
        return _Section(
            "Diagrams",
            "diagrams",
            [
                _Heading("Organisation graph"),
                _Figure(
                    "organisation",
                    "Each arrow runs from a body or unit to a unit below it.",
                    self.organisation_outline(),
                ),
                _Heading("Segment cascade"),
                _Figure(
                    "cascade",
                    "Each arrow runs from a broad segment to a sub-segment that refines it.",
                    self.cascade_outline(),
                ),
            ],
        )

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

    def findings(self, result: CheckResult) -> _Section:
        keep = self.finding_filter()
        kept = [f for f in result.findings if keep(f)]
        blocks: list[_Block] = []
        counts = dict.fromkeys(_SEVERITY_TITLES, 0)
        for finding in kept:
            counts[finding.severity] += 1
        whole = "the model" if self.unit is None else "this part of the model"
        if not kept and not self.segments:
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


def _flat(text: str) -> str:
    """Text from the model on one line, for a sentence built around it: "(set by X)"."""
    return " ".join(text.split())


def _words(value: str) -> str:
    """A vocabulary word as prose: ``ministerial_department`` becomes ``ministerial department``."""
    return value.replace("_", " ")


def _kind(unit: Unit) -> str:
    return _words(str(unit.kind))


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
    return _organisations_title(top) or "Customer segmentation model"


def _organisations_title(organisations: Sequence[Unit]) -> str:
    names = [" ".join(o.name.split()) for o in organisations]
    if len(names) <= _TITLE_NAMES:
        return joined(names)
    others = plural(len(names) - 1, "other organisation")
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
    source = _diagram(block.kind, "mermaid")(content.model, content.unit)
    lines = [_md(block.description), "", "```mermaid", source.rstrip("\n"), "```"]
    cut = _shortened(block.kind, "mermaid", content)
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
            lines += _md_block(block, content)
            lines.append("")
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
