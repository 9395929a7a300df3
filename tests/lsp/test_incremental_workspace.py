"""The editor's model after random edits is the model ``cfgov check`` reads, findings and all.

The workspace builds the model after an edit from the last one when it can
(:mod:`cfgov.model.delta`) and re-runs only the scoped rules' work the edit can
reach (:class:`cfgov.rules.Checker`). After each random edit of the YAML, these tests
load the same files afresh and check them whole, and compare: the model, every index
the model's queries read, the source map, and every finding, located.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

import cfgov
from cfgov.io.limits import DEFAULT_LIMITS
from cfgov.io.zipped import Zipped
from cfgov.lsp import workspace as workspace_module
from cfgov.lsp.workspace import Texts, Workspace
from cfgov.model import Model
from cfgov.testing.synthetic import synthetic_files

#: The memo caches of the index, which fill as queries are asked: not compared.
_CACHES = {
    "_ancestors",
    "_organisations",
    "_lineages",
    "_lineages_inherited",
    "_bodies",
    "problems",
    "_suggestions_left",
}


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _index(model: Model) -> dict[str, Any]:
    """The model's indexes, with empty entries left out, for comparison."""
    found: dict[str, Any] = {}
    for name, value in vars(model._index).items():
        if name in _CACHES:
            continue
        found[name] = (
            {k: v for k, v in value.items() if v or v == 0} if isinstance(value, dict) else value
        )
    return found


_VALUE = re.compile(r"^(\s+(?:- )?)(name|size|priority|parent|category|unit|cut|segments): (.*)$")


def _edit(text: str, rnd: random.Random, ids: dict[str, list[str]]) -> str:
    """The text with one random edit of the kind a person makes in the editor."""
    lines = text.split("\n")
    choices = [i for i, line in enumerate(lines) if _VALUE.match(line)]
    how = rnd.random()
    if how < 0.15 and len(lines) > 4:  # a line removed (may break the YAML: fine)
        del lines[rnd.randrange(len(lines))]
        return "\n".join(lines)
    if how < 0.25:  # a new segment at the end
        lines.append(
            f"  - {{id: new-{rnd.randrange(10**6)}, name: New, category: target, "
            f"unit: {rnd.choice(ids['unit'])}, parent: {rnd.choice(ids['segment'])}}}"
        )
        return "\n".join(lines)
    items = [i for i, line in enumerate(lines) if line.startswith("  - ")]
    if how < 0.35 and items:  # a whole entry removed (what names it may now name nothing)
        start = rnd.choice(items)
        end = start + 1
        while end < len(lines) and lines[end].startswith("    "):
            end += 1
        del lines[start:end]
        return "\n".join(lines)
    if not choices:
        return text
    i = rnd.choice(choices)
    match = _VALUE.match(lines[i])
    assert match is not None
    indent, key, _ = match.groups()
    value = {
        "name": f"Renamed {rnd.randrange(100)}",
        "size": str(rnd.choice([0, 10, 1000, 10**7])),
        "priority": str(rnd.choice([1, 2, 3])),
        "parent": rnd.choice(ids["segment"]),
        "category": rnd.choice(["target", "indirect"]),
        "unit": rnd.choice(ids["unit"]),
        "cut": rnd.choice(["age", "place", "need"]),
        "segments": f"[{rnd.choice(ids['segment'])}]",
    }[key]
    lines[i] = f"{indent}{key}: {value}"
    return "\n".join(lines)


def _edited_and_compared(workspace: Workspace, folder: Path, name: str, text: str) -> int:
    """Edit a file in the workspace and on disk, and compare the workspace with a fresh
    whole check of the disk; 1 when the model held together and was compared, else 0."""
    Path(name).write_text(text, encoding="utf-8")  # what `cfgov check` will read
    workspace.set_text(name, text)
    snapshot = workspace.update()
    try:
        model, sources = cfgov.load_with_sources(folder)
    except cfgov.LoadError as exc:
        problems = {p.code for p in exc.problems}
        assert not snapshot.current
        assert problems >= {p.code for p in snapshot.problems}
        return 0
    if not snapshot.current:
        return 0  # a file with problems of its own stood in by its last good version
    assert snapshot.model == model
    assert _index(snapshot.model) == _index(model)
    for segment in model.segments:  # the memoised queries too
        assert snapshot.model.lineage_of(segment.id) == model.lineage_of(segment.id)
        assert snapshot.model.same_as_of(segment.id) == model.same_as_of(segment.id)
    assert snapshot.sources is not None
    assert dict(snapshot.sources.items()) == dict(sources.items())
    assert snapshot.result is not None
    whole = cfgov.check(model, sources)
    assert list(snapshot.result.findings) == list(whole.findings)
    assert list(snapshot.result.suppressed) == list(whole.suppressed)
    return 1


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return synthetic_files(12, 120)


@pytest.mark.parametrize("seed", range(5))
def test_the_workspace_after_random_edits_equals_a_fresh_whole_check(
    tmp_path: Path, files: dict[str, str], seed: int
) -> None:
    _write(tmp_path, files)
    workspace = Workspace(tmp_path)
    workspace.load()
    rnd = random.Random(seed)
    names = sorted(n for n in workspace.files if n.endswith(".yaml"))
    first = workspace.snapshot.model
    assert first is not None
    ids = {
        "segment": [s.id for s in first.segments],
        "unit": [u.id for u in first.units],
    }
    compared = 0
    for _ in range(24):
        name = rnd.choice(names)
        was = Path(name).read_text(encoding="utf-8")
        compared += _edited_and_compared(workspace, tmp_path, name, _edit(was, rnd, ids))
        if not workspace.snapshot.current:  # put right, as people do
            compared += _edited_and_compared(workspace, tmp_path, name, was)
    assert compared >= 5  # the edits left the model whole often enough to compare


def test_a_field_edit_takes_the_quick_way_and_a_unit_edit_the_whole_way(
    tmp_path: Path, files: dict[str, str]
) -> None:
    _write(tmp_path, files)
    workspace = Workspace(tmp_path)
    workspace.load()
    name = next(n for n in workspace.files if "- id: s" in Path(n).read_text(encoding="utf-8"))
    text = Path(name).read_text(encoding="utf-8")
    start = text.index("- id: s")
    at = text.index("name: ", start)
    workspace.set_text(name, text[:at] + "name: Edited " + text[at + 6 :])
    before = workspace.snapshot.model
    snapshot = workspace.update()
    assert snapshot.current
    assert workspace._checker is not None
    assert workspace._checker.partial_runs > 0
    assert snapshot.model is not None
    assert before is not None
    # Built from the last model: the units are the very same objects.
    assert snapshot.model.units[0] is before.units[0]


def _whole_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the times the workspace puts the model together whole."""
    calls: list[str] = []
    whole = Workspace._assemble_whole

    def counted(self: Workspace, *args: Any) -> Any:
        calls.append("whole")
        return whole(self, *args)

    monkeypatch.setattr(Workspace, "_assemble_whole", counted)
    return calls


def test_an_entry_added_then_removed_takes_the_quick_way_both_times(
    tmp_path: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Removing an entry nothing else names (here, one just added) is built from the last
    model, and equals a fresh whole check."""
    _write(tmp_path, files)
    workspace = Workspace(tmp_path)
    workspace.load()
    model = workspace.snapshot.model
    assert model is not None
    name = next(n for n in workspace.files if n.endswith("org0/u0.yaml"))
    text = Path(name).read_text(encoding="utf-8")
    added = text.replace(
        "segments:\n",
        "segments:\n  - id: added\n    name: Added\n    category: target\n"
        f"    unit: {model.segments[0].unit}\n",
        1,
    )
    assert added != text
    whole = _whole_builds(monkeypatch)
    for edited in (added, text):
        assert _edited_and_compared(workspace, tmp_path, name, edited) == 1
    assert whole == []


def test_removing_an_entry_another_file_names_is_built_whole(
    tmp_path: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A segment with results, feedback or sub-segments in other files removed: the
    model is put together whole, which reports what now names nothing."""
    _write(tmp_path, files)
    workspace = Workspace(tmp_path)
    workspace.load()
    model = workspace.snapshot.model
    assert model is not None
    sources = workspace.snapshot.sources
    assert sources is not None
    segment = next(
        s
        for s in model.segments
        if model.feedback_for(s.id) or model.sub_segments_of(s.id) or model.objectives_for(s.id)
    )
    place = sources.locate(segment.id)
    assert place is not None
    assert place.file is not None
    lines = Path(place.file).read_text(encoding="utf-8").split("\n")
    start = place.line - 1
    end = start + 1
    while end < len(lines) and lines[end].startswith("    "):
        end += 1
    whole = _whole_builds(monkeypatch)
    assert (
        _edited_and_compared(
            workspace, tmp_path, place.file, "\n".join(lines[:start] + lines[end:])
        )
        == 0
    )
    assert whole == ["whole"]
    assert any(p.code == "CFG008" for p in workspace.snapshot.problems)


def test_nothing_changed_is_not_checked_again(
    tmp_path: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document saved or reopened with the text it had, or a file touched on disk: the
    last check stands, and the model is not put together again."""
    _write(tmp_path, files)
    workspace = Workspace(tmp_path)
    first = workspace.load()
    name = workspace.files[0]
    whole = _whole_builds(monkeypatch)
    workspace.set_text(name, Path(name).read_text(encoding="utf-8"))
    workspace.refresh([name])
    assert workspace.update() is first
    assert whole == []
    # Read again from disk (as after the settings change), it is put together again.
    assert workspace.load() is not first
    assert whole == ["whole"]


def test_a_snapshot_read_after_later_edits_gives_its_own_result(
    tmp_path: Path, files: dict[str, str]
) -> None:
    """A snapshot's whole result is put together when first asked for, after the checker
    has moved on: it is still the result of that snapshot's model."""
    _write(tmp_path, files)
    workspace = Workspace(tmp_path)
    workspace.load()
    name = next(n for n in workspace.files if "- id: s" in Path(n).read_text(encoding="utf-8"))
    text = Path(name).read_text(encoding="utf-8")
    at = text.index("name: ", text.index("- id: s"))
    workspace.set_text(name, text[:at] + "name: Edited " + text[at + 6 :])
    first = workspace.update()
    workspace.set_text(name, text[:at] + "name: Edited again " + text[at + 6 :])
    second = workspace.update()
    assert first.model is not None
    assert second.model is not None
    assert second.model != first.model
    for snapshot in (second, first):  # the older read last
        assert snapshot.model is not None
        whole = cfgov.check(snapshot.model, snapshot.sources)
        assert snapshot.result is not None
        assert list(snapshot.result.findings) == list(whole.findings)


def test_closed_files_are_kept_compressed_and_read_back_as_they_are(
    tmp_path: Path, files: dict[str, str]
) -> None:
    """A file the editor does not have open is kept compressed; its text reads back as
    written, an open one is kept as the editor gave it, and closing it compresses it
    again. An unchanged file keeps the same bytes object from one snapshot to the next
    (the server tells what to send again by it)."""
    _write(tmp_path, files)
    workspace = Workspace(tmp_path)
    first = workspace.load()
    name = next(n for n in workspace.files if "- id: s" in Path(n).read_text(encoding="utf-8"))
    other = next(n for n in workspace.files if n != name)
    assert isinstance(first.texts, Texts)
    for file in workspace.files:
        assert isinstance(first.texts.sources[file], Zipped)
        assert first.texts[file] == Path(file).read_text(encoding="utf-8")
    text = Path(name).read_text(encoding="utf-8")
    edited = text.replace("name: ", "name: Edited ", 1)
    workspace.set_text(name, edited)
    second = workspace.update()
    assert isinstance(second.texts, Texts)
    assert second.texts.sources[name] == edited.encode("utf-8")
    assert not isinstance(second.texts.sources[name], Zipped)
    assert second.texts[name] == edited
    assert second.texts.sources[other] is first.texts.sources[other]
    # Closed with the text on disk: the file is what the disk holds, compressed again.
    workspace.drop_text(name)
    third = workspace.update()
    assert isinstance(third.texts, Texts)
    assert isinstance(third.texts.sources[name], Zipped)
    assert third.texts[name] == text
    assert [f.code for f in third.findings_in(name)] == [f.code for f in first.findings_in(name)]


def test_compressed_bytes_are_equal_only_to_the_same_bytes() -> None:
    data = b"segments: []\n" * 50
    assert Zipped(data) == data
    assert Zipped(data) == Zipped(data)
    assert Zipped(data) != data + b"\n"
    assert Zipped(data) != Zipped(data[:-1])
    assert Zipped(data).raw() == data


def test_worker_processes_read_and_build_the_files_as_one_process_does(
    tmp_path: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With many bytes to read, the first load reads and builds the files in worker
    processes, which hand the bytes back compressed: the model, its source map, the
    findings and the texts are what one process gives, an open document is built from
    its text, and a file too large to read is shown as too large either way."""
    _write(tmp_path, files)
    largest = max(len(text.encode("utf-8")) for text in files.values())
    (tmp_path / "too-large.yaml").write_text("segments: []\n" + "#" * largest, encoding="utf-8")
    limits = attrs.evolve(DEFAULT_LIMITS, max_file_bytes=largest + 1)
    name = str(tmp_path / next(n for n, text in files.items() if "- id: s" in text))
    opened = Path(name).read_text(encoding="utf-8").replace("name: ", "name: Opened ", 1)
    monkeypatch.setattr(workspace_module, "PARALLEL_BYTES", 0)
    snapshots = []
    for workers in (1, 2):
        workspace = Workspace(tmp_path, limits=limits, workers=workers)
        workspace.set_text(name, opened)
        snapshots.append(workspace.load())
    alone, parallel = snapshots
    assert parallel.model is not None
    assert alone.model is not None
    assert parallel.model == alone.model
    assert _index(parallel.model) == _index(alone.model)
    assert parallel.sources is not None
    assert alone.sources is not None
    assert dict(parallel.sources.items()) == dict(alone.sources.items())
    assert parallel.diagnostics == alone.diagnostics
    too_large = str(tmp_path / "too-large.yaml")
    assert [f.code for f in parallel.findings_in(too_large)] == ["CFG014"]
    assert dict(parallel.texts) == dict(alone.texts)
    assert parallel.texts[name] == opened
    assert isinstance(parallel.texts, Texts)
    assert not isinstance(parallel.texts.sources[name], Zipped)  # open: kept as given
    assert all(
        isinstance(data, Zipped) for file, data in parallel.texts.sources.items() if file != name
    )
