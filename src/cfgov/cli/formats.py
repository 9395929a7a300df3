"""What ``cfgov import`` and ``cfgov export`` share: one format each module declares.

``cfgov import govuk FILE`` and ``cfgov export xlsx -o book.xlsx`` are one command
each with a sub-command per format; every format lives in a module of its own
(``cli/import_govuk.py``, ``cli/export_sql.py``...) and declares it as a
:class:`cfgov.cli.command.Command` named after the format.
"""

from __future__ import annotations

import argparse
import functools

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR
from cfgov.cli.options import Parser
from cfgov.cli.output import Outcome, say


def with_formats(name: str, help: str, description: str, formats: tuple[Command, ...]) -> Command:
    """A command whose sub-commands are ``formats`` (``cfgov import``, ``cfgov export``)."""
    return Command(
        name=name,
        help=help,
        description=description,
        configure=functools.partial(add_formats, formats=formats),
        run=functools.partial(run_format, formats=formats),
    )


def add_formats(parser: argparse.ArgumentParser, formats: tuple[Command, ...]) -> None:
    """One sub-command per format, with the help formatter of the parent command."""
    chosen = parser.add_subparsers(dest="format_name", metavar="FORMAT", parser_class=Parser)
    chosen.required = True
    add = functools.partial(chosen.add_parser, formatter_class=parser.formatter_class)
    for each in formats:
        sub = add(each.name, help=each.help, description=each.description)
        each.configure(sub)


def run_format(args: argparse.Namespace, formats: tuple[Command, ...]) -> Outcome:
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
