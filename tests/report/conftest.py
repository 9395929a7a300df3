"""Set-up for the report tests: the --update-golden flag, the official SARIF schema and the
real Mermaid parser.

Golden files change only on request: ``pytest tests/report --update-golden``
rewrites them, and the diff is then reviewed like any other change.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SARIF_PACKAGE = "@microsoft/jest-sarif@1.0.0-beta.0"
SARIF_MEMBER = "package/lib/schemas/sarif-2.1.0-rtm.5.json"
# The Mermaid that GitHub and most viewers draw with, and the DOM it needs to parse in Node.
MERMAID_PACKAGES = ("mermaid@11.17.2", "jsdom@24.1.3")
MERMAID_SCRIPT = HERE / "mermaid_parse.mjs"


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    # getoption with a default: the flag is only registered when pytest starts in or
    # below tests/report, and the tests must still run from the repository root.
    return bool(request.config.getoption("--update-golden", default=False))


def _unavailable(reason: str) -> None:
    message = f"the official SARIF 2.1.0 schema is not available: {reason}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}. CI must validate SARIF output; install Node.js with npm.")
    pytest.skip(message)


def _fetch_schema(target: Path) -> None:
    """Fetch the npm package that ships the schema and keep the schema file only."""
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm is not installed")
        return
    CACHE.mkdir(exist_ok=True)
    try:
        packed = subprocess.run(
            [npm, "pack", SARIF_PACKAGE, "--silent"],
            cwd=CACHE,
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        )
    except subprocess.CalledProcessError as exc:
        _unavailable(f"`npm pack {SARIF_PACKAGE}` failed: {exc.stderr.strip()[-500:]}")
        return
    except (OSError, subprocess.TimeoutExpired) as exc:
        _unavailable(f"`npm pack {SARIF_PACKAGE}` could not run: {exc}")
        return
    tarball = CACHE / packed.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        member = archive.extractfile(SARIF_MEMBER)
        if member is None:
            _unavailable(f"{tarball.name} holds no {SARIF_MEMBER}")
            return
        data = member.read()
    partial = target.with_suffix(".partial")
    partial.write_bytes(data)
    partial.replace(target)  # whole or not at all, should a run be interrupted
    tarball.unlink()


@pytest.fixture(scope="session")
def sarif_schema() -> dict[str, Any]:
    """The SARIF 2.1.0 JSON schema as OASIS published it, fetched once and then cached."""
    target = CACHE / Path(SARIF_MEMBER).name
    if not target.exists():
        _fetch_schema(target)
    schema: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return schema


def _no_mermaid(reason: str) -> None:
    message = f"the mermaid package from npm is not available: {reason}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}. CI must parse the Mermaid diagrams; install Node.js with npm.")
    pytest.skip(message)


@pytest.fixture(scope="session")
def mermaid_parse() -> Callable[[Sequence[str]], list[str | None]]:
    """Parse Mermaid sources with the real mermaid package: None for each that parses, else
    the parser's message. Installed from npm once into the test cache, then reused.

    Skipped only where Node.js and npm are missing, and never under CI.
    """
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        _no_mermaid("Node.js and npm are not installed")
    assert npm is not None
    assert node is not None
    folder = CACHE / "mermaid"
    folder.mkdir(parents=True, exist_ok=True)
    installed = folder / "installed.txt"
    wanted = " ".join(MERMAID_PACKAGES)
    if not installed.exists() or installed.read_text(encoding="utf-8") != wanted:
        try:
            subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--silent", *MERMAID_PACKAGES],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=600,
                check=True,
            )
        except subprocess.CalledProcessError as exc:
            # With npm there, the diagrams must be checked: a failed install fails the test.
            pytest.fail(f"`npm install {wanted}` failed: {exc.stderr.strip()[-500:]}")
        except (OSError, subprocess.TimeoutExpired) as exc:
            pytest.fail(f"`npm install {wanted}` could not run: {exc}")
        installed.write_text(wanted, encoding="utf-8")
    # Node finds the packages from where the script is, so it runs from the cache.
    script = folder / MERMAID_SCRIPT.name
    shutil.copyfile(MERMAID_SCRIPT, script)

    def parse(sources: Sequence[str]) -> list[str | None]:
        done = subprocess.run(
            [node, str(script)],
            input=json.dumps(list(sources)),
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        results: list[str | None] = json.loads(done.stdout)
        return results

    return parse
