"""The rules scoped with ``widen`` (CFG107, CFG129, CFG132, CFG133, CFG134, CFG138,
CFG144): after an edit whose effect reaches past the region of :func:`affected`, an
update equals a whole check, and the same update without ``widen`` does not (so each
test shows its edit needs the widening).
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from tests.rules.incremental_support import agrees, collections_of

from cfgov.model import (
    Assessment,
    Component,
    ComponentAssessment,
    Initiative,
    Measure,
    Model,
    Partner,
    Principle,
    Segment,
    ServiceStandard,
    Stakeholder,
)
from cfgov.model.enums import ExperienceArea, Level, Perspective, ProgrammeStep, Stage
from cfgov.model.standing import _Facts
from cfgov.rules import Rule, all_rules, check
from cfgov.rules import cfg107_hats_not_distinguished as cfg107
from cfgov.rules.memo import PerModel


def _rule(code: str) -> Rule:
    return next(r for r in all_rules() if r.code == code)


def _needs_widen(code: str, before: Model, after: Model) -> None:
    """The update equals a whole check, and would not without the rule's ``widen``."""
    rule = _rule(code)
    assert rule.scope is not None
    assert rule.widen is not None
    assert agrees([rule], before, after)
    assert not agrees([attrs.evolve(rule, widen=None)], before, after)


def test_cfg129_a_later_result_makes_the_organisations_other_measures_stale(
    synthetic: Model,
) -> None:
    """A result years after the rest moves its organisation's newest date: the
    organisation's measures in other cascades turn stale, far outside the reach."""
    parts = collections_of(synthetic)
    record = parts["results"][0]
    parts["results"].append(attrs.evolve(record, period="2040/41"))
    _needs_widen("CFG129", synthetic, Model(**parts))


def test_cfg129_removing_the_newest_result_makes_the_rest_current_again(
    synthetic: Model,
) -> None:
    """The reverse: the organisation's newest date falls back when its newest evidence
    goes, and the measures it made stale are no longer."""
    parts = collections_of(synthetic)
    record = parts["results"][0]
    parts["results"].append(attrs.evolve(record, period="2040/41"))
    later = Model(**parts)
    parts["results"].pop()
    _needs_widen("CFG129", later, Model(**parts))


def test_cfg129_later_feedback_moves_the_organisations_date(synthetic: Model) -> None:
    parts = collections_of(synthetic)
    record = parts["feedback"][0]
    parts["feedback"].append(attrs.evolve(record, period="2040/41"))
    _needs_widen("CFG129", synthetic, Model(**parts))


# -- CFG138: the latest assessment of a unit, and the standing of the unit -----------------


def _claim(assessment_id: str, unit: str, date: str, level: Level) -> Assessment:
    part = ComponentAssessment(component=Component.OUTCOMES, level=level)
    return Assessment(id=assessment_id, unit=unit, date=date, components=(part,))


def _without_results(model: Model, unit: str) -> tuple[dict[str, list[Any]], list[Any]]:
    """The model's parts with no results for the measures of the unit's standing (so a
    claim of "established" for outcomes is contradicted), and the results taken out."""
    measures = {m.id for m in _Facts(model, unit).measures}
    parts = collections_of(model)
    gone = [r for r in parts["results"] if r.measure in measures]
    parts["results"] = [r for r in parts["results"] if r.measure not in measures]
    return parts, gone


def test_cfg138_an_assessment_dated_earlier_makes_the_units_other_one_latest(
    synthetic: Model,
) -> None:
    """The unit's other assessment, which the edit does not reach, becomes the latest."""
    parts, _ = _without_results(synthetic, "u12")
    parts["assessments"] += [
        _claim("u12-older", "u12", "2025-03", Level.ESTABLISHED),
        _claim("u12-newer", "u12", "2026-03", Level.NOT_STARTED),
    ]
    before = Model(**parts)
    parts["assessments"][-1] = _claim("u12-newer", "u12", "2001-01", Level.NOT_STARTED)
    _needs_widen("CFG138", before, Model(**parts))


def test_cfg138_a_result_of_a_standards_target_changes_the_units_standing(
    synthetic: Model,
) -> None:
    """A standard's target names no segment, so its result reaches only the measure; the
    unit whose objective the standard serves stands differently, and its assessment with
    it."""
    parts, gone = _without_results(synthetic, "u12")
    measures = [m.id for m in _Facts(synthetic, "u12").measures]
    target = next(m for m in measures if isinstance(synthetic.owner_of(m), ServiceStandard))
    again = attrs.evolve(gone[0], measure=target)
    parts["assessments"].append(_claim("u12-claim", "u12", "2026-03", Level.ESTABLISHED))
    before = Model(**parts)
    parts["results"].append(again)
    _needs_widen("CFG138", before, Model(**parts))


# -- CFG133 and CFG134: the targets of the standards serving an objective -----------------


def _target_of(model: Model, objective_id: str) -> str:
    """A target of a standard whose principle serves the objective."""
    own = {m.id for m in model.objective(objective_id).measures}
    return next(m.id for m in model.measures_for(objective_id) if m.id not in own)


def test_cfg133_a_standards_result_that_speaks_of_failure_demand_addresses_it(
    synthetic: Model,
) -> None:
    """The source of a result of a standard's target speaks of failure demand: the
    objective the standard serves now addresses it, for its segments and those below."""
    found = check(synthetic, rules=[_rule("CFG133")]).findings
    segment, objective = next(
        (f.entity, o)
        for f in found
        for o in f.related
        if len(synthetic.measures_for(o)) > len(synthetic.objective(o).measures)
    )
    assert segment is not None
    target = _target_of(synthetic, objective)
    parts = collections_of(synthetic)
    parts["results"].append(
        attrs.evolve(parts["results"][0], measure=target, source="Failure demand log")
    )
    _needs_widen("CFG133", synthetic, Model(**parts))


def test_cfg134_a_result_for_an_internal_target_is_the_objectives_only_evidence(
    synthetic: Model,
) -> None:
    """An objective whose only result is one for an internal target of a standard serving
    it: the result reaches the target alone, the finding is about the objective."""
    objective = next(
        o.id for o in synthetic.objectives if len(synthetic.measures_for(o.id)) > len(o.measures)
    )
    target = _target_of(synthetic, objective)
    parts = collections_of(synthetic)
    gone = {m.id for m in synthetic.measures_for(objective)}
    parts["results"] = [r for r in parts["results"] if r.measure not in gone]
    for i, principle in enumerate(parts["principles"]):
        standards = tuple(
            attrs.evolve(
                s,
                targets=tuple(
                    attrs.evolve(t, perspective=Perspective.INTERNAL) if t.id == target else t
                    for t in s.targets
                ),
            )
            for s in principle.standards
        )
        parts["principles"][i] = attrs.evolve(principle, standards=standards)
    before = Model(**parts)
    parts["results"].append(attrs.evolve(synthetic.results[0], measure=target))
    _needs_widen("CFG134", before, Model(**parts))


# -- CFG107: every role of a stakeholder ----------------------------------------------------


@pytest.fixture(params=["hashes", "one hash for all"])
def buckets(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """CFG107 files a stakeholder's segments by the hash of their name and of their
    traits: each CFG107 test runs with Python's hashes, and again with every key given
    the same hash, where only the keys themselves tell the segments apart."""
    monkeypatch.setattr(cfg107, "_KEPT", PerModel())  # nothing filed under other hashes
    if request.param != "hashes":
        monkeypatch.setattr(cfg107, "_bucket", lambda key: 0)


def test_cfg107_keys_that_share_a_hash_are_told_apart(
    synthetic: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every key given the same hash, a whole check finds what it finds with
    Python's hashes: segments alike by name, alike by need, and told apart."""
    rule = _rule("CFG107")
    parts = collections_of(synthetic)
    for segment in [s for s in synthetic.segments if s.stakeholder is not None][:5]:
        parts["segments"].extend(
            attrs.evolve(segment, id=f"{segment.id}-{n}", name=name, need=need, parent=None)
            for n, (name, need) in enumerate(
                [("Alike", "One"), ("Alike", "Two"), ("Other", "One"), ("Third", "Three")]
            )
        )
    monkeypatch.setattr(cfg107, "_KEPT", PerModel())
    found = check(Model(**parts), rules=[rule]).findings
    assert {"the same name as", "the same need"} <= {
        reason
        for f in found
        for reason in ("the same name as", "the same need")
        if reason in f.message
    }
    monkeypatch.setattr(cfg107, "_KEPT", PerModel())
    monkeypatch.setattr(cfg107, "_bucket", lambda key: 0)
    assert check(Model(**parts), rules=[rule]).findings == found


@pytest.mark.usefixtures("buckets")
def test_cfg107_a_segment_renamed_as_a_later_role_makes_that_role_a_twin(
    synthetic: Model,
) -> None:
    """Two segments of one stakeholder in one organisation, in different cascades: the
    earlier is renamed as the later, which becomes the twin (the edit reaches the earlier
    only)."""
    first, later = next(
        (a, b)
        for stakeholder in synthetic.stakeholders
        for a in synthetic.roles_of(stakeholder.id)
        for b in synthetic.roles_of(stakeholder.id)
        if isinstance(a, Segment)
        and isinstance(b, Segment)
        and synthetic.segments.index(a) < synthetic.segments.index(b)
        and synthetic.lineage_of(a.id)[0].id != synthetic.lineage_of(b.id)[0].id
        and not synthetic.same_as_of(a.id) | synthetic.same_as_of(b.id)
        and synthetic.organisations_of(a.unit) == synthetic.organisations_of(b.unit)
    )
    parts = collections_of(synthetic)
    parts["segments"][parts["segments"].index(first)] = attrs.evolve(first, name=later.name)
    _needs_widen("CFG107", synthetic, Model(**parts))


@pytest.mark.usefixtures("buckets")
def test_cfg107_a_second_role_makes_the_first_a_hat(synthetic: Model) -> None:
    """A stakeholder with one undescribed segment gains a partner role: the segment is
    now one of two hats and cannot be told apart, though the edit reaches only the
    partner."""
    parts = collections_of(synthetic)
    parts["stakeholders"].append(Stakeholder(id="lone", name="Lone stakeholder"))
    parts["segments"].append(
        Segment(
            id="lone-segment",
            name="Lone segment",
            category="target",
            unit=synthetic.segments[0].unit,
            stakeholder="lone",
        )
    )
    before = Model(**parts)
    assert not [f for f in check(before, rules=[_rule("CFG107")]).findings if "lone" in f.related]
    parts["partners"].append(
        Partner(id="lone-hat", name="Lone hat", stakeholder="lone", role="expert")
    )
    after = Model(**parts)
    assert {"lone-segment", "lone-hat"} <= {
        f.entity for f in check(after, rules=[_rule("CFG107")]).findings
    }
    _needs_widen("CFG107", before, after)


@pytest.mark.usefixtures("buckets")
@pytest.mark.parametrize("told_by", ["name", "need"])
def test_cfg107_the_first_of_three_alike_changed_makes_the_second_the_first(
    synthetic: Model, told_by: str
) -> None:
    """Three segments of one stakeholder share a name (or a need), each a cascade of its
    own: the third is judged against the first. The first changed, the third is judged
    against the second, which the edit does not reach."""
    segment = next(s for s in synthetic.segments if s.stakeholder is not None and s.need)
    parts = collections_of(synthetic)
    alike = [
        Segment(
            id=f"alike-{n}",
            name="Alike" if told_by == "name" else f"Alike {n}",
            category="target",
            unit=segment.unit,
            stakeholder=segment.stakeholder,
            need="Alike" if told_by == "need" else f"Need {n}",
        )
        for n in range(3)
    ]
    parts["segments"].extend(alike)
    before = Model(**parts)
    third = next(
        f for f in check(before, rules=[_rule("CFG107")]).findings if f.entity == "alike-2"
    )
    assert "'alike-0'" in third.message
    first = parts["segments"].index(alike[0])
    parts["segments"][first] = attrs.evolve(alike[0], **{told_by: "Other"})
    after = Model(**parts)
    third = next(f for f in check(after, rules=[_rule("CFG107")]).findings if f.entity == "alike-2")
    assert "'alike-1'" in third.message
    _needs_widen("CFG107", before, after)


# -- CFG144: whether the organisation tags any measure, and the measures journeys name ----


def _evolve_objective_measure(parts: dict[str, list[Any]], measure_id: str, **change: Any) -> None:
    for i, objective in enumerate(parts["objectives"]):
        if any(m.id == measure_id for m in objective.measures):
            measures = tuple(
                attrs.evolve(m, **change) if m.id == measure_id else m for m in objective.measures
            )
            parts["objectives"][i] = attrs.evolve(objective, measures=measures)


def test_cfg144_an_organisation_that_starts_tagging_is_held_to_it(synthetic: Model) -> None:
    """No measure names an area, then one does: every first-priority target of its
    organisation is now judged, far outside the edit's reach."""
    parts = collections_of(synthetic)
    for _, measure in synthetic.measures():
        if measure.experience:
            _evolve_objective_measure(parts, measure.id, experience=())
    before = Model(**parts)
    assert not check(before, rules=[_rule("CFG144")]).findings
    measure = synthetic.objectives[0].measures[0]
    _evolve_objective_measure(parts, measure.id, experience=(ExperienceArea.SPEED,))
    _needs_widen("CFG144", before, Model(**parts))


def test_cfg144_a_measure_a_journey_names_watches_more(synthetic: Model) -> None:
    """A journey of a segment names the measure of an objective in another cascade: the
    measure, tagged with more areas, watches that segment more widely."""
    found = check(synthetic, rules=[_rule("CFG144")]).findings
    segment = next(f.entity for f in found if f.entity is not None)
    root = synthetic.lineage_of(segment)[0].id
    measure = next(
        m
        for o in synthetic.objectives
        if o.segments and all(synthetic.lineage_of(s)[0].id != root for s in o.segments)
        for m in o.measures
    )
    journey = synthetic.journeys[0]
    stage = journey.stages[0]
    step = attrs.evolve(stage.steps[0], measures=(measure.id,))
    parts = collections_of(synthetic)
    parts["journeys"].append(
        attrs.evolve(
            journey,
            id="watching",
            segment=segment,
            stages=(attrs.evolve(stage, steps=(step,)),),
        )
    )
    before = Model(**parts)
    _evolve_objective_measure(parts, measure.id, experience=tuple(ExperienceArea))
    _needs_widen("CFG144", before, Model(**parts))


# -- CFG132: each organisation's newest feedback --------------------------------------------


def test_cfg132_feedback_for_a_later_period_leaves_the_organisations_targets_unheard(
    synthetic: Model,
) -> None:
    """Feedback from one segment for a later period moves its organisation's latest
    period: every other first-priority target of the organisation is now unheard."""
    parts = collections_of(synthetic)
    parts["feedback"].append(attrs.evolve(parts["feedback"][0], period="2040/41"))
    _needs_widen("CFG132", synthetic, Model(**parts))


def test_cfg132_the_newest_feedback_removed_brings_the_period_back(synthetic: Model) -> None:
    parts = collections_of(synthetic)
    parts["feedback"].append(attrs.evolve(parts["feedback"][0], period="2040/41"))
    later = Model(**parts)
    parts["feedback"].pop()
    _needs_widen("CFG132", later, Model(**parts))


def test_cfg138_an_initiative_that_names_no_segment_reaches_implement(synthetic: Model) -> None:
    """An initiative led by the unit, naming no segment, reaches the Implement stage: the
    edit reaches the initiative alone; the unit's standing on outcomes rises."""
    parts, _ = _without_results(synthetic, "u12")
    parts["assessments"].append(_claim("u12-claim", "u12", "2026-03", Level.ESTABLISHED))
    pilot = Initiative(id="u12-pilot", name="A pilot", unit="u12", step=ProgrammeStep.SCOPE)
    parts["initiatives"].append(pilot)
    before = Model(**parts)
    parts["initiatives"][-1] = attrs.evolve(pilot, step=ProgrammeStep.ROLL_OUT)
    assert parts["initiatives"][-1].stage is Stage.IMPLEMENT
    _needs_widen("CFG138", before, Model(**parts))


def test_cfg129_a_measure_serving_no_organisation_is_judged_against_the_model(
    synthetic: Model,
) -> None:
    """A standard's target whose principle serves no objective is judged against the
    model's newest evidence: a later result anywhere makes it stale."""
    parts = collections_of(synthetic)
    target = Measure(id="lone-target", name="A target of no objective")
    standard = ServiceStandard(id="lone-standard", statement="Served", targets=(target,))
    parts["principles"].append(Principle(id="lone-principle", name="Alone", standards=(standard,)))
    newest = max(synthetic.results, key=lambda r: r.span.end)
    parts["results"].append(attrs.evolve(newest, measure=target.id))
    before = Model(**parts)
    parts["results"].append(attrs.evolve(parts["results"][0], period="2040/41"))
    after = Model(**parts)
    assert any(f.entity == target.id for f in check(after, rules=[_rule("CFG129")]).findings)
    _needs_widen("CFG129", before, after)
