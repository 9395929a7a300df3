"""Rules judge meaning, not wording: what the user wrote beats a guess from a name, free
text is compared ignoring case and spacing, and a finding that rests on a guess says so
and how to confirm it. The fixture pairs test where rules fire; this tests what they say.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cfgov import Finding, Model, Segment, Stakeholder, Unit, load
from cfgov.rules import Rule, builtin_rules, find_rule
from cfgov.rules.base import text_key

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def findings(code: str, fixture: str) -> list[Finding]:
    rule = find_rule(code, builtin_rules())
    assert isinstance(rule, Rule)
    return list(rule.run(load(FIXTURES / code / f"{fixture}.yaml")))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Pension position", "pension position"),
        ("pension  position", " Pension\tposition "),
        ("STRASSE", "straße"),
    ],
)
def test_text_keys_ignore_case_and_spacing(one: str, other: str) -> None:
    assert text_key(one) == text_key(other)


def test_blank_and_absent_text_have_the_empty_key() -> None:
    assert text_key(None) == text_key("   ") == ""
    assert text_key("pension position") != text_key("pension positions")


def test_a_cut_is_named_as_first_written() -> None:
    (finding,) = findings("CFG119", "fires-cut-spelling")
    assert "cut by Pension position ('fp-with', 'fp-without')" in finding.message


def test_a_guess_about_ministers_says_so_and_how_to_settle_it() -> None:
    for finding in findings("CFG114", "fires-by-name"):
        assert "this is a guess from" in finding.message
        assert finding.hint is not None
        assert "`ministers: true`" in finding.hint
        assert "`ministers: false`" in finding.hint


def test_ministers_said_are_not_a_guess() -> None:
    for finding in findings("CFG114", "fires"):
        assert "guess" not in finding.message


def _ministers_model(said: bool | None) -> Model:
    return Model(
        units=[
            Unit(id="dwp", name="DWP", kind="ministerial_department"),
            Unit(id="policy", name="Pensions Policy", kind="policy_area", parents=["dwp"]),
        ],
        stakeholders=[Stakeholder(id="m", name="DWP Ministers", ministers=said)],
        segments=[
            Segment(
                id="s",
                name="Ministers as customers",
                category="target",
                unit="policy",
                stakeholder="m",
            )
        ],
    )


@pytest.mark.parametrize(("said", "fires"), [(None, True), (True, True), (False, False)])
def test_what_the_team_says_about_ministers_beats_the_name(said: bool | None, fires: bool) -> None:
    rule = find_rule("CFG114", builtin_rules())
    assert rule is not None
    assert bool(list(rule.run(_ministers_model(said)))) is fires


def test_an_output_judged_from_wording_says_it_is_a_guess() -> None:
    worded = {f.entity: f for f in findings("CFG115", "fires")}
    assert "a guess from the wording of the measures" in worded["obj-leaflets"].message
    assert "`kind: outcome`" in (worded["obj-leaflets"].hint or "")
    assert "a guess from the wording of the statement" in worded["obj-events"].message
    assert "guess" not in worded["obj-take-up"].message  # marked `kind: output`


def test_a_missing_taxpayers_segment_is_said_to_be_judged_from_names() -> None:
    for finding in findings("CFG124", "fires"):
        assert "judged from names" in finding.message
        assert "`ignore:`" in (finding.hint or "")


def test_an_advocate_for_a_loud_group_is_said_not_to_count() -> None:
    for finding in findings("CFG123", "fires-advocate"):
        assert "does not stand in for them" in finding.message
        assert "tip T9" in finding.message
