"""A real LSP client (pytest-lsp) driving ``python -m cfgov lsp`` over stdio.

Every test starts its own server on its own copy of a model. The client records
every ``textDocument/publishDiagnostics`` it receives, in order, so that a test
waits for the publish it expects for one file (with a timeout) instead of
sleeping; and every ``client/registerCapability`` request.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: How long a test waits for one publish: generous, for a busy machine.
TIMEOUT = 15.0

Diagnostics = Sequence[types.Diagnostic]


class Client(LanguageClient):
    """pytest-lsp's client, keeping every publish and registration in order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.registrations: list[types.Registration] = []
        self.arrived = asyncio.Event()
        self.folder: Path | None = None

    def mark(self) -> int:
        """The place in the record of publishes: wait for what comes after it."""
        return len(self.published)

    async def publish_for(
        self,
        path: Path,
        *,
        since: int = 0,
        until: Callable[[Diagnostics], bool] = lambda found: True,
        timeout: float = TIMEOUT,
    ) -> Diagnostics:
        """The first publish for ``path`` after ``since`` that satisfies ``until``."""
        uri = path.as_uri()
        deadline = time.monotonic() + timeout
        seen = since
        while True:
            for params in self.published[seen:]:
                if params.uri == uri and until(params.diagnostics):
                    return params.diagnostics
            seen = len(self.published)
            self.arrived.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                sent = [(p.uri, [d.code for d in p.diagnostics]) for p in self.published[since:]]
                raise AssertionError(f"no such publish for {uri} in {timeout} s; got {sent}")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.arrived.wait(), left)

    async def until(self, holds: Callable[[], bool], timeout: float = TIMEOUT) -> None:
        """Wait until ``holds()`` is true, looking again after each message that arrives."""
        deadline = time.monotonic() + timeout
        while not holds():
            self.arrived.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"still not so after {timeout} s")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.arrived.wait(), left)

    async def cleared(self, path: Path, *, since: int = 0) -> None:
        """Wait for an empty publish for ``path``."""
        await self.publish_for(path, since=since, until=lambda found: not found)

    async def start(
        self,
        folder: Path,
        *,
        capabilities: types.ClientCapabilities | None = None,
        options: Any = None,
        folders: Sequence[Path] | None = None,
    ) -> types.InitializeResult:
        """``initialize`` and ``initialized``, with ``folder`` as the workspace's root."""
        self.folder = folder
        return await self.initialize_session(
            types.InitializeParams(
                capabilities=capabilities or types.ClientCapabilities(),
                root_uri=folder.as_uri(),
                initialization_options=options,
                workspace_folders=[
                    types.WorkspaceFolder(uri=f.as_uri(), name=f.name) for f in folders
                ]
                if folders
                else None,
            )
        )

    def open(self, path: Path, text: str | None = None, version: int = 1) -> None:
        """``didOpen`` with ``text`` (by default what the disk holds)."""
        self.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=path.as_uri(),
                    language_id="yaml",
                    version=version,
                    text=path.read_text(encoding="utf-8") if text is None else text,
                )
            )
        )

    def change(self, path: Path, text: str, version: int = 2) -> None:
        """``didChange`` replacing the whole text (not saved to disk)."""
        self.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=path.as_uri(), version=version
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def close(self, path: Path) -> None:
        self.text_document_did_close(
            types.DidCloseTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri())
            )
        )

    def disk_changed(self, *changes: tuple[Path, types.FileChangeType]) -> None:
        """``workspace/didChangeWatchedFiles``, as an editor sends after a branch switch."""
        self.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=path.as_uri(), type=kind) for path, kind in changes]
            )
        )


def _on_publish(client: Client, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)
    client.arrived.set()


def _on_show(client: Client, params: types.ShowMessageParams) -> None:
    client.messages.append(params)
    client.arrived.set()


def _on_register(client: Client, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def make_client() -> Client:
    client = Client(converter_factory=default_converter)
    register_lsp_features(
        client,
        {
            **DEFAULT_CLIENT_FEATURES,
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _on_publish,
            types.CLIENT_REGISTER_CAPABILITY: _on_register,
            types.WINDOW_SHOW_MESSAGE: _on_show,
        },
    )
    return client


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "cfgov", "lsp"], client_factory=make_client
)


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: Client) -> AsyncIterator[None]:
    """A server over stdio and a client for it, not yet initialized (``client.start``)."""
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A copy of examples/council, in a folder of its own."""
    folder = tmp_path / "council"
    shutil.copytree(EXAMPLES / "council", folder)
    return folder


def snapshot_of(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` and its bytes: to show the server wrote nothing."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


ORGANISATION = """\
organisations:
  - {id: dwp, name: Department for Work and Pensions, kind: ministerial_department}
units:
  - {id: dwp-ps, name: The Pension Service, kind: service, parents: [dwp]}
aims:
  - {id: aim-pensions, unit: dwp, statement: Security in retirement}
"""

SEGMENTS = """\
segments:
  - id: pensioners
    name: People over pension age
    category: target
    unit: dwp
    aims: [aim-pensions]
  - id: callers
    name: People who phoned us last year
    category: target
    unit: dwp-ps
    parent: pensioners
  - id: hauliers
    name: Road hauliers
    category: indirect
    unit: dwp
  - id: savers
    name: Future pensioners as savers
    category: target
    unit: dwp-ps
    parent: pensioners
    aims: [aim-pensions]
    ignore:
      CFG111: "Objectives are set next year."
"""

#: The small model's segments with hauliers given a priority: CFG106 no longer fires.
RANKED = SEGMENTS.replace(
    "    unit: dwp\n  - id: savers", "    unit: dwp\n    priority: 1\n  - id: savers"
)
assert RANKED != SEGMENTS


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A small model in two files, with many rule findings (and one set aside)."""
    folder = tmp_path / "small"
    folder.mkdir()
    (folder / "organisation.yaml").write_text(ORGANISATION, encoding="utf-8")
    (folder / "segments.yaml").write_text(SEGMENTS, encoding="utf-8")
    return folder
