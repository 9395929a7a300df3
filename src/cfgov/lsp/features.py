"""What the editor asks of the model: navigation, completion, code actions and renaming.

Each feature reads the workspace's last :class:`~cfgov.lsp.workspace.Snapshot`;
none changes a file except through the edits it hands the editor. The answers
are worked out in :mod:`cfgov.lsp.navigation` and :mod:`cfgov.lsp.editing`;
this module wires them to the protocol. Before the first check there is no
snapshot, and every question is answered with nothing; so is a question about a
file that is not part of the model, or one that cfgov cannot answer for any
other reason: the server logs why and carries on.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.uris import to_fs_path

from cfgov.lsp import editing, navigation
from cfgov.lsp.convert import character_column, line_of
from cfgov.lsp.workspace import Snapshot

if TYPE_CHECKING:
    from cfgov.lsp.server import CfgovServer

logger = logging.getLogger(__name__)

_R = TypeVar("_R")


def _safe(empty: Any) -> Callable[[Callable[..., _R]], Callable[..., _R]]:
    """Answer ``empty`` instead of failing: a question the model cannot answer is not an
    error the editor should show. A rename refused on purpose still says why."""

    def wrap(handler: Callable[..., _R]) -> Callable[..., _R]:
        @functools.wraps(handler)
        def run(*args: Any) -> Any:
            try:
                return handler(*args)
            except JsonRpcException:
                raise
            except Exception:
                logger.exception("cfgov could not answer %s", handler.__name__)
                return empty

        return run

    return wrap


def _where(
    snapshot: Snapshot | None, uri: str, position: types.Position | None = None
) -> tuple[Snapshot, str, int, int] | None:
    """The snapshot, file and place (line and character column) a request names, or None
    when there is no snapshot yet or the file is not a text file of the model."""
    if snapshot is None or not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    if not path:
        return None
    file = os.path.abspath(path)
    text = snapshot.texts.get(file)
    if text is None:
        return None
    if position is None:
        return snapshot, file, 0, 0
    if position.line < 0 or position.character < 0:
        return None
    column = character_column(line_of(text, position.line), position.character)
    return snapshot, file, position.line, column


def register(server: CfgovServer) -> None:
    """Register every feature on ``server``."""

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @_safe(None)
    def definition(ls: CfgovServer, params: types.DefinitionParams) -> list[types.Location] | None:
        where = _where(ls.snapshot, params.text_document.uri, params.position)
        return navigation.definition(*where) or None if where is not None else None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @_safe(None)
    def references(ls: CfgovServer, params: types.ReferenceParams) -> list[types.Location] | None:
        where = _where(ls.snapshot, params.text_document.uri, params.position)
        if where is None:
            return None
        return navigation.references(
            *where, declaration=bool(params.context and params.context.include_declaration)
        )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_safe(None)
    def hover(ls: CfgovServer, params: types.HoverParams) -> types.Hover | None:
        where = _where(ls.snapshot, params.text_document.uri, params.position)
        return navigation.hover(*where) if where is not None else None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @_safe(None)
    def document_symbols(
        ls: CfgovServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | None:
        where = _where(ls.snapshot, params.text_document.uri)
        return navigation.document_symbols(where[0], where[1]) if where is not None else None

    @server.feature(types.WORKSPACE_SYMBOL)
    @_safe(None)
    def workspace_symbols(
        ls: CfgovServer, params: types.WorkspaceSymbolParams
    ) -> list[types.WorkspaceSymbol] | None:
        snapshot = ls.snapshot
        return navigation.workspace_symbols(snapshot, params.query) if snapshot else None

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=editing.TRIGGER_CHARACTERS),
    )
    @_safe(None)
    def completion(ls: CfgovServer, params: types.CompletionParams) -> types.CompletionList | None:
        where = _where(ls.snapshot, params.text_document.uri, params.position)
        return editing.completion(*where) if where is not None else None

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    @_safe(None)
    def code_actions(
        ls: CfgovServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        where = _where(ls.snapshot, params.text_document.uri)
        if where is None:
            return None
        return editing.code_actions(where[0], where[1], params.range) or None

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    @_safe(None)
    def prepare_rename(ls: CfgovServer, params: types.PrepareRenameParams) -> types.Range | None:
        where = _where(ls.snapshot, params.text_document.uri, params.position)
        return editing.prepare_rename(*where) if where is not None else None

    @server.feature(types.TEXT_DOCUMENT_RENAME)  # pygls offers prepareRename when the client can
    @_safe(None)
    def rename(ls: CfgovServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        where = _where(ls.snapshot, params.text_document.uri, params.position)
        if where is None:
            return None
        try:
            return editing.rename(*where, params.new_name)
        except editing.RenameRefused as refused:
            raise JsonRpcException(
                message=str(refused), code=types.LSPErrorCodes.RequestFailed
            ) from refused
