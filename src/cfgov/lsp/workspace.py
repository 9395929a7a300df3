"""The model an editor is working on: every file of it, kept in memory and re-checked on edits.

A :class:`Workspace` holds each model file of one folder as the editor last gave it
(an open document, perhaps not saved) or as it is on disk, together with what
reading it gave (a :class:`~cfgov.io.cache.FilePart`). After an edit only the
edited file is read again; the model is then put together from the parts and
checked as ``cfgov check`` checks it, with the same settings (``cfgov.toml``),
rules, suppressions, codes, messages and severities.

Two things differ from the command, both so that one half-typed file does not
blank the editor:

* a file whose own text has problems (it does not parse yet, a field is misspelt,
  it is not UTF-8) shows those problems, while the rest of the model is checked with
  the last version of that file that had none, or without the file when it never
  had one;
* when the model as a whole does not hold together (an id that names nothing,
  one id used twice), its problems are shown, and the findings of the last
  check that ran stay on the files that have not changed since.

Nothing here talks the Language Server Protocol: :mod:`cfgov.lsp.server` does.
The workspace reads files only inside its folder, and writes none.
"""

from __future__ import annotations

import bisect
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import attrs

from cfgov.io.build import Collected
from cfgov.io.cache import FilePart
from cfgov.io.config import CONFIG_FILE, ConfigError, Settings, find_config, read_settings
from cfgov.io.errors import LoadError
from cfgov.io.limits import DEFAULT_LIMITS, Limits
from cfgov.io.loader import (
    Source,
    _build_in_processes,
    _merge,
    assemble,
    default_parser,
    discover,
    excluded,
    is_model_name,
    read_and_build,
    read_bytes,
    source_size,
)
from cfgov.io.parser import Parser
from cfgov.io.zipped import Zipped, raw_bytes
from cfgov.model import Finding, Model, SourceMap
from cfgov.model.delta import replaced
from cfgov.model.sources import Placed, Spots, from_layers, layers, pack_position
from cfgov.rules import CheckResult, OptionError, Rule, all_rules
from cfgov.rules.config import Config
from cfgov.rules.engine import Checker

#: How worker processes start: a fork of a process with threads can hang.
_START = "spawn" if os.name == "nt" else "forkserver"


def warm_workers() -> None:
    """Start, in the background, the process that the workspace's worker processes are
    started from (on POSIX systems; nothing elsewhere), so that the first load does not
    wait for it: starting it costs about half a second, which the editor's server can
    spend meanwhile on starting itself."""
    if _START != "forkserver":
        return
    from multiprocessing import forkserver

    _preload()
    threading.Thread(target=forkserver.ensure_running, daemon=True).start()


def _preload() -> None:
    """Have the process workers start from import the reader before it starts them, so
    that each worker begins at once, as a forked one does, instead of importing cfgov
    first (a quarter of a second each). Only what a server started later reads."""
    if _START == "forkserver":
        import multiprocessing

        multiprocessing.get_context(_START).set_forkserver_preload(["cfgov.io.loader"])


#: Below this many bytes to read at first, worker processes cost more than they save.
PARALLEL_BYTES = 1_000_000


@attrs.frozen
class Snapshot:
    """The workspace after a check: what the editor shows and what its queries read.

    ``model`` and ``sources`` are those of the last model that held together (None
    before one has); ``current`` says whether that model is the files as they are
    now. ``diagnostics`` holds, for every file that has any, its findings and
    problems, located; ``texts`` the text of every model file that is text.
    """

    model: Model | None
    sources: SourceMap | None
    #: The check's whole result, or what puts it together when first asked for.
    _result: CheckResult | Callable[[], CheckResult] | None
    problems: tuple[Finding, ...]
    diagnostics: Mapping[str, tuple[Finding, ...]]
    texts: Mapping[str, str]
    current: bool

    @property
    def result(self) -> CheckResult | None:
        """The check's result, as :func:`cfgov.check` gives it (None before a model held
        together); the editor reads findings file by file, so it is put together only
        when asked for."""
        found = self._result
        if callable(found):
            found = found()
            object.__setattr__(self, "_result", found)
        return found

    def findings_in(self, file: str) -> tuple[Finding, ...]:
        """The findings and problems located in ``file`` (none when it has none)."""
        return self.diagnostics.get(file, ())


class Texts(Mapping[str, str]):
    """The text of each text file of a snapshot, decoded when asked for.

    A model of 100,000 segments is 170 MB of YAML: kept once as the bytes read
    (compressed for the files the editor does not have open), not again as text. The
    few texts asked for lately are kept decoded.
    """

    def __init__(self, data: dict[str, bytes | Zipped]) -> None:
        self._data = data
        self._decoded: dict[str, str] = {}
        self._lock = threading.Lock()  # the editor's questions and checks ask at once

    def __getitem__(self, name: str) -> str:
        with self._lock:
            text = self._decoded.get(name)
            if text is None:
                text = raw_bytes(self._data[name]).decode("utf-8", "replace")
                if len(self._decoded) >= 64:
                    self._decoded.pop(next(iter(self._decoded)))
                self._decoded[name] = text
            return text

    @property
    def sources(self) -> Mapping[str, bytes | Zipped]:
        """The bytes each text is decoded from, by name: for each file, the same object
        from one snapshot to the next while the file is unchanged, so a cheap sign that
        it is."""
        return self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, name: object) -> bool:
        return name in self._data


@attrs.define
class _File:
    """One model file: its bytes as they are now, whether the editor has it open, and
    what reading it gave (now, and the last time it gave no problems of its own)."""

    #: A path: not read yet (the first load reads files in its worker processes).
    data: bytes | Zipped | Finding | Path
    open: bool = False
    part: FilePart | None = None
    clean: FilePart | None = None
    clean_data: bytes | Zipped | None = None

    def settle(self, name: str) -> None:
        """Compress the bytes of a file the editor does not have open (a workbook is
        compressed already), and of its last clean version."""
        if self.open or name.lower().endswith(".xlsx"):
            return
        if isinstance(self.data, bytes):
            same = self.clean_data is self.data
            self.data = Zipped(self.data)
            if same:
                self.clean_data = self.data
        if isinstance(self.clean_data, bytes):
            self.clean_data = Zipped(self.clean_data)


class Workspace:
    """The model of one folder, as an editor sees it; see the module's description.

    ``folder`` is read as ``cfgov check folder`` reads it: every model file below
    it, less those its ``cfgov.toml`` excludes, with that file's rule settings.
    Files are named by their absolute paths. Call :meth:`load` once, then
    :meth:`set_text`, :meth:`drop_text` and :meth:`refresh` as the editor and
    the disk change, and :meth:`update` to re-check; :attr:`snapshot` is the
    last result.
    """

    def __init__(
        self,
        folder: str | os.PathLike[str],
        *,
        rules: Iterable[Rule] | None = None,
        limits: Limits = DEFAULT_LIMITS,
        parser: Parser | None = None,
        workers: int = 1,
    ) -> None:
        self.folder = Path(os.path.abspath(folder))
        self.rules = tuple(rules) if rules is not None else all_rules()
        self.limits = limits
        self.parser = parser or default_parser()
        self.workers = workers
        self.settings = Settings()
        self._config_file: Path | None = None
        self._config_problems: tuple[Finding, ...] = ()
        self._discovery_problems: tuple[Finding, ...] = ()
        self._files: dict[str, _File] = {}
        self._dirty: set[str] = set()
        #: Everything was read again (:meth:`load`): the next update puts it together.
        self._reread = False
        self._last_good: Snapshot | None = None
        self._good_data: dict[str, bytes | Zipped | Finding | Path] = {}
        self._checker: Checker | None = None
        #: The bytes of each text file, decoded when asked for (see :class:`Texts`).
        self._texts: dict[str, bytes | Zipped] = {}
        #: The part of each file the model was put together from, and the file's number.
        self._used: dict[str, FilePart] = {}
        self._good_used: dict[str, FilePart] = {}
        self._numbers: dict[str, int] = {}
        self._names_by_number: dict[int, str] = {}
        #: The file numbers in order, and how many entries of each kind each file has.
        self._order: list[int] = []
        self._counts: dict[str, list[int]] = {}
        self._file_of: dict[str, int] = {}
        #: The file placing each key, or the files in order when several do (rare).
        self._key_files: dict[str, int | tuple[int, ...]] = {}
        self._positions = _Overlay({}, {})
        self._position_files: list[str] = []
        self._ascii = True
        #: The file number each part's positions are packed with, by the part's identity.
        self._bases: dict[int, tuple[FilePart, int]] = {}
        self.snapshot = Snapshot(None, None, None, (), {}, {}, current=False)

    # -- what the editor and the disk say ----------------------------------------

    @property
    def files(self) -> tuple[str, ...]:
        """The model's files, in the order ``cfgov check`` reads them."""
        return tuple(self._files)

    def owns(self, path: str) -> bool:
        """Whether ``path`` is (or would be) one of this model's files."""
        if path in self._files:
            return True  # a model file, named as the workspace names it
        absolute = os.path.abspath(path)
        if absolute in self._files:
            return True
        if not is_model_name(absolute) or not _inside(absolute, str(self.folder)):
            return False
        relative = Path(absolute).relative_to(self.folder).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            return False
        return not excluded(relative, self.settings.exclude)

    def is_settings(self, path: str) -> bool:
        """Whether ``path`` is the settings file this model reads."""
        absolute = Path(os.path.abspath(path))
        if self._config_file is not None:
            return absolute == self._config_file
        return absolute == self.folder / CONFIG_FILE

    def load(self) -> Snapshot:
        """Read the settings and every file from disk, then check; returns the snapshot."""
        self._read_settings()
        self._checker = None  # the settings may have changed
        opened = {name: f for name, f in self._files.items() if f.open}
        found, problems = discover(
            str(self.folder),
            self.limits,
            self.settings.exclude,
            allow_links_outside=self.settings.allow_links_outside,
        )
        self._discovery_problems = tuple(problems)
        files: dict[str, _File] = {}
        for shown, path in found:
            name = os.path.abspath(shown)
            kept = opened.pop(name, None)
            files[name] = kept if kept is not None else _File(path)  # read as it is built
        files.update(opened)  # open documents not on disk yet (new, not saved)
        self._files = files
        self._dirty = set(files)
        self._build_parts()
        self._reread = True
        return self.update()

    def set_text(self, path: str, text: str) -> None:
        """The editor holds ``path`` open with this text (saved or not)."""
        name = os.path.abspath(path)
        data = text.encode("utf-8", "surrogatepass")
        known = self._files.get(name)
        if known is None:
            self._files[name] = _File(data, open=True)
        else:
            known.open = True
            if known.data == data:
                return
            known.data = data
        self._dirty.add(name)

    def drop_text(self, path: str) -> None:
        """The editor closed ``path``: from now on the file is what the disk holds."""
        name = os.path.abspath(path)
        known = self._files.get(name)
        if known is None:
            return
        known.open = False
        self.refresh([name])

    def refresh(self, paths: Iterable[str]) -> bool:
        """Files changed on disk (saved elsewhere, created, deleted, a branch switched):
        read them again, unless the editor holds them open. Returns True when the
        settings file was among them, and everything was read again."""
        for path in paths:
            name = os.path.abspath(path)
            if self.is_settings(name):
                self.load()
                return True
            known = self._files.get(name)
            if known is not None and known.open:
                continue
            if os.path.isfile(name) and self.owns(name):
                data = read_bytes(name, Path(name), self.limits)
                if known is None:
                    self._files[name] = _File(data)
                    self._files = dict(sorted(self._files.items()))
                elif known.data == data:
                    known.settle(name)  # closed, as it is on disk: kept compressed
                    if name in self._texts and not isinstance(known.data, Finding):
                        self._texts[name] = known.data
                    continue
                else:
                    known.data = data
                self._dirty.add(name)
            elif known is not None:
                del self._files[name]
                self._dirty.add(name)
        return False

    # -- checking -------------------------------------------------------------------

    def update(self) -> Snapshot:
        """Read the changed files again, put the model together and check it.

        When one file changed and the model held together before and after, the model
        is built from the last one (:func:`cfgov.model.delta.replaced`) and only the
        scoped rules' work the edit can reach runs again (:class:`cfgov.rules.Checker`);
        otherwise the model is put together whole. Both give what ``cfgov check`` gives.
        When nothing changed since the last check (a save, or a file touched on disk but
        the same), that check stands and nothing is done.
        """
        # The parts the last good model was put together from: what an edit is measured
        # against (the model since may not have held together).
        before = self._good_used
        changed_files = self._build_parts()
        if not changed_files and not self._reread:
            return self.snapshot  # nothing changed: the last check stands
        self._reread = False
        texts = Texts(dict(self._texts))
        good = self._last_good
        if good is not None and good is self.snapshot and good.current and len(changed_files) == 1:
            quick = self._replace_one(changed_files[0], before)
            if quick is not None:
                return self._checked(
                    quick[0], quick[1], good, before, {}, texts, moved={changed_files[0]}
                )
        return self._assemble_whole(before, texts)

    def _assemble_whole(self, before: dict[str, FilePart], texts: Mapping[str, str]) -> Snapshot:
        collected = Collected()
        collected.problems.extend(self._discovery_problems)
        own: dict[str, tuple[Finding, ...]] = {}
        self._used.clear()
        self._numbers.clear()
        for name, known in self._files.items():
            if isinstance(known.data, Finding):
                own[name] = (known.data,)  # shown; the rest of the model is checked
                continue
            part, data = known.part, known.data
            assert part is not None
            if part.problems:
                own[name] = part.problems  # shown; the model uses the last clean version
                if known.clean is None or known.clean_data is None:
                    continue  # it never read cleanly: the rest is checked without it
                part, data = known.clean, known.clean_data
            self._numbers[name] = len(collected.position_files)
            self._used[name] = part
            assert not isinstance(data, Path | Finding)  # read and built: it has a part
            self._merge(part, data, name, collected)
        self._forget_bases()
        files = self.files
        try:
            model, sources = assemble(collected, files, require_entries=bool(files))
        except LoadError as exc:
            problems = (*self._config_problems, *exc.problems, *_flatten(own))
            self.snapshot = self._degraded(problems, texts)
            return self.snapshot
        self._ascii = all(key.isascii() for key in collected.id_sites)
        self._positions = _Overlay(collected.positions, {})
        self._position_files = list(collected.position_files)
        self._index_parts()
        return self._checked(model, sources, self._last_good, before, own, texts)

    def _checked(
        self,
        model: Model,
        sources: SourceMap,
        good: Snapshot | None,
        before: dict[str, FilePart],
        own: dict[str, tuple[Finding, ...]],
        texts: Mapping[str, str],
        moved: set[str] | None = None,
    ) -> Snapshot:
        """Check the model, again only where an edit reached when the last model was good;
        ``moved`` names the files whose parts changed, when the caller knows."""
        if (
            self._checker is None
            or good is None
            or good.model is None
            or list(before) != list(self._used)  # files came, went or moved in the order
        ):
            try:
                self._checker = Checker(self._config, rules=self.rules)
            except OptionError:  # the settings were checked when read: only a plugin can
                self._checker = Checker(Config(), rules=self.rules)
            self._checker.run(model, sources)
        else:
            changed, evidence = _changes(good.model, model, before, self._used)
            if moved is None:
                moved = {
                    name
                    for name in set(before) | set(self._used)
                    if before.get(name) is not self._used.get(name)
                }
            self._checker.advance(
                model,
                sources,
                before=good.model,
                changed=changed,
                evidence_for=evidence,
                files=moved,
            )
        substituted = set(own)
        problems = (*self._config_problems, *_flatten(own))
        # Each file's findings as the checker keeps them (the same tuple while a file's
        # findings do not change), less those of files standing in by an older version,
        # with the problems of the files that have them.
        diagnostics = dict(self._checker.by_file)
        diagnostics.pop("", None)
        for file in substituted:
            diagnostics.pop(file, None)
        for file, found in _by_file(problems).items():
            diagnostics[file] = tuple(
                sorted((*diagnostics.get(file, ()), *found), key=Finding.sort_key)
            )
        self.snapshot = Snapshot(
            model,
            sources,
            self._checker.later(),
            problems,
            diagnostics,
            texts,
            current=not substituted,
        )
        self._last_good = self.snapshot
        if moved is not None and good is not None and self._good_data.keys() == self._files.keys():
            # One edit after a good check: only the edited files' bytes are new.
            self._good_data.update((name, self._files[name].data) for name in moved)
        else:
            self._good_data = {name: f.data for name, f in self._files.items()}
        self._good_used = self._used.copy()
        return self.snapshot

    def _replace_one(
        self, name: str, before: dict[str, FilePart]
    ) -> tuple[Model, SourceMap] | None:
        """The model and source map after an edit to one file, built from the last ones;
        None when the edit needs the model put together whole."""
        good = self._last_good
        known = self._files.get(name)
        old = before.get(name)
        if (
            good is None
            or good.model is None
            or known is None
            or old is None
            or known.part is None
            or known.part.problems
            or name not in self._numbers
            or known.part.packed_name not in (None, name)
            or old.packed_name not in (None, name)
            or not self._ascii
            or not all(key.isascii() for key in known.part.id_sites)
        ):
            return None
        part = known.part
        number = self._numbers[name]
        # Each collection's entries of the file start after those of the files before it.
        kinds = set(old.entities) | set(part.entities)
        index = bisect.bisect_left(self._order, number)
        spans = {
            kind: (sum(self._counts.get(kind, ())[:index]), len(old.entities.get(kind, ())))
            for kind in kinds
        }
        model = replaced(good.model, spans, part.entities, self._file_of.get, number)
        if model is None:
            return None
        for kind in kinds:
            counts = self._counts.setdefault(kind, [0] * len(self._order))
            counts[index] = len(part.entities.get(kind, ()))
        self._pack(part, number)
        self._used[name] = part
        for entity_id in old.id_sites:
            self._file_of.pop(entity_id, None)
        self._file_of.update(dict.fromkeys(part.id_sites, number))
        if old is not known.part and old is not known.clean:
            self._bases.pop(id(old), None)  # the only part this edit can leave unheld
        changes: dict[str, Placed | None] = {}
        for key in set(old.positions) | set(part.positions):
            holders = list(_holders(self._key_files.get(key, ())))
            if key in part.positions and number not in holders:
                holders.append(number)
                holders.sort()
            elif key not in part.positions and number in holders:
                holders.remove(number)
            if not holders:
                self._key_files.pop(key, None)
            else:
                self._key_files[key] = holders[0] if len(holders) == 1 else tuple(holders)
            found = tuple(spots for holder in holders for spots in self._spots(holder, key))
            changes[key] = from_layers(found) if found else None
        self._positions = positions = self._positions.changed(changes)
        sources = SourceMap._from_packed(positions, tuple(self._position_files), self.files)
        return model, sources

    def _spots(self, number: int, key: str) -> tuple[Spots, ...]:
        """The positions file ``number`` gives ``key`` (numbered as that file already)."""
        placed = self._used[self._names_by_number[number]].positions.get(key)
        return () if placed is None else layers(placed)

    def _merge(self, part: FilePart, data: bytes | Zipped, name: str, into: Collected) -> None:
        """Add a file's part to the whole, as the loader does, but sharing the part's
        positions instead of renumbering copies: a model of 100,000 segments has eleven
        million positions, and the workspace keeps every part."""
        if not into.id_sites.keys().isdisjoint(part.id_sites):
            # An id another file has: read the file again against the others, as the
            # loader does (which adds to the positions gathered so far; no part's own
            # are written to).
            _merge(part, raw_bytes(data), name, self.parser, self.limits, into)
            return
        number = into.begin_file(part.packed_name or name)
        self._pack(part, number)
        for kind, entries in part.entities.items():
            into.entities[kind].extend(entries)
        into.problems.extend(part.problems)
        for entity, placed in part.positions.items():
            into.add_placed(entity, placed)
        into.id_sites.update(part.id_sites)
        into.broken_ids.update(part.broken_ids)
        into.unreadable_files += part.unreadable

    def _pack(self, part: FilePart, number: int) -> None:
        """Pack a part's positions with file ``number``, in place (it is the workspace's own:
        built here, never shared), moving them from the number they had."""
        _, was = self._bases.get(id(part), (part, 0))
        if was != number:
            moved = number - was
            # One number object for every spots of a file (a part of CSV tables has several
            # files): a new one for each would be an object per entity.
            files: dict[int, int] = {}
            for placed in part.positions.values():
                for spots in layers(placed):
                    now = files.get(spots.file)
                    if now is None:
                        now = files[spots.file] = spots.file + moved
                    spots.file = now
            shift = pack_position(number, 0, 0) - pack_position(was, 0, 0)
            for key in part.id_sites:
                part.id_sites[key] += shift
        self._bases[id(part)] = (part, number)

    def _forget_bases(self) -> None:
        """Keep the packing of the parts the workspace still holds, and no others."""
        held = {id(f.part) for f in self._files.values()} | {
            id(f.clean) for f in self._files.values()
        }
        self._bases = {key: value for key, value in self._bases.items() if key in held}

    def _index_parts(self) -> None:
        """Which file holds each id, and which files place each key, for later edits."""
        self._names_by_number = {number: name for name, number in self._numbers.items()}
        self._order = sorted(self._names_by_number)
        self._counts = {}
        for index, number in enumerate(self._order):
            for kind, entries in self._used[self._names_by_number[number]].entities.items():
                counts = self._counts.get(kind)
                if counts is None:  # made once for each kind (20,000 files at 100k)
                    counts = self._counts[kind] = [0] * len(self._order)
                counts[index] = len(entries)
        self._file_of = {}
        key_files: dict[str, int | tuple[int, ...]] = {}
        for name, part in self._used.items():
            number = self._numbers[name]
            self._file_of.update(dict.fromkeys(part.id_sites, number))
            for key in part.positions:
                held = key_files.setdefault(key, number)
                if held != number:  # placed by files before this one too (rare)
                    key_files[key] = (*_holders(held), number)
        self._key_files = key_files

    @property
    def _config(self) -> Config:
        return self.settings.config

    def _degraded(self, problems: tuple[Finding, ...], texts: Mapping[str, str]) -> Snapshot:
        """The model does not hold together: its problems, with the last check's findings
        on files unchanged since."""
        good = self._last_good
        kept: list[Finding] = []
        if good is not None and good.result is not None:
            unchanged = {
                name
                for name, f in self._files.items()
                if name in self._good_data
                and (self._good_data[name] is f.data or self._good_data[name] == f.data)
            }
            kept = [f for f in good.result.findings if _file_of(f) in unchanged]
        return Snapshot(
            good.model if good is not None else None,
            good.sources if good is not None else None,
            good.result if good is not None else None,
            problems,
            _by_file((*problems, *kept)),
            texts,
            current=False,
        )

    def _read_settings(self) -> None:
        found = find_config(self.folder)
        self._config_file = found
        self._config_problems = ()
        if found is None:
            self.settings = Settings()
            return
        try:
            self.settings = read_settings(found, self.rules)
        except ConfigError as exc:
            self._config_problems = tuple(exc.problems)  # checked with the settings before

    def _build_parts(self) -> list[str]:
        """Read each changed file into its part, in worker processes when there is a lot;
        returns the files that changed (deleted ones included). A file not read yet is
        read where it is built: the whole model's bytes never pass through this process
        uncompressed."""
        changed = sorted(self._dirty)
        dirty = [name for name in changed if name in self._files]
        self._dirty.clear()
        for name in changed:
            if name not in self._files or isinstance(self._files[name].data, Finding):
                self._texts.pop(name, None)
        jobs: dict[int, tuple[str, Source, Parser, Limits]] = {
            number: (name, data, self.parser, self.limits)
            for number, name in enumerate(dirty)
            if not isinstance(data := self._files[name].data, Finding)
        }
        if (
            jobs
            and self.workers > 1
            and sum(source_size(j[1]) for j in jobs.values()) >= PARALLEL_BYTES
        ):
            # The editor's server has threads, so its workers are started afresh, never forked.
            _preload()
            for number, made in _build_in_processes(jobs, read_and_build, self.workers, _START):
                self._built(jobs.pop(number), *made)  # its bytes kept once, compressed
        for job in jobs.values():  # all, or what the workers left
            self._built(job, *read_and_build(job))
        return changed

    def _built(
        self,
        job: tuple[str, Source, Parser, Limits],
        read: bytes | Zipped | Finding | None,
        part: FilePart | None,
    ) -> None:
        """Keep what reading a file gave, and its bytes (compressed when it is closed):
        ``read`` is what was read from disk, or None when the job gave the bytes."""
        name, source = job[0], job[1]
        known = self._files[name]
        if isinstance(read, Finding):  # it could not be read: the problem is shown instead
            known.data, known.part = read, None
            self._texts.pop(name, None)
            return
        data = read if read is not None else source
        assert part is not None  # bytes read or given are always built
        assert not isinstance(data, Path)
        known.data = data
        known.part = part
        if not part.problems:
            known.clean, known.clean_data = part, data
        known.settle(name)
        if not name.lower().endswith(".xlsx") and not isinstance(known.data, Finding):
            self._texts[name] = known.data


class _Overlay(Mapping[str, Placed]):
    """The positions of every entity after edits: those of the last whole load, never
    written to, under what the edits since changed (None where a key went).

    An edit makes a new one, sharing the whole load's dictionary, where a copy of it
    would cost milliseconds at 100,000 segments; the changes are folded into a new
    whole once they grow to a sixteenth of it.
    """

    __slots__ = ("_base", "_changes")

    def __init__(self, base: dict[str, Placed], changes: dict[str, Placed | None]) -> None:
        self._base = base
        self._changes = changes

    def changed(self, more: Mapping[str, Placed | None]) -> _Overlay:
        """These positions with ``more`` on top (None removes a key); self is unchanged."""
        changes = {**self._changes, **more}
        if len(changes) * 16 <= len(self._base):
            return _Overlay(self._base, changes)
        whole = dict(self._base)
        for key, placed in changes.items():
            if placed is None:
                whole.pop(key, None)
            else:
                whole[key] = placed
        return _Overlay(whole, {})

    def get(self, key: str, default: Placed | None = None) -> Placed | None:  # type: ignore[override]
        changes = self._changes
        if key in changes:
            found = changes[key]
            return default if found is None else found
        return self._base.get(key, default)

    def __getitem__(self, key: str) -> Placed:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        changes = self._changes
        for key in self._base:
            if changes.get(key, True) is not None:
                yield key
        for key, placed in changes.items():
            if placed is not None and key not in self._base:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _changes(
    before: Model, after: Model, was: Mapping[str, FilePart], now: Mapping[str, FilePart]
) -> tuple[set[str], set[str]]:
    """The ids an edit added, removed or changed, and the measures and segments whose
    evidence it changed, from the parts of the files it touched."""
    changed: set[str] = set()
    evidence: set[str] = set()
    for name in set(was) | set(now):
        old, new = was.get(name), now.get(name)
        if old is new:
            continue
        ids = set(old.id_sites if old else ()) | set(new.id_sites if new else ())
        for i in ids:
            earlier, later = before.get(i), after.get(i)
            if earlier is not later and earlier != later:  # one left equal is the same object
                changed.add(i)
        if old is not None and new is not None:
            # Entries moved within the file change nothing in themselves, but the order
            # of the model, which messages and "the first of" follow.
            for kind in set(old.entities) | set(new.entities):
                first = [getattr(e, "id", None) for e in old.entities.get(kind, ())]
                then = [getattr(e, "id", None) for e in new.entities.get(kind, ())]
                common = set(first) & set(then)
                if [i for i in first if i in common] != [i for i in then if i in common]:
                    changed.update(i for i in common if i is not None)
        for kind, field in (("results", "measure"), ("feedback", "segment"), ("demand", "segment")):
            records = (
                old.entities.get(kind, []) if old else [],
                new.entities.get(kind, []) if new else [],
            )
            if records[0] != records[1]:
                evidence.update(getattr(r, field) for r in (*records[0], *records[1]))
    return changed, evidence


def _holders(held: int | tuple[int, ...]) -> tuple[int, ...]:
    """The files placing a key, as :attr:`Workspace._key_files` holds them."""
    return (held,) if isinstance(held, int) else held


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _file_of(finding: Finding) -> str | None:
    return finding.location.file if finding.location is not None else None


def _flatten(groups: Mapping[str, tuple[Finding, ...]]) -> tuple[Finding, ...]:
    return tuple(f for found in groups.values() for f in found)


def _by_file(findings: Iterable[Finding]) -> dict[str, tuple[Finding, ...]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        file = _file_of(finding)
        if file is not None:
            grouped.setdefault(file, []).append(finding)
    return {file: tuple(found) for file, found in grouped.items()}
