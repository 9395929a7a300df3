"""The JSON Schema of the YAML format, derived from :mod:`cfgov.io.format`.

Editors use it (through yaml-language-server) to complete and check files as
they are typed. It describes files as such an editor reads them, with YAML
1.2's rules: so text fields also accept what an editor would read as a number
or a boolean, because cfgov keeps whatever was typed as text.
"""

from __future__ import annotations

from typing import Any

from cfgov._version import __version__
from cfgov.io.format import COLLECTIONS, EntitySpec, FieldSpec, FieldType, all_specs

SCHEMA_ID = "https://cfgov.invalid/schema/model.json"

_TEXTLIKE = {"type": ["string", "number", "boolean"]}
# cfgov reads 9_200_000 as a number; an editor reading YAML 1.2 sees text.
_UNDERSCORED_INT = {"type": "string", "pattern": r"^[-+]?[0-9](_?[0-9])*$"}
_UNDERSCORED_NUMBER = {
    "type": "string",
    "pattern": r"^[-+]?[0-9](_?[0-9])*(\.[0-9]*)?([eE][-+]?[0-9]+)?$",
}
_DATE = {
    "anyOf": [
        {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ]
}

# A period as an editor reads it: a plain year is a number; the other forms are text.
_PERIOD = {
    "anyOf": [
        {
            "type": "string",
            "pattern": r"^[0-9]{4}([-/][0-9]{2}( Q[1-4])?|-Q[1-4]|-[0-9]{2}-[0-9]{2})?"
            r"(/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$",
        },
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ]
}


def _field_schema(field: FieldSpec) -> dict[str, Any]:
    t = field.type
    schema: dict[str, Any]
    if t in (FieldType.ID, FieldType.TEXT, FieldType.REF):
        schema = dict(_TEXTLIKE)
    elif t in (FieldType.REFS, FieldType.TEXTS):
        schema = {"anyOf": [_TEXTLIKE, {"type": "array", "items": _TEXTLIKE}]}
    elif t is FieldType.CHOICE:
        schema = {"enum": list(field.choices)}
    elif t is FieldType.CHOICES:
        word = {"enum": list(field.choices)}
        schema = {"anyOf": [word, {"type": "array", "items": word, "uniqueItems": True}]}
    elif t is FieldType.BOOL:
        schema = {"type": "boolean"}
    elif t is FieldType.PRIORITY:
        schema = {"anyOf": [{"type": "integer", "minimum": 1}, _UNDERSCORED_INT]}
    elif t is FieldType.NUMBER:
        number: dict[str, Any] = {"type": "number"}
        if field.non_negative:
            number["minimum"] = 0
        schema = {"anyOf": [number, _UNDERSCORED_NUMBER]}
    elif t is FieldType.DATE:
        schema = dict(_DATE)
    elif t is FieldType.SUPPRESSIONS:
        schema = {
            "type": "object",
            "propertyNames": {"pattern": "^[A-Z][A-Z0-9]*[0-9]$"},
            "additionalProperties": {
                "anyOf": [{"type": "string", "pattern": "\\S"}, {"type": ["number", "boolean"]}]
            },
        }
    elif t is FieldType.COUNT:
        schema = {"anyOf": [{"type": "integer", "minimum": 0}, _UNDERSCORED_INT]}
    elif t is FieldType.PERIOD:
        schema = dict(_PERIOD)
    elif t is FieldType.VALUE:
        schema = {"type": ["number", "string"]}
    elif t is FieldType.LABELS:
        schema = {"type": "object", "additionalProperties": _TEXTLIKE}
    elif t in (FieldType.COUNTS, FieldType.SCORES):
        schema = {
            "type": "object",
            "additionalProperties": {
                "anyOf": [{"type": "integer", "minimum": 0}, _UNDERSCORED_INT]
            },
        }
        if t is FieldType.SCORES:
            schema["propertyNames"] = {"pattern": "^(10|[0-9])$"}
    elif t is FieldType.NESTED:
        assert field.nested is not None
        ref = {"$ref": f"#/$defs/{field.nested.name}"}
        shorthand = [{"type": "number", "minimum": 0}, _UNDERSCORED_INT, ref]
        schema = {"anyOf": shorthand} if field.shorthand else ref
    else:
        assert field.nested is not None
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{field.nested.name}"}}
    described: dict[str, Any] = {"description": field.description}
    if field.default is not None:
        described["default"] = field.default == "true" if t is FieldType.BOOL else field.default
    if not field.required and t is not FieldType.ID:
        return {**described, "anyOf": [schema, {"type": "null"}]}
    return {**described, **schema}


def _entity_schema(spec: EntitySpec) -> dict[str, Any]:
    return {
        "type": "object",
        "description": spec.description,
        "properties": {f.name: _field_schema(f) for f in spec.fields},
        "required": [f.name for f in spec.fields if f.required],
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one cfgov YAML file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"cfgov model file (cfgov {__version__})",
        "description": "One file of a cfgov model: any of the collections below. Ids are "
        "unique across all the files of a model.",
        "type": ["object", "null"],
        "properties": {
            name: {
                "description": spec.description,
                "anyOf": [
                    {"type": "array", "items": {"$ref": f"#/$defs/{spec.name}"}},
                    {"type": "null"},
                ],
            }
            for name, spec in COLLECTIONS.items()
        },
        "additionalProperties": False,
        "$defs": {spec.name: _entity_schema(spec) for spec in all_specs()},
    }
