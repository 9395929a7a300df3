"""The scoped rules CFG102-CFG125 stay equal to a whole check after the edits that could
break their scoping and that ``test_incremental``'s random edits do not make.

Each edit here reaches a finding through a link the rule leans on: a segment moved to
another unit (the unit rules group by owner), a segment's stakeholder, voice, advocate or
knowledge sources changed (CFG109, CFG114, CFG116, CFG123), an objective's unit changed
or a measure moved from one objective to another without changing (CFG117, CFG122), a
partner's role changed (CFG109, CFG112, CFG123), a segment added below another.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.rules.incremental_support import changes, collections_of, updates_hold

from cfgov import testing
from cfgov.model import (
    KnowledgeSource,
    Measure,
    Model,
    ModelError,
    OutcomeObjective,
    Partner,
    Segment,
    Unit,
)
from cfgov.model.enums import Category, Closeness, PartnerRole, Voice
from cfgov.rules import all_rules, check
from cfgov.rules.engine import Checker

MINE = {
    "CFG102",
    "CFG103",
    "CFG104",
    "CFG105",
    "CFG106",
    "CFG108",
    "CFG109",
    "CFG110",
    "CFG112",
    "CFG113",
    "CFG114",
    "CFG115",
    "CFG116",
    "CFG117",
    "CFG118",
    "CFG121",
    "CFG122",
    "CFG123",
    "CFG124",
    "CFG125",
}
RULES = [rule for rule in all_rules() if rule.code in MINE]
Parts = dict[str, list[Any]]


def _segment_unit(parts: Parts, rnd: random.Random) -> None:
    segments = parts["segments"]
    i = rnd.randrange(len(segments))
    unit = rnd.choice(parts["units"]).id
    segments[i] = attrs.evolve(segments[i], unit=unit)


def _segment_stakeholder(parts: Parts, rnd: random.Random) -> None:
    segments = parts["segments"]
    i = rnd.randrange(len(segments))
    choices = [None, *(s.id for s in parts["stakeholders"])]
    segments[i] = attrs.evolve(segments[i], stakeholder=rnd.choice(choices))


def _segment_voice(parts: Parts, rnd: random.Random) -> None:
    segments = parts["segments"]
    i = rnd.randrange(len(segments))
    change = rnd.choice(
        [
            {"voice": rnd.choice([None, *Voice])},
            {"government_advocate": rnd.choice([None, "The Pensions Minister"])},
            {"knowledge_sources": ()},
            {
                "knowledge_sources": (
                    KnowledgeSource(source="A survey", closeness=rnd.choice(list(Closeness))),
                )
            },
        ]
    )
    segments[i] = attrs.evolve(segments[i], **change)


def _segment_words(parts: Parts, rnd: random.Random) -> None:
    segments = parts["segments"]
    i = rnd.randrange(len(segments))
    change = rnd.choice(
        [
            {"need": None, "interest": None, "behaviour": None},
            {"need": "Money in retirement"},
            {"name": "The public as taxpayers", "category": Category.INDIRECT, "target_kind": None},
            {"name": "Ministers as customers", "category": Category.TARGET},
        ]
    )
    segments[i] = attrs.evolve(segments[i], **change)


def _segment_added(parts: Parts, rnd: random.Random) -> None:
    segments = parts["segments"]
    parent = rnd.choice(segments)
    unit = rnd.choice([parent.unit, rnd.choice(parts["units"]).id])
    stakeholder = rnd.choice([None, *(s.id for s in parts["stakeholders"])])
    added = Segment(
        id=f"added-{rnd.randrange(10**9)}",
        name=parent.name,
        category=rnd.choice(list(Category)),
        unit=unit,
        parent=parent.id,
        cut=parent.cut,
        stakeholder=stakeholder,
        priority=rnd.choice([None, 1, 2]),
        voice=rnd.choice([None, Voice.NONE, Voice.STRONG]),
    )
    segments.insert(rnd.randrange(len(segments) + 1), added)


def _objective_unit(parts: Parts, rnd: random.Random) -> None:
    objectives = parts["objectives"]
    if not objectives:
        return
    i = rnd.randrange(len(objectives))
    unit = rnd.choice([None, *(u.id for u in parts["units"])])
    objectives[i] = attrs.evolve(objectives[i], unit=unit)


def _measure_moved(parts: Parts, rnd: random.Random) -> None:
    """A measure cut from one objective and pasted into another, itself unchanged."""
    objectives: list[OutcomeObjective] = parts["objectives"]
    having = [i for i, o in enumerate(objectives) if o.measures]
    if not having or len(objectives) < 2:
        return
    source = rnd.choice(having)
    target = rnd.choice([i for i in range(len(objectives)) if i != source])
    measure = rnd.choice(objectives[source].measures)
    objectives[source] = attrs.evolve(
        objectives[source], measures=[m for m in objectives[source].measures if m is not measure]
    )
    objectives[target] = attrs.evolve(
        objectives[target], measures=[*objectives[target].measures, measure]
    )


def _measure_changed(parts: Parts, rnd: random.Random) -> None:
    objectives: list[OutcomeObjective] = parts["objectives"]
    having = [i for i, o in enumerate(objectives) if o.measures]
    if not having:
        return
    i = rnd.choice(having)
    measures = list(objectives[i].measures)
    j = rnd.randrange(len(measures))
    change = rnd.choice(
        [
            {"kind": rnd.choice([None, "outcome", "output"])},
            {"perspective": rnd.choice([None, "internal", "end_to_end"])},
            {"method": None},
            {"method": "A survey"},
        ]
    )
    try:
        measures[j] = attrs.evolve(measures[j], **change)
    except (TypeError, ValueError):
        return
    objectives[i] = attrs.evolve(objectives[i], measures=measures)


def _partner_role(parts: Parts, rnd: random.Random) -> None:
    partners: list[Partner] = parts["partners"]
    if not partners:
        return
    i = rnd.randrange(len(partners))
    change = rnd.choice(
        [
            {"role": rnd.choice(list(PartnerRole))},
            {"stakeholder": rnd.choice([None, *(s.id for s in parts["stakeholders"])])},
            {"advises_on": [rnd.choice(parts["segments"]).id]},
            {"represents": ()},
        ]
    )
    partners[i] = attrs.evolve(partners[i], **change)


EDITS: list[Callable[[Parts, random.Random], None]] = [
    _segment_unit,
    _segment_stakeholder,
    _segment_voice,
    _segment_words,
    _segment_added,
    _objective_unit,
    _measure_moved,
    _measure_changed,
    _partner_role,
]


def _edit(model: Model, rnd: random.Random, kind: Callable[[Parts, random.Random], None]) -> Model:
    parts: Parts = collections_of(model)
    if parts["segments"]:
        kind(parts, rnd)
    return Model(**parts)


def _holds(model: Model, rnd: random.Random, steps: int) -> None:
    """After each of a few edits of the kinds above, the update equals a whole check."""

    def edited(current: Model) -> Model | None:
        try:
            return _edit(current, rnd, rnd.choice(EDITS))
        except ModelError:
            return None

    updates_hold(model, edited, steps, RULES)


def test_the_rules_of_this_file_are_scoped() -> None:
    assert {rule.code for rule in RULES if rule.scope is not None} == MINE


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=testing.models(evidence=True, max_segments=14), seed=st.integers(0, 2**32))
def test_updates_after_edits_to_the_links_the_rules_lean_on_equal_whole_checks(
    model: Model, seed: int
) -> None:
    _holds(model, random.Random(seed), 4)


@pytest.mark.parametrize("seed", range(10))
def test_the_same_edits_on_a_government_shaped_model_equal_whole_checks(
    synthetic: Model, seed: int
) -> None:
    _holds(synthetic, random.Random(seed), 8)


def _small() -> Model:
    """Two units, a cascade each, an objective each: a measure can move between them."""

    def segment(id_: str, unit: str, parent: str | None = None) -> Segment:
        return Segment(id=id_, name=id_, category="target", unit=unit, parent=parent)

    def objective(id_: str, segment: str, *measures: Measure) -> OutcomeObjective:
        return OutcomeObjective(id=id_, statement=id_, segments=[segment], measures=measures)

    return Model(
        units=[
            Unit(id="org", name="Org", kind="ministerial_department"),
            Unit(id="team", name="Team", parents=["org"]),
        ],
        segments=[segment("a", "org"), segment("a1", "org", "a"), segment("b", "team")],
        objectives=[
            objective("oa", "a1", Measure(id="m", name="Claims processed")),
            objective("ob", "b"),
        ],
    )


def test_a_measure_moved_unchanged_to_another_objective_is_checked_again() -> None:
    before = _small()
    parts: Parts = collections_of(before)
    oa, ob = parts["objectives"]
    parts["objectives"] = [attrs.evolve(oa, measures=()), attrs.evolve(ob, measures=oa.measures)]
    after = Model(**parts)
    changed, evidence = changes(before, after)
    assert "m" not in changed
    checker = Checker(rules=RULES)
    checker.run(before)
    got = checker.update(after, None, before=before, changed=changed, evidence_for=evidence)
    want = check(after, rules=RULES)
    assert list(got.findings) == list(want.findings)
    assert any(f.code == "CFG122" and f.related == ("ob",) for f in got.findings)


def test_a_segment_moved_to_another_unit_regroups_both_units() -> None:
    before = _small()
    parts: Parts = collections_of(before)
    parts["segments"] = [
        *parts["segments"],
        Segment(id="c", name="c", category="target", unit="team", priority=1),
    ]
    before = Model(**parts)
    parts["segments"][0] = attrs.evolve(parts["segments"][0], unit="team")
    after = Model(**parts)
    changed, evidence = changes(before, after)
    checker = Checker(rules=RULES)
    checker.run(before)
    got = checker.update(after, None, before=before, changed=changed, evidence_for=evidence)
    assert list(got.findings) == list(check(after, rules=RULES).findings)
