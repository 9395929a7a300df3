"""The model as a SQL database, through SQLAlchemy Core: written, and read back.

The tables are derived from the format's declarations (:mod:`cfgov.io.format`),
so a field added to the format gets its column or table without anyone keeping
a list:

* a table per collection, with a TEXT primary key ``id``; organisations and
  their units share one table, ``units``, told apart by ``kind`` (and the
  ``is_organisation`` column), as the model holds them in one graph;
* nested entries get tables of their own, keyed by their owner's id and their
  position: ``measures`` (of an objective, or the targets of a service
  standard), ``service_standards``, ``knowledge_sources``; a segment's ``size``
  is three columns of ``segments``;
* every list of ids is a link table named after its owner and field
  (``unit_parents``, ``objective_segments``, ``partner_represents``...), with
  the position of each item; every list of words, mapping or count is a table
  the same way (``segment_channels``, ``unit_identifiers``, ``feedback_scores``);
* every reference is a foreign key (deferred, so that rows may come in any
  order); the suppressions of each kind of entry are its ``*_ignore`` table;
* evidence records have a whole-number ``id`` of their own; a period of a
  result or demand series is one row (``results``, ``demand``), with the days
  the period covers as ``period_start`` and ``period_end``.

Tables worked out from the model at export, for dashboards: ``segment_lineage``,
``unit_organisations`` and ``measure_status`` (where each measure stands, from
:func:`cfgov.progress_of`); and views over all of them (:data:`VIEWS`).
``cfgov_export`` holds one row saying which cfgov wrote the database and when.

Numbers are stored as floating point (REAL, DOUBLE PRECISION) so that every
tool can sum them; a whole number comes back whole.

This is the only module that imports SQLAlchemy (the ``sql`` extra).
"""

from __future__ import annotations

import contextlib
import enum
import importlib.util
import json
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url

from cfgov._version import __version__
from cfgov.io.format import (
    COLLECTIONS,
    EVIDENCE_COLLECTIONS,
    EntitySpec,
    FieldSpec,
    FieldType,
)
from cfgov.model import (
    Assessment,
    ComponentAssessment,
    Demand,
    Feedback,
    Initiative,
    Journey,
    JourneyStage,
    JourneyStep,
    KnowledgeSource,
    Measure,
    Model,
    OutcomeObjective,
    Principle,
    Result,
    ServiceStandard,
    Size,
    StepRecord,
    Suppression,
)
from cfgov.model.periods import parse_period
from cfgov.model.progress import progress_of

__all__ = [
    "EXPORT_TABLE",
    "LAYOUT_VERSION",
    "TABLE_OF_SPEC",
    "VIEWS",
    "SqlError",
    "View",
    "export_sql",
    "import_sql",
    "metadata",
    "safe_url",
    "sql_reference",
]

#: The table that marks a database (or schema) as written by cfgov.
EXPORT_TABLE = "cfgov_export"

#: The version of the layout of the tables; raised when a change would break queries, or
#: when an earlier export lacks tables this cfgov reads back (2: assessments, initiatives,
#: journeys and experience areas).
LAYOUT_VERSION = 2

T = FieldType


class SqlError(Exception):
    """The database cannot be written or read; the message says why, without a password."""


# -- the tables, from the declarations ------------------------------------------------------

#: The table of each kind of entity a reference names.
_TABLE_OF_REF = {
    "unit": "units",
    "aim": "aims",
    "stakeholder": "stakeholders",
    "segment": "segments",
    "partner": "partners",
    "objective": "objectives",
    "principle": "principles",
    "measure": "measures",
    "assessment": "assessments",
    "initiative": "initiatives",
    "journey": "journeys",
}

#: Tables of nested entries, by the name of their spec.
_NESTED_TABLES = {
    "measure": "measures",
    "service_standard": "service_standards",
    "knowledge_source": "knowledge_sources",
    "component_assessment": "assessment_components",
    "step_record": "initiative_steps",
    "journey_stage": "journey_stages",
    "journey_step": "journey_steps",
}

#: Nested entries without ids that hold lists (or sit under such an entry): keyed by their
#: owner's keys and their position, with the prefix of their child tables' names and the
#: word naming their position in the tables under them (``stage_position``).
_KEYED = {
    "component_assessment": ("assessment_component", "component"),
    "step_record": ("initiative_step", "step"),
    "journey_stage": ("journey_stage", "stage"),
    "journey_step": ("journey_step", "step"),
}

#: How an owner is named in the tables under it, by the collection it comes from.
_OWNER = {
    "organisations": "unit",
    "units": "unit",
    "aims": "aim",
    "stakeholders": "stakeholder",
    "segments": "segment",
    "partners": "partner",
    "objectives": "objective",
    "principles": "principle",
    "results": "result",
    "feedback": "feedback",
    "demand": "demand",
    "assessments": "assessment",
    "initiatives": "initiative",
    "journeys": "journey",
}

#: The column holding one item of a list, where the field's reference would not do.
_ITEM = {
    "parents": "parent",
    "channels": "channel",
    "themes": "theme",
    "experience": "area",
    "documents": "document",
    "next_steps": "next_step",
}

#: The two columns of a mapping of names to text, by field.
_PAIRS = {"identifiers": ("scheme", "value"), "breakdown": ("dimension", "value")}

#: References kept as text without a foreign key: an alias names an id that the loader
#: merged away, so no row has it.
_NO_FOREIGN_KEY = frozenset({("unit", "same_as")})


def _item_column(field: FieldSpec, owner: str) -> str:
    if field.name in _ITEM:
        return _ITEM[field.name]
    if field.type is T.REFS and field.ref is not None and field.ref != owner:
        return field.ref
    if field.type is T.COUNTS and field.name.endswith("s"):
        return field.name[:-1]
    return field.name


def _foreign_key(ref: str | None, schema: str | None) -> sa.ForeignKey:
    assert ref is not None
    table = _TABLE_OF_REF[ref]
    target = f"{schema}.{table}.id" if schema else f"{table}.id"
    return sa.ForeignKey(target, deferrable=True, initially="DEFERRED")


@attrs.frozen
class _Child:
    """A table of the items of one field (a list, a mapping, nested entries)."""

    table: str
    field: FieldSpec
    owner: str  # the owner's column
    item: str = ""  # the item's column (lists of ids or words)
    pair: tuple[str, str] = ("", "")  # the key and value columns (mappings, counts)


@attrs.frozen
class _Plan:
    """How one kind of entry is laid out: its table, its columns and its child tables."""

    spec: EntitySpec
    table: str
    owner: str  # how child tables name their owner
    #: The spec's fields stored as columns of the table (nested mappings flattened).
    columns: tuple[FieldSpec, ...]
    children: tuple[_Child, ...]
    #: For evidence: the spec of the period, whose fields are columns too.
    period: EntitySpec | None = None


_SCALAR = {
    T.ID: sa.Text,
    T.TEXT: sa.Text,
    T.REF: sa.Text,
    T.CHOICE: sa.Text,
    T.BOOL: sa.Boolean,
    T.PRIORITY: sa.Integer,
    T.NUMBER: sa.Float,
    T.DATE: sa.Text,
    T.COUNT: sa.Integer,
    T.PERIOD: sa.Text,
}

_CHILD_TYPES = frozenset({T.REFS, T.TEXTS, T.CHOICES, T.LABELS, T.COUNTS, T.SCORES, T.SUPPRESSIONS})


def _plan(spec: EntitySpec, table: str, owner: str) -> _Plan:
    columns: list[FieldSpec] = []
    children: list[_Child] = []
    period: EntitySpec | None = None
    fields = list(spec.fields)
    for field in spec.fields:
        nested = field.nested
        if field.type is T.NESTED_LIST and nested is not None and nested.name.endswith("_period"):
            period = nested
            names = {f.name for f in fields}
            fields.extend(f for f in nested.fields if f.name not in names)
    for field in fields:
        if field.type in _CHILD_TYPES:
            name = f"{owner}_{field.name}"
            if field.type in (T.REFS, T.TEXTS, T.CHOICES):
                children.append(_Child(name, field, owner, item=_item_column(field, owner)))
            elif field.type is T.SUPPRESSIONS:
                children.append(_Child(name, field, owner, pair=("code", "reason")))
            elif field.type is T.SCORES:
                children.append(_Child(name, field, owner, pair=("score", "count")))
            elif field.type is T.COUNTS:
                children.append(
                    _Child(name, field, owner, pair=(_item_column(field, owner), "count"))
                )
            else:
                children.append(
                    _Child(name, field, owner, pair=_PAIRS.get(field.name, ("name", "value")))
                )
        elif field.type is T.NESTED_LIST:
            assert field.nested is not None
            if field.nested is not period:
                children.append(_Child(_NESTED_TABLES[field.nested.name], field, owner))
        else:
            columns.append(field)
    return _Plan(spec, table, owner, tuple(columns), tuple(children), period)


def _plans() -> dict[str, _Plan]:
    """Every kind of entry, by table, top-level collections first, then nested ones."""
    plans: dict[str, _Plan] = {}
    for collection, spec in COLLECTIONS.items():
        table = "units" if collection == "organisations" else collection
        if table not in plans:
            plans[table] = _plan(spec, table, _OWNER[collection])
    pending = [c.field.nested for p in list(plans.values()) for c in p.children if c.field.nested]
    while pending:
        spec = pending.pop(0)
        assert spec is not None
        table = _NESTED_TABLES[spec.name]
        if table in plans:
            continue
        owner = _KEYED[spec.name][0] if spec.name in _KEYED else spec.name
        plans[table] = _plan(spec, table, owner)
        pending.extend(c.field.nested for c in plans[table].children if c.field.nested)
    return plans


PLANS = _plans()


def _identities() -> tuple[dict[str, tuple[tuple[str, str], ...]], dict[str, str]]:
    """What names a row of each table to the tables under it, as (column of the row, column
    of the table under it) pairs; and the table each keyed table's rows belong under.

    An entry with an id is named by it (``id`` as ``assessment``); a nested entry without
    one by its owner's keys and its position (``journey``, ``position`` as
    ``stage_position``), so the steps of a journey's second stage are
    ``(journey, stage_position=1)`` and their measures ``(journey, stage_position,
    step_position)``.
    """
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    parents: dict[str, str] = {}
    for plan in PLANS.values():
        if plan.spec.has_id or plan.spec.name in _EVIDENCE_SPECS:
            found[plan.table] = (("id", plan.owner),)
    pending = [p for p in PLANS.values() if p.table in found]
    while pending:
        plan = pending.pop(0)
        for child in plan.children:
            nested = child.field.nested
            if child.field.type is not T.NESTED_LIST or nested is None or nested.name not in _KEYED:
                continue
            names = tuple(name for _, name in found[plan.table])
            word = _KEYED[nested.name][1]
            found[child.table] = (*((n, n) for n in names), ("position", f"{word}_position"))
            parents[child.table] = plan.table
            pending.append(PLANS[child.table])
    return found, parents


_EVIDENCE_SPECS = frozenset(COLLECTIONS[c].name for c in EVIDENCE_COLLECTIONS)
_IDENTITY, _PARENT = _identities()


def _keys_under(table: str) -> tuple[str, ...]:
    """The columns naming a row of ``table`` in the tables under it."""
    return tuple(name for _, name in _IDENTITY.get(table, ()))


def _own_keys(table: str) -> tuple[str, ...]:
    """The columns of ``table`` that name its row to the tables under it."""
    return tuple(column for column, _ in _IDENTITY.get(table, ()))


#: The table each spec's entries go to, by the spec's name: both organisations and units
#: go to ``units``, and a period of a series is a row of the series' table.
TABLE_OF_SPEC: dict[str, str] = {
    **{p.spec.name: p.table for p in PLANS.values()},
    **{p.period.name: p.table for p in PLANS.values() if p.period is not None},
    **{s.name: "units" for c, s in COLLECTIONS.items() if c in ("organisations", "units")},
}

#: The owners of each table of nested entries: (owner's table, owner's column, field).
_NESTED_OWNERS: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
for _each in PLANS.values():
    for _child in _each.children:
        if _child.field.type is T.NESTED_LIST and _child.table not in _PARENT:
            _NESTED_OWNERS[_child.table].append((_each.table, _child.owner, _child.field.name))


def _value_columns(field: FieldSpec, schema: str | None) -> list[sa.Column[Any]]:
    """The columns of one field: one, or two for a value (number, or text), or the
    flattened fields of a nested mapping."""
    note = field.description
    if field.type is T.VALUE:
        return [
            sa.Column(field.name, sa.Float, comment=note + " (when a number)"),
            sa.Column(f"{field.name}_text", sa.Text, comment=note + " (when text)"),
        ]
    if field.type is T.NESTED:
        assert field.nested is not None
        return [
            sa.Column(f"{field.name}_{f.name}", _SCALAR[f.type], comment=f.description)
            for f in field.nested.fields
        ]
    if field.type is T.ID:
        return [sa.Column("id", sa.Text, primary_key=True, comment=field.description)]
    kind = _SCALAR[field.type]
    if field.type is T.REF and (_owner_kind(field), field.name) not in _NO_FOREIGN_KEY:
        return [sa.Column(field.name, kind, _foreign_key(field.ref, schema), comment=note)]
    return [sa.Column(field.name, kind, comment=note)]


def _owner_kind(field: FieldSpec) -> str:
    for plan in PLANS.values():
        if field in plan.columns:
            return plan.owner
    return ""


def _owner_column(plan: _Plan, schema: str | None, **extra: Any) -> sa.Column[Any]:
    key = sa.Integer if plan.spec.name in _EVIDENCE_SPECS else sa.Text
    target = f"{schema}.{plan.table}.id" if schema else f"{plan.table}.id"
    return sa.Column(
        plan.owner,
        key,
        sa.ForeignKey(target, deferrable=True, initially="DEFERRED", ondelete="CASCADE"),
        nullable=False,
        comment=f"The {plan.owner.replace('_', ' ')} this row belongs to.",
        **extra,
    )


def _key_columns(
    table: str, schema: str | None, *, cascade: bool
) -> tuple[list[sa.Column[Any]], sa.ForeignKeyConstraint]:
    """The columns naming a row of the keyed table ``table`` in a table under it, and the
    foreign key joining them to it (``journey, stage_position`` to a stage)."""
    columns: list[sa.Column[Any]] = []
    last = len(_IDENTITY[table]) - 1
    for index, (_, name) in enumerate(_IDENTITY[table]):
        word = name.removesuffix("_position").replace("_", " ")
        if index == 0:  # the id of the entry at the top
            note = f"The {word} this row belongs to."
            columns.append(sa.Column(name, sa.Text, nullable=False, comment=note))
            continue
        if index == last:
            note = f"The place of the {word} this row belongs to in its list, from 0."
        else:
            note = f"The place of the {word} in its list, from 0."
        columns.append(sa.Column(name, sa.Integer, nullable=False, comment=note))
    prefix = f"{schema}.{table}" if schema else table
    key = sa.ForeignKeyConstraint(
        [c.name for c in columns],
        [f"{prefix}.{c}" for c in _own_keys(table)],
        deferrable=True,
        initially="DEFERRED",
        ondelete="CASCADE" if cascade else None,
    )
    return columns, key


#: What the two columns of a mapping hold, by the field's type.
_PAIR_NOTES = {
    T.SUPPRESSIONS: ("The code of the rule (CFG106).", "Why its advice does not apply here."),
    T.SCORES: ("A score, from 0 to 10.", "How many gave that score."),
    T.COUNTS: ("What is counted.", "How many."),
    T.LABELS: ("The name.", "Its value."),
}

_POSITION_NOTE = "The place of the item in its list, from 0."


def _keyed_columns(plan: _Plan, columns: list[sa.Column[Any]], schema: str | None) -> list[Any]:
    """For a nested entry without an id: its owner's keys (added to ``columns``), and the
    constraints making them and its position its key, and its owner's row a foreign key."""
    if plan.table not in _PARENT:
        return []
    made, constraint = _key_columns(_PARENT[plan.table], schema, cascade=False)
    columns.extend(made)
    return [constraint, sa.PrimaryKeyConstraint(*_own_keys(plan.table))]


def _build_metadata(schema: str | None) -> sa.MetaData:
    meta = sa.MetaData(schema=schema)
    for plan in PLANS.values():
        columns: list[sa.Column[Any]] = []
        if plan.spec.name in _EVIDENCE_SPECS:
            columns.append(
                sa.Column(
                    "id",
                    sa.Integer,
                    primary_key=True,
                    autoincrement=False,
                    comment="The record's number in this export (records have no ids).",
                )
            )
        keyed = _keyed_columns(plan, columns, schema)
        for table, owner, list_name in _NESTED_OWNERS.get(plan.table, []):
            target = f"{schema}.{table}.id" if schema else f"{table}.id"
            columns.append(
                sa.Column(
                    owner,
                    sa.Text,
                    sa.ForeignKey(target, deferrable=True, initially="DEFERRED"),
                    comment=f"The {owner.replace('_', ' ')} whose `{list_name}` this is one of.",
                )
            )
        if (
            plan.spec.has_id
            or plan.spec.name in _EVIDENCE_SPECS
            or plan.table in _NESTED_OWNERS
            or plan.table in _PARENT
        ):
            columns.append(
                sa.Column(
                    "position",
                    sa.Integer,
                    nullable=False,
                    comment=(
                        "The order of the entry in the list that holds it, from 0."
                        if plan.table in _NESTED_OWNERS or plan.table in _PARENT
                        else "The order of the entry in the model, from 0."
                    ),
                )
            )
        for field in plan.columns:
            columns.extend(_value_columns(field, schema))
        if plan.table == "units":
            columns.append(
                sa.Column(
                    "is_organisation",
                    sa.Boolean,
                    nullable=False,
                    comment="True for a body in its own right, false for a part of one.",
                )
            )
        if plan.spec.name in _EVIDENCE_SPECS:
            columns.append(
                sa.Column(
                    "period_start", sa.Text, comment="The first day of the period (YYYY-MM-DD)."
                )
            )
            columns.append(
                sa.Column("period_end", sa.Text, comment="The last day of the period (YYYY-MM-DD).")
            )
        if plan.table == "results":
            columns.append(
                sa.Column(
                    "breakdown_text",
                    sa.Text,
                    nullable=False,
                    comment="The breakdown as one line (`channel: phone`); empty for the whole.",
                )
            )
        sa.Table(plan.table, meta, *columns, *keyed, comment=plan.spec.description)
    for plan in PLANS.values():
        for child in plan.children:
            if child.field.type is T.NESTED_LIST:
                continue
            constraints: list[Any] = []
            if plan.table in _PARENT:
                columns, constraint = _key_columns(plan.table, schema, cascade=True)
                constraints.append(constraint)
            else:
                columns = [_owner_column(plan, schema)]
            owner_keys = [c.name for c in columns]
            note = child.field.description
            if child.item:
                columns.append(
                    sa.Column("position", sa.Integer, nullable=False, comment=_POSITION_NOTE)
                )
                if child.field.type is T.REFS:
                    columns.append(
                        sa.Column(
                            child.item,
                            sa.Text,
                            _foreign_key(child.field.ref, schema),
                            nullable=False,
                            comment=note,
                        )
                    )
                else:
                    columns.append(sa.Column(child.item, sa.Text, nullable=False, comment=note))
                key = (*owner_keys, "position")
            else:
                first, second = child.pair
                kind: Any = sa.Integer if child.field.type in (T.COUNTS, T.SCORES) else sa.Text
                if child.field.type in (T.COUNTS, T.SUPPRESSIONS):
                    columns.append(
                        sa.Column("position", sa.Integer, nullable=False, comment=_POSITION_NOTE)
                    )
                first_kind: Any = sa.Integer if child.field.type is T.SCORES else sa.Text
                first_note, second_note = _PAIR_NOTES[child.field.type]
                columns.append(sa.Column(first, first_kind, nullable=False, comment=first_note))
                columns.append(sa.Column(second, kind, nullable=False, comment=second_note))
                key = (*owner_keys, first)
            made = sa.Table(
                child.table,
                meta,
                *columns,
                *constraints,
                sa.PrimaryKeyConstraint(*key),
                comment=f"`{child.field.name}` of {_plural(plan)}: {note}",
            )
            if child.field.name == "identifiers":
                sa.Index(f"{child.table}_scheme_value", made.c.scheme, made.c.value, unique=True)
    _derived_tables(meta, schema)
    return meta


def _plural(plan: _Plan) -> str:
    return plan.table.replace("_", " ")


def _derived_tables(meta: sa.MetaData, schema: str | None) -> None:
    def key(table: str) -> sa.ForeignKey:
        target = f"{schema}.{table}.id" if schema else f"{table}.id"
        return sa.ForeignKey(target, deferrable=True, initially="DEFERRED")

    sa.Table(
        "segment_lineage",
        meta,
        sa.Column("segment", sa.Text, key("segments"), primary_key=True, comment="The segment."),
        sa.Column(
            "depth",
            sa.Integer,
            nullable=False,
            comment="0 for a top segment, 1 for its sub-segments, and so on.",
        ),
        sa.Column(
            "root",
            sa.Text,
            key("segments"),
            nullable=False,
            comment="The top segment it cascades from (itself for a top segment).",
        ),
        sa.Column(
            "path",
            sa.Text,
            nullable=False,
            comment="The ids from the top segment down to this one, joined by ` > `.",
        ),
        sa.Column(
            "path_names",
            sa.Text,
            nullable=False,
            comment="The names from the top segment down to this one, joined by ` > `.",
        ),
        comment="Where each segment sits in the cascade (worked out at export).",
    )
    sa.Table(
        "unit_organisations",
        meta,
        sa.Column(
            "unit", sa.Text, key("units"), nullable=False, comment="The organisation or unit."
        ),
        sa.Column("position", sa.Integer, nullable=False, comment=_POSITION_NOTE),
        sa.Column(
            "organisation",
            sa.Text,
            key("units"),
            nullable=False,
            comment="An organisation it belongs to, following every parent "
            "(itself for an organisation).",
        ),
        sa.PrimaryKeyConstraint("unit", "position"),
        comment="The organisations each unit belongs to (several for a joint unit; "
        "worked out at export).",
    )
    sa.Table(
        "measure_status",
        meta,
        sa.Column("measure", sa.Text, key("measures"), primary_key=True, comment="The measure."),
        sa.Column(
            "objective",
            sa.Text,
            key("objectives"),
            comment="The objective it measures: its own, or the one its service standard's "
            "principle serves.",
        ),
        sa.Column(
            "status",
            sa.Text,
            nullable=False,
            comment="met, on_track, at_risk, off_track or no_data, as `cfgov progress` judges it.",
        ),
        sa.Column("reason", sa.Text, nullable=False, comment="Why, in a sentence."),
        sa.Column("period", sa.Text, comment="The latest period judged."),
        sa.Column("period_end", sa.Text, comment="The last day of that period (YYYY-MM-DD)."),
        sa.Column("actual", sa.Float, comment="The latest actual judged."),
        sa.Column("target", sa.Float, comment="The target: the period's own, else the measure's."),
        sa.Column(
            "expected",
            sa.Float,
            comment="The level expected by the end of the latest period, when there is one.",
        ),
        comment="Where each measure stands on its results (worked out at export).",
    )
    sa.Table(
        EXPORT_TABLE,
        meta,
        sa.Column(
            "cfgov_version",
            sa.Text,
            nullable=False,
            comment="The version of cfgov that wrote the database.",
        ),
        sa.Column(
            "layout_version",
            sa.Integer,
            nullable=False,
            comment="The version of the layout of the tables.",
        ),
        sa.Column(
            "exported_at", sa.Text, comment="When the export was made, as given by whoever made it."
        ),
        sa.Column(
            "sources",
            sa.Text,
            comment="The folders or files the model was loaded from, as a JSON list.",
        ),
        comment="One row: which cfgov wrote these tables, and when. It marks the tables as "
        "cfgov's.",
    )


_METADATA: dict[str | None, sa.MetaData] = {}


def metadata(schema: str | None = None) -> sa.MetaData:
    """The tables cfgov writes (in ``schema``, for PostgreSQL)."""
    if schema not in _METADATA:
        _METADATA[schema] = _build_metadata(schema)
    return _METADATA[schema]


# -- the views --------------------------------------------------------------------------


@attrs.frozen
class View:
    """A view cfgov creates over its tables, for dashboards."""

    name: str
    description: str
    sql: str


def _suppressions_sql() -> str:
    parts = []
    for plan in PLANS.values():
        for child in plan.children:
            if child.field.type is T.SUPPRESSIONS:
                parts.append(
                    f"SELECT '{plan.owner}' AS kind, {plan.owner} AS entity, code, reason "
                    f"FROM {child.table}"
                )
    return "\nUNION ALL\n".join(parts)


VIEWS: tuple[View, ...] = (
    View(
        "segment_overview",
        "Each segment with its place in the cascade (depth and the path from its top "
        "segment), its owning unit and the unit's first organisation (a joint unit's "
        "others are in `unit_organisations`).",
        """SELECT s.id AS segment, s.name, s.category, s.parent, l.depth, l.root, l.path,
       l.path_names, s.unit, u.name AS unit_name, uo.organisation,
       o.name AS organisation_name, s.stakeholder, s.priority, s.size_value AS size
FROM segments s
JOIN segment_lineage l ON l.segment = s.id
JOIN units u ON u.id = s.unit
LEFT JOIN unit_organisations uo ON uo.unit = s.unit AND uo.position = 0
LEFT JOIN units o ON o.id = uo.organisation""",
    ),
    View(
        "measure_latest",
        "Each measure with its latest result and its status, once per segment of its "
        "objective: the objective, the segment, the latest period, actual, target, status "
        "and the reason for it. Measures without results have the status `no_data`.",
        """SELECT m.id AS measure, m.name, ms.objective, ob.statement AS objective_statement,
       os.segment, sg.name AS segment_name, ms.period, ms.period_end, ms.actual,
       ms.target, m.unit, ms.status, ms.reason
FROM measures m
JOIN measure_status ms ON ms.measure = m.id
LEFT JOIN objectives ob ON ob.id = ms.objective
LEFT JOIN objective_segments os ON os.objective = ms.objective
LEFT JOIN segments sg ON sg.id = os.segment""",
    ),
    View(
        "unit_segment_counts",
        "Each organisation and unit with how many segments it owns: in all, target "
        "customers and indirect customers.",
        """SELECT u.id AS unit, u.name, u.kind, u.is_organisation, COUNT(s.id) AS segments,
       COALESCE(SUM(CASE WHEN s.category = 'target' THEN 1 ELSE 0 END), 0) AS target_segments,
       COALESCE(SUM(CASE WHEN s.category = 'indirect' THEN 1 ELSE 0 END), 0) AS indirect_segments
FROM units u
LEFT JOIN segments s ON s.unit = u.id
GROUP BY u.id, u.name, u.kind, u.is_organisation""",
    ),
    View(
        "suppressions",
        "Every piece of advice the team decided does not apply, from all the `*_ignore` "
        "tables: the kind of entry, its id, the rule's code and the reason.",
        _suppressions_sql(),
    ),
)


# -- the rows of a model ----------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _fill(
    plan: _Plan, entity: Any, row: dict[str, Any], rows: dict[str, list[dict[str, Any]]]
) -> None:
    """Put an entry's columns in ``row`` and its lists in the child tables' rows."""
    for field in plan.columns:
        value = getattr(entity, field.name)
        if field.type is T.VALUE:
            row[field.name] = value if isinstance(value, int | float) else None
            row[f"{field.name}_text"] = value if isinstance(value, str) else None
        elif field.type is T.NESTED:
            assert field.nested is not None
            for sub in field.nested.fields:
                row[f"{field.name}_{sub.name}"] = (
                    None if value is None else _plain(getattr(value, sub.name))
                )
        else:
            row[field.name] = _plain(value)
    keys = {name: row[own] for own, name in _IDENTITY.get(plan.table, ())}
    for child in plan.children:
        items = getattr(entity, child.field.name)
        if child.field.type is T.NESTED_LIST:
            continue  # nested entries are written by their own plan
        out = rows[child.table]
        if child.item:
            out.extend(
                {**keys, "position": n, child.item: _plain(item)} for n, item in enumerate(items)
            )
            continue
        first, second = child.pair
        positioned = child.field.type in (T.COUNTS, T.SUPPRESSIONS)
        for n, item in enumerate(items):
            pair = (item.code, item.reason) if isinstance(item, Suppression) else item
            entry = {**keys, first: pair[0], second: pair[1]}
            if positioned:
                entry["position"] = n
            out.append(entry)


def _rows(
    model: Model, *, exported_at: str | None, sources: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def add(table: str, entity: Any, position: int, **extra: Any) -> None:
        plan = PLANS[table]
        row: dict[str, Any] = {"position": position, **extra}
        _fill(plan, entity, row, rows)
        rows[table].append(row)

    for n, unit in enumerate(model.units):
        add("units", unit, n, is_organisation=unit.is_organisation)
    for table in ("aims", "stakeholders", "segments", "partners"):
        for n, entity in enumerate(getattr(model, table)):
            add(table, entity, n)
    for segment in model.segments:
        for n, source in enumerate(segment.knowledge_sources):
            add("knowledge_sources", source, n, segment=segment.id)
    for n, objective in enumerate(model.objectives):
        add("objectives", objective, n)
        for m, measure in enumerate(objective.measures):
            add("measures", measure, m, objective=objective.id)
    for n, principle in enumerate(model.principles):
        add("principles", principle, n)
        for m, standard in enumerate(principle.standards):
            add("service_standards", standard, m, principle=principle.id)
            for k, measure in enumerate(standard.targets):
                add("measures", measure, k, service_standard=standard.id)
    _standing_rows(model, add)
    evidence: tuple[tuple[str, tuple[Result | Feedback | Demand, ...]], ...] = (
        ("results", model.results),
        ("feedback", model.feedback),
        ("demand", model.demand),
    )
    for table, records in evidence:
        for n, record in enumerate(records):
            span = parse_period(record.period)
            extra: dict[str, Any] = {
                "id": n,
                "period_start": span.start.isoformat(),
                "period_end": span.end.isoformat(),
            }
            if isinstance(record, Result):
                extra["breakdown_text"] = record.breakdown_text
            add(table, record, n, **extra)
    _derived_rows(model, rows)
    rows[EXPORT_TABLE].append(
        {
            "cfgov_version": __version__,
            "layout_version": LAYOUT_VERSION,
            "exported_at": exported_at,
            "sources": json.dumps(list(sources), ensure_ascii=False) if sources else None,
        }
    )
    return rows


def _standing_rows(model: Model, add: Any) -> None:
    """Assessments, initiatives and journeys, each nested entry under its owner's keys."""
    for n, assessment in enumerate(model.assessments):
        add("assessments", assessment, n)
        for m, part in enumerate(assessment.components):
            add("assessment_components", part, m, assessment=assessment.id)
    for n, initiative in enumerate(model.initiatives):
        add("initiatives", initiative, n)
        for m, record in enumerate(initiative.steps):
            add("initiative_steps", record, m, initiative=initiative.id)
    for n, journey in enumerate(model.journeys):
        add("journeys", journey, n)
        for s, stage in enumerate(journey.stages):
            add("journey_stages", stage, s, journey=journey.id)
            for t, step in enumerate(stage.steps):
                add("journey_steps", step, t, journey=journey.id, stage_position=s)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _derived_rows(model: Model, rows: dict[str, list[dict[str, Any]]]) -> None:
    for segment in model.segments:
        lineage = model.lineage_of(segment.id)
        rows["segment_lineage"].append(
            {
                "segment": segment.id,
                "depth": len(lineage) - 1,
                "root": lineage[0].id,
                "path": " > ".join(s.id for s in lineage),
                "path_names": " > ".join(s.name for s in lineage),
            }
        )
    for unit in model.units:
        for n, organisation in enumerate(model.organisations_of(unit.id)):
            rows["unit_organisations"].append(
                {"unit": unit.id, "position": n, "organisation": organisation.id}
            )
    objective_of_principle = {p.id: p.objective for p in model.principles}
    principle_of_standard = {s.id: p.id for p in model.principles for s in p.standards}
    for owner, measure in model.measures():
        if isinstance(owner, OutcomeObjective):
            objective: str | None = owner.id
        else:
            objective = objective_of_principle.get(principle_of_standard.get(owner.id, ""))
        progress = progress_of(model, measure)
        latest = progress.latest
        target = _number(latest.target) if latest is not None else None
        rows["measure_status"].append(
            {
                "measure": measure.id,
                "objective": objective,
                "status": progress.status.value,
                "reason": progress.reason,
                "period": None if latest is None else latest.period,
                "period_end": None if latest is None else latest.span.end.isoformat(),
                "actual": _number(progress.actual),
                "target": target if target is not None else _number(measure.target),
                "expected": _number(progress.expected),
            }
        )


# -- connecting -------------------------------------------------------------------------


def _ambiguous(url: str | URL) -> bool:
    """Whether a URL has more than one ``@`` before its host: an ``@`` left as it is in a
    password, which would be read as the end of the password and the rest shown as the host."""
    if not isinstance(url, str):
        return False
    authority = url.partition("://")[2].split("/", 1)[0]
    return authority.count("@") > 1


def _connect(engine: Engine, shown: str) -> sa.Connection:
    """A connection to the database, or :class:`SqlError` saying why there is none."""
    try:
        return engine.connect()
    except sa.exc.SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None) or exc
        raise SqlError(
            f"cannot connect to the database at {shown}: {_scrub(str(orig), engine.url)}"
        ) from exc


def safe_url(url: str | URL) -> str:
    """The URL as it may be shown: the password replaced by ``***``."""
    if _ambiguous(url):
        return "the database URL given"
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a URL that cannot be parsed is shown as nothing
        return "the database URL given"


def _scrub(text: str, url: URL | None) -> str:
    """A driver's message without the password, first line only."""
    line = (text.strip().splitlines() or [""])[0]
    if url is not None and url.password:
        line = line.replace(str(url.password), "***")
    return line


def _engine_for(target: str | URL | Engine) -> tuple[Engine, bool]:
    """The engine for ``target`` and whether it was made here (and must be disposed of)."""
    if isinstance(target, Engine):
        return target, False
    if _ambiguous(target):
        raise SqlError(
            "the database URL has more than one @ before the host, so where the password "
            "ends cannot be told; write an @ in the user name or password as %40 (and a / as "
            "%2F, a : as %3A), or keep the password in a password file (~/.pgpass)"
        )
    try:
        url = make_url(target)
    except Exception as exc:  # SQLAlchemy raises several kinds
        raise SqlError(
            "the database URL cannot be read; write it as dialect://user@host/database "
            "(postgresql://cfgov@localhost/dashboards) or sqlite:///model.db"
        ) from exc
    if (
        url.drivername == "postgresql"
        and importlib.util.find_spec("psycopg2") is None
        and importlib.util.find_spec("psycopg") is not None
    ):
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3, when it is the one there
    try:
        return sa.create_engine(url), True
    except ModuleNotFoundError as exc:
        raise SqlError(
            f"the database driver for {safe_url(target)} is not installed (the Python module "
            f"{exc.name!r}); install the driver for this kind of database (for PostgreSQL: "
            "`pip install psycopg`)"
        ) from exc
    except sa.exc.NoSuchModuleError as exc:
        raise SqlError(
            f"SQLAlchemy knows no database called {url.get_backend_name()!r} (in "
            f"{safe_url(target)}); the URL should start with sqlite://, postgresql:// or "
            "another dialect SQLAlchemy has"
        ) from exc
    except Exception as exc:  # an unknown dialect, a bad option
        raise SqlError(
            f"cannot use the database URL {safe_url(target)}: {_scrub(str(exc), url)}"
        ) from exc


@contextlib.contextmanager
def _connection(engine: Engine, shown: str) -> Iterator[Connection]:
    """A connection in which DDL is part of the transaction, on SQLite too.

    Python's sqlite3 module starts a transaction only before the first INSERT,
    so a DROP TABLE would be committed at once; here the connection is left to
    autocommit and the transaction begun by hand, which makes the drops, the
    creation and the rows one transaction. SQLite's enforcement of foreign keys
    is switched off while it lasts (dropping a table it enforces looks up every
    row of every table referring to it, one deleted row at a time), and
    :func:`_replace` checks the keys of the new rows instead, before it commits.
    """
    conn = _connect(engine, shown)
    with conn:
        if conn.dialect.name != "sqlite":
            yield conn
            return
        raw: Any = conn.connection.dbapi_connection
        before = raw.isolation_level
        raw.isolation_level = None
        (was_on,) = conn.exec_driver_sql("PRAGMA foreign_keys").one()
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        conn.commit()
        try:
            yield conn
        finally:
            conn.rollback()
            conn.exec_driver_sql(f"PRAGMA foreign_keys = {'ON' if was_on else 'OFF'}")
            conn.commit()
            raw.isolation_level = before


def _begin(conn: Connection) -> None:
    """Begin the database's own transaction, where the driver would not (SQLite)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")


# -- writing ----------------------------------------------------------------------------


def export_sql(
    model: Model,
    target: str | URL | Engine,
    *,
    schema: str | None = None,
    exported_at: str | None = None,
    sources: Sequence[str] = (),
) -> None:
    """Write the model's tables and views to the database at ``target`` (a URL or an engine).

    An earlier export there is replaced in one transaction: if anything fails,
    the earlier tables are left as they were. Tables and views that are not
    cfgov's are never touched; a table of another's with the name of one of
    cfgov's is refused. ``schema`` (PostgreSQL) puts the tables in that schema,
    made if need be. ``exported_at`` is recorded as given; nothing reads the clock.

    Raises :class:`SqlError`, with a message for the user, when the database
    cannot be reached or written.
    """
    rows = _rows(model, exported_at=exported_at, sources=sources)
    engine, made = _engine_for(target)
    try:
        if schema is not None and engine.dialect.name != "postgresql":
            raise SqlError("a schema can be given only for PostgreSQL")
        meta = metadata(schema)
        shown = safe_url(target if not isinstance(target, Engine) else engine.url)
        with _connection(engine, shown) as conn:
            try:
                with conn.begin():
                    _begin(conn)
                    _replace(conn, meta, rows, schema)
            except sa.exc.SQLAlchemyError as exc:
                orig = getattr(exc, "orig", None) or exc
                raise SqlError(
                    f"could not write to the database at {shown}, which is "
                    f"left as it was: {_scrub(str(orig), engine.url)}{_dependants(orig, engine)}"
                ) from exc
    finally:
        if made:
            engine.dispose()


#: PostgreSQL's code for a table that cannot be dropped because something uses it.
_DEPENDENT_OBJECTS = "2BP01"


def _dependants(error: BaseException, engine: Engine) -> str:
    """What stands in the way when PostgreSQL will not drop a table: the user's views on
    cfgov's tables, named from the driver's detail, and what to do; else nothing."""
    if getattr(error, "sqlstate", None) != _DEPENDENT_OBJECTS:
        return ""
    detail = getattr(getattr(error, "diag", None), "message_detail", None) or ""
    lines = [_scrub(line, engine.url) for line in detail.splitlines() if line.strip()]
    named = f" ({'; '.join(lines[:5])}{'; ...' if len(lines) > 5 else ''})" if lines else ""
    return (
        f"{named}. Drop your views or tables that use cfgov's tables before exporting again, "
        "and make them again afterwards"
    )


def _quote(conn: Connection, name: str, schema: str | None) -> str:
    preparer = conn.dialect.identifier_preparer
    quoted = preparer.quote(name)
    return f"{preparer.quote_schema(schema)}.{quoted}" if schema else quoted


def _replace(
    conn: Connection, meta: sa.MetaData, rows: dict[str, list[dict[str, Any]]], schema: str | None
) -> None:
    if schema is not None:
        conn.execute(sa.schema.CreateSchema(schema, if_not_exists=True))
    inspector = sa.inspect(conn)
    existing = set(inspector.get_table_names(schema=schema))
    views = set(inspector.get_view_names(schema=schema))
    ours = {t.name for t in meta.sorted_tables} | {v.name for v in VIEWS}
    if EXPORT_TABLE not in existing:
        clash = sorted((existing | views) & ours)
        if clash:
            raise SqlError(
                f"the database already has a table or view named {clash[0]!r} that cfgov did "
                "not write (there is no cfgov_export table); cfgov will not replace it. "
                "Export to another database"
                + (" or schema" if conn.dialect.name == "postgresql" else "")
            )
    for view in reversed(VIEWS):
        if view.name in views:
            conn.exec_driver_sql(f"DROP VIEW {_quote(conn, view.name, schema)}")
    meta.drop_all(conn, checkfirst=True)
    meta.create_all(conn)
    for table in meta.sorted_tables:
        if rows.get(table.name):
            names = table.c.keys()
            conn.execute(table.insert(), [{n: r.get(n) for n in names} for r in rows[table.name]])
    if schema is not None:
        conn.exec_driver_sql(f"SET LOCAL search_path TO {_quote(conn, schema, None)}")
    for view in VIEWS:
        conn.exec_driver_sql(f"CREATE VIEW {_quote(conn, view.name, schema)} AS\n{view.sql}")
    if conn.dialect.name == "sqlite":
        for table in meta.sorted_tables:
            broken = conn.exec_driver_sql(
                f"PRAGMA foreign_key_check({_quote(conn, table.name, None)})"
            ).first()
            if broken is not None:
                raise SqlError(
                    f"the rows of {table.name!r} refer to a row of {broken[2]!r} that is not "
                    "there; nothing was written (this is a bug in cfgov: please report it)"
                )


# -- reading back -----------------------------------------------------------------------


def import_sql(target: str | URL | Engine, *, schema: str | None = None) -> Model:
    """The model held by a database cfgov exported to: every entity, every field.

    Raises :class:`SqlError` when the database cannot be read or holds no
    export, and :class:`cfgov.ModelError` when its rows do not make a model.
    """
    engine, made = _engine_for(target)
    shown = safe_url(target if not isinstance(target, Engine) else engine.url)
    try:
        meta = metadata(schema)
        conn = _connect(engine, shown)
        with conn:
            if not sa.inspect(conn).has_table(EXPORT_TABLE, schema=schema):
                raise SqlError(f"the database at {shown} holds no cfgov export")
            layouts = {
                r[0]
                for r in conn.execute(
                    sa.select(meta.tables[_qualified(EXPORT_TABLE, schema)].c.layout_version)
                )
            }
            if layouts != {LAYOUT_VERSION}:
                raise SqlError(
                    f"the database at {shown} was written by a cfgov whose tables are laid out "
                    f"differently (layout {sorted(layouts)}, this cfgov reads {LAYOUT_VERSION}); "
                    "export the model again with this cfgov"
                )
            tables = {
                t.name: [dict(r._mapping) for r in conn.execute(sa.select(t))]
                for t in meta.sorted_tables
            }
    finally:
        if made:
            engine.dispose()
    return _model_of(tables)


def _qualified(name: str, schema: str | None) -> str:
    """A table's key in the metadata: its name, after its schema if it has one."""
    return f"{schema}.{name}" if schema else name


def _whole(value: Any) -> Any:
    """A float that holds a whole number, as an int (numbers are stored as floats)."""
    if (
        isinstance(value, float)
        and math.isfinite(value)
        and value.is_integer()
        and abs(value) < 2**53
    ):
        return int(value)
    return value


def _entity(
    plan: _Plan,
    row: dict[str, Any],
    children: dict[str, dict[Any, list[dict[str, Any]]]],
    nested: dict[str, Any],
) -> dict[str, Any]:
    key = tuple(row[column] for column in _own_keys(plan.table))
    kwargs: dict[str, Any] = {}
    for field in plan.columns:
        if field.type is T.VALUE:
            number, text = row[field.name], row[f"{field.name}_text"]
            value: Any = text if text is not None else _whole(number)
        elif field.type is T.NESTED:
            assert field.nested is not None
            parts = {f.name: row[f"{field.name}_{f.name}"] for f in field.nested.fields}
            value = None if all(v is None for v in parts.values()) else _size(parts)
        elif field.type is T.NUMBER:
            value = _whole(row[field.name])
        else:
            value = row[field.name]
        if value is not None:
            kwargs[field.name] = value
    for child in plan.children:
        if child.field.type is T.NESTED_LIST:
            kwargs[child.field.name] = nested.get(child.field.name, ())
            continue
        items = sorted(children[child.table].get(key, []), key=lambda r: r.get("position", 0))
        if child.item:
            kwargs[child.field.name] = tuple(r[child.item] for r in items)
        elif child.field.type is T.SUPPRESSIONS:
            kwargs[child.field.name] = tuple(
                Suppression(code=r["code"], reason=r["reason"]) for r in items
            )
        else:
            first, second = child.pair
            kwargs[child.field.name] = tuple((r[first], r[second]) for r in items)
    return kwargs


def _size(parts: dict[str, Any]) -> Size:
    return Size(**{k: _whole(v) for k, v in parts.items() if v is not None})


def _model_of(tables: dict[str, list[dict[str, Any]]]) -> Model:
    children: dict[str, dict[Any, list[dict[str, Any]]]] = {}
    for plan in PLANS.values():
        for child in plan.children:
            if child.field.type is not T.NESTED_LIST:
                grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
                names = _keys_under(plan.table)
                for row in tables[child.table]:
                    grouped[tuple(row[name] for name in names)].append(row)
                children[child.table] = grouped

    def by_position(table: str) -> list[dict[str, Any]]:
        return sorted(tables[table], key=lambda r: r["position"])

    def build(
        table: str, row: dict[str, Any], nested: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return _entity(PLANS[table], row, children, nested or {})

    measures_of: dict[tuple[str, str], list[Measure]] = defaultdict(list)
    for row in by_position("measures"):
        owner = (
            ("objective", row["objective"])
            if row["objective"] is not None
            else ("service_standard", row["service_standard"])
        )
        measures_of[owner].append(Measure(**build("measures", row)))
    standards_of: dict[str, list[ServiceStandard]] = defaultdict(list)
    for row in by_position("service_standards"):
        targets = tuple(measures_of[("service_standard", row["id"])])
        standards_of[row["principle"]].append(
            ServiceStandard(**build("service_standards", row, {"targets": targets}))
        )
    sources_of: dict[str, list[KnowledgeSource]] = defaultdict(list)
    for row in by_position("knowledge_sources"):
        sources_of[row["segment"]].append(
            KnowledgeSource(**_entity(PLANS["knowledge_sources"], row, children, {}))
        )

    collections: dict[str, list[Any]] = {}
    spec_cls = {plan.table: plan.spec.cls for plan in PLANS.values()}
    for table in ("units", "aims", "stakeholders", "partners"):
        collections[table] = [spec_cls[table](**build(table, r)) for r in by_position(table)]
    collections["segments"] = [
        spec_cls["segments"](
            **build("segments", r, {"knowledge_sources": tuple(sources_of[r["id"]])})
        )
        for r in by_position("segments")
    ]
    collections["objectives"] = [
        OutcomeObjective(
            **build("objectives", r, {"measures": tuple(measures_of[("objective", r["id"])])})
        )
        for r in by_position("objectives")
    ]
    collections["principles"] = [
        Principle(**build("principles", r, {"standards": tuple(standards_of[r["id"]])}))
        for r in by_position("principles")
    ]
    record_cls = {"results": Result, "feedback": Feedback, "demand": Demand}
    for table, cls in record_cls.items():
        collections[table] = [cls(**build(table, r)) for r in by_position(table)]
    collections.update(_standing_of(tables, build))
    return Model(**collections)


def _standing_of(tables: dict[str, list[dict[str, Any]]], build: Any) -> dict[str, list[Any]]:
    """Assessments, initiatives and journeys, with their nested entries in their places."""

    def by_position(table: str) -> list[dict[str, Any]]:
        return sorted(tables[table], key=lambda r: r["position"])

    components_of: dict[str, list[ComponentAssessment]] = defaultdict(list)
    for row in by_position("assessment_components"):
        components_of[row["assessment"]].append(
            ComponentAssessment(**build("assessment_components", row))
        )
    records_of: dict[str, list[StepRecord]] = defaultdict(list)
    for row in by_position("initiative_steps"):
        records_of[row["initiative"]].append(StepRecord(**build("initiative_steps", row)))
    steps_of: dict[tuple[str, int], list[JourneyStep]] = defaultdict(list)
    for row in by_position("journey_steps"):
        steps_of[(row["journey"], row["stage_position"])].append(
            JourneyStep(**build("journey_steps", row))
        )
    stages_of: dict[str, list[JourneyStage]] = defaultdict(list)
    for row in by_position("journey_stages"):
        steps = tuple(steps_of[(row["journey"], row["position"])])
        stages_of[row["journey"]].append(
            JourneyStage(**build("journey_stages", row, {"steps": steps}))
        )
    return {
        "assessments": [
            Assessment(**build("assessments", r, {"components": tuple(components_of[r["id"]])}))
            for r in by_position("assessments")
        ],
        "initiatives": [
            Initiative(**build("initiatives", r, {"steps": tuple(records_of[r["id"]])}))
            for r in by_position("initiatives")
        ],
        "journeys": [
            Journey(**build("journeys", r, {"stages": tuple(stages_of[r["id"]])}))
            for r in by_position("journeys")
        ],
    }


# -- the reference ----------------------------------------------------------------------


def _type_name(column: sa.Column[Any]) -> str:
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return "boolean"
    if isinstance(kind, sa.Integer):
        return "integer"
    if isinstance(kind, sa.Float):
        return "number"
    return "text"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def sql_reference() -> str:
    """The reference page of the tables and views, in Markdown (docs/reference/sql.md)."""
    meta = metadata()
    lines = [
        "# Database tables",
        "",
        "<!-- Generated by tools/generate_docs.py from cfgov.io.sql; do not edit. -->",
        "",
        "The tables and views `cfgov export sql` writes, derived from the format's "
        "declarations: a table per collection, a table per list. See "
        "[Databases](../databases.md) for how to use them. Every foreign key is "
        "deferred; `key` marks the primary key, `→ table` a reference.",
        "",
    ]
    for table in sorted(meta.sorted_tables, key=lambda t: t.name):
        lines += [f"## `{table.name}`", "", _cell(table.comment or ""), ""]
        lines += ["| column | type | meaning |", "| --- | --- | --- |"]
        for column in table.columns:
            notes = []
            if column.primary_key:
                notes.append("key")
            notes += [f"→ `{fk.column.table.name}`" for fk in column.foreign_keys]
            kind = _type_name(column) + (f" ({', '.join(notes)})" if notes else "")
            lines.append(f"| `{column.name}` | {kind} | {_cell(column.comment or '')} |")
        unique = [i for i in table.indexes if i.unique]
        for index in unique:
            names = ", ".join(f"`{c.name}`" for c in index.columns)
            lines += ["", f"No two rows have the same {names}."]
        lines.append("")
    lines += ["# Views", ""]
    for view in VIEWS:
        lines += [f"## `{view.name}`", "", view.description, "", "```sql", view.sql, "```", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
