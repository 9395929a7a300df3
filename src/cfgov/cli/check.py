"""``cfgov check``: load a model, check it against the report's advice, gate a change.

Given files inside a model root (as pre-commit gives the files a commit
changes), the whole model is loaded and checked. Reported are the findings in
those files and every finding elsewhere in the model that is new against the
committed version (:func:`~cfgov.cli.options.base_revision`), so no finding
that the change causes slips through, wherever it is located. When there is
nothing fair to compare with, every finding in the model is reported.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
from collections import Counter
from collections.abc import Callable
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
    base_revision,
    check_model,
    display,
    load_model,
    resolve_targets,
)
from cfgov.cli.output import Outcome, colour_wanted, plural, problems_summary, say, write_output
from cfgov.io import LoadError
from cfgov.io.baseline import baseline_text, read_baseline
from cfgov.io.config import CONFIG_FILE, ConfigError
from cfgov.io.git import (
    GitError,
    git_top,
    is_revision,
    load_revision,
    roots_at,
    settings_at,
    untracked_files,
)
from cfgov.io.loader import is_model_name
from cfgov.model import CfgovError, Finding, Location, Model, Severity, excerpt, quoted
from cfgov.report import FORMATS, render
from cfgov.rules import CheckResult, Config, OptionError, PluginError, Rule, all_rules, check
from cfgov.rules.baseline import BaselineEntry, baseline_entries, change_key, match_baseline


def configure(parser: argparse.ArgumentParser) -> None:
    add_paths(
        parser,
        "folders (searched for .yaml, .yml, .csv and .xlsx files) or files; "
        "default: the current folder",
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
        "--changed",
        action="store_true",
        help="the paths are the files a change touched (as the pre-commit hook passes them, "
        "perhaps none): check every model of the git repository whole, and report findings "
        "in those files and every finding that is new since --base",
    )
    parser.add_argument(
        "--base",
        metavar="REV",
        help="given files (as pre-commit gives them): the committed version to compare with, "
        "so that findings elsewhere that the change causes are reported (default: HEAD, or "
        "the start of the range pre-commit runs for, PRE_COMMIT_FROM_REF)",
    )
    add_model_options(parser)


@attrs.frozen
class _Checked:
    """One model checked: what was loaded, and the findings that stand for it."""

    target: Target
    model: Model
    files: tuple[str, ...]
    result: CheckResult
    loaded: tuple[str, ...] = ()
    note: str = ""


def run(args: argparse.Namespace) -> Outcome:
    hints = not args.quiet
    color = args.format == "text" and not args.output and colour_wanted()
    if args.update_baseline and not args.baseline:
        say("--update-baseline needs --baseline FILE: the file to record the findings in")
        return Outcome(EXIT_ERROR)
    try:
        rules = all_rules()
        targets = resolve_targets(args, rules, changed=args.changed)
        if not args.changed:
            targets = [t for t in targets if t.files is None or t.files]
        if not targets:
            return _nothing_to_check(args, hints)
        if args.base and not is_revision(".", args.base):
            raise UsageError(
                f"--base {args.base!r} names no commit of the git repository here: give a "
                "branch, tag or commit (`git log --oneline` lists them)"
            )
        checked = _check_all(args, targets, rules)
        if args.changed:
            _refuse_what_the_commit_leaves_out(checked, base_revision(args))
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
    except (PluginError, UsageError, OptionError) as exc:
        say(str(exc))
        return Outcome(EXIT_ERROR)
    if args.update_baseline:
        everything = tuple(f for c in checked for f in c.result.findings)
        return _record_baseline(Path(args.baseline), everything, _models_of(checked))
    notes: list[str] = []
    stale: tuple[Finding, ...] = ()
    if baseline is not None:
        checked, stale, known = _apply_baseline(checked, baseline, Path(args.baseline), rules)
        if known:
            notes.append(f"{plural(known, 'finding')} known from the baseline")
    checked = [_scope(c, args, rules) for c in checked]
    notes[:0] = [c.note for c in checked if c.note]
    # Which model each finding belongs to: its settings say how severe is too severe.
    fail_on = {id(f): c.result.fail_on for c in checked for f in c.result.findings}
    fail_on.update({id(f): checked[0].result.fail_on for f in stale})
    findings = tuple(
        sorted((*(f for c in checked for f in c.result.findings), *stale), key=Finding.sort_key)
    )
    suppressed = tuple(pair for c in checked for pair in c.result.suppressed)
    failed = any(
        (level := fail_on.get(id(f))) is not None and f.severity.rank >= level.rank
        for f in findings
    )
    files = tuple(name for c in checked for name in c.files)
    summary = _summary(findings, len(suppressed), checked, files, notes) if hints else None
    text = render(
        findings,
        format=args.format,
        rules=rules,
        suppressed=suppressed,
        files=files,
        summary=summary,
        color=color,
        hints=hints,
    )
    return Outcome(EXIT_FINDINGS if failed else EXIT_OK, text)


def _refuse_what_the_commit_leaves_out(checked: list[_Checked], base: str) -> None:
    """Raise :class:`LoadError` for what would make the hook check other files than the commit's.

    A file the check read that git does not track (new, or ignored) is not in
    the commit, so the commit could be broken while the check passes. A folder
    that was a model's root at ``base`` and still holds model files, but has
    lost its ``cfgov.toml``, would no longer be checked at all.
    """
    problems: list[Finding] = []
    for one in checked:
        if one.target.root is None:
            continue
        try:
            untracked = {os.path.realpath(p) for p in untracked_files(one.target.root)}
        except GitError:
            continue
        problems += [
            _left_out(name, _NOT_TRACKED, _ADD_IT)
            for name in one.loaded
            if os.path.realpath(name) in untracked
        ]
    try:
        before = roots_at(".", base)
    except GitError:
        before = []
    roots = {c.target.root for c in checked}
    for root in before:
        if root in roots or not root.is_dir():
            continue
        if any(is_model_name(name) for _, _, names in os.walk(root) for name in names):
            problems.append(_left_out(display(root), _ROOT_GONE.format(base=base), _PUT_BACK))
    if problems:
        raise LoadError(problems)


_NOT_TRACKED = (
    "this file is in the model's folder but git does not track it (it is new, or "
    "ignored), so the commit being checked does not hold it, though cfgov reads it"
)
_ADD_IT = (
    "Add it to the commit with `git add`; if it is no part of the model, move it out of "
    "the model's folder or list it under `exclude` in cfgov.toml."
)
_ROOT_GONE = (
    "this folder was a model's root in {base} and still holds YAML files, but its "
    "cfgov.toml is gone, so its model would no longer be checked"
)
_PUT_BACK = (
    "Put the cfgov.toml back (`git checkout -- cfgov.toml` in the folder); to retire the "
    "model, remove its YAML files in the same commit."
)


def _left_out(where: str, message: str, hint: str) -> Finding:
    return Finding(
        code="CFG026", severity=Severity.ERROR, message=message, hint=hint, location=Location(where)
    )


def _check_all(
    args: argparse.Namespace, targets: list[Target], rules: tuple[Rule, ...]
) -> list[_Checked]:
    """Load and check each model; the problems of every model that does not load, at once."""
    checked: list[_Checked] = []
    problems: list[Finding] = []
    for target in targets:
        try:
            model, sources = load_model(args, target)
        except LoadError as exc:
            problems.extend(exc.problems)
            continue
        result = check_model(model, sources, target, rules)
        files = (
            sources.files
            if target.files is None
            else tuple(f for f in sources.files if os.path.realpath(f) in target.files)
        )
        checked.append(_Checked(target, model, files, result, sources.files))
    if problems:
        raise LoadError(problems)
    return checked


def _apply_baseline(
    checked: list[_Checked],
    entries: tuple[BaselineEntry, ...],
    path: Path,
    rules: tuple[Rule, ...],
) -> tuple[list[_Checked], tuple[Finding, ...], int]:
    """Each model's findings less those the baseline accepts; stale entries as findings.

    Matched against every finding of the models, before file scoping, so that
    an entry for a finding outside the changed files is not taken for stale;
    entries of rules that did not run are neither matched nor stale.
    """
    ran = [e for e in entries if any(c.target.settings.config.enabled(e.code) for c in checked)]
    matched = match_baseline(
        (f for c in checked for f in c.result.findings), ran, _models_of(checked)
    )
    known = {id(f) for f in matched.known}
    config = checked[0].target.settings.config
    stale = tuple(_stale_finding(path, e, rules, config) for e in matched.stale)
    if not config.enabled("CFG100"):
        stale = ()
    kept = [
        attrs.evolve(
            c,
            result=attrs.evolve(
                c.result, findings=tuple(f for f in c.result.findings if id(f) not in known)
            ),
        )
        for c in checked
    ]
    return kept, stale, len(known)


def _scope(checked: _Checked, args: argparse.Namespace, rules: tuple[Rule, ...]) -> _Checked:
    """A model checked for given files: only what the change is answerable for."""
    if checked.target.files is None or checked.target.root is None:
        return checked
    result, note = _scoped(checked, args, rules)
    return attrs.evolve(checked, result=result, note=note)


def _summary(
    findings: tuple[Finding, ...],
    suppressed: int,
    checked: list[_Checked],
    files: tuple[str, ...],
    notes: list[str],
) -> str:
    counts = {level: sum(1 for f in findings if f.severity is level) for level in Severity}
    found = ", ".join(
        f"{counts[level]} {level}{'' if level is Severity.INFO or counts[level] == 1 else 's'}"
        for level in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    verdict = "no findings" if not findings else found
    if not findings and not any(c.model.segments for c in checked):
        # Most advice is about segments: with none, a clean check proves nothing.
        verdict += (
            " (but the model holds no segments yet, so the advice had almost nothing to judge;"
            " see the Getting started page of the manual)"
        )
    if suppressed:
        verdict += f"; {suppressed} suppressed with a reason"
    for note in notes:
        verdict += f"; {note}"
    models = "; ".join(c.model.summary() for c in checked)
    if all(c.target.files is None for c in checked):
        return f"Checked {plural(len(files), 'file')} ({models}): {verdict}."
    folders = ", ".join(c.target.paths[0] for c in checked)
    whole = "the whole model" if len(checked) == 1 else f"{len(checked)} whole models"
    return (
        f"Checked {plural(len(files), 'changed file')} against {whole} in {folders} "
        f"({models}): {verdict}."
    )


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
    checked: _Checked, args: argparse.Namespace, rules: tuple[Rule, ...]
) -> tuple[CheckResult, str]:
    """The findings a change to ``target.files`` is answerable for.

    Those located in the files, and every other finding that the committed
    version (the base) does not have. Without a committed version to compare
    with, every finding.
    """
    target, result = checked.target, checked.result
    files = target.files
    assert files is not None
    base = base_revision(args)
    before, why_not = _base_findings(target, base, rules, checked.loaded)
    if before is None:
        return result, f"every finding in the model is reported: {why_not}"
    keys = [change_key(f) for f in result.findings]
    now = Counter(keys)
    new_keys = {key for key, count in now.items() if count > before[key]}

    @functools.cache  # one look at the disk per file, however many findings it has
    def given(name: str) -> bool:
        return os.path.realpath(name) in files

    def in_given(finding: Finding) -> bool:
        return finding.location is not None and given(finding.location.file)

    kept = tuple(
        f for f, key in zip(result.findings, keys, strict=True) if in_given(f) or key in new_keys
    )
    elsewhere = sum(1 for f in kept if not in_given(f))
    suppressed = tuple(pair for pair in result.suppressed if in_given(pair[0]))
    note = f"{elsewhere} of them elsewhere, new since {base}" if elsewhere else ""
    return attrs.evolve(result, findings=kept, suppressed=suppressed), note


def _base_findings(
    target: Target, base: str, rules: tuple[Rule, ...], loaded: tuple[str, ...]
) -> tuple[Counter[str] | None, str]:
    """The findings of the model as committed at ``base``, by change key.

    None, with the reason, when there is nothing fair to compare with: no such
    commit, a committed model that does not load, settings that changed since
    (the committed findings were found under other settings), or files that
    are links (git keeps a link, not what it points to).
    """
    assert target.root is not None
    if any(os.path.islink(name) for name in loaded):
        return None, "the model holds links, which git does not compare"
    try:
        settings = settings_at(target.root, base, CONFIG_FILE)
    except GitError:
        return None, f"no {base} to compare with"
    current = target.root / CONFIG_FILE
    try:
        now = current.read_bytes()
    except OSError:
        now = None
    if settings != now:
        return None, f"the settings (cfgov.toml) differ from {base}'s"
    try:
        model, sources = load_revision(target.root, base, exclude=target.settings.exclude)
        found = check(model, sources, target.settings.config, rules=rules)
    except LoadError:
        return None, f"the model as committed in {base} does not load"
    except (CfgovError, OSError, subprocess.SubprocessError, RecursionError, ValueError):
        return None, f"the model as committed in {base} cannot be read"
    return Counter(change_key(f) for f in found.findings), ""


def _stale_finding(
    path: Path, entry: BaselineEntry, rules: tuple[Rule, ...], config: Config
) -> Finding:
    severity = Severity.WARNING
    for rule in rules:
        if rule.code == "CFG100":
            severity = config.severity.get(rule.code, rule.severity)
    what = f"{entry.code} on {quoted(entry.entity)}" if entry.entity else entry.code
    return Finding(
        code="CFG100",
        severity=severity,
        message=f"the baseline records a finding that no longer occurs ({what}: "
        f"{excerpt(entry.message, 80)})",
        hint=f"Run `cfgov check --baseline {path} --update-baseline` to drop it, and commit "
        "the file.",
        location=Location(str(path), entry.line),
    )


def _models_of(checked: list[_Checked]) -> Callable[[Finding], str]:
    """Which model's folder each finding belongs to, as a baseline names it."""
    keys = {id(f): _model_key(c.target) for c in checked for f in c.result.findings}
    return lambda finding: keys.get(id(finding), "")


def _model_key(target: Target) -> str:
    """A model's folder as the same words whichever way it was given: from the top of the
    git repository (else from here), so `cfgov check model/` and the hook agree."""
    if target.root is not None:
        places = [target.root]
    elif target.files is None:
        places = [Path(p).resolve() for p in target.paths]
    else:
        return ""
    try:
        top = Path(os.path.realpath(git_top(places[0])))
    except GitError:
        top = Path.cwd().resolve()
    shown = []
    for place in places:
        try:
            shown.append(place.relative_to(top).as_posix() or ".")
        except ValueError:
            shown.append(place.as_posix())
    return ",".join(sorted(shown))


def _record_baseline(
    path: Path, findings: tuple[Finding, ...], model_of: Callable[[Finding], str]
) -> Outcome:
    entries = baseline_entries(findings, model_of)
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
