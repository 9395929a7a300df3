"""Read YAML files into a :class:`cfgov.Model`: the only part of cfgov that touches files.

The loader finds the files, reads them safely (size cap, UTF-8 only, no
binary), parses them, builds entities, and checks the model's integrity. Every
problem from every file is gathered and raised together as
:class:`cfgov.LoadError`.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar, Union

import attrs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

from cfgov.io import characters, csv_tables
from cfgov.io.build import PATH_CHARS_PER_BYTE, Collected, FileBuilder
from cfgov.io.cache import BuildCache, FilePart
from cfgov.io.errors import LoadError
from cfgov.io.limits import DEFAULT_LIMITS, Limits
from cfgov.io.parser import COMPILED_READER, CompiledParser, Parser, PyYamlParser
from cfgov.io.zipped import Zipped, raw_bytes
from cfgov.model import Finding, Location, Model, ModelError, Severity, SourceMap
from cfgov.model.findings import excerpt
from cfgov.model.identity import merge_same_as
from cfgov.model.sources import layers, pack_position

PathLike = Union[str, "os.PathLike[str]"]
YAML_SUFFIXES = (".yaml", ".yml")
#: The suffix of a workbook in cfgov's layout (see :mod:`cfgov.io.xlsx`, read with openpyxl).
WORKBOOK_SUFFIX = ".xlsx"
#: The suffixes of model files: YAML, CSV tables of evidence (see :mod:`cfgov.io.csv_tables`)
#: and workbooks; each has its reader in :data:`READERS`.
MODEL_SUFFIXES = (*YAML_SUFFIXES, csv_tables.CSV_SUFFIX, WORKBOOK_SUFFIX)
#: Spreadsheets write a lock file named ``~$book.xlsx`` beside a workbook while it is
#: open: it is no workbook, so a folder's search leaves it alone.
_LOCK_FILE_PREFIX = "~$"


def is_yaml_name(name: str) -> bool:
    """Whether a file name ends in ``.yaml`` or ``.yml``, in any mix of cases.

    ``segments.YAML`` (as some Windows tools save it) is a model file like any
    other: skipping it would leave its entries out of the check without a word.
    """
    return name.lower().endswith(YAML_SUFFIXES)


def is_model_name(name: str) -> bool:
    """Whether a file name is one the loader reads: ``.yaml``, ``.yml``, ``.csv`` or ``.xlsx``,
    in any case."""
    return name.lower().endswith(MODEL_SUFFIXES)


_UTF16_32_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def default_parser() -> Parser:
    """The parser used when none is given: cfgov's compiled reader where it was built,
    otherwise PyYAML (with libyaml when available). Both give the same results."""
    return CompiledParser() if COMPILED_READER else PyYamlParser()


def _problem(code: str, location: Location, message: str, hint: str | None = None) -> Finding:
    return Finding(
        code=code, severity=Severity.ERROR, message=message, hint=hint, location=location
    )


def discover(
    paths: PathLike | Iterable[PathLike],
    limits: Limits = DEFAULT_LIMITS,
    exclude: Sequence[str] = (),
    *,
    allow_links_outside: bool = False,
) -> tuple[list[tuple[str, Path]], list[Finding]]:
    """The YAML files named by ``paths``, as (name shown to users, path) pairs, and problems.

    A folder is searched recursively for ``*.yaml`` and ``*.yml`` files, ``*.csv``
    tables of evidence and ``*.xlsx`` workbooks (in any case),
    skipping hidden files and folders (names starting with a dot) and the lock
    files (``~$book.xlsx``) a spreadsheet leaves beside an open workbook. Links to
    folders are followed, but a folder is never searched twice, so a link
    loop cannot trap the search. A folder that cannot be read is reported,
    not skipped. Files come in sorted order, so every run reads them alike.
    ``exclude`` holds glob patterns matched against each file's path relative to
    the folder searched (``ci/*``, ``drafts/**``): other YAML kept beside a
    model, such as CI workflows, is then left alone.

    A model is a boundary: a symbolic link that leads outside the model's root
    (see :func:`model_boundary`) is reported (CFG025) and not followed, so that a
    pull request adding ``zz.yaml -> /etc/...`` or a link to ``/usr`` cannot make
    cfgov read files elsewhere on the machine, unless ``allow_links_outside`` or
    the root's ``cfgov.toml`` (``allow-links-outside = true``) says so.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found: list[tuple[str, Path]] = []
    problems: list[Finding] = []
    seen: set[str] = set()
    for given in paths:
        shown = os.fspath(given)
        candidates = _candidates(shown, limits, problems, exclude, allow_links_outside)
        for name, candidate in candidates:
            key = os.path.realpath(candidate)
            if key not in seen:
                seen.add(key)
                found.append((name, candidate))
        if len(found) > limits.max_files:
            problems.append(
                _problem(
                    "CFG014",
                    Location(shown),
                    f"the model has more than {limits.max_files:,} files",
                    "Point cfgov at the folder of one model; programs that load very large "
                    "models can raise Limits.max_files.",
                )
            )
            return found[: limits.max_files], problems
    return found, problems


def excluded(relative: str, patterns: Sequence[str]) -> bool:
    """Whether a path (relative, with forward slashes) matches one of the glob patterns.

    ``ci/*`` and ``ci/**`` both leave out everything under ``ci/``.
    """
    for pattern in patterns:
        if fnmatch.fnmatchcase(relative, pattern):
            return True
        folder = pattern.rstrip("*").rstrip("/")
        if pattern != folder and relative.startswith(folder + "/"):
            return True
    return False


def model_boundary(path: PathLike) -> Path:
    """The folder a model's files must lie in: its root, for the links check (CFG025).

    That is the nearest folder at or above ``path`` holding a ``cfgov.toml`` (looking
    no higher than the top of a git repository), else the folder given (for a file,
    the folder it is in). The search follows the path as written, not where links in
    it lead, so a linked folder cannot choose its own boundary.
    """
    absolute = Path(os.path.abspath(path))
    folder = absolute if os.path.isdir(absolute) else absolute.parent
    for candidate in [folder, *folder.parents]:
        if os.path.isfile(candidate / CONFIG_NAME):
            return candidate
        if os.path.lexists(candidate / ".git"):
            break
    return folder


#: The configuration file at a model's root (see :mod:`cfgov.io.config`).
CONFIG_NAME = "cfgov.toml"


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _link_outside(where: str, root: Path, folder: bool) -> Finding:
    what, verb = ("a folder", "search") if folder else ("a file", "read")
    return _problem(
        "CFG025",
        Location(where),
        f"this is a link to {what} outside the model's folder ({root}), so cfgov does not "
        f"{verb} it",
        "A model's files must lie inside its folder, so that a change to the model cannot "
        "make cfgov read other files on the machine. Move or copy the files into the "
        "model; if every link in it is trusted, set `allow-links-outside = true` in the "
        "cfgov.toml at the model's root.",
    )


def _candidates(
    shown: str,
    limits: Limits,
    problems: list[Finding],
    exclude: Sequence[str] = (),
    allow_links_outside: bool = False,
) -> list[tuple[str, Path]]:
    """The YAML files one path names; problems with the path are added to ``problems``."""
    if not shown:
        problems.append(
            _problem(
                "CFG017",
                Location("''"),
                "an empty path was given",
                "Give a folder of YAML files, or the files themselves.",
            )
        )
        return []
    path = Path(shown)
    if "\0" in shown:
        problems.append(
            _problem(
                "CFG017",
                Location(shown.replace("\0", "\\0")),
                "the path holds a NUL character, which no file name can",
                "Check how the path was made; give a folder of YAML files or the files themselves.",
            )
        )
        return []
    try:
        info = path.stat()
    except UnicodeEncodeError:  # a lone surrogate no file system gave
        problems.append(
            _problem(
                "CFG017",
                Location(shown),
                "the path is not a valid file name (it holds a lone surrogate character)",
                "Give the path as the file system names it, or as bytes through os.fsdecode.",
            )
        )
        return []
    except OSError as exc:
        missing = isinstance(exc, FileNotFoundError)
        problems.append(
            _problem(
                "CFG017",
                Location(shown),
                "no such file or folder" if missing else f"cannot read it: {_reason(exc)}",
                "Check the path; give a folder of YAML files or the files themselves."
                if missing
                else "Check that the path exists and that you may read it.",
            )
        )
        return []
    if not stat.S_ISDIR(info.st_mode) and not is_model_name(shown):
        problems.append(
            _problem(
                "CFG017",
                Location(shown),
                NOT_A_MODEL_FILE,
                "Rename the file if it is a model file, or leave it out.",
            )
        )
        return []
    boundary = _Boundary(shown, allow_links_outside, problems)
    if boundary.refuses(shown, folder=stat.S_ISDIR(info.st_mode), linked_only=False):
        return []
    if not stat.S_ISDIR(info.st_mode):
        return [(shown, path)]
    candidates: list[tuple[str, Path]] = []
    visited: set[str] = set()
    if boundary.folder == Path(os.path.abspath(shown)):  # its cfgov.toml is the root's
        exclude = (*exclude, *_exclude_of(boundary.settings(), boundary.folder, problems))

    def unreadable(exc: OSError) -> None:
        where = exc.filename or shown
        problems.append(
            _problem(
                "CFG017",
                Location(os.fspath(where)),
                f"cannot read this folder: {_reason(exc)}",
                "Check the folder's permissions; its files are part of the model.",
            )
        )

    before = len(problems)
    for folder, dirs, files in os.walk(path, onerror=unreadable, followlinks=True):
        real = os.path.realpath(folder)
        if real in visited:
            dirs[:] = []
            continue
        visited.add(real)
        if len(visited) > limits.max_folders:
            del problems[before:]  # unreadable folders met on the way are beside the point
            problems.append(
                _problem(
                    "CFG017",
                    Location(shown),
                    f"cfgov looked through {limits.max_folders:,} folders under this path "
                    "and had not reached the end, so it stopped: this looks like a home "
                    "folder or a whole disk rather than a model",
                    "Point cfgov at the folder that holds your model's YAML files (the one "
                    "with cfgov.toml in it). A program with a model this large can raise "
                    "Limits.max_folders.",
                )
            )
            return []
        dirs[:] = [
            d
            for d in sorted(dirs)
            if not d.startswith(".")
            and not (
                # A folder the patterns leave out is not searched, so where it leads is moot.
                excluded(Path(os.path.relpath(folder, path), d).as_posix() + "/", exclude)
                and os.path.islink(os.path.join(folder, d))
            )
            and not boundary.refuses(os.path.join(folder, d), folder=True)
        ]
        for name in sorted(files):
            if not name.startswith((".", _LOCK_FILE_PREFIX)) and is_model_name(name):
                full = os.path.join(folder, name)
                relative = Path(os.path.relpath(full, path)).as_posix()
                if not excluded(relative, exclude) and not boundary.refuses(full, folder=False):
                    candidates.append((full, Path(full)))
        if len(candidates) > limits.max_files:
            break
    if not candidates and not any(
        p.location and p.location.file.startswith(shown) for p in problems
    ):
        problems.append(
            _problem(
                "CFG017",
                Location(shown),
                "this folder holds no model files (.yaml, .yml, .csv or .xlsx)",
                "Point cfgov at the folder that holds your model's YAML files.",
            )
        )
    return candidates


class _Boundary:
    """The root a searched path's links must stay inside (see :func:`model_boundary`).

    The root's ``cfgov.toml`` is read only when needed: for its ``exclude`` setting
    when the root is the folder searched, and when a link is found to leave it.
    """

    def __init__(self, shown: str, allow: bool, problems: list[Finding]) -> None:
        self.folder = model_boundary(shown)
        self.real = os.path.realpath(self.folder)
        self._allowed: bool | None = True if allow else None
        self._settings: dict[str, Any] | None = None
        self._problems = problems

    def settings(self) -> dict[str, Any]:
        """The settings of the root's ``cfgov.toml`` ({} if none), read once."""
        if self._settings is None:
            self._settings = _declared_settings(self.folder, self._problems)
        return self._settings

    def refuses(self, full: str, *, folder: bool, linked_only: bool = True) -> bool:
        """Whether ``full`` leads outside the root and links may not: then it is
        reported (CFG025). With ``linked_only``, only a link itself is looked at (its
        folder was looked at already)."""
        if self._allowed or (linked_only and not os.path.islink(full)):
            return False
        if _inside(os.path.realpath(full), self.real):
            return False
        if self._allowed is None:
            where = Location(str(self.folder / CONFIG_NAME))
            allowed = links_allowed(self.settings(), where)
            if isinstance(allowed, Finding):
                self._problems.append(allowed)
                allowed = False
            self._allowed = allowed
            if allowed:
                return False
        self._problems.append(_link_outside(full, self.folder, folder))
        return True


def _declared_settings(folder: Path, problems: list[Finding]) -> dict[str, Any]:
    """The settings of the ``cfgov.toml`` at the top of a model folder ({} if none).

    Which files belong to a model is part of the model, so loading honours the
    settings about files (``exclude``, ``allow-links-outside``); the rest of the
    file configures the rules and is read by the CLI.
    """
    declared = folder / CONFIG_NAME
    if not declared.is_file():
        return {}
    data = read_toml(declared)
    if isinstance(data, Finding):
        problems.append(data)
        return {}
    return data


def _exclude_of(settings: dict[str, Any], folder: Path, problems: list[Finding]) -> tuple[str, ...]:
    if not settings:
        return ()
    patterns = exclude_patterns(settings, Location(str(folder / CONFIG_NAME)))
    if isinstance(patterns, Finding):
        problems.append(patterns)
        return ()
    return patterns


_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def read_toml(path: Path) -> dict[str, Any] | Finding:
    """The settings in a TOML file, or the problem (CFG021) that stops them being read.

    A syntax error is located at its line and column, taken from the TOML reader.
    Only a regular file of at most :data:`_TOML_MAX_BYTES` is read (a named pipe
    given as ``--config`` would otherwise block the run).
    """
    text = ""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return _problem(
                "CFG021",
                Location(str(path)),
                "the configuration is not a regular file (a folder, pipe or device)",
                "Point cfgov at a cfgov.toml or pyproject.toml file.",
            )
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(_TOML_MAX_BYTES + 1)
        if len(raw) > _TOML_MAX_BYTES:
            return _problem(
                "CFG021",
                Location(str(path)),
                f"the configuration is larger than {_TOML_MAX_BYTES:,} bytes, far more than "
                "any settings need",
                "Check that this is the right file: cfgov's settings take a few lines.",
            )
        text = raw.decode("utf-8")
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except OSError as exc:
        message = f"cannot read the configuration: {exc.strerror or exc}"
        return _problem("CFG021", Location(str(path)), message)
    except UnicodeDecodeError:
        return _problem(
            "CFG021",
            Location(str(path)),
            "the configuration is not UTF-8 text",
            "Save the file as UTF-8 (most editors offer it under 'Save as' or 'Encoding').",
        )
    except RecursionError:
        line, column = _deepest_bracket(text)
        return _problem(
            "CFG021",
            Location(str(path), line, column),
            f"the configuration nests lists or tables more than {_TOML_MAX_DEPTH} deep, "
            "far more than any setting needs",
            "Check the brackets from this line on: a list of patterns or codes is one pair of "
            'square brackets (`ignore = ["CFG124"]`).',
        )
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
        place = _TOML_PLACE.search(reason)
        where = Location(str(path))
        if place is not None:
            reason = reason[: place.start()]
            where = Location(str(path), int(place.group(1)), int(place.group(2)))
        if reason == "Illegal character '\\n'":  # the TOML reader's words for it
            reason = "a quoted value is not closed before the end of the line"
        return _problem(
            "CFG021",
            where,
            f"the configuration is not valid TOML: {reason[:1].lower()}{reason[1:]}",
            "Check the quotes and brackets on that line: text goes in double quotes "
            '(`fail-on = "warning"`) and lists in square brackets (`ignore = ["CFG124"]`).',
        )


#: The largest configuration file read: settings take a few lines, a pyproject.toml a few
#: pages.
_TOML_MAX_BYTES = 1024 * 1024

#: Nesting beyond this in a configuration is reported where it starts; the TOML reader
#: itself gives up (RecursionError) somewhere past it, at a depth no setting comes near.
_TOML_MAX_DEPTH = 100


def _deepest_bracket(text: str) -> tuple[int | None, int | None]:
    """Where brackets in ``text`` first nest past :data:`_TOML_MAX_DEPTH` (line, column).

    A rough count that ignores quoting: it only places a problem the TOML reader found.
    """
    depth = 0
    line, start = 1, 0
    for offset, char in enumerate(text):
        if char == "\n":
            line, start = line + 1, offset + 1
        elif char in "[{":
            depth += 1
            if depth > _TOML_MAX_DEPTH:
                return line, offset - start + 1
        elif char in "]}":
            depth = max(0, depth - 1)
    return None, None


def exclude_patterns(
    settings: dict[str, object], where: Location, prefix: str = ""
) -> tuple[str, ...] | Finding:
    """The ``exclude`` setting of a configuration, or the problem with it (CFG021)."""
    patterns = settings.get("exclude", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        return _problem(
            "CFG021",
            where,
            f"`{prefix}exclude` must be a list of glob patterns",
            f'Write it as `{prefix}exclude = ["ci/*"]`.',
        )
    return tuple(patterns)


def links_allowed(settings: dict[str, object], where: Location, prefix: str = "") -> bool | Finding:
    """The ``allow-links-outside`` setting of a configuration, or the problem with it."""
    allowed = settings.get("allow-links-outside", False)
    if not isinstance(allowed, bool):
        return _problem(
            "CFG021",
            where,
            f"`{prefix}allow-links-outside` must be true or false",
            f"Write it as `{prefix}allow-links-outside = true`, without quotes.",
        )
    return allowed


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def read_text(name: str, path: Path, limits: Limits = DEFAULT_LIMITS) -> str | Finding:
    """The text of one file, or the problem that stops it being read.

    Refuses anything that is not a regular file (checked before opening, so
    a named pipe cannot block the run), larger than the limit, binary (NUL
    bytes), UTF-16/32, or not valid UTF-8; a UTF-8 byte-order mark is dropped.
    """
    data = read_bytes(name, path, limits)
    return data if isinstance(data, Finding) else decode(name, data)


def read_bytes(name: str, path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes | Finding:
    """The bytes of one file, or the problem that stops it being read (see :func:`read_text`)."""
    whole = Location(name)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return _problem(
                "CFG017",
                whole,
                "not a regular file (a pipe, device or socket)",
                "Give cfgov YAML files or folders of them.",
            )
        if info.st_size > limits.max_file_bytes:
            return _too_large(name, limits)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as exc:
        return _problem(
            "CFG017",
            whole,
            f"cannot read the file: {_reason(exc)}",
            "Check that the file exists and that you may read it.",
        )
    if len(data) > limits.max_file_bytes:
        return _too_large(name, limits)
    return data


def decode(name: str, data: bytes) -> str | Finding:
    """The text of a file's bytes, or the problem that stops it being read as UTF-8 YAML."""
    for bom, encoding in _UTF16_32_BOMS:
        if data.startswith(bom):
            return _problem(
                "CFG015",
                Location(name, 1, 1),
                f"the file is saved as {encoding}",
                "Save the file as UTF-8, the encoding cfgov (and git) expect.",
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        if _looks_like_utf16(data[:2000]):
            return _problem(
                "CFG015",
                Location(name, 1, 1),
                "the file looks like UTF-16 text (every other byte is empty)",
                "Save the file as UTF-8, the encoding cfgov (and git) expect.",
            )
        line, column = _byte_position(data, nul)
        return _problem(
            "CFG016",
            Location(name, line, column),
            "the file holds binary data (a NUL byte), not "
            + ("CSV" if name.lower().endswith(csv_tables.CSV_SUFFIX) else "YAML")
            + " text",
            "Remove the file from the model folder, or re-save it as plain text.",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        bad = data[exc.start : exc.start + 1].hex().upper()
        return _problem(
            "CFG015",
            Location(name, line, column),
            f"the file is not valid UTF-8 (byte 0x{bad} cannot be read)",
            "Re-save the file as UTF-8. Files saved as Latin-1 or Windows-1252 often show "
            "this at accented letters or curly quotes.",
        )
    return text


def _looks_like_utf16(head: bytes) -> bool:
    """Mostly-ASCII text saved as UTF-16 without a byte-order mark: NULs at every other byte."""
    if len(head) < 4:
        return False
    for nuls, chars in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
        if nuls.count(0) >= 0.9 * len(nuls) and chars.count(0) <= 0.1 * len(chars):
            return True
    return False


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_position(text: str, at: int) -> tuple[int, int]:
    """The 1-based line and column of character ``at`` in ``text``."""
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _too_large(name: str, limits: Limits) -> Finding:
    return _problem(
        "CFG014",
        Location(name),
        f"the file is larger than {limits.max_file_bytes:,} bytes",
        "Split the model over several files, or raise Limits.max_file_bytes if you trust it.",
    )


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def assemble(
    collected: Collected, files: tuple[str, ...], *, require_entries: bool = True
) -> tuple[Model, SourceMap]:
    """Build the model from what the files held, or raise :class:`LoadError` with every problem.

    With ``require_entries``, files that hold nothing at all are a problem
    (CFG019): when reading a folder, that almost always means a wrong path.
    """
    sources = SourceMap._from_packed(collected.positions, tuple(collected.position_files), files)
    problems = list(collected.problems)
    problems.extend(characters.confusable_problems(collected.id_sites, collected.location))
    model: Model | None = None
    entities, unmerged = merge_same_as(collected.entities)
    not_merged = {unit for p in unmerged for unit in (p.entity, *p.related)}
    problems.extend(_cite_other_entry(sources.place(p), sources) for p in unmerged)
    try:
        model = Model(**entities)
    except ModelError as exc:
        for problem in exc.problems:
            if problem.code == "CFG008" and (
                collected.unreadable_files or set(problem.related) & collected.broken_ids
            ):
                # The entry it points at is broken, or may be in a file that could not be
                # read; either is already reported, and fixing it may resolve this.
                continue
            if problem.field == "same_as" and problem.entity in not_merged:
                continue  # the entries that could not be merged are reported above
            placed = sources.place(problem)
            if placed.code == "CFG040" and placed.related:
                placed = _cite_other_sitting(placed, sources)
            problems.append(_cite_cycle(placed, sources, collected) if placed.related else placed)
    if require_entries and model is not None and not problems and len(model) == 0:
        where = ", ".join(files[:3]) + (" ..." if len(files) > 3 else "")
        problems.append(
            _problem(
                "CFG019",
                Location(files[0] if files else "<none>"),
                f"the model is empty: no entries were found in {where or 'any file'}",
                "Check that you gave the right folder or files. A model needs at least an "
                "`organisations:` entry.",
            )
        )
    if problems or model is None:
        raise LoadError([characters.printable(p) for p in problems], files)
    return model, sources


def _cite_other_entry(problem: Finding, sources: SourceMap) -> Finding:
    """A problem merging two entries of one body, naming where the other entry says it."""
    if not problem.related or problem.field is None or problem.related[0] == problem.entity:
        return problem
    other = problem.related[0]
    field = problem.field if problem.code == "CFG042" else "same_as"
    where = sources.locate(other, field) or sources.locate(other)
    if where is None:
        return problem
    said = "the other entry says so at" if problem.code == "CFG042" else "the other entry is at"
    return attrs.evolve(problem, message=f"{problem.message} ({said} {where})")


def _cite_other_sitting(problem: Finding, sources: SourceMap) -> Finding:
    """Two sittings of a unit on one date (CFG040), naming where the other one's date is."""
    where = sources.locate(problem.related[0], "date") or sources.locate(problem.related[0])
    if where is None:
        return problem
    return attrs.evolve(problem, message=f"{problem.message} (the other is at {where})")


def _cite_cycle(problem: Finding, sources: SourceMap, collected: Collected) -> Finding:
    """A loop of parent links (CFG009) that names where each of its links is written.

    The loop may run through several files and is broken by removing any one of
    its links, so the message cites them all, as a duplicate id cites both sites.
    """
    if problem.code != "CFG009" or len(problem.related) < 2 or problem.field is None:
        return problem
    members = set(problem.related)
    kind = "segments" if problem.field == "parent" else "units"
    entities = {e.id: e for e in collected.entities.get(kind, ()) if e.id in members}
    sites = []
    for member in problem.related:
        path = problem.field
        parents = getattr(entities.get(member), "parents", None)
        if isinstance(parents, tuple | list):
            path = next(
                (f"parents.{i}" for i, parent in enumerate(parents) if parent in members), path
            )
        where = sources.locate(member, path)
        if where is not None:
            sites.append(f"{where} ({member!r})")
    if not sites:
        return problem
    return attrs.evolve(
        problem, message=f"{problem.message}; the links of the loop are at {', '.join(sites)}"
    )


def load_with_sources(
    paths: PathLike | Iterable[PathLike],
    *,
    limits: Limits | None = None,
    parser: Parser | None = None,
    exclude: Sequence[str] = (),
    cache: BuildCache | None = None,
    workers: int = 1,
    allow_links_outside: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Model, SourceMap]:
    """Load a model and the map of where each entity and field was written.

    ``paths`` is a folder (searched recursively), a file, or a list of either;
    ``exclude`` leaves out files in those folders that match glob patterns, as
    does the ``exclude`` setting of a ``cfgov.toml`` at the top of a folder
    given (which files make up a model is part of the model; the file's other
    settings are for :func:`cfgov.config_for`);
    ``cache`` (a :class:`cfgov.BuildCache`) reuses what unchanged files
    gave last time, with the same result as reading them again.
    ``workers`` above 1 reads files in that many processes at once when there is
    enough to read (more than 1 MB not found in the cache) to repay starting
    them; the result is the same as reading them one by one. The parser must
    then be one that can be sent to another process (pickled), as cfgov's are.
    A symbolic link that leads outside the model's root (the folder with its
    ``cfgov.toml``, else the folder given) is refused (CFG025) unless
    ``allow_links_outside`` is true or that ``cfgov.toml`` sets
    ``allow-links-outside = true``.
    ``progress``, when given, is called as each file is read, with how many have been
    and how many there are (the command line shows it on a terminal).
    Raises :class:`cfgov.LoadError` with every problem in every file.
    """
    limits = limits or DEFAULT_LIMITS
    parser = parser or default_parser()
    found, problems = discover(paths, limits, exclude, allow_links_outside=allow_links_outside)
    collected = Collected()
    collected.problems.extend(problems)
    files = tuple(name for name, _ in found)
    if workers > 1 and len(found) > 1:
        _load_in_parallel(found, parser, limits, collected, cache, workers, progress)
        return assemble(collected, files)
    for number, (name, path) in enumerate(found, 1):
        data = read_bytes(name, path, limits)
        if isinstance(data, Finding):
            collected.problems.append(data)
            collected.unreadable_files += 1
        elif cache is None:
            build_bytes(data, name, parser, limits, collected)
        else:
            _build_cached(data, name, parser, limits, collected, cache)
        if progress is not None:
            progress(number, len(found))
    return assemble(collected, files)


#: Below this many bytes to read, starting processes costs more than it saves.
PARALLEL_BYTES = 1_000_000


def _load_in_parallel(
    found: list[tuple[str, Path]],
    parser: Parser,
    limits: Limits,
    into: Collected,
    cache: BuildCache | None,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Build the files in worker processes, each on its own, and merge them in order.

    Each file is built alone, as for the cache, and merged as the cache merges
    (a file whose ids clash with an earlier file's is built again against the
    others), so the result is the same as reading the files one by one.
    """
    read = [(name, read_bytes(name, path, limits)) for name, path in found]
    parts: dict[int, FilePart] = {}
    keys: dict[int, str] = {}
    if cache is not None:
        for number, (name, data) in enumerate(read):
            if isinstance(data, bytes) and len(data) >= cache.smallest:
                keys[number] = key = cache.key(name, data, parser.name, limits)
                part = cache.get(key)
                if part is not None:
                    parts[number] = part
    todo = {
        number: (name, data, parser, limits)
        for number, (name, data) in enumerate(read)
        if isinstance(data, bytes) and number not in parts
    }
    merged = 0

    def merge_through(last: int) -> None:
        """Merge every file up to number ``last`` in order, building any not built yet."""
        nonlocal merged
        while merged <= last:
            name, data = read[merged]
            if isinstance(data, Finding):
                into.problems.append(data)
                into.unreadable_files += 1
            elif merged in parts:
                _merge(parts.pop(merged), data, name, parser, limits, into)
            elif cache is not None:
                _build_cached(data, name, parser, limits, into, cache)
            else:
                build_bytes(data, name, parser, limits, into)
            read[merged] = (name, b"")  # merged: its bytes are not needed again
            merged += 1
            if progress is not None:
                progress(merged, len(read))

    if todo and sum(len(job[1]) for job in todo.values()) >= PARALLEL_BYTES:
        for number, part in _build_in_processes(todo, _part_of_job, workers):
            del todo[number]  # its bytes go once the file is merged
            parts[number] = part
            if cache is not None and number in keys:
                cache.put(keys[number], part)
            merge_through(number)  # merge while the workers build the next files
    merge_through(len(read) - 1)


def _part_of_job(job: tuple[str, bytes, Parser, Limits]) -> FilePart:
    name, data, parser, limits = job
    return _part_alone(data, name, parser, limits)


_Job = TypeVar("_Job")
_Made = TypeVar("_Made")


def _build_in_processes(
    jobs: dict[int, _Job],
    work: Callable[[_Job], _Made],
    workers: int,
    start: str | None = None,
) -> Iterator[tuple[int, _Made]]:
    """Each job done by ``work`` in one of ``workers`` processes (each file built alone:
    :func:`_part_of_job`, :func:`read_and_build`), yielded in order as it is done.

    ``start`` names how processes are started (``"forkserver"``, ``"spawn"``); the
    platform's default unless given. A program with threads must not fork: a child can
    inherit a lock another thread held, and wait on it for ever.

    A machine that cannot start processes (some sandboxes), or a worker that dies,
    is no reason to fail: the jobs not yielded are then done by the caller.
    The jobs are handed over at once (as :meth:`~concurrent.futures.Executor.map` does),
    so the caller may forget each as soon as it is yielded.
    """
    import concurrent.futures
    import multiprocessing

    chunk = max(1, len(jobs) // (workers * 8))
    numbers = list(jobs)
    try:
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=min(workers, len(jobs)),
            mp_context=multiprocessing.get_context(start),
            initializer=_start_worker,
        ) as pool:
            yield from zip(numbers, pool.map(work, jobs.values(), chunksize=chunk), strict=True)
    except (OSError, concurrent.futures.process.BrokenProcessPool):
        return


def _start_worker() -> None:
    """A worker builds a share of the files and exits: no cycles to collect, so no collector."""
    import gc

    gc.disable()


#: A file to read from disk, or its bytes as held already (compressed or not).
Source = Path | bytes | Zipped


def read_and_build(
    job: tuple[str, Source, Parser, Limits],
) -> tuple[bytes | Zipped | Finding | None, FilePart | None]:
    """One file read (when it is a path) and built alone, for a reader that keeps the
    files' bytes (the editor's workspace): the bytes read, compressed unless it is a
    workbook (which is compressed already), or what stopped them being read; None for
    bytes that were given. Done in a worker process, this keeps the whole model's bytes
    out of the process that asked, but for the compressed copy it keeps."""
    name, source, parser, limits = job
    if not isinstance(source, Path):
        return None, _part_alone(raw_bytes(source), name, parser, limits)
    data = read_bytes(name, source, limits)
    if isinstance(data, Finding):
        return data, None
    part = _part_alone(data, name, parser, limits)
    return (data if name.lower().endswith(WORKBOOK_SUFFIX) else Zipped(data)), part


def source_size(source: Source) -> int:
    """How many bytes a source holds, or would once read (0 when it cannot be told)."""
    if isinstance(source, Zipped):
        return source.size
    if isinstance(source, bytes):
        return len(source)
    try:
        return source.stat().st_size
    except OSError:
        return 0


def _part_alone(data: bytes, name: str, parser: Parser, limits: Limits) -> FilePart:
    """What one file gives when built on its own (for the cache and for worker processes)."""
    alone = Collected()
    build_bytes(data, name, parser, limits, alone)
    return FilePart(
        entities={kind: entries for kind, entries in alone.entities.items() if entries},
        problems=tuple(alone.problems),
        positions=alone.positions,
        id_sites=alone.id_sites,
        broken_ids=tuple(sorted(alone.broken_ids)),  # most are empty: the one empty tuple
        unreadable=alone.unreadable_files,
        # A workbook's positions are packed under its name and its sheets' names.
        packed_name=alone.position_files[0] if alone.position_files else None,
    )


def build_bytes(
    data: bytes, name: str, parser: Parser, limits: Limits, collected: Collected
) -> None:
    """Read one model file's bytes into ``collected`` with the reader its suffix names."""
    reader_for(name)(data, name, parser, limits, collected)


#: How a model file is read into what the files of a model gave: each format's reader
#: takes the file's bytes and reports every problem, located, into ``collected`` (see
#: :data:`READERS`).
Reader = Callable[[bytes, str, Parser, Limits, Collected], None]
#: A reader of text: the file is decoded first (UTF-8 only, see :func:`decode`).
TextReader = Callable[[str, str, Parser, Limits, Collected], None]


def _as_text(read: TextReader) -> Reader:
    """A reader of bytes that decodes them and hands the text to ``read``."""

    def reader(data: bytes, name: str, parser: Parser, limits: Limits, into: Collected) -> None:
        text = decode(name, data)
        if isinstance(text, Finding):
            into.problems.append(text)
            into.unreadable_files += 1
        else:
            read(text, name, parser, limits, into)

    return reader


def _read_csv(text: str, name: str, parser: Parser, limits: Limits, collected: Collected) -> None:
    csv_tables.read_csv(text, name, limits, collected)


def _read_workbook(
    data: bytes, name: str, parser: Parser, limits: Limits, collected: Collected
) -> None:
    """A workbook, read with openpyxl, which is imported only when a model holds one."""
    try:
        from cfgov.io import xlsx
    except ImportError:
        collected.problems.append(
            _problem(
                "CFG039",
                Location(name),
                "this workbook cannot be read: reading workbooks needs openpyxl, which is "
                "not installed",
                "Install cfgov with its xlsx extra: `pip install 'cfgov[xlsx]'`."
                + _leave_out(name),
            )
        )
        collected.unreadable_files += 1
        return
    try:
        xlsx.read_workbook(data, name, limits, into=collected)
    except xlsx.UnreadableWorkbook as exc:
        hint = (exc.finding.hint or "") + _leave_out(name)
        collected.problems.append(attrs.evolve(exc.finding, hint=hint.strip()))
        collected.unreadable_files += 1


def _leave_out(name: str) -> str:
    """How to leave a file out of the model, worded as CFG027 and CFG038 word it."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return (
        " If the file is not part of the model, add its path from the model's folder to "
        f'`exclude` in cfgov.toml: `exclude = ["{excerpt(base, 40)}"]`.'
    )


def reader_for(name: str) -> Reader:
    """The reader for a model file, chosen by its suffix (any case); YAML when none fits."""
    lowered = name.lower()
    for suffix, reader in READERS.items():
        if lowered.endswith(suffix):
            return reader
    return READERS[".yaml"]


def _build_cached(
    data: bytes, name: str, parser: Parser, limits: Limits, into: Collected, cache: BuildCache
) -> None:
    """Build one file from the cache, or build it on its own and cache it, then merge it.

    A file is built apart from the others so that its result can be reused; the
    only thing it takes from them is which ids are taken (see :func:`_merge`).
    A file smaller than the cache's ``smallest`` is simply built.
    """
    if len(data) < cache.smallest:
        build_bytes(data, name, parser, limits, into)
        return
    key = cache.key(name, data, parser.name, limits)
    part = cache.get(key)
    if part is None:
        part = _part_alone(data, name, parser, limits)
        cache.put(key, part)
    _merge(part, data, name, parser, limits, into)


def _merge(
    part: FilePart, data: bytes, name: str, parser: Parser, limits: Limits, into: Collected
) -> None:
    """Add what a file built alone gave to the whole.

    When one of its ids is taken already (a duplicate across files), the file is
    built again against the others, exactly as when reading files one by one, so
    the problems are the same.
    """
    if not into.id_sites.keys().isdisjoint(part.id_sites):
        build_bytes(data, name, parser, limits, into)
        return
    for kind, entries in part.entities.items():
        into.entities[kind].extend(entries)
    into.problems.extend(part.problems)
    # The part was built as the only file, number 0: renumber its positions as this file
    # (in place: the part is used once).
    number = into.begin_file(part.packed_name or name)
    base = pack_position(number, 0, 0)
    for entity, placed in part.positions.items():
        for spots in layers(placed):
            spots.file += number
        into.add_placed(entity, placed)
    if base:
        into.id_sites.update({key: base + at for key, at in part.id_sites.items()})
    else:
        into.id_sites.update(part.id_sites)
    into.broken_ids.update(part.broken_ids)
    into.unreadable_files += part.unreadable


def _build_text(text: str, name: str, parser: Parser, limits: Limits, collected: Collected) -> None:
    hidden, readable = characters.scan(name, text)
    collected.problems.extend(hidden)
    if not readable:  # YAML would see other lines than the editor shows: positions would mislead
        collected.unreadable_files += 1
        return
    result = parser.parse(text, name, limits)
    collected.problems.extend(result.problems)
    if result.root is None and result.problems:
        collected.unreadable_files += 1
    budget = limits.max_problems_per_file - len(result.problems) - len(hidden)
    builder = FileBuilder(
        name, collected, budget, max_path_chars=PATH_CHARS_PER_BYTE * limits.max_file_bytes
    )
    builder.build_root(result.root)


#: The reader of each kind of model file, by suffix (one for each of
#: :data:`MODEL_SUFFIXES`): one module per format, each reporting located problems into
#: the same :class:`~cfgov.io.build.Collected`. Text formats are decoded first; a
#: workbook is binary and read as bytes.
READERS: dict[str, Reader] = {
    ".yaml": _as_text(_build_text),
    ".yml": _as_text(_build_text),
    csv_tables.CSV_SUFFIX: _as_text(_read_csv),
    WORKBOOK_SUFFIX: _read_workbook,
}

#: What is said of a file named on its own that no reader is for.
NOT_A_MODEL_FILE = (
    "not a model file: cfgov reads files ending in .yaml, .yml, .csv (evidence) or .xlsx "
    "(a workbook)"
)


def load(
    paths: PathLike | Iterable[PathLike],
    *,
    limits: Limits | None = None,
    parser: Parser | None = None,
    allow_links_outside: bool = False,
) -> Model:
    """Load a model from a folder of YAML files, a file, or a list of either.

    Raises :class:`cfgov.LoadError` listing every problem, each with file,
    line and column. Nothing is printed and nothing is read from the
    environment. A folder's ``cfgov.toml`` may leave files out (its
    ``exclude`` setting); :func:`load_with_sources` also takes patterns to
    leave out, a cache and worker processes. A symbolic link that leads outside
    the model's folder is refused (CFG025) unless ``allow_links_outside`` is true
    (or the folder's ``cfgov.toml`` sets ``allow-links-outside = true``).
    """
    return load_with_sources(
        paths, limits=limits, parser=parser, allow_links_outside=allow_links_outside
    )[0]


def loads(
    text: str,
    *,
    name: str = "<string>",
    limits: Limits | None = None,
    parser: Parser | None = None,
) -> Model:
    """Load a model from YAML text; ``name`` is the file name used in problems."""
    return loads_with_sources(text, name=name, limits=limits, parser=parser)[0]


def loads_with_sources(
    text: str,
    *,
    name: str = "<string>",
    limits: Limits | None = None,
    parser: Parser | None = None,
) -> tuple[Model, SourceMap]:
    """Like :func:`loads`, with the source map.

    Unlike :func:`load`, empty text gives an empty model: the caller chose the
    text, so there is no wrong path to warn about.
    """
    limits = limits or DEFAULT_LIMITS
    collected = Collected()
    surrogate = _LONE_SURROGATE.search(text)
    if surrogate is not None:
        line, column = _text_position(text, surrogate.start())
        raise LoadError(
            [
                _problem(
                    "CFG015",
                    Location(name, line, column),
                    "the text holds a character that is not valid Unicode (a lone surrogate, "
                    f"U+{ord(surrogate.group()):04X}), so it cannot be UTF-8 YAML",
                    "It usually comes from bytes decoded with errors='surrogateescape': "
                    "decode the file as UTF-8, or pass its bytes to cfgov.load.",
                )
            ],
            (name,),
        )
    if len(text) > limits.max_file_bytes:  # characters: a lower bound on the bytes
        raise LoadError([_too_large(name, limits)], (name,))
    _build_text(text, name, parser or default_parser(), limits, collected)
    return assemble(collected, (name,), require_entries=False)
