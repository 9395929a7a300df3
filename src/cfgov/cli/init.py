"""``cfgov init``: write a commented starter model."""

from __future__ import annotations

import argparse
from pathlib import Path

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR, EXIT_OK
from cfgov.cli.output import Outcome, say, text_of
from cfgov.io.init import InitError, create_starter


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the folder to write to (created if needed)")


def run(args: argparse.Namespace) -> Outcome:
    try:
        written = create_starter(args.folder)
    except InitError as exc:
        say(str(exc))
        return Outcome(EXIT_ERROR)
    lines = [f"Wrote a starter model to {args.folder}:"]
    lines += [f"  {path}" for path in written]
    lines += [
        "",
        f"Next: read {Path(args.folder) / 'README.md'}, then run `cfgov check {args.folder}`.",
    ]
    return Outcome(EXIT_OK, text_of(lines))


COMMAND = Command(
    name="init",
    help="write a commented starter model to a folder",
    description="Write a small, commented model (one organisation, a few units, target "
    "and indirect segments, a representative, objectives with measures) and a "
    "cfgov.toml to DIR, ready to adapt. It passes `cfgov check`. Nothing is written if "
    "DIR already holds any of its files or any other model files.",
    configure=configure,
    run=run,
)
