"""The evidence rules (CFG126 to CFG136) beyond their fixtures: options, suppression
through the measure's or segment's ``ignore:``, guesses said to be guesses, and the
example models staying clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfgov import load, load_with_sources, loads
from cfgov.rules import Config, OptionError, Rule, builtin_rules, check, find_rule

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EVIDENCE_CODES = [f"CFG{n}" for n in range(126, 137)]


def _rule(code: str) -> Rule:
    rule = find_rule(code, builtin_rules())
    assert rule is not None
    return rule


def _codes(model_text: str, code: str, **options: object) -> list[str]:
    """The messages of one rule run through the engine, with these options."""
    result = check(loads(model_text), config=Config(select=[code], options={code: options}))
    return [f.message for f in result.findings]


#: Two annual series of the DWP standards: accuracy up to 2005/06, claims to 2006/07.
TWO_SERIES = """\
organisations:
  - {id: dwp, name: DWP}
segments:
  - {id: pc, name: Pensioners as claimants, category: target, unit: dwp}
objectives:
  - id: obj
    statement: Pensioners claim what they are due
    segments: [pc]
    measures:
      - {id: t-accuracy, name: Assessments that are accurate, type: percentage, target: 95}
      - {id: t-five-days, name: Claims processed within 5 days, type: percentage, target: 80}
results:
  - measure: t-accuracy
    periods:
      - {period: 2005/06, actual: 95.2}
  - measure: t-five-days
    periods:
      - {period: 2006/07, actual: 66, comment: A backlog after the take-up campaign}
"""


def test_stale_results_are_judged_against_as_of_when_it_is_set() -> None:
    assert _codes(TWO_SERIES, "CFG129") == []
    late = _codes(TWO_SERIES, "CFG129", as_of="2008-06-30")
    assert len(late) == 2
    assert all("the date set for this rule (2008-06-30)" in m for m in late)


def test_an_as_of_before_the_results_finds_nothing_stale() -> None:
    assert _codes(TWO_SERIES, "CFG129", as_of="2006") == []


@pytest.mark.parametrize("value", ["yesterday", "2026-13", "31/03/2026"])
def test_an_as_of_that_is_not_a_date_is_refused_before_any_rule_runs(value: str) -> None:
    with pytest.raises(OptionError) as info:
        _rule("CFG129").run(loads(TWO_SERIES), {"as_of": value})
    assert "as_of" in str(info.value)
    assert repr(value) in str(info.value)


def test_a_model_without_evidence_is_never_stale() -> None:
    model = loads(TWO_SERIES.split("results:", maxsplit=1)[0])
    assert list(_rule("CFG129").run(model)) == []


def test_max_share_sets_how_much_failure_demand_is_allowed() -> None:
    model = load(FIXTURES / "CFG133" / "fires.yaml")
    run = _rule("CFG133").run
    assert len(list(run(model))) == 3
    # The tenants' 37% and the older tenants' 31% are within a limit of 40%.
    assert len(list(run(model, {"max_share": 0.4}))) == 1
    with pytest.raises(OptionError):
        list(run(model, {"max_share": 1.5}))


def test_a_guess_from_a_name_says_so_and_a_rating_does_not() -> None:
    model = load(FIXTURES / "CFG131" / "fires.yaml")
    messages = {f.entity: f.message for f in _rule("CFG131").run(model)}
    assert "a guess from its name" in messages["t-enquiry-satisfaction"]
    assert "a guess from its name" in messages["m-avoidable"]
    assert "guess" not in messages["m-rating"]


def test_findings_about_records_are_suppressed_by_the_measure_or_segment() -> None:
    """A result's finding is the measure's to ignore; a demand count's the segment's."""
    text = (FIXTURES / "CFG130" / "fires.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "             better: higher, target: 80}",
        "             better: higher, target: 80,\n"
        "             ignore: {CFG130: The backlog is explained in the board paper}}",
    )
    model = loads(text)
    result = check(model, config=Config(select=["CFG130"]))
    assert [f.entity for f in result.findings] == ["m-take-up"]
    assert [f.entity for f, _ in result.suppressed] == ["t-five-days"]


def test_the_example_models_give_no_evidence_finding() -> None:
    model, sources = load_with_sources(EXAMPLES)
    result = check(model, sources, Config(select=EVIDENCE_CODES))
    assert [f.code for f in result.findings] == []
    # The DWP satisfaction target is the report's own, kept with its reason.
    assert ("CFG131", "dwp-pc-t-enquiry-satisfaction") in {
        (f.code, f.entity) for f, _ in result.suppressed
    }


@pytest.mark.parametrize("code", EVIDENCE_CODES)
def test_each_evidence_rule_is_quiet_on_a_model_without_evidence(code: str) -> None:
    model = load(EXAMPLES / "dfes-teachers")
    assert list(_rule(code).run(model)) == []


def test_failure_demand_says_most_of_it_only_when_one_type_is_more_than_half() -> None:
    model = load(FIXTURES / "CFG133" / "fires.yaml")
    messages = {f.entity: f.message for f in _rule("CFG133").run(model)}
    # 420 of the tenants' 700 failure contacts were chasing progress: more than half.
    assert "most of it chasing progress (420)" in messages["council-tenants"]
    text = (FIXTURES / "CFG133" / "fires.yaml").read_text(encoding="utf-8")
    split = text.replace("chasing progress: 420, repair not done right: 180", "chasing: 300")
    messages = {f.entity: f.message for f in _rule("CFG133").run(loads(split))}
    assert "the largest part chasing (300)" in messages["council-tenants"]
    assert "most of it" not in messages["council-tenants"]


def test_no_rules_words_run_one_sentence_into_the_next() -> None:
    """A sentence that lost its full stop ("needs no baseline The rule speaks") reads as
    nonsense on the rule's page."""
    import re

    run_on = re.compile(r"[a-z,] (?:The|A|An|It|This|Each|Every) [a-z]")
    for rule in builtin_rules():
        for text in (rule.summary, rule.rationale, rule.fix):
            assert not run_on.search(text), (rule.code, text)
