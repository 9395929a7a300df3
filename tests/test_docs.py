"""Generated documentation is current, and the README's promises hold."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("generate_docs", ROOT / "tools/generate_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATED = _generator().GENERATED


@pytest.mark.parametrize("path", list(GENERATED), ids=lambda p: str(p.relative_to(ROOT)))
def test_generated_docs_are_current(path: Path) -> None:
    assert path.read_text(encoding="utf-8") == GENERATED[path](), (
        f"{path.relative_to(ROOT)} is stale: run `python tools/generate_docs.py`"
    )


def test_format_reference_lists_every_field_and_problem_code() -> None:
    from cfgov.io.format import all_specs
    from cfgov.model import PROBLEM_CODES

    text = (ROOT / "docs/reference/format.md").read_text(encoding="utf-8")
    for spec in all_specs():
        for field in spec.fields:
            assert f"| `{field.name}` |" in text
    for code in PROBLEM_CODES:
        assert f"| `{code}` |" in text


def test_readme_quickstart_commands_are_the_ones_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make examples" in readme
    assert "make test" in readme
    assert re.search(r"^make test$", ci, re.MULTILINE)
    assert re.search(r"^examples: .*\n\t\$\(BIN\)/cfgov check examples/$", makefile, re.MULTILINE)


def test_every_public_name_has_a_place_in_the_api_reference() -> None:
    import cfgov

    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [n for n in cfgov.__all__ if not re.search(rf"cfgov\.{re.escape(n)}\b", text)]
    assert missing == []


def test_every_command_has_a_section_in_the_cli_reference() -> None:
    from cfgov.cli import build_parser

    text = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands
    for name in commands:
        assert f"## cfgov {name}" in text


def _enums(node: object) -> list[str]:
    """Every enum value anywhere under a JSON Schema node."""
    if isinstance(node, dict):
        found = [str(v) for v in node.get("enum", [])]
        for value in node.values():
            found += _enums(value)
        return found
    if isinstance(node, list):
        return [v for item in node for v in _enums(item)]
    return []


def test_format_reference_agrees_with_the_json_schema() -> None:
    """The reference and the schema are both written from cfgov.io.format; this holds them
    to the same fields, required fields, descriptions and allowed words."""
    from cfgov import json_schema

    schema = json_schema()
    text = (ROOT / "docs/reference/format.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^\(([\w-]+)\)=\n(.*?)(?=^\([\w-]+\)=|\Z)", text, re.M | re.S))
    assert set(schema["$defs"]) <= set(sections)
    for name, definition in schema["$defs"].items():
        section = sections[name]
        assert definition["description"] in section
        rows = {
            match[0]: match[1] for match in re.findall(r"^\| `([\w<>]+)` \|(.*)$", section, re.M)
        }
        assert set(definition["properties"]) == set(rows), name
        for field, spec in definition["properties"].items():
            required = field in definition.get("required", [])
            assert rows[field].startswith(" yes |") == required, (name, field)
            assert spec["description"].replace("|", "\\|") in rows[field], (name, field)
            for word in _enums(spec):
                assert f"`{word}`" in rows[field], (name, field, word)
    for collection in schema["properties"]:
        assert f"- `{collection}:`" in text
