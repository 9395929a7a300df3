"""One body under two ids: a team's short id and a register's, linked by same_as."""

from __future__ import annotations

from pathlib import Path

import pytest

import cfgov
from cfgov import LoadError, Model, ModelError, Segment, Stakeholder, Unit
from cfgov.model.identity import UNIT_REFERENCES, merge_same_as

TEAM = """\
organisations:
  - id: dwp
    name: DWP
    kind: ministerial_department
    same_as: department-for-work-pensions
units:
  - id: jcp
    name: Jobcentre Plus
    kind: service
    parents: [dwp]
stakeholders:
  - id: jobseekers
    name: Jobseekers
segments:
  - id: seekers
    name: People looking for work
    unit: department-for-work-pensions
    stakeholder: jobseekers
    category: target
"""

REGISTER = """\
# Generated from the register
organisations:
  - id: department-for-work-pensions
    name: Department for Work and Pensions
    kind: ministerial_department
    abbreviation: DWP
    status: live
    identifiers: {govuk_slug: department-for-work-pensions}
  - id: the-pensions-regulator
    name: The Pensions Regulator
    kind: executive_ndpb
    parents: [department-for-work-pensions]
"""


def _model(tmp_path: Path, team: str = TEAM, register: str = REGISTER) -> Model:
    (tmp_path / "team.yaml").write_text(team, encoding="utf-8")
    (tmp_path / "register").mkdir(exist_ok=True)
    (tmp_path / "register" / "dwp.yaml").write_text(register, encoding="utf-8")
    return cfgov.load(tmp_path)


def _problems(tmp_path: Path, team: str, register: str = REGISTER) -> list[cfgov.Finding]:
    with pytest.raises(LoadError) as caught:
        _model(tmp_path, team, register)
    return list(caught.value.problems)


def test_the_two_entries_are_one_body_under_the_teams_id(tmp_path: Path) -> None:
    model = _model(tmp_path)
    assert [u.id for u in model.organisations] == ["dwp", "the-pensions-regulator"]
    dwp = model.unit("dwp")
    # The team's words are kept; the register fills in what the team did not write.
    assert (dwp.name, dwp.abbreviation, str(dwp.status)) == ("DWP", "DWP", "live")
    assert dwp.identifier("govuk_slug") == "department-for-work-pensions"
    # References to the register's id, from either side, mean the team's entry.
    assert model.segment("seekers").unit == "dwp"
    assert model.unit("the-pensions-regulator").parents == ("dwp",)
    assert {u.id for u in model.children_of("dwp")} == {"jcp", "the-pensions-regulator"}


def test_the_other_id_still_finds_the_body(tmp_path: Path) -> None:
    model = _model(tmp_path)
    assert model.unit("department-for-work-pensions") is model.unit("dwp")
    assert "department-for-work-pensions" in model
    assert model.kind_of("department-for-work-pensions") == "unit"
    assert model.canonical_id("department-for-work-pensions") == "dwp"
    assert model.canonical_id("seekers") == "seekers"


def test_same_as_naming_an_id_not_in_the_model_still_links_references() -> None:
    model = cfgov.loads(TEAM)  # the register is not loaded
    assert model.segment("seekers").unit == "dwp"
    assert model.unit("department-for-work-pensions").id == "dwp"


def test_a_merged_model_survives_a_dump(tmp_path: Path) -> None:
    model = _model(tmp_path)
    assert cfgov.loads(cfgov.dump(model)) == model


def _conflict(problems: list[cfgov.Finding], field: str) -> cfgov.Finding:
    (problem,) = [p for p in problems if p.code == "CFG042"]
    assert problem.field == field
    assert problem.location is not None
    assert problem.location.file.endswith("team.yaml")
    # The message names where the other entry says otherwise, and the hint how to mend.
    assert "the other entry says so at" in problem.message
    assert "dwp.yaml" in problem.message
    assert "remove same_as" in (problem.hint or "")
    return problem


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ("kind: non_ministerial_department", "kind", "disagree on `kind`"),
        ("status: closed", "status", "disagree on `status`"),
        ("identifiers: {govuk_slug: dwp}", "identifiers.govuk_slug", "govuk_slug identifier"),
    ],
)
def test_fields_both_entries_give_must_agree(
    tmp_path: Path, line: str, field: str, words: str
) -> None:
    team = TEAM.replace("    kind: ministerial_department\n", f"    {line}\n", 1)
    problem = _conflict(_problems(tmp_path, team), field)
    assert words in problem.message


def test_parents_both_entries_give_must_agree(tmp_path: Path) -> None:
    team = TEAM.replace("    same_as:", "    parents: [cabinet-office]\n    same_as:").replace(
        "units:\n", "  - {id: cabinet-office, name: Cabinet Office}\nunits:\n"
    )
    register = (
        REGISTER.replace("    status: live\n", "    status: live\n    parents: [hm-treasury]\n")
        + "  - {id: hm-treasury, name: HM Treasury}\n"
    )
    problem = _conflict(_problems(tmp_path, team, register), "parents")
    assert "this one says [cabinet-office], the other [hm-treasury]" in problem.message


def test_a_generic_kind_gives_way_to_the_registers(tmp_path: Path) -> None:
    team = TEAM.replace("    kind: ministerial_department\n", "", 1)
    assert _model(tmp_path, team).unit("dwp").kind is cfgov.UnitKind.MINISTERIAL_DEPARTMENT


def test_two_entries_claiming_one_body_are_refused_at_both(tmp_path: Path) -> None:
    team = TEAM.replace(
        "units:\n",
        "  - id: dwp2\n    name: DWP again\n    same_as: department-for-work-pensions\nunits:\n",
    )
    (problem,) = _problems(tmp_path, team)
    assert problem.code == "CFG043"
    assert "units 'dwp' and 'dwp2' both say they are the same body" in problem.message
    assert problem.location is not None
    assert problem.location.line == 8
    assert "team.yaml:5:" in problem.message  # where the first claim is


def test_a_chain_of_same_as_is_refused(tmp_path: Path) -> None:
    register = REGISTER.replace(
        "    abbreviation: DWP\n", "    abbreviation: DWP\n    same_as: dwp-old\n"
    )
    (problem,) = _problems(tmp_path, TEAM, register)
    assert problem.code == "CFG043"
    assert "itself says it is the same body as 'dwp-old'" in problem.message


def test_same_as_its_own_id_is_a_contradiction() -> None:
    with pytest.raises(LoadError) as caught:
        cfgov.loads(TEAM.replace("same_as: department-for-work-pensions", "same_as: dwp"))
    (problem,) = [p for p in caught.value.problems if p.field == "same_as"]
    assert (problem.code, problem.field) == ("CFG018", "same_as")


def test_same_as_naming_a_segment_is_refused() -> None:
    with pytest.raises(LoadError) as caught:
        cfgov.loads(TEAM.replace("same_as: department-for-work-pensions", "same_as: seekers"))
    codes = {p.code for p in caught.value.problems}
    assert "CFG043" in codes
    (problem,) = [p for p in caught.value.problems if p.code == "CFG043"]
    assert "which is a segment" in problem.message


def test_a_model_built_in_python_must_merge_first() -> None:
    units = [
        Unit(id="dwp", name="DWP", kind="ministerial_department", same_as="d-w-p"),
        Unit(
            id="d-w-p",
            name="Department for Work and Pensions",
            kind="organisation",
            abbreviation="DWP",
        ),
    ]
    with pytest.raises(ModelError) as caught:
        Model(units=units)
    assert [p.code for p in caught.value.problems] == ["CFG043"]
    merged, problems = merge_same_as({"units": units})
    assert problems == []
    model = Model(**merged)
    assert [u.id for u in model.units] == ["dwp"]
    assert model.unit("dwp").abbreviation == "DWP"


def test_merging_rewrites_every_kind_of_reference_to_a_unit() -> None:
    units = [
        Unit(id="dwp", name="DWP", same_as="d-w-p"),
        Unit(id="d-w-p", name="Department"),
        Unit(id="jcp", name="Jobcentre", kind="service", parents=("d-w-p", "dwp")),
    ]
    segments = [Segment(id="s", name="S", unit="d-w-p", stakeholder="p", category="target")]
    merged, problems = merge_same_as(
        {"units": units, "segments": segments, "stakeholders": [Stakeholder(id="p", name="P")]}
    )
    assert problems == []
    assert merged["segments"][0].unit == "dwp"
    # A body listed under both its ids is one parent.
    assert [u.parents for u in merged["units"] if u.id == "jcp"] == [("dwp",)]


def test_every_reference_to_a_unit_in_the_format_is_rewritten() -> None:
    from cfgov.io.format import COLLECTIONS, FieldType

    declared = {
        ("units" if spec.cls is Unit else name, field.name)
        for name, spec in COLLECTIONS.items()
        for field in spec.fields
        if field.type in (FieldType.REF, FieldType.REFS)
        and field.ref == "unit"
        and field.name != "same_as"
    }
    assert declared == set(UNIT_REFERENCES)


def test_a_conflict_does_not_hide_a_same_as_that_names_a_segment(tmp_path: Path) -> None:
    team = TEAM.replace("    kind: ministerial_department\n", "    kind: executive_agency\n", 1)
    team = team.replace("units:\n", "  - {id: odd, name: Odd, same_as: seekers}\nunits:\n")
    problems = _problems(tmp_path, team)
    assert {p.code for p in problems} >= {"CFG042", "CFG043"}
    (named,) = [p for p in problems if p.code == "CFG043"]
    assert "which is a segment" in named.message
