"""``cfgov report``: a report of the model for people, in Markdown or HTML."""

from __future__ import annotations

import argparse

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR, EXIT_OK
from cfgov.cli.options import (
    add_model_options,
    add_output,
    add_paths,
    check_model,
    not_a_unit,
    open_model,
)
from cfgov.cli.output import Outcome, say
from cfgov.rules import OptionError, all_rules, readiness


def configure(parser: argparse.ArgumentParser) -> None:
    add_paths(parser, "folders or files of the model")
    parser.add_argument(
        "--format", choices=["md", "html"], default="md", help="md (default) or html"
    )
    parser.add_argument("--unit", metavar="ID", help="report only this unit and the units below it")
    add_model_options(parser)
    add_output(parser)


def run(args: argparse.Namespace) -> Outcome:
    from cfgov.report.document import render_html, render_markdown

    rules = all_rules()
    opened = open_model(args, rules)
    if isinstance(opened, int):
        return Outcome(opened)
    target, model, sources = opened
    wrong = None if args.unit is None else not_a_unit(model, args.unit)
    if wrong is not None:
        say(wrong)
        return Outcome(EXIT_ERROR)
    try:
        result = check_model(model, sources, target, rules)
    except OptionError as exc:
        say(str(exc))
        return Outcome(EXIT_ERROR)
    answers = readiness(model)
    if args.format == "html":
        return Outcome(
            EXIT_OK, render_html(model, result=result, readiness=answers, unit=args.unit)
        )
    return Outcome(
        EXIT_OK, render_markdown(model, result=result, readiness=answers, unit=args.unit)
    )


COMMAND = Command(
    name="report",
    help="write a report of the model for people: tables, diagrams, findings",
    description="Write a report of the model: per organisation and unit, the "
    "segmentation table (segments, sub-segments, sizes, objectives), objectives with "
    "their measures, service standards, partners and advisers, every hat a stakeholder "
    "wears, diagrams of the organisation and the cascade, the evidence (status per "
    "objective and segment, a progress chart per measure with results, feedback scores "
    "and demand), the findings and the readiness answers. Markdown renders on GitHub; "
    "HTML is one self-contained page (charts need the charts extra: matplotlib). "
    "Nothing is written when the model cannot be loaded.",
    configure=configure,
    run=run,
)
