"""The assessment view as text and Markdown: user text cannot break the terminal or a table."""

from __future__ import annotations

from cfgov import Assessment, ComponentAssessment, Initiative, Model, Segment, StepRecord, Unit
from cfgov.report.assessment import (
    render_assessment_markdown,
    render_assessment_text,
    unit_assessments,
)

HOSTILE = "Team \x1b[31m| `x` **y**\nnext"


def hostile_model() -> Model:
    return Model(
        units=[
            Unit(id="org", name="Org", kind="local_authority"),
            Unit(id="u", name=HOSTILE, parents=["org"]),
        ],
        segments=[Segment(id="s", name="S", category="target", unit="u")],
        assessments=[
            Assessment(
                id="a",
                unit="u",
                date="2026",
                assessed_by=HOSTILE,
                components=[
                    ComponentAssessment(
                        component="understand_the_customer", level="leading", next_steps=[HOSTILE]
                    )
                ],
            )
        ],
        initiatives=[
            Initiative(
                id="i",
                name=HOSTILE,
                unit="u",
                step="scope",
                steps=[StepRecord(step="identify", produced=HOSTILE)],
            )
        ],
    )


def test_text_escapes_control_characters_and_line_breaks() -> None:
    text = render_assessment_text(unit_assessments(hostile_model()))
    assert "\x1b" not in text
    assert "\\x1b[31m" in text
    assert "\nnext" not in text
    assert "Assess, step 2 of 10 (Scope current provision and capabilities)" in text


def test_markdown_rows_keep_their_columns() -> None:
    text = render_assessment_markdown(unit_assessments(hostile_model()))
    assert "\x1b" not in text
    table = [line for line in text.splitlines() if line.startswith("| ")]
    header_cells = table[0].count("|")
    assert all(line.count("|") - line.count("\\|") == header_cells for line in table[:5])
    initiative_rows = [line for line in table if line.startswith("| `i`")]
    assert len(initiative_rows) == 1
    assert initiative_rows[0].count("|") - initiative_rows[0].count("\\|") == 5


def test_only_assessed_units_unless_one_is_asked_for() -> None:
    model = hostile_model()
    assert [v.unit.id for v in unit_assessments(model)] == ["u"]
    [org] = unit_assessments(model, unit="org")
    assert org.latest is None
    assert org.changes == ()
    # The organisation's view covers the unit below it.
    assert org.standing.scope == {"org", "u"}
