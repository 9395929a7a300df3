"""The report's readiness questions, answered from the model where it can answer them.

Barker (2002, "Building customer-focused government") asks an organisation
nine questions before it sets out. A model can answer some of them (are the
customers agreed, are the segments detailed, are outcomes set...) and can
say nothing about others (are staff motivated?). Each answer is derived from
the findings of the rules that check the same advice, so the two never
disagree. Where the model records initiatives (the change programme of
Higson and Sturgess), they answer the questions of strategy and of the
capacity to change; a team's own self-assessments are quoted beside the
questions the model cannot answer, as the team's word, not the model's.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from cfgov.model import Component, Finding, Model, ProgrammeStep, Segment, SourceKind, Stage
from cfgov.rules.base import Rule
from cfgov.rules.registry import builtin_rules, find_rule

YES, PARTLY, NO, UNANSWERABLE = "yes", "partly", "no", "not answerable from the model"


@attrs.frozen
class ReadinessAnswer:
    """One readiness question, the model's answer, and the evidence for it."""

    question: str
    answer: str
    evidence: str


def _findings(model: Model, codes: Iterable[str]) -> dict[str, list[Finding]]:
    rules = builtin_rules()
    found: dict[str, list[Finding]] = {}
    for code in codes:
        rule: Rule | None = find_rule(code, rules)
        found[code] = list(rule.run(model)) if rule is not None else []
    return found


def _share(total: int, failing: int) -> str:
    if total in (0, failing):
        return NO
    return YES if failing == 0 else PARTLY


def readiness(model: Model) -> tuple[ReadinessAnswer, ...]:
    """Answer the report's readiness questions: yes, partly, no, or not answerable."""
    found = _findings(
        model, ["CFG104", "CFG107", "CFG111", "CFG115", "CFG118", "CFG121", "CFG122", "CFG123"]
    )
    targets = model.segments_of("target")
    no_stakeholder = [s for s in model.segments if s.stakeholder is None]
    sub_segments = [s for s in model.segments if s.parent is not None]
    with_feedback = [
        s
        for s in targets
        if any(
            k.kind is SourceKind.FEEDBACK
            for step in model.lineage_of(s.id)
            for k in step.knowledge_sources
        )
    ]
    objective_problems = {f.entity for code in ("CFG115", "CFG118", "CFG121") for f in found[code]}
    measures = [m for _, m in model.measures()]

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    def of(part: int, whole: int, word: str, verb: str = "have") -> str:
        """``1 of 3 target segments has``: the verb agrees with the part."""
        said = {"have": "has", "are": "is", "lack": "lacks"}[verb] if part == 1 else verb
        return f"{part} of {count(whole, word)} {said}"

    measured = len(model.objectives) - len(objective_problems)
    answers = [
        ReadinessAnswer(
            "Do you agree who your stakeholders and customers are?",
            NO
            if not model.segments
            else (YES if not no_stakeholder and not found["CFG107"] else PARTLY),
            f"{count(len(model.stakeholders), 'stakeholder')} and "
            f"{count(len(model.segments), 'segment')}; "
            f"{count(len(no_stakeholder), 'segment')} without a stakeholder; "
            f"{count(len(found['CFG107']), 'hat')} not told apart from another (CFG107).",
        ),
        ReadinessAnswer(
            "Do you have a detailed set of customer segments that is used in practice?",
            NO if not model.segments else (YES if sub_segments and not found["CFG104"] else PARTLY),
            f"{count(len(model.segments), 'segment')}, {len(sub_segments)} of them "
            f"sub-segments; {count(len(found['CFG104']), 'segment')} with no need, interest "
            "or behaviour (CFG104). Whether they are used in practice cannot be told from the "
            "model.",
        ),
        ReadinessAnswer(
            "Have you set target outcomes for each customer group?",
            _share(len(targets), len(found["CFG111"])),
            f"{of(len(targets) - len(found['CFG111']), len(targets), 'target segment')} "
            "an outcome objective for it or its cascade (CFG111).",
        ),
        _strategy(model, targets),
        ReadinessAnswer(
            "Are your staff motivated to achieve them?",
            UNANSWERABLE,
            "The model says nothing about staff motivation."
            + _claimed(model, Component.OPERATIONS, "which covers motivation and appraisal"),
        ),
        ReadinessAnswer(
            "Do your values and measures reflect the customer-focused goals?",
            _share(len(model.objectives), len(objective_problems))
            if measures or model.objectives
            else NO,
            f"{of(measured, len(model.objectives), 'objective', 'are')} "
            "measured by outcomes seen from the customer's side (CFG115, CFG118, CFG121); "
            f"{of(len(found['CFG122']), len(measures), 'measure', 'lack')} a target or a method "
            "(CFG122).",
        ),
        ReadinessAnswer(
            "Are stakeholder groups engaged?",
            _share(len(targets), len(found["CFG123"])),
            f"{of(len(targets) - len(found['CFG123']), len(targets), 'target segment')} a "
            "representative or direct contact (CFG123).",
        ),
        ReadinessAnswer(
            "Is stakeholder feedback measured and acted on?",
            _share(len(targets), len(targets) - len(with_feedback)),
            f"{of(len(with_feedback), len(targets), 'target segment')} a feedback source"
            " (a knowledge source with `kind: feedback`, on the segment or one it "
            "refines). Whether feedback is acted on cannot be told from the model.",
        ),
        _capacity(model),
    ]
    if not model.segments:
        # Counts of nothing ("0 of 0 target segments have...") would read like a finding;
        # say instead that there is nothing yet to answer from.
        held = (
            "only the organisation graph"
            if not (model.stakeholders or model.objectives or model.principles)
            else "no segments"
        )
        answers = [
            a
            if a.answer != NO
            else attrs.evolve(
                a,
                evidence=f"The model holds {held}, so there is nothing to answer this from "
                "yet: the answer stays no until its segments are written.",
            )
            for a in answers
        ]
    return tuple(answers)


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:5])
    return shown + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")


def _strategy(model: Model, targets: tuple[Segment, ...]) -> ReadinessAnswer:
    """Answered from initiatives when the model records any: which target segments with
    an objective some initiative is for."""
    question = "Do you have a strategy for achieving them?"
    if not model.initiatives:
        return ReadinessAnswer(
            question,
            UNANSWERABLE,
            "The model records objectives, not the strategy for meeting them; record the "
            "changes being made as `initiatives:` to answer this.",
        )
    # Only the organisations that keep initiatives in the model can be judged by them.
    keeping = {o.id for i in model.initiatives for o in model.organisations_of(i.unit)}

    def kept(segment: Segment) -> bool:
        return any(o.id in keeping for o in model.organisations_of(segment.unit))

    def planned_for(segment: Segment) -> bool:
        """An initiative is for it, for a broader segment above it, or for one below it."""
        return any(model.initiatives_for(s.id) for s in model.branch_of(segment.id))

    aimed = [s for s in targets if kept(s) and model.objectives_for(s.id)]
    planned = [s.id for s in aimed if planned_for(s)]
    left = [s.id for s in aimed if s.id not in set(planned)]
    where = ", ".join(sorted(keeping))
    evidence = (
        f"{len(model.initiatives)} initiative{'' if len(model.initiatives) == 1 else 's'} "
        f"(in {where}); {len(planned)} of the {len(aimed)} target "
        f"segment{'' if len(aimed) == 1 else 's'} with an objective there "
        f"{'is' if len(planned) == 1 else 'are'} named by one, or by one for a broader or "
        "finer segment"
        + (f" (not {_ids(left)})." if left else ".")
        + " Whether the strategy is agreed cannot be told from the model."
    )
    return ReadinessAnswer(question, _share(len(aimed), len(left)), evidence)


def _capacity(model: Model) -> ReadinessAnswer:
    """Answered from initiatives when the model records any: a change carried through to
    roll out shows the capacity to change; one under way but not yet rolled out, some."""
    question = "Do you have the capacity to change?"
    if not model.initiatives:
        return ReadinessAnswer(
            question,
            UNANSWERABLE,
            "The model says nothing about the organisation's capacity to change; record the "
            "changes being made as `initiatives:` to answer this."
            + _claimed(model, Component.OUTCOMES, "which covers carrying change through"),
        )
    by_stage = {stage: [i.id for i in model.initiatives if i.stage is stage] for stage in Stage}
    rolled = [i.id for i in model.initiatives if i.reached(ProgrammeStep.ROLL_OUT)]
    stages = ", ".join(
        f"{len(ids)} at {str(stage).capitalize()}" for stage, ids in by_stage.items() if ids
    )
    count = len(model.initiatives)
    evidence = f"{count} initiative{'' if count == 1 else 's'} ({stages}); " + (
        f"{len(rolled)} rolled out or beyond ({_ids(rolled)})."
        if rolled
        else "none rolled out yet (step 9)."
    )
    return ReadinessAnswer(question, YES if rolled else PARTLY, evidence)


def _claimed(model: Model, component: Component, covers: str) -> str:
    """What the units' latest self-assessments claim for a component, as their own word."""
    claims = []
    for unit in model.units:
        history = model.assessments_of(unit.id)
        level = history[-1].level_of(component) if history else None
        if level is not None:
            claims.append(f"{unit.id} {level.words}")
    if not claims:
        return ""
    return (
        f" The latest self-assessments place component {component.number} ({covers}) at: "
        f"{_ids(claims)} (the teams' own word)."
    )
