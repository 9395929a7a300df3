"""Bodies' identity: ids in other systems, abbreviation, web address, register type, dates."""

from __future__ import annotations

import pytest

import cfgov
from cfgov import LoadError, Model, ModelError, Unit

DWP = """\
organisations:
  - id: dwp
    name: Department for Work and Pensions
    kind: ministerial_department
    abbreviation: DWP
    url: https://www.gov.uk/government/organisations/department-for-work-pensions
    register_type: Ministerial department
    start_date: 2001-06
    identifiers:
      govuk_slug: department-for-work-pensions
      govuk_content_id: b548a09f-8b35-4104-89f4-f1a40bf3136d
"""


def test_a_body_keeps_its_ids_in_other_systems_and_is_found_by_them() -> None:
    model = cfgov.loads(DWP)
    dwp = model.unit("dwp")
    assert (dwp.abbreviation, dwp.register_type, dwp.start_date) == (
        "DWP",
        "Ministerial department",
        "2001-06",
    )
    assert dwp.identifier("govuk_slug") == "department-for-work-pensions"
    assert dwp.identifier("gss") is None
    assert model.unit_with("govuk_slug", "department-for-work-pensions") is dwp
    assert model.unit_with("govuk_slug", "dwp") is None


def test_identity_survives_a_dump_and_is_kept_as_text() -> None:
    model = cfgov.loads(DWP + "  - {id: x, name: X, identifiers: {gss: 010}, parents: [dwp]}\n")
    again = cfgov.loads(cfgov.dump(model))
    assert again == model
    assert again.unit("x").identifier("gss") == "010"
    assert again.unit("dwp").identifiers == model.unit("dwp").identifiers


def test_two_units_with_one_identifier_are_one_body_written_twice() -> None:
    text = DWP + (
        "  - id: dwp-register\n"
        "    name: DWP\n"
        "    kind: ministerial_department\n"
        "    identifiers: {govuk_slug: department-for-work-pensions}\n"
    )
    with pytest.raises(LoadError) as caught:
        cfgov.loads(text, name="bodies.yaml")
    (problem,) = caught.value.problems
    assert problem.code == "CFG030"
    assert "units 'dwp' and 'dwp-register' both have the govuk_slug identifier" in problem.message
    assert problem.location is not None
    assert (problem.location.file, problem.location.line) == ("bodies.yaml", 15)


def test_the_same_value_under_two_schemes_is_no_clash() -> None:
    model = Model(
        units=[
            Unit(id="a", name="A", kind="organisation", identifiers={"gss": "E1"}),
            Unit(id="b", name="B", kind="organisation", identifiers={"charity": "E1"}),
        ]
    )
    assert model.unit_with("gss", "E1").id == "a"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("start", "end", "fails"),
    [("2010", "2009-12", True), ("2010", "2010", False), ("2010-05", "2010-05-31", False)],
)
def test_a_body_may_not_close_before_it_opens(start: str, end: str, fails: bool) -> None:
    unit = Unit(id="a", name="A", kind="organisation", start_date=start, end_date=end)
    if not fails:
        Model(units=[unit])
        return
    with pytest.raises(ModelError) as caught:
        Model(units=[unit])
    assert [p.code for p in caught.value.problems] == ["CFG018"]
    assert "ends (2009-12) before it starts (2010)" in caught.value.problems[0].message


def test_an_identifier_must_be_text_and_say_something() -> None:
    with pytest.raises(LoadError) as caught:
        cfgov.loads(
            DWP + "  - {id: y, name: Y, identifiers: {gss: [1, 2], ons: }}\n", name="b.yaml"
        )
    codes = sorted((p.code, p.location.line if p.location else 0) for p in caught.value.problems)
    assert codes == [("CFG004", 12), ("CFG006", 12)]


def test_a_month_that_looks_like_a_financial_year_is_a_month() -> None:
    # 2000-01 is January 2000 as a date; as a period it would be ambiguous.
    text = DWP.replace("start_date: 2001-06", "start_date: 1999-12\n    end_date: 2000-01")
    assert cfgov.loads(text).unit("dwp").end_date == "2000-01"
    with pytest.raises(LoadError) as caught:
        cfgov.loads(
            DWP.replace("start_date: 2001-06", "start_date: 2000-02\n    end_date: 2000-01")
        )
    assert [p.code for p in caught.value.problems] == ["CFG018"]


@pytest.mark.parametrize("end", ["9999", "9999-12", "9999-12-31"])
def test_a_body_open_until_the_year_9999_is_a_model_not_an_internal_error(end: str) -> None:
    """Registers write an open end as the last year a date can hold; the day after it
    cannot be made, so the last day of a year or month is found without it."""
    model = Model(
        units=[Unit(id="a", name="A", kind="organisation", start_date="2000", end_date=end)]
    )
    assert model.unit("a").end_date == end
    with pytest.raises(ModelError, match="CFG018"):
        Model(
            units=[
                Unit(
                    id="a",
                    name="A",
                    kind="organisation",
                    start_date="9999-12-31",
                    end_date="9999-11",
                )
            ]
        )
