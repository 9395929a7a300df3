"""``cfgov explain``: the documentation of one rule."""

from __future__ import annotations

import argparse
import difflib

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR, EXIT_OK
from cfgov.cli.output import Outcome, say
from cfgov.rules import PluginError, all_rules, find_rule
from cfgov.rules.docs import rule_page


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", metavar="CODE", help="a rule code, such as CFG109")


def run(args: argparse.Namespace) -> Outcome:
    try:
        rules = all_rules()
    except PluginError as exc:
        say(str(exc))
        return Outcome(EXIT_ERROR)
    rule = find_rule(args.code, rules)
    if rule is None:
        close = difflib.get_close_matches(args.code.upper(), [r.code for r in rules], n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        say(f"there is no rule {args.code!r}.{hint} `cfgov rules` lists them.")
        return Outcome(EXIT_ERROR)
    return Outcome(EXIT_OK, rule_page(rule))


COMMAND = Command(
    name="explain",
    help="explain one rule",
    description="Print the documentation of one rule: what it checks, why the report "
    "gives that advice, an example, and how to fix it.",
    configure=configure,
    run=run,
)
