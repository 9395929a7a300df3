"""What the tests of incremental checking share: a government-shaped model, loaded once."""

from __future__ import annotations

import pytest

from cfgov import load
from cfgov.model import Model
from cfgov.testing.synthetic import synthetic_files


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Model:
    """A synthetic model of government shape (deep cascades, shared segments, evidence)."""
    folder = tmp_path_factory.mktemp("synthetic")
    for name, text in synthetic_files(30, 300).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load(folder)
