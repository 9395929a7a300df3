"""Run the rules over a model: select, configure, suppress, locate and sort findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from typing import Any

import attrs

from cfgov.model import Finding, Model, Severity, SourceMap, Suppression, _html, quoted
from cfgov.rules.base import OptionError, Rule
from cfgov.rules.config import DEFAULT_CONFIG, Config
from cfgov.rules.registry import all_rules, builtin_rules
from cfgov.rules.scope import affected

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
    return Checker(config, rules=rules).run(model, sources)


class Checker:
    """A check kept up to date as a model is edited, for editors (``cfgov lsp``).

    :meth:`run` checks a whole model, as :func:`check` does; :meth:`update` then
    checks the model after an edit, given the model before it and what the edit
    changed. Rules with a ``scope`` run again only for the ids the edit may have
    reached (:func:`cfgov.rules.scope.affected`); the others run whole. The result is
    the one :func:`check` gives for the edited model: ``tests/rules/test_incremental.py``
    holds the two equal after random edits.

    Raises :class:`~cfgov.rules.OptionError` when built, as :func:`check` does.
    """

    def __init__(self, config: Config | None = None, *, rules: Iterable[Rule] | None = None):
        self.config = config or DEFAULT_CONFIG
        self.chosen = tuple(rules) if rules is not None else all_rules()
        self.running = tuple(r for r in self.chosen if self.config.enabled(r.code))
        _check_settings(self.config, self.chosen, self.running)
        self._options = {
            rule.code: rule.resolve(self.config.options.get(rule.code, {})) for rule in self.running
        }
        #: Each rule's findings before suppressions: for a scoped rule, by entity.
        self._whole: dict[str, list[Finding]] = {}
        self._scoped: dict[str, dict[str | None, list[Finding]]] = {}
        #: How many rules ran for only part of the model at the last update (for tests).
        self.partial_runs = 0

    def run(self, model: Model, sources: SourceMap | None = None) -> CheckResult:
        """Check the whole model."""
        self._whole.clear()
        self._scoped.clear()
        for rule in self.running:
            found = _configured(rule, model, self._options[rule.code], self.config)
            if rule.scope is None:
                self._whole[rule.code] = list(found)
            else:
                grouped: dict[str | None, list[Finding]] = {}
                for finding in found:
                    grouped.setdefault(finding.entity, []).append(finding)
                self._scoped[rule.code] = grouped
        return self._result(model, sources)

    def update(
        self,
        model: Model,
        sources: SourceMap | None,
        *,
        before: Model,
        changed: Iterable[str],
        evidence_for: Iterable[str] = (),
    ) -> CheckResult:
        """Check ``model``, the result of an edit to ``before`` (the model of the last
        :meth:`run` or :meth:`update`): ``changed`` names the entities the edit added,
        removed or changed, ``evidence_for`` the measures and segments whose evidence it
        added, removed or changed."""
        if not self._whole and not self._scoped:
            return self.run(model, sources)
        reach = affected(before, model, changed, evidence_for)
        if reach is None:
            return self.run(model, sources)
        self.partial_runs = 0
        for rule in self.running:
            options = self._options[rule.code]
            if rule.scope is None:
                self._whole[rule.code] = list(_configured(rule, model, options, self.config))
                continue
            self.partial_runs += 1
            grouped = self._scoped[rule.code]
            for entity in reach:
                grouped.pop(entity, None)
            for finding in _configured(rule, model, options, self.config, only=reach):
                if finding.entity in reach:
                    grouped.setdefault(finding.entity, []).append(finding)
        return self._result(model, sources)

    def _result(self, model: Model, sources: SourceMap | None) -> CheckResult:
        raw: list[Finding] = []
        for rule in self.running:
            if rule.scope is None:
                raw.extend(self._whole[rule.code])
            else:
                for found in self._scoped[rule.code].values():
                    raw.extend(found)
        kept, suppressed, used = _apply_suppressions(model, raw)
        if self.config.enabled(UNUSED_SUPPRESSION):
            ran = {r.code for r in self.running}
            kept.extend(_unused(model, used, ran, self.chosen, self.config))
        if sources is not None:
            kept = [sources.place(f) for f in kept]
            suppressed = [(sources.place(f), s) for f, s in suppressed]
        return CheckResult(
            findings=tuple(sorted(kept, key=_order)),
            suppressed=tuple(sorted(suppressed, key=lambda pair: _order(pair[0]))),
            rules=self.running,
            fail_on=self.config.fail_on,
        )


def _order(finding: Finding) -> tuple[object, ...]:
    """How findings are sorted: by place (:meth:`Finding.sort_key`), then by message, so
    that the order does not depend on the order the rules found them in."""
    return (*finding.sort_key(), finding.message, finding.field or "")


def _check_settings(config: Config, chosen: tuple[Rule, ...], running: tuple[Rule, ...]) -> None:
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


def _configured(
    rule: Rule,
    model: Model,
    options: dict[str, Any],
    config: Config,
    *,
    only: Collection[str] | None = None,
) -> Iterator[Finding]:
    severity = config.severity.get(rule.code)
    found = rule.check(model, options) if only is None else rule.check(model, options, only=only)
    for finding in found:
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
