"""``cfgov site``: the model as a static website, one folder that opens from a file share."""

from __future__ import annotations

import argparse
from pathlib import Path

from cfgov.cli._tables import refuse_inside_model, write_export
from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR
from cfgov.cli.options import add_model_options, add_paths, check_model, display, open_model
from cfgov.cli.output import Outcome, plural, say
from cfgov.report.site import MAX_CHARTS


def _charts(text: str) -> int | None:
    """A number of charts: a whole number from 0, or ``all``."""
    if text == "all":
        return None
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number or `all`, not {text!r}")
    return int(text)


def configure(parser: argparse.ArgumentParser) -> None:
    add_paths(parser, "folders or files of the model (default: the current folder)")
    parser.add_argument(
        "-o",
        "--output",
        dest="target",
        metavar="DIR",
        required=True,
        help="the folder to write the site into (made if missing; nothing is written when "
        "the model cannot be loaded)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into DIR even though it holds files (pages of the same name are replaced; "
        "other files are left as they are)",
    )
    parser.add_argument("--title", help="the site's title (default: the organisations' names)")
    parser.add_argument(
        "--charts",
        type=_charts,
        default=MAX_CHARTS,
        metavar="N",
        help=f"draw at most N progress charts, for the first measures with results (default "
        f"{MAX_CHARTS}; 0 for none, `all` for every one): each takes matplotlib a tenth of a "
        "second or more; every measure shows its figures as a table as well",
    )
    add_model_options(parser)


def run(args: argparse.Namespace) -> Outcome:
    from cfgov.report.site import build_site
    from cfgov.rules import OptionError, all_rules

    target = Path(args.target)
    if target.exists() and not target.is_dir():
        say(f"{display(target)} is a file: give -o a folder to write the site into")
        return Outcome(EXIT_ERROR)
    # Inside the model first: --force, which the next refusal suggests, would not help there.
    if _inside_model(args, target):
        return Outcome(EXIT_ERROR)
    if not args.force and target.is_dir() and any(target.iterdir()):
        there = sorted(p.name for p in target.iterdir())
        shown = ", ".join(there[:4]) + (" ..." if len(there) > 4 else "")
        say(
            f"{display(target)} holds {plural(len(there), 'file or folder', 'files and folders')} "
            f"already ({shown}); cfgov will not write into a folder that is not empty unless "
            "told to: choose a new folder, or add --force"
        )
        return Outcome(EXIT_ERROR)
    rules = all_rules()
    opened = open_model(args, rules)
    if isinstance(opened, int):
        return Outcome(opened)
    chosen, model, sources = opened
    try:
        result = check_model(model, sources, chosen, rules)
    except OptionError as exc:
        say(str(exc))
        return Outcome(EXIT_ERROR)
    files = build_site(model, result, sources, title=args.title, max_charts=args.charts)
    pages = sum(1 for name in files if name.endswith(".html"))
    return write_export(
        target, files, f"{plural(pages, 'page')}; open {display(target / 'index.html')}"
    )


def _inside_model(args: argparse.Namespace, target: Path) -> bool:
    """Whether to stop because the site would land inside the model's own folder (said why).

    The pages are not read as part of the model, but a site built inside it would be
    committed beside the YAML files and go stale with every change.
    """
    return refuse_inside_model(
        args,
        target,
        "a site",
        why="a site built there would sit beside the YAML files and go stale with every change",
    )


COMMAND = Command(
    name="site",
    help="build a static website of the model: a page per entity, diagrams, findings, search",
    description="Build a static, self-contained website of the model in a folder: an index, "
    "a page per organisation, unit, segment, objective, measure, partner, stakeholder, "
    "assessment, initiative and journey, each linking to what it names and back; the "
    "organisation diagram and the segment cascade per unit; progress and evidence per "
    "measure; the findings with a page per rule; paged lists; and a search box that works "
    "offline. No server and no network: open index.html from a file share, or publish the "
    "folder on any static host. Nothing is written when the model cannot be loaded.",
    configure=configure,
    run=run,
)
