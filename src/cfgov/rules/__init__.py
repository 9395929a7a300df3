"""The report's segmentation advice as rules: declarations, registry, configuration, engine.

Rules import the model only; they never read files. A council adds its own
rules through the ``cfgov.rules`` entry-point group (see the docs).
"""

from cfgov.rules.base import CheckFunction, Option, OptionError, Options, Rule
from cfgov.rules.config import DEFAULT_CONFIG, Config
from cfgov.rules.engine import CheckResult, check
from cfgov.rules.readiness import ReadinessAnswer, readiness
from cfgov.rules.registry import (
    ENTRY_POINT_GROUP,
    PluginError,
    all_rules,
    builtin_rules,
    find_rule,
    plugin_rules,
)

__all__ = [
    "DEFAULT_CONFIG",
    "ENTRY_POINT_GROUP",
    "CheckFunction",
    "CheckResult",
    "Config",
    "Option",
    "OptionError",
    "Options",
    "PluginError",
    "ReadinessAnswer",
    "Rule",
    "all_rules",
    "builtin_rules",
    "check",
    "find_rule",
    "plugin_rules",
    "readiness",
]
