"""Writing files so that nobody ever reads half of one."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
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


def write_folder(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Write several files under ``folder`` so that a run stopped half way changes nothing.

    The files are written first into a hidden folder beside ``folder`` (on the same file
    system); only when every one is there does it take ``folder``'s place (a new or empty
    folder) or its files move in, one rename each, replacing those of the same name and
    leaving the others (a folder that holds files). Ctrl-C, SIGTERM or a full disk while
    the files are written leaves ``folder`` as it was and removes the hidden one, so no one
    opens half a site and takes it for the whole.
    """
    parent = folder.parent if str(folder.parent) else Path(".")
    # The folders above ``folder`` this call makes, to remove again should it stop.
    made = [p for p in (parent, *parent.parents) if not os.path.lexists(p)]
    parent.mkdir(parents=True, exist_ok=True)
    staged = None
    try:
        staged = _create_temporary_folder(parent, folder.name)
        for name in sorted(files):
            path = staged / name
            path.parent.mkdir(parents=True, exist_ok=True)
            text = files[name]
            path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        if not folder.is_symlink() and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        if not os.path.lexists(folder):
            os.rename(staged, folder)
            return
        # Refuse before moving anything: a folder where a page goes, or a file where a folder does.
        for name in sorted(files):
            path = folder / name
            if os.path.lexists(path) and not path.is_file():
                raise IsADirectoryError(
                    21, "not a regular file; it will not be replaced", str(path)
                )
            for above in path.relative_to(folder).parents:
                if os.path.lexists(folder / above) and not (folder / above).is_dir():
                    raise NotADirectoryError(
                        20, "a file is where a folder goes", str(folder / above)
                    )
        for name in sorted(files):
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                os.chmod(staged / name, stat.S_IMODE(path.stat().st_mode))
            os.replace(staged / name, path)
    except BaseException:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)
        for above in made:  # innermost first
            with contextlib.suppress(OSError):
                above.rmdir()
        raise
    finally:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)


def _create_temporary_folder(parent: Path, name: str) -> Path:
    """A new hidden folder beside the target, made as new folders are (0777 less umask)."""
    while True:
        temporary = parent / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            temporary.mkdir()
        except FileExistsError:
            continue
        return temporary


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new hidden file beside the target, created as new files are (mode 0666 less umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
