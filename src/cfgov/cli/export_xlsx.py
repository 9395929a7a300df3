"""``cfgov export xlsx``: the model as a workbook analysts can edit and import again."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from cfgov.cli._tables import (
    configure_export,
    open_for_export,
    refuse_existing,
    refuse_inside_model,
    write_export,
)
from cfgov.cli.command import Command
from cfgov.cli.formats import missing_extra
from cfgov.cli.options import display
from cfgov.cli.output import Outcome, say


def configure(parser: argparse.ArgumentParser) -> None:
    configure_export(parser, "workbook", "BOOK.xlsx")


def run(args: argparse.Namespace) -> Outcome:
    try:
        from cfgov.io import xlsx
    except ImportError:
        return missing_extra("cfgov export xlsx", "xlsx", "openpyxl")
    target = Path(args.target)
    if target.is_dir() or args.target.endswith(("/", os.sep)):
        say(
            f"{display(target)} is a folder: give -o the name of the workbook to write, "
            f"such as {display(target / 'model.xlsx')}"
        )
        return Outcome(2)
    if refuse_existing(target, args.force, "a workbook") or refuse_inside_model(
        args, target, "a workbook"
    ):
        return Outcome(2)
    model = open_for_export(args)
    if isinstance(model, int):
        return Outcome(model)
    from cfgov.io.tables import TABLES

    data = xlsx.workbook_bytes(model)
    return write_export(target, data, f'{len(TABLES)} sheets after "Read me"')


FORMAT = Command(
    name="xlsx",
    help="write the model as an XLSX workbook to edit and import again",
    description="Write the model as a workbook: a sheet per collection (Organisations, "
    "Units, Segments...), a sheet per nested list (Measures, Knowledge sources...) and per "
    "mapping (ignore, identifiers), keyed by the id of the entry that holds it; evidence in "
    "the columns of evidence CSV tables. Headers are frozen, choice columns have drop-down "
    'lists, and a first sheet, "Read me", explains every column. Needs the xlsx extra '
    "(openpyxl). The same model always gives the same file, byte for byte; the settings "
    "(cfgov.toml) are not part of it.",
    configure=configure,
    run=run,
)
