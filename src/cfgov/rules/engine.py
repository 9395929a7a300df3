"""Run the rules over a model: select, configure, suppress, locate and sort findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from itertools import chain
from typing import Any

import attrs

from cfgov.model import Finding, Model, Severity, SourceMap, Suppression, _html, quoted
from cfgov.model.model import entities_of
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
    progress: Callable[[int, int], None] | None = None,
) -> CheckResult:
    """Check a model against the report's advice; returns every finding, located and sorted.

    ``sources`` (from :func:`cfgov.load_with_sources`) gives findings their
    file, line and column; without it findings name the entity and field.
    ``rules`` defaults to the built-in rules and any installed plugins.
    ``progress``, when given, is called after each rule with how many have run and
    how many there are (the command line shows it on a terminal).

    Raises :class:`~cfgov.rules.OptionError` (a ``ValueError``), before any rule
    runs, when ``config`` gives a rule an option it does not have, or a value of
    the wrong type, not finite or out of range: a tolerance of ``nan`` would
    otherwise make findings out of nothing, or hide them. It raises too when
    ``config.select`` or ``config.ignore`` holds a code or prefix that matches
    none of the rules: a mistyped ``select=["CFG991"]`` would run nothing and
    find nothing. So does a configuration that leaves no rule to run at all.
    """
    return Checker(config, rules=rules).run(model, sources, progress=progress)


class Checker:
    """A check kept up to date as a model is edited, for editors (``cfgov lsp``).

    :meth:`run` checks a whole model, as :func:`check` does; :meth:`update` then
    checks the model after an edit, given the model before it and what the edit
    changed. Rules with a ``scope`` run again only for the ids the edit may have
    reached (:func:`cfgov.rules.scope.affected`); the others run whole. Findings are
    kept in groups (a rule's findings about one entity), each suppressed and located
    once, and sorted file by file, so an edit costs what it touches. The result is the
    one :func:`check` gives for the edited model: ``tests/rules/test_incremental.py``
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
        self._ran = {r.code for r in self.running}
        self._known = {r.code for r in self.chosen} | {r.code for r in builtin_rules()}
        #: Each rule's findings by the entity they are about, as the rule gave them (kept
        #: as tuples, and the settled ones below too: a large model has a hundred
        #: thousand groups, most of one finding).
        self._groups: dict[str, dict[str | None, tuple[Finding, ...]]] = {}
        #: Each group's findings that stand and those suppressed, located.
        self._final: dict[_Key, _Final] = {}
        #: The groups with findings in each file, and each file's findings, sorted.
        self._in_file: dict[str, set[_Key]] = {}
        self._files: dict[str, tuple[tuple[Finding, ...], tuple[_Pair, ...]]] = {}
        #: Each file's findings that stand (files with none left out), and the files in order.
        self._standing: dict[str, tuple[Finding, ...]] = {}
        self._in_order: list[str] | None = []
        #: The entities with suppressions (for CFG100), and the suppressions used.
        self._ignoring: dict[str, Any] = {}
        self._used: Counter[tuple[str, str]] = Counter()
        #: How many rules ran for only part of the model at the last update (for tests).
        self.partial_runs = 0

    @property
    def by_file(self) -> Mapping[str, tuple[Finding, ...]]:
        """The findings of the last check that stand, file by file, each file's sorted;
        a file's tuple is the same object from one check to the next while it is unchanged
        (findings without a place are under ``""``)."""
        return dict(self._standing)

    def run(
        self,
        model: Model,
        sources: SourceMap | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> CheckResult:
        """Check the whole model (``progress`` as for :func:`check`)."""
        self._run(model, sources, progress)
        return self._result()

    def _run(
        self,
        model: Model,
        sources: SourceMap | None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self._groups.clear()
        self._final.clear()
        self._in_file.clear()
        self._files.clear()
        self._standing.clear()
        self._in_order = None
        self._used.clear()
        self._ignoring = {e.id: e for e in _entities(model) if getattr(e, "ignore", ())}
        touched: set[str] = set()
        for number, rule in enumerate(self.running, 1):
            self._groups[rule.code] = self._found(rule, model, None)
            for entity in self._groups[rule.code]:
                touched |= self._settle((rule.code, entity), model, sources)
            if progress is not None:
                progress(number, len(self.running))
        touched |= self._settle_unused(model, sources)
        self._sort(touched)

    def update(
        self,
        model: Model,
        sources: SourceMap | None,
        *,
        before: Model,
        changed: Iterable[str],
        evidence_for: Iterable[str] = (),
        files: Iterable[str] | None = None,
    ) -> CheckResult:
        """Check ``model``, the result of an edit to ``before`` (the model of the last
        :meth:`run` or :meth:`update`): ``changed`` names the entities the edit added,
        removed or changed, ``evidence_for`` the measures and segments whose evidence it
        added, removed or changed, and ``files`` the files whose positions it moved
        (None: any file)."""
        self.advance(
            model, sources, before=before, changed=changed, evidence_for=evidence_for, files=files
        )
        return self._result()

    def advance(
        self,
        model: Model,
        sources: SourceMap | None,
        *,
        before: Model,
        changed: Iterable[str],
        evidence_for: Iterable[str] = (),
        files: Iterable[str] | None = None,
    ) -> None:
        """What :meth:`update` does, without putting the result together: for a caller
        that reads the findings file by file (:attr:`by_file`) and the whole result
        seldom (:meth:`later`)."""
        changed = set(changed)
        reach = affected(before, model, changed, evidence_for)
        if reach is None or not self._groups:
            self._run(model, sources)
            return
        self.partial_runs = 0
        moved = None if files is None or sources is None else set(files)
        for entity_id in changed:
            now = model.get(entity_id)
            if now is not None and getattr(now, "ignore", None):
                self._ignoring[entity_id] = now
            else:
                self._ignoring.pop(entity_id, None)
        # The groups located in the files whose positions moved, by rule.
        moved_keys: dict[str, set[str | None]] = {}
        for file in moved or ():
            for code, entity in self._in_file.get(file, ()):
                moved_keys.setdefault(code, set()).add(entity)
        touched: set[str] = set()
        for rule in self.running:
            code = rule.code
            groups = self._groups[code]
            ids = reach
            if rule.scope is None:
                stale = set(groups)
                groups = self._groups[code] = self._found(rule, model, None)
            else:
                self.partial_runs += 1
                if rule.widen is not None:
                    ids = reach | frozenset(rule.widen(before, model, reach))
                stale = {entity for entity in ids if entity in groups}
                for entity in stale:
                    del groups[entity]
                fresh = self._found(rule, model, ids)
                groups.update((entity, found) for entity, found in fresh.items() if entity in ids)
            # Groups to settle again: those found again, those whose entity changed (its
            # suppressions may have), and those located in a file whose positions moved.
            # (Each looked up in the rule's groups, which may be many: never copied.)
            if rule.scope is None or moved is None:
                again = stale | groups.keys()
            else:
                again = stale | {e for e in ids if e in groups}
                again |= {e for e in moved_keys.get(code, ()) if e in groups}
            again |= {e for e in changed if e in groups}
            for entity in again:
                touched |= self._settle((code, entity), model, sources)
        touched |= self._settle_unused(model, sources)
        self._sort(touched)

    def later(self) -> Callable[[], CheckResult]:
        """The result of the last check, put together when first asked for (by then the
        checker may have moved on: what it is made of is kept as it is now)."""
        if self._in_order is None:
            self._in_order = sorted(self._files)
        files, kept = self._in_order, dict(self._files)
        made: list[CheckResult] = []

        def result() -> CheckResult:
            if not made:
                made.append(self._made(files, kept))
            return made[0]

        return result

    def _found(
        self, rule: Rule, model: Model, only: Collection[str] | None
    ) -> dict[str | None, tuple[Finding, ...]]:
        grouped: dict[str | None, list[Finding]] = {}
        options = self._options[rule.code]
        for finding in _configured(rule, model, options, self.config, only=only):
            grouped.setdefault(finding.entity, []).append(finding)
        return {entity: tuple(found) for entity, found in grouped.items()}

    def _settle(self, key: _Key, model: Model, sources: SourceMap | None) -> set[str]:
        """Suppress and locate one group's findings afresh; returns the files it touched."""
        touched = self._drop(key)
        found = self._groups.get(key[0], {}).get(key[1])
        if not found:
            return touched
        entity = model.get(key[1]) if key[1] is not None else None
        ignore = getattr(entity, "ignore", ())
        kept: list[Finding] = []
        suppressed: list[_Pair] = []
        for finding in found:
            match = next((s for s in ignore if s.code == finding.code), None)
            if sources is not None:
                finding = sources.place(finding)  # noqa: PLW2901 - the finding, located
            if match is None:
                kept.append(finding)
            else:
                suppressed.append((finding, match))
                self._used[(finding.entity or "", match.code)] += 1
        final = _Final(tuple(kept), tuple(suppressed))
        self._final[key] = final
        for file in final.files():
            self._in_file.setdefault(file, set()).add(key)
            touched.add(file)
        return touched

    def _drop(self, key: _Key) -> set[str]:
        """Forget one group's settled findings; returns the files they were in."""
        final = self._final.pop(key, None)
        if final is None:
            return set()
        for finding, match in final.suppressed:
            used = (finding.entity or "", match.code)
            self._used[used] -= 1
            if self._used[used] <= 0:
                del self._used[used]
        files = final.files()
        for file in files:
            self._in_file[file].discard(key)
        return files

    def _settle_unused(self, model: Model, sources: SourceMap | None) -> set[str]:
        """CFG100, from the suppressions used: a group of its own, worked out afresh."""
        key: _Key = (UNUSED_SUPPRESSION, None)
        touched = self._drop(key)
        if not self.config.enabled(UNUSED_SUPPRESSION):
            return touched
        used = set(self._used)
        found = list(_unused(self._ignoring.values(), used, self._ran, self._known, self.config))
        if sources is not None:
            found = [sources.place(f) for f in found]
        final = _Final(tuple(found), ())
        self._final[key] = final
        for file in final.files():
            self._in_file.setdefault(file, set()).add(key)
            touched.add(file)
        return touched

    def _sort(self, files: set[str]) -> None:
        for file in files:
            keys = self._in_file.get(file, set())
            kept = [f for key in keys for f in self._final[key].kept if _file(f) == file]
            pairs = [p for key in keys for p in self._final[key].suppressed if _file(p[0]) == file]
            if (file in self._files) != bool(kept or pairs):
                self._in_order = None  # a file comes or goes: put in order when asked
            if not kept and not pairs:
                self._files.pop(file, None)
                self._in_file.pop(file, None)
                self._standing.pop(file, None)
                continue
            kept.sort(key=_order)
            pairs.sort(key=lambda pair: _order(pair[0]))
            made = (tuple(kept), tuple(pairs))
            last = self._files.get(file)
            if last is not None and last == made:
                made = last  # found again, the same: the same tuples, as by_file promises
            self._files[file] = made
            if kept:
                self._standing[file] = self._files[file][0]
            else:
                self._standing.pop(file, None)

    def _result(self) -> CheckResult:
        return self.later()()

    def _made(
        self,
        files: list[str],
        kept: Mapping[str, tuple[tuple[Finding, ...], tuple[_Pair, ...]]],
    ) -> CheckResult:
        return CheckResult(
            findings=tuple(chain.from_iterable(kept[file][0] for file in files)),
            suppressed=tuple(chain.from_iterable(kept[file][1] for file in files)),
            rules=self.running,
            fail_on=self.config.fail_on,
        )


_Key = tuple[str, "str | None"]
_Pair = tuple[Finding, Suppression]


@attrs.frozen
class _Final:
    """One group's findings, settled: those that stand and those suppressed, located."""

    kept: tuple[Finding, ...]
    suppressed: tuple[_Pair, ...]

    def files(self) -> set[str]:
        return {_file(f) for f in self.kept} | {_file(f) for f, _ in self.suppressed}


def _file(finding: Finding) -> str:
    return finding.location.file if finding.location is not None else ""


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


def _unused(
    entities: Iterable[Any],
    used: set[tuple[str, str]],
    ran: set[str],
    known_codes: set[str],
    config: Config,
) -> Iterator[Finding]:
    """Suppressions that suppressed nothing: the advice now holds, or the code is wrong."""
    severity = config.severity.get(UNUSED_SUPPRESSION, Severity.WARNING)
    for entity in entities:
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
    """Every entity that may carry suppressions (each with an id)."""
    return entities_of(model)
