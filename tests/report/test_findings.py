"""Output formats for findings: golden files, the official SARIF schema, and each format's bar.

The golden files hold the output for one fixed set of findings. They change
only on request: ``pytest tests/report --update-golden``, then review the diff.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cfgov import cli
from cfgov._version import __version__
from cfgov.io import LoadError, load_with_sources
from cfgov.model import PROBLEM_CODES, Finding, Location, Severity, Suppression
from cfgov.report import FORMATS, JSON_FORMAT_VERSION, render
from cfgov.rules import Rule, all_rules, builtin_rules, check

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
GOLDEN = HERE / "golden"
JSON_DOC = ROOT / "docs" / "reference" / "json-output.md"
FIXTURES = ROOT / "tests" / "rules" / "fixtures"


def _never(_model: Any, _options: Any) -> Iterator[Finding]:
    return iter(())


def _rule(code: str, name: str, severity: Severity, example: str = "") -> Rule:
    return Rule(
        code=code,
        name=name,
        severity=severity,
        summary=f"The summary of {name}.",
        rationale=f"Why {name} matters, in a sentence: 50% of readers skip the rest.",
        fix=f"How to put {name} right: edit `size:` & re-check.",
        source="tests",
        cost="Constant.",
        check=_never,
        example=example,
        fixed=example.replace("12", "8"),
    )


# Made-up rules, so the golden files do not change whenever a real rule is reworded.
RULES = (
    _rule("XMP101", "sizes-too-big", Severity.ERROR, "segments:\n  - {id: a, size: 12}\n"),
    _rule("XMP102", "no-voice", Severity.WARNING),
    _rule("XMP103", "flat-priorities", Severity.INFO),
)

ODD_FILE = "data/odd, name: 100%.yaml"
FILES = ("segments.yaml", ODD_FILE, "units.yaml", "private.yaml")

FINDINGS = (
    Finding(
        code="XMP101",
        severity=Severity.ERROR,
        message="segment 'a' (100% <sure> & certain) holds 12, more than 'b': 10,\nsee sizes",
        hint="Lower the sizes, or move 'a' under another segment.",
        entity="a",
        field="size.value",
        related=("b",),
        location=Location("segments.yaml", 12, 11),
    ),
    Finding(
        code="XMP102",
        severity=Severity.WARNING,
        message="segment 'children' has no voice",
        hint="Name a representative.",
        entity="children",
        location=Location(ODD_FILE, 3, 5),
    ),
    Finding(
        code="XMP103",
        severity=Severity.INFO,
        message="every segment has priority 1",
        entity="pensioners",
        field="priority",
        location=Location("segments.yaml", 20),
    ),
    Finding(
        code="CFG017",
        severity=Severity.ERROR,
        message="cannot read it: permission denied",
        hint="Check that the path exists and that you may read it.",
        location=Location("private.yaml"),
    ),
    # Built in Python, so nowhere in a file.
    Finding(
        code="XMP102",
        severity=Severity.WARNING,
        message="segment 'callers' has no voice",
        hint="Name a representative.",
        entity="callers",
    ),
)

SUPPRESSED = (
    (
        Finding(
            code="XMP102",
            severity=Severity.WARNING,
            message="segment 'ministers' has no voice",
            hint="Name a representative.",
            entity="ministers",
            location=Location("segments.yaml", 30, 5),
        ),
        Suppression(
            "XMP102", "Ministers speak for themselves: see the minutes of 3 May & <4 June>"
        ),
    ),
)

SUMMARY = "Checked 4 files (...): 2 errors, 2 warnings, 1 info; 1 suppressed with a reason."

GOLDEN_NAMES = {
    "text": "findings.txt",
    "json": "findings.json",
    "sarif": "findings.sarif",
    "github": "findings.github.txt",
    "junit": "findings.junit.xml",
}


def rendered(format: str, **changes: Any) -> str:
    findings = changes.pop("findings", FINDINGS)
    arguments: dict[str, Any] = {
        "rules": RULES,
        "suppressed": SUPPRESSED,
        "files": FILES,
        "summary": SUMMARY,
    }
    arguments.update(changes)
    return render(findings, format=format, **arguments)


# Golden files ---------------------------------------------------------------------------------


def test_every_format_has_a_golden_file() -> None:
    assert set(GOLDEN_NAMES) == set(FORMATS)


@pytest.mark.parametrize("format", FORMATS)
def test_output_matches_the_golden_file(format: str, update_golden: bool) -> None:
    # The version changes with every release; the golden files say {VERSION} instead.
    output = rendered(format).replace(__version__, "{VERSION}")
    path = GOLDEN / GOLDEN_NAMES[format]
    if update_golden:
        path.parent.mkdir(exist_ok=True)
        path.write_text(output, encoding="utf-8", newline="\n")
    expected = path.read_text(encoding="utf-8")
    assert output == expected, (
        f"{path.relative_to(ROOT)} differs: if the change is intended, run "
        "`pytest tests/report --update-golden` and review the diff"
    )


def test_an_unknown_format_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match=r"'xml'.*text, json, sarif, github, junit"):
        render(FINDINGS, format="xml", rules=RULES)


# text -----------------------------------------------------------------------------------------


def test_text_colours_the_severity_word_and_nothing_else() -> None:
    plain = rendered("text")
    coloured = rendered("text", color=True)
    assert "\x1b" not in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    first = coloured.splitlines()[0]
    assert first.startswith("segments.yaml:12:11: XMP101 \x1b[1;31merror\x1b[0m: segment 'a'")
    assert "\x1b[1;33mwarning\x1b[0m" in coloured
    assert "\x1b[1;36minfo\x1b[0m" in coloured
    assert "\x1b" not in coloured.split("\n\n")[-1]  # not in the summary


def test_text_without_hints_or_summary_has_one_line_per_finding() -> None:
    text = rendered("text", hints=False, summary=None)
    assert text.count("\n") == len(FINDINGS) + 1  # the message of the first holds a newline
    assert "hint:" not in text


def test_text_without_findings_is_the_summary_alone() -> None:
    assert rendered("text", findings=()) == SUMMARY + "\n"
    assert rendered("text", findings=(), summary=None) == ""


def test_text_is_what_the_cli_prints_for_rule_findings() -> None:
    path = FIXTURES / "CFG109" / "fires.yaml"
    out = io.StringIO()
    cli.run(["check", "--no-config", str(path)], out=out)
    printed = out.getvalue()
    model, sources = load_with_sources(path)
    result = check(model, sources, rules=all_rules())
    assert result.findings
    summary = printed.splitlines()[-1]
    assert render(result.findings, format="text", rules=result.rules, summary=summary) == printed


def test_text_is_what_the_cli_prints_for_load_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("segments:\n  - id: s\n    name: n\n    categroy: target\n    unit: u\n")
    out = io.StringIO()
    assert cli.run(["check", "--no-config", str(bad)], out=out) == cli.EXIT_ERROR
    printed = out.getvalue()
    with pytest.raises(LoadError) as caught:
        load_with_sources(bad)
    summary = printed.splitlines()[-1]
    assert render(caught.value.problems, format="text", rules=(), summary=summary) == printed


# json -----------------------------------------------------------------------------------------


def key_paths(value: Any, prefix: str = "") -> Iterator[str]:
    """Every key in a JSON document as a path: ``findings[].location.file``."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from key_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            yield from key_paths(item, f"{prefix}[]")


def documented_paths() -> set[str]:
    text = JSON_DOC.read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([^`]+)` \|", text, re.MULTILINE))


def test_json_parses_and_has_exactly_the_documented_keys() -> None:
    document = json.loads(rendered("json"))
    found = set(key_paths(document))
    documented = documented_paths()
    assert found - documented == set(), "keys in the output that the docs do not describe"
    assert documented - found == set(), "documented keys that the output never has"
    assert JSON_DOC.read_text(encoding="utf-8").startswith("# JSON output\n")


def test_json_keeps_the_order_given_and_counts_what_stands() -> None:
    document = json.loads(rendered("json", findings=FINDINGS[::-1]))
    assert document["version"] == JSON_FORMAT_VERSION
    assert document["tool"] == {"name": "cfgov", "version": __version__}
    assert [f["entity"] for f in document["findings"]] == [f.entity for f in FINDINGS[::-1]]
    assert document["counts"] == {"error": 2, "warning": 2, "info": 1}
    assert document["files"] == list(FILES)
    (suppressed,) = document["suppressed"]
    assert suppressed["entity"] == "ministers"
    assert suppressed["reason"] == SUPPRESSED[0][1].reason


def test_json_locations_are_null_or_complete() -> None:
    document = json.loads(rendered("json"))
    locations = [f["location"] for f in document["findings"]]
    assert locations[3] == {"file": "private.yaml", "line": None, "column": None}
    assert locations[4] is None
    assert document["findings"][0]["message"] == FINDINGS[0].message


# sarif ----------------------------------------------------------------------------------------


def validate_sarif(text: str, schema: dict[str, Any]) -> dict[str, Any]:
    from jsonschema import validators

    document: dict[str, Any] = json.loads(text)
    validator_class = validators.validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    return document


def test_sarif_validates_against_the_official_schema(sarif_schema: dict[str, Any]) -> None:
    assert sarif_schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    validate_sarif(rendered("sarif"), sarif_schema)


def test_sarif_with_every_real_rule_and_problem_code_validates(
    sarif_schema: dict[str, Any],
) -> None:
    problems = [
        Finding(code=code, severity=Severity.ERROR, message=p.summary, location=Location("m.yaml"))
        for code, p in PROBLEM_CODES.items()
    ]
    document = validate_sarif(render(problems, format="sarif", rules=builtin_rules()), sarif_schema)
    descriptors = document["runs"][0]["tool"]["driver"]["rules"]
    ids = [d["id"] for d in descriptors]
    assert ids == [r.code for r in builtin_rules()] + sorted(PROBLEM_CODES)
    for descriptor in descriptors:
        assert descriptor["help"]["text"]
        assert descriptor["help"]["markdown"]
        assert descriptor["fullDescription"]["text"]


def test_every_sarif_result_has_a_file_a_line_and_its_rule() -> None:
    document = json.loads(rendered("sarif"))
    (run,) = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(FINDINGS) + len(SUPPRESSED)
    for result in run["results"]:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"]
        assert physical["region"]["startLine"] >= 1
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_places_findings_as_well_as_it_can() -> None:
    results = json.loads(rendered("sarif"))["runs"][0]["results"]

    def place(n: int) -> dict[str, Any]:
        physical: dict[str, Any] = results[n]["locations"][0]["physicalLocation"]
        return physical

    assert place(0)["region"] == {"startLine": 12, "startColumn": 11}
    assert place(1)["artifactLocation"]["uri"] == "data/odd%2C%20name%3A%20100%25.yaml"
    assert place(2)["region"] == {"startLine": 20}
    # A file but no line: line 1 of that file.
    assert place(3) == {"artifactLocation": {"uri": "private.yaml"}, "region": {"startLine": 1}}
    # Nowhere at all: the first file checked, and the entity by name.
    assert place(4)["artifactLocation"]["uri"] == "segments.yaml"
    assert results[4]["locations"][0]["logicalLocations"] == [
        {"name": "callers", "fullyQualifiedName": "callers"}
    ]


def test_sarif_levels_messages_and_suppressions() -> None:
    results = json.loads(rendered("sarif"))["runs"][0]["results"]
    assert [r["level"] for r in results] == [
        "error",
        "warning",
        "note",
        "error",
        "warning",
        "warning",
    ]
    assert (
        results[1]["message"]["text"] == "segment 'children' has no voice. Name a representative."
    )
    assert "suppressions" not in results[0]
    assert results[-1]["suppressions"] == [
        {"kind": "inSource", "justification": SUPPRESSED[0][1].reason}
    ]


def test_sarif_describes_load_problems_from_the_catalogue() -> None:
    run = json.loads(rendered("sarif"))["runs"][0]
    by_id = {d["id"]: d for d in run["tool"]["driver"]["rules"]}
    assert by_id["CFG017"]["name"] == PROBLEM_CODES["CFG017"].name
    assert by_id["CFG017"]["shortDescription"]["text"] == PROBLEM_CODES["CFG017"].summary
    assert by_id["CFG017"]["defaultConfiguration"] == {"level": "error"}
    assert by_id["XMP103"]["defaultConfiguration"] == {"level": "note"}
    assert "```yaml" in by_id["XMP101"]["help"]["markdown"]


@pytest.mark.parametrize(
    ("given", "uri"),
    [
        ("./m/segments.yaml", "m/segments.yaml"),
        ("m\\segments.yaml", "m/segments.yaml"),
        ("/srv/model/a b.yaml", "file:///srv/model/a%20b.yaml"),
        ("C:\\model\\a.yaml", "file:///C:/model/a.yaml"),
    ],
)
def test_sarif_uris(given: str, uri: str) -> None:
    finding = Finding(code="CFG001", severity=Severity.ERROR, message="m", location=Location(given))
    result = json.loads(render([finding], format="sarif", rules=()))["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri


# github ---------------------------------------------------------------------------------------

WORKFLOW_COMMAND = re.compile(
    r"::(?P<command>error|warning|notice) "
    r"file=(?P<file>[^,:\r\n]+),line=(?P<line>[1-9][0-9]*),col=(?P<col>[1-9][0-9]*),"
    r"title=(?P<title>[^,:\r\n]+)::(?P<message>[^\r\n]*)"
)


def unescape(text: str) -> str:
    for escaped, character in (
        ("%0D", "\r"),
        ("%0A", "\n"),
        ("%3A", ":"),
        ("%2C", ","),
        ("%25", "%"),
    ):
        text = text.replace(escaped, character)
    return text


def test_every_github_line_is_a_workflow_command_with_file_line_and_col() -> None:
    lines = rendered("github").splitlines()
    assert len(lines) == len(FINDINGS)
    for line, finding in zip(lines, FINDINGS, strict=True):
        match = WORKFLOW_COMMAND.fullmatch(line)
        assert match, line
        assert unescape(match["title"]) == finding.code
        expected = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
        assert match["command"] == expected[finding.severity]
        assert unescape(match["message"]).startswith(finding.message)


def test_github_escapes_what_workflow_commands_reserve() -> None:
    first, second, third, fourth, fifth = rendered("github", hints=False).splitlines()
    assert first == (
        "::error file=segments.yaml,line=12,col=11,title=XMP101::segment 'a' (100%25 <sure> "
        "& certain) holds 12, more than 'b': 10,%0Asee sizes"
    )
    assert second.startswith("::warning file=data/odd%2C name%3A 100%25.yaml,line=3,col=5,")
    assert third.startswith("::notice file=segments.yaml,line=20,col=1,")
    assert fourth.startswith("::error file=private.yaml,line=1,col=1,")
    assert fifth.startswith("::warning file=segments.yaml,line=1,col=1,")


def test_github_writes_no_summary_and_no_suppressed_findings() -> None:
    text = rendered("github")
    assert SUMMARY not in text
    assert "ministers" not in text


# junit ----------------------------------------------------------------------------------------


def test_junit_parses_and_its_counts_add_up() -> None:
    root = ET.fromstring(rendered("junit"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "cfgov"
    cases = suite.findall("testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    for element in (root, suite):
        assert element.get("tests") == str(len(cases))
        assert element.get("failures") == str(len(failed))
        assert element.get("errors") == "0"
        assert element.get("skipped") == "0"
    failures = suite.findall("testcase/failure")
    stand = [f for f in FINDINGS if f.severity is not Severity.INFO]
    assert [f.get("type") for f in failures] == [f.code for f in stand]


def test_junit_has_one_case_per_file_and_info_as_output() -> None:
    suite = ET.fromstring(rendered("junit")).find("testsuite")
    assert suite is not None
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == [*FILES, "(whole model)"]
    assert list(cases["units.yaml"]) == []  # checked, nothing found: a passing test
    segments = cases["segments.yaml"]
    failure = segments.find("failure")
    assert failure is not None
    assert failure.get("message") == FINDINGS[0].message  # < & and the newline survive
    output = segments.find("system-out")
    assert output is not None
    assert output.text == "segments.yaml:20: XMP103 info: every segment has priority 1"


def test_junit_replaces_characters_xml_cannot_hold() -> None:
    finding = Finding(
        code="CFG001",
        severity=Severity.ERROR,
        message="a control character \x01 here",
        location=Location("m.yaml", 1, 1),
    )
    root = ET.fromstring(render([finding], format="junit", rules=(), files=["m.yaml"]))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "a control character \ufffd here"


# file names that are not UTF-8 -----------------------------------------------------------------

#: ``caf\xe9.yaml`` saved by a Latin-1 system: on Linux, Python holds the byte 0xE9 as U+DCE9.
LATIN1_NAME = os.fsdecode(b"caf\xe9.yaml") if os.name != "nt" else "caf\udce9.yaml"


def _about_odd_name() -> list[Finding]:
    return [
        Finding(
            code="CFG008",
            severity=Severity.ERROR,
            message=f"the id 's' is already used by the entry at {LATIN1_NAME}:2:5",
            hint="Rename one of the two.",
            location=Location(LATIN1_NAME, 3, 5),
        ),
        Finding(code="CFG019", severity=Severity.ERROR, message="lone \ud800 half", hint=None),
    ]


@pytest.mark.parametrize("format", FORMATS)
def test_every_format_writes_a_name_that_is_not_utf8_as_valid_utf8(format: str) -> None:
    written = render(
        _about_odd_name(),
        format=format,
        rules=(),
        files=[LATIN1_NAME],
        summary=f"Checked {LATIN1_NAME}.",
    )
    written.encode("utf-8")  # no surrogate escapes left to fail a strict writer
    if format == "sarif":
        document = json.loads(written)
        (first, _) = document["runs"][0]["results"]
        location = first["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "caf%E9.yaml"
        assert "caf\\xe9.yaml:2:5" in first["message"]["text"]
    elif format == "json":
        document = json.loads(written)
        assert document["files"] == ["caf\\xe9.yaml"]
        assert document["findings"][0]["location"]["file"] == "caf\\xe9.yaml"
        assert document["findings"][1]["message"] == "lone \ufffd half"
    elif format == "junit":
        root = ET.fromstring(written)
        (case,) = [c for c in root.iter("testcase") if c.get("file")]
        assert case.get("file") == "caf\\xe9.yaml"
    elif format == "github":
        assert written.startswith("::error file=caf\\xe9.yaml,line=3,col=5,title=CFG008::")
        assert "lone \ufffd half" in written
    else:
        assert written.startswith("caf\\xe9.yaml:3:5: CFG008 error:")
        assert "lone \ufffd half" in written


def test_sarif_uri_of_an_absolute_name_that_is_not_utf8_names_its_bytes() -> None:
    finding = Finding(
        code="CFG001", severity=Severity.ERROR, message="m", location=Location("/m/" + LATIN1_NAME)
    )
    result = json.loads(render([finding], format="sarif", rules=()))["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "file:///m/caf%E9.yaml"


@pytest.mark.skipif(os.name == "nt" or sys.platform == "darwin", reason="needs byte file names")
@pytest.mark.parametrize("format", FORMATS)
def test_a_model_file_named_in_latin1_is_loaded_checked_and_reported(
    tmp_path: Path, format: str
) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.yaml"), "w", encoding="utf-8") as stream:
        stream.write("organisations:\n  - id: dwp\n    name: Work and Pensions\n")
    model, sources = load_with_sources(tmp_path)
    assert sources.files == (os.path.join(str(tmp_path), LATIN1_NAME),)
    result = check(model, sources)
    render(result.findings, format=format, rules=builtin_rules(), files=sources.files).encode()
    with open(os.path.join(folder, b"caf\xe9.yaml"), "a", encoding="utf-8") as stream:
        stream.write("segments:\n  - {id: s, name: S, category: target, unit: nowhere}\n")
    with pytest.raises(LoadError) as info:
        load_with_sources(tmp_path)
    written = render(info.value.problems, format=format, rules=())
    written.encode("utf-8")
    assert ("caf%E9.yaml" if format == "sarif" else "caf\\") in written


def test_text_output_escapes_control_characters_a_plugin_left_in() -> None:
    finding = Finding(
        code="XMP101",
        severity=Severity.ERROR,
        message="segment '\x1b[2J\x1b[31mred' is wrong",
        hint="Rename '\x1b]0;title\x07'.",
        location=Location("m\x1b[1m.yaml", 3, 5),
    )
    text = render([finding], format="text", rules=RULES)
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "segment '\\x1b[2J\\x1b[31mred' is wrong" in text
