"""The report's "Where units stand" section: each unit's latest self-assessment beside the
model's own view (cfgov.standing_of), and its initiatives."""

from __future__ import annotations

from pathlib import Path

import attrs

from cfgov import Level, Model, changes_of, load, standing_of
from cfgov.report.document import render_html, render_markdown

ROOT = Path(__file__).resolve().parents[2]


def _rows(text: str, caption: str) -> list[list[str]]:
    table = text[text.index(caption) :].split("\n\n")[1]
    return [[c.strip() for c in line.strip("|").split("|")] for line in table.splitlines()[2:]]


def test_each_component_row_agrees_with_the_models_view_and_the_last_change() -> None:
    model = load(ROOT / "examples")
    text = render_markdown(model)
    assert "## Where units stand" in text
    views = {v.component.number: v for v in standing_of(model, "council-waste").views}
    changes = {c.component.number: c for c in changes_of(model, "council-waste")}
    rows = _rows(text, "*The levels Waste and recycling claims, beside what the model shows*")
    assert len(rows) == 4
    for row in rows:
        number = int(row[0].split(".")[0])
        view, change = views[number], changes[number]
        assert row[1] == change.level.words
        assert row[2] == f"{change.change.value} from {change.previous.words}"  # type: ignore[union-attr]
        assert row[3] == (view.level.words if view.level else "cannot judge")
        assert row[4] == view.ceiling.words


def test_a_contradicted_claim_says_why_and_the_initiatives_say_where_they_are() -> None:
    model = load(ROOT / "examples")
    sitting = model.assessments_of("council-waste")[-1]
    raised = attrs.evolve(
        sitting,
        id="pension-sitting",
        unit="dwp-pension-service",
        components=[attrs.evolve(p, level=Level.LEADING) for p in sitting.components],
    )
    model = attrs.evolve(model, assessments=[*model.assessments, raised])
    text = render_markdown(model)
    view = standing_of(model, "dwp-pension-service").view_of("stakeholder_relationships")
    assert view.contradiction is not None
    assert f"contradicted: {view.contradiction}" in text
    steps = _rows(text, "*The initiatives Waste and recycling leads")
    reached = {row[0]: row[2] for row in steps}
    for initiative in model.initiatives_of("council-waste"):
        key = f"{initiative.name} ({initiative.id})"
        assert reached[key] == f"{initiative.step.number}. {initiative.step.title}"


def test_no_section_without_assessments_or_initiatives_and_the_html_carries_it() -> None:
    model = load(ROOT / "examples")
    bare = Model(
        units=model.units,
        stakeholders=model.stakeholders,
        segments=model.segments,
        partners=model.partners,
        objectives=model.objectives,
        aims=model.aims,
        principles=model.principles,
    )
    assert "Where units stand" not in render_markdown(bare)
    page = render_html(model)
    assert '<section id="standing">' in page
    assert "The levels Waste and recycling claims" in page
