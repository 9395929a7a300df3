"""Outcome objectives, their measures, and service standards under principles."""

from __future__ import annotations

from typing import Any

import attrs

from cfgov.model._fields import (
    check_ids,
    check_number,
    each,
    experience_areas,
    id_field,
    ids,
    optional_date,
    optional_ref,
    optional_text,
    readable,
    required_text,
    tuple_of,
)
from cfgov.model.enums import (
    Better,
    Direction,
    ExperienceArea,
    MeasureKind,
    MeasureType,
    Perspective,
)
from cfgov.model.findings import Suppression, suppressions


def _optional_number(_inst: object, attr: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_number(attr.name, value)


def _optional_tolerance(_inst: object, attr: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        check_number(attr.name, value, non_negative=True)


@readable
@attrs.frozen(kw_only=True)
class Measure:
    """How progress on an objective or standard is measured.

    ``kind`` says whether it counts an outcome for customers or an output of
    the organisation; ``perspective`` whether it is taken end to end as the
    customer sees it or as internal activity (Seddon 2006: time to solve the
    problem, not time to answer the phone). ``type`` fixes what values its
    baseline, target and results may hold; ``tolerance`` is how far short of the
    expected level a result may fall and still count as "at risk" rather than
    "off track" (see :func:`cfgov.progress_of`). ``experience`` names the areas
    of the customer's experience it watches (seed 004: speed, engagement...).
    """

    id: str = id_field()
    name: str = required_text()
    kind: MeasureKind | None = attrs.field(
        default=None, converter=attrs.converters.optional(MeasureKind)
    )
    perspective: Perspective | None = attrs.field(
        default=None, converter=attrs.converters.optional(Perspective)
    )
    type: MeasureType | None = attrs.field(
        default=None, converter=attrs.converters.optional(MeasureType)
    )
    unit: str | None = optional_text()
    better: Better | None = attrs.field(default=None, converter=attrs.converters.optional(Better))
    baseline: int | float | None = attrs.field(default=None, validator=_optional_number)
    baseline_date: str | None = optional_date()
    target: int | float | None = attrs.field(default=None, validator=_optional_number)
    deadline: str | None = optional_date()
    tolerance: int | float | None = attrs.field(default=None, validator=_optional_tolerance)
    method: str | None = optional_text()
    description: str | None = optional_text()
    experience: tuple[ExperienceArea, ...] = attrs.field(default=(), converter=experience_areas)
    ignore: tuple[Suppression, ...] = attrs.field(default=(), converter=suppressions)


@readable
@attrs.frozen(kw_only=True)
class OutcomeObjective:
    """What the organisation is trying to achieve for one or more segments."""

    id: str = id_field()
    statement: str = required_text()
    segments: tuple[str, ...] = attrs.field(converter=ids, validator=check_ids)
    direction: Direction | None = attrs.field(
        default=None, converter=attrs.converters.optional(Direction)
    )
    desired_behaviour: str | None = optional_text()
    aims: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    unit: str | None = optional_ref()
    measures: tuple[Measure, ...] = attrs.field(
        default=(), converter=tuple_of, validator=each(Measure)
    )
    ignore: tuple[Suppression, ...] = attrs.field(default=(), converter=suppressions)


@readable
@attrs.frozen(kw_only=True)
class ServiceStandard:
    """A standard that puts a principle into practice, with its aspirational targets."""

    id: str = id_field()
    statement: str = required_text()
    targets: tuple[Measure, ...] = attrs.field(
        default=(), converter=tuple_of, validator=each(Measure)
    )
    experience: tuple[ExperienceArea, ...] = attrs.field(default=(), converter=experience_areas)
    ignore: tuple[Suppression, ...] = attrs.field(default=(), converter=suppressions)


@readable
@attrs.frozen(kw_only=True)
class Principle:
    """A principle of the customer's experience (dignity, trust...) and its standards."""

    id: str = id_field()
    name: str = required_text()
    statement: str | None = optional_text()
    objective: str | None = optional_ref()
    standards: tuple[ServiceStandard, ...] = attrs.field(
        default=(), converter=tuple_of, validator=each(ServiceStandard)
    )
    ignore: tuple[Suppression, ...] = attrs.field(default=(), converter=suppressions)
