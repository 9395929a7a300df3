"""Rule options are checked before any rule runs: a value that is not a finite number, or
lies outside the option's range, is refused instead of turning into false findings.

Both doors are tested: ``cfgov.toml`` (a CFG021 problem located at the file, as for an
unknown code there) and the library (:class:`cfgov.rules.OptionError`, a ``ValueError``).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from cfgov import load, loads
from cfgov.io.config import ConfigError, read_config
from cfgov.rules import Config, Option, OptionError, Rule, builtin_rules, check, find_rule

RULES = builtin_rules()

#: Two segments said to be the same people, with the same size: nothing to find.
SHARED = """\
organisations:
  - {id: dwp, name: DWP}
  - {id: hmrc, name: HMRC}
segments:
  - {id: a, name: Pensioners as claimants, category: target, unit: dwp, size: 100}
  - {id: b, name: Pensioners as taxpayers, category: indirect, unit: hmrc, size: 100,
     same_as: [a]}
"""


def _rule(code: str) -> Rule:
    rule = find_rule(code, RULES)
    assert rule is not None
    return rule


BAD_VALUES = [
    ("CFG119", "tolerance", math.nan, "must be a finite number"),
    ("CFG119", "tolerance", -0.5, "outside the range it can take (from 0 to 1)"),
    ("CFG119", "tolerance", math.inf, "must be a finite number"),
    ("CFG125", "tolerance", 1.5, "outside the range it can take (from 0 to 1)"),
    ("CFG120", "size_tolerance", -0.1, "outside the range it can take (from 0 to 1)"),
    ("CFG110", "threshold", 2.0, "outside the range it can take (from 0 to 1)"),
    ("CFG110", "min_segments", 1, "outside the range it can take (2 or more)"),
    ("CFG108", "max_cuts", 0, "outside the range it can take (1 or more)"),
    ("CFG117", "max_ratio", -math.inf, "must be a finite number"),
    ("CFG117", "max_ratio", 0.5, "outside the range it can take (1 or more)"),
    ("CFG108", "max_cuts", 2.5, "must be int"),
    ("CFG119", "tolerance", True, "must be float"),
]


@pytest.mark.parametrize(("code", "name", "value", "words"), BAD_VALUES)
def test_the_library_refuses_an_unusable_option(
    code: str, name: str, value: object, words: str
) -> None:
    model = loads(SHARED)
    with pytest.raises(OptionError) as info:
        check(model, config=Config(options={code: {name: value}}), rules=RULES)
    assert isinstance(info.value, ValueError)
    (problem,) = info.value.problems
    assert problem.startswith(f"{code} option `{name}` ")
    assert words in problem
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        _rule(code).run(model, {name: value})


def test_a_negative_tolerance_no_longer_makes_equal_sizes_differ() -> None:
    """Before options were checked, -0.1 made CFG120 report two equal sizes as apart."""
    model = loads(SHARED)
    assert list(_rule("CFG120").run(model)) == []
    with pytest.raises(OptionError):
        _rule("CFG120").run(model, {"size_tolerance": -0.1})


def test_every_problem_is_listed_before_anything_runs() -> None:
    config = Config(
        options={"CFG119": {"tolerance": math.nan}, "CFG125": {"tolerance": -1.0, "slack": 2}}
    )
    with pytest.raises(OptionError) as info:
        check(loads(SHARED), config=config, rules=RULES)
    assert len(info.value.problems) == 3
    assert any("CFG125 has no option `slack`" in p for p in info.value.problems)


def test_values_at_the_ends_of_the_range_and_whole_numbers_for_fractions_are_accepted() -> None:
    config = Config(
        options={
            "CFG119": {"tolerance": 0},
            "CFG125": {"tolerance": 1.0},
            "CFG110": {"threshold": 1, "min_segments": 2},
        }
    )
    result = check(loads(SHARED), config=config, rules=RULES)
    assert not [f for f in result.findings if f.code in config.options]


def test_options_of_rules_that_do_not_run_are_not_judged() -> None:
    config = Config(select=["CFG101"], options={"CFG119": {"tolerance": math.nan}})
    check(loads(SHARED), config=config, rules=RULES)


def test_every_number_option_of_the_built_in_rules_declares_a_range() -> None:
    for rule in RULES:
        for option in rule.options:
            if isinstance(option.default, (int, float)) and not isinstance(option.default, bool):
                assert option.minimum is not None, f"{rule.code} {option.name}"
                assert option.problem(option.default) is None, f"{rule.code} {option.name}"


def test_an_option_describes_its_range_in_words() -> None:
    assert Option(name="x", default=0.5, description="", maximum=1).allowed() == "1 or less"
    assert Option(name="x", default=0.5, description="").allowed() == "any finite number"
    assert Option(name="x", default=3, description="").problem(10**400) is None


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[rules.CFG119]\ntolerance = nan\n", "`rules.CFG119.tolerance` must be a finite number"),
        ("[rules.CFG119]\ntolerance = -inf\n", "`rules.CFG119.tolerance` must be a finite"),
        ("[rules.CFG119]\ntolerance = -0.5\n", "`rules.CFG119.tolerance` is -0.5, outside"),
        ("[rules.CFG120]\nsize_tolerance = 3\n", "`rules.CFG120.size_tolerance` is 3, outside"),
        ("[rules.CFG108]\nmax_cuts = 0\n", "`rules.CFG108.max_cuts` is 0, outside"),
        ("[rules.CFG110]\nthreshold = nan\n", "`rules.CFG110.threshold` must be a finite"),
    ],
)
def test_cfgov_toml_refuses_an_unusable_option_with_a_located_problem(
    tmp_path: Path, text: str, needle: str
) -> None:
    path = tmp_path / "cfgov.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_config(path, RULES)
    (problem,) = info.value.problems
    assert problem.code == "CFG021"
    assert needle in problem.message
    assert problem.location is not None
    assert problem.location.file == str(path)
    assert problem.hint is not None
    assert "Default:" in problem.hint


def test_pyproject_names_the_option_under_tool_cfgov(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.cfgov.rules.CFG125]\ntolerance = -0.02\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_config(path, RULES)
    (problem,) = info.value.problems
    assert "`tool.cfgov.rules.CFG125.tolerance` is -0.02" in problem.message
    assert "from 0 to 1" in (problem.hint or "")


def test_a_good_value_in_cfgov_toml_still_reaches_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "cfgov.toml"
    path.write_text("[rules.CFG119]\ntolerance = 1\n[rules.CFG108]\nmax_cuts = 2\n")
    assert read_config(path, RULES).options == {
        "CFG119": {"tolerance": 1.0},
        "CFG108": {"max_cuts": 2},
    }


def test_cfgov_check_stops_on_an_unusable_option_in_cfgov_toml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before options were checked, `tolerance = nan` made CFG125 report sizes that add up."""
    from cfgov.cli import run

    (tmp_path / ".git").mkdir()  # the search for settings stops here
    (tmp_path / "model.yaml").write_text(
        (Path(__file__).parent / "fixtures" / "CFG125" / "passes.yaml").read_text("utf-8"),
        encoding="utf-8",
    )
    (tmp_path / "cfgov.toml").write_text(
        'select = ["CFG125"]\n[rules.CFG125]\ntolerance = nan\n', encoding="utf-8"
    )
    code = run(["check", str(tmp_path / "model.yaml"), "--no-cache"])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert code != 0
    assert "CFG021" in text
    assert "cfgov.toml" in text
    assert "`rules.CFG125.tolerance` must be a finite number" in text
    assert "CFG125 info" not in text
    assert "CFG125 warning" not in text


@pytest.mark.parametrize("field", ["select", "ignore"])
def test_check_refuses_a_rule_code_that_matches_no_rule(field: str) -> None:
    model = load(Path(__file__).resolve().parents[2] / "examples" / "dwp")
    with pytest.raises(OptionError, match="CFG991"):
        check(model, config=Config(**{field: ["CFG991"]}))
    check(model, config=Config(**{field: ["cfg11"]}))  # a prefix that matches is fine
