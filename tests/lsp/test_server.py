"""cfgov lsp driven over stdio by a real LSP client, as an editor drives it.

Each test starts ``python -m cfgov lsp`` on its own copy of a model, and waits
for the publishes it expects (for one file, with a timeout), never for a fixed
time.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from lsprotocol import types
from tests.lsp.conftest import RANKED, SEGMENTS, Client

import cfgov

pytestmark = pytest.mark.asyncio

#: cfgov's severities as the protocol numbers them (1 error, 2 warning, 3 information).
PROTOCOL_SEVERITY = {"error": 1, "warning": 2, "info": 3}

Shown = frozenset[tuple[int, int, str, str, int]]


def utf16(text: str) -> int:
    """How many UTF-16 code units ``text`` takes: the protocol's way of counting columns."""
    return len(text.encode("utf-16-le")) // 2


def expected(folder: Path) -> dict[str, Shown]:
    """What ``cfgov check`` finds in ``folder``, as (line, column, code, message,
    severity) for each file by name, with the protocol's counting."""
    model, sources = cfgov.load_with_sources(folder)
    result = cfgov.check(model, sources, cfgov.config_for(folder))
    shown: dict[str, set[tuple[int, int, str, str, int]]] = {}
    for finding in result.findings:
        location = finding.location
        assert location is not None
        assert location.line is not None
        assert location.column is not None
        path = Path(location.file)
        line = path.read_text(encoding="utf-8").split("\n")[location.line - 1]
        message = f"{finding.message}\n{finding.hint}" if finding.hint else finding.message
        shown.setdefault(path.name, set()).add(
            (
                location.line - 1,
                utf16(line[: location.column - 1]),
                finding.code,
                message,
                PROTOCOL_SEVERITY[finding.severity.value],
            )
        )
    return {name: frozenset(found) for name, found in shown.items()}


def seen(diagnostics: object) -> Shown:
    assert isinstance(diagnostics, (list, tuple))
    return frozenset(
        (d.range.start.line, d.range.start.character, d.code, d.message, d.severity)
        for d in diagnostics
    )


def codes(diagnostics: object) -> set[str]:
    assert isinstance(diagnostics, (list, tuple))
    return {d.code for d in diagnostics}


async def test_a_renamed_id_breaks_a_reference_in_another_file_until_fixed(
    client: Client, council: Path
) -> None:
    await client.start(council)
    segments, organisation = council / "segments.yaml", council / "organisation.yaml"
    text = segments.read_text(encoding="utf-8")
    client.open(segments)
    mark = client.mark()
    client.change(segments, text.replace("id: council-children-broad", "id: council-kids"))

    found = await client.publish_for(organisation, since=mark, until=bool)
    assert codes(found) == {"CFG008"}
    (broken,) = found
    advises = organisation.read_text(encoding="utf-8").split("\n")
    assert "council-children-broad" in advises[broken.range.start.line]
    assert "'council-children-broad'" in broken.message
    assert "Did you mean" in broken.message  # the hint, below the message
    assert broken.severity == types.DiagnosticSeverity.Error

    mark = client.mark()
    client.change(segments, text, version=3)
    await client.cleared(organisation, since=mark)
    assert text == segments.read_text(encoding="utf-8")  # nothing saved


async def test_rule_findings_are_those_of_cfgov_check_with_its_settings(
    client: Client, small: Path, tmp_path: Path
) -> None:
    (small / "cfgov.toml").write_text(
        'ignore = ["CFG116"]\n\n[severity]\nCFG104 = "error"\n', encoding="utf-8"
    )
    want = expected(small)
    everything = {f.code for f in cfgov.check(*cfgov.load_with_sources(small)).findings}
    assert "CFG116" in everything  # the settings file is what leaves it out
    assert {code for found in want.values() for (_, _, code, _, _) in found} >= {
        "CFG101",
        "CFG104",
        "CFG106",
        "CFG124",
    }
    assert not any(
        code in {"CFG116", "CFG111"} and line == 15
        for found in want.values()
        for (line, _, code, _, _) in found
    )
    assert all(
        severity == 1
        for found in want.values()
        for (_, _, code, _, severity) in found
        if code == "CFG104"
    )

    await client.start(small)
    for name in ("segments.yaml", "organisation.yaml"):
        found = await client.publish_for(small / name, until=bool)
        assert seen(found) == want[name]
        assert {d.source for d in found} == {"cfgov"}

    # An edit not saved: hauliers gets a priority, savers loses its `ignore:`.
    edited = RANKED
    edited = edited.replace('    ignore:\n      CFG111: "Objectives are set next year."\n', "")
    on_disk = tmp_path / "on-disk"
    shutil.copytree(small, on_disk)
    (on_disk / "segments.yaml").write_text(edited, encoding="utf-8")
    want = expected(on_disk)
    assert want != expected(small)

    segments = small / "segments.yaml"
    client.open(segments)
    mark = client.mark()
    client.change(segments, edited)
    found = await client.publish_for(
        segments, since=mark, until=lambda found: seen(found) == want["segments.yaml"]
    )
    assert "CFG111" in codes(found)
    assert segments.read_text(encoding="utf-8") == SEGMENTS


async def test_a_column_after_an_emoji_is_counted_in_utf16_whatever_the_client_offers(
    client: Client, small: Path
) -> None:
    line = (
        '  - {id: kids, name: "Kids 🧒🧒 at play", category: target, unit: dwp-ps, '
        "parent: pensionrs}"
    )
    segments = small / "segments.yaml"
    segments.write_text(SEGMENTS + line + "\n", encoding="utf-8")
    with pytest.raises(cfgov.LoadError) as stopped:
        cfgov.load_with_sources(small)
    (problem,) = stopped.value.problems
    assert problem.location is not None
    assert problem.location.column is not None
    column = utf16(line[: problem.location.column - 1])
    assert column != problem.location.column - 1  # the emoji take two units each

    neovim = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=[
                types.PositionEncodingKind.Utf8,
                types.PositionEncodingKind.Utf16,
                types.PositionEncodingKind.Utf32,
            ]
        )
    )
    result = await client.start(small, capabilities=neovim)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf16

    found = await client.publish_for(segments, until=lambda found: "CFG008" in codes(found))
    (broken,) = [d for d in found if d.code == "CFG008"]
    assert broken.range.start == types.Position(line=SEGMENTS.count("\n"), character=column)
    assert broken.range.end.character == utf16(line.rstrip("}"))


async def test_an_unsaved_file_is_part_of_the_model_until_closed(
    client: Client, council: Path
) -> None:
    await client.start(council)
    organisation, new = council / "organisation.yaml", council / "services" / "new.yaml"
    text = organisation.read_text(encoding="utf-8")
    client.open(organisation)
    mark = client.mark()
    client.change(organisation, text.replace("council-children-play]", "council-play-new]"))
    found = await client.publish_for(organisation, since=mark, until=bool)
    assert codes(found) == {"CFG008"}
    assert "'council-play-new'" in found[0].message

    mark = client.mark()
    client.open(
        new,
        "segments:\n"
        "  - id: council-play-new\n"
        "    name: Children at the new adventure playground\n"
        "    category: target\n"
        "    unit: council-parks\n"
        "    parent: council-children-broad\n"
        "    need: Somewhere to climb and build.\n"
        "    priority: 1\n",
    )
    await client.publish_for(organisation, since=mark, until=lambda f: "CFG008" not in codes(f))
    assert not new.exists()

    mark = client.mark()
    client.close(new)  # never saved: it leaves the model
    await client.publish_for(organisation, since=mark, until=lambda f: "CFG008" in codes(f))
    assert not new.parent.exists()


async def test_files_changed_on_disk_while_closed_are_read_again(
    client: Client, small: Path
) -> None:
    segments, organisation = small / "segments.yaml", small / "organisation.yaml"
    capabilities = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            )
        )
    )
    await client.start(small, capabilities=capabilities)
    first = await client.publish_for(segments, until=bool)
    assert "CFG106" in codes(first)

    # The server asked the editor to watch the model's files and its settings.
    assert [r.method for r in client.registrations] == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    options = client.registrations[0].register_options
    assert isinstance(options, dict)
    globs = {watcher["globPattern"] for watcher in options["watchers"]}
    assert {"**/*.{yaml,yml,csv,xlsx}", "**/cfgov.toml"} <= globs

    # A branch switch: every segment now has a priority, and a new file arrives.
    segments.write_text(
        RANKED,
        encoding="utf-8",
    )
    extra = small / "more" / "extra.yaml"
    extra.parent.mkdir()
    extra.write_text(
        "segments:\n  - {id: movers, name: People moving abroad, category: indirect, unit: dwp}\n",
        encoding="utf-8",
    )
    mark = client.mark()
    client.disk_changed(
        (segments, types.FileChangeType.Changed), (extra, types.FileChangeType.Created)
    )
    found = await client.publish_for(segments, since=mark, until=lambda f: "CFG106" not in codes(f))
    assert "CFG101" in codes(found)
    moved = await client.publish_for(extra, since=mark, until=bool)
    assert "CFG106" in codes(moved)

    # The new file's folder is deleted (an editor may name only the folder).
    shutil.rmtree(extra.parent)
    mark = client.mark()
    client.disk_changed((extra.parent, types.FileChangeType.Deleted))
    await client.cleared(extra, since=mark)

    # The settings change: a rule left out, everywhere at once.
    every = ["CFG101", "CFG104", "CFG106", "CFG111", "CFG113", "CFG116", "CFG123", "CFG124"]
    (small / "cfgov.toml").write_text(f"ignore = {every!r}\n".replace("'", '"'), encoding="utf-8")
    mark = client.mark()
    client.disk_changed((small / "cfgov.toml", types.FileChangeType.Created))
    await client.cleared(segments, since=mark)
    await client.cleared(organisation, since=mark)

    # Saved from the editor, the settings apply at once too.
    settings = small / "cfgov.toml"
    client.open(settings, 'ignore = ["CFG124"]\n')
    settings.write_text('ignore = ["CFG124"]\n', encoding="utf-8")
    mark = client.mark()
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=settings.as_uri())
        )
    )
    found = await client.publish_for(segments, since=mark, until=bool)
    assert "CFG101" in codes(found)
    found = await client.publish_for(organisation, since=mark, until=bool)
    assert codes(found) == {"CFG113"}


async def test_a_file_that_does_not_parse_keeps_the_rest_of_the_model_checked(
    client: Client, small: Path
) -> None:
    segments, organisation = small / "segments.yaml", small / "organisation.yaml"
    await client.start(small)
    before = await client.publish_for(organisation, until=bool)
    assert "CFG113" in codes(before)

    client.open(organisation)
    mark = client.mark()
    half_typed = ORGANISATION_HALF_TYPED
    client.change(organisation, half_typed)
    found = await client.publish_for(
        organisation, since=mark, until=lambda f: any(d.code.startswith("CFG0") for d in f)
    )
    assert found[0].severity == types.DiagnosticSeverity.Error
    assert found[0].range.start.line == half_typed.count("\n") - 1

    # The other file is still checked against the last organisation that read well.
    client.open(segments)
    mark = client.mark()
    client.change(
        segments,
        RANKED,
    )
    after = await client.publish_for(segments, since=mark, until=lambda f: "CFG106" not in codes(f))
    assert {"CFG101", "CFG104", "CFG111"} <= codes(after)
    shown = client.diagnostics[organisation.as_uri()]
    assert shown == found  # still the problem of its own text, nothing else


ORGANISATION_HALF_TYPED = """\
organisations:
  - {id: dwp, name: Department for Work and Pensions, kind: ministerial_department}
units:
  - {id: dwp-ps, name: The Pension Service, kind: service, parents: [dwp]}
aims:
  - {id: aim-pensions, unit: dwp, statement: Security in retirement}
  - {id: aim-new, unit: dwp, statement: "Half a
"""


async def test_the_model_option_names_a_folder_inside_the_workspace(
    client: Client, small: Path
) -> None:
    other = small.parent / "other"
    other.mkdir()
    await client.start(small.parent, options={"model": "small"}, folders=[small.parent, other])
    found = await client.publish_for(small / "segments.yaml", until=bool)
    assert "CFG106" in codes(found)
    logged = "\n".join(m.message for m in client.log_messages)
    assert str(other) in logged  # a second workspace folder is named, and left alone


async def test_a_new_file_that_does_not_parse_yet_keeps_the_rest_of_the_model_checked(
    client: Client, small: Path
) -> None:
    segments = small / "segments.yaml"
    await client.start(small)
    await client.publish_for(segments, until=lambda f: "CFG106" in codes(f))
    new = small / "new.yaml"
    mark = client.mark()
    client.open(new, "segments:\n  - {id: half, name: [\n")
    await client.publish_for(new, since=mark, until=bool)

    client.open(segments)
    mark = client.mark()
    client.change(
        segments,
        RANKED,
    )
    found = await client.publish_for(
        segments, since=mark, until=lambda f: "CFG106" not in codes(f), timeout=3
    )
    assert {"CFG101", "CFG104"} <= codes(found)


async def test_a_model_folder_that_is_not_there_is_said_once_not_published(
    client: Client, tmp_path: Path
) -> None:
    await client.start(tmp_path, options={"model": "no-such-folder"})
    missing = tmp_path / "no-such-folder"
    await client.until(lambda: bool(client.messages))
    (shown,) = client.messages
    assert str(missing) in shown.message
    assert "CFG017" in shown.message
    # A document opened there later is checked on its own terms, and the folder's
    # problem is not shown again, nor published on the folder.
    new = missing / "segments.yaml"
    client.open(new, "segments:\n  - {id: x, name: X, category: target, unit: nowhere}\n")
    found = await client.publish_for(new, until=bool)
    assert "CFG008" in codes(found)
    assert missing.as_uri() not in client.diagnostics
    assert len(client.messages) == 1


async def test_definition_across_files_and_a_rename_in_every_file_over_stdio(
    client: Client, council: Path
) -> None:
    await client.start(council)
    segments, organisation = council / "segments.yaml", council / "organisation.yaml"
    client.open(organisation)
    lines = organisation.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines) if "advises_on: [council-children-broad" in text)
    column = lines[line].index("council-children-broad") + 3

    asked = types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=organisation.as_uri()),
        position=types.Position(line=line, character=column),
    )
    found = None
    for _ in range(150):  # the model loads after `initialized`: ask until it has
        found = await client.text_document_definition_async(asked)
        if found:
            break
        await asyncio.sleep(0.1)
    assert found is not None
    (where,) = found if isinstance(found, list) else [found]
    assert isinstance(where, types.Location)
    assert where.uri == segments.as_uri()  # defined in the other file
    defined = segments.read_text(encoding="utf-8").split("\n")[where.range.start.line]
    assert "id: council-children-broad" in defined

    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=organisation.as_uri()),
            position=types.Position(line=line, character=column),
            new_name="council-children-all",
        )
    )
    assert edit is not None
    changes = edit.changes or {}
    if not changes and edit.document_changes:
        changes = {
            c.text_document.uri: list(c.edits)
            for c in edit.document_changes
            if isinstance(c, types.TextDocumentEdit)
        }
    assert set(changes) == {segments.as_uri(), organisation.as_uri()}
    before = segments.read_text(encoding="utf-8")
    renamed = _applied(before, changes[segments.as_uri()])
    assert "council-children-broad" not in renamed
    assert renamed.count("council-children-all") == before.count("council-children-broad")
    assert before == segments.read_text(encoding="utf-8")  # the editor applies edits, not cfgov


def _applied(text: str, edits: list[types.TextEdit]) -> str:
    """The text with the edits applied (each within one line, as a rename's are)."""
    lines = text.split("\n")
    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        start, end = edit.range.start, edit.range.end
        assert start.line == end.line
        row = lines[start.line]
        lines[start.line] = row[: start.character] + edit.new_text + row[end.character :]
    return "\n".join(lines)
