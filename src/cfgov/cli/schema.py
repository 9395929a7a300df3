"""``cfgov schema``: the JSON Schema of the YAML format, for editors."""

from __future__ import annotations

import argparse
import json

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_OK
from cfgov.cli.options import add_output, indent
from cfgov.cli.output import Outcome
from cfgov.io import json_schema


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--indent", type=indent, default=2, help="spaces per level, 0 to 8 (default 2)"
    )
    add_output(parser)


def run(args: argparse.Namespace) -> Outcome:
    return Outcome(
        EXIT_OK, json.dumps(json_schema(), indent=args.indent, ensure_ascii=False) + "\n"
    )


COMMAND = Command(
    name="schema",
    help="print the JSON Schema of the YAML format",
    description="Print the JSON Schema (draft 2020-12) that editors use to complete and "
    "check model files.",
    configure=configure,
    run=run,
)
