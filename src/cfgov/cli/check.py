"""``cfgov check``: load a model, check it against the report's advice, gate a change.

Given files inside a model root (as pre-commit gives the files a commit
changes), the whole model is loaded and checked. Reported are the findings in
those files and every finding elsewhere in the model that is new against the
committed version (``--base``, default ``HEAD``), so no finding that the
change causes slips through, wherever it is located. When there is no
committed version to compare with, every finding in the model is reported.
"""

from __future__ import annotations

import argparse
import os
import subprocess
from collections import Counter
from pathlib import Path

import attrs

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from cfgov.cli.options import (
    Target,
    UsageError,
    add_model_options,
    add_output,
    add_paths,
    load_model,
    resolve_target,
)
from cfgov.cli.output import Outcome, colour_wanted, plural, problems_summary, say, write_output
from cfgov.io import LoadError
from cfgov.io.baseline import baseline_text, read_baseline
from cfgov.io.config import ConfigError
from cfgov.io.git import GitError, load_revision
from cfgov.model import Finding, Location, Model, Severity
from cfgov.report import FORMATS, render
from cfgov.rules import CheckResult, PluginError, Rule, all_rules, check
from cfgov.rules.baseline import BaselineEntry, baseline_entries, change_key, match_baseline


def configure(parser: argparse.ArgumentParser) -> None:
    add_paths(
        parser, "folders (searched for .yaml and .yml files) or files; default: the current folder"
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print problems only, without hints or the summary line",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="how to write the findings: text (default), json, sarif, github (annotations "
        "in GitHub Actions) or junit",
    )
    add_output(parser)
    parser.add_argument(
        "--select",
        metavar="CODES",
        help="run only these rules: codes or prefixes, comma-separated (e.g. CFG101,CFG11)",
    )
    parser.add_argument(
        "--ignore", metavar="CODES", help="do not run these rules: codes or prefixes"
    )
    parser.add_argument(
        "--fail-on",
        choices=["error", "warning", "info", "never"],
        help="the lowest severity that makes the run fail with exit 1 (default: error)",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings that are not recorded in this baseline file (entries that "
        "no longer match a finding are reported as CFG100)",
    )
    parser.add_argument(
        "--update-baseline",
        action="store_true",
        help="with --baseline: record the model's current findings in FILE (creating it) and "
        "exit 0",
    )
    parser.add_argument(
        "--base",
        metavar="REV",
        default="HEAD",
        help="given files (as pre-commit gives them): the committed version to compare with, "
        "so that findings elsewhere that the change causes are reported (default: HEAD)",
    )
    add_model_options(parser)


def run(args: argparse.Namespace) -> Outcome:
    hints = not args.quiet
    color = args.format == "text" and not args.output and colour_wanted()
    if args.update_baseline and not args.baseline:
        say("--update-baseline needs --baseline FILE: the file to record the findings in")
        return Outcome(EXIT_ERROR)
    try:
        rules = all_rules()
        target = resolve_target(args, rules)
        if target.files is not None and not target.files:
            return _nothing_to_check(args, hints)
        model, sources = load_model(args, target)
        baseline = (
            read_baseline(Path(args.baseline))
            if args.baseline and not args.update_baseline
            else None
        )
    except (LoadError, ConfigError) as exc:
        summary = problems_summary(exc.problems) if hints else None
        text = render(
            exc.problems, format=args.format, rules=(), summary=summary, color=color, hints=hints
        )
        # The problems are what the check found: they go to --output too, so that a CI
        # server's report (SARIF, JUnit) shows why the model did not load.
        return Outcome(EXIT_ERROR, text, deliver=True)
    except PluginError as exc:
        say(str(exc))
        return Outcome(EXIT_ERROR)
    except UsageError as exc:
        say(str(exc))
        return Outcome(EXIT_ERROR)
    result = check(model, sources, target.settings.config, rules=rules)
    if args.update_baseline:
        return _record_baseline(Path(args.baseline), result, target)
    notes: list[str] = []
    if target.files is not None:
        result, note = _scoped(result, target, args, rules)
        notes.append(note)
    if baseline is not None:
        matched = match_baseline(result.findings, baseline)
        stale = tuple(_stale_finding(Path(args.baseline), e, result) for e in matched.stale)
        result = attrs.evolve(
            result, findings=tuple(sorted(matched.new + stale, key=Finding.sort_key))
        )
        if matched.known:
            notes.append(f"{plural(len(matched.known), 'finding')} known from the baseline")
    files = (
        sources.files
        if target.files is None
        else tuple(f for f in sources.files if os.path.realpath(f) in target.files)
    )
    summary = _summary(result, model, target, files, notes) if hints else None
    text = render(
        result.findings,
        format=args.format,
        rules=rules,
        suppressed=result.suppressed,
        files=files,
        summary=summary,
        color=color,
        hints=hints,
    )
    return Outcome(EXIT_FINDINGS if result.failed else EXIT_OK, text)


def _summary(
    result: CheckResult,
    model: Model,
    target: Target,
    files: tuple[str, ...],
    notes: list[str],
) -> str:
    counts = result.counts
    found = ", ".join(
        f"{counts[level]} {level}{'' if level is Severity.INFO or counts[level] == 1 else 's'}"
        for level in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    verdict = "no findings" if not result.findings else found
    if result.suppressed:
        verdict += f"; {len(result.suppressed)} suppressed with a reason"
    for note in notes:
        if note:
            verdict += f"; {note}"
    if target.files is None:
        checked = f"Checked {plural(len(files), 'file')}"
    else:
        checked = (
            f"Checked {plural(len(files), 'changed file')} against the whole model "
            f"in {target.paths[0]}"
        )
    return f"{checked} ({model.summary()}): {verdict}."


def _nothing_to_check(args: argparse.Namespace, hints: bool) -> Outcome:
    """Given files, none of them part of a model (a CI file, say): nothing to check."""
    text = "No model files among the files given: nothing to check.\n" if hints else ""
    return Outcome(
        EXIT_OK,
        text
        if args.format == "text"
        else render((), format=args.format, rules=(), summary=None, hints=hints),
    )


def _scoped(
    result: CheckResult, target: Target, args: argparse.Namespace, rules: tuple[Rule, ...]
) -> tuple[CheckResult, str]:
    """The findings a change to ``target.files`` is answerable for.

    Those located in the files, and every other finding that the committed
    version (``args.base``) does not have. Without a committed version to
    compare with, every finding.
    """
    files = target.files
    assert files is not None
    before = _base_findings(target, args.base, rules)
    if before is None:
        return result, f"every finding in the model is reported: no {args.base} to compare with"
    now = Counter(change_key(f) for f in result.findings)
    new_keys = {key for key, count in now.items() if count > before[key]}

    def wanted(finding: Finding) -> bool:
        location = finding.location
        if location is not None and os.path.realpath(location.file) in files:
            return True
        return change_key(finding) in new_keys

    kept = tuple(f for f in result.findings if wanted(f))
    elsewhere = sum(
        1 for f in kept if f.location is None or os.path.realpath(f.location.file) not in files
    )
    suppressed = tuple(
        pair
        for pair in result.suppressed
        if pair[0].location is not None and os.path.realpath(pair[0].location.file) in files
    )
    note = f"{elsewhere} of them elsewhere, new since {args.base}" if elsewhere else ""
    return attrs.evolve(result, findings=kept, suppressed=suppressed), note


def _base_findings(target: Target, base: str, rules: tuple[Rule, ...]) -> Counter[str] | None:
    """The findings of the model as committed at ``base``, by change key; None if none."""
    assert target.root is not None
    try:
        model, sources = load_revision(target.root, base, exclude=target.settings.exclude)
    except (GitError, LoadError, OSError, subprocess.SubprocessError):
        return None
    found = check(model, sources, target.settings.config, rules=rules)
    return Counter(change_key(f) for f in found.findings)


def _stale_finding(path: Path, entry: BaselineEntry, result: CheckResult) -> Finding:
    severity = Severity.WARNING
    for rule in result.rules:
        if rule.code == "CFG100":
            severity = rule.severity
    what = f"{entry.code} on {entry.entity!r}" if entry.entity else entry.code
    return Finding(
        code="CFG100",
        severity=severity,
        message=f"the baseline records a finding that no longer occurs ({what}: "
        f"{_short(entry.message)})",
        hint=f"Run `cfgov check --baseline {path} --update-baseline` to drop it, and commit "
        "the file.",
        location=Location(str(path), entry.line),
    )


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _record_baseline(path: Path, result: CheckResult, target: Target) -> Outcome:
    entries = baseline_entries(result.findings)
    failed = write_output(path, baseline_text(entries), force=True)
    if failed is not None:
        return Outcome(failed)
    return Outcome(
        EXIT_OK,
        f"Recorded {plural(len(entries), 'finding')} in {path}. From now on, "
        f"`cfgov check --baseline {path}` reports only findings that are not in it; "
        "commit the file.\n",
    )


COMMAND = Command(
    name="check",
    help="load a model and check it against the report's advice",
    description="Load the model from the given folders or files, check it against the "
    "report's segmentation advice, and report every finding with file, line and column. "
    "Exit 0 when nothing at or above --fail-on remains, 1 when something does, 2 when "
    "the model or the configuration cannot be loaded. Given files inside a model's folder "
    "(as pre-commit gives them), the whole model is checked and the findings in those "
    "files are reported, with every finding elsewhere that is new since --base.",
    configure=configure,
    run=run,
)
