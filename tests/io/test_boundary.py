"""Hostile input at the edge of a model: links, odd names, odd settings, odd paths.

Whatever the files or paths, the library raises only its own documented errors
(:class:`cfgov.LoadError`, :class:`cfgov.ConfigError`), each problem located.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cfgov
from cfgov import LoadError

ORGANISATION = "organisations:\n  - id: dwp\n    name: Department for Work and Pensions\n"


def _problems(*args: object, **kw: object) -> list[cfgov.Finding]:
    with pytest.raises(LoadError) as info:
        cfgov.load(*args, **kw)  # type: ignore[arg-type]
    return list(info.value.problems)


# -- configuration nested past reading -------------------------------------------------


def test_load_reports_a_deeply_nested_cfgov_toml(tmp_path: Path) -> None:
    (tmp_path / "organisation.yaml").write_text(ORGANISATION)
    (tmp_path / "cfgov.toml").write_text("a = " + "[" * 100_000)
    (problem,) = _problems(tmp_path)
    assert problem.code == "CFG021"
    assert problem.location == cfgov.Location(str(tmp_path / "cfgov.toml"), 1, 105)


# -- paths and text no file can have ---------------------------------------------------


def test_a_path_with_a_nul_character_is_a_problem_not_a_value_error() -> None:
    (problem,) = _problems("model\0/x.yaml")
    assert problem.code == "CFG017"
    assert "NUL" in problem.message


def test_text_with_a_lone_surrogate_is_a_problem_not_an_encoding_error() -> None:
    with pytest.raises(LoadError) as info:
        cfgov.loads(ORGANISATION + "    kind: \ud800\n", name="m.yaml")
    (problem,) = info.value.problems
    assert problem.code == "CFG015"
    assert problem.location == cfgov.Location("m.yaml", 4, 11)


# -- file endings in capitals ----------------------------------------------------------


@pytest.mark.parametrize("name", ["segments.YAML", "segments.Yml", "segments.yAmL"])
def test_a_yaml_file_with_a_capitalised_ending_is_read_not_skipped(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / "organisation.yaml").write_text(ORGANISATION)
    (tmp_path / name).write_text(
        "segments:\n  - id: s\n    name: S\n    category: target\n    unit: nowhere\n"
    )
    problems = _problems(tmp_path)
    assert [(p.code, p.location and Path(p.location.file).name) for p in problems] == [
        ("CFG008", name)
    ]


def test_a_capitalised_yaml_file_given_by_name_is_read(tmp_path: Path) -> None:
    (tmp_path / "MODEL.YML").write_text(ORGANISATION)
    assert [unit.id for unit in cfgov.load(tmp_path / "MODEL.YML").units] == ["dwp"]
