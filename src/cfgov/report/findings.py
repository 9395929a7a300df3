"""Findings as text for people and as JSON, SARIF, GitHub annotations or JUnit for machines.

Every format takes the same inputs: the findings that stand, the rules that
ran (for their descriptions), the findings a team suppressed with a reason,
and the files that were checked. Load problems (codes ``CFG0xx``) have no
:class:`~cfgov.rules.Rule`; they are described from
:data:`cfgov.model.PROBLEM_CODES`. Nothing here prints or reads the
environment: the command line decides about colour and where the text goes.

Every format is valid UTF-8 text, even for a file whose name is not: on Linux a
name may hold any bytes, and Python keeps those that are not UTF-8 as
"surrogate escapes" (``os.fsdecode(b"caf\\xe9.yaml")``). Each such byte is
written as ``\\x`` and two hex digits (``caf\\xe9.yaml``, as Python writes such
bytes) in the text, JSON, GitHub and JUnit formats, and percent-encoded
(``caf%E9.yaml``, which names exactly that file) in SARIF's URIs. Any other
character that cannot be written (a lone surrogate) becomes U+FFFD.
"""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import quote

from cfgov._version import __version__
from cfgov.model import PROBLEM_CODES, Finding, Location, Severity, Suppression, excerpt
from cfgov.model.findings import printable
from cfgov.rules import Rule

#: The names accepted by :func:`render`, the default first.
FORMATS = ("text", "json", "sarif", "github", "junit")

#: The version of the JSON output; raised only when a key is removed or changes meaning.
JSON_FORMAT_VERSION = 1

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)

_COLOURS = {
    Severity.ERROR: "\x1b[1;31m",  # bold red
    Severity.WARNING: "\x1b[1;33m",  # bold yellow
    Severity.INFO: "\x1b[1;36m",  # bold cyan
}
_RESET = "\x1b[0m"

_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _printable_json(text: str) -> str:
    """JSON text with undecodable bytes as ``\\xNN`` too: they occur only inside strings,
    where the backslash itself must be escaped."""
    return printable(text, backslash="\\\\")


def render(
    findings: Sequence[Finding],
    *,
    format: str,
    rules: Sequence[Rule],
    suppressed: Sequence[tuple[Finding, Suppression]] = (),
    files: Sequence[str] = (),
    summary: str | None = None,
    color: bool = False,
    hints: bool = True,
) -> str:
    """The findings in one of :data:`FORMATS`, as a string ending in a newline (or empty).

    ``findings`` are written in the order given. ``rules`` describe the codes in
    the SARIF output; codes with no rule are described from the load-problem
    catalogue. ``files`` are the files that were checked (JSON lists them, JUnit
    makes one test case of each, SARIF and GitHub pin findings without a place
    to the first). ``summary`` and ``color`` apply to ``text`` only; ``hints``
    adds each finding's hint to the human-readable text of every format but
    JSON, which always carries it. Raises :class:`ValueError` for an unknown
    format.
    """
    renderers: dict[str, Callable[[_Input], str]] = {
        "text": _text,
        "json": _json,
        "sarif": _sarif,
        "github": _github,
        "junit": _junit,
    }
    renderer = renderers.get(format)
    if renderer is None:
        raise ValueError(
            f"there is no output format {format!r}; choose one of {', '.join(FORMATS)}"
        )
    written = renderer(
        _Input(
            findings=tuple(findings),
            rules=tuple(rules),
            suppressed=tuple(suppressed),
            files=tuple(files),
            summary=summary,
            color=color,
            hints=hints,
        )
    )
    return _printable_json(written) if format in ("json", "sarif") else printable(written)


@dataclasses.dataclass(frozen=True)
class _Input:
    """The arguments of :func:`render`, passed on as one value."""

    findings: tuple[Finding, ...]
    rules: tuple[Rule, ...]
    suppressed: tuple[tuple[Finding, Suppression], ...]
    files: tuple[str, ...]
    summary: str | None
    color: bool
    hints: bool

    def fallback_file(self) -> str | None:
        """The file to pin a finding without a place to: the first checked, else the first named."""
        if self.files:
            return self.files[0]
        everything = [*self.findings, *(f for f, _ in self.suppressed)]
        return next((f.location.file for f in everything if f.location is not None), None)


def _lines(lines: Iterable[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _with_hint(finding: Finding, hints: bool, joiner: str = " ") -> str:
    """The message, and the hint after it when wanted, as one piece of prose."""
    if not hints or not finding.hint:
        return finding.message
    message = finding.message.rstrip()
    stop = "" if message.endswith((".", "!", "?", ":")) else "."
    return f"{message}{stop}{joiner}{finding.hint}"


# text ---------------------------------------------------------------------------------------


def _printable(text: str) -> str:
    """Text for a terminal with control characters escaped (line breaks aside), in case a
    rule from a plugin quoted a value without :func:`cfgov.model.excerpt`: no escape
    sequence reaches the screen. Bytes of a file name that is not UTF-8 are written
    as ``\\xNN`` first (see :func:`cfgov.model.findings.printable`)."""
    if text.isprintable():
        return text
    text = printable(text)
    return "\n".join(excerpt(line, len(line) * 10) for line in text.split("\n"))


def _text(given: _Input) -> str:
    lines: list[str] = []
    # Where each rule's advice comes from, so that a reader sees why as well as what.
    sources = {rule.code: rule.source for rule in given.rules}
    for finding in given.findings:
        where = f"{_printable(str(finding.location))}: " if finding.location is not None else ""
        severity = str(finding.severity)
        if given.color:
            severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
        lines.append(f"{where}{finding.code} {severity}: {_printable(finding.message)}")
        if given.hints and finding.hint:
            lines.append(f"    hint: {_printable(finding.hint)}")
        source = sources.get(finding.code)
        if given.hints and source:
            lines.append(f"    why: {source}; `cfgov explain {finding.code}` gives the reasoning")
    if given.summary is not None:
        if given.findings:
            lines.append("")
        lines.append(given.summary)
    return _lines(lines)


# json ---------------------------------------------------------------------------------------


def _location_json(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    placed: dict[str, Any] = {
        "file": location.file,
        "line": location.line,
        "column": location.column,
    }
    if location.sheet is not None:  # a workbook's cell: the row is the line
        placed["sheet"] = location.sheet
        placed["cell"] = location.cell
    return placed


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "hint": finding.hint,
        "entity": finding.entity,
        "field": finding.field,
        "related": list(finding.related),
        "location": _location_json(finding.location),
    }


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {level.value: 0 for level in _ORDER}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def _json(given: _Input) -> str:
    document = {
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "cfgov", "version": __version__},
        "files": list(given.files),
        "findings": [_finding_json(f) for f in given.findings],
        "suppressed": [
            {**_finding_json(f), "reason": suppression.reason}
            for f, suppression in given.suppressed
        ],
        "counts": _counts(given.findings),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# sarif --------------------------------------------------------------------------------------


def _uri(path: str) -> str:
    """A file name as a SARIF URI: relative paths stay relative, with forward slashes.

    Characters that cannot stand in a URI (spaces, ``%``, ``#``...) are
    percent-encoded; an absolute path becomes a ``file://`` URI.
    """
    posix = path.replace("\\", "/")
    while posix.startswith("./"):
        posix = posix[2:]
    if re.match(r"[A-Za-z]:/", posix):  # a Windows drive
        return "file:///" + posix[:2] + quote(_name_bytes(posix[2:]), safe="/")
    if posix.startswith("/"):
        return "file://" + quote(_name_bytes(posix), safe="/")
    return quote(_name_bytes(posix), safe="/")


def _name_bytes(path: str) -> bytes:
    """A file name's bytes as the file system has them, for percent-encoding: a byte
    that is not UTF-8 (a surrogate escape) becomes that byte again."""
    cleaned = _SURROGATE.sub(
        lambda found: found.group() if 0xDC80 <= ord(found.group()) <= 0xDCFF else "\ufffd",
        path,
    )
    return cleaned.encode("utf-8", "surrogateescape")


def _problem_descriptor(code: str) -> dict[str, Any]:
    problem = PROBLEM_CODES[code]
    about = (
        f"{problem.summary} cfgov cannot load the model until this is put right, so no "
        "advice is checked until then."
    )
    fix = (
        "Put right what the message describes, at the place shown; the hint, when there "
        "is one, says what cfgov expected instead."
    )
    return {
        "id": problem.code,
        "name": problem.name,
        "shortDescription": {"text": problem.summary},
        "fullDescription": {"text": about},
        "help": {
            "text": f"{about}\n\nHow to fix: {fix}",
            "markdown": f"{about}\n\n**How to fix**\n\n{fix}",
        },
        "defaultConfiguration": {"level": "error"},
    }


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    markdown = [
        f"**{rule.summary}**",
        "",
        "**Why it matters**",
        "",
        rule.rationale,
        "",
        "**How to fix**",
        "",
        rule.fix,
    ]
    if rule.example:
        markdown += ["", "Example that gets this finding:", "", "```yaml", rule.example.rstrip()]
        markdown += ["```"]
    if rule.fixed:
        markdown += ["", "The same, put right:", "", "```yaml", rule.fixed.rstrip(), "```"]
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {
            "text": f"{rule.rationale}\n\nHow to fix: {rule.fix}",
            "markdown": "\n".join(markdown),
        },
        "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
    }
    if rule.source:
        descriptor["properties"] = {"source": rule.source}
    return descriptor


def _unknown_descriptor(code: str, severity: Severity) -> dict[str, Any]:
    text = f"Finding {code}, from a rule that was not among the rules passed to the report."
    return {
        "id": code,
        "name": code,
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": text},
        "defaultConfiguration": {"level": _SARIF_LEVELS[severity]},
    }


def _descriptors(given: _Input) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Every rule that ran, then each other code that occurs, with its index by code."""
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule in given.rules:
        if rule.code not in index:
            index[rule.code] = len(descriptors)
            descriptors.append(_rule_descriptor(rule))
    others: dict[str, Severity] = {}
    for finding in [*given.findings, *(f for f, _ in given.suppressed)]:
        if finding.code not in index:
            others.setdefault(finding.code, finding.severity)
    for code in sorted(others):
        index[code] = len(descriptors)
        if code in PROBLEM_CODES:
            descriptors.append(_problem_descriptor(code))
        else:
            descriptors.append(_unknown_descriptor(code, others[code]))
    return descriptors, index


def _sarif_location(finding: Finding, fallback: str | None) -> dict[str, Any] | None:
    location = finding.location
    file = location.file if location is not None else fallback
    physical: dict[str, Any] | None = None
    if file is not None:
        region: dict[str, int] = {"startLine": 1}
        if location is not None and location.sheet is not None:
            # A workbook is no text file: its place is the sheet and cell, said in the
            # location's properties, with no lines of a text file to point into.
            physical = {
                "artifactLocation": {"uri": _uri(file)},
                "properties": {"sheet": location.sheet, "cell": location.cell},
            }
        elif location is not None and location.line is not None:
            region["startLine"] = location.line
            if location.column is not None:
                region["startColumn"] = location.column
        if location is None or location.sheet is None:
            physical = {"artifactLocation": {"uri": _uri(file)}, "region": region}
    place: dict[str, Any] = {}
    if physical is not None:
        place["physicalLocation"] = physical
    if finding.entity is not None:
        name = finding.entity
        qualified = f"{finding.entity}.{finding.field}" if finding.field else finding.entity
        place["logicalLocations"] = [{"name": name, "fullyQualifiedName": qualified}]
    return place or None


def _sarif_result(
    finding: Finding,
    index: dict[str, int],
    fallback: str | None,
    hints: bool,
    suppression: Suppression | None = None,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": _SARIF_LEVELS[finding.severity],
        "message": {"text": _with_hint(finding, hints)},
    }
    place = _sarif_location(finding, fallback)
    if place is not None:
        result["locations"] = [place]
    if suppression is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": suppression.reason}]
    properties: dict[str, Any] = {}
    if finding.entity is not None:
        properties["entity"] = finding.entity
    if finding.field is not None:
        properties["field"] = finding.field
    if finding.related:
        properties["related"] = list(finding.related)
    if properties:
        result["properties"] = properties
    return result


def _sarif(given: _Input) -> str:
    descriptors, index = _descriptors(given)
    fallback = given.fallback_file()
    results = [_sarif_result(f, index, fallback, given.hints) for f in given.findings]
    results += [
        _sarif_result(f, index, fallback, given.hints, suppression)
        for f, suppression in given.suppressed
    ]
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cfgov",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# github -------------------------------------------------------------------------------------


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(given: _Input) -> str:
    fallback = given.fallback_file()
    lines: list[str] = []
    for finding in given.findings:
        location = finding.location
        file = location.file if location is not None else fallback
        properties: list[str] = []
        sheet = ""
        if location is not None and location.sheet is not None:
            # A workbook has no lines to annotate: the file is named, and the message
            # starts with the sheet and cell.
            properties.append(f"file={_github_property(location.file)}")
            sheet = (
                f"{location.sheet}!{location.cell}: " if location.cell else f"{location.sheet}: "
            )
        elif file is not None:
            line = location.line if location is not None and location.line is not None else 1
            column = location.column if location is not None and location.column else 1
            properties += [f"file={_github_property(file)}", f"line={line}", f"col={column}"]
        properties.append(f"title={_github_property(finding.code)}")
        command = _GITHUB_COMMANDS[finding.severity]
        message = _github_data(sheet + _with_hint(finding, given.hints, joiner="\n"))
        lines.append(f"::{command} {','.join(properties)}::{message}")
    return _lines(lines)


# junit --------------------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    """Text XML can carry: undecodable bytes of names become ``\\xNN`` (see above) and
    other characters it forbids outright become U+FFFD."""
    return _NOT_XML.sub("\ufffd", printable(text))


def _junit(given: _Input) -> str:
    whole_model = "(whole model)"
    by_file: dict[str, list[Finding]] = {file: [] for file in given.files}
    for finding in given.findings:
        file = finding.location.file if finding.location is not None else whole_model
        by_file.setdefault(file, []).append(finding)

    cases: list[ET.Element] = []
    failed = 0
    for file, found in by_file.items():
        case = ET.Element("testcase", {"name": _xml_text(file), "classname": "cfgov"})
        if file != whole_model:
            case.set("file", _xml_text(file))
        notes: list[str] = []
        for finding in found:
            where = f"{finding.location}: " if finding.location is not None else ""
            line = f"{where}{finding.code} {finding.severity}: {finding.message}"
            if finding.severity is Severity.INFO:
                notes.append(line)
                continue
            failure = ET.SubElement(
                case,
                "failure",
                {"type": finding.code, "message": _xml_text(finding.message)},
            )
            body = [line]
            if given.hints and finding.hint:
                body.append(f"    hint: {finding.hint}")
            failure.text = _xml_text("\n".join(body))
        if notes:
            ET.SubElement(case, "system-out").text = _xml_text("\n".join(notes))
        if case.find("failure") is not None:
            failed += 1
        cases.append(case)

    counts = {"tests": str(len(cases)), "failures": str(failed), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": "cfgov", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "cfgov", **counts})
    suite.extend(cases)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
