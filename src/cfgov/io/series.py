"""How evidence is written in YAML: series of periods, expanded into the model's records.

A file writes the results of one measure (or the demand of one segment) once, with
its periods below it; the model holds one record per period. These classes are
what the builder reads an entry into, before :meth:`records` makes the records.
"""

from __future__ import annotations

from typing import Any

import attrs

from cfgov.model import Demand, Result, ResultStatus
from cfgov.model._fields import unchecked_constructor
from cfgov.model.evidence import Value, counts, labels

#: Records made without the model's checks, from values the builder has checked as
#: strictly (tests/io/test_build_unchecked.py holds it to that); a blank id is left to
#: the checked constructor, which words the problem.
_RESULT = unchecked_constructor(Result) or Result
_DEMAND = unchecked_constructor(Demand) or Demand


@attrs.frozen(kw_only=True)
class ResultPeriod:
    """One period of a series of results, as written."""

    period: str
    target: Value | None = None
    actual: Value | None = None
    status: ResultStatus | None = attrs.field(
        default=None, converter=attrs.converters.optional(ResultStatus)
    )
    source: str | None = None
    comment: str | None = None


@attrs.frozen(kw_only=True)
class ResultSeries:
    """The results of one measure (for one breakdown), period by period."""

    measure: str
    breakdown: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=labels)
    source: str | None = None
    status: ResultStatus | None = attrs.field(
        default=None, converter=attrs.converters.optional(ResultStatus)
    )
    periods: tuple[ResultPeriod, ...] = ()

    def records(self) -> list[Result]:
        """One :class:`Result` per period; the series' source and status fill those not given."""
        make = _RESULT if self.measure.strip() else Result
        return [
            make(
                measure=self.measure,
                period=p.period,
                target=p.target,
                actual=p.actual,
                breakdown=self.breakdown,
                status=p.status or self.status,
                source=p.source or self.source,
                comment=p.comment,
            )
            for p in self.periods
        ]


@attrs.frozen(kw_only=True)
class DemandPeriod:
    """One period of a series of demand counts, as written."""

    period: str
    value: int | None = None
    failure: int | None = None
    failure_types: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=counts)
    source: str | None = None
    comment: str | None = None


@attrs.frozen(kw_only=True)
class DemandSeries:
    """The demand of one segment (through one channel, for one service), period by period."""

    segment: str
    channel: str | None = None
    service: str | None = None
    source: str | None = None
    periods: tuple[DemandPeriod, ...] = ()

    def records(self) -> list[Demand]:
        """One :class:`Demand` per period; the series' source fills those not given."""
        make = _DEMAND if self.segment.strip() else Demand
        return [
            make(
                segment=self.segment,
                period=p.period,
                channel=self.channel,
                service=self.service,
                value=p.value,
                failure=p.failure,
                failure_types=p.failure_types,
                source=p.source or self.source,
                comment=p.comment,
            )
            for p in self.periods
        ]


#: The fields of a record that come from its series rather than from its period.
SERIES_FIELDS: dict[type, tuple[str, ...]] = {
    ResultSeries: ("measure", "breakdown", "source", "status"),
    DemandSeries: ("segment", "channel", "service", "source"),
}


def group(records: list[Any], by: tuple[str, ...]) -> list[tuple[tuple[Any, ...], list[Any]]]:
    """Records grouped by the values of ``by``, groups in the order first met."""
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for record in records:
        groups.setdefault(tuple(getattr(record, name) for name in by), []).append(record)
    return list(groups.items())
