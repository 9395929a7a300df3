"""What ``cfgov import`` and ``cfgov export`` share: one format each module declares.

``cfgov import govuk FILE`` and ``cfgov export xlsx -o book.xlsx`` are one command
each with a sub-command per format; every format lives in a module of its own
(``cli/import_govuk.py``, ``cli/export_sql.py``...) and declares a :class:`Format`.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable

import attrs

from cfgov.cli.exits import EXIT_ERROR
from cfgov.cli.options import Parser
from cfgov.cli.output import Outcome, say


@attrs.frozen
class Format:
    """One format of ``cfgov import`` or ``cfgov export``."""

    name: str
    help: str
    description: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], Outcome]


def add_formats(parser: argparse.ArgumentParser, formats: tuple[Format, ...]) -> None:
    """One sub-command per format, with the help formatter of the parent command."""
    chosen = parser.add_subparsers(dest="format_name", metavar="FORMAT", parser_class=Parser)
    chosen.required = True
    add = functools.partial(chosen.add_parser, formatter_class=parser.formatter_class)
    for each in formats:
        sub = add(each.name, help=each.help, description=each.description)
        each.configure(sub)


def run_format(args: argparse.Namespace, formats: tuple[Format, ...]) -> Outcome:
    """Run the format the command line chose."""
    for each in formats:
        if each.name == args.format_name:
            return each.run(args)
    say(f"there is no format {args.format_name!r}")  # argparse refuses it first
    return Outcome(EXIT_ERROR)


def missing_extra(feature: str, extra: str, module: str) -> Outcome:
    """The exit for a format whose optional library is not installed, with how to add it."""
    say(
        f"{feature} needs the {module} library, which is not installed; install it with "
        f"`pip install 'cfgov[{extra}]'`"
    )
    return Outcome(EXIT_ERROR)
