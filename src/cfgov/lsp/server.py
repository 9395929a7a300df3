"""``cfgov lsp``: the Language Server Protocol server, over standard input and output.

Built on pygls (the ``lsp`` extra), which does the protocol's framing, its
JSON-RPC and the bookkeeping of open documents; cfgov supplies the model
(:mod:`cfgov.lsp.workspace`) and what the editor asks of it
(:mod:`cfgov.lsp.features`).

Edits are applied as they arrive; checking runs in one background thread, so
that the editor's questions (hover, completion, go to definition) are answered
from the last snapshot while a check is under way. Edits that arrive during a
check are gathered and checked together next. Diagnostics are published for
every file whose findings changed, wherever the edit was.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import os
from collections.abc import Iterable
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from cfgov._version import __version__
from cfgov.lsp import features
from cfgov.lsp.convert import diagnostic
from cfgov.lsp.workspace import Snapshot, Workspace
from cfgov.model import Finding

NAME = "cfgov"


class CfgovServer(LanguageServer):
    """A language server over one model: the folder the editor opened.

    ``folder`` overrides the workspace folder the client names (``cfgov lsp
    --model DIR``); so does the ``model`` initialization option.
    """

    def __init__(self, folder: str | None = None, *, workers: int = 1) -> None:
        super().__init__(NAME, __version__)
        self.folder_given = folder
        self.workers = workers
        self.model: Workspace | None = None
        self.published: dict[str, tuple[Finding, ...]] = {}
        self._pending_text: dict[str, str | None] = {}
        self._pending_disk: set[str] = set()
        self._checking: asyncio.Task[None] | None = None
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        #: How many checks have run since start (tests wait on it).
        self.checks = 0

    @property
    def snapshot(self) -> Snapshot | None:
        return None if self.model is None else self.model.snapshot

    # -- changes ------------------------------------------------------------------

    def text_changed(self, uri: str, text: str | None) -> None:
        """The editor opened or changed a document (``text``), or closed it (None)."""
        path = _path(uri)
        if path is None:
            return
        self._pending_text[path] = text
        self._schedule()

    def disk_changed(self, uris: Iterable[str]) -> None:
        for uri in uris:
            path = _path(uri)
            if path is not None:
                self._pending_disk.add(path)
        self._schedule()

    def _schedule(self) -> None:
        if self._checking is None or self._checking.done():
            self._checking = asyncio.ensure_future(self._check_pending())

    async def _check_pending(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending_text or self._pending_disk or self.model is None:
            texts, self._pending_text = self._pending_text, {}
            disk, self._pending_disk = self._pending_disk, set()
            try:
                snapshot = await loop.run_in_executor(self._executor, self._apply, texts, disk)
            except Exception as exc:  # never down: say so and wait for the next edit
                self.window_log_message(
                    types.LogMessageParams(
                        type=types.MessageType.Error, message=f"cfgov could not check: {exc!r}"
                    )
                )
                return
            self.checks += 1
            self._publish(snapshot)

    def _apply(self, texts: dict[str, str | None], disk: set[str]) -> Snapshot:
        """In the checking thread: bring the workspace up to date and check it."""
        if self.model is None:
            self.model = Workspace(self._folder(), workers=self.workers)
            for path, text in texts.items():
                if text is not None and self.model.owns(path):
                    self.model.set_text(path, text)
            return self.model.load()
        model = self.model
        if disk and model.refresh(disk):
            texts = {}  # everything was read again, open documents included
        for path, text in texts.items():
            if text is None:
                model.drop_text(path)
            elif model.owns(path):
                model.set_text(path, text)
            elif model.is_settings(path):
                model.refresh([path])
        return model.update()

    def _folder(self) -> str:
        if self.folder_given is not None:
            return self.folder_given
        options = getattr(self, "_init_options", None)
        if isinstance(options, dict) and isinstance(options.get("model"), str):
            root = self.workspace.root_path or os.getcwd()
            return os.path.join(root, options["model"])
        return self.workspace.root_path or os.getcwd()

    def _publish(self, snapshot: Snapshot) -> None:
        """Publish the diagnostics of every file whose findings changed since last time."""
        now = dict(snapshot.diagnostics)
        for file in sorted(set(now) | set(self.published)):
            found = now.get(file, ())
            if self.published.get(file) == found:
                continue
            text = snapshot.texts.get(file)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=from_fs_path(file) or file,
                    diagnostics=[diagnostic(f, text, snapshot) for f in found],
                )
            )
        self.published = {file: found for file, found in now.items() if found}


def _path(uri: str) -> str | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return os.path.abspath(path) if path else None


def create_server(folder: str | None = None, *, workers: int = 1) -> CfgovServer:
    """A server with every feature registered; ``start_io()`` runs it."""
    server = CfgovServer(folder, workers=workers)

    @server.feature(types.INITIALIZE)
    def initialize(ls: CfgovServer, params: types.InitializeParams) -> None:
        ls._init_options = params.initialization_options  # type: ignore[attr-defined]

    @server.feature(types.INITIALIZED)
    def initialized(ls: CfgovServer, params: types.InitializedParams) -> None:
        ls._schedule()  # load the whole model now, not at the first edit

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CfgovServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.text_changed(params.text_document.uri, params.text_document.text)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CfgovServer, params: types.DidChangeTextDocumentParams) -> None:
        document = ls.workspace.get_text_document(params.text_document.uri)
        ls.text_changed(params.text_document.uri, document.source)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: CfgovServer, params: types.DidSaveTextDocumentParams) -> None:
        document = ls.workspace.get_text_document(params.text_document.uri)
        ls.text_changed(params.text_document.uri, document.source)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CfgovServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.text_changed(params.text_document.uri, None)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: CfgovServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.disk_changed(change.uri for change in params.changes)

    features.register(server)
    return server


def serve(folder: str | None = None, *, workers: int = 1, **_: Any) -> None:
    """Run the server over standard input and output until the client stops it.

    The command line pauses Python's cycle collector while a command runs; a server
    runs for hours and its protocol machinery makes cycles, so it turns it back on.
    """
    gc.enable()
    create_server(folder, workers=workers).start_io()
