"""A model as tidy pandas DataFrames, one row per record, for analysis in notebooks.

pandas is optional (``pip install "cfgov[pandas]"``) and imported only when
:func:`frames` runs, so the rest of cfgov works without it.

**Fixed columns and types.** Every frame has exactly the columns, in the order
and of the types, that :attr:`Frames.SCHEMA` declares for it, whatever the model
holds: an empty model gives empty frames of the same types. The policy:

* ids, names, free text and enumerations: pandas' ``string`` dtype. An
  enumeration holds its YAML word (``"target"``, ``"end_to_end"``, ``"on_track"``);
  the words a column may hold are those of the cfgov enum of the same name
  (``[s.value for s in cfgov.Status]``), should you want a ``category``;
* counts (sizes of a group of records, scores, priority, depth, line): ``Int64``;
* figures (sizes of segments, baselines, targets, actuals, shares, means):
  ``Float64``. A qualitative target or actual, which is text, is in the
  ``target_text`` or ``actual_text`` column instead;
* yes or no: ``boolean``;
* dates as written (``baseline_date``, ``deadline``, ``size_as_of``) and periods
  (``period``): ``string``, kept as written; a period's first and last days are
  in ``start`` and ``end``, of type ``datetime64[ns]``;
* several ids (a unit's parents, an objective's segments) or pairs (a result's
  breakdown): ``object`` columns of tuples, empty when there are none. Use
  ``DataFrame.explode`` for one row per id.

A value that is not set is missing: ``pd.NA`` in every column but the dates,
where it is ``NaT``, pandas' missing date (``pandas.isna`` is true for both); never
0, the empty string, ``None`` or ``NaN``. Counts that vary in what they count
(the themes of feedback, the types of failure demand) are in long frames of
their own (``themes``, ``failure_types``), one row per record and item, so that
no column comes and goes with the data.

The evidence frames take their figures from the model's own queries
(:func:`cfgov.progress_of`, the records' ``mean``, ``high_share``,
``failure_share``...): a frame and a report never disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from cfgov.model import Finding, Model, ServiceStandard, progress_of
from cfgov.model._html import grid_table, some
from cfgov.model.evidence import SCORES
from cfgov.model.experience import AREAS, Coverage, coverage, hand_offs
from cfgov.report import plots
from cfgov.report._words import plural
from cfgov.rules import CheckResult

if TYPE_CHECKING:
    from cfgov.model import Demand, Feedback, Result

#: A ``pandas.DataFrame``. Typed loosely because pandas is an optional extra.
DataFrame: TypeAlias = Any
#: A ``matplotlib.axes.Axes``. Typed loosely because matplotlib is an optional extra.
Axes: TypeAlias = Any

#: The dtypes of the columns, by what a column holds (see the module's policy).
TEXT = "string"
COUNT = "Int64"
FIGURE = "Float64"
FLAG = "boolean"
DAY = "datetime64[ns]"
TUPLE = "object"

_PERIOD = {"period": TEXT, "start": DAY, "end": DAY}

#: The columns of :attr:`Frames.units` and their dtypes: one row per unit, organisations too.
UNIT_SCHEMA: dict[str, str] = {
    "id": TEXT,
    "name": TEXT,
    "kind": TEXT,
    "is_organisation": FLAG,
    "status": TEXT,
    "parents": TUPLE,
    "organisations": TUPLE,
    "depth": COUNT,
    "description": TEXT,
}

#: The columns of :attr:`Frames.segments`: one row per segment.
SEGMENT_SCHEMA: dict[str, str] = {
    "id": TEXT,
    "name": TEXT,
    "category": TEXT,
    "target_kind": TEXT,
    "unit": TEXT,
    "organisations": TUPLE,
    "parent": TEXT,
    "cut": TEXT,
    "size": FIGURE,
    "size_source": TEXT,
    "size_as_of": TEXT,
    "priority": COUNT,
    "voice": TEXT,
    "stakeholder": TEXT,
    "depth": COUNT,
    "need": TEXT,
    "interest": TEXT,
    "behaviour": TEXT,
    "aims": TUPLE,
    "objectives": COUNT,
}

#: The columns of :attr:`Frames.objectives`: one row per outcome objective.
OBJECTIVE_SCHEMA: dict[str, str] = {
    "id": TEXT,
    "statement": TEXT,
    "segments": TUPLE,
    "unit": TEXT,
    "direction": TEXT,
    "desired_behaviour": TEXT,
    "aims": TUPLE,
    "measures": COUNT,
}

#: The columns of :attr:`Frames.measures`: one row per measure or aspirational target.
MEASURE_SCHEMA: dict[str, str] = {
    "id": TEXT,
    "name": TEXT,
    "objective": TEXT,
    "principle": TEXT,
    "standard": TEXT,
    "kind": TEXT,
    "perspective": TEXT,
    "type": TEXT,
    "baseline": FIGURE,
    "baseline_date": TEXT,
    "target": FIGURE,
    "unit": TEXT,
    "better": TEXT,
    "deadline": TEXT,
    "tolerance": FIGURE,
    "method": TEXT,
}

#: The columns of :attr:`Frames.partners`: one row per partner or adviser.
PARTNER_SCHEMA: dict[str, str] = {
    "id": TEXT,
    "name": TEXT,
    "role": TEXT,
    "stakeholder": TEXT,
    "represents": TUPLE,
    "advises_on": TUPLE,
    "delivers_to": TUPLE,
}

#: The columns of :attr:`Frames.findings`: one row per finding that stands.
FINDING_SCHEMA: dict[str, str] = {
    "code": TEXT,
    "severity": TEXT,
    "message": TEXT,
    "hint": TEXT,
    "entity": TEXT,
    "field": TEXT,
    "file": TEXT,
    "line": COUNT,
    "column": COUNT,
}

#: The columns of :attr:`Frames.results`: one row per result (measure, period, breakdown).
RESULT_SCHEMA: dict[str, str] = {
    "measure": TEXT,
    "owner": TEXT,
    **_PERIOD,
    "breakdown": TUPLE,
    "breakdown_text": TEXT,
    "target": FIGURE,
    "actual": FIGURE,
    "target_text": TEXT,
    "actual_text": TEXT,
    "status": TEXT,
    "source": TEXT,
    "comment": TEXT,
}

#: The columns of :attr:`Frames.feedback`: one row per feedback record.
FEEDBACK_SCHEMA: dict[str, str] = {
    "segment": TEXT,
    **_PERIOD,
    "source": TEXT,
    "kind": TEXT,
    "channel": TEXT,
    "service": TEXT,
    "asked": COUNT,
    "answered": COUNT,
    **{f"score_{score}": COUNT for score in SCORES},
    "responses": COUNT,
    "mean": FIGURE,
    "high_share": FIGURE,
    "low_share": FIGURE,
    "response_rate": FIGURE,
    "comment": TEXT,
}

#: The columns of :attr:`Frames.themes`: one row per theme of each feedback record.
THEME_SCHEMA: dict[str, str] = {
    "segment": TEXT,
    **_PERIOD,
    "source": TEXT,
    "channel": TEXT,
    "service": TEXT,
    "theme": TEXT,
    "count": COUNT,
}

#: The columns of :attr:`Frames.demand`: one row per demand count.
DEMAND_SCHEMA: dict[str, str] = {
    "segment": TEXT,
    **_PERIOD,
    "channel": TEXT,
    "service": TEXT,
    "value": COUNT,
    "failure": COUNT,
    "total": COUNT,
    "failure_share": FIGURE,
    "source": TEXT,
    "comment": TEXT,
}

#: The columns of :attr:`Frames.failure_types`: one row per type of each demand count.
FAILURE_TYPE_SCHEMA: dict[str, str] = {
    "segment": TEXT,
    **_PERIOD,
    "channel": TEXT,
    "service": TEXT,
    "type": TEXT,
    "count": COUNT,
}

#: The columns of :attr:`Frames.progress`: one row per measure, as :func:`cfgov.progress_of`
#: judges it.
PROGRESS_SCHEMA: dict[str, str] = {
    "measure": TEXT,
    "name": TEXT,
    "owner": TEXT,
    "status": TEXT,
    "rank": COUNT,
    "reason": TEXT,
    "better": TEXT,
    "baseline": FIGURE,
    "baseline_date": TEXT,
    "target": FIGURE,
    "deadline": TEXT,
    "latest_period": TEXT,
    "latest_start": DAY,
    "latest_end": DAY,
    "actual": FIGURE,
    "previous_period": TEXT,
    "previous_actual": FIGURE,
    "change": FIGURE,
    "improving": FLAG,
    "expected": FIGURE,
    "tolerance": FIGURE,
    "results": COUNT,
}

#: The columns of :attr:`Frames.coverage`: one row per segment and experience area (seed 004),
#: all seven areas for every segment, with the measures that watch it in that area.
COVERAGE_SCHEMA: dict[str, str] = {
    "segment": TEXT,
    "unit": TEXT,
    "organisations": TUPLE,
    "area": TEXT,
    "measures": COUNT,
    "measure_ids": TUPLE,
}

#: The columns of :attr:`Frames.channels`: one row per segment and channel it uses, as it
#: says (``declared``) or as its journeys show (``journeys``).
CHANNEL_SCHEMA: dict[str, str] = {
    "segment": TEXT,
    "channel": TEXT,
    "declared": FLAG,
    "journeys": TUPLE,
}

#: The columns of :attr:`Frames.journeys`: one row per step of each customer journey.
JOURNEY_SCHEMA: dict[str, str] = {
    "journey": TEXT,
    "name": TEXT,
    "segment": TEXT,
    "stage": COUNT,
    "stage_name": TEXT,
    "step": COUNT,
    "step_name": TEXT,
    "channel": TEXT,
    "unit": TEXT,
    "partner": TEXT,
    "responsible": TEXT,
    "feeling": TEXT,
    "score": COUNT,
    "pain": TEXT,
    "measures": TUPLE,
    "hand_off": TEXT,
    "changes_hands": FLAG,
}

#: The columns of :attr:`Frames.assessments`: one row per component of each self-assessment,
#: with the model's own view of the component for the unit (:func:`cfgov.standing_of`, as
#: the model stands now) and the change since the unit's previous sitting.
ASSESSMENT_SCHEMA: dict[str, str] = {
    "assessment": TEXT,
    "unit": TEXT,
    "date": TEXT,
    "latest": FLAG,
    "assessed_by": TEXT,
    "component": TEXT,
    "number": COUNT,
    "level": TEXT,
    "rank": COUNT,
    "previous": TEXT,
    "change": TEXT,
    "model_level": TEXT,
    "ceiling": TEXT,
    "contradicted": FLAG,
    "evidence": TUPLE,
    "documents": TUPLE,
}

#: The columns of :attr:`Frames.initiatives`: one row per initiative and each of the ten
#: steps, with whether the initiative has reached the step and what its record says.
INITIATIVE_SCHEMA: dict[str, str] = {
    "initiative": TEXT,
    "name": TEXT,
    "unit": TEXT,
    "step": TEXT,
    "number": COUNT,
    "stage": TEXT,
    "current": FLAG,
    "reached": FLAG,
    "recorded": FLAG,
    "date": TEXT,
    "produced": TEXT,
    "customers": TUPLE,
    "links": TUPLE,
}

#: The column names of each frame, in order (the keys of its schema).
UNIT_COLUMNS = tuple(UNIT_SCHEMA)
SEGMENT_COLUMNS = tuple(SEGMENT_SCHEMA)
OBJECTIVE_COLUMNS = tuple(OBJECTIVE_SCHEMA)
MEASURE_COLUMNS = tuple(MEASURE_SCHEMA)
PARTNER_COLUMNS = tuple(PARTNER_SCHEMA)
FINDING_COLUMNS = tuple(FINDING_SCHEMA)
RESULT_COLUMNS = tuple(RESULT_SCHEMA)
FEEDBACK_COLUMNS = tuple(FEEDBACK_SCHEMA)
THEME_COLUMNS = tuple(THEME_SCHEMA)
DEMAND_COLUMNS = tuple(DEMAND_SCHEMA)
FAILURE_TYPE_COLUMNS = tuple(FAILURE_TYPE_SCHEMA)
PROGRESS_COLUMNS = tuple(PROGRESS_SCHEMA)
COVERAGE_COLUMNS = tuple(COVERAGE_SCHEMA)
CHANNEL_COLUMNS = tuple(CHANNEL_SCHEMA)
JOURNEY_COLUMNS = tuple(JOURNEY_SCHEMA)
ASSESSMENT_COLUMNS = tuple(ASSESSMENT_SCHEMA)
INITIATIVE_COLUMNS = tuple(INITIATIVE_SCHEMA)

_MISSING_PANDAS = (
    'cfgov.frames needs pandas, which is an optional extra: pip install "cfgov[pandas]"'
)


@attrs.frozen(eq=False)
class Frames:
    """A model as tidy pandas DataFrames, one row per entity or record.

    ``units``, ``segments``, ``objectives``, ``measures`` and ``partners`` come
    from the model's definitions; ``results``, ``feedback``, ``themes``,
    ``demand`` and ``failure_types`` from its evidence; ``progress`` from
    :func:`cfgov.progress_of` for every measure; ``coverage``, ``channels`` and
    ``journeys`` from :mod:`cfgov.model.experience` (the coverage matrix, long,
    and each step of each journey); ``assessments`` (each component of each
    self-assessment beside :func:`cfgov.standing_of`) and ``initiatives`` (each
    initiative against the ten steps); ``findings`` from a
    :class:`~cfgov.CheckResult` (empty when none was given). :attr:`SCHEMA`
    gives the columns of each, in order, with their dtypes; a frame has them
    all, of those types, even when it has no rows.
    """

    #: The columns of each frame, in order, with their pandas dtypes, by the frame's name.
    SCHEMA: ClassVar[dict[str, dict[str, str]]] = {
        "units": UNIT_SCHEMA,
        "segments": SEGMENT_SCHEMA,
        "objectives": OBJECTIVE_SCHEMA,
        "measures": MEASURE_SCHEMA,
        "partners": PARTNER_SCHEMA,
        "findings": FINDING_SCHEMA,
        "results": RESULT_SCHEMA,
        "feedback": FEEDBACK_SCHEMA,
        "themes": THEME_SCHEMA,
        "demand": DEMAND_SCHEMA,
        "failure_types": FAILURE_TYPE_SCHEMA,
        "progress": PROGRESS_SCHEMA,
        "coverage": COVERAGE_SCHEMA,
        "channels": CHANNEL_SCHEMA,
        "journeys": JOURNEY_SCHEMA,
        "assessments": ASSESSMENT_SCHEMA,
        "initiatives": INITIATIVE_SCHEMA,
    }
    #: The columns of each frame, in order, by the frame's name.
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        name: tuple(schema) for name, schema in SCHEMA.items()
    }

    units: DataFrame
    segments: DataFrame
    objectives: DataFrame
    measures: DataFrame
    partners: DataFrame
    findings: DataFrame
    results: DataFrame
    feedback: DataFrame
    themes: DataFrame
    demand: DataFrame
    failure_types: DataFrame
    progress: DataFrame
    coverage: DataFrame
    channels: DataFrame
    journeys: DataFrame
    assessments: DataFrame
    initiatives: DataFrame

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}: {plural(n, 'row', none='0')}" for name, n in self._counts())
        return f"<Frames {counts}>"

    def _counts(self) -> list[tuple[str, int]]:
        return [(a.name, len(getattr(self, a.name))) for a in attrs.fields(type(self))]

    def _repr_html_(self) -> str:
        """Each frame, with how many rows it has and its columns, for Jupyter."""
        return frames_html(self)

    def plot_progress(self, measure_id: str, ax: Axes | None = None) -> Axes:
        """A measure's actual against its target, period by period (needs matplotlib).

        The line is the actual of each period for the whole measure; crosses mark a
        period's own target, a dotted line the measure's target, a square the
        baseline at its date and a vertical line the deadline. The title gives the
        status :func:`cfgov.progress_of` judged. Draws on ``ax`` if given, else on
        a new figure; returns the Axes and never calls ``show``.
        """
        return plots.plot_progress(self.measures, self.results, self.progress, measure_id, ax)

    def plot_feedback(
        self, segment_id: str, period: str | None = None, ax: Axes | None = None
    ) -> Axes:
        """How many of a segment's customers gave each score from 0 to 10 (needs matplotlib).

        Every source of ``period`` (by default the segment's latest) together; bars
        for low scores (0-6), middle ones (7-8) and high ones (9-10) are told apart.
        """
        return plots.plot_feedback(self.feedback, segment_id, period, ax)

    def plot_demand(self, segment_id: str, ax: Axes | None = None) -> Axes:
        """A segment's value and failure demand per period, stacked (needs matplotlib).

        Every channel and service of a period together; the failure share is
        written over each bar.
        """
        return plots.plot_demand(self.demand, segment_id, ax)


def frames_html(frames: Frames) -> str:
    """Each frame of :func:`frames`, its number of rows and its columns, as an HTML table."""
    return grid_table(
        "cfgov frames (pandas DataFrames)",
        ["Frame", "Rows", "Columns"],
        [
            (field.name, len(table), some([str(c) for c in table.columns], limit=12))
            for field in attrs.fields(type(frames))
            for table in [getattr(frames, field.name)]
        ],
    )


def frames(
    model: Model,
    result: CheckResult | None = None,
    *,
    as_of: datetime.date | str | None = None,
) -> Frames:
    """The model (and the findings of ``result``, if given) as tidy pandas DataFrames.

    ``as_of`` is passed to :func:`cfgov.progress_of` for the ``progress`` frame:
    periods ending after it are left out, and deadlines are judged against it.

    Example: the size of each broad segment against the sum of its
    sub-segments::

        segments = frames(model).segments
        segments.groupby("parent")["size"].sum()

    Raises :class:`ImportError` when pandas is not installed.
    """
    try:
        import pandas as pd  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError as exc:
        raise ImportError(_MISSING_PANDAS) from exc

    def frame(rows: Iterable[Mapping[str, Any]], schema: Mapping[str, str]) -> Any:
        listed = list(rows)
        return pd.DataFrame(
            {
                name: _column(pd, [row[name] for row in listed], dtype)
                for name, dtype in schema.items()
            }
        )

    rows = coverage(model)
    return Frames(
        units=frame(_units(model), UNIT_SCHEMA),
        segments=frame(_segments(model), SEGMENT_SCHEMA),
        objectives=frame(_objectives(model), OBJECTIVE_SCHEMA),
        measures=frame(_measures(model), MEASURE_SCHEMA),
        partners=frame(_partners(model), PARTNER_SCHEMA),
        findings=frame(_findings(result.findings if result else ()), FINDING_SCHEMA),
        results=frame(_results(model), RESULT_SCHEMA),
        feedback=frame(_feedback(model.feedback), FEEDBACK_SCHEMA),
        themes=frame(_themes(model.feedback), THEME_SCHEMA),
        demand=frame(_demand(model.demand), DEMAND_SCHEMA),
        failure_types=frame(_failure_types(model.demand), FAILURE_TYPE_SCHEMA),
        progress=frame(_progress(model, as_of), PROGRESS_SCHEMA),
        coverage=frame(_coverage(model, rows), COVERAGE_SCHEMA),
        channels=frame(_channels(rows), CHANNEL_SCHEMA),
        journeys=frame(_journeys(model), JOURNEY_SCHEMA),
        assessments=frame(_assessments(model), ASSESSMENT_SCHEMA),
        initiatives=frame(_initiatives(model), INITIATIVE_SCHEMA),
    )


#: The days a ``datetime64[ns]`` column can hold.
_FIRST_DAY = datetime.date(1677, 9, 22)
_LAST_DAY = datetime.date(2262, 4, 11)


def _column(pd: Any, values: Sequence[Any], dtype: str) -> Any:
    """One column of the given dtype, every missing value (None) as pandas' own."""
    if dtype == TUPLE:
        import numpy as np

        holder = np.empty(len(values), dtype=object)
        for index, value in enumerate(values):
            holder[index] = value
        return pd.Series(holder, dtype=object)
    if dtype == DAY:
        # A day pandas cannot hold at nanosecond resolution is missing (NaT).
        days = [
            None if day is None or not _FIRST_DAY <= day <= _LAST_DAY else pd.Timestamp(day)
            for day in values
        ]
        return pd.Series(pd.array(days, dtype=DAY))
    return pd.Series(pd.array(list(values), dtype=dtype))


def _word(value: object) -> str | None:
    """An enumeration as its YAML word; None stays None."""
    return None if value is None else str(value)


def _figure(value: object) -> float | None:
    """A number as a figure; text (a qualitative value) or None is no figure."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _text(value: object) -> str | None:
    """A qualitative value (text); a number or None is no text."""
    return value if isinstance(value, str) else None


def _span(record: Result | Feedback | Demand) -> dict[str, Any]:
    """A record's period as written, with its first and last days."""
    span = record.span
    return {"period": record.period, "start": span.start, "end": span.end}


def _unit_depths(model: Model) -> dict[str, int]:
    """How far each unit is below a top unit, along its longest path (0 for a top unit)."""
    depths: dict[str, int] = {}
    for unit in model.units:
        stack = [unit.id]
        while stack:
            current = stack[-1]
            if current in depths:
                stack.pop()
                continue
            pending = [p for p in model.unit(current).parents if p not in depths]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            parents = model.unit(current).parents
            depths[current] = 1 + max((depths[p] for p in parents), default=-1)
    return depths


def _units(model: Model) -> Iterable[dict[str, Any]]:
    depths = _unit_depths(model)
    for unit in model.units:
        yield {
            "id": unit.id,
            "name": unit.name,
            "kind": _word(unit.kind),
            "is_organisation": unit.is_organisation,
            "status": _word(unit.status),
            "parents": unit.parents,
            "organisations": tuple(u.id for u in model.organisations_of(unit.id)),
            "depth": depths[unit.id],
            "description": unit.description,
        }


def _segments(model: Model) -> Iterable[dict[str, Any]]:
    organisations: dict[str, tuple[str, ...]] = {}
    for segment in model.segments:
        if segment.unit not in organisations:
            organisations[segment.unit] = tuple(u.id for u in model.organisations_of(segment.unit))
        size = segment.size
        yield {
            "id": segment.id,
            "name": segment.name,
            "category": _word(segment.category),
            "target_kind": _word(segment.target_kind),
            "unit": segment.unit,
            "organisations": organisations[segment.unit],
            "parent": segment.parent,
            "cut": segment.cut,
            "size": None if size is None else _figure(size.value),
            "size_source": None if size is None else size.source,
            "size_as_of": None if size is None else size.as_of,
            "priority": segment.priority,
            "voice": _word(model.voice_of(segment.id)),
            "stakeholder": segment.stakeholder,
            "depth": len(model.lineage_of(segment.id)) - 1,
            "need": segment.need,
            "interest": segment.interest,
            "behaviour": segment.behaviour,
            "aims": segment.aims,
            "objectives": len(model.objectives_for(segment.id)),
        }


def _objectives(model: Model) -> Iterable[dict[str, Any]]:
    for objective in model.objectives:
        yield {
            "id": objective.id,
            "statement": objective.statement,
            "segments": objective.segments,
            "unit": objective.unit,
            "direction": _word(objective.direction),
            "desired_behaviour": objective.desired_behaviour,
            "aims": objective.aims,
            "measures": len(objective.measures),
        }


def _measures(model: Model) -> Iterable[dict[str, Any]]:
    principle_of = {s.id: p.id for p in model.principles for s in p.standards}
    for owner, measure in model.measures():
        is_standard = isinstance(owner, ServiceStandard)
        yield {
            "id": measure.id,
            "name": measure.name,
            "objective": None if is_standard else owner.id,
            "principle": principle_of.get(owner.id),
            "standard": owner.id if is_standard else None,
            "kind": _word(measure.kind),
            "perspective": _word(measure.perspective),
            "type": _word(measure.type),
            "baseline": _figure(measure.baseline),
            "baseline_date": measure.baseline_date,
            "target": _figure(measure.target),
            "unit": measure.unit,
            "better": _word(measure.better),
            "deadline": measure.deadline,
            "tolerance": _figure(measure.tolerance),
            "method": measure.method,
        }


def _partners(model: Model) -> Iterable[dict[str, Any]]:
    for partner in model.partners:
        yield {
            "id": partner.id,
            "name": partner.name,
            "role": _word(partner.role),
            "stakeholder": partner.stakeholder,
            "represents": partner.represents,
            "advises_on": partner.advises_on,
            "delivers_to": partner.delivers_to,
        }


def _findings(findings: Iterable[Finding]) -> Iterable[dict[str, Any]]:
    for finding in findings:
        location = finding.location
        yield {
            "code": finding.code,
            "severity": _word(finding.severity),
            "message": finding.message,
            "hint": finding.hint,
            "entity": finding.entity,
            "field": finding.field,
            "file": None if location is None else location.file,
            "line": None if location is None else location.line,
            "column": None if location is None else location.column,
        }


def _owners(model: Model) -> dict[str, str]:
    """The id of the objective or standard each measure belongs to."""
    return {measure.id: owner.id for owner, measure in model.measures()}


def _results(model: Model) -> Iterable[dict[str, Any]]:
    owners = _owners(model)
    for result in model.results:
        yield {
            "measure": result.measure,
            "owner": owners.get(result.measure),
            **_span(result),
            "breakdown": result.breakdown,
            "breakdown_text": result.breakdown_text or None,
            "target": _figure(result.target),
            "actual": _figure(result.actual),
            "target_text": _text(result.target),
            "actual_text": _text(result.actual),
            "status": _word(result.status),
            "source": result.source,
            "comment": result.comment,
        }


def _feedback(records: Iterable[Feedback]) -> Iterable[dict[str, Any]]:
    for record in records:
        yield {
            "segment": record.segment,
            **_span(record),
            "source": record.source,
            "kind": _word(record.kind),
            "channel": record.channel,
            "service": record.service,
            "asked": record.asked,
            "answered": record.answered,
            **{
                f"score_{score}": count
                for score, count in zip(SCORES, record.distribution, strict=True)
            },
            "responses": record.responses,
            "mean": record.mean,
            "high_share": record.high_share,
            "low_share": record.low_share,
            "response_rate": record.response_rate,
            "comment": record.comment,
        }


def _themes(records: Iterable[Feedback]) -> Iterable[dict[str, Any]]:
    for record in records:
        about = {
            "segment": record.segment,
            **_span(record),
            "source": record.source,
            "channel": record.channel,
            "service": record.service,
        }
        for theme, count in record.themes:
            yield {**about, "theme": theme, "count": count}


def _demand(records: Iterable[Demand]) -> Iterable[dict[str, Any]]:
    for record in records:
        yield {
            "segment": record.segment,
            **_span(record),
            "channel": record.channel,
            "service": record.service,
            "value": record.value,
            "failure": record.failure_total,
            "total": record.total,
            "failure_share": record.failure_share,
            "source": record.source,
            "comment": record.comment,
        }


def _failure_types(records: Iterable[Demand]) -> Iterable[dict[str, Any]]:
    for record in records:
        about = {
            "segment": record.segment,
            **_span(record),
            "channel": record.channel,
            "service": record.service,
        }
        for kind, count in record.failure_types:
            yield {**about, "type": kind, "count": count}


def _progress(model: Model, as_of: datetime.date | str | None) -> Iterable[dict[str, Any]]:
    for owner, measure in model.measures():
        judged = progress_of(model, measure, as_of=as_of)
        latest, previous = judged.latest, judged.previous
        yield {
            "measure": measure.id,
            "name": measure.name,
            "owner": owner.id,
            "status": _word(judged.status),
            "rank": judged.status.rank,
            "reason": judged.reason or None,
            "better": _word(judged.better),
            "baseline": _figure(judged.baseline),
            "baseline_date": judged.baseline_date,
            "target": _figure(judged.target),
            "deadline": judged.deadline,
            "latest_period": None if latest is None else latest.period,
            "latest_start": None if latest is None else latest.span.start,
            "latest_end": None if latest is None else latest.span.end,
            "actual": _figure(judged.actual),
            "previous_period": None if previous is None else previous.period,
            "previous_actual": None if previous is None else _figure(previous.actual),
            "change": _figure(judged.change),
            "improving": judged.improving,
            "expected": _figure(judged.expected),
            "tolerance": _figure(judged.tolerance),
            "results": len(judged.history),
        }


def _coverage(model: Model, rows: Iterable[Coverage]) -> Iterable[dict[str, Any]]:
    organisations: dict[str, tuple[str, ...]] = {}
    for row in rows:
        segment = row.segment
        if segment.unit not in organisations:
            organisations[segment.unit] = tuple(u.id for u in model.organisations_of(segment.unit))
        for area, cell in zip(AREAS, row.cells, strict=True):
            yield {
                "segment": segment.id,
                "unit": segment.unit,
                "organisations": organisations[segment.unit],
                "area": str(area),
                "measures": len(cell),
                "measure_ids": tuple(m.id for m in cell),
            }


def _channels(rows: Iterable[Coverage]) -> Iterable[dict[str, Any]]:
    for row in rows:
        for use in row.channels:
            yield {
                "segment": row.segment.id,
                "channel": use.channel,
                "declared": use.declared,
                "journeys": use.journeys,
            }


def _journeys(model: Model) -> Iterable[dict[str, Any]]:
    for journey in model.journeys:
        changes = {change.after_at for change in hand_offs(journey)}
        for stage, position, step in journey.all_steps():
            yield {
                "journey": journey.id,
                "name": journey.name,
                "segment": journey.segment,
                "stage": stage + 1,
                "stage_name": journey.stages[stage].name,
                "step": position + 1,
                "step_name": step.name,
                "channel": step.channel,
                "unit": step.unit,
                "partner": step.partner,
                "responsible": step.responsible,
                "feeling": _word(step.feeling),
                "score": None if step.feeling is None else step.feeling.score,
                "pain": step.pain,
                "measures": step.measures,
                "hand_off": step.hand_off,
                "changes_hands": (stage, position) in changes,
            }


def _assessments(model: Model) -> Iterable[dict[str, Any]]:
    from cfgov.model.standing import change_between, standing_of

    for unit_id in dict.fromkeys(a.unit for a in model.assessments):
        views = {v.component: v for v in standing_of(model, unit_id).views}
        history = model.assessments_of(unit_id)
        for position, sitting in enumerate(history):
            changes = {c.component: c for c in change_between(history[:position], sitting)}
            for part in sitting.components:
                view, change = views[part.component], changes[part.component]
                yield {
                    "assessment": sitting.id,
                    "unit": unit_id,
                    "date": sitting.date,
                    "latest": position == len(history) - 1,
                    "assessed_by": sitting.assessed_by,
                    "component": part.component.value,
                    "number": part.component.number,
                    "level": part.level.value,
                    "rank": part.level.rank,
                    "previous": _word(change.previous),
                    "change": change.change.value,
                    "model_level": _word(view.level),
                    "ceiling": view.ceiling.value,
                    "contradicted": view.contradicts(part.level),
                    "evidence": part.evidence,
                    "documents": part.documents,
                }


def _initiatives(model: Model) -> Iterable[dict[str, Any]]:
    from cfgov.model.enums import ProgrammeStep

    for initiative in model.initiatives:
        for step in ProgrammeStep:
            record = initiative.record_of(step)
            links = (
                ()
                if record is None
                else (*record.segments, *record.objectives, *record.measures, *record.partners)
            )
            yield {
                "initiative": initiative.id,
                "name": initiative.name,
                "unit": initiative.unit,
                "step": step.value,
                "number": step.number,
                "stage": step.stage.value,
                "current": step is initiative.step,
                "reached": initiative.reached(step),
                "recorded": record is not None,
                "date": None if record is None else record.date,
                "produced": None if record is None else record.produced,
                "customers": () if record is None else record.customers,
                "links": links,
            }
