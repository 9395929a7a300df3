"""Load a model as it stood at a git revision, so two versions can be compared.

The files are read straight from git's object store (``git ls-tree`` for the
list, ``git cat-file --batch`` for the content): nothing is checked out and
the working tree is left alone. File names in problems and in the source map
are relative to the folder given (``segments/a.yaml``), as a reviewer reads
them in a pull request.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

from cfgov.io.build import Collected
from cfgov.io.limits import DEFAULT_LIMITS, Limits
from cfgov.io.loader import (
    NOT_A_MODEL_FILE,
    assemble,
    build_bytes,
    default_parser,
    excluded,
    is_model_name,
)
from cfgov.io.parser import Parser
from cfgov.model import CfgovError, Finding, Location, Model, Severity, SourceMap

#: Variables that point git at another repository or index. Git sets them while it runs
#: hooks, and they would win over ``git -C``, so they are dropped for the commands here.
_REPOSITORY_VARIABLES = frozenset(
    {
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
        "GIT_PREFIX",
    }
)

#: Modes of ordinary files in a git tree; links (120000) and submodules (160000) are skipped.
_FILE_MODES = frozenset({"100644", "100755"})


class GitError(CfgovError):
    """Git could not give cfgov the files: no git, no repository, or no such revision."""


def is_revision(repo: str | os.PathLike[str], text: str) -> bool:
    """Whether ``text`` names a commit in the repository holding ``repo``.

    ``main``, ``HEAD~1``, ``v1.2`` and commit hashes do; anything else, or a
    folder outside git, or no git at all, gives False. It never raises, so a
    command line can use it to tell a revision from a path.
    """
    if not _plausible_revision(text):
        return False
    try:
        _resolve(repo, text)
    except GitError:
        return False
    return True


def load_revision(
    repo: str | os.PathLike[str],
    revision: str,
    paths: Sequence[str] = (),
    *,
    exclude: Sequence[str] = (),
    limits: Limits | None = None,
    parser: Parser | None = None,
) -> tuple[Model, SourceMap]:
    """Load the model held in ``repo`` (a folder in a git work tree) at ``revision``.

    ``paths`` are files or folders relative to ``repo`` (default: all of it);
    ``exclude`` holds glob patterns as in :func:`cfgov.load_with_sources`.
    Model files are chosen as the loader chooses them: ``.yaml``, ``.yml``, ``.csv`` and ``.xlsx``,
    skipping names that start with a dot, and honouring the ``exclude`` of a
    ``cfgov.toml`` atop a folder as it stood at that revision. File names in
    problems and sources are relative to ``repo``; the working tree is not read.

    Raises :class:`GitError` when git is missing, ``repo`` is not in a git
    repository or ``revision`` names no commit, and :class:`cfgov.LoadError`
    when the files at that revision do not make a valid model.
    """
    limits = limits or DEFAULT_LIMITS
    commit = _resolve(repo, revision)
    wanted = [_clean_path(p, repo) for p in paths] or ["."]
    listing = _list_files(repo, commit, wanted)
    collected = Collected()
    declared = _declared_exclude(repo, listing, wanted, collected.problems)
    chosen, problems = _choose(listing, wanted, exclude, declared, revision, limits)
    collected.problems.extend(problems)
    small = {name: oid for name, (oid, size) in chosen.items() if size <= limits.max_file_bytes}
    contents = _read_blobs(repo, list(small.values()))
    parser = parser or default_parser()
    for name, (oid, size) in chosen.items():
        if size > limits.max_file_bytes:
            collected.problems.append(_too_large(name, limits))
            collected.unreadable_files += 1
            continue
        build_bytes(contents[oid], name, parser, limits, collected)
    return assemble(collected, tuple(chosen))


def model_roots(folder: str | os.PathLike[str]) -> list[Path]:
    """The folders of the git repository holding ``folder`` that hold a tracked cfgov.toml.

    Each is a model's root. Files in the index count (a ``cfgov.toml`` staged
    for the next commit is a root already); names under a folder starting
    with a dot are left out, as the loader leaves them out.

    Raises :class:`GitError` when ``folder`` is not in a git work tree.
    """
    base = _top(folder)
    listing = _git(base, ["ls-files", "-z", "--cached"])
    if listing.returncode != 0:
        raise GitError(f"git could not list the files: {_said(listing)}")
    return _roots(base, listing.stdout, exists=True)


def settings_at(folder: str | os.PathLike[str], revision: str, name: str) -> bytes | None:
    """The bytes of the file ``name`` in ``folder`` as committed at ``revision``; None if absent.

    Raises :class:`GitError` when ``revision`` names no commit.
    """
    commit = _resolve(folder, revision)
    shown = _git(folder, ["cat-file", "blob", f"{commit}:./{name}"])
    return shown.stdout if shown.returncode == 0 else None


def roots_at(folder: str | os.PathLike[str], revision: str) -> list[Path]:
    """The model roots (folders with a cfgov.toml) of the repository as committed at ``revision``.

    Raises :class:`GitError` when ``folder`` is not in a git work tree or
    ``revision`` names no commit.
    """
    base = _top(folder)
    commit = _resolve(base, revision)
    listing = _git(base, ["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit])
    if listing.returncode != 0:
        raise GitError(f"git could not list the files of {commit[:12]}: {_said(listing)}")
    return _roots(base, listing.stdout, exists=False)


def untracked_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Files below ``folder`` that git does not track, ignored ones included.

    A commit does not hold them, though they lie in the model's folder.
    Raises :class:`GitError` when ``folder`` is not in a git work tree.
    """
    listing = _git(folder, ["ls-files", "-z", "--others", "--full-name", "--", "."])
    if listing.returncode != 0:
        raise GitError(f"git could not list the files: {_said(listing)}")
    base = _top(folder)
    return [
        base / raw.decode("utf-8", errors="surrogateescape")
        for raw in listing.stdout.split(b"\x00")
        if raw
    ]


def git_top(folder: str | os.PathLike[str]) -> Path:
    """The top of the git work tree holding ``folder``; :class:`GitError` outside one."""
    return _top(folder if os.path.isdir(folder) else os.path.dirname(folder) or ".")


def _top(folder: str | os.PathLike[str]) -> Path:
    top = _git(folder, ["rev-parse", "--show-toplevel"])
    if top.returncode != 0:
        raise GitError(f"{os.fspath(folder)!r} is not in a git repository ({_said(top)})")
    return Path(top.stdout.decode("utf-8", errors="surrogateescape").strip())


def _roots(base: Path, listing: bytes, *, exists: bool) -> list[Path]:
    roots = []
    for raw in listing.split(b"\x00"):
        name = raw.decode("utf-8", errors="surrogateescape")
        parts = name.split("/")
        if parts[-1] != "cfgov.toml" or any(part.startswith(".") for part in parts[:-1]):
            continue
        if not exists or (base / name).is_file():
            roots.append((base / name).parent.resolve())
    return sorted(set(roots))


# -- choosing files -----------------------------------------------------------------


def _clean_path(path: str, repo: str | os.PathLike[str]) -> str:
    """A path as git and the loader's names want it: forward slashes, no ``./`` or trailing /."""
    cleaned = posixpath.normpath(path.replace(os.sep, "/")) if path else ""
    if not cleaned or cleaned.startswith(("/", "../")) or cleaned == "..":
        raise GitError(
            f"the path {path!r} is not inside {os.fspath(repo)!r}: give paths relative to "
            "the folder being compared"
        )
    return cleaned


def _walk_order(name: str) -> tuple[tuple[int, str], ...]:
    """A sort key that lists files as the loader's folder walk does: files, then sub-folders."""
    *folders, file = name.split("/")
    return (*((1, f) for f in folders), (0, file))


def _choose(
    listing: Mapping[str, tuple[str, int]],
    wanted: Sequence[str],
    exclude: Sequence[str],
    declared: Mapping[str, tuple[str, ...]],
    revision: str,
    limits: Limits,
) -> tuple[dict[str, tuple[str, int]], list[Finding]]:
    """The YAML files of the model among those listed, in reading order, and problems met."""
    chosen: dict[str, tuple[str, int]] = {}
    problems: list[Finding] = []
    for given in wanted:
        if given in listing:  # a file named on its own
            if is_model_name(given):
                chosen.setdefault(given, listing[given])
            else:
                problems.append(
                    _problem(
                        "CFG017",
                        given,
                        NOT_A_MODEL_FILE,
                        "Leave it out of the paths to compare.",
                    )
                )
            continue
        prefix = _prefix(given)
        patterns = (*exclude, *declared.get(given, ()))
        found = sorted(
            (
                name
                for name in listing
                if name.startswith(prefix)
                and is_model_name(name)
                and not any(part.startswith(".") for part in name[len(prefix) :].split("/"))
                and not excluded(name[len(prefix) :], patterns)
            ),
            key=_walk_order,
        )
        if not found:
            problems.append(_nothing_here(given, revision))
        for name in found:
            chosen.setdefault(name, listing[name])
    if len(chosen) > limits.max_files:
        problems.append(
            _problem(
                "CFG014",
                wanted[0],
                f"the model has more than {limits.max_files:,} files at revision {revision!r}",
                "Compare the folder of one model; programs that compare very large models can "
                "raise Limits.max_files.",
            )
        )
        chosen = dict(list(chosen.items())[: limits.max_files])
    return chosen, problems


def _prefix(folder: str) -> str:
    return "" if folder == "." else folder + "/"


def _declared_exclude(
    repo: str | os.PathLike[str],
    listing: Mapping[str, tuple[str, int]],
    wanted: Sequence[str],
    problems: list[Finding],
) -> dict[str, tuple[str, ...]]:
    """The ``exclude`` patterns of the ``cfgov.toml`` atop each folder, as it was then.

    The loader honours this one setting of a model folder's configuration
    (which files belong to the model), so a revision of the folder is read
    the same way.
    """
    found: dict[str, tuple[str, ...]] = {}
    configs = {
        given: _prefix(given) + "cfgov.toml"
        for given in wanted
        if _prefix(given) + "cfgov.toml" in listing
    }
    contents = _read_blobs(repo, [listing[name][0] for name in configs.values()])
    for given, name in configs.items():
        data = contents[listing[name][0]]
        try:
            table = tomllib.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
            reason = "it nests too deeply" if isinstance(exc, RecursionError) else str(exc)
            problems.append(
                _problem(
                    "CFG021",
                    name,
                    f"the configuration cannot be read: {reason}",
                    "Fix the file at that revision, or compare folders without it.",
                )
            )
            continue
        patterns = table.get("exclude", [])
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            problems.append(
                _problem(
                    "CFG021",
                    name,
                    "`exclude` must be a list of glob patterns",
                    'Write it as `exclude = ["ci/*"]`.',
                )
            )
            continue
        found[given] = tuple(patterns)
    return found


def _problem(code: str, file: str, message: str, hint: str) -> Finding:
    return Finding(
        code=code, severity=Severity.ERROR, message=message, hint=hint, location=Location(file)
    )


def _nothing_here(given: str, revision: str) -> Finding:
    return _problem(
        "CFG017",
        given,
        f"at revision {revision!r} there are no .yaml or .yml files here",
        "Check the path and the revision: `git ls-tree -r REVISION -- PATH` lists what it held.",
    )


def _too_large(name: str, limits: Limits) -> Finding:
    return _problem(
        "CFG014",
        name,
        f"the file is larger than {limits.max_file_bytes:,} bytes",
        "Split the model over several files, or raise Limits.max_file_bytes if you trust it.",
    )


# -- talking to git -----------------------------------------------------------------


def _plausible_revision(text: str) -> bool:
    """Text git could read as a revision and never as an option."""
    return bool(text) and not text.startswith("-") and "\x00" not in text and text.strip() == text


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}


def _git(
    repo: str | os.PathLike[str], args: Iterable[str], *, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``repo``; GitError when git cannot be run at all."""
    command = ["git", "-C", os.fspath(repo), "--literal-pathspecs", *args]
    try:
        return subprocess.run(  # a list of arguments: nothing passes through a shell
            command, input=stdin, capture_output=True, env=_environment(), check=False
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed, or not on the PATH: cfgov needs it to read a revision. "
            "Install git, or compare two folders instead."
        ) from None
    except OSError as exc:
        raise GitError(f"git could not be run: {exc.strerror or exc}") from None


def _said(result: subprocess.CompletedProcess[bytes]) -> str:
    """What git said on standard error, on one line."""
    return " ".join(result.stderr.decode("utf-8", errors="replace").split())


def _resolve(repo: str | os.PathLike[str], revision: str) -> str:
    """The full hash of the commit ``revision`` names in ``repo``."""
    shown = os.fspath(repo)
    if not os.path.isdir(repo):
        raise GitError(f"{shown!r} is not a folder, so it cannot be read with git")
    where = _git(repo, ["rev-parse", "--is-inside-work-tree", "--is-bare-repository"])
    if where.returncode != 0:
        raise GitError(
            f"{shown!r} is not in a git repository ({_said(where)}); give a folder inside "
            "a git work tree, or compare two folders instead"
        )
    if not _plausible_revision(revision):
        raise GitError(f"{revision!r} is not a revision git can read")
    found = _git(repo, ["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"])
    if found.returncode != 0:
        raise GitError(
            f"there is no commit {revision!r} in the repository at {shown!r}: check the "
            "branch, tag or commit name (`git log --oneline` lists commits; a branch that "
            "exists only on the server needs `git fetch` first)"
        )
    return found.stdout.decode("ascii").strip()


def _list_files(
    repo: str | os.PathLike[str], commit: str, wanted: Sequence[str]
) -> dict[str, tuple[str, int]]:
    """Ordinary files below ``repo`` at ``commit``: name (relative to repo) -> (object, size)."""
    listing = _git(repo, ["ls-tree", "-r", "-l", "-z", commit, "--", *wanted])
    if listing.returncode != 0:
        raise GitError(f"git could not list the files of {commit[:12]}: {_said(listing)}")
    files: dict[str, tuple[str, int]] = {}
    for entry in listing.stdout.split(b"\x00"):
        if not entry:
            continue
        meta, _, raw_name = entry.partition(b"\t")
        mode, kind, oid, size = meta.split()
        if kind != b"blob" or mode.decode() not in _FILE_MODES:
            continue
        name = raw_name.decode("utf-8", errors="surrogateescape")
        if name.startswith("../") or "/../" in name:
            continue  # outside the folder compared: only reachable through a path given
        files[name] = (oid.decode("ascii"), int(size))
    return files


def _read_blobs(repo: str | os.PathLike[str], oids: Sequence[str]) -> dict[str, bytes]:
    """The content of each object, read with one ``git cat-file --batch``."""
    if not oids:
        return {}
    unique = list(dict.fromkeys(oids))
    result = _git(repo, ["cat-file", "--batch"], stdin="".join(o + "\n" for o in unique).encode())
    if result.returncode != 0:
        raise GitError(f"git could not read the files: {_said(result)}")
    out = result.stdout
    contents: dict[str, bytes] = {}
    at = 0
    for oid in unique:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) != 3 or header[0].decode("ascii") != oid:
            raise GitError(f"git gave an unexpected answer for object {oid}")
        size = int(header[2])
        contents[oid] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return contents
