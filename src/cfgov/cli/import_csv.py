"""``cfgov import csv``: a folder written by ``cfgov export csv`` (and edited) read back."""

from __future__ import annotations

import argparse
from pathlib import Path

from cfgov.cli._tables import configure_import, report_problems, write_model
from cfgov.cli.command import Command
from cfgov.cli.output import Outcome, say


def configure(parser: argparse.ArgumentParser) -> None:
    configure_import(parser, "folder of CSV files", "FOLDER")


def run(args: argparse.Namespace) -> Outcome:
    from cfgov.io import LoadError
    from cfgov.io.limits import DEFAULT_LIMITS
    from cfgov.io.loader import assemble
    from cfgov.io.tables import read_csv_folder

    folder = Path(args.source)
    if not folder.is_dir():
        say(f"{args.source} is not a folder: give the folder `cfgov export csv` wrote")
        return Outcome(2)
    limits = DEFAULT_LIMITS
    files: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".csv" or not path.is_file():
            continue
        try:
            if path.stat().st_size > limits.max_file_bytes:
                say(f"{path} is larger than {limits.max_file_bytes:,} bytes; split the table")
                return Outcome(2)
            data = path.read_bytes()
            files[path.name] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            say(
                f"{path}:{line}: this file is not UTF-8 text, which cfgov reads (it was most "
                'likely saved as "CSV (Comma delimited)", in the Windows encoding): open it '
                'in the spreadsheet and save it again as "CSV UTF-8 (Comma delimited)"'
            )
            return Outcome(2)
        except OSError as exc:
            say(f"cannot read {path}: {exc.strerror or exc}")
            return Outcome(2)
    if not files:
        say(f"{args.source} holds no CSV files")
        return Outcome(2)
    reader = read_csv_folder(str(folder), files, limits)
    # The model is assembled even when cells had problems, so that every problem is
    # told in one run (an id that names nothing as well as a size that is no number).
    try:
        model, _ = assemble(reader.collected, tuple(reader.names))
    except LoadError as exc:
        return report_problems(exc.problems)
    return write_model(
        model,
        Path(args.target),
        folder.resolve().name or "model",
        args.force,
        command="csv",
        source=args.source,
    )


FORMAT = Command(
    name="csv",
    help="write YAML model files from a folder `cfgov export csv` wrote",
    description="Read a folder of CSV files in the layout `cfgov export csv` writes (a file "
    "per table, named as the workbook's sheets: Segments.csv...) and write the model as "
    "one YAML file in DIR. Problems are reported at their file, row and column "
    "(Segments.csv:12:3); nothing is written unless every file reads.",
    configure=configure,
    run=run,
)
