"""cfgov init: the starter model is complete, clean and never overwrites anything."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cfgov import (
    Category,
    CfgovError,
    MeasureKind,
    Model,
    PartnerRole,
    Perspective,
    Severity,
    UnitKind,
    check,
    cli,
    json_schema,
    load_with_sources,
    readiness,
)
from cfgov.io import DEFAULT_LIMITS, PyYamlParser
from cfgov.io.config import find_config, read_config, read_settings
from cfgov.io.init import (
    SCHEMA_FILE,
    SCHEMA_LINE,
    TEMPLATES,
    InitError,
    create_starter,
    starter_files,
)
from cfgov.io.nodes import to_json
from cfgov.rules import builtin_rules

NAMES = [*TEMPLATES, SCHEMA_FILE]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder (hidden ones too) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    create_starter(folder)
    return folder


@pytest.fixture
def model(starter: Path) -> Model:
    return load_with_sources(starter)[0]


def test_writes_every_file_and_returns_their_paths(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "model"  # neither folder exists yet
    written = create_starter(folder)
    assert written == [folder / name for name in NAMES]
    # Nothing else is left behind, such as temporary files.
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES)
    for path in written:
        assert path.read_text(encoding="utf-8") == starter_files()[path.name]


def test_accepts_a_string_path(tmp_path: Path) -> None:
    written = create_starter(str(tmp_path))
    assert {p.name for p in written} == set(NAMES)


def test_the_starter_passes_every_builtin_rule(starter: Path) -> None:
    model, sources = load_with_sources(starter)
    rules = builtin_rules()
    result = check(model, sources, rules=rules)
    assert {r.code for r in result.rules} == {r.code for r in rules}
    assert result.findings == (), "\n".join(str(f) for f in result.findings)
    assert result.suppressed == ()
    assert not result.failed


def test_the_starter_answers_every_answerable_readiness_question_yes(model: Model) -> None:
    answers = {a.question: a.answer for a in readiness(model)}
    assert set(answers.values()) <= {"yes", "not answerable from the model"}, answers


def test_the_starter_shows_each_part_of_a_model(model: Model) -> None:
    (organisation,) = model.organisations
    units = [u for u in model.units if u.id != organisation.id]
    assert len(units) >= 2
    hr = [u for u in units if u.kind is UnitKind.INTERNAL_SERVICE]
    assert hr, "an internal service such as HR"
    assert model.aims

    owned = model.segments_owned_by(organisation.id)
    assert any(s.category is Category.TARGET for s in owned)
    taxpayers = [s for s in owned if s.category is Category.INDIRECT and "taxpayers" in s.name]
    assert taxpayers, "the public as taxpayers, at the organisation"

    cascaded = [
        s
        for s in model.segments
        if s.parent is not None and model.segment(s.parent).unit == organisation.id
    ]
    assert any(s.unit != organisation.id for s in cascaded), "a unit refines a broad segment"

    staff = {s.id for s in model.stakeholders if s.internal_staff}
    assert any(
        s.stakeholder in staff and s.category is Category.TARGET and s.unit == hr[0].id
        for s in model.segments
    ), "staff as target customers of the internal service"

    assert any(p.role is PartnerRole.REPRESENTATIVE and p.represents for p in model.partners)

    measures = [m for o in model.objectives for m in o.measures]
    assert any(
        m.kind is MeasureKind.OUTCOME
        and m.perspective is Perspective.END_TO_END
        and m.target is not None
        and m.method
        for m in measures
    )


def test_the_schema_file_is_the_current_schema(starter: Path) -> None:
    text = (starter / SCHEMA_FILE).read_text(encoding="utf-8")
    assert json.loads(text) == json_schema()
    # The README says `cfgov schema > cfgov.schema.json` refreshes it: byte for byte.
    out = io.StringIO()
    assert cli.run(["schema"], out=out) == 0
    assert text == out.getvalue()


@pytest.mark.parametrize("name", [n for n in TEMPLATES if n.endswith(".yaml")])
def test_each_yaml_file_points_editors_at_the_schema_and_validates(
    starter: Path, name: str
) -> None:
    text = (starter / name).read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    target = starter / SCHEMA_LINE.split("$schema=", 1)[1]
    assert target.is_file()
    # Validate as an editor would: YAML 1.2, against the schema file written beside it.
    parsed = PyYamlParser().parse(text, name, DEFAULT_LIMITS)
    assert not parsed.problems
    assert parsed.root is not None
    schema: Any = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(to_json(parsed.root))


def test_every_template_in_the_package_is_written() -> None:
    folder = resources.files("cfgov.io").joinpath("starter")
    shipped = {
        entry.name
        for entry in folder.iterdir()
        if entry.is_file() and not entry.name.startswith(".")
    }
    assert shipped == set(TEMPLATES)


def test_the_configuration_is_found_and_valid(starter: Path) -> None:
    assert find_config(starter) == (starter / "cfgov.toml").resolve()
    config = read_config(starter / "cfgov.toml", builtin_rules())
    assert config.fail_on is Severity.ERROR


def test_the_settings_shown_in_comments_are_valid_when_uncommented(starter: Path) -> None:
    text = (starter / "cfgov.toml").read_text(encoding="utf-8")
    setting = re.compile(r"^# (\[[\w.]+\]|[\w-]+ = .+)$")
    uncommented = [setting.sub(r"\1", line) for line in text.splitlines()]
    assert uncommented != text.splitlines(), "the file shows settings to uncomment"
    (starter / "cfgov.toml").write_text("\n".join(uncommented) + "\n", encoding="utf-8")
    settings = read_settings(starter / "cfgov.toml", builtin_rules())
    assert settings.exclude == ("ci/*",)
    assert settings.config.options == {"CFG108": {"max_cuts": 2}}
    assert settings.config.severity == {"CFG106": Severity.ERROR}


def test_running_again_refuses_and_changes_nothing(starter: Path) -> None:
    before = snapshot(starter)
    with pytest.raises(InitError) as caught:
        create_starter(starter)
    assert caught.value.existing == tuple(starter / name for name in NAMES)
    assert "nothing was written" in str(caught.value)
    assert snapshot(starter) == before


def test_an_unrelated_file_in_the_folder_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("ours\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    written = create_starter(tmp_path)
    assert len(written) == len(NAMES)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "ours\n"


def test_one_clashing_file_refuses_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "segments.yaml").write_text("segments: []\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ours\n", encoding="utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(InitError) as caught:
        create_starter(tmp_path)
    assert caught.value.existing == (tmp_path / "segments.yaml",)
    assert "segments.yaml" in str(caught.value)
    assert "organisation.yaml" not in str(caught.value)
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_dangling_link_in_the_way_counts_as_a_clash(tmp_path: Path) -> None:
    (tmp_path / "cfgov.toml").symlink_to(tmp_path / "nowhere")
    with pytest.raises(InitError) as caught:
        create_starter(tmp_path)
    assert caught.value.existing == (tmp_path / "cfgov.toml",)
    assert [p.name for p in tmp_path.iterdir()] == ["cfgov.toml"]


def test_a_file_where_the_folder_should_be_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model"
    path.write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(InitError, match="not a folder"):
        create_starter(path)
    assert path.read_text(encoding="utf-8") == "not a folder\n"


def test_a_failure_half_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace
    calls = []

    def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr("cfgov.io.init.os.replace", replace)
    with pytest.raises(InitError, match="no space left on device") as caught:
        create_starter(tmp_path)
    assert caught.value.existing == ()
    assert list(tmp_path.iterdir()) == []


def test_init_error_is_a_cfgov_error() -> None:
    assert issubclass(InitError, CfgovError)


def test_cfgov_check_passes_on_the_starter(starter: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cfgov", "check", str(starter)],
        cwd=starter.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no findings" in result.stdout
    assert result.stderr == ""
