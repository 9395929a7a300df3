"""Readiness answers follow the rules' findings and say what the model cannot answer."""

from __future__ import annotations

from pathlib import Path

from cfgov import KnowledgeSource, Model, Segment, Stakeholder, Unit, load, readiness
from cfgov.rules.readiness import NO, PARTLY, UNANSWERABLE, YES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def answers(model: Model) -> dict[str, str]:
    return {a.question: a.answer for a in readiness(model)}


def test_nine_questions_three_of_which_the_model_cannot_answer() -> None:
    result = readiness(load(EXAMPLES))
    assert len(result) == 9
    assert [a.answer for a in result].count(UNANSWERABLE) == 3
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
