"""The exception a failed load raises."""

from __future__ import annotations

from collections.abc import Iterable

from cfgov.model import CfgovError, Finding, _html


class LoadError(CfgovError):
    """The files could not be loaded into a model; ``problems`` holds every reason.

    Each problem is a :class:`cfgov.Finding` with a code (``CFG0xx``), a plain
    message, a hint where one helps, and the file, line and column. All
    problems from all files are collected before this is raised, sorted by
    file and line.
    """

    def __init__(self, problems: Iterable[Finding], files: Iterable[str] = ()) -> None:
        self.problems: tuple[Finding, ...] = tuple(sorted(problems, key=Finding.sort_key))
        #: The files that were read (or tried).
        self.files: tuple[str, ...] = tuple(files)
        count = len(self.problems)
        shown = [str(p) for p in self.problems[:10]]
        if count > len(shown):
            shown.append(f"... and {count - len(shown)} more")
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} stopped the model loading:\n" + "\n".join(shown))

    def _repr_html_(self) -> str:
        """The problems as a short table (the first twenty), for Jupyter."""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        shown = self.problems[: _html.MAX_ITEMS]
        return _html.grid_table(
            f"Load error: {count} {noun} stopped the model loading",
            ["Where", "Code", "Message", "Hint"],
            [
                (
                    p.location if p.location is not None else (p.entity or ""),
                    p.code,
                    p.message,
                    p.hint,
                )
                for p in shown
            ],
            more=count - len(shown),
        )
