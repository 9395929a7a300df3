"""cfgov lsp does not stop on bad input, answers before the model has loaded, and
writes nothing; a check that raises is logged and the next change starts again."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound
from pygls.workspace import Workspace as Documents
from tests.lsp.conftest import RANKED, SEGMENTS, Client, snapshot_of

from cfgov.lsp.server import create_server
from cfgov.lsp.workspace import Workspace

pytestmark = pytest.mark.asyncio


def codes(diagnostics: object) -> set[str]:
    assert isinstance(diagnostics, (list, tuple))
    return {
        d["code"] if isinstance(d, dict) else getattr(d, "finding", d).code for d in diagnostics
    }


#: The small model's segments with a reference to a segment that does not exist (CFG008).
BROKEN = SEGMENTS.replace("    parent: pensioners\n", "    parent: pensionerz\n", 1)

#: A document of its own, read well or not by turns.
WELL = "segments:\n  - {id: probe, name: Probe, category: indirect, unit: dwp, priority: 2}\n"
BADLY = "segments:\n  - {id: probe, name: [\n"


def own_problems(diagnostics: object) -> bool:
    return any(code.startswith("CFG0") for code in codes(diagnostics))


class Probe:
    """Breaks a document and mends it, by turns: each edit must be checked and
    published, whatever else is wrong with the model at the time."""

    def __init__(self, client: Client, path: Path) -> None:
        self.client, self.path, self.version, self.broken = client, path, 1, False
        client.open(path, WELL)

    async def __call__(self) -> None:
        self.version += 1
        self.broken = not self.broken
        mark = self.client.mark()
        self.client.change(self.path, BADLY if self.broken else WELL, self.version)
        want = self.broken
        await self.client.publish_for(
            self.path, since=mark, until=lambda found: own_problems(found) == want
        )


async def test_bad_input_never_stops_the_server(
    client: Client, small: Path, tmp_path: Path
) -> None:
    segments = small / "segments.yaml"
    await client.start(small)
    await client.publish_for(segments, until=bool)
    probe = Probe(client, small / "probe.yaml")
    await probe()
    await probe()
    disk = snapshot_of(small)

    # Binary junk in an open document, not saved.
    junk = small / "junk.yaml"
    mark = client.mark()
    client.open(junk, bytes(range(256)).decode("latin-1") * 4)
    found = await client.publish_for(junk, since=mark, until=bool)
    assert all(d.code.startswith("CFG0") for d in found)
    await probe()

    # A line of two million characters.
    huge = small / "huge.yaml"
    mark = client.mark()
    client.open(huge, "segments:\n  - id: " + "x" * 2_000_000 + "\n")
    await client.publish_for(huge, since=mark, until=bool)
    await probe()

    # A file on disk that is not UTF-8.
    latin = small / "latin.yaml"
    latin.write_bytes(b"segments:\n  - id: caf\xe9\n    name: Caf\xe9 owners\n")
    disk = snapshot_of(small)
    mark = client.mark()
    client.disk_changed((latin, types.FileChangeType.Created))
    found = await client.publish_for(latin, since=mark, until=bool)
    assert "UTF-8" in found[0].message
    await probe()

    # A document outside the model's folder, and one that is no file at all.
    outside = tmp_path / "outside.yaml"
    client.open(outside, "segments: [{id: nope, parent: nothing}]\n")
    client.change(outside, "segments: [\n")
    untitled = "untitled:Untitled-1"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=untitled, language_id="yaml", version=1, text="segments: [\n"
            )
        )
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=untitled, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="\x00\xff")],
        )
    )
    client.disk_changed(
        (outside, types.FileChangeType.Changed),
        (tmp_path / "gone" / "nothing.yaml", types.FileChangeType.Deleted),
    )
    client.change(small / "never-opened.yaml", "segments: []\n", 7)  # a client's slip
    await probe()
    assert outside.as_uri() not in client.diagnostics
    assert untitled not in client.diagnostics

    # Closed without saving: the documents leave the model, and their diagnostics go.
    mark = client.mark()
    client.close(junk)
    client.close(huge)
    await client.cleared(junk, since=mark)
    await client.cleared(huge, since=mark)
    await probe()
    await probe()

    # The file that is not UTF-8 goes too; the whole model is checked again.
    latin.unlink()
    disk = snapshot_of(small)
    mark = client.mark()
    client.disk_changed((latin, types.FileChangeType.Deleted))
    await client.cleared(latin, since=mark)
    client.open(segments)
    for version, text, broken in ((2, BROKEN, True), (3, SEGMENTS, False)):
        mark = client.mark()
        client.change(segments, text, version)
        await client.publish_for(
            segments, since=mark, until=lambda found, b=broken: ("CFG008" in codes(found)) == b
        )

    assert snapshot_of(small) == disk  # the server wrote nothing
    assert [m.message for m in client.messages] == []  # nor put up a message
    slips = [m for m in client.log_messages if "never-opened.yaml" in m.message]
    assert [m.type for m in slips] == [types.MessageType.Error]  # the slip is logged
    assert not outside.exists()


async def test_requests_before_the_model_has_loaded_are_answered(
    client: Client, council: Path
) -> None:
    """The editor may ask at once; the server answers (here, or from the features'
    own answers) and checks what was opened before it had loaded anything."""
    capabilities = types.ClientCapabilities()
    client.capabilities = capabilities  # as initialize_session records it
    await client.initialize_async(
        types.InitializeParams(capabilities=capabilities, root_uri=council.as_uri())
    )
    segments, organisation = council / "segments.yaml", council / "organisation.yaml"
    text = segments.read_text(encoding="utf-8")
    client.open(segments, text.replace("id: council-children-broad", "id: council-kids"))
    document = types.TextDocumentIdentifier(uri=segments.as_uri())
    where = types.Position(line=11, character=10)
    requests = [
        client.text_document_hover_async(types.HoverParams(text_document=document, position=where)),
        client.text_document_definition_async(
            types.DefinitionParams(text_document=document, position=where)
        ),
        client.text_document_references_async(
            types.ReferenceParams(
                text_document=document,
                position=where,
                context=types.ReferenceContext(include_declaration=True),
            )
        ),
        client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=document)
        ),
        client.text_document_completion_async(
            types.CompletionParams(text_document=document, position=where)
        ),
        client.workspace_symbol_async(types.WorkspaceSymbolParams(query="council")),
    ]
    answers = await asyncio.wait_for(asyncio.gather(*requests, return_exceptions=True), timeout=20)
    for answer in answers:
        # Answered: a result, or "no such method" while a feature is not there.
        assert not isinstance(answer, BaseException) or isinstance(answer, JsonRpcMethodNotFound), (
            answer
        )

    client.initialized(types.InitializedParams())
    found = await client.publish_for(organisation, until=bool)
    assert codes(found) == {"CFG008"}  # the unsaved text was what loaded


async def test_a_check_that_raises_is_logged_and_the_next_change_starts_again(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = create_server(str(small))
    server.protocol._workspace = Documents(small.as_uri())  # what initialize makes
    logged: list[types.LogMessageParams] = []
    sent: list[tuple[str, list[dict[str, Any]]]] = []
    monkeypatch.setattr(server, "window_log_message", logged.append)
    monkeypatch.setattr(server, "_publish", lambda *sending: sent.append(sending))
    segments = small / "segments.yaml"

    async def settled() -> None:
        server._schedule()
        assert server._checking is not None
        await server._checking

    try:
        await settled()
        assert "CFG106" in codes(next(found for uri, found in sent if uri == segments.as_uri()))

        def broken(self: Workspace) -> None:
            raise RuntimeError("a rule tripped over")

        monkeypatch.setattr(Workspace, "update", broken)
        server.workspace.put_text_document(
            types.TextDocumentItem(
                uri=segments.as_uri(), language_id="yaml", version=1, text=RANKED
            )
        )
        server.text_changed(segments.as_uri(), RANKED)
        await settled()
        assert logged[-1].type == types.MessageType.Error
        assert "a rule tripped over" in logged[-1].message

        monkeypatch.undo()
        monkeypatch.setattr(server, "window_log_message", logged.append)
        monkeypatch.setattr(server, "_publish", lambda *sending: sent.append(sending))
        sent.clear()
        server.disk_changed([(small / "organisation.yaml").as_uri()])
        await settled()
        # Read again from the files and the open documents: the unsaved edit counts.
        published = {uri: codes(found) for uri, found in sent}
        assert "CFG106" not in published[segments.as_uri()]
        assert "CFG101" in published[segments.as_uri()]
    finally:
        server._executor.shutdown()
