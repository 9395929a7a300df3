"""Customer journeys: what a segment goes through, stage by stage and step by step.

A :class:`Journey` follows one segment (seed 004's "aligning service delivery
to customer journeys"; Barker's vision "from the viewpoint of the main
customer segments"). Each :class:`JourneyStep` says the channel, who is
responsible (a unit or a partner), how it feels to the customer, what they
find hard, and the measures that watch it. Where responsibility passes from
one unit or partner to another, ``hand_off`` names who owns the hand-over
(the essay's "no wrong door").
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from cfgov.model._fields import (
    check_ids,
    each,
    id_field,
    ids,
    optional_ref,
    optional_text,
    readable,
    required_text,
    tuple_of,
)
from cfgov.model.enums import Feeling
from cfgov.model.findings import Suppression, suppressions


@readable
@attrs.frozen(kw_only=True)
class JourneyStep:
    """One thing the customer does or goes through."""

    name: str = required_text()
    channel: str | None = optional_text()
    unit: str | None = optional_ref()
    partner: str | None = optional_ref()
    feeling: Feeling | None = attrs.field(
        default=None, converter=attrs.converters.optional(Feeling)
    )
    pain: str | None = optional_text()
    measures: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    hand_off: str | None = optional_text()

    @property
    def responsible(self) -> str | None:
        """The unit or partner responsible for the step: the partner when both are given."""
        return self.partner if self.partner is not None else self.unit


@readable
@attrs.frozen(kw_only=True)
class JourneyStage:
    """A stage of a journey (finding out, applying, waiting...) and its steps."""

    name: str = required_text()
    steps: tuple[JourneyStep, ...] = attrs.field(
        default=(), converter=tuple_of, validator=each(JourneyStep)
    )


@readable
@attrs.frozen(kw_only=True)
class Journey:
    """The journey of one segment through the services of one or more units."""

    id: str = id_field()
    name: str = required_text()
    segment: str = id_field()
    stages: tuple[JourneyStage, ...] = attrs.field(converter=tuple_of, validator=each(JourneyStage))
    description: str | None = optional_text()
    ignore: tuple[Suppression, ...] = attrs.field(default=(), converter=suppressions)

    def all_steps(self) -> Iterator[tuple[int, int, JourneyStep]]:
        """Every step in order, with the positions of its stage and of it within the stage."""
        for s, stage in enumerate(self.stages):
            for t, step in enumerate(stage.steps):
                yield s, t, step

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels the journey's steps use, each once, in order of first use."""
        return tuple(dict.fromkeys(step.channel for _, _, step in self.all_steps() if step.channel))
