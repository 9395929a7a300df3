"""``cfgov lsp`` as a command: without pygls, and with ``--model``."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from pytest_lsp import ClientServerConfig
from tests.lsp.conftest import EXAMPLES, Client, make_client, snapshot_of

COUNCIL = EXAMPLES / "council"

#: Runs cfgov as ``python -m cfgov`` does, with pygls made impossible to import.
WITHOUT_PYGLS = (
    "import runpy, sys; sys.modules['pygls'] = None; sys.argv[0] = 'cfgov'; "
    "runpy.run_module('cfgov', run_name='__main__')"
)


def run_without_pygls(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_PYGLS, *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_without_pygls_it_says_what_to_install_and_exits_2() -> None:
    ran = run_without_pygls("lsp")
    assert ran.returncode == 2
    assert ran.stdout == ""  # an editor reading the protocol there sees nothing odd
    assert "pip install 'cfgov[lsp]'" in ran.stderr
    assert "Traceback" not in ran.stderr


def test_its_help_needs_no_pygls() -> None:
    ran = run_without_pygls("lsp", "--help")
    assert ran.returncode == 0
    assert "--model DIR" in ran.stdout


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "cfgov", "lsp", "--model", str(COUNCIL)],
        client_factory=make_client,
    )
)
async def given(lsp_client: Client) -> AsyncIterator[None]:
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_the_model_option_of_the_command_wins_over_the_workspace(
    given: Client, tmp_path: Path
) -> None:
    before = snapshot_of(COUNCIL)
    await given.start(tmp_path)  # the editor opened another folder
    segments, organisation = COUNCIL / "segments.yaml", COUNCIL / "organisation.yaml"
    text = segments.read_text(encoding="utf-8")
    given.open(segments)
    given.change(segments, text.replace("id: council-children-broad", "id: council-kids"))
    found = await given.publish_for(organisation, until=bool)
    assert {d.code for d in found} == {"CFG008"}
    assert any(str(COUNCIL) in m.message for m in given.log_messages)
    assert snapshot_of(COUNCIL) == before
    assert list(tmp_path.iterdir()) == []
