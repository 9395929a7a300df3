"""CFG141: an initiative reviewed with no customer evidence to review it by."""

from __future__ import annotations

from collections.abc import Iterator

from cfgov.model import (
    Finding,
    Initiative,
    Model,
    Perspective,
    ProgrammeStep,
    Severity,
    excerpt,
    quoted,
)
from cfgov.model.standing import is_rating
from cfgov.rules.base import Options, Rule


def _customer_evidence(model: Model, initiative: Initiative) -> bool:
    """Feedback from its segments, results of a customer-side measure, or a review record
    that links customers or documents (or measures with results)."""
    found = initiative.entry_of(ProgrammeStep.REVIEW)
    record = None if found is None else found[1]
    if record is not None and (record.customers or record.documents):
        return True
    segments = list(initiative.segments)
    objectives = list(initiative.objectives)
    measures = []
    if record is not None:
        segments += record.segments
        objectives += record.objectives
        measures += [model.measure(m) for m in record.measures]
        if any(model.results_for(m.id) for m in measures):
            return True
    for segment_id in dict.fromkeys(segments):
        below = [model.segment(segment_id), *model.sub_segments_of(segment_id, recursive=True)]
        if any(model.feedback_for(s.id) for s in below):
            return True
        # The objectives of broader segments too, as CFG140 counts them: a survey of all
        # claimants speaks for the new claimants among them.
        objectives += [
            o.id for s in model.lineage_of(segment_id) for o in model.objectives_for(s.id)
        ]
    for objective_id in dict.fromkeys(objectives):
        for measure in model.measures_for(objective_id):
            customer = measure.perspective is Perspective.END_TO_END or is_rating(measure)
            if customer and model.results_for(measure.id):
                return True
    return False


def check(model: Model, options: Options) -> Iterator[Finding]:
    """Each initiative at review (step 10) has customer evidence: feedback from its
    segments (or segments below them), results of an end-to-end, rating or satisfaction
    measure of its objectives or of the objectives of its segments (or segments above
    them), or a review record that names the customers who took part, documents, or
    measures with results.

    Cost: for each initiative at review, one look at its segments, their sub-segments'
    feedback and their objectives' measures: linear in what it names.
    """
    for initiative in model.initiatives:
        if initiative.step is not ProgrammeStep.REVIEW:
            continue
        if _customer_evidence(model, initiative):
            continue
        found = initiative.entry_of(ProgrammeStep.REVIEW)
        field = "step" if found is None else f"steps.{found[0]}"
        yield RULE.finding(
            initiative.id,
            f"initiative {quoted(initiative.id)} ({excerpt(initiative.name)}) is at step 10 "
            "(review and evaluate) with no customer evidence: no feedback from its segments, "
            "no results of an end-to-end, rating or satisfaction measure, and a review that "
            "links none (Higson and Sturgess, step 10)",
            field=field,
            hint="Add the feedback or results the review rests on (`feedback:` for its "
            "segments, `results:` of an end-to-end or satisfaction measure), or link them "
            "from the review's entry in `steps:` with `measures:`, `customers:` or "
            "`documents:`. If the review is kept elsewhere, say where with "
            f'`ignore: {{CFG141: "reason"}}` on {quoted(initiative.id)}.',
        )


RULE = Rule(
    code="CFG141",
    name="review-without-customer-evidence",
    severity=Severity.WARNING,
    summary="An initiative at review and evaluation (step 10) with no customer evidence: "
    "no feedback, no customer-side results, nothing linked from the review.",
    rationale="The last step of Higson and Sturgess's model is to review and evaluate what "
    "was done. Cost savings belong in that review, but in a customer-driven service the "
    "test of success is what customers say and experience: fewer complaints, higher "
    "satisfaction, detailed feedback gathered and acted on. A review the model can link "
    "to no feedback, no results of a measure taken from the customer's side, and no "
    "document or customers of its own is a review of the organisation by itself. The "
    "feedback of its segments' sub-segments counts, and so do the measures of the "
    "objectives of the broader segments they refine (Higson and Sturgess, step 10).",
    fix="Record the feedback or customer-side results the review weighed, or link them "
    "from the review's step record.",
    source="Higson and Sturgess, step 10 (review and evaluate)",
    cost="Linear in initiatives at review times what they name.",
    check=check,
    example="""\
initiatives:
  - id: one-door
    name: One front door for new claimants
    unit: hb-team
    step: review
    segments: [hb-new-claimants]
    steps:
      - step: review
        produced: Cost per claim fell by a fifth
""",
    fixed="""\
initiatives:
  - id: one-door
    name: One front door for new claimants
    unit: hb-team
    step: review
    segments: [hb-new-claimants]
    steps:
      - step: review
        produced: Cost per claim fell by a fifth; claimants rate the desk 8 out of 10
        documents: [Review of the front door, March 2026]
""",
)
