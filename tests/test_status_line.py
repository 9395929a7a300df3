"""A long run shows what it is doing on a terminal, and nothing in pipes, CI logs or --quiet."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import pytest
from tests.cli_runner import ROOT, cfgov

from cfgov.cli.status_line import Progress, wanted

CLEAR = "\r\x1b[K"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_shown_before_the_run_has_lasted_a_while() -> None:
    clock, stream = Clock(), io.StringIO()
    shown = Progress(stream, enabled=True, after=2.0, every=0.1, clock=clock)
    report = shown.step("reading files")
    assert report is not None
    report(1, 10)
    clock.now += 1.0
    report(2, 10)
    assert stream.getvalue() == ""
    shown.clear()
    assert stream.getvalue() == ""  # nothing shown, nothing to clear
    clock.now += 1.5
    report(3, 10)
    assert stream.getvalue() == f"{CLEAR}cfgov: reading files 3 of 10"


def test_the_line_is_rewritten_at_most_so_often_but_the_last_step_always_shows() -> None:
    clock, stream = Clock(), io.StringIO()
    shown = Progress(stream, enabled=True, after=0.0, every=0.1, clock=clock)
    report = shown.step("running rules")
    assert report is not None
    report(1, 3)
    report(2, 3)  # too soon
    report(3, 3)  # the last
    assert stream.getvalue() == (
        f"{CLEAR}cfgov: running rules 1 of 3{CLEAR}cfgov: running rules 3 of 3"
    )
    shown.clear()
    assert stream.getvalue().endswith(f"3 of 3{CLEAR}")
    big = Progress(io.StringIO(), enabled=True, after=0.0, clock=clock)
    step = big.step("reading files")
    assert step is not None
    step(1234, 20180)
    assert big.stream.getvalue().endswith("cfgov: reading files 1,234 of 20,180")


def test_a_disabled_progress_asks_for_no_reports() -> None:
    assert Progress(io.StringIO(), enabled=False).step("reading files") is None


class Terminal(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


@pytest.mark.parametrize(
    ("mode", "quiet", "terminal", "term", "shown"),
    [
        ("auto", False, True, "xterm", True),
        ("auto", False, False, "xterm", False),  # a pipe, a CI log
        ("auto", True, True, "xterm", False),  # --quiet
        ("auto", False, True, "dumb", False),  # cannot rewrite a line
        ("always", True, False, "dumb", True),
        ("never", False, True, "xterm", False),
    ],
)
def test_when_progress_is_shown(
    mode: str, quiet: bool, terminal: bool, term: str, shown: bool
) -> None:
    stream = Terminal(terminal)
    assert wanted(mode, quiet=quiet, stream=stream, environ={"TERM": term}) is shown


def test_a_check_reports_files_read_and_rules_run_and_its_output_is_unchanged() -> None:
    shown = cfgov("check", "examples/dwp", "--progress", "always")
    plain = cfgov("check", "examples/dwp", "--progress", "never")
    assert shown.returncode == plain.returncode == 0
    assert shown.stdout == plain.stdout
    assert "cfgov: reading files 4 of 4" in shown.stderr
    assert "cfgov: running rules" in shown.stderr
    # The line is gone before the command ends (text mode reads the return as a newline).
    assert shown.stderr.endswith("\x1b[K")
    assert plain.stderr == ""


def test_in_a_pipe_a_check_shows_no_progress() -> None:
    done = cfgov("check", "examples/dwp")
    assert done.returncode == 0
    assert "cfgov:" not in done.stderr


def test_on_a_terminal_a_quick_check_shows_nothing_and_a_forced_one_clears_its_line() -> None:
    # A real terminal (a pseudo-terminal): the quick check ends before anything is shown.
    for extra, expect in (((), False), (("--progress", "always"), True)):
        leader, follower = pty.openpty()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "cfgov", "check", "examples/dwp", *extra],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=follower,
                timeout=120,
                check=False,
                env={**os.environ, "TERM": "xterm"},
            )
            os.close(follower)
            follower = -1
            written = b""
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                written += chunk
        finally:
            if follower >= 0:
                os.close(follower)
            os.close(leader)
        assert done.returncode == 0
        assert (b"reading files" in written) is expect
        if expect:
            assert written.endswith(CLEAR.encode())


def test_the_library_reports_progress_only_to_a_callback_it_is_given() -> None:
    # The library reports only to a callback it is given, and prints nothing.
    import cfgov

    seen: list[tuple[int, int]] = []
    model, sources = cfgov.load_with_sources(
        ROOT / "examples" / "dwp", progress=lambda *p: seen.append(p)
    )
    assert seen[-1] == (4, 4)
    assert [done for done, _ in seen] == [1, 2, 3, 4]
    rules: list[tuple[int, int]] = []
    result = cfgov.check(model, sources, progress=lambda *p: rules.append(p))
    assert rules[-1][0] == rules[-1][1] == len(result.rules)
