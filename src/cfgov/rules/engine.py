"""Run the rules over a model: select, configure, suppress, locate and sort findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from cfgov.model import Finding, Model, Severity, SourceMap, Suppression, _html, quoted
from cfgov.rules.base import OptionError, Rule
from cfgov.rules.config import DEFAULT_CONFIG, Config
from cfgov.rules.registry import all_rules, builtin_rules

#: The code of the finding for a suppression that suppresses nothing.
UNUSED_SUPPRESSION = "CFG100"


@attrs.frozen(kw_only=True)
class CheckResult:
    """What a check found.

    ``findings`` are the findings that stand, sorted by file and line;
    ``suppressed`` pairs each finding a team chose to ignore with the
    suppression (and its reason); ``rules`` are the rules that ran.
    """

    findings: tuple[Finding, ...]
    suppressed: tuple[tuple[Finding, Suppression], ...]
    rules: tuple[Rule, ...]
    fail_on: Severity | None = Severity.ERROR

    @property
    def counts(self) -> dict[Severity, int]:
        """How many findings of each severity stand."""
        counted = Counter(f.severity for f in self.findings)
        return {level: counted.get(level, 0) for level in Severity}

    @property
    def failed(self) -> bool:
        """Whether any finding is at or above the failing severity (``fail_on``)."""
        if self.fail_on is None:
            return False
        threshold = self.fail_on.rank
        return any(f.severity.rank >= threshold for f in self.findings)

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {level}" for level, n in self.counts.items())
        return f"<CheckResult {counts}; {len(self.suppressed)} suppressed>"

    def _repr_html_(self) -> str:
        """The findings as a short table (the first twenty), for Jupyter."""
        counts = ", ".join(f"{n} {level}" for level, n in self.counts.items())
        caption = f"Check: {counts}; {len(self.suppressed)} suppressed"
        if not self.findings:
            return _html.field_table(caption, [("Findings", f"none from {len(self.rules)} rules")])
        shown = self.findings[: _html.MAX_ITEMS]
        return _html.grid_table(
            caption,
            ["Code", "Severity", "Where", "Message"],
            [
                (
                    f.code,
                    f.severity,
                    f.location if f.location is not None else f.entity,
                    f.message,
                )
                for f in shown
            ],
            more=len(self.findings) - len(shown),
        )


def check(
    model: Model,
    sources: SourceMap | None = None,
    config: Config | None = None,
    *,
    rules: Iterable[Rule] | None = None,
) -> CheckResult:
    """Check a model against the report's advice; returns every finding, located and sorted.

    ``sources`` (from :func:`cfgov.load_with_sources`) gives findings their
    file, line and column; without it findings name the entity and field.
    ``rules`` defaults to the built-in rules and any installed plugins.

    Raises :class:`~cfgov.rules.OptionError` (a ``ValueError``), before any rule
    runs, when ``config`` gives a rule an option it does not have, or a value of
    the wrong type, not finite or out of range: a tolerance of ``nan`` would
    otherwise make findings out of nothing, or hide them. It raises too when
    ``config.select`` or ``config.ignore`` holds a code or prefix that matches
    none of the rules: a mistyped ``select=["CFG991"]`` would run nothing and
    find nothing. So does a configuration that leaves no rule to run at all.
    """
    config = config or DEFAULT_CONFIG
    chosen = tuple(rules) if rules is not None else all_rules()
    running = tuple(r for r in chosen if config.enabled(r.code))
    codes = [r.code for r in chosen]
    problems = [
        f"`{name}` names {code!r}, which matches no rule (`cfgov rules` lists them)"
        for name, given in (("select", config.select), ("ignore", config.ignore))
        for code in given
        if not any(known.startswith(code) for known in codes)
    ]
    if chosen and not running and not problems:
        problems.append(
            "`select` and `ignore` leave no rule to run, so the check could find nothing: "
            "ignore fewer rules (a prefix such as `C` or `CFG` ignores them all)"
        )
    problems += [
        problem
        for rule in running
        for problem in rule.option_problems(config.options.get(rule.code, {}))
    ]
    if problems:
        raise OptionError(problems)
    raw: list[Finding] = []
    for rule in running:
        options = rule.resolve(config.options.get(rule.code, {}))
        raw.extend(_configured(rule, model, options, config))
    kept, suppressed, used = _apply_suppressions(model, raw)
    if config.enabled(UNUSED_SUPPRESSION):
        kept.extend(_unused(model, used, {r.code for r in running}, chosen, config))
    if sources is not None:
        kept = [sources.place(f) for f in kept]
        suppressed = [(sources.place(f), s) for f, s in suppressed]
    return CheckResult(
        findings=tuple(sorted(kept, key=Finding.sort_key)),
        suppressed=tuple(sorted(suppressed, key=lambda pair: pair[0].sort_key())),
        rules=running,
        fail_on=config.fail_on,
    )


def _configured(
    rule: Rule, model: Model, options: dict[str, Any], config: Config
) -> Iterator[Finding]:
    severity = config.severity.get(rule.code)
    for finding in rule.check(model, options):
        if severity is None or finding.severity is severity:
            yield finding
        else:
            yield attrs.evolve(finding, severity=severity)


def _apply_suppressions(
    model: Model, findings: list[Finding]
) -> tuple[list[Finding], list[tuple[Finding, Suppression]], set[tuple[str, str]]]:
    kept: list[Finding] = []
    suppressed: list[tuple[Finding, Suppression]] = []
    used: set[tuple[str, str]] = set()
    for finding in findings:
        entity = model.get(finding.entity) if finding.entity is not None else None
        match = next((s for s in getattr(entity, "ignore", ()) if s.code == finding.code), None)
        if match is None:
            kept.append(finding)
        else:
            suppressed.append((finding, match))
            used.add((finding.entity or "", match.code))
    return kept, suppressed, used


def _unused(
    model: Model,
    used: set[tuple[str, str]],
    ran: set[str],
    known: tuple[Rule, ...],
    config: Config,
) -> Iterator[Finding]:
    """Suppressions that suppressed nothing: the advice now holds, or the code is wrong."""
    known_codes = {r.code for r in known} | {r.code for r in builtin_rules()}
    severity = config.severity.get(UNUSED_SUPPRESSION, Severity.WARNING)
    for entity in _entities(model):
        for suppression in getattr(entity, "ignore", ()):
            code = suppression.code
            if (entity.id, code) in used:
                continue
            if code not in known_codes:
                message = f"{quoted(entity.id)} suppresses {code}, which is not a rule cfgov knows"
                hint = "Check the code against `cfgov rules`, or remove the suppression."
            elif code not in ran:
                continue  # the rule did not run, so whether it would fire is unknown
            else:
                message = (
                    f"{quoted(entity.id)} suppresses {code}, but {code} no longer finds "
                    "anything here"
                )
                hint = "Remove the suppression: the advice is now followed."
            yield Finding(
                code=UNUSED_SUPPRESSION,
                severity=severity,
                message=message,
                hint=hint,
                entity=entity.id,
                field=f"ignore.{code}",
            )


def _entities(model: Model) -> Iterator[Any]:
    for collection in (
        model.units,
        model.aims,
        model.stakeholders,
        model.segments,
        model.partners,
        model.objectives,
        model.principles,
    ):
        yield from collection
    for _, measure in model.measures():
        yield measure
    for principle in model.principles:
        yield from principle.standards
