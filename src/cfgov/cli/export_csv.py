"""``cfgov export csv``: the model as a folder of CSV files, a file per table."""

from __future__ import annotations

import argparse
from pathlib import Path

from cfgov.cli._tables import (
    configure_export,
    open_for_export,
    refuse_inside_model,
    write_export,
)
from cfgov.cli.command import Command
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
    if not args.force and _refuse_folder(target):
        return Outcome(2)
    if refuse_inside_model(args, target, "CSV files"):
        return Outcome(2)
    model = open_for_export(args)
    if isinstance(model, int):
        return Outcome(model)
    files = csv_files(model)
    return write_export(target, files, f"{len(files) - 1} CSV files and README.md")


def _refuse_folder(target: Path) -> bool:
    """Whether to stop because ``target`` holds files already (said what would happen)."""
    from cfgov.cli.options import display
    from cfgov.cli.output import plural, say
    from cfgov.io.tables import TABLES

    if not target.is_dir():
        return False
    there = sorted(p.name for p in target.iterdir())
    if not there:
        return False
    ours = {f"{t.name}.csv" for t in TABLES} | {"README.md"}
    replaced = [n for n in there if n in ours]
    kept = [n for n in there if n not in ours]

    def some(names: list[str]) -> str:
        return ", ".join(names[:4]) + (" ..." if len(names) > 4 else "")

    parts = []
    if replaced:
        parts.append(f"{plural(len(replaced), 'file')} an export would replace ({some(replaced)})")
    if kept:
        parts.append(f"{plural(len(kept), 'other file')}, which would be kept ({some(kept)})")
    say(
        f"{display(target)} holds {' and '.join(parts)}; cfgov will not write into a folder "
        "that is not empty unless told to: choose a new folder, or add --force"
    )
    return True


FORMAT = Command(
    name="csv",
    help="write the model as a folder of CSV files, for tools that cannot read XLSX",
    description="Write the model as a folder of CSV files (UTF-8, comma-separated), one "
    "per sheet of the workbook `cfgov export xlsx` writes, with a README.md explaining "
    "every column. `cfgov import csv` reads the folder back.",
    configure=configure,
    run=run,
)
