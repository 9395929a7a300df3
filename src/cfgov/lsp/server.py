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

Which folder is the model: ``cfgov lsp --model DIR`` if given; else the first
workspace folder the editor names (the others are logged and left alone), or
its root when it names none, joined with the ``model`` initialization option
when the editor sends one; else the folder the server was started in.

Positions are counted in UTF-16 code units, the protocol's default, whatever
else the client offers, so that every conversion (:mod:`cfgov.lsp.convert`)
counts the same way.

The server never stops on bad input: a check that raises is logged
(``window/logMessage``) and the next edit starts again from the files.
It writes no file.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import inspect
import os
import sys
import traceback
from collections.abc import Generator, Iterable, Mapping, Sequence
from typing import Any

from lsprotocol import types
from pygls.exceptions import FeatureRequestError
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from cfgov._version import __version__
from cfgov.io.loader import is_model_name
from cfgov.lsp import features
from cfgov.lsp.convert import Shown, diagnostics_message, shown_of, uri_of
from cfgov.lsp.workspace import Snapshot, Texts, Workspace
from cfgov.model import Finding

NAME = "cfgov"

_ERROR = types.MessageType.Error

#: What the editor is asked to watch on disk, when it can be asked (dynamic registration).
WATCHED = ("**/*.{yaml,yml,csv,xlsx}", "**/cfgov.toml", "**/pyproject.toml")


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, keeping positions in UTF-16 code units.

    pygls takes the first encoding the client offers; Neovim offers UTF-8 first.
    Every client must understand UTF-16, and the conversions here count in it.
    """

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(
        self, params: types.InitializeParams
    ) -> Generator[Any, Any, types.InitializeResult]:
        general = params.capabilities.general
        if general is not None:
            general.position_encodings = [types.PositionEncodingKind.Utf16]
        result: types.InitializeResult = yield from super().lsp_initialize(params)
        return result


class CfgovServer(LanguageServer):
    """A language server over one model: the folder the editor opened.

    ``folder`` overrides the workspace folder the client names (``cfgov lsp
    --model DIR``); so does the ``model`` initialization option, as a folder
    inside the workspace.
    """

    def __init__(self, folder: str | None = None, *, workers: int = 1) -> None:
        super().__init__(NAME, __version__, protocol_cls=_Protocol)
        self.folder_given = folder
        self.workers = workers
        self.model: Workspace | None = None
        #: What was last sent for each file: its findings, and the bytes of its text.
        self.published: dict[str, tuple[tuple[Finding, ...], object]] = {}
        #: Writes still under way, on a writer that takes its time (kept till done).
        self._writing: set[asyncio.Future[Any]] = set()
        #: The findings and texts of every file at the last look (see :meth:`_diagnostics`).
        self._seen: tuple[Mapping[str, object], Mapping[str, object]] = ({}, {})
        self.init_options: Any = None
        self.roots: list[str] = []
        self._pending_text: dict[str, str | None] = {}
        self._pending_disk: set[str] = set()
        self._reload = False
        self._checking: asyncio.Task[None] | None = None
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="cfgov-check"
        )
        self._shown: tuple[Finding, ...] = ()
        #: How many checks have run since start (tests wait on it).
        self.checks = 0

    @property
    def snapshot(self) -> Snapshot | None:
        return None if self.model is None else self.model.snapshot

    # -- messages -----------------------------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        """A line in the editor's log of the server (its output panel)."""
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def show(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """A message the editor puts in front of the person (not only in its log)."""
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def report_server_error(self, error: Exception, source: Any) -> None:
        """An error outside any request (a notification that could not be handled):
        logged, not shown, since the person can do nothing about it. Requests that fail
        carry their error in their answer."""
        if source is FeatureRequestError:
            return
        self.log(f"cfgov could not handle a message from the editor: {error!r}", _ERROR)

    # -- the folder ---------------------------------------------------------------

    def choose_folder(self, params: types.InitializeParams) -> None:
        """Remember the folders the editor names, and what it asks of the server."""
        self.init_options = params.initialization_options
        roots: list[str] = []
        for folder in params.workspace_folders or ():
            path = _path(folder.uri)
            if path is not None:
                roots.append(path)
        if not roots and self.workspace.root_path:
            roots.append(os.path.abspath(self.workspace.root_path))
        self.roots = roots

    def folder(self) -> str:
        """The model's folder: see the module's description."""
        if self.folder_given is not None:
            return os.path.abspath(self.folder_given)
        root = self.roots[0] if self.roots else os.getcwd()
        options = self.init_options
        if isinstance(options, dict) and isinstance(options.get("model"), str):
            return os.path.abspath(os.path.join(root, options["model"]))
        return root

    def say_where(self) -> None:
        """Log which folder is the model, and the workspace folders left alone."""
        folder = self.folder()
        self.log(f"cfgov {__version__} checks the model in {folder}")
        for other in self.roots[1:]:
            self.log(
                f"cfgov checks one model, in {self.roots[0]}; the workspace folder {other} is "
                "left alone (start the editor in that folder, or give `cfgov lsp --model`)"
            )
        options = self.init_options
        if (
            isinstance(options, dict)
            and "model" in options
            and not isinstance(options["model"], str)
        ):
            self.log(
                "the `model` initialization option should be a folder's path, as text; "
                f"it is {options['model']!r}, so cfgov ignores it",
                types.MessageType.Warning,
            )

    async def watch_files(self) -> None:
        """Ask the editor to tell of model files and settings changed on disk, when it can."""
        capabilities = self.client_capabilities
        watching = (
            capabilities.workspace.did_change_watched_files if capabilities.workspace else None
        )
        if watching is None or not watching.dynamic_registration:
            self.log(
                "this editor cannot be asked to watch files, so cfgov sees files changed on "
                "disk (a branch switched) only when they are opened, saved or the server "
                "restarts"
            )
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
        )
        registration = types.Registration(
            id="cfgov-watch",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        try:
            await self.client_register_capability_async(
                types.RegistrationParams(registrations=[registration])
            )
        except Exception as exc:  # the editor refused: cfgov works on without it
            self.log(
                f"the editor would not watch files for cfgov: {exc}", types.MessageType.Warning
            )

    # -- changes ------------------------------------------------------------------

    def text_changed(self, uri: str, text: str | None) -> None:
        """The editor opened or changed a document (``text``), or closed it (None)."""
        path = _path(uri)
        if path is None:
            return
        self._pending_text[path] = text
        self._schedule()

    def disk_changed(self, uris: Iterable[str]) -> None:
        """Files (or whole folders) changed on disk."""
        for uri in uris:
            path = _path(uri)
            if path is not None:
                self._pending_disk.add(path)
        self._schedule()

    @staticmethod
    def _below(path: str, model: Workspace) -> set[str]:
        """The path, and when it is (or was) a folder, the model files in it."""
        found = {path}
        prefix = path.rstrip(os.sep) + os.sep
        found.update(name for name in model.files if name.startswith(prefix))
        if os.path.isdir(path):
            for top, folders, names in os.walk(path):
                folders[:] = [name for name in folders if not name.startswith(".")]
                found.update(os.path.join(top, name) for name in names if is_model_name(name))
        return found

    def _schedule(self) -> None:
        if self._checking is None or self._checking.done():
            self._checking = asyncio.ensure_future(self._check_pending())

    async def _check_pending(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending_text or self._pending_disk or self.model is None or self._reload:
            if self._reload:  # start again from the files and the open documents
                self.model, self._reload = None, False
                self._pending_text = {**self._open_texts(), **self._pending_text}
                self._pending_disk.clear()
            texts, self._pending_text = self._pending_text, {}
            disk, self._pending_disk = self._pending_disk, set()
            try:
                sent = await loop.run_in_executor(self._executor, self._apply, texts, disk)
            except Exception:  # never down: say so, and start again at the next change
                self.log(
                    "cfgov could not check the model (this is a bug in cfgov: please "
                    "report it); it will read the files again at the next change.\n"
                    + traceback.format_exc(),
                    types.MessageType.Error,
                )
                self._reload = True
                return
            self.checks += 1
            for number, (uri, shown) in enumerate(sent, 1):
                self._publish(uri, shown)
                if number % _FILES_AT_ONCE == 0:
                    await asyncio.sleep(0)  # a first load sends thousands: answer between
            self._show_unplaced()

    def _open_texts(self) -> dict[str, str | None]:
        texts: dict[str, str | None] = {}
        for uri, document in self.workspace.text_documents.items():
            path = _path(uri)
            if path is not None:
                texts[path] = document.source
        return texts

    def _apply(self, texts: dict[str, str | None], disk: set[str]) -> list[tuple[str, list[Shown]]]:
        """In the checking thread: bring the workspace up to date, check it, and say what
        to publish, with the cycle collector paused, as the command line pauses it: a
        check makes millions of objects and no cycles, and a collection in the middle
        would scan them all, for seconds at 100,000 segments."""
        was = gc.isenabled()
        gc.disable()
        try:
            return self._apply_now(texts, disk)
        finally:
            _settle_memory()
            if was:
                gc.enable()

    def _apply_now(
        self, texts: dict[str, str | None], disk: set[str]
    ) -> list[tuple[str, list[Shown]]]:
        """In the checking thread: bring the workspace up to date, check it, and say
        what to publish."""
        if self.model is None:
            model = self.model = Workspace(self.folder(), workers=self.workers)
            snapshot = model.load()  # its settings say which files are the model's
            edited = False
            for path, opened in texts.items():
                if opened is not None and model.owns(path) and snapshot.texts.get(path) != opened:
                    model.set_text(path, opened)
                    edited = True
            if edited:
                snapshot = model.update()
            return self._diagnostics(snapshot)
        model = self.model
        if disk:  # the settings among them: everything is read again
            model.refresh({found for path in disk for found in self._below(path, model)})
        for path, text in texts.items():
            if model.is_settings(path):
                model.refresh([path])  # settings apply as saved
            elif text is None:
                model.drop_text(path)
            elif model.owns(path):
                model.set_text(path, text)
        snapshot = model.update()
        return self._diagnostics(snapshot)

    def _publish(self, uri: str, shown: Sequence[Shown]) -> None:
        """Send one file's diagnostics, written as JSON text straight from the findings
        (what lsprotocol's converter makes of its objects: a test holds them equal, and
        it is many times quicker for the hundred thousand of a large model's first
        load), to the same writer pygls sends through."""
        writer = getattr(self.protocol, "writer", None)
        if writer is not None and callable(getattr(writer, "write", None)):
            body = diagnostics_message(uri, shown)
            sent = writer.write(_HEADER % len(body) + body)
            if inspect.isawaitable(sent):  # a writer of its own loop (a web socket)
                task = asyncio.ensure_future(sent)
                self._writing.add(task)
                task.add_done_callback(self._writing.discard)
            return
        # A pygls without that writer: its own way, through its objects.
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[one.typed() for one in shown])
        )

    def _diagnostics(self, snapshot: Snapshot) -> list[tuple[str, list[Shown]]]:
        """The diagnostics of every file whose findings (or text) changed since last sent."""
        model = self.model
        assert model is not None
        now = snapshot.diagnostics
        texts = snapshot.texts
        sources = texts.sources if isinstance(texts, Texts) else texts
        # Only files whose findings or text are not the same objects as at the last call
        # can need sending again: a large model has tens of thousands of files with
        # findings, and an edit changes a few.
        last_now, last_sources = self._seen
        self._seen = (now, sources)
        candidates = _differing(now, last_now) | _differing(sources, last_sources)
        changed: dict[str, tuple[Finding, ...]] = {}
        for file in candidates:
            found = now.get(file, ()) if _placed(file, model) else ()
            # What was sent stands while the findings are the same tuple and the file the
            # same bytes (its positions, in UTF-16, are worked out from its text).
            read = sources.get(file)
            last = self.published.get(file)
            if found:
                self.published[file] = (found, read)
            else:
                self.published.pop(file, None)
            if last is not None and last[0] is found and last[1] is read:
                continue
            if last is None and not found:
                continue
            changed[file] = found
        shown = shown_of(changed, snapshot)
        return sorted(((uri_of(file), found) for file, found in shown.items()), key=_first)

    def _show_unplaced(self) -> None:
        """Problems that no document can show (the model's folder is missing, say):
        shown to the person, again only when they change."""
        model = self.model
        if model is None:
            return
        unplaced = tuple(
            found
            for file, findings in model.snapshot.diagnostics.items()
            if not _placed(file, model)
            for found in findings
        )
        if unplaced and unplaced != self._shown:
            for found in unplaced:
                hint = f" {found.hint}" if found.hint else ""
                self.show(f"cfgov: {found.location}: {found.code}: {found.message}.{hint}")
        self._shown = unplaced


def _differing(now: Mapping[str, object], last: Mapping[str, object]) -> set[str]:
    """The keys of either mapping whose values are not the same object in both."""
    found = {key for key, value in now.items() if last.get(key) is not value}
    found.update(last.keys() - now.keys())
    return found


def _placed(file: str, model: Workspace) -> bool:
    """Whether the editor can show diagnostics on ``file``: one of the model's files, or
    another file (``cfgov.toml``); not the model's folder, nor any other folder."""
    if model.owns(file):
        return True
    return file != str(model.folder) and not os.path.isdir(file)


def _path(uri: str) -> str | None:
    """The absolute path a ``file:`` address names; None for any other kind of address."""
    if not uri.startswith("file:"):
        return None
    try:
        path = to_fs_path(uri)
    except Exception:  # an address that does not parse names no file of the model
        return None
    return os.path.abspath(path) if path else None


#: How many files' diagnostics are sent before other messages are answered.
_FILES_AT_ONCE = 200

#: The header of a message sent (the protocol's framing, as pygls writes it).
_HEADER = b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]


def create_server(folder: str | None = None, *, workers: int = 1) -> CfgovServer:
    """A server with every feature registered; ``start_io()`` runs it."""
    server = CfgovServer(folder, workers=workers)

    @server.feature(types.INITIALIZE)
    def initialize(ls: CfgovServer, params: types.InitializeParams) -> None:
        ls.choose_folder(params)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: CfgovServer, params: types.InitializedParams) -> None:
        ls.say_where()
        ls._schedule()  # load the whole model now, not at the first edit
        await ls.watch_files()

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


def _settle_memory() -> None:
    """Tell the cycle collector that what a check leaves behind lives on.

    A model of 100,000 segments is tens of millions of objects, none in a reference
    cycle; a full collection would scan them all, for seconds, at random moments between
    edits. Frozen, they are left out of every collection (what is freed still is, by
    reference counting), and the collector works only on what is new.
    """
    gc.freeze()


def serve(folder: str | None = None, *, workers: int = 1, **_: Any) -> None:
    """Run the server over standard input and output until the client stops it.

    Standard output carries the protocol alone: anything else that would print there
    (a plugin rule's ``print``) goes to standard error, which editors log.
    The command line pauses Python's cycle collector while a command runs; a server
    runs for hours and its protocol machinery makes cycles, so it turns it back on.
    """
    gc.enable()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    create_server(folder, workers=workers).start_io(stdin, stdout)
