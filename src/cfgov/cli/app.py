"""The ``cfgov`` command line: the parser made from the command modules, and running it."""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import TextIO

from cfgov._version import __version__
from cfgov.cli import (
    assess,
    check,
    diff,
    explain,
    export,
    import_,
    init,
    lsp,
    progress,
    readiness,
    report,
    rules,
    schema,
    site,
    status_line,
)
from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_TERMINATED
from cfgov.cli.options import Parser
from cfgov.cli.output import emit, write_output
from cfgov.io.parser import reader_name


class _Version(argparse.Action):
    """``--version``: one line, never wrapped to the terminal as argparse's own would be."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        sys.stdout.write(f"cfgov {__version__} (YAML reader: {reader_name()})\n")
        parser.exit()


#: The commands, in the order ``cfgov --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    check.COMMAND,
    rules.COMMAND,
    report.COMMAND,
    site.COMMAND,
    init.COMMAND,
    diff.COMMAND,
    progress.COMMAND,
    import_.COMMAND,
    export.COMMAND,
    readiness.COMMAND,
    assess.COMMAND,
    explain.COMMAND,
    schema.COMMAND,
    lsp.COMMAND,
)


def build_parser(*, width: int | None = None) -> argparse.ArgumentParser:
    """The full command-line parser (also the source of the CLI reference).

    ``width`` fixes the help text's width, so the generated reference does
    not depend on the terminal it was generated in.
    """

    def formatter(prog: str) -> argparse.HelpFormatter:
        return argparse.HelpFormatter(prog, width=width)

    parser = Parser(
        prog="cfgov",
        description="Check customer segmentation models kept as YAML files or workbooks, "
        "and bring them in from registers and spreadsheets and out to databases.",
        formatter_class=formatter,
    )
    parser.add_argument(
        "--version",
        action=_Version,
        nargs=0,
        help="show cfgov's version and which YAML reader it uses, and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    add = functools.partial(commands.add_parser, formatter_class=formatter)
    commands.required = True
    for command in COMMANDS:
        sub = add(command.name, help=command.help, description=command.description)
        command.configure(sub)
    return parser


def cli_reference() -> str:
    """The command-line reference as Markdown, written from the argument parser itself."""
    parser = build_parser(width=88)
    lines = [
        "# Command-line reference",
        "",
        "<!-- Generated from src/cfgov/cli/ by `python tools/generate_docs.py`. Do not edit. -->",
        "",
        "Exit codes are the same for every command: `0` success, `1` findings at or above "
        "the failing severity, `2` the model could not be loaded or the "
        "command line was wrong, `3` an internal error in cfgov, `130` interrupted, "
        "`143` stopped by SIGTERM. A command that fails writes no `--output` file, except "
        "`cfgov check`, whose output is the list of problems that stopped the model loading.",
        "",
        "## cfgov",
        "",
        "```text",
        parser.format_help().rstrip(),
        "```",
        "",
    ]
    lines += _subcommand_sections(parser, "cfgov", "##")
    return "\n".join(lines)


def _subcommand_sections(parser: argparse.ArgumentParser, prefix: str, level: str) -> list[str]:
    """The help of every sub-command, and of theirs (``cfgov import govuk``) one level down."""
    lines: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                help_text = sub.format_help().rstrip()
                lines += [f"{level} {prefix} {name}", "", "```text", help_text, "```", ""]
                lines += _subcommand_sections(sub, f"{prefix} {name}", level + "#")
    return lines


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
    chosen = next(c for c in COMMANDS if c.name == args.command)
    with _collector_paused(), status_line.showing(args):
        outcome = chosen.run(args)
    destination = getattr(args, "output", None)
    if not destination:
        failed = emit(outcome.text, out)
    elif outcome.delivers:
        failed = write_output(Path(destination), outcome.text, force=args.force)
    else:
        failed = None  # the command failed: leave FILE as it was
    return outcome.code if failed is None else failed


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so temporary files are removed on the way."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``cfgov`` script: never shows a traceback for a user's mistake."""
    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        signal.signal(signal.SIGTERM, _terminate)
    try:
        code = run(argv)
    except KeyboardInterrupt:
        sys.stderr.write("cfgov: interrupted\n")
        code = EXIT_INTERRUPTED
    except Terminated:
        sys.stderr.write("cfgov: stopped (SIGTERM)\n")
        code = EXIT_TERMINATED
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
