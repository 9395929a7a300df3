"""Which rules run, how severe their findings are, and their options: pure data.

Reading ``cfgov.toml`` or ``[tool.cfgov]`` in ``pyproject.toml`` is the shell's
job (:mod:`cfgov.io.config`); this module only says what a configuration is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from cfgov.model import Severity


def _codes(value: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    return tuple(code.strip().upper() for code in value if code.strip())


def _severities(value: Mapping[str, Severity | str]) -> dict[str, Severity]:
    return {code.upper(): Severity(level) for code, level in value.items()}


def _options(value: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    return {code.upper(): dict(options) for code, options in value.items()}


@attrs.frozen(kw_only=True)
class Config:
    """How a team runs the rules.

    ``select`` and ``ignore`` hold codes or code prefixes (``CFG1``, ``CFG106``);
    an empty ``select`` means every rule. ``ignore`` wins over ``select``.
    ``severity`` overrides a rule's default severity; ``options`` sets a rule's
    options; ``fail_on`` is the lowest severity that fails a run.
    """

    select: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    severity: dict[str, Severity] = attrs.field(factory=dict, converter=_severities)
    options: dict[str, dict[str, Any]] = attrs.field(factory=dict, converter=_options)
    fail_on: Severity | None = attrs.field(
        default=Severity.ERROR, converter=attrs.converters.optional(Severity)
    )

    def enabled(self, code: str) -> bool:
        """Whether the rule with this code runs."""
        if any(code.startswith(prefix) for prefix in self.ignore):
            return False
        return not self.select or any(code.startswith(prefix) for prefix in self.select)

    def merged(self, other: Config) -> Config:
        """This configuration with ``other`` laid over it (the command line over a file)."""
        return Config(
            select=other.select or self.select,
            ignore=self.ignore + other.ignore,
            severity={**self.severity, **other.severity},
            options={**self.options, **other.options},
            fail_on=other.fail_on,
        )


DEFAULT_CONFIG = Config()
