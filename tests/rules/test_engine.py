"""The engine: selection, severities, options, suppressions, locations, plugins."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from cfgov import Severity, Suppression, loads_with_sources
from cfgov.rules import (
    Config,
    OptionError,
    PluginError,
    Rule,
    all_rules,
    builtin_rules,
    check,
    find_rule,
    plugin_rules,
)

PLUGIN = Path(__file__).resolve().parents[1] / "data" / "plugin"
RULES = [find_rule("CFG101", builtin_rules()), find_rule("CFG119", builtin_rules())]

MODEL = """\
organisations:
  - id: dwp
    name: DWP
aims:
  - {id: aim, unit: dwp, statement: Security in retirement}
segments:
  - id: employed
    name: Employed
    category: target
    unit: dwp
    aims: [aim]
    size: 10
  - id: with-pension
    name: With a pension
    category: target
    unit: dwp
    parent: employed
    size: 8
  - id: without-pension
    name: Without a pension
    category: target
    unit: dwp
    parent: employed
    size: 5
  - id: callers
    name: Callers
    category: indirect
    unit: dwp
"""


def run(text: str = MODEL, config: Config | None = None):  # type: ignore[no-untyped-def]
    model, sources = loads_with_sources(text, name="m.yaml")
    return check(model, sources, config, rules=[r for r in RULES if r is not None])


def test_findings_are_located_sorted_and_fail_on_errors() -> None:
    result = run()
    assert [(f.code, str(f.location)) for f in result.findings] == [
        ("CFG119", "m.yaml:12:11"),
        ("CFG101", "m.yaml:25:5"),
    ]
    assert result.counts == {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 1}
    assert result.failed


def test_without_sources_findings_name_the_entity() -> None:
    model, _ = loads_with_sources(MODEL)
    result = check(model, rules=[r for r in RULES if r is not None])
    assert {(f.code, f.entity, f.location) for f in result.findings} == {
        ("CFG119", "employed", None),
        ("CFG101", "callers", None),
    }


@pytest.mark.parametrize(
    ("config", "codes"),
    [
        (Config(select=["CFG101"]), ["CFG101"]),
        (Config(select=["CFG1"], ignore=["CFG119"]), ["CFG101"]),
        (Config(ignore="CFG119"), ["CFG101"]),
    ],
)
def test_select_and_ignore_take_codes_and_prefixes(config: Config, codes: list[str]) -> None:
    assert [f.code for f in run(config=config).findings] == codes


@pytest.mark.parametrize("config", [Config(ignore="CFG101, CFG119"), Config(ignore=["C"])])
def test_a_configuration_that_leaves_no_rule_to_run_is_refused(config: Config) -> None:
    # It could never find anything, and so would pass any model.
    with pytest.raises(OptionError, match="leave no rule to run"):
        run(config=config)


def test_severity_overrides_and_fail_on() -> None:
    result = run(config=Config(severity={"CFG119": "warning"}))
    assert {f.severity for f in result.findings} == {Severity.WARNING}
    assert not result.failed
    assert run(config=Config(severity={"CFG119": "warning"}, fail_on="warning")).failed
    assert not run(config=Config(fail_on=None)).failed


def test_options_reach_the_rule() -> None:
    assert [
        f.code for f in run(config=Config(options={"CFG119": {"tolerance": 0.5}})).findings
    ] == ["CFG101"]


def test_a_suppression_with_a_reason_moves_the_finding_aside() -> None:
    text = MODEL + "    ignore: {CFG101: Callers are a temporary list while we research}\n"
    result = run(text)
    assert [f.code for f in result.findings] == ["CFG119"]
    ((finding, suppression),) = result.suppressed
    assert finding.entity == "callers"
    assert suppression == Suppression("CFG101", "Callers are a temporary list while we research")


def test_suppressions_that_suppress_nothing_are_reported() -> None:
    text = MODEL.replace(
        "    aims: [aim]\n",
        "    aims: [aim]\n    ignore: {CFG101: old note, CFG999: typo, CFG100: not run here}\n",
    )
    unused = [f for f in run(text).findings if f.code == "CFG100"]
    line = text.splitlines()[11]
    assert [(f.message, str(f.location)) for f in unused] == [
        (
            "'employed' suppresses CFG101, but CFG101 no longer finds anything here",
            f"m.yaml:12:{line.index('CFG101') + 1}",
        ),
        (
            "'employed' suppresses CFG999, which is not a rule cfgov knows",
            f"m.yaml:12:{line.index('CFG999') + 1}",
        ),
    ]


def test_builtin_rules_are_found_by_module_name() -> None:
    codes = [r.code for r in builtin_rules()]
    assert codes == sorted(codes)
    assert {"CFG100", "CFG101", "CFG119"} <= set(codes)


Install = Callable[[Path, str, Mapping[str, str]], Path]


def _install_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, install: Install, target: str
) -> None:
    """Make the test plugin look installed, its entry point at ``target``, on sys.path."""
    source = (PLUGIN / "acme_cfgov_rules.py").read_text(encoding="utf-8")
    install(tmp_path, source, {"acme001": target})
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "acme_cfgov_rules", raising=False)


def test_plugins_add_rules_through_the_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, install_plugin: Install
) -> None:
    _install_plugin(tmp_path, monkeypatch, install_plugin, "acme_cfgov_rules:RULE")
    (plugin,) = plugin_rules()
    assert plugin.code == "ACME001"
    assert find_rule("acme001", all_rules()) is plugin
    model, sources = loads_with_sources(MODEL, name="m.yaml")
    found = check(model, sources, Config(select=["ACME"])).findings
    assert {f.entity for f in found} == {"employed", "with-pension", "without-pension", "callers"}


def test_a_broken_plugin_is_a_plugin_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, install_plugin: Install
) -> None:
    _install_plugin(tmp_path, monkeypatch, install_plugin, "acme_cfgov_rules:NOT_THERE")
    with pytest.raises(PluginError, match="could not be loaded"):
        plugin_rules()


def test_a_plugin_may_not_reuse_a_builtin_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, install_plugin: Install
) -> None:
    _install_plugin(tmp_path, monkeypatch, install_plugin, "acme_cfgov_rules:RULE")
    source = (tmp_path / "acme_cfgov_rules.py").read_text()
    (tmp_path / "acme_cfgov_rules.py").write_text(source.replace('"ACME001"', '"CFG101"'))
    with pytest.raises(PluginError, match="two rules use the code CFG101"):
        all_rules()


SECRET = "s3cr3t-" * 20


def _hostile(text: str) -> str:
    """A fixture with every id made long and every name and statement long, with line breaks
    and tabs in it (the loader refuses other control characters: CFG022)."""
    for entity_id in set(re.findall(r"\bid: ([\w-]+)", text)):
        text = re.sub(rf"(?<![\w-]){re.escape(entity_id)}(?![\w:-])", entity_id + SECRET, text)
    hostile = rf'"\\t[2J\\n{SECRET}\2"'
    text = re.sub(  # in a block: the rest of the line, less a comment
        r"^(\s*(?:- )?(?:name|statement): )([^\s\"'{\[][^#\n\"]*?)(\s*(?:#.*)?)$",
        rf"\1{hostile}\3",
        text,
        flags=re.M,
    )
    return re.sub(  # in braces: up to the next comma or brace
        r"([{,]\s*(?:name|statement): )([^\s\"',}#][^\"',}\n#]*?)(\s*[,}])",
        rf"\1{hostile}\3",
        text,
    )


@pytest.mark.parametrize(
    "rule", [r for r in builtin_rules() if r.code != "CFG100"], ids=lambda r: r.code
)
def test_findings_quote_short_escaped_excerpts_of_ids_and_names(rule: Rule) -> None:
    fixture = Path(__file__).resolve().parent / "fixtures" / rule.code / "fires.yaml"
    model, _ = loads_with_sources(_hostile(fixture.read_text(encoding="utf-8")))
    findings = list(rule.run(model))
    assert findings, "the hostile fixture should still fire"
    for finding in findings:
        for text in (finding.message, finding.hint or ""):
            assert text.isprintable(), text
            assert SECRET[:70] not in text, text


def test_a_model_built_in_python_with_escape_codes_in_names_is_quoted_safely() -> None:
    # Python callers are not held to the loader's CFG022: the rules must escape what they quote.
    from cfgov import Model, Segment, Stakeholder, Unit, check

    model = Model(
        units=[Unit(id="d", name="D", kind="ministerial_department")],
        stakeholders=[Stakeholder(id="p", name="The public")],
        segments=[
            Segment(id="s", name="\x1b[2J" + SECRET, category="target", unit="d", stakeholder="p")
        ],
    )
    findings = check(model).findings
    assert findings
    for finding in findings:
        assert "\x1b" not in finding.message
        assert finding.message.isprintable()
        assert SECRET[:70] not in finding.message
