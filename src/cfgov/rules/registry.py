"""Finding rules: the built-in ones in this package, and plugins from other packages.

A built-in rule is a module here named ``cfgNNN_short_name.py`` with a ``RULE``.
A plugin is any installed package that declares an entry point in the
``cfgov.rules`` group naming a :class:`~cfgov.rules.Rule` (or a module with a
``RULE``), so a council can add its own rules without forking cfgov.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from importlib.metadata import entry_points
from types import ModuleType

from cfgov.model import CfgovError
from cfgov.rules.base import Rule

ENTRY_POINT_GROUP = "cfgov.rules"
_BUILTIN_MODULE = re.compile(r"cfg[0-9]{3}_\w+")
_CODE = re.compile(r"[A-Z][A-Z0-9]*[0-9]{3}")


class PluginError(CfgovError):
    """A rule plugin could not be loaded, or clashes with another rule."""


def builtin_rules() -> tuple[Rule, ...]:
    """The rules that ship with cfgov, in code order."""
    package = importlib.import_module("cfgov.rules")
    rules = []
    for info in pkgutil.iter_modules(package.__path__):
        if _BUILTIN_MODULE.fullmatch(info.name):
            module = importlib.import_module(f"cfgov.rules.{info.name}")
            rules.append(_rule_of(module, info.name))
    return tuple(sorted(rules, key=lambda r: r.code))


def _rule_of(target: object, where: str) -> Rule:
    rule = getattr(target, "RULE", target) if isinstance(target, ModuleType) else target
    if not isinstance(rule, Rule):
        raise PluginError(f"{where} does not provide a cfgov Rule (found {type(rule).__name__})")
    if not _CODE.fullmatch(rule.code):
        raise PluginError(
            f"{where}: rule code {rule.code!r} must be capital letters then three digits, "
            "such as ACME001"
        )
    return rule


def plugin_rules() -> tuple[Rule, ...]:
    """Rules from installed packages that declare a ``cfgov.rules`` entry point."""
    rules = []
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        try:
            target = point.load()
        except Exception as exc:  # a plugin's own bug must not look like cfgov's
            raise PluginError(
                f"the rule plugin {point.name!r} ({point.value}) could not be loaded: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        rules.append(_rule_of(target, f"rule plugin {point.name!r}"))
    return tuple(rules)


def all_rules(*, plugins: bool = True) -> tuple[Rule, ...]:
    """Built-in rules, then plugin rules; raises :class:`PluginError` on a clash of codes."""
    rules = builtin_rules() + (plugin_rules() if plugins else ())
    _check_unique(rules)
    return rules


def _check_unique(rules: Iterable[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in seen:
            raise PluginError(
                f"two rules use the code {rule.code}: {seen[rule.code].name!r} and "
                f"{rule.name!r}; a plugin must use codes of its own (such as ACME001)"
            )
        seen[rule.code] = rule


def find_rule(code: str, rules: Iterable[Rule]) -> Rule | None:
    """The rule with this code (any case), or None."""
    wanted = code.strip().upper()
    return next((r for r in rules if r.code == wanted), None)
