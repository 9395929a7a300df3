"""``cfgov export``: the model written for other tools: a workbook, CSV files, a database."""

from __future__ import annotations

from cfgov.cli import export_csv, export_sql, export_xlsx
from cfgov.cli.formats import with_formats

#: The formats, in the order the command's help lists them.
FORMATS = (
    export_xlsx.FORMAT,
    export_csv.FORMAT,
    export_sql.FORMAT,
)

COMMAND = with_formats(
    name="export",
    help="write the model as a workbook, CSV files or a SQL database",
    description="Write the whole model for tools that do not read YAML: a workbook "
    "analysts can edit and import again, a folder of CSV files, or a SQL database "
    "(SQLite by default) for dashboards. The model is loaded and must load without "
    "problems; nothing is written when it cannot be.",
    formats=FORMATS,
)
