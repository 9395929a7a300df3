"""Hostile input at the edge of a model: links, odd names, odd settings, odd paths.

Whatever the files or paths, the library raises only its own documented errors
(:class:`cfgov.LoadError`, :class:`cfgov.ConfigError`), each problem located.
"""

from __future__ import annotations

import os
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


# -- a model is a boundary: links that lead out of it ------------------------------------

needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")

SECRET = "api_token: s3cr3t-value-from-the-ci-machine\n"


def _model(tmp_path: Path, config: str | None = "") -> Path:
    """A model folder (with a cfgov.toml unless ``config`` is None) and a secret beside it."""
    model = tmp_path / "model"
    model.mkdir()
    (model / "organisation.yaml").write_text(ORGANISATION)
    if config is not None:
        (model / "cfgov.toml").write_text(config)
    (tmp_path / "secret.yaml").write_text(SECRET)
    return model


def _said(problems: list[cfgov.Finding]) -> str:
    return "\n".join(f"{p} {p.hint}" for p in problems)


@needs_links
@pytest.mark.parametrize("config", ["", None])
def test_a_link_to_a_file_outside_the_model_is_refused_and_not_read(
    tmp_path: Path, config: str | None
) -> None:
    model = _model(tmp_path, config)
    (model / "zz.yaml").symlink_to(tmp_path / "secret.yaml")
    (problem,) = problems = _problems(model)
    assert problem.code == "CFG025"
    assert problem.location == cfgov.Location(str(model / "zz.yaml"))
    assert "link to a file outside the model's folder" in problem.message
    assert problem.hint is not None
    assert "allow-links-outside = true" in problem.hint
    assert "s3cr3t" not in _said(problems)


@needs_links
def test_a_link_to_a_system_folder_is_refused_without_searching_it(tmp_path: Path) -> None:
    model = _model(tmp_path)
    (model / "system").symlink_to("/usr", target_is_directory=True)
    (problem,) = _problems(model)
    assert problem.code == "CFG025"
    assert problem.location == cfgov.Location(str(model / "system"))
    assert "link to a folder outside" in problem.message


@needs_links
def test_links_that_stay_inside_the_model_keep_working(tmp_path: Path) -> None:
    model = _model(tmp_path)
    (model / "units").mkdir()
    (model / "units" / "pensions.yaml").write_text(
        "units:\n  - {id: pensions, name: Pensions, parents: [dwp]}\n"
    )
    (model / "more").symlink_to("units", target_is_directory=True)
    (model / "units" / "up").symlink_to("..", target_is_directory=True)  # a loop, inside
    (model / "alias.yaml").symlink_to(model / "units" / "pensions.yaml")
    assert sorted(u.id for u in cfgov.load(model).units) == ["dwp", "pensions"]


@needs_links
def test_a_link_inside_the_root_is_followed_when_a_subfolder_is_given(tmp_path: Path) -> None:
    """The root is the folder with cfgov.toml, not only the folder given."""
    model = _model(tmp_path)
    (model / "segments").mkdir()
    (model / "segments" / "organisation.yaml").symlink_to(model / "organisation.yaml")
    assert [u.id for u in cfgov.load(model / "segments").units] == ["dwp"]


@needs_links
def test_a_link_loop_is_a_located_problem(tmp_path: Path) -> None:
    model = _model(tmp_path)
    (model / "a.yaml").symlink_to(model / "b.yaml")
    (model / "b.yaml").symlink_to(model / "a.yaml")
    problems = _problems(model)
    assert [(p.code, p.location) for p in problems] == [
        ("CFG017", cfgov.Location(str(model / "a.yaml"))),
        ("CFG017", cfgov.Location(str(model / "b.yaml"))),
    ]
    assert all("symbolic links" in p.message for p in problems)


@needs_links
def test_a_file_given_by_name_through_a_link_outside_the_root_is_refused(tmp_path: Path) -> None:
    model = _model(tmp_path)
    (model / "zz.yaml").symlink_to(tmp_path / "secret.yaml")
    (problem,) = problems = _problems([model / "organisation.yaml", model / "zz.yaml"])
    assert (problem.code, problem.location) == ("CFG025", cfgov.Location(str(model / "zz.yaml")))
    assert "s3cr3t" not in _said(problems)


@needs_links
def test_links_outside_are_read_when_the_program_allows_them(tmp_path: Path) -> None:
    model = _model(tmp_path)
    (tmp_path / "secret.yaml").write_text(
        "units:\n  - {id: pensions, name: Pensions, parents: [dwp]}\n"
    )
    (model / "zz.yaml").symlink_to(tmp_path / "secret.yaml")
    model_read = cfgov.load(model, allow_links_outside=True)
    assert [u.id for u in model_read.units] == ["dwp", "pensions"]
    _, sources = cfgov.load_with_sources(model, allow_links_outside=True)
    assert str(model / "zz.yaml") in sources.files


@needs_links
def test_links_outside_are_read_when_the_models_cfgov_toml_allows_them(tmp_path: Path) -> None:
    model = _model(tmp_path, "allow-links-outside = true\n")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "units.yaml").write_text(
        "units:\n  - {id: pensions, name: Pensions, parents: [dwp]}\n"
    )
    (model / "shared").symlink_to(tmp_path / "shared", target_is_directory=True)
    assert [u.id for u in cfgov.load(model).units] == ["dwp", "pensions"]
    by_name = cfgov.load([model / "organisation.yaml", model / "shared" / "units.yaml"])
    assert [u.id for u in by_name.units] == ["dwp", "pensions"]


@needs_links
def test_a_setting_that_is_not_true_or_false_is_reported(tmp_path: Path) -> None:
    model = _model(tmp_path, 'allow-links-outside = "yes"\n')
    (model / "zz.yaml").symlink_to(tmp_path / "secret.yaml")
    problems = _problems(model)
    assert [p.code for p in problems] == ["CFG021", "CFG025"]
    assert problems[0].message == "`allow-links-outside` must be true or false"


# -- the public functions raise only cfgov's own errors -------------------------------------


def _hostile_settings(tmp_path: Path, name: str, text: str | None) -> Path:
    model = tmp_path / "model"
    model.mkdir()
    (model / ".git").mkdir()  # keeps the settings search inside the test's folder
    (model / "organisation.yaml").write_text(ORGANISATION)
    if text is not None:
        (model / name).write_text(text)
    return model


HOSTILE_SETTINGS = [
    ("cfgov.toml", "a = " + "[" * 100_000),
    ("cfgov.toml", "a = " + "{ b = " * 20_000),
    ("cfgov.toml", "x = 1\n" * 200_000),  # 1.2 MB
    ("cfgov.toml", "exclude = 3\nallow-links-outside = []\n"),
    ("cfgov.toml", "[rules]\nCFG108 = 3\n[severity]\nCFG106 = []\n"),
    ("pyproject.toml", "[tool]\ncfgov = 3\n"),
    ("pyproject.toml", "[tool.cfgov]\na = " + "[" * 100_000),
]


@pytest.mark.parametrize(("name", "text"), HOSTILE_SETTINGS)
def test_settings_no_one_should_write_raise_only_cfgov_errors(
    tmp_path: Path, name: str, text: str
) -> None:
    model = _hostile_settings(tmp_path, name, text)
    for call in (
        lambda: cfgov.load(model),
        lambda: cfgov.load_with_sources(
            model, cache=cfgov.BuildCache(tmp_path / "cache", smallest=0)
        ),
        lambda: cfgov.config_for(model),
        lambda: cfgov.config_for(model / "organisation.yaml"),
    ):
        try:
            call()
        except cfgov.CfgovError as exc:
            problems = getattr(exc, "problems", ())
            assert problems
            assert all(p.location is not None for p in problems)
            assert all(p.code == "CFG021" for p in problems), [str(p) for p in problems]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_settings_that_are_a_named_pipe_or_a_folder_do_not_block(tmp_path: Path) -> None:
    from cfgov.io.config import read_config
    from cfgov.rules import builtin_rules

    os.mkfifo(tmp_path / "pipe.toml")
    (tmp_path / "folder.toml").mkdir()
    for given in ("pipe.toml", "folder.toml"):
        with pytest.raises(cfgov.ConfigError) as info:
            read_config(tmp_path / given, builtin_rules())
        (problem,) = info.value.problems
        assert problem.message.startswith("the configuration is not a regular file")


@pytest.mark.parametrize(
    "paths",
    ["", "nul\0.yaml", "\ud800.yaml", "x" * 5000 + ".yaml", ["a.yaml", "\0"], "/proc/self/mem"],
)
def test_paths_no_file_can_have_raise_only_load_error(paths: object) -> None:
    with pytest.raises(LoadError) as info:
        cfgov.load(paths)  # type: ignore[arg-type]
    assert all(p.code == "CFG017" for p in info.value.problems)
