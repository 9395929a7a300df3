"""``cfgov lsp``: run the language server for editors, over standard input and output."""

from __future__ import annotations

import argparse

from cfgov.cli.command import Command
from cfgov.cli.exits import EXIT_ERROR, EXIT_OK
from cfgov.cli.options import cores
from cfgov.cli.output import Outcome, say

#: What the lsp extra brings: pygls and what it needs.
_EXTRA = frozenset({"pygls", "lsprotocol", "cattrs", "attrs"})


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        metavar="DIR",
        help="the model's folder (default: the folder the editor opened)",
    )
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="talk over standard input and output (the default and only way; accepted "
        "because many editors pass it)",
    )


def run(args: argparse.Namespace) -> Outcome:
    workers = min(cores(), 8)
    if workers > 1:
        from cfgov.lsp.workspace import warm_workers

        warm_workers()  # while the server's own modules load
    try:
        from cfgov.lsp.server import serve
    except ImportError as exc:
        missing = (exc.name or "").partition(".")[0]
        if missing not in _EXTRA:
            raise  # cfgov's own import failed: a bug, reported as one
        say(
            f"cfgov lsp needs the lsp extra, and {missing} (part of it) is not installed. "
            "Install cfgov with it: pip install 'cfgov[lsp]'"
        )
        return Outcome(EXIT_ERROR)
    # The first load reads every file with a worker process per core, as `cfgov check`
    # does, so it is no slower than a cold check.
    serve(args.model, workers=workers)
    return Outcome(EXIT_OK)


COMMAND = Command(
    name="lsp",
    help="run the language server for editors (needs the lsp extra)",
    description="Run cfgov's language server over standard input and output, for an "
    "editor to start: it checks the whole model as you type (every file an edit "
    "affects), and gives go to definition, find references, hover, completion of ids, "
    "fixes and renaming. See the editor set-up page of the docs.",
    configure=configure,
    run=run,
)
