"""``cfgov export sql``: the model written to a SQL database, for dashboards."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import secrets
from pathlib import Path
from typing import Any

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR, EXIT_OK
from cfgov.cli.formats import missing_extra
from cfgov.cli.options import add_model_options, add_paths, open_model
from cfgov.cli.output import Outcome, say
from cfgov.rules import all_rules

#: How every SQLite database file begins.
_SQLITE_HEADER = b"SQLite format 3\x00"


def configure(parser: argparse.ArgumentParser) -> None:
    add_paths(parser, "folders or files of the model")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "-o",
        "--output",
        dest="target",
        metavar="FILE",
        help="the SQLite database file to write (made if missing; an earlier export in "
        "it is replaced, the file's other tables are kept)",
    )
    where.add_argument(
        "--url",
        metavar="URL",
        help="any database SQLAlchemy can reach, as a URL: postgresql://user@host/database "
        "(the password, if in the URL, is never shown)",
    )
    parser.add_argument(
        "--schema",
        metavar="NAME",
        help="with a PostgreSQL --url: write the tables into this schema (made if missing) "
        "instead of the default one",
    )
    add_model_options(parser)


def _refusal(path: Path) -> str | None:
    """Why the file at ``path`` cannot be written to, or None."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        return f"there is no folder {str(folder)!r} to write {path.name!r} in"
    if not path.exists():
        return None
    if not path.is_file():
        return f"{str(path)!r} is not a file; give the name of a SQLite database file"
    with path.open("rb") as stream:
        start = stream.read(len(_SQLITE_HEADER))
    if start and start != _SQLITE_HEADER:
        return (
            f"{str(path)!r} is not a SQLite database, and cfgov will not overwrite it; "
            "give a new file name (model.db) or a database cfgov exported to before"
        )
    return None


def run(args: argparse.Namespace) -> Outcome:
    try:
        from cfgov.io import sql
    except ImportError:
        return missing_extra("cfgov export sql", "sql", "SQLAlchemy")
    if args.schema is not None and args.url is None:
        say("--schema is for a PostgreSQL database given with --url")
        return Outcome(EXIT_ERROR)
    path = None if args.target is None else Path(args.target)
    if path is not None:
        refused = _refusal(path)
        if refused:
            say(refused)
            return Outcome(EXIT_ERROR)
    opened = open_model(args, all_rules())
    if isinstance(opened, int):
        return Outcome(opened)
    target, model, _sources = opened
    when = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    written: dict[str, Any] = {"exported_at": when, "sources": tuple(target.paths)}
    try:
        if path is None:
            sql.export_sql(model, args.url, schema=args.schema, **written)
            inside = f", in the schema {args.schema!r}" if args.schema else ""
            say(f"wrote the model to {sql.safe_url(args.url)}{inside}")
        elif path.exists():
            sql.export_sql(model, _sqlite_url(path), **written)
            say(f"wrote the model to {str(path)!r}")
        else:
            # A new database is made under a hidden name and renamed into place when
            # complete, so that a failed export leaves no file behind.
            temporary = _new_name(path)
            try:
                try:
                    temporary.open("xb").close()
                except OSError as exc:
                    say(
                        f"cannot write {str(path)!r}: {exc.strerror or exc}; give -o a file "
                        "in a folder you can write to"
                    )
                    return Outcome(EXIT_ERROR)
                try:
                    sql.export_sql(model, _sqlite_url(temporary), **written)
                except sql.SqlError as exc:
                    # The user gave `path`: the hidden name it was being made under is
                    # no name they know.
                    raise sql.SqlError(
                        str(exc).replace(_sqlite_url(temporary), repr(str(path)))
                    ) from exc
                os.replace(temporary, path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
            say(f"wrote the model to {str(path)!r}")
    except sql.SqlError as exc:
        say(str(exc))
        return Outcome(EXIT_ERROR)
    return Outcome(EXIT_OK)


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{os.path.abspath(path)}"


def _new_name(path: Path) -> Path:
    """A hidden name beside ``path`` to make a new database under."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


FORMAT = Command(
    name="sql",
    help="write the model to a SQL database (SQLite file, PostgreSQL...)",
    description="Write the model to a SQL database for dashboards and queries: a table per "
    "collection, link tables for lists of ids, foreign keys, and views (each segment with "
    "its lineage and owning unit, each measure with its latest result and status). "
    "`-o model.db` writes a SQLite file; `--url` any database SQLAlchemy can reach. An "
    "earlier export is replaced in one transaction; tables that are not cfgov's are left "
    "alone. Needs the sql extra: pip install 'cfgov[sql]'. See docs/databases.md.",
    configure=configure,
    run=run,
)
