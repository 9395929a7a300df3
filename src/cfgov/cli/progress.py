"""``cfgov progress``: where each measure stands against its target, from its results."""

from __future__ import annotations

import argparse

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from cfgov.cli.options import (
    add_model_options,
    add_output,
    add_paths,
    open_model,
)
from cfgov.cli.output import Outcome, say
from cfgov.model import PeriodError, Status, parse_period

_STATUS_WORDS = {status.value: status for status in Status}
#: ``--fail-on`` takes a status and fails on it and on every worse one.
_FAIL_ON = ("off_track", "at_risk")


def _statuses(text: str) -> tuple[Status, ...]:
    chosen = []
    for given in text.split(","):
        word = given.strip().replace(" ", "_").replace("-", "_")
        if word not in _STATUS_WORDS:
            raise argparse.ArgumentTypeError(
                f"{word!r} is not a status; use {', '.join(_STATUS_WORDS)}"
            )
        chosen.append(_STATUS_WORDS[word])
    return tuple(chosen)


def _as_of(text: str) -> str:
    try:
        parse_period(text)
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: {exc}") from None
    return text


def configure(parser: argparse.ArgumentParser) -> None:
    add_paths(parser, "folders or files of the model")
    parser.add_argument(
        "--format",
        choices=["text", "md", "json"],
        default="text",
        help="text (default), md (Markdown tables) or json",
    )
    parser.add_argument(
        "--as-of",
        type=_as_of,
        metavar="DATE",
        help="judge as on this day (YYYY, YYYY-MM or YYYY-MM-DD): results for periods ending "
        "after it are left out, and deadlines are judged against it (default: the end of "
        "each measure's latest period; the clock is never read)",
    )
    parser.add_argument(
        "--status",
        type=_statuses,
        metavar="LIST",
        help="show only measures at these statuses, e.g. off_track,at_risk",
    )
    parser.add_argument(
        "--segment", metavar="ID", help="show only the measures of objectives for this segment"
    )
    parser.add_argument(
        "--fail-on",
        dest="fail_on_status",  # not `fail_on`: that is check's severity, read by options
        choices=_FAIL_ON,
        help="exit 1 when a measure shown is at this status or worse (off_track, or "
        "at_risk for at risk and off track), for a scheduled job that should go red",
    )
    add_model_options(parser)
    add_output(parser)


def run(args: argparse.Namespace) -> Outcome:
    from cfgov.report.progress import (
        render_progress_json,
        render_progress_markdown,
        render_progress_text,
        standings,
    )
    from cfgov.rules import all_rules

    opened = open_model(args, all_rules())
    if isinstance(opened, int):
        return Outcome(opened)
    _, model, _ = opened
    if args.segment is not None and model.kind_of(args.segment) != "segment":
        say(f"there is no segment {args.segment!r} in the model")
        return Outcome(EXIT_ERROR)
    found = standings(model, as_of=args.as_of, statuses=args.status, segment=args.segment)
    if args.format == "json":
        text = render_progress_json(found)
    elif args.format == "md":
        text = render_progress_markdown(found)
    else:
        text = render_progress_text(found)
    failing = {Status.OFF_TRACK} if args.fail_on_status == "off_track" else set()
    if args.fail_on_status == "at_risk":
        failing = {Status.OFF_TRACK, Status.AT_RISK}
    failed = any(s.progress.status in failing for s in found)
    return Outcome(EXIT_FINDINGS if failed else EXIT_OK, text)


COMMAND = Command(
    name="progress",
    help="show where each measure stands against its target, from its results",
    description="Judge every measure from its results as cfgov.progress_of does (met, on "
    "track, at risk, off track or no data, each with the reason) and list them by "
    "objective and service standard, worst first. Exit 0, or 1 with --fail-on when a "
    "measure is at that status or worse, or 2 when the model cannot be loaded.",
    configure=configure,
    run=run,
)
