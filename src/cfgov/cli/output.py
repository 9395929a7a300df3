"""What a command gives back, and getting it to the screen or a file safely."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

import attrs

from cfgov.cli import status_line
from cfgov.cli.exits import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from cfgov.io.files import write_atomically
from cfgov.model import Finding


@attrs.frozen
class Outcome:
    """A command's exit code and its output.

    ``deliver`` says whether ``text`` is the command's result, to be written
    to ``--output``; by default only a run that did its work (exit 0 or 1)
    delivers, so a failed command never creates or replaces an output file.
    """

    code: int
    text: str = ""
    deliver: bool | None = None

    @property
    def delivers(self) -> bool:
        if self.deliver is not None:
            return self.deliver
        return self.code in (EXIT_OK, EXIT_FINDINGS)


def text_of(lines: list[str]) -> str:
    """Lines joined as the screen wants them, each ending with a newline."""
    return "".join(line + "\n" for line in lines)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def problems_summary(problems: tuple[Finding, ...]) -> str:
    """The closing line for a model that could not be loaded."""
    files = len({p.location.file for p in problems if p.location is not None})
    return (
        f"{plural(len(problems), 'problem')} in {plural(files, 'file')}; "
        "the model could not be loaded."
    )


def say(message: str) -> None:
    """A one-line message from cfgov to the person at the terminal, on standard error."""
    status_line.clear_current()  # not written over a line of progress
    sys.stderr.write(f"cfgov: {message}\n")


def colour_wanted() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def emit(text: str, out: TextIO) -> int | None:
    """Write the output; None when written, or an exit code when it could not be."""
    if not text:
        return None  # nothing to say (and the stream may be closed: `cfgov lsp` is done)
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        # The reader (e.g. `head`) went away. Stop quietly, as other command-line tools
        # do, and keep the exit code: `cfgov check | head` must still fail a CI job.
        if out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
    except OSError as exc:
        say(f"cannot write the output: {(exc.strerror or exc)}")
        return EXIT_ERROR
    return None


def write_output(path: Path, text: str, *, force: bool) -> int | None:
    """Write a file atomically (a temporary file, then a rename); refuse to replace one
    unless ``force``. None when written, else the exit code."""
    if path.exists() and not path.is_file():
        # A rename over a device, pipe or folder would replace it: never do that.
        say(f"{path} is not a regular file; choose another name")
        return EXIT_ERROR
    if path.exists() and not force:
        say(f"{path} exists; add --force to replace it")
        return EXIT_ERROR
    try:
        write_atomically(path, text)
    except OSError as exc:
        say(f"cannot write {path}: {exc.strerror or exc}")
        return EXIT_ERROR
    return None
