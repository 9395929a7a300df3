"""The core imports without its optional libraries, and never loads them by itself.

Each capability that needs a library beyond attrs, networkx and PyYAML gets it as an
extra (``cfgov[xlsx]``, ``cfgov[sql]``, ``cfgov[charts]``, ``cfgov[pandas]``). A host
system that embeds cfgov must be able to load and check a model without them: these
tests run a fresh interpreter and look at what it imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OPTIONAL = ("openpyxl", "sqlalchemy", "matplotlib", "pandas", "psycopg", "datasette")

_PROBE = """
import json, sys
{work}
print(json.dumps(sorted({{name.split(".")[0] for name in sys.modules}})))
"""


def _imported(work: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(work=work)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


@pytest.mark.parametrize(
    "work",
    [
        "import cfgov",
        "import cfgov; m = cfgov.load('examples/dwp'); cfgov.check(m)",
        "from cfgov.cli.app import build_parser; build_parser()",
    ],
)
def test_the_core_never_imports_an_optional_library(work: str) -> None:
    assert _imported(work) & set(OPTIONAL) == set()


def test_the_core_works_when_the_optional_libraries_cannot_be_imported() -> None:
    blocked = "; ".join(f"sys.modules[{name!r}] = None" for name in OPTIONAL)
    work = f"{blocked}; import cfgov; cfgov.check(cfgov.load('examples/council'))"
    assert "cfgov" in _imported(work)
