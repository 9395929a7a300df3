"""A rule's reference page, written from its declaration (for the docs and `cfgov explain`)."""

from __future__ import annotations

from collections.abc import Iterable

from cfgov.rules.base import Option, Rule


def _allowed(option: Option) -> str:
    if isinstance(option.default, bool) or not isinstance(option.default, (int, float)):
        return "true or false" if isinstance(option.default, bool) else "text"
    kind = "whole number" if isinstance(option.default, int) else "number"
    return f"{kind}, {option.allowed()}"


def rule_page(rule: Rule) -> str:
    """The rule's page, as Markdown: what it checks, why, an example, how to fix."""
    lines = [
        f"# {rule.code}: {rule.name}",
        "",
        f"**Default severity:** {rule.severity}  ",
        f"**From:** {rule.source}  ",
        f"**Cost:** {rule.cost}",
        "",
        "## What it checks",
        "",
        rule.summary,
        "",
        "## Why it matters",
        "",
        rule.rationale,
        "",
    ]
    if rule.example:
        lines += ["## Example that fires", "", "```yaml", rule.example.rstrip(), "```", ""]
    lines += ["## How to fix", "", rule.fix, ""]
    if rule.fixed:
        lines += ["```yaml", rule.fixed.rstrip(), "```", ""]
    if rule.options:
        lines += [
            "## Options",
            "",
            f"Set under `[tool.cfgov.rules.{rule.code}]` in `pyproject.toml`, or "
            f"`[rules.{rule.code}]` in `cfgov.toml`.",
            "",
            "| option | default | allowed | meaning |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| `{o.name}` | `{o.default!r}` | {_allowed(o)} | {o.description} |"
            for o in rule.options
        ]
        lines.append("")
    lines += [
        "## Suppressing it",
        "",
        "If the advice does not apply to one entry, say so on that entry, with the reason:",
        "",
        "```yaml",
        "    ignore:",
        f'      {rule.code}: "why this advice does not apply here"',
        "```",
        "",
    ]
    return "\n".join(lines)


def rules_index(rules: Iterable[Rule]) -> str:
    """The table of every rule, as Markdown, linking to each page."""
    rules = list(rules)
    lines = [
        "# Rules",
        "",
        "<!-- Generated from src/cfgov/rules/ by `python tools/generate_docs.py`. Do not edit. -->",
        "",
        "Each rule turns a piece of the report's advice into a check. Most are warnings: "
        'segmentation is "not a science" (Barker 2002, tip T15), so a team may decide that '
        "a piece of advice does not fit and record why with `ignore:`. Errors mark "
        "contradictions in the model itself.",
        "",
        "```{toctree}",
        ":hidden:",
        "",
        *[rule.code for rule in rules],
        "```",
        "",
        "| code | name | severity | what it checks |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| [{r.code}]({r.code}.md) | {r.name} | {r.severity} | {r.summary.replace('|', '/')} |"
        for r in rules
    ]
    return "\n".join(lines) + "\n"
