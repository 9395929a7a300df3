"""Self-assessments: where a unit places itself on Barker's four components.

An :class:`Assessment` is one sitting: a unit (or organisation), a date, who
assessed it, and for each component a :class:`ComponentAssessment` with a level
on cfgov's own scale (:class:`~cfgov.model.enums.Level`) and the evidence the
team points to. What the model itself can say about each component is worked
out in :mod:`cfgov.model.standing`.
"""

from __future__ import annotations

import attrs

from cfgov.model._fields import (
    check_ids,
    check_texts,
    each,
    id_field,
    ids,
    optional_text,
    readable,
    required_date,
    texts,
    tuple_of,
)
from cfgov.model.enums import Component, Level
from cfgov.model.findings import Suppression, suppressions


@readable
@attrs.frozen(kw_only=True)
class ComponentAssessment:
    """The level a unit claims on one component, and the evidence it points to."""

    component: Component = attrs.field(converter=Component)
    level: Level = attrs.field(converter=Level)
    segments: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    objectives: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    measures: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    partners: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    documents: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=check_texts)
    note: str | None = optional_text()
    next_steps: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=check_texts)

    @property
    def evidence(self) -> tuple[str, ...]:
        """Every entity the team points to, segments first."""
        return self.segments + self.objectives + self.measures + self.partners


@readable
@attrs.frozen(kw_only=True)
class Assessment:
    """One self-assessment of a unit against the four components, on one date."""

    id: str = id_field()
    unit: str = id_field()
    date: str = required_date()
    assessed_by: str | None = optional_text()
    components: tuple[ComponentAssessment, ...] = attrs.field(
        converter=tuple_of, validator=each(ComponentAssessment)
    )
    description: str | None = optional_text()
    ignore: tuple[Suppression, ...] = attrs.field(default=(), converter=suppressions)

    def level_of(self, component: Component | str) -> Level | None:
        """The level claimed for a component, or None when this sitting did not score it."""
        wanted = Component(component)
        for part in self.components:
            if part.component is wanted:
                return part.level
        return None

    def part_for(self, component: Component | str) -> ComponentAssessment | None:
        """The assessment of one component, or None."""
        wanted = Component(component)
        return next((p for p in self.components if p.component is wanted), None)
