"""Every rule has a pair of fixture models: one where it fires, one where it does not.

In ``fires.yaml`` each line where the rule must report ends with a marker
comment ``# expect: CODE``; the rule must report exactly those lines, no more
and no fewer. ``passes.yaml`` is the same situation put right: the rule must
report nothing there. Only the rule under test runs, so a fixture need not be
clean for the other rules.

A rule may have further pairs for one case each, named ``fires-CASE.yaml`` and
``passes-CASE.yaml`` (``fires-cut-spelling.yaml``); each file is tested like the
main pair, and every ``fires-CASE`` has its ``passes-CASE``.
"""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from cfgov import json_schema, load_with_sources
from cfgov.rules import Rule, builtin_rules

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MARKER = re.compile(r"#\s*expect:\s*([A-Z0-9, ]+)\s*$")
#: Rules the engine implements itself, tested in test_engine.py.
ENGINE_RULES = {"CFG100"}
RULES = [r for r in builtin_rules() if r.code not in ENGINE_RULES]


def expected_lines(path: Path, code: str) -> set[int]:
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKER.search(line)
        if match and code in {c.strip() for c in match.group(1).split(",")}:
            found.add(number)
    return found


def reported_lines(rule: Rule, path: Path) -> list[int]:
    model, sources = load_with_sources(path)
    lines = []
    for finding in rule.run(model):
        located = sources.place(finding)
        assert located.location is not None, f"{rule.code} finding could not be located"
        assert located.location.file == str(path)
        assert located.location.line is not None
        lines.append(located.location.line)
    return lines


def fixture_cases(kind: str) -> list[object]:
    """Each rule with each of its ``kind`` fixtures (``fires`` or ``passes``)."""
    return [
        pytest.param(rule, path, id=f"{rule.code}-{path.stem}")
        for rule in RULES
        for path in sorted((FIXTURES / rule.code).glob(f"{kind}*.yaml"))
    ]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_the_main_pair_and_every_case_its_pair(rule: Rule) -> None:
    folder = FIXTURES / rule.code
    assert (folder / "fires.yaml").is_file()
    assert (folder / "passes.yaml").is_file()
    for path in folder.glob("*.yaml"):
        kind, _, case = path.stem.partition("-")
        assert kind in ("fires", "passes"), f"{path}: name it fires-CASE or passes-CASE"
        other = "passes" if kind == "fires" else "fires"
        partner = folder / (f"{other}-{case}.yaml" if case else f"{other}.yaml")
        assert partner.is_file(), f"{path} has no {partner.name}"


@pytest.mark.parametrize(("rule", "path"), fixture_cases("fires"))
def test_rule_fires_exactly_where_marked(rule: Rule, path: Path) -> None:
    expected = expected_lines(path, rule.code)
    assert expected, f"{path} marks no line with `# expect: {rule.code}`"
    assert sorted(reported_lines(rule, path)) == sorted(expected)


@pytest.mark.parametrize(("rule", "path"), fixture_cases("passes"))
def test_rule_is_quiet_on_the_corrected_model(rule: Rule, path: Path) -> None:
    assert reported_lines(rule, path) == []
    assert not expected_lines(path, rule.code)


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda r: r.code)
def test_rule_declaration_is_complete(rule: Rule) -> None:
    assert re.fullmatch(r"CFG1[0-9]{2}", rule.code)
    assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.name)
    for text in (rule.summary, rule.rationale, rule.fix, rule.source, rule.cost, rule.example):
        assert text.strip()
    assert rule.summary.endswith(".")
    assert "quadratic" not in rule.cost.lower() or "not quadratic" in rule.cost.lower()


def test_codes_and_names_are_unique() -> None:
    rules = builtin_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda r: r.code)
def test_rule_page_examples_are_model_files(rule: Rule) -> None:
    """The example and its fix, shown on the rule's page, are YAML a model file may hold."""
    schema = json_schema()
    for text in (rule.example, rule.fixed):
        if not text:
            continue
        data = yaml.safe_load(text)
        assert isinstance(data, dict), f"{rule.code}: not a mapping of collections"
        jsonschema.validate(data, schema)
