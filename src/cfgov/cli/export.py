"""``cfgov export``: the model written for other tools: a workbook, CSV files, a database."""

from __future__ import annotations

import argparse

from cfgov.cli import export_csv, export_sql, export_xlsx
from cfgov.cli.command import Command
from cfgov.cli.formats import Format, add_formats, run_format
from cfgov.cli.output import Outcome

#: The formats ``cfgov export`` writes, in the order its help lists them.
FORMATS: tuple[Format, ...] = (
    export_xlsx.FORMAT,
    export_csv.FORMAT,
    export_sql.FORMAT,
)


def configure(parser: argparse.ArgumentParser) -> None:
    add_formats(parser, FORMATS)


def run(args: argparse.Namespace) -> Outcome:
    return run_format(args, FORMATS)


COMMAND = Command(
    name="export",
    help="write the model as a workbook, CSV files or a SQL database",
    description="Write the whole model for tools that do not read YAML: a workbook "
    "analysts can edit and import again, a folder of CSV files, or a SQL database "
    "(SQLite by default) for dashboards. The model is loaded and must load without "
    "problems; nothing is written when it cannot be.",
    configure=configure,
    run=run,
)
