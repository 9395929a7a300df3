"""Small HTML snippets for notebooks: the readiness answers and a summary of the frames.

Each function returns one ``<table>`` with a caption and header cells that
carry ``scope``; every piece of text is escaped. Display them in Jupyter
with ``IPython.display.HTML(...)``. The model's own entities have their
``_repr_html_``; these cover what is not an entity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from cfgov.model._html import grid_table, some
from cfgov.rules import ReadinessAnswer

if TYPE_CHECKING:
    from cfgov.report.frames import Frames

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


def frames_html(frames: Frames) -> str:
    """Each frame of :func:`cfgov.report.frames.frames`, its number of rows and its columns."""
    return table_html(
        "cfgov frames (pandas DataFrames)",
        ["Frame", "Rows", "Columns"],
        [
            (field.name, len(table), some([str(c) for c in table.columns], limit=12))
            for field in attrs.fields(type(frames))
            for table in [getattr(frames, field.name)]
        ],
    )
