"""examples/tour.ipynb runs from top to bottom and shows what it says it shows.

The notebook is re-executed in a fresh kernel when the notebook extra
(nbclient, nbformat, ipykernel) and pandas are installed, and skipped with
the reason otherwise. CI installs them.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TOUR = EXAMPLES / "tour.ipynb"

_MISSING = [
    name
    for name in ("nbclient", "nbformat", "ipykernel", "pandas")
    if importlib.util.find_spec(name) is None
]


def _text_of(outputs: list[dict[str, Any]]) -> str:
    """Everything a list of cell outputs shows, as one string."""
    parts: list[str] = []
    for output in outputs:
        if "text" in output:
            parts.append("".join(output["text"]))
        for value in output.get("data", {}).values():
            parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def _check_outputs(cells: list[dict[str, Any]]) -> None:
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code, "the tour has no code"
    errors = [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors, errors
    assert all(c["outputs"] for c in code), "every cell of the tour should show something"
    shown = "\n".join(_text_of(c["outputs"]) for c in code)
    assert "24,000,000" in shown
    assert "7 sub-segments" in shown
    for size in ("7.7m", "1.5m", "14.4m", "9.6m", "1.6m", "9.2m", "24.0m", "3.2m"):
        assert size in shown
    assert '<th scope="row">' in shown  # the HTML reprs of the model, a segment, a unit
    assert "http://" not in shown
    assert "https://" not in shown


def test_the_saved_notebook_was_executed_and_shows_the_dwp_table() -> None:
    """The outputs kept in the file are those of a clean run, in order."""
    notebook = json.loads(TOUR.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    _check_outputs(cells)
    counts = [c["execution_count"] for c in cells if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), "re-run the whole notebook before saving"


@pytest.mark.skipif(
    bool(_MISSING),
    reason=f"re-running the tour needs the notebook and pandas extras; missing: {_MISSING}",
)
def test_the_tour_runs_without_errors() -> None:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(TOUR, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    # The notebook loads "dwp" relative to examples/, as a reader running it there would.
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(EXAMPLES)}},
    )
    client.execute()
    _check_outputs(notebook.cells)
