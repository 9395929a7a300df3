"""The format reference, written from :mod:`cfgov.io.format` (so it cannot go stale)."""

from __future__ import annotations

from cfgov.io.format import COLLECTIONS, EntitySpec, FieldSpec, FieldType, all_specs
from cfgov.model import PROBLEM_CODES

_TYPE_WORDS = {
    FieldType.ID: "id (text)",
    FieldType.TEXT: "text",
    FieldType.REF: "id of a {ref}",
    FieldType.REFS: "list of {ref} ids",
    FieldType.TEXTS: "list of text",
    FieldType.CHOICE: "one word from a fixed list",
    FieldType.CHOICES: "list of words from a fixed list",
    FieldType.BOOL: "`true` or `false`",
    FieldType.PRIORITY: "whole number, 1 or more",
    FieldType.NUMBER: "number",
    FieldType.DATE: "date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`",
    FieldType.NESTED: "a [{nested}](#{nested})",
    FieldType.NESTED_LIST: "list of [{nested}](#{nested})",
    FieldType.SUPPRESSIONS: "mapping of rule code to reason",
    FieldType.COUNT: "whole number, 0 or more",
    FieldType.PERIOD: "period: `2025`, `2025-26`, `2025-Q1`, `2025-04`...",
    FieldType.VALUE: "number, or text for a qualitative measure",
    FieldType.LABELS: "mapping of names to text",
    FieldType.COUNTS: "mapping of names to whole numbers",
    FieldType.SCORES: "mapping of scores (0 to 10) to whole numbers",
}


def _type_text(field: FieldSpec) -> str:
    words = _TYPE_WORDS[field.type].format(
        ref=field.ref, nested=field.nested.name if field.nested else ""
    )
    if field.type is FieldType.NUMBER and field.non_negative:
        words += ", 0 or more"
    if field.type is FieldType.NESTED and field.shorthand:
        words += ", or a number alone"
    return words


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _entity_section(spec: EntitySpec, collections: list[str]) -> list[str]:
    lines = [f"({spec.name})=", f"## {spec.name.replace('_', ' ').capitalize()}", ""]
    if collections:
        where = " and ".join(f"`{c}:`" for c in collections)
        lines.append(f"Entries of {where}.")
        lines.append("")
    lines += [spec.description, "", "| field | required | type | meaning |", "|---|---|---|---|"]
    for field in spec.fields:
        meaning = field.description
        if field.choices:
            meaning += " Allowed: " + ", ".join(f"`{c}`" for c in field.choices) + "."
        if field.default is not None:
            meaning += f" Default: `{field.default}`."
        lines.append(
            f"| `{field.name}` | {'yes' if field.required else ''} | {_cell(_type_text(field))} "
            f"| {_cell(meaning)} |"
        )
    lines.append("")
    return lines


def format_reference() -> str:
    """The field-by-field reference of the YAML format, as Markdown."""
    lines = [
        "# Format reference",
        "",
        "<!-- Generated from src/cfgov/io/format.py by `python tools/generate_docs.py`. "
        "Do not edit. -->",
        "",
        "The same rules are published as a JSON Schema for editors, "
        "[cfgov.schema.json](../_static/cfgov.schema.json) (or `cfgov schema`); this page "
        "and the schema are written from one declaration, and the tests hold them to "
        "the same fields, required fields and allowed words.",
        "",
        "Every file of a model is a mapping whose keys are some of these collections, each "
        "a list of entries:",
        "",
    ]
    for name, spec in COLLECTIONS.items():
        lines.append(f"- `{name}:` a list of [{spec.name}](#{spec.name}) entries")
    lines.append("")
    where: dict[str, list[str]] = {}
    for name, spec in COLLECTIONS.items():
        where.setdefault(spec.name, []).append(name)
    for spec in all_specs():
        lines += _entity_section(spec, where.get(spec.name, []))
    lines += [
        "(load-problems)=",
        "## Load problems",
        "",
        "Problems that stop a model loading. Each is an error; `cfgov check` reports "
        "all of them with file, line and column and exits with code 2. The importers "
        "(`cfgov import`) report problems in what they read with these codes too; CFG034 "
        "is the one warning among them, for what the register import changed and why.",
        "",
        "| code | name | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{p.code}` | {p.name} | {p.summary} |" for p in PROBLEM_CODES.values()]
    return "\n".join(lines).rstrip() + "\n"
