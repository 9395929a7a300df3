"""Write a model back as YAML that loads to an equal model."""

from __future__ import annotations

import enum
from typing import Any

import yaml

from cfgov.io.characters import ODD_LINE_START
from cfgov.io.format import COLLECTIONS, EntitySpec, FieldType
from cfgov.model import Model

#: Characters YAML treats as line breaks; PyYAML would write them inside single quotes,
#: where reading folds them into spaces. Double quotes escape them (``\N``, ``\L``, ``\P``).
#: Text with a line that starts with a no-break space is double-quoted too, so that the
#: space is not at the start of a line of the file, where it would look like indentation.
_FOLDED = frozenset("\x85\u2028\u2029")


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with text that would not survive a round trip double-quoted."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    folded = _FOLDED.intersection(text) or ODD_LINE_START.search(text)
    style = '"' if folded else None
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
        elif isinstance(value, tuple):
            value = list(value)
        out[field.name] = value
    return out


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
