"""Found in review of the way out: what a user gets from ``cfgov export xlsx`` and reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_runner import ROOT, cfgov

EXAMPLES = ROOT / "examples"

pytest.importorskip("openpyxl")


@pytest.mark.parametrize("made", [True, False])
def test_export_xlsx_to_a_folder_is_refused_and_writes_nothing(tmp_path: Path, made: bool) -> None:
    folder = tmp_path / "out"
    if made:
        folder.mkdir()
    out = cfgov("export", "xlsx", "-o", f"{folder}/", str(EXAMPLES))
    assert out.returncode == 2
    assert "is a folder" in out.stderr
    assert "model.xlsx" in out.stderr  # how to name the workbook instead
    assert list(tmp_path.iterdir()) == ([folder] if made else [])
    if made:
        assert list(folder.iterdir()) == []
