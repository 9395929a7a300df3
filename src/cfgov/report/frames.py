"""A model as tidy pandas DataFrames, one row per entity, for analysis in notebooks.

pandas is optional (``pip install cfgov[pandas]``) and imported only when
:func:`frames` runs, so the rest of cfgov works without it.

Every frame has the columns listed for it in :attr:`Frames.COLUMNS`, in that
order, even when it has no rows. Ids are strings; enumerations are their
YAML words (``"target"``, ``"end_to_end"``); a field that is not set is
missing (``pandas.isna`` is true), never 0 or the empty string. Whole-number
columns (size, priority, depth, line) use pandas' nullable ``Int64``, so a
priority of 1 stays 1, not 1.0. Fields that hold several ids
(a unit's parents, an objective's segments) hold a tuple: use
``DataFrame.explode`` for one row per id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, TypeAlias

import attrs

from cfgov.model import Finding, Model, ServiceStandard
from cfgov.report._words import plural
from cfgov.rules import CheckResult

#: A ``pandas.DataFrame``. Typed loosely because pandas is an optional extra.
DataFrame: TypeAlias = Any

#: The columns of :attr:`Frames.units`: one row per unit, organisations included.
UNIT_COLUMNS = (
    "id",
    "name",
    "kind",
    "is_organisation",
    "status",
    "parents",
    "organisations",
    "depth",
    "description",
)

#: The columns of :attr:`Frames.segments`: one row per segment.
SEGMENT_COLUMNS = (
    "id",
    "name",
    "category",
    "target_kind",
    "unit",
    "organisations",
    "parent",
    "cut",
    "size",
    "size_source",
    "size_as_of",
    "priority",
    "voice",
    "stakeholder",
    "depth",
    "need",
    "interest",
    "behaviour",
    "aims",
    "objectives",
)

#: The columns of :attr:`Frames.objectives`: one row per outcome objective.
OBJECTIVE_COLUMNS = (
    "id",
    "statement",
    "segments",
    "unit",
    "direction",
    "desired_behaviour",
    "aims",
    "measures",
)

#: The columns of :attr:`Frames.measures`: one row per measure or aspirational target.
MEASURE_COLUMNS = (
    "id",
    "name",
    "objective",
    "principle",
    "standard",
    "kind",
    "perspective",
    "baseline",
    "baseline_date",
    "target",
    "unit",
    "better",
    "deadline",
    "method",
)

#: The columns of :attr:`Frames.partners`: one row per partner or adviser.
PARTNER_COLUMNS = (
    "id",
    "name",
    "role",
    "stakeholder",
    "represents",
    "advises_on",
    "delivers_to",
)

#: The columns of :attr:`Frames.findings`: one row per finding that stands.
FINDING_COLUMNS = (
    "code",
    "severity",
    "message",
    "hint",
    "entity",
    "field",
    "file",
    "line",
    "column",
)

_MISSING_PANDAS = "cfgov.frames needs pandas, which is an optional extra: pip install cfgov[pandas]"


@attrs.frozen(eq=False)
class Frames:
    """A model as six tidy pandas DataFrames, one row per entity.

    ``units``, ``segments``, ``objectives``, ``measures`` and ``partners``
    come from the model; ``findings`` from a :class:`~cfgov.CheckResult`
    (empty when none was given). :attr:`COLUMNS` names the columns of each,
    in order; a frame has them all even when it has no rows.
    """

    #: The columns of each frame, in order, by the frame's name.
    COLUMNS: ClassVar[dict[str, tuple[str, ...]]] = {
        "units": UNIT_COLUMNS,
        "segments": SEGMENT_COLUMNS,
        "objectives": OBJECTIVE_COLUMNS,
        "measures": MEASURE_COLUMNS,
        "partners": PARTNER_COLUMNS,
        "findings": FINDING_COLUMNS,
    }

    units: DataFrame
    segments: DataFrame
    objectives: DataFrame
    measures: DataFrame
    partners: DataFrame
    findings: DataFrame

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}: {plural(n, 'row', none='0')}" for name, n in self._counts())
        return f"<Frames {counts}>"

    def _counts(self) -> list[tuple[str, int]]:
        return [(a.name, len(getattr(self, a.name))) for a in attrs.fields(type(self))]

    def _repr_html_(self) -> str:
        """The six frames, with how many rows each has and its columns, for Jupyter."""
        from cfgov.report.html import frames_html

        return frames_html(self)


def frames(model: Model, result: CheckResult | None = None) -> Frames:
    """The model (and the findings of ``result``, if given) as tidy pandas DataFrames.

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

    def frame(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Any:
        return pd.DataFrame(list(rows), columns=list(columns))

    def whole_numbers(table: Any, *names: str) -> Any:
        # Nullable integers, so a missing priority does not turn 1 into 1.0.
        for name in names:
            values = [v for v in table[name] if v is not None and not pd.isna(v)]
            if all(isinstance(v, int) or float(v).is_integer() for v in values):
                table[name] = table[name].astype("Int64")
        return table

    return Frames(
        units=whole_numbers(frame(_units(model), UNIT_COLUMNS), "depth"),
        segments=whole_numbers(
            frame(_segments(model), SEGMENT_COLUMNS), "size", "priority", "depth", "objectives"
        ),
        objectives=whole_numbers(frame(_objectives(model), OBJECTIVE_COLUMNS), "measures"),
        measures=frame(_measures(model), MEASURE_COLUMNS),
        partners=frame(_partners(model), PARTNER_COLUMNS),
        findings=whole_numbers(
            frame(_findings(result.findings if result else ()), FINDING_COLUMNS), "line", "column"
        ),
    )


def _word(value: object) -> str | None:
    """An enumeration as its YAML word; None stays None."""
    return None if value is None else str(value)


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
        voice = model.voice_of(segment.id)
        yield {
            "id": segment.id,
            "name": segment.name,
            "category": _word(segment.category),
            "target_kind": _word(segment.target_kind),
            "unit": segment.unit,
            "organisations": organisations[segment.unit],
            "parent": segment.parent,
            "cut": segment.cut,
            "size": None if size is None else size.value,
            "size_source": None if size is None else size.source,
            "size_as_of": None if size is None else size.as_of,
            "priority": segment.priority,
            "voice": _word(voice),
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
            "baseline": measure.baseline,
            "baseline_date": measure.baseline_date,
            "target": measure.target,
            "unit": measure.unit,
            "better": _word(measure.better),
            "deadline": measure.deadline,
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
