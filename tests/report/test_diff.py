"""The semantic diff: entries added, removed and changed, cascade moves, findings, rendering."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from cfgov import (
    Aim,
    Demand,
    Feedback,
    Finding,
    Location,
    Measure,
    Model,
    OutcomeObjective,
    Partner,
    Principle,
    Result,
    Segment,
    ServiceStandard,
    Severity,
    Size,
    Stakeholder,
    Unit,
)
from cfgov.report.diff import (
    EMPTY_TEXT,
    OWNER_FIELD,
    CascadeMove,
    Change,
    EntityChange,
    FieldChange,
    ModelDiff,
    diff_models,
    markdown_code,
    render_diff_markdown,
    render_diff_text,
)


def seg(sid: str, unit: str = "dept", parent: str | None = None, **kw: Any) -> Segment:
    name = kw.pop("name", sid.title())
    return Segment(id=sid, name=name, category="target", unit=unit, parent=parent, **kw)


def base(**changes: object) -> Model:
    """A small model; keyword arguments replace whole collections."""
    collections: dict[str, object] = {
        "units": [
            Unit(id="dept", name="Department", kind="ministerial_department"),
            Unit(id="svc", name="Service", kind="service", parents=["dept"]),
            Unit(id="other", name="Other service", kind="service", parents=["dept"]),
        ],
        "aims": [Aim(id="aim", unit="dept", statement="Fewer people in poverty")],
        "stakeholders": [Stakeholder(id="public", name="The public")],
        "segments": [
            seg("broad-a", size=Size(value=1000)),
            seg("broad-b"),
            seg("narrow", unit="svc", parent="broad-a", size=Size(value=100, source="survey")),
        ],
        "partners": [
            Partner(id="rep", name="Residents' panel", role="representative", represents=["narrow"])
        ],
        "objectives": [
            OutcomeObjective(
                id="obj",
                statement="More people claim what they are owed",
                segments=["narrow"],
                measures=[Measure(id="take-up", name="Take-up", target=80)],
            ),
            OutcomeObjective(id="obj-2", statement="Fewer errors", segments=["broad-b"]),
        ],
        "principles": [
            Principle(
                id="dignity",
                name="Dignity",
                standards=[
                    ServiceStandard(
                        id="courtesy",
                        statement="Staff are courteous",
                        targets=[Measure(id="courtesy-rating", name="Rated courteous")],
                    )
                ],
            )
        ],
    }
    collections.update(changes)
    return Model(**collections)  # type: ignore[arg-type]


def replace(model: Model, collection: str, entity_id: str, **changes: object) -> Model:
    items = [
        attrs.evolve(e, **changes) if e.id == entity_id else e for e in getattr(model, collection)
    ]
    return attrs.evolve(model, **{collection: items})


def finding(code: str, entity: str, message: str, line: int = 1) -> Finding:
    return Finding(
        code=code,
        severity=Severity.WARNING,
        message=message,
        entity=entity,
        field="size",
        location=Location("segments.yaml", line, 5),
    )


# -- comparing ------------------------------------------------------------------------


def test_equal_models_give_an_empty_diff() -> None:
    diff = diff_models(base(), base())
    assert diff.is_empty
    assert diff == ModelDiff()
    assert render_diff_text(diff) == EMPTY_TEXT + "\n"


def test_order_of_entries_is_not_a_change() -> None:
    old = base()
    new = attrs.evolve(old, segments=tuple(reversed(old.segments)))
    assert diff_models(old, new).is_empty


def test_a_changed_field_reports_old_and_new_values() -> None:
    new = replace(base(), "segments", "broad-b", name="Broad B, renamed", priority=2)
    diff = diff_models(base(), new)
    assert diff.entries == (
        EntityChange(
            kind="segment",
            id="broad-b",
            change=Change.CHANGED,
            label="Broad B, renamed",
            fields=(
                FieldChange("name", "Broad-B", "Broad B, renamed"),
                FieldChange("priority", None, 2),
            ),
        ),
    )
    assert diff.changed == diff.entries
    assert not diff.added
    assert not diff.removed
    assert not diff.moves


def test_nested_values_are_compared_field_by_field() -> None:
    new = replace(base(), "segments", "narrow", size=Size(value=150, source="survey"))
    (change,) = diff_models(base(), new).entries
    assert change.fields == (FieldChange("size.value", 100, 150),)


def test_a_size_given_for_the_first_time_is_one_change() -> None:
    new = replace(base(), "segments", "broad-b", size=Size(value=5))
    (change,) = diff_models(base(), new).entries
    assert change.fields == (FieldChange("size", None, Size(value=5)),)


def test_lists_are_compared_as_values() -> None:
    new = replace(base(), "partners", "rep", represents=["narrow", "broad-a"])
    (change,) = diff_models(base(), new).entries
    assert change.fields == (FieldChange("represents", ("narrow",), ("narrow", "broad-a")),)


def test_a_number_written_differently_is_not_a_change() -> None:
    new = replace(base(), "segments", "broad-a", size=Size(value=1000.0))
    assert diff_models(base(), new).is_empty


def test_added_and_removed_entries() -> None:
    old = base()
    new = attrs.evolve(
        old,
        partners=[],
        stakeholders=[*old.stakeholders, Stakeholder(id="staff", name="Staff")],
    )
    diff = diff_models(old, new)
    assert [(e.kind, e.id, e.change) for e in diff.entries] == [
        ("stakeholder", "staff", Change.ADDED),
        ("partner", "rep", Change.REMOVED),
    ]
    assert diff.removed[0].label == "Residents' panel"


def test_entries_are_grouped_by_kind_in_a_fixed_order() -> None:
    old = base()
    new = attrs.evolve(
        old,
        principles=[],
        units=[*old.units, Unit(id="new-unit", name="New unit", parents=["dept"])],
        segments=[*old.segments, seg("new-seg")],
    )
    kinds = [e.kind for e in diff_models(old, new).entries]
    assert kinds == ["unit", "segment", "measure", "principle", "service standard"]


def test_a_measure_is_an_entry_of_its_own_with_its_objective() -> None:
    old = base()
    measures = [*old.objective("obj").measures, Measure(id="claims", name="Claims made")]
    new = replace(old, "objectives", "obj", measures=measures)
    diff = diff_models(old, new)
    assert diff.entries == (
        EntityChange(
            kind="measure", id="claims", change=Change.ADDED, label="Claims made", owner="obj"
        ),
    )


def test_a_changed_measure_is_not_also_a_change_to_its_objective() -> None:
    old = base()
    new = replace(old, "objectives", "obj", measures=[Measure(id="take-up", name="Take-up")])
    diff = diff_models(old, new)
    assert [(e.kind, e.id) for e in diff.entries] == [("measure", "take-up")]
    assert diff.entries[0].fields == (FieldChange("target", 80, None),)


def test_a_measure_that_moves_to_another_objective_says_so() -> None:
    old = base()
    moved = old.objective("obj").measures[0]
    new = replace(old, "objectives", "obj", measures=[])
    new = replace(new, "objectives", "obj-2", measures=[moved])
    (change,) = diff_models(old, new).entries
    assert (change.kind, change.id, change.owner) == ("measure", "take-up", "obj-2")
    assert change.fields == (FieldChange(OWNER_FIELD, "obj", "obj-2"),)


def test_service_standards_and_their_targets_belong_to_their_owners() -> None:
    old = base()
    new = attrs.evolve(old, principles=[])
    removed = {(e.kind, e.id, e.owner) for e in diff_models(old, new).removed}
    assert removed == {
        ("principle", "dignity", None),
        ("service standard", "courtesy", "dignity"),
        ("measure", "courtesy-rating", "courtesy"),
    }


def test_a_new_parent_is_a_cascade_move_not_a_field_change() -> None:
    new = replace(base(), "segments", "narrow", parent="broad-b")
    diff = diff_models(base(), new)
    assert diff.entries == ()
    assert diff.moves == (
        CascadeMove(
            segment="narrow",
            label="Narrow",
            old_parent="broad-a",
            new_parent="broad-b",
            old_unit="svc",
            new_unit="svc",
        ),
    )
    assert diff.moves[0].parent_changed
    assert not diff.moves[0].unit_changed
    assert not diff.is_empty


def test_a_new_unit_is_a_cascade_move_too() -> None:
    new = replace(base(), "segments", "narrow", unit="other", name="Narrower")
    diff = diff_models(base(), new)
    (move,) = diff.moves
    assert (move.old_unit, move.new_unit, move.parent_changed) == ("svc", "other", False)
    assert diff.entries[0].fields == (FieldChange("name", "Narrow", "Narrower"),)


def test_a_segment_that_becomes_broad_moves_to_the_top() -> None:
    new = replace(base(), "segments", "narrow", parent=None)
    (move,) = diff_models(base(), new).moves
    assert (move.old_parent, move.new_parent) == ("broad-a", None)
    assert "parent broad-a -> (top of the cascade)" in render_diff_text(diff_models(base(), new))


def test_an_id_that_changes_kind_is_a_removal_and_an_addition() -> None:
    old = base()
    new = attrs.evolve(
        old,
        stakeholders=[*old.stakeholders, Stakeholder(id="rep", name="Residents")],
        partners=[],
    )
    diff = diff_models(old, new)
    assert [(e.kind, e.change) for e in diff.entries] == [
        ("stakeholder", Change.ADDED),
        ("partner", Change.REMOVED),
    ]


# -- findings ---------------------------------------------------------------------------


def test_findings_introduced_and_fixed_ignore_where_they_were_found() -> None:
    kept_before = finding("CFG119", "narrow", "too big", line=3)
    kept_after = finding("CFG119", "narrow", "too big", line=30)
    gone = finding("CFG109", "broad-a", "no voice")
    new_one = finding("CFG109", "broad-b", "no voice")
    diff = diff_models(
        base(), base(), old_findings=[kept_before, gone], new_findings=[new_one, kept_after]
    )
    assert diff.introduced == (new_one,)
    assert diff.fixed == (gone,)
    assert not diff.is_empty
    assert diff.summary() == "no changes to the entries; 1 finding introduced, 1 fixed"


def test_a_finding_whose_message_changed_is_fixed_and_introduced() -> None:
    before = finding("CFG119", "narrow", "add up to 1,100")
    after = finding("CFG119", "narrow", "add up to 1,200")
    diff = diff_models(base(), base(), old_findings=[before], new_findings=[after])
    assert (diff.introduced, diff.fixed) == ((after,), (before,))


def test_repeated_findings_are_matched_one_for_one() -> None:
    one = finding("CFG119", "narrow", "too big")
    diff = diff_models(base(), base(), old_findings=[one], new_findings=[one, one])
    assert diff.introduced == (one,)
    assert diff.fixed == ()


# -- rendering --------------------------------------------------------------------------


@pytest.fixture
def busy() -> ModelDiff:
    old = base()
    new = replace(old, "segments", "broad-b", name="Broad | B\nsecond line")
    new = replace(new, "segments", "narrow", parent="broad-b")
    new = attrs.evolve(
        new, partners=[], aims=[*new.aims, Aim(id="aim-2", unit="svc", statement="x")]
    )
    return diff_models(
        old,
        new,
        old_findings=[finding("CFG109", "broad-a", "no voice")],
        new_findings=[finding("CFG112", "broad-b", "one | two")],
    )


def test_summary_counts_each_kind_of_change(busy: ModelDiff) -> None:
    assert busy.summary() == (
        "1 added, 1 removed, 1 changed, 1 cascade move; 1 finding introduced, 1 fixed"
    )


def test_text_lists_every_change(busy: ModelDiff) -> None:
    text = render_diff_text(busy)
    assert text.splitlines() == [
        "Aims",
        "  + aim-2  x",
        "",
        "Segments",
        "  ~ broad-b  Broad | B second line",
        '      name: "Broad-B" -> "Broad | B\\nsecond line"',
        "",
        "Partners and advisers",
        "  - rep  Residents' panel",
        "",
        "Cascade moves",
        "  narrow  Narrow: parent broad-a -> broad-b",
        "",
        "Findings introduced",
        "  + segments.yaml:1:5: CFG112 warning: one | two",
        "",
        "Findings fixed",
        "  - segments.yaml:1:5: CFG109 warning: no voice",
        "",
        "Compared: 1 added, 1 removed, 1 changed, 1 cascade move; 1 finding introduced, 1 fixed.",
    ]


def test_text_escapes_control_characters() -> None:
    new = replace(base(), "segments", "broad-b", name="Bold\x1b[1m and \u202eevil")
    text = render_diff_text(diff_models(base(), new))
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "\\x1b[1m" in text


def test_markdown_has_heading_summary_sections_and_tables(busy: ModelDiff) -> None:
    markdown = render_diff_markdown(busy)
    lines = markdown.splitlines()
    assert lines[0] == "## Changes to the model"
    assert (
        lines[2]
        == "**1 added, 1 removed, 1 changed, 1 cascade move; 1 finding introduced, 1 fixed**"
    )
    for heading in (
        "### Aims",
        "### Segments",
        "### Partners and advisers",
        "### Cascade moves",
        "### Findings introduced",
        "### Findings fixed",
    ):
        assert heading in lines
    assert "| field | before | after |" in lines
    assert "| `name` | `Broad-B` | `Broad \\| B↵second line` |" in lines
    assert "- `rep` Residents' panel" in lines
    assert (
        "| `narrow` Narrow | under `broad-a`, unit `svc` | under `broad-b`, unit `svc` |" in lines
    )
    assert "| `segments.yaml:1:5` | CFG112 | warning | one \\| two |" in lines
    assert markdown.endswith("|\n")


def test_markdown_tables_keep_their_shape(busy: ModelDiff) -> None:
    """Every row of a table has as many unescaped | as its header."""
    rows = [line for line in render_diff_markdown(busy).splitlines() if line.startswith("|")]
    assert rows
    for row in rows:
        unescaped = row.replace("\\|", "")
        assert unescaped.count("|") in {4, 5}, row


def test_markdown_for_an_empty_diff() -> None:
    assert (
        render_diff_markdown(ModelDiff()) == "## Changes to the model\n\nNo changes to the model.\n"
    )


def test_markdown_title_is_escaped() -> None:
    text = render_diff_markdown(ModelDiff(), title="main...feature/*new*")
    assert text.startswith("## main...feature/\\*new\\*\n")


def test_markdown_names_are_not_markup() -> None:
    new = replace(base(), "segments", "broad-b", name="**bold** <b>tag</b> [link](x)")
    text = render_diff_markdown(diff_models(base(), new))
    assert "Changed `broad-b` \\*\\*bold\\*\\* \\<b\\>tag\\</b\\> \\[link\\](x):" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "`plain`"),
        ("a `tick`", "`` a `tick` ``"),
        ("`", "`` ` ``"),
        ("two\nlines", "`two↵lines`"),
        ("", "` `"),
    ],
)
def test_markdown_code_spans_cannot_be_broken(value: str, expected: str) -> None:
    assert markdown_code(value) == expected


def test_markdown_code_escapes_pipes_only_in_tables() -> None:
    assert markdown_code("a|b") == "`a|b`"
    assert markdown_code("a|b", in_table=True) == "`a\\|b`"


def test_values_are_shown_as_written_in_yaml() -> None:
    old = base()
    new = replace(
        old,
        "segments",
        "broad-b",
        category="indirect",
        size=Size(value=5, source="ONS"),
        channels=["phone", "web"],
        ignore={"CFG109": "spoken for by the council"},
    )
    text = render_diff_markdown(diff_models(old, new))
    assert "| `category` | `target` | `indirect` |" in text
    assert "| `size` | *none* | `{value: 5, source: ONS}` |" in text
    assert "| `channels` | `[]` | `[phone, web]` |" in text
    assert "| `ignore` | `[]` | `{CFG109: spoken for by the council}` |" in text


def test_summary_counts_read_in_the_singular_and_the_plural() -> None:
    one = diff_models(base(), base(), old_findings=[finding("CFG109", "broad-a", "no voice")])
    assert one.summary() == "no changes to the entries; 1 finding fixed"
    two = diff_models(
        base(),
        base(),
        new_findings=[finding("CFG109", "broad-a", "a"), finding("CFG109", "broad-b", "b")],
    )
    assert two.summary() == "no changes to the entries; 2 findings introduced"


def test_a_long_label_is_cut_at_a_word_boundary() -> None:
    name = "Residents of the borough as patient users of the library service " * 3
    new = replace(base(), "segments", "broad-b", name=name)
    text = render_diff_text(diff_models(base(), new))
    (line,) = [line for line in text.splitlines() if line.startswith("  ~ broad-b")]
    label = line.removeprefix("  ~ broad-b  ")
    assert label.endswith("…")
    assert len(label) <= 80
    assert name.startswith(label.removesuffix("…") + " ")


# -- evidence ---------------------------------------------------------------------------


def with_results(*results: Result, better: str | None = "higher") -> Model:
    objective = OutcomeObjective(
        id="obj",
        statement="More people claim what they are owed",
        segments=["narrow"],
        measures=[Measure(id="take-up", name="Take-up", target=80, better=better)],
    )
    model = base(objectives=[objective])
    return attrs.evolve(model, results=results)


def test_results_added_changed_and_removed_are_listed_by_measure_and_period() -> None:
    old = with_results(
        Result(measure="take-up", period="2024-25", actual=70),
        Result(measure="take-up", period="2025-26", actual=75),
        Result(measure="take-up", period="2025-26", actual=60, breakdown={"channel": "post"}),
    )
    new = with_results(
        Result(measure="take-up", period="2025-26", actual=76),
        Result(measure="take-up", period="2025-26", actual=60, breakdown={"channel": "post"}),
        Result(measure="take-up", period="2026-27", actual=81),
    )
    diff = diff_models(old, new)
    changes = {(e.change, e.period, e.detail) for e in diff.evidence}
    assert changes == {
        (Change.CHANGED, "2025-26", ""),
        (Change.ADDED, "2026-27", ""),
        (Change.REMOVED, "2024-25", ""),
    }
    (changed,) = [e for e in diff.evidence if e.change is Change.CHANGED]
    assert changed.fields == (FieldChange("actual", 75, 76),)
    assert not diff.entries  # the definitions did not change
    assert "results: 1 added, 1 removed, 1 changed" in diff.summary()


def test_a_measure_whose_status_moves_is_called_out_with_the_reason() -> None:
    old = with_results(Result(measure="take-up", period="2025-26", actual=79))
    new = with_results(Result(measure="take-up", period="2025-26", actual=60))
    (status,) = diff_models(old, new).statuses
    assert (status.measure, status.old.words, status.new.words) == (
        "take-up",
        "at risk",
        "off track",
    )
    text = render_diff_text(diff_models(old, new))
    assert "take-up  Take-up: at risk -> off track" in text
    assert "short by 20" in text
    markdown = render_diff_markdown(diff_models(old, new))
    assert "| `take-up` Take-up | at risk | off track |" in markdown


def test_a_monthly_update_is_not_reported_as_no_change() -> None:
    old = with_results(Result(measure="take-up", period="2025-04", actual=70))
    new = with_results(
        Result(measure="take-up", period="2025-04", actual=70),
        Result(measure="take-up", period="2025-05", actual=72),
    )
    diff = diff_models(old, new)
    assert not diff.is_empty
    assert render_diff_text(diff) != EMPTY_TEXT + "\n"
    assert "+ result take-up 2025-05" in render_diff_text(diff)


def test_feedback_and_demand_changes_name_their_segment() -> None:
    survey = Feedback(segment="narrow", period="2025-Q1", source="Text survey", scores={10: 5})
    calls = Demand(segment="narrow", period="2025-04", channel="phone", value=10, failure=5)
    old = attrs.evolve(base(), feedback=(survey,), demand=(calls,))
    new = attrs.evolve(
        base(),
        feedback=(attrs.evolve(survey, scores={10: 5, 0: 1}),),
        demand=(),
    )
    diff = diff_models(old, new)
    kinds = {(e.kind, e.change, e.about, e.detail) for e in diff.evidence}
    assert kinds == {
        ("feedback", Change.CHANGED, "narrow", "Text survey"),
        ("demand", Change.REMOVED, "narrow", "phone"),
    }
    markdown = render_diff_markdown(diff)
    assert "| removed | demand count | `narrow` | `2025-04` | phone |  |" in markdown


def test_a_register_body_merged_through_same_as_is_said_to_be_one_body_now() -> None:
    from cfgov import loads

    register = "  - {id: department-for-work-pensions, name: Department for Work and Pensions}\n"
    old = loads("organisations:\n  - {id: dwp, name: DWP}\n" + register)
    new = loads(
        "organisations:\n  - {id: dwp, name: DWP, same_as: department-for-work-pensions}\n"
        + register
    )
    diff = diff_models(old, new)
    (gone,) = diff.removed
    assert (gone.id, gone.merged_into) == ("department-for-work-pensions", "dwp")
    assert "now one body with 'dwp'" in render_diff_text(diff)
    assert "now one body with `dwp`" in render_diff_markdown(diff)
    # A body that really went is still only removed.
    plain = diff_models(old, loads("organisations:\n  - {id: dwp, name: DWP}\n"))
    assert plain.removed[0].merged_into is None
    assert "one body" not in render_diff_text(plain)
