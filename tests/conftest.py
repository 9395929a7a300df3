"""Shared test set-up: Hypothesis profiles and paths to the bundled data."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# No deadlines: CI machines are shared and slow; time is measured in benchmarks.
settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=100
)
settings.register_profile(
    "thorough", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=2000
)
settings.load_profile(os.environ.get("CFGOV_HYPOTHESIS_PROFILE", "default"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files (tests/report/golden) instead of comparing with them; "
        "review the diff before committing",
    )


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(autouse=True)
def _private_cache_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands run by the tests keep their cache in a folder of the test run's, never
    in the user's own cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


def _install_plugin(site: Path, source: str, entry_points: Mapping[str, str]) -> Path:
    """Make a rule module look installed in ``site``, as pip would leave it: the module,
    and a dist-info folder declaring its ``cfgov.rules`` entry points (name -> module:attr)."""
    module = next(iter(entry_points.values())).partition(":")[0]
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{module}.py").write_text(source, encoding="utf-8")
    info = site / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text(
        "[cfgov.rules]\n" + "".join(f"{name} = {at}\n" for name, at in entry_points.items())
    )
    return site


@pytest.fixture
def install_plugin() -> Callable[[Path, str, Mapping[str, str]], Path]:
    """The function that makes a rule plugin look installed in a folder (see above)."""
    return _install_plugin
