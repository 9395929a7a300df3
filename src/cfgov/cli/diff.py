"""``cfgov diff``: what changed between two versions of a model."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR, EXIT_OK
from cfgov.cli.options import add_output
from cfgov.cli.output import Outcome, problems_summary, say
from cfgov.io import LoadError, load_with_sources
from cfgov.io.git import GitError, is_revision, load_revision
from cfgov.model import Model, SourceMap
from cfgov.report import render
from cfgov.report.diff import diff_models, render_diff_markdown, render_diff_text
from cfgov.rules import PluginError, all_rules, check


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="a folder or a git revision (main, HEAD~1)")
    parser.add_argument("new", metavar="NEW", help="a folder or a git revision")
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="with revisions: the model's folder or files"
    )
    parser.add_argument(
        "--format",
        choices=["text", "markdown"],
        default="text",
        help="text (default) or markdown, fit for a pull-request comment",
    )
    add_output(parser)


def _version(which: str, paths: list[str]) -> tuple[Model, SourceMap]:
    """A version of the model: a folder or file if one exists by that name, else a revision."""
    if Path(which).exists():
        return load_with_sources(which)
    if is_revision(".", which):
        return load_revision(".", which, paths)
    raise GitError(f"{which!r} is neither a folder or file nor a git revision here")


def run(args: argparse.Namespace) -> Outcome:
    try:
        rules = all_rules()
        old, old_sources = _version(args.old, args.paths)
        new, new_sources = _version(args.new, args.paths)
    except LoadError as exc:
        text = render(exc.problems, format="text", rules=(), summary=problems_summary(exc.problems))
        sys.stderr.write(text)
        return Outcome(EXIT_ERROR)
    except (GitError, PluginError) as exc:
        say(str(exc))
        return Outcome(EXIT_ERROR)
    changes = diff_models(
        old,
        new,
        old_findings=check(old, old_sources, rules=rules).findings,
        new_findings=check(new, new_sources, rules=rules).findings,
    )
    if args.format == "markdown":
        return Outcome(EXIT_OK, render_diff_markdown(changes))
    return Outcome(EXIT_OK, render_diff_text(changes))


COMMAND = Command(
    name="diff",
    help="show what changed between two versions of a model",
    description="Compare two versions of a model: entries added, removed and changed "
    "field by field, sub-segments moved in the cascade, results, feedback and demand "
    "added or changed, measures whose progress status moved, and findings introduced or "
    "fixed. OLD and NEW are folders (or files), or git revisions of the repository in "
    "the current folder; after --, paths limit a revision to the model's folder.",
    configure=configure,
    run=run,
)
