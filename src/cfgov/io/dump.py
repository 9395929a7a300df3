"""Write a model back as YAML that loads to an equal model."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from cfgov.io.build import _number_hint
from cfgov.io.characters import ODD_LINE_START
from cfgov.io.format import (
    COLLECTIONS,
    DEMAND,
    DEMAND_PERIOD,
    EVIDENCE_COLLECTIONS,
    RESULT_PERIOD,
    RESULTS,
    EntitySpec,
    FieldType,
)
from cfgov.io.nodes import FLOAT_RE, INT_RE, SPECIAL_FLOAT_RE
from cfgov.io.series import SERIES_FIELDS, DemandSeries, ResultSeries, group
from cfgov.model import Model

#: Characters YAML treats as line breaks; PyYAML would write them inside single quotes,
#: where reading folds them into spaces. Double quotes escape them (``\N``, ``\L``, ``\P``).
#: Text with a line that starts with a no-break space is double-quoted too, so that the
#: space is not at the start of a line of the file, where it would look like indentation.
_FOLDED = frozenset("\x85\u2028\u2029")


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with text that would not survive a round trip double-quoted."""


#: The field whose reading decides which text must be quoted: a result's actual, which
#: reads a plain number as a figure and refuses a plain figure badly written.
_ACTUAL = RESULT_PERIOD.field("actual")


def _figure_like(text: str) -> bool:
    """Whether cfgov would read ``text``, written plain, as a number or refuse it as one.

    PyYAML quotes what YAML 1.1 reads as a number; cfgov reads YAML 1.2's numbers
    (``1e3``) and refuses figures written as people write them (``95%``, ``1,200``),
    so a qualitative result holding such text is quoted to come back as the same text.
    """
    return bool(
        INT_RE.fullmatch(text)
        or FLOAT_RE.fullmatch(text)
        or SPECIAL_FLOAT_RE.fullmatch(text)
        or (_ACTUAL is not None and _number_hint(text, _ACTUAL) is not None)
    )


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Text that starts with an odd space, too: written plain as a mapping's key, it would
    # start a line of the file (``identifiers: {"\u00a0gss": ...}``).
    folded = (
        _FOLDED.intersection(text)
        or ODD_LINE_START.search(text)
        or ODD_LINE_START.match("\n" + text)
    )
    style = '"' if folded else "'" if _figure_like(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def _plain(spec: EntitySpec, entity: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in spec.fields:
        value = getattr(entity, field.name)
        # A flag left at its default of false is not written; one with no default
        # (``ministers``: true, false or not said) is written whenever it was said.
        if value is None or value == () or (value is False and field.default == "false"):
            continue
        if isinstance(value, enum.Enum):
            value = value.value
            if value == field.default:
                continue
        if field.type is FieldType.NESTED:
            assert field.nested is not None
            value = _plain(field.nested, value)
        elif field.type is FieldType.NESTED_LIST:
            assert field.nested is not None
            value = [_plain(field.nested, item) for item in value]
        elif field.type is FieldType.SUPPRESSIONS:
            value = {s.code: s.reason for s in value}
        elif field.type in (FieldType.LABELS, FieldType.COUNTS, FieldType.SCORES):
            value = dict(value)
        elif field.type is FieldType.CHOICES:
            value = [item.value for item in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[field.name] = value
    return out


def _evidence(model: Model, name: str) -> list[dict[str, Any]]:
    """The records of one kind of evidence, as the entries a file holds.

    Results and demand are written as series: one entry for each measure (or
    segment) and breakdown, in the order first met, with its periods below. A
    source or status shared by every period is written once, on the series.
    """
    if name == "feedback":
        return [_plain(COLLECTIONS["feedback"], record) for record in model.feedback]
    series_spec, period_spec = (
        (RESULTS, RESULT_PERIOD) if name == "results" else (DEMAND, DEMAND_PERIOD)
    )
    cls = ResultSeries if name == "results" else DemandSeries
    by = tuple(f for f in SERIES_FIELDS[cls] if f not in ("source", "status"))
    records = list(model.results if name == "results" else model.demand)
    entries = []
    for _, members in group(records, by):
        shared = {
            field: values.pop()
            for field in ("source", "status")
            if series_spec.field(field) is not None
            and len(values := {getattr(r, field) for r in members}) == 1
        }
        entry = _plain(series_spec, cls(**{f: getattr(members[0], f) for f in by}, **shared))
        periods = []
        for record in members:
            period = _plain(period_spec, record)
            for field, value in shared.items():
                if value is not None:
                    period.pop(field, None)
            periods.append(period)
        entry["periods"] = periods
        entries.append(entry)
    return entries


def dump(model: Model) -> str:
    """The model as one YAML document: each collection in turn, fields in a fixed order.

    Fields left at their defaults are omitted. Text that YAML could mistake
    for something else (``NO``, ``010``, ``2002``) is quoted.
    """
    document: dict[str, list[dict[str, Any]]] = {}
    for name, spec in COLLECTIONS.items():
        if name == "organisations":
            entities: tuple[Any, ...] = model.organisations
        elif name == "units":
            entities = tuple(u for u in model.units if not u.is_organisation)
        elif name in EVIDENCE_COLLECTIONS:
            entries = _evidence(model, name)
            if entries:
                document[name] = entries
            continue
        else:
            entities = getattr(model, name)
        if entities:
            document[name] = [_plain(spec, e) for e in entities]
    if not document:
        return "{}\n"
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=float("inf"),
        default_flow_style=False,
    )


def entries_text(
    spec: EntitySpec, entities: Sequence[Any], notes: Mapping[str, Sequence[str]] | None = None
) -> str:
    """The entries of one collection as the lines below its key, each indented two spaces.

    ``notes`` gives comment lines to write above an entry, by the entry's id: what an
    importer changed or left out, said where a reader of the file sees it.
    """
    notes = notes or {}
    lines: list[str] = []
    for entity in entities:
        for note in notes.get(entity.id, ()):
            lines.append(f"  # {note}\n")
        text = yaml.dump(
            [_plain(spec, entity)],
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            width=float("inf"),
            default_flow_style=False,
        )
        lines.extend(f"  {line}\n" if line else "\n" for line in text.splitlines())
    return "".join(lines)
