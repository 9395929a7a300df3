"""The JSON Schema: valid draft 2020-12, accepts every example, agrees with the loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given

from cfgov import LoadError, Model, dump, json_schema, loads
from cfgov.io import DEFAULT_LIMITS, PyYamlParser
from cfgov.io.nodes import JsonValue, to_json
from cfgov.testing import models

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_FILES = sorted((ROOT / "examples").rglob("*.yaml"))
SCHEMA_FILE = ROOT / "docs" / "_static" / "cfgov.schema.json"


def as_editor_reads(text: str) -> JsonValue:
    """The file as yaml-language-server sees it: YAML 1.2 core schema."""
    result = PyYamlParser().parse(text, "f.yaml", DEFAULT_LIMITS)
    assert not result.problems
    return None if result.root is None else to_json(result.root)


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_file_is_current() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), (
        "docs/_static/cfgov.schema.json is stale: run `cfgov schema > "
        "docs/_static/cfgov.schema.json`"
    )


def test_there_are_examples_to_check() -> None:
    assert len(EXAMPLE_FILES) >= 5


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_validates_and_points_editors_at_the_schema(
    path: Path, validator: Any
) -> None:
    text = path.read_text(encoding="utf-8")
    validator.validate(as_editor_reads(text))
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == SCHEMA_FILE


@pytest.mark.parametrize(
    "text",
    [
        "segmets: []\n",
        "segments:\n  - {id: s, name: n, category: targett, unit: u}\n",
        "segments:\n  - {id: s, name: n, category: target}\n",
        "segments:\n  - {id: s, name: n, category: target, unit: u, priority: 0}\n",
        "segments:\n  - {id: s, name: n, category: target, unit: u, size: -1}\n",
        "segments:\n  - {id: s, name: n, category: target, unit: u, colour: red}\n",
        "stakeholders:\n  - {id: s, name: n, ministers: yes-please}\n",
        "objectives:\n  - {id: o, statement: s, segments: [a], measures: [{name: m}]}\n",
    ],
)
def test_schema_rejects_what_the_loader_rejects(text: str, validator: Any) -> None:
    assert not validator.is_valid(as_editor_reads(text))
    with pytest.raises(LoadError):
        loads(text)


@given(models(max_units=4, max_segments=6))
def test_every_dumped_model_validates(model: Model) -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator(schema).validate(as_editor_reads(dump(model)))


@pytest.mark.parametrize(
    "fragment",
    [
        "    size: 9_200_000\n",
        "    size: {value: 1.5e6, as_of: 2002}\n",
        "    priority: 2\n",
        "    priority: 1_0\n",
        "    description: 010\n",
        "    cut: NO\n",
        "    aims: []\n    channels: phone\n",
    ],
)
def test_schema_accepts_what_the_loader_accepts(fragment: str, validator: Any) -> None:
    text = (
        "organisations:\n  - {id: dwp, name: DWP}\nsegments:\n  - id: s\n    name: n\n"
        "    category: target\n    unit: dwp\n" + fragment
    )
    loads(text)
    assert validator.is_valid(as_editor_reads(text))


def test_boolean_defaults_are_json_booleans() -> None:
    stakeholder = json_schema()["$defs"]["stakeholder"]["properties"]
    assert stakeholder["internal_staff"]["default"] is False


def test_the_editor_settings_example_maps_model_files_to_the_schema() -> None:
    settings = json.loads((ROOT / "examples" / "editor" / "vscode-settings.json").read_text())
    ((schema, globs),) = settings["yaml.schemas"].items()
    assert schema.endswith("cfgov.schema.json")
    assert all(g.endswith((".yaml", ".yml")) for g in globs)
