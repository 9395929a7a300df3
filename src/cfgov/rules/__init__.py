"""The report's segmentation advice as rules: declarations, registry, configuration, engine.

Rules import the model only; they never read files. A council adds its own
rules through the ``cfgov.rules`` entry-point group (see the docs).
"""

from cfgov.rules.base import CheckFunction, Option, OptionError, Options, Rule, Widen
from cfgov.rules.config import DEFAULT_CONFIG, Config
from cfgov.rules.engine import Checker, CheckResult, check
from cfgov.rules.readiness import ReadinessAnswer, readiness
from cfgov.rules.registry import (
    ENTRY_POINT_GROUP,
    PluginError,
    all_rules,
    builtin_rules,
    find_rule,
    plugin_rules,
)
from cfgov.rules.scope import Scope, affected, among

__all__ = [
    "DEFAULT_CONFIG",
    "ENTRY_POINT_GROUP",
    "CheckFunction",
    "CheckResult",
    "Checker",
    "Config",
    "Option",
    "OptionError",
    "Options",
    "PluginError",
    "ReadinessAnswer",
    "Rule",
    "Scope",
    "Widen",
    "affected",
    "all_rules",
    "among",
    "builtin_rules",
    "check",
    "find_rule",
    "plugin_rules",
    "readiness",
]
