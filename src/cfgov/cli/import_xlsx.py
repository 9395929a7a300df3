"""``cfgov import xlsx``: a workbook written by ``cfgov export xlsx`` (and edited) read back."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from cfgov.cli._tables import configure_import, report_problems, write_model
from cfgov.cli.formats import Format, missing_extra
from cfgov.cli.output import Outcome, say


def configure(parser: argparse.ArgumentParser) -> None:
    configure_import(parser, "workbook", "BOOK.xlsx")


def run(args: argparse.Namespace) -> Outcome:
    try:
        from cfgov.io import xlsx
    except ImportError:
        return missing_extra("cfgov import xlsx", "xlsx", "openpyxl")
    from cfgov.io import LoadError
    from cfgov.io.limits import DEFAULT_LIMITS
    from cfgov.io.loader import assemble

    source = Path(args.source)
    limit = DEFAULT_LIMITS.max_file_bytes
    try:
        with open(source, "rb") as handle:  # never more than the limit, and a byte
            data = handle.read(limit + 1)
            size = os.fstat(handle.fileno()).st_size if len(data) > limit else len(data)
    except OSError as exc:
        say(f"cannot read {args.source}: {exc.strerror or exc}")
        return Outcome(2)
    if size > limit:
        return report_problems([xlsx.too_large(args.source, size, DEFAULT_LIMITS).finding])
    try:
        reader = xlsx.read_workbook(data, args.source, DEFAULT_LIMITS)
    except xlsx.UnreadableWorkbook as exc:
        return report_problems([exc.finding])
    # The model is assembled even when cells had problems, so that every problem is
    # told in one run (an id that names nothing as well as a size that is no number).
    try:
        model, _ = assemble(reader.collected, (args.source,))
    except LoadError as exc:
        return report_problems(exc.problems)
    return write_model(model, Path(args.target), source.stem, args.force)


FORMAT = Format(
    name="xlsx",
    help="write YAML model files from a workbook `cfgov export xlsx` wrote",
    description="Read a workbook in the layout `cfgov export xlsx` writes (edited as you "
    "like) and write the model as one YAML file in DIR, named after the workbook. Every "
    "problem is reported at its sheet and cell (book.xlsx!Segments!C12) in the words "
    "`cfgov check` uses, all in one run, and nothing is written unless the whole workbook "
    "reads. Refuses a DIR that already holds YAML files unless --force. Needs the xlsx "
    "extra (openpyxl).",
    configure=configure,
    run=run,
)
