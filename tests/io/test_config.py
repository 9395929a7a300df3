"""Configuration files: found next to the model or above it, checked, merged with the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfgov import Location, Severity
from cfgov.io.config import ConfigError, config_for, find_config, read_config, read_settings
from cfgov.rules import builtin_rules

RULES = builtin_rules()


def test_cfgov_toml_next_to_the_model_is_found(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "cfgov.toml").write_text('select = ["CFG1"]\n')
    assert find_config(tmp_path / "model") == (tmp_path / "model" / "cfgov.toml").resolve()


def test_pyproject_above_is_found_only_with_tool_cfgov(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # bounds the search, whatever lies above the test folder
    (tmp_path / "model").mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(tmp_path / "model") is None
    (tmp_path / "pyproject.toml").write_text("[tool.cfgov]\nfail-on = 'warning'\n")
    assert find_config(tmp_path / "model") == (tmp_path / "pyproject.toml").resolve()


def test_the_search_stops_at_the_top_of_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "cfgov.toml").write_text("")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "model").mkdir()
    assert find_config(repo / "model") is None


def test_a_full_configuration_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cfgov.toml"
    path.write_text(
        'select = ["CFG1"]\nignore = ["CFG101"]\nfail-on = "warning"\n'
        '[severity]\nCFG119 = "warning"\n[rules.CFG119]\ntolerance = 1\n'
    )
    config = read_config(path, RULES)
    assert config.select == ("CFG1",)
    assert config.ignore == ("CFG101",)
    assert config.fail_on is Severity.WARNING
    assert config.severity == {"CFG119": Severity.WARNING}
    assert config.options == {"CFG119": {"tolerance": 1.0}}
    assert not config.enabled("CFG101")
    assert config.enabled("CFG119")


def test_pyproject_settings_sit_under_tool_cfgov(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.cfgov]\nfail-on = "never"\n')
    assert read_config(path, RULES).fail_on is None


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("selct = []\n", "`selct` is not a cfgov setting"),
        ('fail-on = "sometimes"\n', "`fail-on` is 'sometimes'"),
        ('select = ["XYZ9"]\n', "matches no rule cfgov knows"),
        ("select = 3\n", "must be a list of rule codes"),
        ('[severity]\nCFG119 = "fatal"\n', "`severity.CFG119` is 'fatal'"),
        ('[severity]\nCFG999 = "error"\n', "names CFG999, which is not a rule"),
        ("[rules.CFG119]\ntolerence = 0.1\n", "`rules.CFG119.tolerence` is not an option"),
        ('[rules.CFG119]\ntolerance = "lots"\n', "must be float"),
        ("[rules.CFG999]\nx = 1\n", "`rules.CFG999` names no rule"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_mistakes_are_reported_with_the_file(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "cfgov.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        read_config(path, RULES)
    (problem,) = info.value.problems
    assert problem.code == "CFG021"
    assert needle in problem.message
    assert problem.location is not None
    assert problem.location.file == str(path)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('fail-on = "warning\n', 1, 19, "a quoted value is not closed before the end of the line"),
        ('ignore = ["CFG124"\nx = 1\n', 2, 1, "unclosed array"),
        ('# settings\nselect = ["CFG1"]\nselect = ["CFG2"]\n', 3, 18, "cannot overwrite a value"),
    ],
)
def test_a_toml_syntax_error_is_located_at_its_line_and_column(
    tmp_path: Path, text: str, line: int, column: int, words: str
) -> None:
    path = tmp_path / "cfgov.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_config(path, RULES)
    (problem,) = info.value.problems
    assert problem.location == Location(str(path), line, column)
    assert words in problem.message.lower()
    assert problem.hint is not None


def test_a_settings_file_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "cfgov.toml"
    path.write_bytes(b'fail-on = "\xe9t\xe9"\n')
    with pytest.raises(ConfigError) as info:
        read_config(path, RULES)
    (problem,) = info.value.problems
    assert problem.message == "the configuration is not UTF-8 text"


def test_exclude_must_be_a_list_of_patterns(tmp_path: Path) -> None:
    path = tmp_path / "cfgov.toml"
    path.write_text("exclude = 3\n")
    with pytest.raises(ConfigError) as info:
        read_config(path, RULES)
    (problem,) = info.value.problems
    assert problem.code == "CFG021"
    assert problem.message == "`exclude` must be a list of glob patterns"


def test_config_for_gives_a_program_the_settings_the_command_follows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    import cfgov
    from cfgov.cli import run

    root = Path(__file__).resolve().parents[2]
    model = tmp_path / "model"
    shutil.copytree(root / "examples" / "dwp", model)
    (tmp_path / ".git").mkdir()  # the search for settings stops here
    text = (model / "future-pensioners.yaml").read_text(encoding="utf-8")
    # Without its advocate, the first segment has no voice and nobody speaking for it.
    text = text.replace("    government_advocate: DWP pensions strategy lead\n", "", 1)
    (model / "future-pensioners.yaml").write_text(text, encoding="utf-8")
    loaded, sources = cfgov.load_with_sources(model)
    assert cfgov.config_for(model) == cfgov.Config()
    assert [f.code for f in cfgov.check(loaded, sources).findings] == ["CFG109"]
    run(["check", str(model), "--no-cache"])
    assert "CFG109" in capsys.readouterr().out

    (tmp_path / "cfgov.toml").write_text('ignore = ["CFG109"]\n', encoding="utf-8")
    config = cfgov.config_for(model)
    assert config.ignore == ("CFG109",)
    assert cfgov.check(loaded, sources, config).findings == ()
    run(["check", str(model), "--no-cache"])
    assert "CFG109" not in capsys.readouterr().out  # the command agrees

    (tmp_path / "cfgov.toml").write_text('ignore = ["CFG999"]\n', encoding="utf-8")
    with pytest.raises(cfgov.ConfigError) as caught:
        cfgov.config_for(model)
    assert "CFG999" in str(caught.value)


def test_a_deeply_nested_configuration_is_a_located_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "cfgov.toml"
    path.write_text('fail-on = "warning"\na = ' + "[" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_config(path, RULES)
    (problem,) = info.value.problems
    assert problem.code == "CFG021"
    assert problem.location == Location(str(path), 2, 105)
    assert "nests lists or tables more than 100 deep" in problem.message
    assert problem.hint is not None


def test_config_for_reports_a_deeply_nested_pyproject(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.cfgov]\na = " + "{ b = " * 50_000)
    with pytest.raises(ConfigError) as info:
        config_for(tmp_path)
    assert [p.code for p in info.value.problems] == ["CFG021"]


def test_allow_links_outside_is_a_setting_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "cfgov.toml"
    path.write_text("allow-links-outside = true\n")
    assert read_settings(path, RULES).allow_links_outside is True
    path.write_text("")
    assert read_settings(path, RULES).allow_links_outside is False
    path.write_text("allow-links-outside = 1\n")
    with pytest.raises(ConfigError) as info:
        read_settings(path, RULES)
    (problem,) = info.value.problems
    assert (problem.code, problem.message) == (
        "CFG021",
        "`allow-links-outside` must be true or false",
    )


@pytest.mark.parametrize(
    "text",
    [
        'fail-on = "\\u001b[2J{long}"\n',
        '"\\u001b[31m{long}" = 1\n',
        'select = ["\\u001b[31m{long}"]\n',
        '[severity]\nCFG119 = "\\u001b{long}"\n',
        '[rules.CFG119]\n"\\u001b{long}" = 1\n',
        '[rules.CFG119]\ntolerance = "\\u001b{long}"\n',
    ],
)
def test_a_setting_is_quoted_back_short_and_escaped(tmp_path: Path, text: str) -> None:
    path = tmp_path / "cfgov.toml"
    path.write_text(text.replace("{long}", "token-" * 100))
    with pytest.raises(ConfigError) as info:
        read_config(path, RULES)
    for problem in info.value.problems:
        for words in (problem.message, problem.hint or ""):
            assert words.isprintable(), words
            assert "token-" * 12 not in words, words
