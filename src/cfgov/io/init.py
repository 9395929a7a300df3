"""Write a commented starter model into a folder: the work behind ``cfgov init``.

The starter's files ship with cfgov as package data (``cfgov/io/starter/``);
the JSON Schema beside them is generated from the running cfgov, so it always
matches the format the files are checked against. Nothing is ever overwritten:
if any file the starter would write is already there, nothing is written.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from cfgov.io.loader import is_model_name
from cfgov.io.schema import json_schema
from cfgov.model import CfgovError

#: The template files of the starter, in the order they are written.
TEMPLATES = ("README.md", "cfgov.toml", "organisation.yaml", "segments.yaml", "objectives.yaml")
#: The generated JSON Schema the YAML files point editors at.
SCHEMA_FILE = "cfgov.schema.json"
#: The first line of every YAML file of the starter.
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"


class InitError(CfgovError):
    """The starter model could not be written; nothing of it was left behind.

    ``existing`` lists the files that were already there, when that is the
    reason (empty when the folder could not be created or written to).
    """

    def __init__(self, message: str, existing: Iterable[Path] = ()) -> None:
        self.existing: tuple[Path, ...] = tuple(existing)
        super().__init__(message)


def starter_files() -> dict[str, str]:
    """The starter's files, as file name to text, in the order they are written.

    The templates are read from the installed package; the schema is
    ``cfgov.json_schema()`` as ``cfgov schema`` prints it.
    """
    folder = resources.files("cfgov.io").joinpath("starter")
    files = {name: folder.joinpath(name).read_text(encoding="utf-8") for name in TEMPLATES}
    files[SCHEMA_FILE] = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    return files


def create_starter(folder: str | os.PathLike[str]) -> list[Path]:
    """Write the starter model into ``folder`` (created if needed); returns the paths written.

    Each file is written to a temporary file in the same folder and then moved
    into place, so no file is ever seen half-written. Raises :class:`InitError`
    without writing anything when any of the starter's files already exists
    there (other files in the folder are left alone), or when the folder
    cannot be created or written to.
    """
    target = Path(folder)
    files = starter_files()
    if target.exists() and not target.is_dir():
        raise InitError(
            f"{target} is a file, not a folder, so the starter cannot be written into it. "
            "Give the path of a new or existing folder."
        )
    _refuse_existing(target, files)
    _refuse_model_files(target)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InitError(f"cannot create the folder {target}: {_reason(exc)}.") from exc
    staged: list[tuple[Path, Path]] = []
    written: list[Path] = []
    try:
        for name, text in files.items():
            staged.append((_stage(target, name, text), target / name))
        # Look again just before moving the files in: the staging took time.
        _refuse_existing(target, files)
        for temporary, final in staged:
            os.replace(temporary, final)
            written.append(final)
    except OSError as exc:
        _remove(written)
        raise InitError(
            f"cannot write the starter into {target}: {_reason(exc)}. Nothing was written."
        ) from exc
    except InitError:
        _remove(written)
        raise
    finally:
        _remove(temporary for temporary, _ in staged)
    return written


def _refuse_existing(target: Path, files: Iterable[str]) -> None:
    """Raise :class:`InitError` naming every starter file already in ``target``."""
    existing = [target / name for name in files if os.path.lexists(target / name)]
    if not existing:
        return
    names = ", ".join(path.name for path in existing)
    noun = "file" if len(existing) == 1 else "files"
    raise InitError(
        f"{target} already holds {len(existing)} of the starter's {noun} ({names}), and "
        "cfgov init never overwrites a file, so nothing was written. Choose a new or empty "
        f"folder, or move those {noun} out of the way and run it again.",
        existing,
    )


#: How many entries of an existing folder to look through for model files.
_LOOK_AT_MOST = 20_000


def _refuse_model_files(target: Path) -> None:
    """Raise :class:`InitError` when ``target`` already holds YAML files of a model.

    The starter's ids would then sit beside the other files' and the mixture
    would, most likely, no longer load (two organisations, clashing ids).
    """
    if not target.is_dir():
        return
    found: list[Path] = []
    seen = 0
    for folder, folders, names in os.walk(target):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(names):
            seen += 1
            if not name.startswith(".") and is_model_name(name):
                found.append(Path(folder) / name)
        if len(found) >= 3 or seen > _LOOK_AT_MOST:
            break
    if not found:
        return
    shown = ", ".join(str(path.relative_to(target)) for path in found[:3])
    raise InitError(
        f"{target} already holds model files ({shown}{', ...' if len(found) > 2 else ''}), "
        "so nothing was written: the starter's entries mixed with yours would make a model "
        "that no longer loads. Write the starter to a new, empty folder outside this model "
        "instead (`cfgov init cfgov-starter`, say) and copy from it what you need.",
        found,
    )


def _stage(target: Path, name: str, text: str) -> Path:
    """Write ``text`` to a new hidden temporary file in ``target``; returns its path.

    The file is created with the usual permissions for new files (as the
    user's umask allows), not the owner-only ones of :mod:`tempfile`.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = target / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        _remove([temporary])
        raise
    return temporary


def _remove(paths: Iterable[Path]) -> None:
    """Delete files written by this run; tidying up must never hide the first failure."""
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
