"""What a long command is doing, shown on standard error to a person at a terminal.

A check of a large model takes a minute or more. After a couple of seconds the
command shows one line that says what it is doing and how far it has got
(``cfgov: reading files 1,234 of 20,180``), rewritten in place, and removes it
before the command's own output, when it stops on Ctrl-C, and on any error. It
shows nothing when standard error is not a terminal (a pipe, a CI log), with
``--quiet``, or on a terminal that cannot rewrite a line (``TERM=dumb``);
``--progress always`` and ``--progress never`` decide instead.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TextIO

#: The choices of ``--progress``.
MODES = ("auto", "always", "never")
#: How long a command runs before its progress is shown (never, for a quick one).
SHOW_AFTER = 2.0
#: How often the line is rewritten at most.
EVERY = 0.1
#: Back to the start of the line, and clear it to its end.
_CLEAR = "\r\x1b[K"

Step = Callable[[int, int], None]


class Progress:
    """One line of progress on ``stream``, shown ``after`` seconds from its making."""

    def __init__(
        self,
        stream: TextIO,
        *,
        enabled: bool,
        after: float = SHOW_AFTER,
        every: float = EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.enabled = enabled
        self.every = every
        self.clock = clock
        self._from = clock() + after
        self._next = self._from
        self._shown = False

    def step(self, doing: str) -> Step | None:
        """What to call as work is done (``done`` of ``total``), said as ``doing``;
        None when nothing is to be shown, so that the work need not report at all."""
        if not self.enabled:
            return None

        def report(done: int, total: int) -> None:
            now = self.clock()
            if now < self._next and done < total:
                return
            if now < self._from:
                return
            self._next = now + self.every
            self._write(f"{_CLEAR}cfgov: {doing} {done:,} of {total:,}")
            self._shown = True

        return report

    def clear(self) -> None:
        """Remove the line, if one was shown, so that what follows starts on a clean one."""
        if self._shown:
            self._write(_CLEAR)
            self._shown = False

    def _write(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # a closed terminal is no reason to stop
            self.stream.write(text)
            self.stream.flush()


def wanted(mode: str, *, quiet: bool, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether to show progress: ``always``, ``never``, or (``auto``) on a terminal that
    can rewrite a line, unless ``--quiet``."""
    if mode == "always":
        return True
    if mode == "never" or quiet:
        return False
    try:
        terminal = stream.isatty()
    except (OSError, ValueError):
        terminal = False
    return terminal and environ.get("TERM", "") != "dumb"


@contextlib.contextmanager
def showing(args: argparse.Namespace) -> Iterator[Progress]:
    """The progress of the command ``args`` asks for, for the steps of the command to
    report to (:func:`step`) while it runs, and its line removed however it ends."""
    mode = getattr(args, "progress", "auto") or "auto"
    enabled = wanted(
        mode, quiet=bool(getattr(args, "quiet", False)), stream=sys.stderr, environ=os.environ
    )
    shown = Progress(sys.stderr, enabled=enabled, after=0.0 if mode == "always" else SHOW_AFTER)
    _CURRENT.append(shown)
    try:
        yield shown
    finally:
        shown.clear()
        _CURRENT.remove(shown)


#: The progress of the command running (the last; a program may run commands within
#: commands): its steps report to it, and a message to the person clears its line first.
_CURRENT: list[Progress] = []


def clear_current() -> None:
    """Remove the progress line, if one is shown, before a message is written."""
    for shown in _CURRENT:
        shown.clear()


def step(doing: str) -> Step | None:
    """The step ``doing`` of the running command's progress (None when none is shown)."""
    return _CURRENT[-1].step(doing) if _CURRENT else None


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    """``--progress``: whether a long run shows how far it has got."""
    parser.add_argument(
        "--progress",
        choices=MODES,
        default="auto",
        help="show on standard error what a long run is doing and how far it has got: "
        "auto (the default) on a terminal after a couple of seconds, unless --quiet; "
        "always; or never",
    )
