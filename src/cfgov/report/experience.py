"""The report's sections on the customer's experience: the coverage matrix and the journeys.

* **Customer experience**: for each organisation, a table of its target
  segments against the seven experience areas of seed 004 (a tick where a
  measure watches the segment in that area, with how many when more than one),
  and a table of the channels each segment uses, as it says and as its
  journeys show. Built from :func:`cfgov.model.experience.coverage`.
* **Customer journeys**: each journey of a segment in view, as a table of its
  steps (stage, step, channel, who is responsible, how it feels, what is hard,
  the measures watching it and the hand-over) and as a Mermaid ``journey``
  diagram (:func:`cfgov.report.diagrams.journey_diagram`).

This module says *what* the sections hold, as plain text in small views
(:class:`SectionView`, :class:`Part`, :class:`Grid`); :mod:`cfgov.report.document`
writes them out as Markdown and HTML with the rest of the report, escaping them
alike, and a site or notebook may write them its own way. A model with no
experience tags, channels or journeys gets neither section, so reports of models
that do not use them are unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from cfgov.model import Journey, JourneyStep, Model, Segment
from cfgov.model.experience import AREAS, Coverage, coverage, hand_offs, tags_experience
from cfgov.report._words import plural, shorten
from cfgov.report.diagrams import NEUTRAL_SCORE, journey_diagram, svg_journey

__all__ = [
    "JOURNEY_COLUMNS",
    "Grid",
    "Part",
    "SectionView",
    "area_mark",
    "experience_views",
]

_TICK = "\u2713"

#: The columns of the table of a journey's steps.
JOURNEY_COLUMNS = (
    "Stage",
    "Step",
    "Channel",
    "Responsible",
    "Feeling",
    "Pain",
    "Measures",
    "Hand-off",
)

#: What the hand-off column says where a step changes hands and no one is named for it.
UNOWNED = "changes hands; no one named"


@dataclass(frozen=True)
class Grid:
    """A table of plain text; the first cell of each row names the row (empty: no name).

    Rows come in groups (a journey's stages), each a ``tbody`` in HTML.
    """

    caption: str
    columns: tuple[str, ...]
    groups: list[list[tuple[str, ...]]]


@dataclass(frozen=True)
class Part:
    """A part of a section: a heading, a paragraph, tables and a Mermaid diagram, each optional."""

    heading: str = ""
    text: str = ""
    grids: list[Grid] = field(default_factory=list)
    mermaid: str = ""
    mermaid_description: str = ""
    #: The same diagram drawn as inline SVG, for HTML that runs no script.
    svg: str = ""


@dataclass(frozen=True)
class SectionView:
    """A top-level section of the report: its title, its anchor in HTML and its parts."""

    title: str
    anchor: str
    parts: list[Part]


def area_mark(count: int) -> str:
    """What a cell of the coverage matrix shows: nothing, a tick, or a tick and a count."""
    if count <= 0:
        return ""
    return _TICK if count == 1 else f"{_TICK} {count}"


def experience_views(model: Model, segments: Sequence[Segment]) -> list[SectionView]:
    """The experience and journey sections for the segments in view (the report gives those
    of its units); none when the model has nothing to show for them."""
    in_view = {s.id for s in segments}
    targets = [s for s in segments if s.is_target]
    journeys = [j for j in model.journeys if j.segment in in_view]
    views = []
    if tags_experience(model) or journeys or any(s.channels for s in targets):
        views.append(_coverage_view(model, targets))
    if journeys:
        views.append(
            SectionView(
                "Customer journeys", "journeys", [_journey_part(model, j) for j in journeys]
            )
        )
    return views


def _flat(text: str, width: int = 90) -> str:
    return shorten(" ".join(text.split()), width)


def _by_organisation(model: Model, rows: tuple[Coverage, ...]) -> list[tuple[str, list[Coverage]]]:
    grouped: dict[str, list[Coverage]] = defaultdict(list)
    for row in rows:
        for organisation in model.organisations_of(row.segment.unit):
            grouped[organisation.id].append(row)
    return [(o.name, grouped[o.id]) for o in model.organisations if grouped.get(o.id)]


_INTRO = (
    "The seven areas in which customers judge a service (seed 004): speed, engagement, "
    "responsiveness, value, integration (no wrong door), choice of channels and a personal "
    f"experience. {_TICK} means one measure watches the segment in that area, {_TICK} 2 two "
    "measures, and so on: the measures of its objectives, of the service standards serving "
    "them and of its journeys' steps, tagged with experience:. Untagged counts the measures "
    "that watch it but name no area. The channels are those each segment declares and those "
    "its journeys use."
)


_UNTAGGED = (
    "No measure or service standard in the model names an experience area yet, so there is "
    "no coverage matrix to draw: tag them with experience: (docs/journeys.md says how)."
)


def _coverage_view(model: Model, segments: list[Segment]) -> SectionView:
    rows = coverage(model, [s.id for s in segments])
    parts = [Part(text=_INTRO)]
    grouped = _by_organisation(model, rows)
    if not grouped:
        parts.append(Part(text="No target segments in view."))
    tagged = tags_experience(model)
    if not tagged:
        parts.append(Part(text=_UNTAGGED))
    for name, members in grouped:
        matrix = Grid(
            f"Target segments of {_flat(name)} against the experience areas",
            ("Segment", "Priority", *(str(a).capitalize() for a in AREAS), "Untagged"),
            [
                [
                    (
                        _flat(row.segment.name),
                        str(row.segment.priority) if row.segment.priority is not None else "—",
                        *(area_mark(len(cell)) for cell in row.cells),
                        str(len(row.untagged)) if row.untagged else "",
                    )
                    for row in members
                ]
            ],
        )
        channels = _channel_grid(name, members)
        parts.append(
            Part(
                heading=f"Coverage in {_flat(name)}",
                grids=([matrix] if tagged else []) + ([channels] if channels else []),
            )
        )
        if channels is None:  # said where the channels table would be, after the matrix
            parts.append(Part(text="No channels are recorded for these segments."))
    return SectionView("Customer experience", "experience", parts)


def _channel_grid(name: str, members: list[Coverage]) -> Grid | None:
    channels: dict[str, str] = {}
    for row in members:
        for use in row.channels:
            channels.setdefault(use.channel.casefold(), use.channel)
    if not channels:
        return None
    rows = []
    for row in members:
        uses = {use.channel.casefold(): use for use in row.channels}
        cells = []
        for key in channels:
            found = uses.get(key)
            if found is None:
                cells.append("")
            elif found.declared and found.journeys:
                cells.append("declared; in a journey")
            else:
                cells.append("declared" if found.declared else "in a journey")
        rows.append((_flat(row.segment.name), *cells))
    return Grid(
        f"Channels the target segments of {_flat(name)} use, as each declares and as its "
        "journeys show",
        ("Segment", *channels.values()),
        [rows],
    )


def _name_of(model: Model, entity_id: str) -> str:
    name = getattr(model.get(entity_id), "name", None)
    return " ".join(name.split()) if isinstance(name, str) else entity_id


def _responsible(model: Model, step: JourneyStep) -> str:
    who = step.responsible
    if who is None:
        return ""
    kind = "partner" if step.partner is not None else "unit"
    return f"{_name_of(model, who)} ({kind})"


def _journey_part(model: Model, journey: Journey) -> Part:
    steps = sum(len(stage.steps) for stage in journey.stages)
    text = (
        f"The journey of {_name_of(model, journey.segment)} ({journey.segment}): "
        f"{plural(len(journey.stages), 'stage')}, {plural(steps, 'step')}; id {journey.id}."
    )
    if journey.description:
        text += " " + journey.description
    changes = {change.after_at: change for change in hand_offs(journey)}
    groups: list[list[tuple[str, ...]]] = []
    for s, stage in enumerate(journey.stages):
        rows: list[tuple[str, ...]] = []
        for t, step in enumerate(stage.steps):
            change = changes.get((s, t))
            unowned = change is not None and not change.owned
            feeling = step.feeling
            rows.append(
                (
                    stage.name if t == 0 else "",
                    step.name,
                    step.channel or "",
                    _responsible(model, step),
                    f"{feeling.value.replace('_', ' ')} ({feeling.score})" if feeling else "",
                    step.pain or "",
                    "; ".join(f"{_name_of(model, m)} ({m})" for m in step.measures),
                    UNOWNED if unowned else (step.hand_off or ""),
                )
            )
        groups.append(rows or [(stage.name, "no steps recorded", *[""] * 6)])
    return Part(
        heading=_flat(journey.name),
        text=text,
        grids=[
            Grid(f"The steps of {_flat(journey.name)}, stage by stage", JOURNEY_COLUMNS, groups)
        ],
        mermaid=journey_diagram(model, journey),
        svg=svg_journey(model, journey),
        mermaid_description="The journey as a Mermaid journey diagram: each step is scored "
        f"from 1 (very bad) to 5 (very good), {NEUTRAL_SCORE} where the feeling is not "
        "recorded, with who is responsible and the channel as its actors.",
    )
