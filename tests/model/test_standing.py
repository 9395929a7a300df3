"""What the model itself says about a unit's four components, and the change between sittings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfgov import (
    Assessment,
    ComponentAssessment,
    Feedback,
    Initiative,
    KnowledgeSource,
    Measure,
    Model,
    OutcomeObjective,
    Partner,
    Result,
    Segment,
    Unit,
    load,
)
from cfgov.model import Component, Level
from cfgov.model.standing import LevelChange, change_between, changes_of, ids_text, standing_of
from cfgov.testing import models

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
UNDERSTAND, OPERATIONS, RELATIONSHIPS, OUTCOMES = list(Component)


def council(**collections: object) -> Model:
    """A council with one team; ``collections`` adds to (or replaces) what it holds."""
    base: dict[str, object] = {
        "units": [
            Unit(id="council", name="Riverside Council", kind="local_authority"),
            Unit(id="hb", name="Housing Benefit", parents=["council"]),
            Unit(id="hb-desk", name="Front desk", parents=["hb"]),
        ],
        "segments": [
            Segment(id="claimants", name="Claimants", category="target", unit="hb"),
            Segment(id="landlords", name="Landlords", category="target", unit="hb-desk"),
            Segment(id="taxpayers", name="Council taxpayers", category="indirect", unit="council"),
        ],
    }
    base.update(collections)
    return Model(**base)  # type: ignore[arg-type]


def objective(oid: str, *segments: str, measures: tuple[Measure, ...] = ()) -> OutcomeObjective:
    return OutcomeObjective(
        id=oid, statement=f"Outcome {oid}", segments=segments, measures=measures
    )


def test_target_segments_without_objectives_rule_out_an_established_understanding() -> None:
    # The scale's "developing" has objectives for some target segments: none, no more
    # than emerging.
    view = standing_of(council(), "hb").view_of(UNDERSTAND)
    assert view.ceiling is Level.EMERGING
    assert view.contradiction == "none of the 2 target segments has an outcome objective"
    assert view.contradicts(Level.ESTABLISHED)
    assert view.contradicts(Level.DEVELOPING)
    assert not view.contradicts(Level.EMERGING)
    assert view.level is Level.EMERGING


def test_objectives_for_some_target_segments_rule_out_an_established_claim() -> None:
    # The scale's "established" has an objective for every target segment.
    view = standing_of(council(objectives=[objective("o1", "claimants")]), "hb").view_of(UNDERSTAND)
    assert view.ceiling is Level.DEVELOPING
    assert view.contradicts(Level.ESTABLISHED)
    assert "landlords" in (view.contradiction or "")
    assert "claimants" not in (view.contradiction or "")


def test_the_scope_is_the_unit_and_every_unit_below_it_not_above() -> None:
    model = council()
    assert standing_of(model, "hb").scope == {"hb", "hb-desk"}
    desk = standing_of(model, "hb-desk").view_of(UNDERSTAND)
    assert desk.reasons[0].startswith("1 target segment (landlords)")
    # The council's own segment is indirect, and its teams' targets count for it.
    top = standing_of(model, "council").view_of(UNDERSTAND)
    assert top.reasons[0].startswith("2 target segments (claimants, landlords)")


def test_a_unit_with_no_target_segments_can_claim_no_more_than_emerging() -> None:
    model = council(segments=[Segment(id="t", name="Taxpayers", category="indirect", unit="hb")])
    standing = standing_of(model, "hb")
    assert standing.view_of(UNDERSTAND).level is Level.NOT_STARTED
    assert standing.view_of(UNDERSTAND).ceiling is Level.EMERGING
    # Nothing to engage and nothing to measure: the model cannot judge, and does not
    # contradict any claim.
    for component in (OPERATIONS, RELATIONSHIPS, OUTCOMES):
        view = standing.view_of(component)
        assert view.level is None
        assert view.ceiling is Level.LEADING
        assert view.contradiction is None


def test_understanding_grows_with_cuts_objectives_and_direct_knowledge() -> None:
    direct = (KnowledgeSource(source="Desk visits", closeness="direct"),)
    segments = [
        Segment(id="claimants", name="Claimants", category="target", unit="hb"),
        Segment(
            id="new",
            name="New claimants",
            category="target",
            unit="hb",
            parent="claimants",
            cut="time on benefit",
            knowledge_sources=direct,
        ),
    ]
    model = council(segments=segments, objectives=[objective("o1", "claimants")])
    assert standing_of(model, "hb").view_of(UNDERSTAND).level is Level.DEVELOPING
    segments[0] = Segment(
        id="claimants",
        name="Claimants",
        category="target",
        unit="hb",
        knowledge_sources=(KnowledgeSource(source="Statistics", closeness="distant"),),
    )
    model = council(segments=segments, objectives=[objective("o1", "claimants")])
    assert standing_of(model, "hb").view_of(UNDERSTAND).level is Level.ESTABLISHED
    segments[0] = attrs_evolve(segments[0], knowledge_sources=direct)
    model = council(segments=segments, objectives=[objective("o1", "claimants")])
    view = standing_of(model, "hb").view_of(UNDERSTAND)
    assert view.level is Level.LEADING
    assert view.ceiling is Level.LEADING


def attrs_evolve(segment: Segment, **changes: object) -> Segment:
    import attrs

    return attrs.evolve(segment, **changes)


def test_operations_judge_what_is_measured_and_stop_at_established() -> None:
    output = Measure(id="m-out", name="Claims processed", kind="output")
    model = council(objectives=[objective("o1", "claimants", "landlords", measures=(output,))])
    view = standing_of(model, "hb").view_of(OPERATIONS)
    assert view.level is Level.EMERGING
    assert view.ceiling is Level.DEVELOPING
    assert "m-out" in (view.contradiction or "")
    good = Measure(
        id="m-days",
        name="Days from claim to decision",
        perspective="end_to_end",
        experience=["speed"],
        target=10,
        better="lower",
    )
    results = [Result(measure="m-days", period="2025-Q4", actual=12)]
    model = council(
        objectives=[objective("o1", "claimants", "landlords", measures=(good,))], results=results
    )
    view = standing_of(model, "hb").view_of(OPERATIONS)
    assert view.level is Level.ESTABLISHED
    assert view.ceiling is Level.LEADING
    assert any("motivation" in r for r in view.reasons)


def test_objectives_with_no_measures_cap_operations_at_emerging() -> None:
    view = standing_of(council(objectives=[objective("o1", "claimants")]), "hb").view_of(OPERATIONS)
    assert (view.level, view.ceiling) == (Level.NOT_STARTED, Level.EMERGING)


def test_relationships_from_representatives_contact_and_feedback() -> None:
    forum = Partner(id="forum", name="Forum", role="representative", represents=["claimants"])
    model = council(partners=[forum])
    view = standing_of(model, "hb").view_of(RELATIONSHIPS)
    assert view.level is Level.EMERGING
    assert view.ceiling is Level.DEVELOPING
    assert view.contradiction == "none of the 2 target segments gives any feedback"
    assert view.reasons[0] == "1 of 2 target segments has a representative."
    # An intermediary delivers to landlords but does not speak for them (CFG123 agrees).
    agents = Partner(id="agents", name="Agents", role="intermediary", delivers_to=["landlords"])
    feedback = [
        Feedback(segment=s, period="2025-Q4", source="Survey", answered=10)
        for s in ("claimants", "landlords")
    ]
    view = standing_of(council(partners=[forum, agents], feedback=feedback), "hb").view_of(
        RELATIONSHIPS
    )
    assert view.level is Level.DEVELOPING
    assert "not landlords" in view.reasons[1]
    segments = [
        Segment(id="claimants", name="Claimants", category="target", unit="hb"),
        Segment(
            id="landlords",
            name="Landlords",
            category="target",
            unit="hb-desk",
            knowledge_sources=[KnowledgeSource(source="Landlord forum", closeness="direct")],
        ),
    ]
    view = standing_of(
        council(segments=segments, partners=[forum, agents], feedback=feedback), "hb"
    ).view_of(RELATIONSHIPS)
    assert (view.level, view.ceiling) == (Level.ESTABLISHED, Level.LEADING)
    nobody = standing_of(council(), "hb").view_of(RELATIONSHIPS)
    assert (nobody.level, nobody.ceiling) == (Level.NOT_STARTED, Level.EMERGING)


def test_outcomes_from_results_and_initiatives_at_implement() -> None:
    measure = Measure(id="m", name="Right first time", kind="outcome", target=90, better="higher")
    objectives = [objective("o1", "claimants", measures=(measure,))]
    view = standing_of(council(objectives=objectives), "hb").view_of(OUTCOMES)
    assert (view.level, view.ceiling) == (Level.NOT_STARTED, Level.DEVELOPING)
    rolled = Initiative(id="i", name="One door", unit="hb-desk", step="roll_out")
    met = [Result(measure="m", period="2025", actual=92)]
    view = standing_of(
        council(objectives=objectives, initiatives=[rolled], results=met), "hb"
    ).view_of(OUTCOMES)
    assert (view.level, view.ceiling) == (Level.ESTABLISHED, Level.LEADING)
    assert "1 at the Implement stage (i)" in view.reasons[1]
    # An initiative of a unit above does not count for the team.
    above = Initiative(id="i", name="One door", unit="council", step="roll_out")
    view = standing_of(council(objectives=objectives, initiatives=[above]), "hb").view_of(OUTCOMES)
    assert view.reasons[1] == "No initiative."


@given(st.lists(st.booleans(), min_size=1, max_size=6))
def test_the_ceiling_of_understanding_follows_the_share_of_targets_with_objectives(
    named: list[bool],
) -> None:
    segments = [
        Segment(id=f"s{n}", name=f"S{n}", category="target", unit="hb") for n in range(len(named))
    ]
    objectives = [objective(f"o{n}", f"s{n}") for n, has in enumerate(named) if has]
    view = standing_of(council(segments=segments, objectives=objectives), "hb").view_of(UNDERSTAND)
    expected = Level.LEADING if all(named) else Level.DEVELOPING if any(named) else Level.EMERGING
    assert view.ceiling is expected


@settings(max_examples=40, deadline=None)
@given(models())
def test_the_model_never_contradicts_its_own_level(model: Model) -> None:
    for unit in model.units:
        for view in standing_of(model, unit.id).views:
            assert view.reasons
            if view.level is not None:
                assert not view.contradicts(view.level)
            assert (view.contradiction is None) == (view.ceiling is Level.LEADING)


def test_every_example_organisation_has_a_view_of_each_component() -> None:
    model = load(EXAMPLES)
    for organisation in model.organisations:
        standing = standing_of(model, organisation.id)
        assert [v.component for v in standing.views] == list(Component)


def test_an_unknown_unit_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="nowhere"):
        standing_of(council(), "nowhere")


def sitting(aid: str, date: str, **levels: str) -> Assessment:
    return Assessment(
        id=aid,
        unit="hb",
        date=date,
        components=[ComponentAssessment(component=c, level=lv) for c, lv in levels.items()],
    )


def test_the_change_since_the_last_sitting_per_component() -> None:
    first = sitting(
        "a1",
        "2024",
        understand_the_customer="emerging",
        stakeholder_relationships="established",
        deliver_target_outcomes="developing",
    )
    second = sitting("a2", "2025-06", understand_the_customer="developing")
    third = sitting(
        "a3",
        "2026-03",
        understand_the_customer="developing",
        stakeholder_relationships="developing",
        deliver_target_outcomes="leading",
        operations_around_the_customer="emerging",
    )
    model = council(assessments=[third, first, second])
    assert [a.id for a in model.assessments_of("hb")] == ["a1", "a2", "a3"]
    changes = {c.component: c for c in changes_of(model, "hb")}
    assert (changes[UNDERSTAND].previous, changes[UNDERSTAND].change) == (
        Level.DEVELOPING,
        LevelChange.SAME,
    )
    # a2 did not score relationships: the level before is a1's.
    assert (changes[RELATIONSHIPS].previous, changes[RELATIONSHIPS].change) == (
        Level.ESTABLISHED,
        LevelChange.DOWN,
    )
    assert changes[OUTCOMES].change is LevelChange.UP
    assert (changes[OPERATIONS].previous, changes[OPERATIONS].change) == (None, LevelChange.NEW)
    assert [c.change for c in change_between([], first)] == [LevelChange.NEW] * 3
    assert changes_of(model, "hb-desk") == ()


def test_ids_are_listed_up_to_five() -> None:
    assert ids_text(["a", "b"]) == "a, b"
    assert ids_text([str(n) for n in range(8)]) == "0, 1, 2, 3, 4 and 3 more"
