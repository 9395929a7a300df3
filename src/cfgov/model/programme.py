"""The change programme: initiatives tracked through Higson and Sturgess's ten steps.

An :class:`Initiative` is one piece of change a unit is making for some of its
segments. ``step`` says where it has got to in the customer-driven services
process model (seed 001); each :class:`StepRecord` says what one step
produced and links it to the model: the segments, objectives, measures and
partners it concerned, the customers who took part, and documents.
"""

from __future__ import annotations

import attrs

from cfgov.model._fields import (
    check_ids,
    check_texts,
    each,
    id_field,
    ids,
    optional_date,
    optional_text,
    readable,
    required_text,
    texts,
    tuple_of,
)
from cfgov.model.enums import ProgrammeStep, Stage
from cfgov.model.findings import Suppression, suppressions


@readable
@attrs.frozen(kw_only=True)
class StepRecord:
    """What one step of an initiative produced, and whom it involved."""

    step: ProgrammeStep = attrs.field(converter=ProgrammeStep)
    date: str | None = optional_date()
    produced: str | None = optional_text()
    #: Customer segments who took part in the step (in a pilot: the customers involved).
    customers: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    segments: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    objectives: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    measures: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    partners: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    documents: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=check_texts)
    note: str | None = optional_text()


@readable
@attrs.frozen(kw_only=True)
class Initiative:
    """A change a unit is making for some of its segments, and the step it has reached."""

    id: str = id_field()
    name: str = required_text()
    unit: str = id_field()
    step: ProgrammeStep = attrs.field(converter=ProgrammeStep)
    segments: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    objectives: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    partners: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    steps: tuple[StepRecord, ...] = attrs.field(
        default=(), converter=tuple_of, validator=each(StepRecord)
    )
    description: str | None = optional_text()
    ignore: tuple[Suppression, ...] = attrs.field(default=(), converter=suppressions)

    @property
    def stage(self) -> Stage:
        """The stage of the step it has reached."""
        return self.step.stage

    def record_of(self, step: ProgrammeStep | str) -> StepRecord | None:
        """What the initiative recorded for a step, or None (the last record, if several)."""
        found = self.entry_of(step)
        return None if found is None else found[1]

    def entry_of(self, step: ProgrammeStep | str) -> tuple[int, StepRecord] | None:
        """The position in ``steps`` and the record of the last entry for a step, or None."""
        wanted = ProgrammeStep(step)
        found = None
        for position, record in enumerate(self.steps):
            if record.step is wanted:
                found = (position, record)
        return found

    def reached(self, step: ProgrammeStep | str) -> bool:
        """Whether the initiative has got to this step (or beyond)."""
        return self.step.number >= ProgrammeStep(step).number
