"""The ``cfgov`` command: argument parsing, output and exit codes.

Exit codes mean the same for every command:

* 0: success; the model loaded and nothing failed the run;
* 2: the model could not be loaded, or the command line was wrong;
* 3: cfgov itself failed (a bug: please report it);
* 130: interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import functools
import gc
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

import attrs

from cfgov._version import __version__
from cfgov.io import LoadError, json_schema, load_with_sources
from cfgov.io.cache import BuildCache, default_cache_folder
from cfgov.io.config import (
    CONFIG_FILE,
    ConfigError,
    Settings,
    find_config,
    find_model_root,
    read_settings,
)
from cfgov.io.files import write_atomically
from cfgov.io.git import GitError, is_revision, load_revision
from cfgov.io.init import InitError, create_starter
from cfgov.model import Finding, Model, Severity, SourceMap
from cfgov.report import FORMATS, render
from cfgov.report.diff import diff_models, render_diff_markdown, render_diff_text
from cfgov.rules import (
    CheckResult,
    Config,
    PluginError,
    Rule,
    all_rules,
    check,
    find_rule,
    readiness,
)
from cfgov.rules.docs import rule_page

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit 2 with a one-line pointer to --help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.stderr.write(f"Run `{self.prog} --help` for the options.\n")
        raise SystemExit(EXIT_ERROR)


def _indent(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if not 0 <= value <= 8:
        raise argparse.ArgumentTypeError(f"must be between 0 and 8, not {value}")
    return value


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of the screen (atomically: a reader never sees half a file)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace FILE if it exists (with --output)"
    )


def build_parser(*, width: int | None = None) -> argparse.ArgumentParser:
    """The full command-line parser (also the source of the CLI reference).

    ``width`` fixes the help text's width, so the generated reference does
    not depend on the terminal it was generated in.
    """

    def formatter(prog: str) -> argparse.HelpFormatter:
        return argparse.HelpFormatter(prog, width=width)

    parser = _Parser(
        prog="cfgov",
        description="Check customer segmentation models kept as YAML files.",
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"cfgov {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    add = functools.partial(commands.add_parser, formatter_class=formatter)
    commands.required = True

    check = add(
        "check",
        help="load a model and check it against the report's advice",
        description="Load the model from the given folders or files, check it against the "
        "report's segmentation advice, and report every finding with file, line and column. "
        "Exit 0 when nothing at or above --fail-on remains, 1 when something does, 2 when "
        "the model or the configuration cannot be loaded.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="folders (searched for .yaml and .yml files) or files; default: the current folder",
    )
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print problems only, without hints or the summary line",
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="how to write the findings: text (default), json, sarif, github (annotations "
        "in GitHub Actions) or junit",
    )
    _add_output(check)
    check.add_argument(
        "--select",
        metavar="CODES",
        help="run only these rules: codes or prefixes, comma-separated (e.g. CFG101,CFG11)",
    )
    check.add_argument(
        "--ignore", metavar="CODES", help="do not run these rules: codes or prefixes"
    )
    check.add_argument(
        "--fail-on",
        choices=["error", "warning", "info", "never"],
        help="the lowest severity that makes the run fail with exit 1 (default: error)",
    )
    _add_model_options(check)

    add(
        "rules",
        help="list every rule",
        description="List every rule, built in or from an installed plugin, with its code, "
        "default severity and what it checks.",
    )
    report = add(
        "report",
        help="write a report of the model for people: tables, diagrams, findings",
        description="Write a report of the model: per organisation and unit, the "
        "segmentation table (segments, sub-segments, sizes, objectives), objectives with "
        "their measures, service standards, partners and advisers, every hat a stakeholder "
        "wears, diagrams of the organisation and the cascade, the findings and the "
        "readiness answers. Markdown renders on GitHub; HTML is one self-contained page.",
    )
    report.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="folders or files of the model"
    )
    report.add_argument(
        "--format", choices=["md", "html"], default="md", help="md (default) or html"
    )
    report.add_argument("--unit", metavar="ID", help="report only this unit and the units below it")
    _add_model_options(report)
    _add_output(report)
    init = add(
        "init",
        help="write a commented starter model to a folder",
        description="Write a small, commented model (one organisation, a few units, target "
        "and indirect segments, a representative, objectives with measures) and a "
        "cfgov.toml to DIR, ready to adapt. It passes `cfgov check`. Nothing is written if "
        "any of its files already exists in DIR.",
    )
    init.add_argument("folder", metavar="DIR", help="the folder to write to (created if needed)")
    diff = add(
        "diff",
        help="show what changed between two versions of a model",
        description="Compare two versions of a model: entries added, removed and changed "
        "field by field, sub-segments moved in the cascade, and findings introduced or "
        "fixed. OLD and NEW are folders (or files), or git revisions of the repository in "
        "the current folder; after --, paths limit a revision to the model's folder.",
    )
    diff.add_argument("old", metavar="OLD", help="a folder or a git revision (main, HEAD~1)")
    diff.add_argument("new", metavar="NEW", help="a folder or a git revision")
    diff.add_argument(
        "paths", nargs="*", metavar="PATH", help="with revisions: the model's folder or files"
    )
    diff.add_argument(
        "--format",
        choices=["text", "markdown"],
        default="text",
        help="text (default) or markdown, fit for a pull-request comment",
    )
    _add_output(diff)
    ready = add(
        "readiness",
        help="answer the report's readiness questions from a model",
        description="Answer the readiness questions of the report (Barker 2002) that a model "
        "can answer: yes, partly or no, with the evidence; the others are marked as not "
        "answerable from the model.",
    )
    ready.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="folders or files of the model"
    )
    explain = add(
        "explain",
        help="explain one rule",
        description="Print the documentation of one rule: what it checks, why the report "
        "gives that advice, an example, and how to fix it.",
    )
    explain.add_argument("code", metavar="CODE", help="a rule code, such as CFG109")

    schema = add(
        "schema",
        help="print the JSON Schema of the YAML format",
        description="Print the JSON Schema (draft 2020-12) that editors use to complete and "
        "check model files.",
    )
    schema.add_argument(
        "--indent", type=_indent, default=2, help="spaces per level, 0 to 8 (default 2)"
    )
    _add_output(schema)
    return parser


def cli_reference() -> str:
    """The command-line reference as Markdown, written from the argument parser itself."""
    parser = build_parser(width=88)
    lines = [
        "# Command-line reference",
        "",
        "<!-- Generated from src/cfgov/cli.py by `python tools/generate_docs.py`. Do not edit. -->",
        "",
        "Exit codes are the same for every command: `0` success, `1` findings at or above "
        "the failing severity, `2` the model could not be loaded or the "
        "command line was wrong, `3` an internal error in cfgov, `130` interrupted.",
        "",
        "## cfgov",
        "",
        "```text",
        parser.format_help().rstrip(),
        "```",
        "",
    ]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                help_text = sub.format_help().rstrip()
                lines += [f"## cfgov {name}", "", "```text", help_text, "```", ""]
    return "\n".join(lines)


def _finding_lines(finding: Finding, *, hints: bool) -> list[str]:
    where = f"{finding.location}: " if finding.location is not None else ""
    lines = [f"{where}{finding.code} {finding.severity}: {finding.message}"]
    if hints and finding.hint:
        lines.append(f"    hint: {finding.hint}")
    return lines


def _summary_of_problems(problems: tuple[Finding, ...]) -> list[str]:
    files = len({p.location.file for p in problems if p.location is not None})
    count = len(problems)
    return [
        "",
        f"{count} {'problem' if count == 1 else 'problems'} in "
        f"{files} {'file' if files == 1 else 'files'}; the model could not be loaded.",
    ]


@attrs.frozen
class _Target:
    """What a check reads and reports on."""

    paths: list[str]
    settings: Settings
    only: frozenset[str] | None  # real paths of the files to report on; None for all


def _display(path: Path) -> str:
    """A folder as the user would write it: relative to here when it is below here."""
    here = Path.cwd().resolve()
    try:
        return path.relative_to(here).as_posix() or "."
    except ValueError:
        return str(path)


def _add_model_options(command: argparse.ArgumentParser) -> None:
    """The options of every command that loads a model and checks it: settings and cache."""
    config = command.add_mutually_exclusive_group()
    config.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from this cfgov.toml or pyproject.toml instead of looking for one "
        "next to the model and in the folders above it",
    )
    config.add_argument("--no-config", action="store_true", help="ignore any configuration file")
    caching = command.add_mutually_exclusive_group()
    caching.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="keep what each file gave in this folder and reuse it while the file is unchanged "
        "(default: $XDG_CACHE_HOME/cfgov, else ~/.cache/cfgov); never inside the repository",
    )
    caching.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file afresh and write no cache",
    )
    command.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="read files in N processes at once (default: one per CPU core, at most 8); "
        "used only when more than 1 MB of files must be read afresh",
    )


def _jobs(text: str) -> int:
    """A number of jobs: a whole number from 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


def _cores() -> int:
    """The CPU cores this process may use (fewer than the machine's in a limited container)."""
    usable = getattr(os, "sched_getaffinity", None)
    return len(usable(0)) if usable is not None else (os.cpu_count() or 1)


def _load(args: argparse.Namespace, target: _Target) -> tuple[Model, SourceMap]:
    """Load the model a command names, through the build cache unless told not to."""
    cache = None
    if not args.no_cache:
        cache = BuildCache(args.cache_dir or default_cache_folder())
    workers = args.jobs or min(_cores(), 8)
    try:
        return load_with_sources(
            target.paths, exclude=target.settings.exclude, cache=cache, workers=workers
        )
    finally:
        if cache is not None:
            cache.prune_if_due()  # once a day: entries no run has used for 30 days go


def _target(args: argparse.Namespace, rules: tuple[Rule, ...]) -> _Target:
    """The model to load, its settings, and which files to report on.

    Given only files that sit inside a model root (a folder with cfgov.toml), as
    pre-commit passes the files a commit changes, the whole root is loaded (the
    references need it) and findings are reported for those files alone.
    """
    paths = list(args.paths)
    only: frozenset[str] | None = None
    root = None
    if paths and all(os.path.isfile(p) for p in paths):
        root = find_model_root(Path(paths[0]))
        if root is not None and all(Path(p).resolve().is_relative_to(root) for p in paths):
            only = frozenset(os.path.realpath(p) for p in paths)
            paths = [_display(root)]
        else:
            root = None
    settings = Settings()
    if not args.no_config:
        if args.config:
            path: Path | None = Path(args.config)
        elif root is not None:
            path = root / CONFIG_FILE
        else:
            path = find_config(Path(paths[0] or "."))
        if path is not None:
            settings = read_settings(path, rules)
    found = settings.config
    fail_on = getattr(args, "fail_on", None)  # (only `check` has these three)
    given = Config(
        select=getattr(args, "select", None) or (),
        ignore=getattr(args, "ignore", None) or (),
        fail_on=None if fail_on == "never" else (fail_on or "error"),
    )
    merged = found.merged(given)
    if fail_on is None:  # the command line did not say: keep the file's choice
        merged = attrs.evolve(merged, fail_on=found.fail_on)
    return _Target(paths, Settings(config=merged, exclude=settings.exclude), only)


def _check(args: argparse.Namespace) -> tuple[int, str]:
    hints = not args.quiet
    color = args.format == "text" and not args.output and _colour_wanted()
    try:
        rules = all_rules()
        target = _target(args, rules)
        model, sources = _load(args, target)
    except (LoadError, ConfigError) as exc:
        summary = _summary_of_problems(exc.problems)[-1] if hints else None
        text = render(
            exc.problems, format=args.format, rules=(), summary=summary, color=color, hints=hints
        )
        return EXIT_ERROR, text
    except PluginError as exc:
        return EXIT_ERROR, f"cfgov: {exc}\n"
    result = check(model, sources, target.settings.config, rules=rules)
    if target.only is not None:
        result = _only(result, target.only)
    files = (
        sources.files
        if target.only is None
        else tuple(f for f in sources.files if os.path.realpath(f) in target.only)
    )
    summary = None
    if hints:
        counts = result.counts
        found = ", ".join(
            f"{counts[level]} {level}{'' if level is Severity.INFO or counts[level] == 1 else 's'}"
            for level in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        )
        verdict = "no findings" if not result.findings else found
        if result.suppressed:
            verdict += f"; {len(result.suppressed)} suppressed with a reason"
        n_files = len(files) if target.only is None else len(target.only)
        summary = (
            f"Checked {n_files} {'file' if n_files == 1 else 'files'} "
            f"({model.summary()}): {verdict}."
        )
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
    return (EXIT_FINDINGS if result.failed else EXIT_OK), text


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a command runs.

    Loading, checking and reporting on a large model make millions of objects
    and no reference cycles (tests/io/test_no_cycles.py holds loading to that);
    the collector would scan them again and again (a third of the time at
    10,000 segments) and find nothing. The command pauses it while it works;
    the library leaves the collector alone, as it is the host's to set.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _colour_wanted() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _only(result: CheckResult, files: frozenset[str]) -> CheckResult:
    """The result with only the findings located in the given files."""

    def inside(finding: Finding) -> bool:
        location = finding.location
        return location is not None and os.path.realpath(location.file) in files

    return attrs.evolve(
        result,
        findings=tuple(f for f in result.findings if inside(f)),
        suppressed=tuple(pair for pair in result.suppressed if inside(pair[0])),
    )


def _rules(_args: argparse.Namespace) -> tuple[int, str]:
    try:
        rules = all_rules()
    except PluginError as exc:
        return EXIT_ERROR, f"cfgov: {exc}\n"
    width = max(len(r.name) for r in rules)
    codes = max(len(r.code) for r in rules)  # plugin codes may be longer (ACME001)
    lines = [f"{r.code:<{codes}}  {r.severity!s:<7}  {r.name:<{width}}  {r.summary}" for r in rules]
    return EXIT_OK, _text(lines)


def _report(args: argparse.Namespace) -> tuple[int, str]:
    from cfgov.report.document import render_html, render_markdown

    try:
        rules = all_rules()
        target = _target(args, rules)
        model, sources = _load(args, target)
    except (LoadError, ConfigError) as exc:
        sys.stderr.write(
            render(
                exc.problems,
                format="text",
                rules=(),
                summary=_summary_of_problems(exc.problems)[-1],
            )
        )
        return EXIT_ERROR, ""
    except PluginError as exc:
        sys.stderr.write(f"cfgov: {exc}\n")
        return EXIT_ERROR, ""
    if args.unit is not None and model.kind_of(args.unit) != "unit":
        sys.stderr.write(f"cfgov: there is no unit {args.unit!r} in the model\n")
        return EXIT_ERROR, ""
    result = check(model, sources, target.settings.config, rules=rules)
    answers = readiness(model)
    if args.format == "html":
        return EXIT_OK, render_html(model, result=result, readiness=answers, unit=args.unit)
    return EXIT_OK, render_markdown(model, result=result, readiness=answers, unit=args.unit)


def _init(args: argparse.Namespace) -> tuple[int, str]:
    try:
        written = create_starter(args.folder)
    except InitError as exc:
        sys.stderr.write(f"cfgov: {exc}\n")
        return EXIT_ERROR, ""
    lines = [f"Wrote a starter model to {args.folder}:"]
    lines += [f"  {path}" for path in written]
    lines += [
        "",
        f"Next: read {Path(args.folder) / 'README.md'}, then run `cfgov check {args.folder}`.",
    ]
    return EXIT_OK, _text(lines)


def _version(which: str, paths: list[str]) -> tuple[Model, SourceMap]:
    """A version of the model: a folder or file if one exists by that name, else a revision."""
    if Path(which).exists():
        return load_with_sources(which)
    if is_revision(".", which):
        return load_revision(".", which, paths)
    raise GitError(f"{which!r} is neither a folder or file nor a git revision here")


def _diff(args: argparse.Namespace) -> tuple[int, str]:
    try:
        rules = all_rules()
        old, old_sources = _version(args.old, args.paths)
        new, new_sources = _version(args.new, args.paths)
    except LoadError as exc:
        text = render(
            exc.problems, format="text", rules=(), summary=_summary_of_problems(exc.problems)[-1]
        )
        sys.stderr.write(text)
        return EXIT_ERROR, ""
    except (GitError, PluginError) as exc:
        sys.stderr.write(f"cfgov: {exc}\n")
        return EXIT_ERROR, ""
    changes = diff_models(
        old,
        new,
        old_findings=check(old, old_sources, rules=rules).findings,
        new_findings=check(new, new_sources, rules=rules).findings,
    )
    if args.format == "markdown":
        return EXIT_OK, render_diff_markdown(changes)
    return EXIT_OK, render_diff_text(changes)


def _readiness(args: argparse.Namespace) -> tuple[int, str]:
    try:
        model = load_with_sources(args.paths)[0]
    except LoadError as exc:
        lines: list[str] = []
        for problem in exc.problems:
            lines += _finding_lines(problem, hints=True)
        return EXIT_ERROR, _text(lines + _summary_of_problems(exc.problems))
    lines = []
    for number, answer in enumerate(readiness(model), start=1):
        lines += [f"{number}. {answer.question}", f"   {answer.answer}: {answer.evidence}", ""]
    return EXIT_OK, _text(lines)


def _explain(args: argparse.Namespace) -> tuple[int, str]:
    try:
        rules = all_rules()
    except PluginError as exc:
        return EXIT_ERROR, f"cfgov: {exc}\n"
    rule = find_rule(args.code, rules)
    if rule is None:
        close = difflib.get_close_matches(args.code.upper(), [r.code for r in rules], n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        sys.stderr.write(
            f"cfgov: there is no rule {args.code!r}.{hint} `cfgov rules` lists them.\n"
        )
        return EXIT_ERROR, ""
    return EXIT_OK, rule_page(rule)


def _schema(args: argparse.Namespace) -> tuple[int, str]:
    return EXIT_OK, json.dumps(json_schema(), indent=args.indent, ensure_ascii=False) + "\n"


def _text(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _emit(text: str, out: TextIO) -> int | None:
    """Write the output; None when written, or an exit code when it could not be."""
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        # The reader (e.g. `head`) went away. Stop quietly, as other command-line tools
        # do, and keep the exit code: `cfgov check | head` must still fail a CI job.
        if out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
    except OSError as exc:
        sys.stderr.write(f"cfgov: cannot write the output: {(exc.strerror or exc)}\n")
        return EXIT_ERROR
    return None


def run(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line and return its exit code (tests call this directly)."""
    out = out or sys.stdout
    argv = list(sys.argv[1:] if argv is None else argv)
    # `cfgov diff main HEAD --format markdown -- model/`: argparse cannot take options
    # before a `--` that ends the positionals, so the paths after it are split off here.
    after: list[str] = []
    if argv[:1] == ["diff"] and "--" in argv:
        cut = argv.index("--")
        argv, after = argv[:cut], argv[cut + 1 :]
    args = build_parser().parse_args(argv)
    if after:
        args.paths = [*getattr(args, "paths", []), *after]
    commands = {
        "check": _check,
        "schema": _schema,
        "rules": _rules,
        "explain": _explain,
        "readiness": _readiness,
        "init": _init,
        "report": _report,
        "diff": _diff,
    }
    with _collector_paused():
        code, text = commands[args.command](args)
    destination = getattr(args, "output", None)
    failed = _write(Path(destination), text, force=args.force) if destination else _emit(text, out)
    return code if failed is None else failed


def _write(path: Path, text: str, *, force: bool) -> int | None:
    """Write a file atomically (a temporary file, then a rename); refuse to replace one
    unless ``force``. None when written, else the exit code."""
    if path.exists() and not path.is_file():
        # A rename over a device, pipe or folder would replace it: never do that.
        sys.stderr.write(f"cfgov: {path} is not a regular file; choose another name\n")
        return EXIT_ERROR
    if path.exists() and not force:
        sys.stderr.write(f"cfgov: {path} exists; add --force to replace it\n")
        return EXIT_ERROR
    try:
        write_atomically(path, text)
    except OSError as exc:
        sys.stderr.write(f"cfgov: cannot write {path}: {exc.strerror or exc}\n")
        return EXIT_ERROR
    return None


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``cfgov`` script: never shows a traceback for a user's mistake."""
    try:
        code = run(argv)
    except KeyboardInterrupt:
        sys.stderr.write("cfgov: interrupted\n")
        code = EXIT_INTERRUPTED
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence: a bug, not the user's fault
        sys.stderr.write(
            f"cfgov: internal error: {type(exc).__name__}: {exc}\n"
            f"This is a bug in cfgov {__version__}, not a problem with your files. "
            "Please report it to the cfgov maintainers with the command you ran and, "
            "if you can share them, the files.\n"
        )
        code = EXIT_INTERNAL
    raise SystemExit(code)
