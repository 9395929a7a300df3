"""CFG140: an initiative in the Implement stage whose segments were never assessed."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Initiative, Model, Severity, Stage, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, asked


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each initiative at the Implement stage (pilot, roll out, review) names the segments
    it is for, and each of them has an outcome objective (its own, a broader segment's or
    one of a segment that refines it) with at least one measure.

    Cost: for each initiative at Implement, one look at each of its segments' lineage and
    the measures of their objectives: linear in initiatives times their segments. For
    ``only``, the initiatives asked about alone.
    """
    initiatives: Iterable[Initiative] = model.initiatives
    if only is not None:
        initiatives = asked(model, only, Initiative)
    for initiative in initiatives:
        if initiative.stage is not Stage.IMPLEMENT:
            continue
        named = f"initiative {quoted(initiative.id)} ({excerpt(initiative.name)})"
        step = f"step {initiative.step.number} ({initiative.step.title.lower()})"
        if not initiative.segments:
            yield RULE.finding(
                initiative.id,
                f"{named} is at {step} but names no segments, so nothing shows whom it is "
                "for or that their needs were assessed first (Higson and Sturgess, Assess: "
                "steps 1 and 2)",
                field="step",
                hint=f"Name the segments {quoted(initiative.id)} is for under `segments:`, "
                "each with an outcome objective and a measure.",
            )
            continue
        for number, segment_id in enumerate(initiative.segments):
            segment = model.segment(segment_id)
            # As CFG111 counts them: objectives set for finer segments are the broad
            # segment's too (Barker 2002, tip T2: broad segments refined below).
            around = model.branch_of(segment_id)
            objectives = list(
                {o.id: o for s in around for o in model.objectives_for(s.id)}.values()
            )
            if not objectives:
                lack = "no outcome objective, nor does a broader or finer segment"
                fix = f"an outcome objective under `objectives:` naming {quoted(segment_id)}"
            elif not any(model.measures_for(o.id) for o in objectives):
                ids = ", ".join(quoted(o.id) for o in objectives)
                lack = f"no measure of its objectives ({ids})"
                fix = f"a measure under `measures:` of {ids}"
            else:
                continue
            yield RULE.finding(
                initiative.id,
                f"{named} is at {step}, but its segment {quoted(segment_id)} "
                f"({excerpt(segment.name)}) has {lack}: the Assess stage looks skipped "
                "(Higson and Sturgess, steps 1 and 2)",
                field=f"segments.{number}",
                hint=f"Add {fix}, so that what the change is meant to achieve can be seen. "
                "If it is assessed elsewhere, say where with "
                f'`ignore: {{CFG140: "reason"}}` on {quoted(initiative.id)}.',
            )


RULE = Rule(
    code="CFG140",
    name="implement-without-assessment",
    severity=Severity.WARNING,
    summary="An initiative at the Implement stage whose segments have no outcome objective "
    "or no measure, or that names no segments.",
    rationale="Higson and Sturgess's model begins with Assess: identify the customers and "
    "what they need (step 1), then scope what is provided now (step 2). Only after "
    "challenging demand and supply and agreeing priorities does a change reach Implement. "
    "An initiative being piloted, rolled out or reviewed for segments the model gives no "
    "outcome objective or no measure has no stated aim for those customers and no way to "
    "tell whether it worked: it looks as if the first stage was skipped. The same holds "
    "for an initiative that does not say whom it is for. As for CFG111, an objective set for "
    "a broader segment, or for a segment that refines it, counts for the segment (Higson "
    "and Sturgess, steps 1, 2 "
    "and 8 to 10; Barker 2002, component 1).",
    fix="Name the initiative's segments, and give each an outcome objective with a measure.",
    source="Higson and Sturgess, Assess (steps 1 and 2) and Implement (steps 8 to 10)",
    cost="Linear in initiatives times their segments and the segments above and below them.",
    scope=Scope.STANDING,
    check=check,
    example="""\
# hb-new-claimants has no outcome objective.
initiatives:
  - id: one-door
    name: One front door for new claimants
    unit: hb-team
    step: roll_out
    segments: [hb-new-claimants]
""",
    fixed="""\
objectives:
  - id: hb-obj-first-time
    statement: New claimants get the right benefit first time
    segments: [hb-new-claimants]
    measures:
      - {id: hb-m-first-time, name: Claims right first time, kind: outcome}
initiatives:
  - id: one-door
    name: One front door for new claimants
    unit: hb-team
    step: roll_out
    segments: [hb-new-claimants]
""",
)
