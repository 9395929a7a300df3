"""cfgov.report.frames: a model as tidy DataFrames, one row per entity."""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
import pytest

from cfgov import (
    Model,
    Segment,
    Size,
    Stakeholder,
    Unit,
    check,
    load_with_sources,
    loads_with_sources,
)
from cfgov.report.frames import (
    ASSESSMENT_COLUMNS,
    CHANNEL_COLUMNS,
    COVERAGE_COLUMNS,
    DEMAND_COLUMNS,
    FAILURE_TYPE_COLUMNS,
    FEEDBACK_COLUMNS,
    FINDING_COLUMNS,
    INITIATIVE_COLUMNS,
    JOURNEY_COLUMNS,
    MEASURE_COLUMNS,
    OBJECTIVE_COLUMNS,
    PARTNER_COLUMNS,
    PROGRESS_COLUMNS,
    RESULT_COLUMNS,
    SEGMENT_COLUMNS,
    THEME_COLUMNS,
    UNIT_COLUMNS,
    Frames,
    frames,
)

pd = pytest.importorskip("pandas", reason="cfgov.frames needs the optional pandas extra")

DWP = Path(__file__).resolve().parents[2] / "examples" / "dwp"

# A model with findings: a voiceless segment nobody speaks for (CFG109) and more.
WITH_FINDINGS = """\
organisations:
  - {id: dwp, name: Department for Work and Pensions, kind: ministerial_department}
stakeholders:
  - {id: children, name: Children, voice: none}
segments:
  - id: children-earners
    name: Children as future earners
    category: target
    target_kind: unaware
    unit: dwp
    stakeholder: children
"""


@pytest.fixture(scope="module")
def dwp() -> tuple[Model, Frames]:
    model, sources = load_with_sources(DWP)
    return model, frames(model, check(model, sources))


def test_one_row_per_segment_with_unit_parent_category_size_and_priority(
    dwp: tuple[Model, Frames],
) -> None:
    model, tables = dwp
    segments = tables.segments
    assert list(segments["id"]) == [s.id for s in model.segments]
    row = segments.set_index("id").loc["fp-employed-without-pension"]
    assert row["unit"] == "dwp-pension-service"
    assert row["parent"] == "fp-employed"
    assert row["category"] == "target"
    assert row["size"] == 9_600_000
    assert row["priority"] == 1
    assert row["cut"] == "pension position"
    assert row["stakeholder"] == "future-pensioners"
    assert row["organisations"] == ("dwp",)
    assert row["depth"] == 1
    assert row["objectives"] == 1
    broad = segments.set_index("id").loc["fp-employed"]
    assert pd.isna(broad["parent"])
    assert broad["depth"] == 0


def test_missing_sizes_and_priorities_stay_missing_not_zero(dwp: tuple[Model, Frames]) -> None:
    segments = dwp[1].segments.set_index("id")
    assert pd.isna(segments.loc["fp-under-16s", "size"])
    assert pd.isna(segments.loc["fp-under-16s", "priority"])
    # Whole numbers stay whole: a priority of 1 is not shown as 1.0.
    assert str(segments["priority"].dtype) == "Int64"


def test_sub_segment_sizes_roll_up_to_their_parents(dwp: tuple[Model, Frames]) -> None:
    segments = dwp[1].segments
    sums = segments.dropna(subset=["parent"]).groupby("parent")["size"].sum()
    sizes = segments.set_index("id")["size"]
    for parent in ("fp-not-employed", "fp-employed", "fp-self-employed"):
        assert sums[parent] == sizes[parent]
    assert sums["fp-employed"] == 24_000_000
    subs = segments[segments["parent"].notna()]
    assert len(subs) == 7


def test_voice_falls_back_to_the_stakeholder() -> None:
    model = Model(
        units=[Unit(id="c", name="Council", kind="local_authority")],
        stakeholders=[Stakeholder(id="kids", name="Children", voice="none")],
        segments=[
            Segment(
                id="s", name="Children as pupils", category="target", unit="c", stakeholder="kids"
            ),
        ],
    )
    assert frames(model).segments.loc[0, "voice"] == "none"


def test_every_frame_has_its_documented_columns_even_when_empty() -> None:
    tables = frames(Model())
    expected = {
        "units": UNIT_COLUMNS,
        "segments": SEGMENT_COLUMNS,
        "objectives": OBJECTIVE_COLUMNS,
        "measures": MEASURE_COLUMNS,
        "partners": PARTNER_COLUMNS,
        "findings": FINDING_COLUMNS,
        "results": RESULT_COLUMNS,
        "feedback": FEEDBACK_COLUMNS,
        "themes": THEME_COLUMNS,
        "demand": DEMAND_COLUMNS,
        "failure_types": FAILURE_TYPE_COLUMNS,
        "progress": PROGRESS_COLUMNS,
        "coverage": COVERAGE_COLUMNS,
        "channels": CHANNEL_COLUMNS,
        "journeys": JOURNEY_COLUMNS,
        "assessments": ASSESSMENT_COLUMNS,
        "initiatives": INITIATIVE_COLUMNS,
    }
    assert [a.name for a in attrs.fields(Frames)] == list(expected)
    assert expected == Frames.COLUMNS  # the documented mapping
    for name, columns in expected.items():
        table = getattr(tables, name)
        assert list(table.columns) == list(columns), name
        assert len(table) == 0
    for required in (
        "id",
        "name",
        "category",
        "unit",
        "organisations",
        "parent",
        "cut",
        "size",
        "priority",
        "voice",
        "stakeholder",
        "depth",
    ):
        assert required in SEGMENT_COLUMNS
    for required in (
        "objective",
        "standard",
        "kind",
        "perspective",
        "baseline",
        "target",
        "unit",
        "deadline",
        "method",
    ):
        assert required in MEASURE_COLUMNS


def test_units_and_organisations_follow_every_parent() -> None:
    model = Model(
        units=[
            Unit(id="co", name="Cabinet Office", kind="ministerial_department"),
            Unit(id="dwp", name="Department for Work and Pensions", kind="ministerial_department"),
            Unit(
                id="smc",
                name="Social Mobility Commission",
                kind="non_departmental_public_body",
                parents=["co", "dwp"],
            ),
            Unit(id="smc-research", name="Research", parents=["smc"]),
            Unit(id="co-hr", name="HR", kind="internal_service", parents=["co"]),
        ],
        segments=[
            Segment(id="s", name="Researchers as readers", category="target", unit="smc-research")
        ],
    )
    units = frames(model).units.set_index("id")
    assert units.loc["smc", "parents"] == ("co", "dwp")
    assert units.loc["smc", "organisations"] == ("smc",)
    assert units.loc["smc-research", "organisations"] == ("smc",)
    assert units.loc["co-hr", "organisations"] == ("co",)
    assert list(units["depth"]) == [0, 0, 1, 2, 1]
    assert units.loc["smc", "is_organisation"]
    assert not units.loc["co-hr", "is_organisation"]


def test_measures_name_their_objective_or_their_standard(dwp: tuple[Model, Frames]) -> None:
    model, tables = dwp
    measures = tables.measures.set_index("id")
    assert len(measures) == sum(1 for _ in model.measures())
    direct = measures.loc["m-jobseekers-saving"]
    assert direct["objective"] == "obj-jobseekers"
    assert pd.isna(direct["standard"])
    assert direct["kind"] == "outcome"
    assert direct["perspective"] == "end_to_end"
    assert direct["method"] == "follow-up survey"
    target = measures.loc["dwp-pc-t-claims-5-days"]
    assert pd.isna(target["objective"])
    assert target["standard"] == "dwp-pc-std-timeliness"
    assert target["principle"] == "dwp-pc-trust"
    assert target["target"] == 80
    assert target["unit"] == "%"


def test_objectives_and_partners(dwp: tuple[Model, Frames]) -> None:
    model, tables = dwp
    objectives = tables.objectives.set_index("id")
    assert list(objectives.index) == [o.id for o in model.objectives]
    assert objectives.loc["obj-jobseekers", "segments"] == ("fp-jobseekers",)
    assert objectives.loc["obj-jobseekers", "direction"] == "up_side"
    assert objectives.loc["obj-jobseekers", "measures"] == 1
    partners = tables.partners.set_index("id")
    assert partners.loc["dwp-pc-age-concern", "role"] == "representative"
    assert partners.loc["dwp-pc-age-concern", "represents"] == ("dwp-pc-pensioners",)


def test_findings_frame_matches_the_check_result() -> None:
    model, sources = loads_with_sources(WITH_FINDINGS, name="segments.yaml")
    result = check(model, sources)
    assert result.findings, "the fixture must produce findings"
    table = frames(model, result).findings
    assert len(table) == len(result.findings)
    for (_, row), finding in zip(table.iterrows(), result.findings, strict=True):
        assert row["code"] == finding.code
        assert row["severity"] == str(finding.severity)
        assert row["message"] == finding.message
        assert row["entity"] == finding.entity
        assert finding.location is not None
        assert row["file"] == finding.location.file == "segments.yaml"
        assert row["line"] == finding.location.line
        assert row["column"] == finding.location.column
    assert "CFG109" in set(table["code"])


def test_findings_without_a_result_or_a_location() -> None:
    model, _ = loads_with_sources(WITH_FINDINGS)
    assert len(frames(model).findings) == 0
    table = frames(model, check(model)).findings
    assert len(table) > 0
    assert table["file"].isna().all()
    assert table["line"].isna().all()


def test_whole_float_sizes_are_kept_and_fractional_ones_too() -> None:
    unit = Unit(id="c", name="Council", kind="local_authority")
    model = Model(
        units=[unit],
        segments=[
            Segment(id="a", name="A as b", category="target", unit="c", size=Size(value=1.5)),
            Segment(id="b", name="B as c", category="target", unit="c", size=Size(value=2)),
        ],
    )
    assert list(frames(model).segments["size"]) == [1.5, 2.0]


def test_frames_are_frozen(dwp: tuple[Model, Frames]) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        dwp[1].segments = None  # type: ignore[misc]
    assert "segments: 13 rows" in repr(dwp[1])


def test_without_pandas_the_error_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r'pip install "cfgov\[pandas\]"'):
        frames(Model())


def test_a_frame_with_rows_keeps_its_documented_columns_in_order() -> None:
    from cfgov import check, load

    model = load(Path(__file__).resolve().parents[2] / "examples" / "dwp")
    made = frames(model, check(model))
    for name, columns in Frames.COLUMNS.items():
        assert tuple(getattr(made, name).columns) == columns


def test_the_repr_counts_one_row_and_no_rows_in_words() -> None:
    model = Model(units=[Unit(id="org", name="Org", kind="local_authority")])
    shown = repr(frames(model))
    assert "units: 1 row," in shown
    assert "segments: 0 rows" in shown
