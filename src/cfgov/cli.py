"""The ``cfgov`` command: argument parsing, output and exit codes.

Exit codes mean the same for every command:

* 0: success; the model loaded and nothing failed the run;
* 2: the model could not be loaded, or the command line was wrong;
* 3: cfgov itself failed (a bug: please report it);
* 130: interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from cfgov._version import __version__
from cfgov.io import LoadError, json_schema, load_with_sources
from cfgov.model import Finding

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
        help="load a model and report every problem",
        description="Load the model from the given folders or files and report every problem "
        "found, each with file, line and column. Exit 0 when clean, 2 when the model cannot "
        "be loaded.",
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

    schema = add(
        "schema",
        help="print the JSON Schema of the YAML format",
        description="Print the JSON Schema (draft 2020-12) that editors use to complete and "
        "check model files.",
    )
    schema.add_argument(
        "--indent", type=_indent, default=2, help="spaces per level, 0 to 8 (default 2)"
    )
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
        "the failing severity (once rules exist), `2` the model could not be loaded or the "
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


def _check(args: argparse.Namespace) -> tuple[int, str]:
    lines: list[str] = []
    try:
        model, sources = load_with_sources(args.paths)
    except LoadError as exc:
        for problem in exc.problems:
            lines += _finding_lines(problem, hints=not args.quiet)
        if not args.quiet:
            files = len({p.location.file for p in exc.problems if p.location is not None})
            count = len(exc.problems)
            lines += [
                "",
                f"{count} {'problem' if count == 1 else 'problems'} in "
                f"{files} {'file' if files == 1 else 'files'}; the model could not be loaded.",
            ]
        return EXIT_ERROR, _text(lines)
    if not args.quiet:
        n_files = len(sources.files)
        lines.append(
            f"Checked {n_files} {'file' if n_files == 1 else 'files'} "
            f"({model.summary()}): no problems found."
        )
    return EXIT_OK, _text(lines)


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
    args = build_parser().parse_args(argv)
    code, text = _check(args) if args.command == "check" else _schema(args)
    failed = _emit(text, out)
    return code if failed is None else failed


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
