"""A council's own rule, shipped as a plugin: the shape other councils copy.

Installed packages declare it in their pyproject.toml:

    [project.entry-points."cfgov.rules"]
    acme001 = "acme_cfgov_rules:RULE"
"""

from collections.abc import Iterator

from cfgov import Finding, Model, Severity
from cfgov.rules import Options, Rule


def check(model: Model, options: Options) -> Iterator[Finding]:
    """Every segment of this council names at least one channel. Linear in segments."""
    for segment in model.segments:
        if not segment.channels:
            yield RULE.finding(segment.id, f"segment {segment.id!r} names no channel")


RULE = Rule(
    code="ACME001",
    name="segment-without-channel",
    severity=Severity.WARNING,
    summary="A segment that names no channel.",
    rationale="Our customer access strategy plans every channel by segment.",
    fix="List the segment's channels under `channels:`.",
    source="Acme Borough Council customer access strategy",
    cost="Linear in segments.",
    check=check,
    example="segments:\n  - {id: s, name: S, category: target, unit: acme}\n",
)
