"""A cache of built files, so that a re-check reads again only the files that changed.

Loading a large model is mostly parsing YAML. The result of reading one file
(its entities, where each was written, and its problems) depends only on the
file's name and bytes, the cfgov version, the parser and the limits, so it can
be kept under a hash of those and reused while the file is unchanged.

The cache is opt-in for the library (pass a :class:`BuildCache` to
:func:`cfgov.load_with_sources`); the ``cfgov`` command uses one in the
user's cache folder unless told ``--no-cache``.

Entries are pickles, which can run code when read, so each is signed with a
random key that lives in the cache folder (readable by its owner only) and
an entry whose signature does not match is ignored. The signature covers the
entry's own key as well as its content, so a signed entry copied over another
entry's file is ignored too, instead of standing in for a different file.
Keep the cache folder out of version control: a key committed with it would
sign anything.

An entry is read only if it is a regular file (not a link, pipe or device)
of at most :data:`MAX_ENTRY_BYTES`; anything else is a miss, so a planted
file can neither block a run nor make it read gigabytes.

Entries that no run has used for a while are removed by :meth:`BuildCache.prune`
(the ``cfgov`` command calls :meth:`BuildCache.prune_if_due` after loading, so
a cache folder does not grow without end as files are edited).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import pickle
import re
import secrets
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs

from cfgov._version import __version__
from cfgov.io.limits import Limits
from cfgov.model import Finding
from cfgov.model.sources import Placed

#: Raised when the layout or content of entries changes, so old entries are never read.
CACHE_FORMAT = 8
_KEY_FILE = "signing-key"
_SIGNATURE = 32  # bytes of HMAC-SHA256
_PRUNED_FILE = "last-pruned"
_FORMAT_NAME = re.compile(r"v[0-9]+")
_SHARD_NAME = re.compile(r"[0-9a-f]{2}")
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}|\..+\.tmp")
_DAY = 24 * 60 * 60
#: The largest entry read back. An entry for the largest file the default limits allow
#: takes a few times that file's 8 MiB; a bigger one was not written by cfgov.
MAX_ENTRY_BYTES = 256 * 1024 * 1024
#: An entry is kept this long after the last run that used it.
KEEP_UNUSED_FOR = 30 * _DAY


@attrs.frozen
class FilePart:
    """What one file contributed to a model: entities, positions, ids and problems."""

    entities: dict[str, list[Any]]
    problems: tuple[Finding, ...]
    positions: dict[str, Placed]
    id_sites: dict[str, int]
    #: The ids of entries the file gives but could not build, in order (a tuple: nearly
    #: always empty, and read back from a worker or the cache as the one empty tuple).
    broken_ids: tuple[str, ...]
    unreadable: int
    #: The name the positions are packed under, when not the file's own: a workbook's
    #: (see :func:`cfgov.model.sources.workbook_name`) names its sheets too.
    packed_name: str | None = None


#: The smallest file whose part the cache keeps (see :class:`BuildCache`).
SMALLEST_CACHED = 1024


class BuildCache:
    """A folder of :class:`FilePart` entries keyed by a hash of each file's content.

    Never raises for a missing, unwritable or damaged cache: a failed read is a
    miss and a failed write is skipped. ``hits`` and ``misses`` count lookups.

    Files smaller than ``smallest`` bytes are read afresh every time, never through
    the cache: reading such a file's entry back is barely quicker than reading the file
    (measured: 0.22 ms against 0.19 ms for a one-entry file of 160 bytes, 0.30 ms
    against 0.37 ms at 600 bytes), and writing the entry costs more than reading it
    (about 0.3 ms), so that a first run over many small files took more than twice as
    long with an empty cache as with none, and never made it up.
    """

    def __init__(self, folder: str | os.PathLike[str], *, smallest: int = SMALLEST_CACHED) -> None:
        self.folder = Path(folder)
        self.smallest = smallest
        self.hits = 0
        self.misses = 0
        self._secret: bytes | None = None

    def __repr__(self) -> str:
        return f"<BuildCache {self.folder} ({self.hits} hits, {self.misses} misses)>"

    def key(self, name: str, data: bytes, parser: str, limits: Limits) -> str:
        """The entry name for ``data`` read as file ``name`` by ``parser`` within ``limits``."""
        digest = hashlib.sha256()
        context = (
            f"cfgov {__version__} {code_fingerprint()}; cache {CACHE_FORMAT}; "
            f"python {sys.version_info[:2]}; parser {parser}; {limits!r}; file "
        )
        digest.update(context.encode("utf-8"))
        digest.update(_name_bytes(name) + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"v{CACHE_FORMAT}" / key[:2] / key

    def _key_bytes(self, create: bool) -> bytes | None:
        if self._secret is not None:
            return self._secret
        path = self.folder / _KEY_FILE
        secret = _read_bounded(path, 32)
        if secret is not None and len(secret) == 32:
            self._secret = secret
            return secret
        if not create:
            return None
        secret = secrets.token_bytes(32)
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write(path, secret, mode=0o600)
        except OSError:
            return None
        # Another process may have won the race: use whichever key is on disk.
        on_disk = _read_bounded(path, 32)
        if on_disk is None or len(on_disk) != 32:
            return None
        self._secret = on_disk
        return on_disk

    def get(self, key: str) -> FilePart | None:
        """The entry for ``key``, or None when absent, unsigned or unreadable."""
        part = self._read(key)
        if part is None:
            self.misses += 1
        else:
            self.hits += 1
        return part

    def _read(self, key: str) -> FilePart | None:
        secret = self._key_bytes(create=False)
        if secret is None:
            return None
        path = self._path(key)
        blob = _read_bounded(path, MAX_ENTRY_BYTES)
        if blob is None:
            return None
        signature, payload = blob[:_SIGNATURE], blob[_SIGNATURE:]
        expected = _sign(secret, key, payload)
        if not hmac.compare_digest(signature, expected):
            return None
        try:
            part = pickle.loads(payload)  # safe: signed with this user's own key
        except Exception:  # a damaged entry is a miss, whatever went wrong
            return None
        if not isinstance(part, FilePart):
            return None
        self._mark_used(path)
        return part

    @staticmethod
    def _mark_used(path: Path) -> None:
        """Note that an entry was used, for :meth:`prune`: its modification time is brought
        up to date, at most once a day so that a warm run stays a run of reads."""
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > _DAY:
                os.utime(path)

    def prune(self, *, older_than: float = KEEP_UNUSED_FOR, now: float | None = None) -> int:
        """Remove entries unused for ``older_than`` seconds, and every entry of an older
        cache format; return how many were removed.

        Only files laid out as entries are touched (``v<format>/<2 hex>/<64 hex>``, and
        the temporary files entries are written through), so a cache folder pointed at
        by mistake loses nothing else. Never raises: what cannot be removed is left.
        """
        now = time.time() if now is None else now
        removed = 0
        for layout in _matching(self.folder, _FORMAT_NAME):
            current = layout.name == f"v{CACHE_FORMAT}"
            for shard in _matching(layout, _SHARD_NAME):
                for path in _matching(shard, _ENTRY_NAME):
                    # A temporary file more than a day old was left by a run stopped while
                    # writing it; a younger one may be being written now.
                    limit = _DAY if path.name.endswith(".tmp") else older_than
                    try:
                        if not current or now - path.stat().st_mtime > limit:
                            path.unlink()
                            removed += 1
                    except OSError:
                        continue
                with contextlib.suppress(OSError):
                    shard.rmdir()  # only if nothing is left in it
            with contextlib.suppress(OSError):
                layout.rmdir()
        return removed

    def prune_if_due(self, *, every: float = _DAY, now: float | None = None) -> int | None:
        """:meth:`prune`, when it has not run in this folder for ``every`` seconds.

        Returns what :meth:`prune` returned, or None when it was not due (or the
        folder does not exist yet).
        """
        now = time.time() if now is None else now
        marker = self.folder / _PRUNED_FILE
        try:
            if now - marker.stat().st_mtime < every:
                return None
        except FileNotFoundError:
            if not self.folder.is_dir():
                return None
        except OSError:
            return None
        with contextlib.suppress(OSError):
            marker.touch()
            os.utime(marker, (now, now))
        return self.prune(now=now)

    def put(self, key: str, part: FilePart) -> None:
        """Store ``part`` under ``key``; silently skipped if the folder cannot be written."""
        secret = self._key_bytes(create=True)
        if secret is None:
            return
        payload = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
        signature = _sign(secret, key, payload)
        path = self._path(key)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write(path, signature + payload, mode=0o600)


@functools.cache
def code_fingerprint() -> str:
    """A hash of cfgov's own source, so that no entry outlives a change to the code.

    The version number alone is not enough: copies installed from git between
    releases, and checkouts being worked on, share one version but not one code.
    Reading the package's source takes a few milliseconds, once per process.
    """
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _name_bytes(name: str) -> bytes:
    """A file name as bytes for the key: the name's bytes on disk (``os.fsencode``), so a
    name that is not valid UTF-8 (``caf\\xe9.yaml`` on Linux) has a key too.

    A name no file system gave (a lone surrogate passed in by a program) is encoded
    with ``surrogatepass``; the first byte keeps the two kinds from ever meeting.
    """
    try:
        return b"f" + os.fsencode(name)
    except UnicodeEncodeError:
        return b"s" + name.encode("utf-8", "surrogatepass")


def _sign(secret: bytes, key: str, payload: bytes) -> bytes:
    """The signature of an entry: over its key and its content, so that it holds only
    under its own name."""
    signed = hmac.new(secret, _name_bytes(key) + b"\0", hashlib.sha256)
    signed.update(payload)
    return signed.digest()


def _read_bounded(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes, else None.

    Never follows a link, never blocks on a pipe (it is opened without waiting and
    refused), and never reads more than ``limit + 1`` bytes, whatever stands at ``path``.
    """
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_BINARY", 0)
    )
    try:
        if os.path.islink(path):  # where O_NOFOLLOW is missing (Windows)
            return None
        handle = os.open(path, flags)
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(handle, "rb") as stream:
            handle = -1
            data = stream.read(limit + 1)
    except OSError:
        return None
    finally:
        if handle >= 0:
            os.close(handle)
    return data if len(data) <= limit else None


def _matching(folder: Path, name: re.Pattern[str]) -> list[Path]:
    """The entries of ``folder`` whose names match ``name`` (none if it cannot be listed)."""
    try:
        return [path for path in folder.iterdir() if name.fullmatch(path.name)]
    except OSError:
        return []


def _write(path: Path, data: bytes, *, mode: int) -> None:
    """Write through a temporary file and a rename, so readers never see half an entry."""
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):  # not on Windows
            os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def default_cache_folder(environ: dict[str, str] | None = None) -> Path:
    """Where the ``cfgov`` command keeps its cache: ``$XDG_CACHE_HOME/cfgov``, else
    ``~/.cache/cfgov`` (``%LOCALAPPDATA%\\cfgov\\cache`` on Windows)."""
    env = os.environ if environ is None else environ
    if os.name == "nt" and env.get("LOCALAPPDATA"):
        return Path(env["LOCALAPPDATA"]) / "cfgov" / "cache"
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cfgov"
