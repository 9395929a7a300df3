"""``cfgov export csv``: the model as a folder of CSV files, a file per table."""

from __future__ import annotations

import argparse
from pathlib import Path

from cfgov.cli._tables import configure_export, open_for_export, refuse_existing, write_export
from cfgov.cli.formats import Format
from cfgov.cli.output import Outcome


def configure(parser: argparse.ArgumentParser) -> None:
    configure_export(parser, "folder", "FOLDER")


def run(args: argparse.Namespace) -> Outcome:
    from cfgov.io.tables import csv_files

    target = Path(args.target)
    if target.exists() and not target.is_dir():
        from cfgov.cli.output import say

        say(f"{target} is a file: give -o a folder to write the CSV files into")
        return Outcome(2)
    if refuse_existing(target, args.force, "a folder that is not empty"):
        return Outcome(2)
    model = open_for_export(args)
    if isinstance(model, int):
        return Outcome(model)
    files = csv_files(model)
    return write_export(target, files, f"{len(files) - 1} CSV files and README.md")


FORMAT = Format(
    name="csv",
    help="write the model as a folder of CSV files, for tools that cannot read XLSX",
    description="Write the model as a folder of CSV files (UTF-8, comma-separated), one "
    "per sheet of the workbook `cfgov export xlsx` writes, with a README.md explaining "
    "every column. `cfgov import csv` reads the folder back.",
    configure=configure,
    run=run,
)
