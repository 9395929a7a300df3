"""CFG142-CFG144 beyond their fixtures: when CFG144 stays silent, and `ignore:` on a journey."""

from __future__ import annotations

from pathlib import Path

import attrs

from cfgov import check, load
from cfgov.rules import builtin_rules

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RULES = {rule.code: rule for rule in builtin_rules()}


def test_cfg144_is_silent_in_a_model_that_tags_no_experience_area() -> None:
    model = load(FIXTURES / "CFG144" / "fires.yaml")
    assert len(list(RULES["CFG144"].run(model))) == 3
    untagged = attrs.evolve(
        model,
        objectives=[
            attrs.evolve(o, measures=[attrs.evolve(m, experience=()) for m in o.measures])
            for o in model.objectives
        ],
    )
    assert list(RULES["CFG144"].run(untagged)) == []


def test_cfg144_counts_a_standards_tag_for_its_targets() -> None:
    model = load(FIXTURES / "CFG144" / "passes.yaml")
    # leaseholders: responsiveness from its measure, engagement from the standard's tag.
    principle = model.principles[0]
    untagged_standard = attrs.evolve(
        model,
        principles=[
            attrs.evolve(
                principle,
                standards=[attrs.evolve(s, experience=()) for s in principle.standards],
            )
        ],
    )
    found = list(RULES["CFG144"].run(untagged_standard))
    assert [f.entity for f in found] == ["leaseholders"]
    assert "only in the area of responsiveness ('m-queries')" in found[0].message
    assert "not measured: speed, engagement, value" in found[0].message


def test_an_ignore_on_the_journey_sets_the_hand_off_findings_aside() -> None:
    model = load(FIXTURES / "CFG142" / "fires.yaml")
    journey = model.journeys[0]
    quiet = attrs.evolve(
        model, journeys=[attrs.evolve(journey, ignore={"CFG142": "Shown to the customer as one"})]
    )
    before = [f for f in check(model).findings if f.code == "CFG142"]
    after = check(quiet)
    assert len(before) == 3
    assert [f for f in after.findings if f.code == "CFG142"] == []
    assert sum(1 for f, _ in after.suppressed if f.code == "CFG142") == 3


def test_cfg144_speaks_only_to_organisations_that_tag_their_measures(tmp_path: Path) -> None:
    """One body starting on the areas does not put every other body's segments in breach."""
    (tmp_path / "model.yaml").write_text(
        """\
organisations:
  - {id: council, name: Ashcombe Council, kind: local_authority}
  - {id: agency, name: Benefits Agency, kind: executive_agency}
segments:
  - {id: tenants, name: Tenants as users of repairs, category: target, unit: council,
     priority: 1}
  - {id: claimants, name: People as claimants, category: target, unit: agency, priority: 1}
objectives:
  - id: o-repairs
    statement: Repairs are done right first time
    segments: [tenants]
    measures:
      - {id: m-repairs, name: Days to a repair done, experience: [speed]}
  - id: o-claims
    statement: Claimants get the right money quickly
    segments: [claimants]
    measures:
      - {id: m-claims, name: Days to a decision}
""",
        encoding="utf-8",
    )
    model = load(tmp_path / "model.yaml")
    found = list(RULES["CFG144"].run(model))
    assert [f.entity for f in found] == ["tenants"]
    tagged = attrs.evolve(
        model,
        objectives=[
            model.objectives[0],
            attrs.evolve(
                model.objectives[1],
                measures=[attrs.evolve(model.objectives[1].measures[0], experience=["value"])],
            ),
        ],
    )
    assert sorted(f.entity for f in RULES["CFG144"].run(tagged)) == ["claimants", "tenants"]


def test_cfg144_counts_the_measures_of_the_segments_that_refine_a_broad_one(
    tmp_path: Path,
) -> None:
    """A broad first-priority segment whose objectives sit on its sub-segments, as CFG111
    allows, is watched through them."""
    (tmp_path / "model.yaml").write_text(
        """\
organisations:
  - {id: council, name: Ashcombe Council, kind: local_authority}
segments:
  - {id: tenants, name: Tenants as users of repairs, category: target, unit: council,
     priority: 1}
  - {id: older, name: Older tenants as users of repairs, category: target, unit: council,
     parent: tenants, cut: age, priority: 2}
objectives:
  - id: o-older
    statement: Older tenants get repairs done in one visit
    segments: [older]
    measures:
      - {id: m-visits, name: Repairs done in one visit, experience: [speed, integration]}
""",
        encoding="utf-8",
    )
    model = load(tmp_path / "model.yaml")
    assert list(RULES["CFG144"].run(model)) == []
    narrowed = attrs.evolve(
        model,
        objectives=[
            attrs.evolve(
                model.objectives[0],
                measures=[attrs.evolve(model.objectives[0].measures[0], experience=["speed"])],
            )
        ],
    )
    found = list(RULES["CFG144"].run(narrowed))
    assert [f.entity for f in found] == ["tenants"]
    assert "only in the area of speed ('m-visits')" in found[0].message
