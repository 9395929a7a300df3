"""``cfgov import xlsx``: a workbook written by ``cfgov export xlsx`` (and edited) read back."""

from __future__ import annotations

import argparse
from pathlib import Path

from cfgov.cli._tables import configure_import, report_problems, write_model
from cfgov.cli.command import Command
from cfgov.cli.formats import missing_extra
from cfgov.cli.output import Outcome, say


def configure(parser: argparse.ArgumentParser) -> None:
    configure_import(parser, "workbook", "BOOK.xlsx")


def run(args: argparse.Namespace) -> Outcome:
    try:
        from cfgov.io import xlsx  # noqa: F401 - the loader reads it; here, to say if it is missing
    except ImportError:
        return missing_extra("cfgov import xlsx", "xlsx", "openpyxl")
    from cfgov.io import LoadError
    from cfgov.io.loader import WORKBOOK_SUFFIX, load_with_sources

    if not args.source.lower().endswith(WORKBOOK_SUFFIX):
        say(
            f"{args.source} is not an .xlsx workbook: save it from the spreadsheet as "
            '"Excel Workbook (.xlsx)" first'
        )
        return Outcome(2)
    # The workbook is read as `cfgov check` reads it, so the problems are the same, every
    # one told in one run (an id that names nothing as well as a size that is no number).
    try:
        model, _ = load_with_sources(args.source)
    except LoadError as exc:
        return report_problems(exc.problems)
    return write_model(
        model,
        Path(args.target),
        Path(args.source).stem,
        args.force,
        command="xlsx",
        source=args.source,
    )


FORMAT = Command(
    name="xlsx",
    help="write YAML model files from a workbook `cfgov export xlsx` wrote",
    description="Read a workbook in the layout `cfgov export xlsx` writes (edited as you "
    "like) and write the model as one YAML file in DIR, named after the workbook. Every "
    "problem is reported at its sheet and cell (book.xlsx!Segments!C12) in the words "
    "`cfgov check` uses, all in one run, and nothing is written unless the whole workbook "
    "reads. Replaces the file an earlier import wrote, but refuses a DIR holding YAML "
    "files written by hand unless --force. Needs the xlsx extra (openpyxl).",
    configure=configure,
    run=run,
)
