"""The diff of assessments, initiatives and journeys: added, removed, changed part by part,
an initiative's step said in words; and a unit merged by same_as renamed wherever they name it."""

from __future__ import annotations

from pathlib import Path

import attrs

from cfgov import load, loads
from cfgov.model import Assessment, ComponentAssessment, JourneyStage, StepRecord
from cfgov.report.diff import (
    Change,
    FieldChange,
    diff_models,
    render_diff_markdown,
    render_diff_text,
)

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "tests" / "data" / "standing" / "model.yaml"


def test_an_initiative_that_moved_on_a_step_says_so_in_words() -> None:
    old = load(MODEL)
    (initiative,) = old.initiatives
    record = StepRecord(step="roll_out", produced="Every office")
    new = attrs.evolve(
        old,
        initiatives=[attrs.evolve(initiative, step="roll_out", steps=(*initiative.steps, record))],
    )
    diff = diff_models(old, new)
    (change,) = diff.changed
    assert (change.kind, change.id, change.change) == ("initiative", "i1", Change.CHANGED)
    assert change.moved == "moved from pilot (step 8) to roll out (step 9)"
    assert FieldChange("steps.roll_out", None, record) in change.fields
    text = render_diff_text(diff)
    assert (
        "Initiatives\n  ~ i1  One door\n      moved from pilot (step 8) to roll out (step 9)"
        in text
    )
    assert "Changed `i1` One door: moved from pilot (step 8) to roll out (step 9)" in (
        render_diff_markdown(diff)
    )
    back = diff_models(new, old)
    assert back.changed[0].moved == "moved back from roll out (step 9) to pilot (step 8)"


def test_a_claimed_level_that_changed_is_named_by_its_component() -> None:
    old = load(MODEL)
    (assessment,) = old.assessments
    first, second = assessment.components
    raised = attrs.evolve(first, level="leading")
    new = attrs.evolve(
        old,
        assessments=[
            attrs.evolve(assessment, components=(raised, second)),
            Assessment(
                id="a2",
                unit="u",
                date="2027-03",
                components=[
                    ComponentAssessment(component="deliver_target_outcomes", level="emerging")
                ],
            ),
        ],
    )
    diff = diff_models(old, new)
    assert [(e.id, e.change) for e in diff.entries] == [
        ("a2", Change.ADDED),
        ("a1", Change.CHANGED),
    ]
    assert diff.changed[0].fields == (
        FieldChange("components.understand_the_customer.level", first.level, raised.level),
    )
    assert diff.added[0].label == "self-assessment of u on 2027-03"
    assert "Self-assessments" in render_diff_text(diff)
    assert diff.changed[0].moved == ""


def test_journey_stages_and_steps_are_compared_by_position() -> None:
    old = load(MODEL)
    (journey,) = old.journeys
    finding, applying = journey.stages
    calmer = attrs.evolve(finding.steps[0], feeling="good")
    deciding = JourneyStage(name="Waiting for a decision")
    stages = (attrs.evolve(finding, steps=(calmer, *finding.steps[1:])), applying, deciding)
    diff = diff_models(old, attrs.evolve(old, journeys=[attrs.evolve(journey, stages=stages)]))
    (change,) = diff.changed
    assert change.fields == (
        FieldChange("stages.1.steps.1.feeling", finding.steps[0].feeling, calmer.feeling),
        FieldChange("stages.3", None, deciding),
    )
    text = render_diff_text(diff)
    assert "Customer journeys" in text
    assert "stages.3: (none) -> {name: Waiting for a decision}" in text


def test_removed_initiatives_and_journeys_are_listed() -> None:
    old = load(MODEL)
    diff = diff_models(old, attrs.evolve(old, initiatives=[], journeys=[]))
    assert [(e.kind, e.id, e.change) for e in diff.entries] == [
        ("initiative", "i1", Change.REMOVED),
        ("journey", "j1", Change.REMOVED),
    ]
    assert "2 removed" in diff.summary()


_MERGED = """\
organisations:
  - {id: org, name: Org}
units:
  - {id: u, name: U, parents: [org], same_as: u-register}
  - {id: u-register, name: U as the register has it, parents: [org]}
segments:
  - {id: s, name: People who claim, category: target, unit: u}
assessments:
  - id: a1
    unit: UNIT
    date: 2026-03
    components: [{component: understand_the_customer, level: emerging}]
initiatives:
  - {id: i1, name: One door, unit: UNIT, step: identify}
journeys:
  - id: j1
    name: Claiming
    segment: s
    stages:
      - name: Finding out
        steps: [{name: Reads online, unit: UNIT}]
"""


def test_a_unit_merged_by_same_as_is_renamed_in_assessments_initiatives_and_journeys() -> None:
    by_alias = loads(_MERGED.replace("UNIT", "u-register"))
    assert by_alias.assessments[0].unit == "u"
    assert by_alias.initiatives[0].unit == "u"
    assert by_alias.journeys[0].stages[0].steps[0].unit == "u"
    assert [a.id for a in by_alias.assessments_of("u")] == ["a1"]
    assert [i.id for i in by_alias.initiatives_of("u")] == ["i1"]
    # Naming the unit by either of its ids is the same model: the diff sees no change.
    diff = diff_models(loads(_MERGED.replace("UNIT", "u")), by_alias)
    assert diff.is_empty, render_diff_text(diff)


def test_a_journey_step_is_numbered_from_1_as_the_rules_and_frames_number_it() -> None:
    # An analyst reads "stages.2.steps.2" beside CFG143's "step 2 ... of stage 2" and the
    # journeys frame's stage 2, step 2: all three must name the same step.
    from cfgov.report.frames import frames

    old = load(ROOT / "examples")
    (journey,) = old.journeys
    first, second, *rest = journey.stages
    worse = attrs.evolve(second.steps[1], feeling="very_bad")
    stages = (first, attrs.evolve(second, steps=(second.steps[0], worse)), *rest)
    new = attrs.evolve(old, journeys=[attrs.evolve(journey, stages=stages)])
    (change,) = diff_models(old, new).changed
    assert [f.field for f in change.fields] == ["stages.2.steps.2.feeling"]
    row = frames(new).journeys.query("feeling == 'very_bad'")
    assert (int(row.stage.iloc[0]), int(row.step.iloc[0])) == (2, 2)
