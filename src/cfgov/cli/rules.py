"""``cfgov rules``: list every rule, built in or from a plugin."""

from __future__ import annotations

import argparse

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR, EXIT_OK
from cfgov.cli.output import Outcome, say, text_of
from cfgov.rules import PluginError, all_rules


def run(_args: argparse.Namespace) -> Outcome:
    try:
        rules = all_rules()
    except PluginError as exc:
        say(str(exc))
        return Outcome(EXIT_ERROR)
    width = max(len(r.name) for r in rules)
    codes = max(len(r.code) for r in rules)  # plugin codes may be longer (ACME001)
    lines = [f"{r.code:<{codes}}  {r.severity!s:<7}  {r.name:<{width}}  {r.summary}" for r in rules]
    return Outcome(EXIT_OK, text_of(lines))


COMMAND = Command(
    name="rules",
    help="list every rule",
    description="List every rule, built in or from an installed plugin, with its code, "
    "default severity and what it checks.",
    configure=lambda parser: None,
    run=run,
)
