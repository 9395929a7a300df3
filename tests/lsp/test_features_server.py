"""The features as pygls registers them: the capabilities the server advertises, and
handlers that answer nothing, rather than fail, on odd requests."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.capabilities import ServerCapabilitiesBuilder
from pygls.exceptions import JsonRpcException

from cfgov.lsp import editing, navigation
from cfgov.lsp.convert import uri_of
from cfgov.lsp.server import CfgovServer, create_server
from cfgov.lsp.workspace import Workspace

EXAMPLE = Path(__file__).parents[2] / "examples" / "council"


@pytest.fixture
def server(tmp_path: Path) -> CfgovServer:
    folder = tmp_path / "council"
    shutil.copytree(EXAMPLE, folder)
    return create_server(str(folder))


def handler(server: CfgovServer, method: str) -> Any:
    return server.protocol.fm.features[method]


def loaded(server: CfgovServer) -> CfgovServer:
    assert server.folder_given is not None
    server.model = Workspace(server.folder_given)
    server.model.load()
    return server


def test_the_server_advertises_every_feature(server: CfgovServer) -> None:
    fm = server.protocol.fm
    capabilities = ServerCapabilitiesBuilder(
        types.ClientCapabilities(
            text_document=types.TextDocumentClientCapabilities(
                rename=types.RenameClientCapabilities(prepare_support=True)
            )
        ),
        set({**fm.features, **fm.builtin_features}),
        fm.feature_options,
        list(fm.commands),
        types.TextDocumentSyncKind.Incremental,
    ).build()
    assert capabilities.definition_provider
    assert capabilities.references_provider
    assert capabilities.hover_provider
    assert capabilities.document_symbol_provider
    assert capabilities.workspace_symbol_provider
    assert capabilities.completion_provider is not None
    assert set(capabilities.completion_provider.trigger_characters or ()) >= {":", "[", ","}
    assert isinstance(capabilities.code_action_provider, types.CodeActionOptions)
    assert capabilities.code_action_provider.code_action_kinds == [types.CodeActionKind.QuickFix]
    assert isinstance(capabilities.rename_provider, types.RenameOptions)
    assert capabilities.rename_provider.prepare_provider


def position_of(server: CfgovServer, name: str, needle: str) -> tuple[str, types.Position]:
    snapshot = server.snapshot
    assert snapshot is not None
    file = next(f for f in snapshot.texts if Path(f).name == name)
    lines = snapshot.texts[file].splitlines()
    line = next(n for n, text in enumerate(lines) if needle in text)
    return uri_of(file), types.Position(line, lines[line].index(needle) + len(needle) - 2)


def test_handlers_answer_from_the_snapshot(server: CfgovServer) -> None:
    loaded(server)
    uri, position = position_of(server, "segments.yaml", "stakeholder: council-residents")
    document = types.TextDocumentIdentifier(uri=uri)
    found = handler(server, types.TEXT_DOCUMENT_DEFINITION)(
        types.DefinitionParams(text_document=document, position=position)
    )
    assert [Path(x.uri).name for x in found] == ["organisation.yaml"]
    shown = handler(server, types.TEXT_DOCUMENT_HOVER)(
        types.HoverParams(text_document=document, position=position)
    )
    assert "council-residents" in shown.contents.value
    used = handler(server, types.TEXT_DOCUMENT_REFERENCES)(
        types.ReferenceParams(
            text_document=document,
            position=position,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert len(used) >= 2
    symbols = handler(server, types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)(
        types.DocumentSymbolParams(text_document=document)
    )
    assert symbols
    found = handler(server, types.WORKSPACE_SYMBOL)(types.WorkspaceSymbolParams(query="residents"))
    assert any(s.name.startswith("council-residents") for s in found)


def test_rename_refused_says_why(server: CfgovServer) -> None:
    loaded(server)
    uri, position = position_of(server, "segments.yaml", "stakeholder: council-residents")
    with pytest.raises(JsonRpcException, match="already used") as refused:
        handler(server, types.TEXT_DOCUMENT_RENAME)(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=position,
                new_name="council",
            )
        )
    assert refused.value.code == types.LSPErrorCodes.RequestFailed


ODD = [
    ("untitled:Untitled-1", types.Position(0, 0)),  # not a file
    ("file:///nowhere/at/all.yaml", types.Position(0, 0)),  # not in the model
    (None, types.Position(100_000, 3)),  # past the end
    (None, types.Position(2, 100_000)),
]


@pytest.mark.parametrize(("uri", "position"), ODD)
def test_odd_requests_answer_nothing(
    server: CfgovServer, uri: str | None, position: types.Position
) -> None:
    for before_the_first_check in (True, False):
        if not before_the_first_check:
            loaded(server)
        target = uri or position_of(server, "segments.yaml", "id:")[0] if server.snapshot else uri
        document = types.TextDocumentIdentifier(uri=target or "file:///x.yaml")
        where = {"text_document": document, "position": position}
        assert (
            handler(server, types.TEXT_DOCUMENT_DEFINITION)(types.DefinitionParams(**where)) is None
        )
        assert handler(server, types.TEXT_DOCUMENT_HOVER)(types.HoverParams(**where)) is None
        assert not handler(server, types.TEXT_DOCUMENT_COMPLETION)(types.CompletionParams(**where))
        assert (
            handler(server, types.TEXT_DOCUMENT_PREPARE_RENAME)(types.PrepareRenameParams(**where))
            is None
        )
        assert (
            handler(server, types.TEXT_DOCUMENT_RENAME)(types.RenameParams(**where, new_name="x"))
            is None
        )
        assert not handler(server, types.TEXT_DOCUMENT_REFERENCES)(
            types.ReferenceParams(**where, context=types.ReferenceContext(include_declaration=True))
        )
        assert not handler(server, types.TEXT_DOCUMENT_CODE_ACTION)(
            types.CodeActionParams(
                text_document=document,
                range=types.Range(position, position),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
    if uri is not None:
        assert not handler(server, types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )


def test_a_feature_that_fails_answers_nothing(
    server: CfgovServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded(server)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(navigation, "definition", broken)
    monkeypatch.setattr(editing, "completion", broken)
    uri, position = position_of(server, "segments.yaml", "stakeholder: council-residents")
    where = {"text_document": types.TextDocumentIdentifier(uri=uri), "position": position}
    assert handler(server, types.TEXT_DOCUMENT_DEFINITION)(types.DefinitionParams(**where)) is None
    assert handler(server, types.TEXT_DOCUMENT_COMPLETION)(types.CompletionParams(**where)) is None
