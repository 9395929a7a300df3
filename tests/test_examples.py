"""The bundled examples: each loads alone and all load together, with the report's facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfgov import Category, Model, check, load, load_with_sources

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FOLDERS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir() and any(p.rglob("*.yaml")))


def test_the_report_cases_are_all_there() -> None:
    names = {p.name for p in FOLDERS}
    assert {"dwp", "industry-competitiveness", "dfes-teachers", "council"} <= names


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_each_example_loads_on_its_own(folder: Path) -> None:
    model = load(folder)
    assert model.segments, "an example without segments shows nothing"


def test_all_examples_load_as_one_cross_government_model() -> None:
    model = load(EXAMPLES)
    assert len(model.organisations) >= 4


@pytest.fixture(scope="module")
def dwp() -> Model:
    return load(EXAMPLES / "dwp")


def test_dwp_future_pensioners_table(dwp: Model) -> None:
    """Barker 2002, C1: DWP's segments by employment status, then by pension position."""
    broad = {"fp-not-employed": 9.2e6, "fp-employed": 24e6, "fp-self-employed": 3.2e6}
    subs = []
    for segment_id, total in broad.items():
        children = dwp.sub_segments_of(segment_id)
        assert len(children) == 2
        sizes = [c.size.value for c in children if c.size is not None]
        assert sum(sizes) == pytest.approx(total)
        parent = dwp.segment(segment_id)
        assert parent.size is not None
        assert parent.size.value == pytest.approx(total)
        subs.extend(children)
    subs.extend(dwp.sub_segments_of("fp-pre-working-age"))
    assert len(subs) == 7
    assert sorted(c.size.value / 1e6 for c in subs if c.size is not None) == pytest.approx(
        sorted([7.7, 1.5, 14.4, 9.6, 1.6, 1.6])
    )
    for sub in subs:
        assert len(dwp.objectives_for(sub.id)) == 1, sub.id
        assert [s.id for s in dwp.lineage_of(sub.id)][-1] == sub.id


def test_dwp_pension_credit_trust_standards(dwp: Model) -> None:
    trust = [p for p in dwp.principles if p.name.lower() == "trust"]
    assert len(trust) == 1
    targets = {t.target for s in trust[0].standards for t in s.targets}
    assert {95, 100, 80} <= targets
    assert trust[0].objective is not None
    assert {p.name.lower() for p in dwp.principles_for(trust[0].objective)} >= {
        "dignity",
        "trust",
        "accessibility",
        "transparency",
        "clarity",
    }


def test_teachers_wear_five_hats() -> None:
    model = load(EXAMPLES / "dfes-teachers")
    teachers = [s for s in model.stakeholders if "teacher" in s.name.lower()]
    assert teachers
    roles = model.roles_of(teachers[0].id)
    kinds = {getattr(r, "category", None) for r in roles} | {
        getattr(r, "role", None) for r in roles
    }
    assert Category.TARGET in kinds
    assert Category.INDIRECT in kinds
    assert {str(k) for k in kinds if k is not None} >= {
        "target",
        "indirect",
        "expert",
        "representative",
        "intermediary",
    }


def test_council_staff_are_customers_of_hr_only() -> None:
    model = load(EXAMPLES / "council")
    staff = [s for s in model.stakeholders if s.internal_staff]
    assert staff
    for segment in model.segments:
        if segment.stakeholder in {s.id for s in staff} and segment.is_target:
            assert str(model.unit(segment.unit).kind) == "internal_service"


@pytest.mark.parametrize("folder", [EXAMPLES, *FOLDERS], ids=lambda p: p.name)
def test_examples_follow_the_advice_or_say_why_not(folder: Path) -> None:
    """The report's own cases trigger nothing, except where a suppression gives a reason."""
    model, sources = load_with_sources(folder)
    result = check(model, sources)
    assert [str(f) for f in result.findings] == []
    for finding, suppression in result.suppressed:
        assert finding.code == suppression.code
        assert len(suppression.reason.split()) >= 5, "a reason should explain, not just label"
