"""The incremental check gives what a whole check gives, after any edit.

An editor re-runs each scoped rule only for the ids an edit may reach
(:mod:`cfgov.rules.scope`). These properties hold that to the whole check: random
models from cfgov's own Hypothesis strategies, random edits (changed fields, entities
removed and added, evidence changed), and the findings compared in full.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.rules.incremental_support import collections_of, updates_hold

from cfgov import testing
from cfgov.model import Model, ModelError, Segment, Size, Unit
from cfgov.model.enums import Category
from cfgov.rules import Checker, all_rules
from cfgov.rules.scope import Scope, affected

SCOPED = [rule for rule in all_rules() if rule.scope is not None]


def _edit(model: Model, rnd: random.Random) -> Model | None:
    """The model after a few random edits of the kinds an editor makes; None when the
    edit broke the model's integrity (the editor shows that instead of checking)."""
    parts = collections_of(model)
    segments: list[Segment] = parts["segments"]
    ids = [s.id for s in segments]
    for _ in range(rnd.randint(1, 3)):
        kind = rnd.choice(["segment", "segment", "objective", "evidence", "remove", "partner"])
        if kind == "segment" and segments:
            i = rnd.randrange(len(segments))
            segment = segments[i]
            change: dict[str, Any] = rnd.choice(
                [
                    {"size": None},
                    {"size": Size(value=rnd.choice([1, 10, 1000, 10**6]))},
                    {"priority": rnd.choice([None, 1, 2, 3])},
                    {"name": segment.name + " edited"},
                    {"parent": rnd.choice([None, *ids])},
                    {"aims": [a.id for a in parts["aims"][:1]]},
                    {"category": Category.INDIRECT, "target_kind": None},
                    {"category": Category.TARGET},
                    {"cut": rnd.choice([None, "age", "place"])},
                ]
            )
            segments[i] = attrs.evolve(segment, **change)
        elif kind == "objective" and parts["objectives"] and ids:
            i = rnd.randrange(len(parts["objectives"]))
            objective = parts["objectives"][i]
            if rnd.random() < 0.5 or not objective.measures:
                change = {"segments": rnd.sample(ids, k=min(len(ids), rnd.randint(1, 2)))}
            else:
                change = {"measures": objective.measures[1:]}
            parts["objectives"][i] = attrs.evolve(objective, **change)
        elif kind == "evidence":
            name = rnd.choice(["results", "feedback", "demand"])
            if parts[name]:
                del parts[name][rnd.randrange(len(parts[name]))]
        elif kind == "partner" and parts["partners"] and ids:
            i = rnd.randrange(len(parts["partners"]))
            parts["partners"][i] = attrs.evolve(
                parts["partners"][i], represents=rnd.sample(ids, k=1)
            )
        elif kind == "remove":
            name = rnd.choice(["segments", "objectives", "partners", "journeys", "initiatives"])
            if parts[name]:
                del parts[name][rnd.randrange(len(parts[name]))]
    try:
        return Model(**parts)
    except ModelError:
        return None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=testing.models(evidence=True, max_segments=14), seed=st.integers(0, 2**32))
def test_an_update_after_random_edits_equals_a_whole_check(model: Model, seed: int) -> None:
    rnd = random.Random(seed)
    updates_hold(model, lambda current: _edit(current, rnd), 3)


@pytest.mark.parametrize("rule", SCOPED, ids=lambda r: r.code)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=testing.models(evidence=True, max_segments=14), seed=st.integers(0, 2**32))
def test_a_scoped_rule_given_only_finds_what_a_whole_run_finds_about_those_ids(
    rule: Any, model: Model, seed: int
) -> None:
    whole = list(rule.run(model))
    rnd = random.Random(seed)
    ids = sorted(model._index.by_id)
    only = frozenset(rnd.sample(ids, k=rnd.randint(0, len(ids))))
    assert Counter(rule.run(model, only=only)) == Counter(f for f in whole if f.entity in only)


def _two_cascades() -> Model:
    def segment(id_: str, parent: str | None = None) -> Segment:
        return Segment(id=id_, name=id_, category="target", unit="org", parent=parent)

    return Model(
        units=[Unit(id="org", name="Org", kind="ministerial_department")],
        segments=[segment("a"), segment("a1", "a"), segment("b"), segment("b1", "b")],
    )


def test_an_edit_to_a_unit_checks_everything_again() -> None:
    model = _two_cascades()
    assert affected(model, model, ["org"]) is None


def test_an_edit_to_one_cascade_reaches_that_cascade_and_not_another() -> None:
    model = _two_cascades()
    reach = affected(model, model, ["a1"])
    assert reach is not None
    assert {"a", "a1"} <= reach
    assert not {"b", "b1"} & reach


def test_scopes_are_declared_on_some_rules() -> None:
    assert {rule.scope for rule in SCOPED} >= {Scope.SEGMENT}


@pytest.mark.parametrize("seed", range(12))
def test_updates_on_a_government_shaped_model_equal_whole_checks(
    synthetic: Model, seed: int
) -> None:
    rnd = random.Random(seed)
    updates_hold(synthetic, lambda current: _edit(current, rnd), 6)


def test_findings_found_again_unchanged_keep_their_tuples(synthetic: Model) -> None:
    """Groups settled again (here every one: an update that says any file may have moved)
    whose findings come out the same keep each file's tuple, so that an editor can tell
    what it need not send again by identity."""
    checker = Checker()
    checker.run(synthetic)
    before = checker.by_file
    assert before
    checker.update(synthetic, None, before=synthetic, changed=[synthetic.segments[0].id])
    after = checker.by_file
    assert after.keys() == before.keys()
    assert all(after[file] is before[file] for file in before)
