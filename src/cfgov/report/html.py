"""Small HTML snippets for notebooks: the readiness answers and a summary of the frames.

Each function returns one ``<table>`` with a caption and header cells that
carry ``scope``; every piece of text is escaped. Display them in Jupyter
with ``IPython.display.HTML(...)``. The model's own entities have their
``_repr_html_``; these cover what is not an entity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cfgov.model._html import grid_table
from cfgov.report.frames import frames_html
from cfgov.rules import ReadinessAnswer

__all__ = ["frames_html", "readiness_html", "table_html"]


def table_html(
    caption: str, header: Sequence[str], rows: Iterable[Sequence[object]], *, limit: int = 50
) -> str:
    """A table with a caption, column headers and (at most ``limit``) rows, all text escaped.

    The first cell of each row heads its row. Rows past ``limit`` are
    counted in a last row instead of shown.
    """
    listed = list(rows)
    return grid_table(caption, header, listed[:limit], more=max(0, len(listed) - limit))


def readiness_html(answers: Iterable[ReadinessAnswer]) -> str:
    """The readiness questions (see :func:`cfgov.readiness`) with the model's answers."""
    return table_html(
        "Readiness: what the model can say",
        ["Question", "Answer", "Evidence"],
        [(a.question, a.answer, a.evidence) for a in answers],
    )
