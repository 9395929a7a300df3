"""Running the ``cfgov`` command in a child process, as a user or CI would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cfgov(*args: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m cfgov ARGS`` in ``cwd``: its exit code and what it printed, as text."""
    return subprocess.run(
        [sys.executable, "-m", "cfgov", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
