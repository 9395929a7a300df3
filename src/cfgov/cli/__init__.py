"""The ``cfgov`` command: one module per command, shared options and output in one place.

* :mod:`cfgov.cli.app` builds the parser from the commands and runs it;
* :mod:`cfgov.cli.options` holds the options several commands share and
  turns them into the model to load and its settings;
* :mod:`cfgov.cli.output` holds what a command returns (:class:`Outcome`)
  and writes it to the screen or, atomically, to a file;
* :mod:`cfgov.cli.exits` holds the exit codes, the same for every command;
* one module per command (:mod:`cfgov.cli.check`, :mod:`cfgov.cli.report`...).
"""

from __future__ import annotations

from cfgov.cli.app import build_parser, cli_reference, main, run
from cfgov.cli.exits import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
)

__all__ = [
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "build_parser",
    "cli_reference",
    "main",
    "run",
]
