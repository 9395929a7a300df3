"""Readiness answers follow the rules' findings and say what the model cannot answer."""

from __future__ import annotations

from pathlib import Path

from cfgov import (
    Assessment,
    ComponentAssessment,
    Initiative,
    KnowledgeSource,
    Model,
    OutcomeObjective,
    Segment,
    Stakeholder,
    Unit,
    load,
    readiness,
)
from cfgov.rules.readiness import NO, PARTLY, UNANSWERABLE, YES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def answers(model: Model) -> dict[str, str]:
    return {a.question: a.answer for a in readiness(model)}


def test_nine_questions_three_of_which_only_initiatives_can_answer() -> None:
    model = load(EXAMPLES)
    result = readiness(model)
    assert len(result) == 9
    # Strategy and capacity to change are answered from initiatives when there are some.
    assert [a.answer for a in result].count(UNANSWERABLE) == (1 if model.initiatives else 3)
    assert all(a.evidence for a in result)


def test_the_examples_are_largely_ready() -> None:
    given = answers(load(EXAMPLES))
    assert given["Have you set target outcomes for each customer group?"] == YES
    assert given["Are stakeholder groups engaged?"] == YES
    assert given["Do you agree who your stakeholders and customers are?"] == YES


def test_a_bare_model_is_not() -> None:
    model = Model(
        units=[Unit(id="d", name="D", kind="ministerial_department")],
        stakeholders=[Stakeholder(id="p", name="The public")],
        segments=[
            Segment(id="s", name="The public", category="target", unit="d"),
            Segment(
                id="t", name="Others", category="target", unit="d", stakeholder="p", need="A need"
            ),
        ],
    )
    given = answers(model)
    assert given["Have you set target outcomes for each customer group?"] == NO
    assert given["Do you agree who your stakeholders and customers are?"] == PARTLY
    assert (
        given["Do you have a detailed set of customer segments that is used in practice?"] == PARTLY
    )
    evidence = {a.question: a.evidence for a in readiness(model)}
    assert evidence["Have you set target outcomes for each customer group?"].startswith(
        "0 of 2 target segments"
    )


def test_counts_agree_with_their_nouns_and_verbs() -> None:
    model = Model(
        units=[Unit(id="d", name="D", kind="ministerial_department")],
        stakeholders=[Stakeholder(id="p", name="The public")],
        segments=[
            Segment(
                id="s",
                name="People",
                category="target",
                unit="d",
                stakeholder="p",
                knowledge_sources=[
                    KnowledgeSource(source="Comments", kind="feedback", closeness="direct")
                ],
            ),
        ],
    )
    evidence = " ".join(a.evidence for a in readiness(model))
    assert "0 of 1 target segment have an outcome objective" in evidence
    assert "1 of 1 target segment has a feedback source" in evidence
    two = Model(
        units=model.units,
        stakeholders=model.stakeholders,
        segments=[
            *model.segments,
            Segment(id="t", name="Others", category="target", unit="d", stakeholder="p"),
        ],
    )
    assert "0 of 2 target segments have" in " ".join(a.evidence for a in readiness(two))


def test_a_register_only_model_is_told_there_is_nothing_to_answer_from() -> None:
    model = Model(units=[Unit(id="d", name="D", kind="ministerial_department")])
    result = readiness(model)
    assert [a.answer for a in result].count(NO) == 6
    for answer in result:
        assert "0 of 0" not in answer.evidence
        if answer.answer == NO:
            assert answer.evidence.startswith("The model holds only the organisation graph")


def test_a_model_with_stakeholders_but_no_segments_is_told_so_in_plain_words() -> None:
    model = Model(
        units=[Unit(id="d", name="D", kind="local_authority")],
        stakeholders=[Stakeholder(id="public", name="The public")],
    )
    for answer in readiness(model):
        if answer.answer == NO:
            assert answer.evidence.startswith("The model holds no segments, so")
            assert answer.evidence.count("yet") == 1


def _with_initiatives(*initiatives: Initiative) -> Model:
    return Model(
        units=[Unit(id="d", name="D", kind="local_authority")],
        segments=[
            Segment(id=s, name=s.title(), category="target", unit="d") for s in ("a", "b", "c")
        ],
        objectives=[OutcomeObjective(id="o", statement="Better", segments=["a", "b"])],
        initiatives=list(initiatives),
        assessments=[
            Assessment(
                id="d-2026",
                unit="d",
                date="2026",
                components=[
                    ComponentAssessment(
                        component="operations_around_the_customer", level="emerging"
                    )
                ],
            )
        ],
    )


STRATEGY = "Do you have a strategy for achieving them?"
CAPACITY = "Do you have the capacity to change?"
MOTIVATED = "Are your staff motivated to achieve them?"


def test_initiatives_answer_strategy_and_capacity_to_change() -> None:
    none = {a.question: a for a in readiness(_with_initiatives())}
    assert none[STRATEGY].answer == none[CAPACITY].answer == UNANSWERABLE
    assert "`initiatives:`" in none[CAPACITY].evidence
    piloting = Initiative(id="i1", name="One door", unit="d", step="pilot", segments=["a"])
    given = {a.question: a for a in readiness(_with_initiatives(piloting))}
    assert given[STRATEGY].answer == PARTLY
    assert given[STRATEGY].evidence.startswith(
        "1 initiative (in d); 1 of the 2 target segments with an objective there is named by "
        "one, or by one for a broader or finer segment (not b)."
    )
    assert given[CAPACITY].answer == PARTLY
    assert given[CAPACITY].evidence.startswith("1 initiative (1 at Implement); none rolled out")
    rolled = Initiative(id="i2", name="Letters", unit="d", step="review", segments=["b"])
    given = {a.question: a for a in readiness(_with_initiatives(piloting, rolled))}
    assert given[STRATEGY].answer == YES
    assert given[CAPACITY].answer == YES
    assert "1 rolled out or beyond (i2)" in given[CAPACITY].evidence


def test_the_teams_own_claim_is_quoted_where_the_model_cannot_answer() -> None:
    given = {a.question: a for a in readiness(_with_initiatives())}
    assert given[MOTIVATED].answer == UNANSWERABLE
    assert "component 2" in given[MOTIVATED].evidence
    assert "d emerging (the teams' own word)" in given[MOTIVATED].evidence


def test_only_organisations_that_keep_initiatives_are_judged_by_them() -> None:
    model = load(EXAMPLES)
    strategy = next(a for a in readiness(model) if a.question == STRATEGY)
    keeping = {o.id for i in model.initiatives for o in model.organisations_of(i.unit)}
    assert keeping == {"council"}
    assert "(in council)" in strategy.evidence
    assert "dwp" not in strategy.evidence
