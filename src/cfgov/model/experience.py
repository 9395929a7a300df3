"""The customer's experience: which measures watch a segment, in which areas, on which channels.

Seed 004 names seven areas in which customers judge a service (speed,
engagement, responsiveness, value, integration, choice, experience). A measure
or a service standard says which it watches with ``experience:``. This module
answers, from the model alone:

* :func:`measures_watching`: the measures that watch a segment: those of the
  objectives that name it, the targets of the service standards under the
  principles that serve those objectives, and the measures named by the steps
  of the segment's journeys. Only the segment's own objectives and journeys
  count, not those of the segments above or below it.
* :func:`areas_of`: the areas a measure watches: its own tags, and those of the
  service standard it is a target of.
* :func:`coverage`: per segment, the measures in each area (the coverage
  matrix) and the channels the segment uses, as it says (``channels:``) and as
  its journeys show.
* :func:`hand_offs`: where a journey passes from one unit or partner to
  another (the essay's "no wrong door").

Everything is pure and linear in the size of what it looks at.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from cfgov.model.enums import ExperienceArea
from cfgov.model.journeys import Journey, JourneyStep
from cfgov.model.model import Model
from cfgov.model.objectives import Measure, ServiceStandard
from cfgov.model.segments import Segment

__all__ = [
    "AREAS",
    "ChannelUse",
    "Coverage",
    "HandOff",
    "areas_of",
    "channel_key",
    "coverage",
    "hand_offs",
    "measures_watching",
    "tags_experience",
]

#: The seven areas in the order seed 004 gives them (and reports show them).
AREAS: tuple[ExperienceArea, ...] = tuple(ExperienceArea)


def channel_key(channel: str) -> str:
    """A channel as it is compared: case folded, white space collapsed ("Phone " is "phone")."""
    return " ".join(channel.split()).casefold()


def tags_experience(model: Model) -> bool:
    """Whether any measure or service standard in the model names an experience area."""
    if any(measure.experience for _, measure in model.measures()):
        return True
    return any(
        standard.experience for principle in model.principles for standard in principle.standards
    )


def areas_of(model: Model, measure: Measure) -> tuple[ExperienceArea, ...]:
    """The areas a measure watches: its own, then its service standard's, each once, in order
    of :data:`AREAS`. A measure not in the model (built by hand) has its own areas only."""
    found = set(measure.experience)
    try:
        owner = model.owner_of(measure.id)
    except KeyError:
        owner = None
    if isinstance(owner, ServiceStandard):
        found.update(owner.experience)
    return tuple(area for area in AREAS if area in found)


def measures_watching(model: Model, segment_id: str) -> tuple[Measure, ...]:
    """The measures that watch a segment, each once, in order of first mention.

    First the measures of each objective naming the segment with the targets of
    the standards serving it (:meth:`Model.measures_for`), then the measures the
    steps of its journeys name. :class:`KeyError` if there is no such segment.
    """
    found: dict[str, Measure] = {}
    for objective in model.objectives_for(segment_id):
        for measure in model.measures_for(objective.id):
            found.setdefault(measure.id, measure)
    for journey in model.journeys_for(segment_id):
        for _, _, step in journey.all_steps():
            for measure_id in step.measures:
                if measure_id not in found:
                    try:
                        found[measure_id] = model.measure(measure_id)
                    except KeyError:  # a model built unchecked; the check reports it
                        continue
    return tuple(found.values())


@attrs.frozen
class ChannelUse:
    """One channel a segment uses: whether the segment says so, and which journeys use it."""

    channel: str
    declared: bool
    journeys: tuple[str, ...] = ()


@attrs.frozen
class Coverage:
    """One segment's row of the coverage matrix.

    ``cells`` holds, for each area of :data:`AREAS` in order, the measures that
    watch the segment in that area; ``measures`` every measure that watches it,
    tagged or not; ``channels`` the channels it uses, those it declares first.
    """

    segment: Segment
    measures: tuple[Measure, ...]
    cells: tuple[tuple[Measure, ...], ...]
    channels: tuple[ChannelUse, ...]

    def in_area(self, area: ExperienceArea | str) -> tuple[Measure, ...]:
        """The measures that watch the segment in one area."""
        return self.cells[AREAS.index(ExperienceArea(area))]

    @property
    def measured_areas(self) -> tuple[ExperienceArea, ...]:
        """The areas at least one measure watches, in order."""
        return tuple(area for area, cell in zip(AREAS, self.cells, strict=True) if cell)

    @property
    def missing_areas(self) -> tuple[ExperienceArea, ...]:
        """The areas no measure watches, in order."""
        return tuple(area for area, cell in zip(AREAS, self.cells, strict=True) if not cell)

    @property
    def untagged(self) -> tuple[Measure, ...]:
        """The measures that watch the segment but name no area (nor does their standard)."""
        tagged = {m.id for cell in self.cells for m in cell}
        return tuple(m for m in self.measures if m.id not in tagged)


def _channels(segment: Segment, journeys: Iterable[Journey]) -> tuple[ChannelUse, ...]:
    spelt: dict[str, str] = {}
    declared: set[str] = set()
    used: dict[str, list[str]] = {}
    for channel in segment.channels:
        key = channel_key(channel)
        if key:
            spelt.setdefault(key, " ".join(channel.split()))
            declared.add(key)
    for journey in journeys:
        for channel in journey.channels:
            key = channel_key(channel)
            if not key:
                continue
            spelt.setdefault(key, " ".join(channel.split()))
            ids = used.setdefault(key, [])
            if journey.id not in ids:
                ids.append(journey.id)
    return tuple(
        ChannelUse(shown, key in declared, tuple(used.get(key, ()))) for key, shown in spelt.items()
    )


def _coverage_of(model: Model, segment: Segment) -> Coverage:
    measures = measures_watching(model, segment.id)
    cells: dict[ExperienceArea, list[Measure]] = {area: [] for area in AREAS}
    for measure in measures:
        for area in areas_of(model, measure):
            cells[area].append(measure)
    return Coverage(
        segment=segment,
        measures=measures,
        cells=tuple(tuple(cells[area]) for area in AREAS),
        channels=_channels(segment, model.journeys_for(segment.id)),
    )


def coverage(model: Model, segments: Iterable[str] | None = None) -> tuple[Coverage, ...]:
    """The coverage matrix: a row per segment (every segment, or those named), in that order.

    :class:`KeyError` for a segment id the model does not hold.
    """
    chosen = model.segments if segments is None else [model.segment(s) for s in segments]
    return tuple(_coverage_of(model, segment) for segment in chosen)


@attrs.frozen
class HandOff:
    """Where a journey passes from one unit or partner to another.

    ``before`` is the last step before it that names who is responsible, and
    ``after`` the step where the responsibility changes; each comes with the
    positions of its stage and of it within the stage (``stages.S.steps.T``).
    """

    journey: Journey
    before: JourneyStep
    before_at: tuple[int, int]
    after: JourneyStep
    after_at: tuple[int, int]

    @property
    def owned(self) -> bool:
        """Whether the step where responsibility changes names who owns the hand-over (blank
        text names no one)."""
        return bool(self.after.hand_off and self.after.hand_off.strip())

    @property
    def field(self) -> str:
        """The path of the step where responsibility changes: ``stages.S.steps.T``."""
        stage, step = self.after_at
        return f"stages.{stage}.steps.{step}"


def hand_offs(journey: Journey) -> Iterator[HandOff]:
    """Each place where the responsible unit or partner differs from that of the step before.

    A step that names no one responsible is passed over: the step after it is
    compared with the last step that did name someone, so a gap in the record
    does not hide a change of hands.
    """
    last: tuple[JourneyStep, tuple[int, int]] | None = None
    for stage, position, step in journey.all_steps():
        if step.responsible is None:
            continue
        if last is not None and last[0].responsible != step.responsible:
            yield HandOff(journey, last[0], last[1], step, (stage, position))
        last = (step, (stage, position))
