"""``cfgov import govuk``: model files made from the GOV.UK organisations register."""

from __future__ import annotations

import argparse
import difflib
import os
import shlex
import sys
from pathlib import Path

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR, EXIT_OK
from cfgov.cli.output import Outcome, plural, problems_summary, say
from cfgov.io import LoadError, load_with_sources, loads
from cfgov.io.files import write_files
from cfgov.io.govuk import (
    Register,
    generated_files,
    is_closed,
    is_generated,
    read_register,
    render_files,
    select,
)
from cfgov.io.loader import discover, model_boundary
from cfgov.model import Finding
from cfgov.model.findings import quoted
from cfgov.report import render
from cfgov.rules.cfg137_refers_to_closed_body import RULE as CLOSED_RULE


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the register's records: pages of the organisations API, or one record a line",
    )
    parser.add_argument(
        "-o",
        "--output",
        dest="target",
        metavar="DIR",
        default="register",
        help="the folder to write the files in (default: register)",
    )
    parser.add_argument(
        "--only",
        metavar="SLUG",
        help="import this body and every body below it (a department's slug)",
    )
    parser.add_argument(
        "--single-file",
        action="store_true",
        help="write one file, govuk-register.yaml, instead of a file per department",
    )
    parser.add_argument(
        "--without-closed",
        action="store_true",
        help="leave out bodies that have closed (kept by default, with status and end date)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace files in DIR that the import did not write",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="say nothing unless something is wrong"
    )


def _command_line(args: argparse.Namespace) -> str:
    """The command that makes these files again, for their header."""
    words = ["cfgov", "import", "govuk", args.file, "-o", args.target]
    if args.only:
        words += ["--only", args.only]
    if args.single_file:
        words.append("--single-file")
    if args.without_closed:
        words.append("--without-closed")
    return shlex.join(words)


def _show(problems: list[Finding] | tuple[Finding, ...], summary: str | None = None) -> None:
    sys.stderr.write(render(problems, format="text", rules=(), summary=summary))


def run(args: argparse.Namespace) -> Outcome:
    try:
        register = read_register(args.file, name=args.file)
    except LoadError as exc:
        _show(
            exc.problems,
            problems_summary(exc.problems).replace("the model could", "the register could"),
        )
        return Outcome(EXIT_ERROR)
    if args.only is not None and register.unit(args.only) is None:
        close = difflib.get_close_matches(args.only, [u.id for u in register.units], n=1)
        hint = f"; did you mean {quoted(close[0])}?" if close else ""
        say(f"there is no body with the slug {quoted(args.only)} in {args.file}{hint}")
        return Outcome(EXIT_ERROR)
    chosen = select(register, only=args.only, without_closed=args.without_closed)
    if not chosen.units and args.only is not None:
        say(f"{quoted(args.only)} has closed, and --without-closed leaves closed bodies out")
        return Outcome(EXIT_ERROR)
    if not chosen.units:
        say(f"nothing to import: every body in {args.file} has closed")
        return Outcome(EXIT_ERROR)
    files = render_files(chosen, args.file, _command_line(args), single_file=args.single_file)
    target = Path(args.target)
    if target.exists() and not target.is_dir():
        say(f"{target} is not a folder; give -o a folder to write the register's files in")
        return Outcome(EXIT_ERROR)
    old = {path.name: path for path in generated_files(target)}
    theirs = [name for name in files if (target / name).exists() and name not in old]
    if theirs and not args.force:
        named = ", ".join(str(target / name) for name in theirs)
        was, it = ("was", "it") if len(theirs) == 1 else ("were", "them")
        say(
            f"{named} {was} not written by `cfgov import govuk` and would be replaced, "
            f"losing what is in {it}; move {it} away, choose another folder with -o, or add "
            f"--force to replace {it}"
        )
        return Outcome(EXIT_ERROR)
    if not old and not args.force:
        mine = sorted(
            path.name
            for path in (target.iterdir() if target.is_dir() else ())
            if path.suffix in (".yaml", ".yml") and path.is_file()
        )
        if mine:
            shown = ", ".join(mine[:3]) + (" ..." if len(mine) > 3 else "")
            say(
                f"{target} holds {plural(len(mine), 'YAML file')} that `cfgov import govuk` "
                f"did not write ({shown}): it looks like a folder of your own files, and the "
                "register's files belong in a folder of their own, so that importing again "
                "never mixes with or replaces yours; choose a new folder with -o (for example "
                "-o register), or add --force to write here anyway"
            )
            return Outcome(EXIT_ERROR)
    before = {name: path.read_bytes() for name, path in old.items()}
    changed = {
        name: text
        for name, text in files.items()
        if not (target / name).is_file() or (target / name).read_bytes() != text.encode("utf-8")
    }
    stale = [path for name, path in old.items() if name not in files]
    try:
        write_files(target, changed)
        for path in stale:
            path.unlink()
    except OSError as exc:
        say(f"cannot write in {target}: {exc.strerror or exc}")
        return Outcome(EXIT_ERROR)
    if not args.quiet:
        _show(chosen.warnings)
        _summarise(register, chosen, files, changed, stale, target)
    _check_team_files(target, before, {unit.id for unit in chosen.units})
    return Outcome(EXIT_OK)


def _summarise(
    register: Register,
    chosen: Register,
    files: dict[str, str],
    changed: dict[str, str],
    stale: list[Path],
    target: Path,
) -> None:
    closed = sum(1 for unit in chosen.units if is_closed(unit))
    parts = [
        f"imported {plural(len(chosen.units), 'body', 'bodies')} "
        f"({closed} closed) in {plural(len(files), 'file')} in {target}"
    ]
    if len(chosen.units) < len(register.units):
        parts.append(f"{len(register.units) - len(chosen.units)} left out as asked")
    reasons = {
        "missing": "not in the input",
        "outside": "outside the bodies imported",
        "closed": "closed and left out",
        "loop": "closing a loop",
    }
    for reason, words in reasons.items():
        count = len({x.parent for x in chosen.left_out if x.reason == reason})
        if count:
            parts.append(f"{plural(count, 'parent')} {words}, noted in the files")
    if chosen.from_children:
        parts.append(
            f"{plural(len(chosen.from_children), 'parent link')} taken from parents' lists "
            "of children"
        )
    changes = f"{len(changed)} written, {len(files) - len(changed)} unchanged"
    if stale:
        changes += f", {len(stale)} removed ({', '.join(p.name for p in stale)})"
    say("; ".join(parts) + f"; files: {changes}")


def _ids_in(files: dict[str, bytes]) -> set[str]:
    """The bodies generated files held (none from a file that does not load)."""
    found: set[str] = set()
    for name, data in files.items():
        try:
            found.update(unit.id for unit in loads(data.decode("utf-8"), name=name).units)
        except (LoadError, UnicodeDecodeError):
            continue
    return found


def _check_team_files(target: Path, before: dict[str, bytes], now: set[str]) -> None:
    """Report references from the team's own files to bodies that closed or went away.

    The model is the one ``cfgov check`` would find around the output folder: the
    nearest folder above it with a ``cfgov.toml``, else the output folder itself.
    """
    boundary = model_boundary(target)
    shown = os.path.relpath(boundary)
    root = boundary if shown.startswith("..") else Path(shown)
    found, _problems = discover(root)
    team = {name for name, path in found if not is_generated(path)}
    if not team:
        return
    vanished = _ids_in(before) - now
    try:
        model, sources = load_with_sources(root)
    except LoadError as exc:
        problems = [p for p in exc.problems if p.location is None or p.location.file in team]
        gone = sorted({r for p in problems if p.code == "CFG008" for r in p.related} & vanished)
        if gone:
            say(
                f"your files refer to {plural(len(gone), 'body', 'bodies')} that this import "
                f"no longer has ({', '.join(quoted(g) for g in gone)}): left out as closed, "
                "or gone from the register; point them at the body that took over"
            )
        _show(problems or list(exc.problems), problems_summary(exc.problems))
        say(f"the model in {root} does not load; fix the problems above")
        return
    closed = [sources.place(finding) for finding in CLOSED_RULE.run(model)]
    mine = [f for f in closed if f.location is not None and f.location.file in team]
    if mine:
        say(f"your files refer to bodies that have closed ({plural(len(mine), 'reference')}):")
        _show(mine)


FORMAT = Command(
    name="govuk",
    help="write the GOV.UK organisations register as model files",
    description="Read the GOV.UK organisations register (pages of "
    "https://www.gov.uk/api/organisations saved to a file, or one record a line) and write "
    "its bodies as organisations: one file per department with every body below it, and "
    "other-bodies.yaml for bodies under no department. The files say they are generated; "
    "running the import again replaces them (and only them) and removes the ones it no "
    "longer makes, so `cfgov diff` shows what changed in the register. Parents that are not "
    "in the input, and loops of parents, are left out and reported. Afterwards, references "
    "from your own files to bodies that closed or went away are reported.",
    configure=configure,
    run=run,
)
