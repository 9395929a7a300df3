"""``cfgov assess``: each unit's latest self-assessment beside what the model supports."""

from __future__ import annotations

import argparse

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR, EXIT_OK
from cfgov.cli.options import (
    add_model_options,
    add_output,
    add_paths,
    not_a_unit,
    open_model,
)
from cfgov.cli.output import Outcome, say


def configure(parser: argparse.ArgumentParser) -> None:
    add_paths(parser, "folders or files of the model")
    parser.add_argument(
        "--unit",
        metavar="ID",
        help="show only this organisation or unit (also when it has not assessed itself yet)",
    )
    parser.add_argument(
        "--format",
        choices=["text", "markdown", "md", "json"],
        default="text",
        help="text (default), markdown (or md: Markdown tables) or json",
    )
    add_model_options(parser)
    add_output(parser)


def run(args: argparse.Namespace) -> Outcome:
    from cfgov.report.assessment import (
        render_assessment_json,
        render_assessment_markdown,
        render_assessment_text,
        unit_assessments,
    )
    from cfgov.rules import OptionError, all_rules, check

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
        findings = check(model, sources, target.settings.config, rules=rules).findings
    except OptionError as exc:
        say(str(exc))
        return Outcome(EXIT_ERROR)
    found = unit_assessments(model, findings, unit=args.unit)
    if args.format == "json":
        text = render_assessment_json(found)
    elif args.format in ("markdown", "md"):
        text = render_assessment_markdown(found)
    else:
        text = render_assessment_text(found)
    return Outcome(EXIT_OK, text)


COMMAND = Command(
    name="assess",
    help="show each unit's self-assessment beside what the model supports",
    description="For each unit that has assessed itself against the four components of "
    "customer-focused government (or only --unit), show the latest sitting: per component "
    "the team's level and the change since the sitting before, cfgov's own view from the "
    "model with its reasons, and the ceiling (the highest claim the model's evidence does "
    "not contradict); the findings about the sitting and the unit's initiatives; and each "
    "initiative with the step it has reached and what each step produced. Exit 0, or 2 "
    "when the model cannot be loaded or the unit does not exist.",
    configure=configure,
    run=run,
)
