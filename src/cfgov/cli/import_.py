"""``cfgov import``: model files made from a register, a workbook or a folder of CSV files."""

from __future__ import annotations

import argparse

from cfgov.cli import import_csv, import_govuk, import_xlsx
from cfgov.cli.command import Command
from cfgov.cli.formats import Format, add_formats, run_format
from cfgov.cli.output import Outcome

#: The formats ``cfgov import`` reads, in the order its help lists them.
FORMATS: tuple[Format, ...] = (
    import_govuk.FORMAT,
    import_xlsx.FORMAT,
    import_csv.FORMAT,
)


def configure(parser: argparse.ArgumentParser) -> None:
    add_formats(parser, FORMATS)


def run(args: argparse.Namespace) -> Outcome:
    return run_format(args, FORMATS)


COMMAND = Command(
    name="import",
    help="write model files from a register, a workbook or CSV files",
    description="Write YAML model files from data kept elsewhere. Every problem in the "
    "input is reported with its place (file, sheet and cell, or line) in the same words "
    "as problems in YAML files, and nothing is written unless the whole input could be "
    "read. Files you wrote by hand are never overwritten.",
    configure=configure,
    run=run,
)
