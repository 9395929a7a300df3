"""CFG133: much failure demand from a segment, and no objective that sets out to remove it."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from cfgov.model import (
    Finding,
    Measure,
    Model,
    OutcomeObjective,
    Segment,
    Severity,
    demand_summary,
    excerpt,
    quoted,
)
from cfgov.rules.base import Option, Options, Rule
from cfgov.rules.evidence import (
    FAILURE_DEMAND,
    measures_by_objective,
    objectives_of_standards,
    speaks_of,
)
from cfgov.rules.scope import Scope, among


def _addresses(objective: OutcomeObjective, model: Model, measures: Sequence[Measure]) -> bool:
    """Whether the objective speaks of failure demand: its statement, desired behaviour, or
    a measure's name, description or method, or the source of a measure's results."""
    texts: list[str | None] = [objective.statement, objective.desired_behaviour]
    for measure in measures:
        texts += [measure.name, measure.description, measure.method]
        texts += [result.source for result in model.results_for(measure.id)]
    return speaks_of(FAILURE_DEMAND, texts) is not None


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """No segment's failure demand, in its latest period of demand counts (every channel
    together), is above ``max_share`` of its contacts unless an objective for the segment,
    or for a broader segment above it, speaks of failure demand, avoidable or repeat
    contact or chasing (in its statement, desired behaviour or measures, or the sources of
    its measures' results). Whether an objective addresses it is judged from those words.

    Cost: each segment's demand counts are summed once, and each objective for it or its
    (memoised) lineage is read once per segment with demand: linear in demand counts, and
    in objectives times the segments with demand above the share.
    """
    most = float(options["max_share"])
    measures: dict[str, list[Measure]] | None = None
    if only is None:
        segments = {record.segment for record in model.demand}
    else:
        segments = {s.id for s in among(model, (), Segment, only) if model.demand_for(s.id)}
    verdicts: dict[str, bool] = {}
    for segment_id in sorted(segments):
        summary = demand_summary(model, segment_id)
        share = None if summary is None else summary.failure_share
        if summary is None or share is None or share <= most:
            continue
        if measures is None:
            measures = measures_by_objective(model) if only is None else {}
        objectives = [
            objective
            for segment in model.lineage_of(segment_id)
            for objective in model.objectives_for(segment.id)
        ]
        addressed = False
        for objective in objectives:
            if objective.id not in verdicts:
                # Given ``only``, each objective's measures are looked up as it comes.
                held = measures.get(objective.id, ())
                if only is not None:
                    held = list(model.measures_for(objective.id))
                verdicts[objective.id] = _addresses(objective, model, held)
            addressed = addressed or verdicts[objective.id]
        if addressed:
            continue
        segment = model.segment(segment_id)
        # The count with the most failure demand in the period is where to look first.
        record = max(
            (
                r
                for r in model.demand_for(segment_id)
                if r.period == summary.period and r.total is not None
            ),
            key=lambda r: r.failure_total or 0,
        )
        kinds = ""
        if summary.failure_types:
            top, count = summary.failure_types[0]
            most_of = "most of it" if count * 2 > summary.failure else "the largest part"
            kinds = f"; {most_of} {excerpt(top)} ({count:,})"
        listed = ", ".join(quoted(o.id) for o in objectives)
        if not objectives:
            checked = "no objective is for it or for a segment above it"
        elif len(objectives) == 1:
            checked = (
                f"the one objective for it ({listed}) does not speak of failure demand, "
                "avoidable contact or chasing (judged from its words)"
            )
        else:
            checked = (
                f"none of the {len(objectives)} objectives for it ({listed}) speaks of "
                "failure demand, avoidable contact or chasing (judged from their words)"
            )
        yield RULE.finding(
            segment.id,
            f"failure demand is {share:.0%} of the contacts from segment {quoted(segment.id)} "
            f"({excerpt(segment.name)}) in {summary.period} ({summary.failure:,} of "
            f"{summary.total:,}{kinds}), above the {most:.0%} this rule allows, and "
            f"{checked}",
            field=f"{record.path}.failure",
            hint=f"Add an objective for {quoted(segment.id)} (or a broader segment) that sets "
            "out to remove the causes of failure demand, with a measure of it, for instance "
            '"failure demand as a share of contacts" with no numeric target, read with its '
            "types to learn what to fix.",
            related=[o.id for o in objectives],
        )


def widen(before: Model, after: Model, reach: frozenset[str]) -> set[str]:
    """The segments a reached standard's target speaks for beyond the region: those of the
    objectives its principle serves, and every segment below them (an objective counts
    for the segments below its own). Cost: the measures reached and those cascades."""
    found: set[str] = set()
    for model in (before, after):
        for entity_id in reach:
            if type(model.get(entity_id)) is not Measure:
                continue
            owner = model.owner_of(entity_id)
            if isinstance(owner, OutcomeObjective):
                continue  # its segments, and their cascades, are in the region
            for objective_id in objectives_of_standards(model).get(owner.id, ()):
                for segment_id in model.objective(objective_id).segments:
                    found.add(segment_id)
                    found.update(s.id for s in model.sub_segments_of(segment_id, recursive=True))
    return found


RULE = Rule(
    code="CFG133",
    name="failure-demand-unaddressed",
    severity=Severity.WARNING,
    summary="A segment whose failure demand is above a set share of its contacts, with no "
    "objective that speaks of reducing it.",
    rationale="Seddon's letter calls failure demand the contact caused by a failure to do "
    "something, or to do it right, for the customer: chasing a claim, correcting an error, "
    "asking again what a letter meant. Every contact centre he studied had a great deal "
    "of it, designed in, and it is pure waste: it costs as much to handle as value demand "
    "and it means the customer was let down first. Where the counts show much of it from "
    "one segment, the organisation's aims for that segment should include removing its "
    "causes; one that measures the demand but aims at nothing about it is counting the "
    "waste without acting on it. The rule judges whether an objective addresses failure "
    "demand from its words, and counts objectives for broader segments above the one the "
    "demand came from (Seddon 2006; Barker 2002, Component 4).",
    fix="Add an objective for the segment (or a broader one) that sets out to remove the "
    "causes of failure demand, with a measure of it read by type; or, if one exists in "
    "other words, mention failure demand or avoidable contact in its statement or measure.",
    source="Seddon 2006 (failure demand); Barker 2002, Component 4",
    cost="Linear in demand counts, and in objectives times the segments whose failure "
    "demand is above the share.",
    check=check,
    scope=Scope.SEGMENT,
    widen=widen,
    options=(
        Option(
            name="max_share",
            default=0.2,
            minimum=0.0,
            maximum=1.0,
            description="The share of a segment's contacts, from 0 to 1, that failure demand "
            "may reach before the rule asks for an objective about it. One contact in five "
            "is a judgement, not a figure from the sources: enough to matter to any service, "
            "low enough to catch it early. Set your own from your baseline.",
        ),
    ),
    example="""\
demand:
  - segment: council-tenants
    channel: phone
    service: repairs
    periods:
      - {period: 2025-04, value: 900, failure: 600,
         failure_types: {chasing progress: 420, repair not done right: 180}}
""",
    fixed="""\
objectives:
  - id: obj-repairs-right
    statement: >-
      Tenants' repairs are done right first time, so they never need to chase
      them or report them twice
    segments: [council-tenants]
    measures:
      - id: m-failure-demand
        name: Failure demand as a share of repairs calls
        type: percentage
        method: calls sorted into value and failure demand by the people who take them
demand:
  - segment: council-tenants
    channel: phone
    service: repairs
    periods:
      - {period: 2025-04, value: 900, failure: 600,
         failure_types: {chasing progress: 420, repair not done right: 180}}
""",
)
