"""Options shared by several commands, and turning them into what a command needs.

Every command that loads a model takes the same settings, cache and worker
options (:func:`add_model_options`) and resolves them the same way
(:func:`resolve_target`, :func:`load_model`); commands that write a result
take ``--output`` and ``--force`` (:func:`add_output`).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs

from cfgov.cli.exits import EXIT_ERROR
from cfgov.cli.status_line import add_progress_option, step
from cfgov.io import load_with_sources
from cfgov.io.cache import BuildCache, default_cache_folder
from cfgov.io.config import CONFIG_FILE, Settings, find_config, find_model_root, read_settings
from cfgov.model import Model, SourceMap
from cfgov.rules import CheckResult, Config, Rule, check


class UsageError(Exception):
    """The command line asks for something that cannot be done; exit 2 with this message."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit 2 with a one-line pointer to --help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.stderr.write(f"Run `{self.prog} --help` for the options.\n")
        raise SystemExit(EXIT_ERROR)


def indent(text: str) -> int:
    """Spaces per level of JSON: 0 to 8."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if not 0 <= value <= 8:
        raise argparse.ArgumentTypeError(f"must be between 0 and 8, not {value}")
    return value


def jobs(text: str) -> int:
    """A number of jobs: a whole number from 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


def add_output(parser: argparse.ArgumentParser) -> None:
    """``--output FILE`` and ``--force``."""
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of the screen (atomically: a reader never sees half a "
        "file; nothing is written when the command fails)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace FILE if it exists (with --output)"
    )


def add_paths(parser: argparse.ArgumentParser, help_text: str) -> None:
    """The model's folders or files; by default the current folder."""
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help=help_text)


def add_model_options(command: argparse.ArgumentParser) -> None:
    """The options of every command that loads a model and checks it: settings and cache."""
    config = command.add_mutually_exclusive_group()
    config.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from this cfgov.toml or pyproject.toml instead of looking for one "
        "next to the model and in the folders above it",
    )
    config.add_argument("--no-config", action="store_true", help="ignore any configuration file")
    caching = command.add_mutually_exclusive_group()
    caching.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="keep what each file gave in this folder and reuse it while the file is unchanged "
        "(default: $XDG_CACHE_HOME/cfgov, else ~/.cache/cfgov); never inside the repository",
    )
    caching.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file afresh and write no cache",
    )
    command.add_argument(
        "-j",
        "--jobs",
        type=jobs,
        metavar="N",
        help="read files in N processes at once (default: one per CPU core, at most 8); "
        "used only when more than 1 MB of files must be read afresh",
    )
    add_progress_option(command)


@attrs.frozen
class Target:
    """What a command reads: the model's paths and settings.

    ``root`` is the model's root (the folder holding ``cfgov.toml``) when the
    command was given files inside one, as pre-commit gives them; ``files``
    are then the real paths of those files.
    """

    paths: list[str]
    settings: Settings
    root: Path | None = None
    files: frozenset[str] | None = None


def display(path: Path) -> str:
    """A folder as the user would write it: relative to here when it is below here."""
    here = Path.cwd().resolve()
    try:
        return path.relative_to(here).as_posix() or "."
    except ValueError:
        return str(path)


#: How ``--unit`` names an entry of another kind that says which unit it is of.
_OF_A_UNIT = {
    "segment": "a segment",
    "assessment": "a self-assessment",
    "initiative": "an initiative",
    "aim": "an aim",
}


def not_a_unit(model: Model, given: str) -> str | None:
    """Why ``--unit given`` names no organisation or unit, with what to give instead; or None.

    An analyst gives a unit's id from memory, or the id of the unit's assessment or of
    one of its segments: say which unit was meant rather than only "no such unit".
    """
    from cfgov.model import quoted

    kind = model.kind_of(given)
    if kind == "unit":
        return None
    owner = getattr(model.get(given), "unit", None)
    if kind in _OF_A_UNIT and isinstance(owner, str) and model.kind_of(owner) == "unit":
        return f"{quoted(given)} is {_OF_A_UNIT[kind]} of unit {quoted(owner)}: give --unit {owner}"
    said = f"there is no organisation or unit {quoted(given)} in the model"
    if kind is not None:
        return f"{said}: {quoted(given)} is the id of a {kind}"
    close = difflib.get_close_matches(given, [unit.id for unit in model.units], n=1)
    return f"{said}; did you mean {quoted(close[0])}?" if close else said


def check_codes(option: str, codes: Sequence[str], rules: Sequence[Rule]) -> None:
    """Refuse a code or prefix that matches no rule, with the nearest code as a suggestion.

    A mistyped ``--select CFG991`` would otherwise run no rule at all and pass.
    """
    known = [rule.code for rule in rules]
    for code in codes:
        if any(k.startswith(code.upper()) for k in known):
            continue
        guess = _nearest_code(code, known)
        guess = f" Did you mean {guess}?" if guess else ""
        raise UsageError(
            f"{option} names {code!r}, which matches no rule cfgov knows.{guess} "
            "`cfgov rules` lists the codes."
        )


_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _nearest_code(code: str, known: Sequence[str]) -> str | None:
    """The rule code someone typing ``code`` most likely meant (``CFG1O9``: CFG109)."""
    upper = code.strip().upper()
    letters = len(upper) - len(upper.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    # A letter O or I among the digits is the commonest slip of all.
    for cut in range(min(letters, 3), 0, -1):
        fixed = upper[:cut] + upper[cut:].translate(_LOOKALIKES)
        if fixed in known:
            return fixed
    close = difflib.get_close_matches(upper, known, n=1)
    return close[0] if close else None


def split_codes(text: str | None) -> tuple[str, ...]:
    """``"CFG101, CFG11"`` as ``("CFG101", "CFG11")``."""
    if not text:
        return ()
    return tuple(part.strip() for part in text.split(",") if part.strip())


#: A model to load: its root (None for files in no root), the paths to load, the files given.
Group = tuple[Path | None, list[str], frozenset[str] | None]


def resolve_targets(
    args: argparse.Namespace, rules: tuple[Rule, ...], *, changed: bool = False
) -> list[Target]:
    """The models a command names, each with its settings and the files it was given.

    Given only files, each file inside a model root (a folder with
    ``cfgov.toml``) stands for the whole root (its references need all of
    it), as pre-commit passes the files a commit changes. With ``changed``,
    the paths are the files a change touched (perhaps none: a commit that
    only deletes files) and every model root in the git repository is
    checked, since a deletion can break a model without any of its files
    being given. An empty list means nothing of a model was given.

    Raises :class:`cfgov.ConfigError` for unusable settings and
    :class:`UsageError` for an unknown rule code on the command line.
    """
    select = split_codes(getattr(args, "select", None))
    ignore = split_codes(getattr(args, "ignore", None))
    check_codes("--select", select, rules)
    check_codes("--ignore", ignore, rules)
    paths = list(args.paths)
    groups: list[Group]
    if changed:
        groups = _changed_models(paths)
    elif paths and all(os.path.isfile(p) for p in paths):
        groups = _files_given(paths)
    else:
        groups = [(None, paths or ["."], None)]
    given = Config(select=select, ignore=ignore)
    return [_target(args, rules, given, root, load, files) for root, load, files in groups]


def resolve_target(args: argparse.Namespace, rules: tuple[Rule, ...]) -> Target:
    """The one model a command names (see :func:`resolve_targets`)."""
    targets = resolve_targets(args, rules)
    if len(targets) != 1:
        raise UsageError(
            "give the folder of one model"
            if targets
            else "none of the files given is part of a model"
        )
    return targets[0]


def _target(
    args: argparse.Namespace,
    rules: tuple[Rule, ...],
    given: Config,
    root: Path | None,
    paths: list[str],
    files: frozenset[str] | None,
) -> Target:
    settings = Settings()
    if not args.no_config:
        if args.config:
            path: Path | None = Path(args.config)
        elif root is not None:
            path = root / CONFIG_FILE
        else:
            path = find_config(Path(paths[0] or "."))
        if path is not None:
            settings = read_settings(path, rules)
    found_config = settings.config
    fail_on = getattr(args, "fail_on", None)  # (only `check` has these)
    given = attrs.evolve(given, fail_on=None if fail_on == "never" else (fail_on or "error"))
    merged = found_config.merged(given)
    if fail_on is None:  # the command line did not say: keep the file's choice
        merged = attrs.evolve(merged, fail_on=found_config.fail_on)
    chosen = attrs.evolve(settings, config=merged)
    return Target(paths, chosen, root, files)


def _files_given(paths: list[str]) -> list[Group]:
    """The models that given files belong to: each root, the paths to load, its files.

    Files inside a model root (a folder holding ``cfgov.toml``) stand for the
    whole root. Files under a name starting with a dot
    (``.pre-commit-config.yaml``, ``.github/``), which the loader never reads
    from a folder, are no part of a model and are left out. The other files
    in no root at all are a model of their own.
    """
    roots = {p: find_model_root(Path(p)) for p in paths}
    found = sorted({r for r in roots.values() if r is not None})
    loose = [p for p in paths if roots[p] is None and not _hidden(_absolute(p), _top(Path(p)))]
    groups = [_group(root, [p for p, r in roots.items() if r == root]) for root in found]
    # Files in no model root are a model of their own, as when they are given alone.
    return [*groups, (None, loose, None)] if loose else groups


def _absolute(path: str) -> Path:
    """The path from the top of the file system, links left as they are (as the loader sees it)."""
    return Path(os.path.abspath(path))


def _group(root: Path, paths: list[str]) -> Group:
    inside = [p for p in paths if not _hidden(_absolute(p), root)]
    return root, [display(root)], frozenset(os.path.realpath(p) for p in inside)


def _changed_models(paths: list[str]) -> list[Group]:
    """Every model root of the repository, with the changed files inside each."""
    from cfgov.io.git import GitError, model_roots

    missing = [p for p in paths if p != "." and not os.path.lexists(p)]
    if missing:
        raise UsageError(
            f"--changed: there is no file {missing[0]!r} here; run cfgov from the top of the "
            "repository, where pre-commit runs it, or give paths from the current folder"
        )
    try:
        roots = set(model_roots("."))
    except GitError:
        roots = set()
    given = {p: find_model_root(Path(p)) for p in paths if os.path.isfile(p)}
    roots |= {r for r in given.values() if r is not None}
    if not roots:
        raise UsageError(
            "--changed found no cfgov.toml in this repository, so it cannot tell which folder "
            "holds the model: put a cfgov.toml in the model's folder (`cfgov init` writes one) "
            "and commit it"
        )
    return [_group(root, [p for p, r in given.items() if r == root]) for root in sorted(roots)]


def _top(path: Path) -> Path:
    """The top of the git work tree holding ``path``, else the current folder."""
    for folder in [path.resolve().parent, *path.resolve().parents]:
        if (folder / ".git").exists():
            return folder
    return Path.cwd().resolve()


def _hidden(path: Path, root: Path) -> bool:
    """Whether ``path`` lies under a name starting with a dot, counted from ``root``."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts[-1:]
    return any(part.startswith(".") for part in parts)


def base_revision(args: argparse.Namespace) -> str:
    """The committed version a change is compared with.

    ``--base`` when given; else, under pre-commit running for a range of
    commits (a pre-push hook, or ``pre-commit run --from-ref A --to-ref B`` in
    CI), the start of that range, which pre-commit names in
    ``PRE_COMMIT_FROM_REF``; else ``HEAD``.
    """
    given: str | None = getattr(args, "base", None)
    return given or os.environ.get("PRE_COMMIT_FROM_REF") or "HEAD"


def cores() -> int:
    """The CPU cores this process may use (fewer than the machine's in a limited container)."""
    usable = getattr(os, "sched_getaffinity", None)
    return len(usable(0)) if usable is not None else (os.cpu_count() or 1)


def check_model(
    model: Model, sources: SourceMap, target: Target, rules: tuple[Rule, ...]
) -> CheckResult:
    """Check a loaded model with its target's settings, showing the rules run as
    progress when the command shows any."""
    return check(
        model, sources, target.settings.config, rules=rules, progress=step("running rules")
    )


def load_model(args: argparse.Namespace, target: Target) -> tuple[Model, SourceMap]:
    """Load the model a command names, through the build cache unless told not to."""
    cache = None
    if not args.no_cache:
        cache = BuildCache(args.cache_dir or default_cache_folder())
    workers = args.jobs or min(cores(), 8)
    try:
        return load_with_sources(
            target.paths,
            exclude=target.settings.exclude,
            cache=cache,
            workers=workers,
            allow_links_outside=target.settings.allow_links_outside,
            progress=step("reading files"),
        )
    finally:
        if cache is not None:
            cache.prune_if_due()  # once a day: entries no run has used for 30 days go


def open_model(
    args: argparse.Namespace, rules: tuple[Rule, ...]
) -> tuple[Target, Model, SourceMap] | int:
    """The settings and model a command that shows the model reads, or the exit code to
    stop with after saying why on standard error (a model that cannot be loaded, a bad
    setting, a plugin or an option that cannot be used)."""
    from cfgov.cli.output import problems_summary, say
    from cfgov.io import LoadError
    from cfgov.io.config import ConfigError
    from cfgov.report import render
    from cfgov.rules import PluginError

    try:
        target = resolve_target(args, rules)
        model, sources = load_model(args, target)
    except (LoadError, ConfigError) as exc:
        sys.stderr.write(
            render(exc.problems, format="text", rules=(), summary=problems_summary(exc.problems))
        )
        return EXIT_ERROR
    except (PluginError, UsageError) as exc:
        say(str(exc))
        return EXIT_ERROR
    return target, model, sources
