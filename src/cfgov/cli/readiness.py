"""``cfgov readiness``: the report's readiness questions, answered from a model."""

from __future__ import annotations

import argparse

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR, EXIT_OK
from cfgov.cli.options import add_paths
from cfgov.cli.output import Outcome, problems_summary, text_of
from cfgov.io import LoadError, load_with_sources
from cfgov.report import render
from cfgov.rules import readiness


def run(args: argparse.Namespace) -> Outcome:
    try:
        model = load_with_sources(args.paths)[0]
    except LoadError as exc:
        text = render(exc.problems, format="text", rules=(), summary=problems_summary(exc.problems))
        return Outcome(EXIT_ERROR, text)
    lines = []
    for number, answer in enumerate(readiness(model), start=1):
        lines += [f"{number}. {answer.question}", f"   {answer.answer}: {answer.evidence}", ""]
    return Outcome(EXIT_OK, text_of(lines))


COMMAND = Command(
    name="readiness",
    help="answer the report's readiness questions from a model",
    description="Answer the readiness questions of the report (Barker 2002) that a model "
    "can answer: yes, partly or no, with the evidence; the others are marked as not "
    "answerable from the model.",
    configure=lambda parser: add_paths(parser, "folders or files of the model"),
    run=run,
)
