"""Writing files so that nobody ever reads half of one."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes, as they are) to ``path`` through a temporary file in the
    same folder and a rename.

    A reader sees the old file or the new one, never a mixture; if writing fails
    (a full disk) or the process is stopped (Ctrl-C, or SIGTERM, which the
    command line turns into an exception), the old file is untouched and the
    temporary one is removed. A new file gets the permissions new files get
    (what the user's umask allows); a replaced file keeps its own.
    """
    if path.exists() and not path.is_file():
        raise IsADirectoryError(21, "not a regular file; it will not be replaced", str(path))
    folder = path.parent if str(path.parent) else Path(".")
    mode = None
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(path.stat().st_mode)
    temporary = None
    try:
        handle, temporary = _create_temporary(folder, path.name)
        if mode is not None:
            os.fchmod(handle, mode)
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        raise


def write_files(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Write several files under ``folder`` (made if missing), each one atomically.

    The caller makes every file's content before calling, so that a command that
    fails has written nothing; names are relative paths inside ``folder``.
    """
    for name in sorted(files):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, files[name])


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new hidden file beside the target, created as new files are (mode 0666 less umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
