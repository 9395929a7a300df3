"""What the workbook and CSV-folder commands share: writing, and refusing to overwrite."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from cfgov.cli.exits import EXIT_ERROR, EXIT_OK
from cfgov.cli.options import add_model_options, add_paths, display, open_model
from cfgov.cli.output import Outcome, plural, problems_summary, say
from cfgov.io.files import write_atomically, write_files, write_folder
from cfgov.model import Finding, Model

_COMMENT = re.compile(r"(^|\s)#")


def configure_export(parser: argparse.ArgumentParser, what: str, metavar: str) -> None:
    add_paths(parser, "folders or files of the model (default: the current folder)")
    parser.add_argument(
        "-o",
        "--output",
        dest="target",
        metavar=metavar,
        required=True,
        help=f"the {what} to write (nothing is written when the model cannot be loaded)",
    )
    parser.add_argument("--force", action="store_true", help=f"replace the {what} if it exists")
    add_model_options(parser)


def configure_import(parser: argparse.ArgumentParser, what: str, metavar: str) -> None:
    parser.add_argument("source", metavar=metavar, help=f"the {what} to read")
    parser.add_argument(
        "-o",
        "--output",
        dest="target",
        metavar="DIR",
        required=True,
        help="the folder to write the model's YAML file into (made if missing)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write even though DIR already holds YAML files (the file of the same name is "
        "replaced, losing its comments and layout)",
    )


def open_for_export(args: argparse.Namespace) -> Model | int:
    """The model to export, or the exit code after saying why it cannot be."""
    from cfgov.rules import all_rules

    opened = open_model(args, all_rules())
    if isinstance(opened, int):
        return opened
    return opened[1]


def refuse_inside_model(
    args: argparse.Namespace, target: Path, what: str, *, why: str | None = None
) -> bool:
    """Whether to stop because ``target`` lies inside the model being exported (said why).

    A workbook or CSV files there would be read as part of the model the next time it
    is checked, so every entry would be in it twice. ``why`` words the harm for output
    that is not read as part of the model (a site's pages).
    """
    folder = folder_holding(args, target)
    if folder is None:
        return False
    harm = (
        why or f"cfgov reads {what} there as part of the model, so every entry would be in it twice"
    )
    say(
        f"{display(target)} is inside the model's folder {display(folder)}: {harm}; write it "
        "outside the folder (for example in its parent folder)"
    )
    return True


def folder_holding(args: argparse.Namespace, target: Path) -> Path | None:
    """The model folder (given, or found above what was given) that ``target`` lies in."""
    from cfgov.io.loader import model_boundary

    written = Path(os.path.abspath(target))
    for given in args.paths or ["."]:
        if not os.path.isdir(given):
            continue
        for folder in {Path(os.path.abspath(given)), model_boundary(given)}:
            if written == folder or folder in written.parents:
                return folder
    return None


def refuse_existing(target: Path, force: bool, what: str) -> bool:
    """Whether to stop because ``target`` exists and ``--force`` was not given (said why)."""
    if force or not target.exists():
        return False
    if target.is_dir() and not any(target.iterdir()):
        return False
    say(
        f"{display(target)} exists already; cfgov will not replace {what} unless told to: "
        "choose another name, or add --force"
    )
    return True


def write_export(target: Path, data: bytes | dict[str, str], summary: str) -> Outcome:
    try:
        if isinstance(data, bytes):
            write_atomically(target, data)
        else:
            write_folder(target, data)
    except OSError as exc:
        # Name the file at fault when it is one inside the folder (a file where a folder goes).
        inside = exc.filename and Path(exc.filename) != target
        at = f" ({display(Path(exc.filename))})" if inside else ""
        say(f"cannot write {display(target)}: {exc.strerror or exc}{at}; nothing was changed")
        return Outcome(EXIT_ERROR)
    say(f"wrote {display(target)}: {summary}")
    return Outcome(EXIT_OK)


def report_problems(problems: tuple[Finding, ...] | list[Finding]) -> Outcome:
    from cfgov.report import render

    ordered = tuple(sorted(problems, key=Finding.sort_key))
    sys.stderr.write(render(ordered, format="text", rules=(), summary=problems_summary(ordered)))
    return Outcome(EXIT_ERROR)


#: The first words of a YAML file an import wrote: such a file is the import's to replace.
IMPORTED_MARK = "# Written by `cfgov import "


#: How the two lines of that header begin: they are no comments of the team's.
_HEADER_STARTS = (IMPORTED_MARK, "# Edit the source and import it again")


def _imported(path: Path) -> bool:
    """Whether ``path`` is a YAML file an earlier import wrote (it starts with the mark)."""
    if path.is_symlink():
        return False
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read(len(IMPORTED_MARK)) == IMPORTED_MARK
    except (OSError, UnicodeDecodeError):
        return False


def write_model(
    model: Model, folder: Path, stem: str, force: bool, *, command: str, source: str
) -> Outcome:
    """Write the model as ``folder/stem.yaml``, refusing to write among hand-written files.

    The file says it was written by ``command`` from ``source``, so that importing the
    edited workbook again replaces it without ``--force``; files written by hand are
    never replaced without it.
    """
    from cfgov.io import dump

    name = f"{stem}.yaml"
    # A comment ends at a line break: the source's name is written on one line, whatever it holds.
    shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in source)
    text = (
        f"{IMPORTED_MARK}{command}` from {shown}.\n"
        "# Edit the source and import it again rather than this file: the next import "
        "replaces it.\n" + dump(model)
    )
    existing = (
        sorted(
            p
            for p in folder.rglob("*")
            if p.suffix in (".yaml", ".yml")
            and p.is_file()
            and not (p == folder / name and _imported(p))
        )
        if folder.is_dir()
        else []
    )
    if folder.exists() and not folder.is_dir():
        say(f"{display(folder)} is a file, not a folder: give -o a folder to write the model into")
        return Outcome(EXIT_ERROR)
    if existing and not force:
        comments = 0
        for path in existing:
            try:
                comments += sum(
                    1
                    for line in path.read_text(encoding="utf-8").splitlines()
                    if _COMMENT.search(line) and not line.startswith(_HEADER_STARTS)
                )
            except (OSError, UnicodeDecodeError):
                continue
        shown = ", ".join(p.name for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        say(
            f"{display(folder)} already holds {plural(len(existing), 'YAML file')} ({shown}), "
            f"written by hand, with {plural(comments, 'line')} of comments; "
            "an import writes new files and would replace or sit beside them, and a replaced "
            "file's comments and layout would be lost. Import into a new folder and compare "
            "(`cfgov diff`), or add --force to write anyway"
        )
        return Outcome(EXIT_ERROR)
    others = [p for p in existing if p != folder / name]
    try:
        write_files(folder, {name: text})
    except OSError as exc:
        say(f"cannot write {display(folder / name)}: {exc.strerror or exc}")
        return Outcome(EXIT_ERROR)
    say(f"wrote {display(folder / name)}: {_counts(model)}")
    if others:
        say(
            f"{plural(len(others), 'other YAML file')} in {display(folder)} were left as they "
            "are and load with the imported model: remove the ones it replaces"
        )
    return Outcome(EXIT_OK)


def _counts(model: Model) -> str:
    parts = [
        plural(len(model.units), "organisation or unit", "organisations and units"),
        plural(len(model.segments), "segment"),
        plural(len(model.objectives), "objective"),
    ]
    evidence = len(model.results) + len(model.feedback) + len(model.demand)
    if evidence:
        parts.append(plural(evidence, "evidence record"))
    return ", ".join(parts)
