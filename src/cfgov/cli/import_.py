"""``cfgov import``: model files made from a register, a workbook or a folder of CSV files."""

from __future__ import annotations

from cfgov.cli import import_csv, import_govuk, import_xlsx
from cfgov.cli.formats import with_formats

#: The formats, in the order the command's help lists them.
FORMATS = (
    import_govuk.FORMAT,
    import_xlsx.FORMAT,
    import_csv.FORMAT,
)

COMMAND = with_formats(
    name="import",
    help="write model files from a register, a workbook or CSV files",
    description="Write YAML model files from data kept elsewhere. Every problem in the "
    "input is reported with its place (file, sheet and cell, or line) in the same words "
    "as problems in YAML files, and nothing is written unless the whole input could be "
    "read. Files you wrote by hand are never overwritten.",
    formats=FORMATS,
)
