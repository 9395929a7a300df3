"""Evidence rules judge "latest" within each organisation, not across a shared model."""

from __future__ import annotations

from pathlib import Path

from cfgov import check, load_with_sources

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_one_bodys_recent_evidence_does_not_fault_another_in_a_shared_model() -> None:
    # The council's evidence runs to 2025; the DWP's illustrative results end in 2006/07
    # and it keeps no feedback. Checked together, neither is stale or unheard.
    model, sources = load_with_sources([EXAMPLES / "dwp", EXAMPLES / "council"])
    codes = {f.code for f in check(model, sources).findings}
    assert not codes & {"CFG129", "CFG132"}


TWO_BODIES = """\
organisations:
  - {id: council, name: Council, kind: local_authority}
  - {id: dept, name: Department, kind: ministerial_department}
segments:
  - {id: tenants, name: Tenants as repair customers, category: target, unit: council}
  - {id: pensioners, name: Pensioners as claimants, category: target, unit: dept}
objectives:
  - id: repairs
    statement: Repairs are fixed first time
    segments: [tenants]
    measures:
      - {id: fixed, name: Repairs fixed first time, type: percentage, target: 90}
      - {id: visits, name: Visits per repair, type: ratio, target: 1}
  - id: claims
    statement: Pensioners are paid promptly
    segments: [pensioners]
    measures:
      - {id: prompt, name: Claims paid in 5 days, type: percentage, target: 80}
results:
  - measure: fixed
    periods: [{period: 2025-01, actual: 80}]
  - measure: visits
    periods: [{period: 2025-12, actual: 1.2}]
  - measure: prompt
    periods: [{period: 2006/07, actual: 70}]
"""


def test_a_series_behind_its_own_bodys_newest_is_still_stale() -> None:
    from cfgov import loads_with_sources

    model, sources = loads_with_sources(TWO_BODIES, name="two.yaml")
    stale = [f for f in check(model, sources).findings if f.code == "CFG129"]
    # `fixed` stopped eleven months before the council's newest result; the department's
    # only series is as new as its own evidence gets, however old beside the council's.
    assert [f.entity for f in stale] == ["fixed"]
    assert stale[0].location is not None
    assert stale[0].location.line == 21


def test_a_stale_series_names_its_own_bodys_newest_not_the_models() -> None:
    from cfgov import loads_with_sources

    # A third body with later evidence: the model's newest period is not the council's.
    later = (
        TWO_BODIES.replace(
            "  - {id: dept, name: Department, kind: ministerial_department}\n",
            "  - {id: dept, name: Department, kind: ministerial_department}\n"
            "  - {id: trust, name: Trust, kind: local_authority}\n",
        ).replace(
            "objectives:\n",
            "  - {id: patients, name: Patients as visitors, category: target, unit: trust}\n"
            "objectives:\n"
            "  - id: care\n"
            "    statement: Patients are seen on time\n"
            "    segments: [patients]\n"
            "    measures:\n"
            "      - {id: seen, name: Patients seen on time, type: percentage, target: 90}\n",
        )
        + "  - measure: seen\n    periods: [{period: 2027-06, actual: 88}]\n"
    )
    model, sources = loads_with_sources(later, name="three.yaml")
    stale = [f for f in check(model, sources).findings if f.code == "CFG129"]
    assert [f.entity for f in stale] == ["fixed"]
    assert "the newest period of its organisation's evidence (2025-12-31)" in stale[0].message
    assert "in the model" not in stale[0].message
