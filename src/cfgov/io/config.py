"""Read a team's configuration from ``cfgov.toml`` or ``[tool.cfgov]`` in ``pyproject.toml``.

``cfgov.toml`` (keys at the top level)::

    select = ["CFG1"]             # codes or prefixes; default: every rule
    ignore = ["CFG124"]
    fail-on = "warning"           # error (default), warning, info or never

    [severity]
    CFG106 = "error"

    [rules.CFG108]
    max_cuts = 2

    exclude = ["ci/*"]            # YAML beside the model that is not part of it
    allow-links-outside = false   # true: follow links that lead out of the model's folder

In ``pyproject.toml`` the same keys sit under ``[tool.cfgov]``. The folder
holding ``cfgov.toml`` is the model's root: ``cfgov check`` given single files
(as pre-commit gives it) loads the whole root and reports on those files.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from cfgov.io.loader import CONFIG_NAME, exclude_patterns, links_allowed, read_toml
from cfgov.model import CfgovError, Finding, Location, Severity, excerpt, quoted
from cfgov.rules import Config, Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

CONFIG_FILE = CONFIG_NAME
_KEYS = ("select", "ignore", "fail-on", "severity", "rules", "exclude", "allow-links-outside")
_FAIL_ON = ("error", "warning", "info", "never")


@attrs.frozen
class Settings:
    """What a configuration file says: how to run the rules, and which files to leave out."""

    config: Config = attrs.field(factory=Config)
    exclude: tuple[str, ...] = ()
    #: Whether symbolic links may lead outside the model's folder (pass it on to
    #: :func:`cfgov.load_with_sources` as ``allow_links_outside``).
    allow_links_outside: bool = False


class ConfigError(CfgovError):
    """The configuration file could not be used; ``problems`` says why."""

    def __init__(self, problems: Iterable[Finding]) -> None:
        self.problems: tuple[Finding, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def find_config(start: Path) -> Path | None:
    """The nearest ``cfgov.toml``, or ``pyproject.toml`` with ``[tool.cfgov]``, at or above.

    The search stops at the top of a git repository (a folder holding ``.git``)
    so a model is never configured by an unrelated file further up.
    """
    folder = start if start.is_dir() else start.parent
    for candidate in [folder.resolve(), *folder.resolve().parents]:
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_cfgov(pyproject):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def _has_tool_cfgov(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        return True  # nested past reading: read_settings reports it, located (CFG021)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "cfgov" in data["tool"]


def find_model_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds a ``cfgov.toml``, if any.

    Like :func:`find_config`, the search stops at the top of a git repository.
    """
    folder = start if start.is_dir() else start.parent
    for candidate in [folder.resolve(), *folder.resolve().parents]:
        if (candidate / CONFIG_FILE).is_file():
            return candidate
        if (candidate / ".git").exists():
            return None
    return None


def config_for(model_path: str | os.PathLike[str], rules: Iterable[Rule] | None = None) -> Config:
    """The rule settings ``cfgov check`` would use for the model at ``model_path``.

    Looks for ``cfgov.toml`` (or ``[tool.cfgov]`` in ``pyproject.toml``) in the
    model's folder and the folders above it, up to the top of its git
    repository, exactly as the command does, and checks it against ``rules``
    (by default every installed rule, plugins included). Returns the default
    :class:`cfgov.Config` when there is no such file. Pass the result to
    :func:`cfgov.check` so that a program reports what CI reports.

    Raises :class:`ConfigError` (a :class:`cfgov.CfgovError`) listing every
    problem in the file.
    """
    found = find_config(Path(model_path))
    if found is None:
        return Config()
    if rules is None:
        from cfgov.rules import all_rules  # the plugins are looked up only when needed

        rules = all_rules()
    return read_config(found, rules)


def read_config(path: Path, rules: Iterable[Rule]) -> Config:
    """The rule configuration in ``path``, checked against the known ``rules``."""
    return read_settings(path, rules).config


def read_settings(path: Path, rules: Iterable[Rule]) -> Settings:
    """Everything the configuration file in ``path`` says, checked against the ``rules``.

    Raises :class:`ConfigError` listing every problem (code CFG021), located
    at the file.
    """
    where = Location(str(path))
    data = read_toml(path)
    if isinstance(data, Finding):
        raise ConfigError([data])
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("cfgov", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError(
                [
                    _problem(
                        where,
                        "`tool.cfgov` must be a table",
                        "Write it as `[tool.cfgov]` followed by its keys.",
                    )
                ]
            )
        prefix = "tool.cfgov."
    else:
        prefix = ""
    exclude = exclude_patterns(data, where, prefix)
    allow = links_allowed(data, where, prefix)
    if isinstance(exclude, Finding) or isinstance(allow, Finding):
        raise ConfigError([found for found in (exclude, allow) if isinstance(found, Finding)])
    return Settings(
        config=parse_config(data, rules, where, prefix),
        exclude=exclude,
        allow_links_outside=allow,
    )


def parse_config(
    data: Mapping[str, Any], rules: Iterable[Rule], where: Location, prefix: str = ""
) -> Config:
    """Check a configuration already read from TOML and turn it into a :class:`Config`."""
    known = {rule.code: rule for rule in rules}
    problems: list[Finding] = []

    def bad(message: str, hint: str | None = None) -> None:
        problems.append(_problem(where, message, hint))

    for key in data:
        if key not in _KEYS:
            guess = difflib.get_close_matches(key, _KEYS, n=1)
            bad(
                f"`{prefix}{excerpt(key)}` is not a cfgov setting",
                (f"Did you mean `{guess[0]}`? " if guess else "")
                + "Settings: "
                + ", ".join(_KEYS)
                + ".",
            )
    select = _code_list(data.get("select", []), f"{prefix}select", known, bad)
    ignore = _code_list(data.get("ignore", []), f"{prefix}ignore", known, bad)
    leaves_none = not any(Config(select=select, ignore=ignore).enabled(code) for code in known)
    if known and leaves_none and not problems:
        bad(
            f"`{prefix}select` and `{prefix}ignore` leave no rule to run, so `cfgov check` "
            "could never find anything",
            "Ignore fewer rules: a prefix such as `C` or `CFG` in `ignore` ignores them all.",
        )
    fail_on = data.get("fail-on", "error")
    if fail_on not in _FAIL_ON:
        bad(f"`{prefix}fail-on` is {_shown(fail_on)}", "Use one of: " + ", ".join(_FAIL_ON) + ".")
        fail_on = "error"
    severity: dict[str, Severity] = {}
    for code, level in _table(data.get("severity", {}), f"{prefix}severity", bad).items():
        if code not in known:
            bad(f"`{prefix}severity` names {excerpt(code)}, which is not a rule cfgov knows")
        elif level not in ("error", "warning", "info"):
            bad(f"`{prefix}severity.{code}` is {_shown(level)}", "Use error, warning or info.")
        else:
            severity[code] = Severity(level)
    options: dict[str, dict[str, Any]] = {}
    for code, table in _table(data.get("rules", {}), f"{prefix}rules", bad).items():
        rule = known.get(code)
        if rule is None:
            bad(f"`{prefix}rules.{excerpt(code)}` names no rule cfgov knows")
            continue
        options[code] = _options(
            rule, _table(table, f"{prefix}rules.{code}", bad), f"{prefix}rules.{code}", bad
        )
    if problems:
        raise ConfigError(problems)
    return Config(
        select=select,
        ignore=ignore,
        severity=severity,
        options=options,
        fail_on=None if fail_on == "never" else fail_on,
    )


def _shown(value: object) -> str:
    """A setting's value as a message shows it: text quoted, anything else as TOML has it."""
    return quoted(value) if isinstance(value, str) else excerpt(repr(value))


def _problem(where: Location, message: str, hint: str | None = None) -> Finding:
    return Finding(
        code="CFG021", severity=Severity.ERROR, message=message, hint=hint, location=where
    )


def _table(value: object, name: str, bad: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        bad(f"`{name}` must be a table", f"Write it as `[{name}]` followed by its keys.")
        return {}
    return value


def _code_list(value: object, name: str, known: Mapping[str, Rule], bad: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        bad(f"`{name}` must be a list of rule codes", f'Write it as `{name} = ["CFG106"]`.')
        return []
    for code in value:
        if not any(k.startswith(code.upper()) for k in known):
            bad(
                f"`{name}` names {quoted(code)}, which matches no rule cfgov knows",
                "`cfgov rules` lists the codes.",
            )
    return value


def _options(rule: Rule, table: Mapping[str, Any], name: str, bad: Any) -> dict[str, Any]:
    declared = {option.name: option for option in rule.options}
    chosen: dict[str, Any] = {}
    for key, given in table.items():
        value = given
        option = declared.get(key)
        if option is None:
            names = ", ".join(declared) or "none"
            bad(
                f"`{name}.{excerpt(key)}` is not an option of {rule.code}", f"Its options: {names}."
            )
            continue
        problem = option.problem(value)
        if problem is not None:
            bad(
                f"`{name}.{key}` {problem}",
                f"{option.description} Default: {option.default!r}"
                + (
                    f"; it takes values {option.allowed()}."
                    if option.minimum is not None or option.maximum is not None
                    else "."
                ),
            )
            continue
        if isinstance(option.default, float) and isinstance(value, int):
            value = float(value)
        chosen[key] = value
    return chosen
