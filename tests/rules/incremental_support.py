"""Helpers for the tests that hold an incremental check equal to a whole one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from cfgov.model import Model
from cfgov.model.delta import COLLECTIONS
from cfgov.rules import Rule, check
from cfgov.rules.engine import Checker


def collections_of(model: Model) -> dict[str, list[Any]]:
    """The model's collections as lists, to edit and build a model from again."""
    return {name: list(getattr(model, name)) for name in COLLECTIONS}


def changes(before: Model, after: Model) -> tuple[set[str], set[str]]:
    """What an edit changed, worked out the slow way: every id compared, and the measures
    and segments whose evidence records differ."""
    ids = set(before._index.by_id) | set(after._index.by_id)
    changed = {i for i in ids if before.get(i) != after.get(i)}
    evidence: set[str] = set()
    for records, field in (("results", "measure"), ("feedback", "segment"), ("demand", "segment")):
        was = Counter(getattr(before, records))
        now = Counter(getattr(after, records))
        evidence.update(getattr(r, field) for r in (was - now) + (now - was))
    return changed, evidence


def agrees(rules: Iterable[Rule] | None, before: Model, after: Model) -> bool:
    """Whether a checker of ``before``, updated after the edit, finds what a whole check of
    ``after`` finds."""
    chosen = None if rules is None else list(rules)
    checker = Checker(rules=chosen)
    checker.run(before)
    changed, evidence = changes(before, after)
    got = checker.update(after, None, before=before, changed=changed, evidence_for=evidence)
    want = check(after, rules=chosen)
    return list(got.findings) == list(want.findings) and list(got.suppressed) == list(
        want.suppressed
    )


def updates_hold(
    model: Model,
    edit: Callable[[Model], Model | None],
    steps: int,
    rules: Iterable[Rule] | None = None,
) -> None:
    """After each of ``steps`` edits (None: an edit that broke the model, skipped), one
    checker kept up to date finds what a whole check finds."""
    chosen = None if rules is None else list(rules)
    checker = Checker(rules=chosen)
    checker.run(model)
    current = model
    for _ in range(steps):
        edited = edit(current)
        if edited is None:
            continue
        changed, evidence = changes(current, edited)
        got = checker.update(edited, None, before=current, changed=changed, evidence_for=evidence)
        want = check(edited, rules=chosen)
        assert list(got.findings) == list(want.findings)
        assert list(got.suppressed) == list(want.suppressed)
        current = edited
