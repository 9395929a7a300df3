"""CFG143: a step of a first-priority segment's journey that no measure watches."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Journey, Model, Segment, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.cfg142_hand_off_unowned import step_words
from cfgov.rules.scope import Scope, asked


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each step of a journey of a target segment of ``priority: 1`` names at least one
    measure that watches it (``measures:``).

    Cost: one look at each journey's segment and one at each of its steps: linear. For
    ``only``, the journeys asked about alone.
    """
    journeys: Iterable[Journey] = model.journeys
    if only is not None:
        journeys = asked(model, only, Journey)
    for journey in journeys:
        segment = model.get(journey.segment)
        if not isinstance(segment, Segment) or not segment.is_target or segment.priority != 1:
            continue
        stages = tuple(stage.name for stage in journey.stages)
        for stage, position, step in journey.all_steps():
            if step.measures:
                continue
            yield RULE.finding(
                journey.id,
                f"journey {quoted(journey.id)} ({excerpt(journey.name)}) of first-priority "
                f"target segment {quoted(segment.id)}: "
                f"{step_words(stages, (stage, position), step)} is watched by no measure, so "
                "no one would know if this part of the journey went wrong for the customers "
                "who matter most (seed 004: aligning delivery to customer journeys)",
                field=f"stages.{stage}.steps.{position}",
                hint="Name the measures that watch the step under `measures:` (an end-to-end "
                "measure of how long it takes, how often it fails, how it feels). If no "
                "measure exists yet, add one to an objective for "
                f"{quoted(segment.id)}; if the step needs none, say why with "
                f'`ignore: {{CFG143: "reason"}}` on {quoted(journey.id)}.',
            )


RULE = Rule(
    code="CFG143",
    name="journey-step-unwatched",
    severity=Severity.WARNING,
    summary="A step of a journey of a priority-1 target segment that no measure watches.",
    rationale="A journey map shows what a segment goes through from its own side, stage by "
    "stage, across the bodies that serve it. The essay on customer-centric delivery asks "
    "for delivery aligned to those journeys and for measurable benefits; Barker asks for "
    "measures of what matters to customers rather than of internal activity. A step of the "
    "journey of a first-priority segment with no measure watching it is a part of the "
    "service the organisation has said matters most, where it would not see a failure "
    "until customers complained. Only the steps of the journeys of target segments of "
    "priority 1 are checked (seed 004: customer journeys; Barker 2002, Component 2).",
    fix="Under the step's `measures:`, name the measures that watch it; add a measure to an "
    "objective for the segment if there is none yet.",
    source="Seed 004 (aligning service delivery to customer journeys); Barker 2002, "
    "Component 2 (measure what matters to customers)",
    cost="Linear in journey steps.",
    scope=Scope.STANDING,
    check=check,
    example="""\
# pc-pensioners is a target segment of `priority: 1`.
journeys:
  - id: j-new-claim
    name: Making a new claim
    segment: pc-pensioners
    stages:
      - name: Applying
        steps:
          - {name: Fills in the claim by phone, channel: phone, unit: dwp-pension-service}
""",
    fixed="""\
# pc-pensioners is a target segment of `priority: 1`.
journeys:
  - id: j-new-claim
    name: Making a new claim
    segment: pc-pensioners
    stages:
      - name: Applying
        steps:
          - {name: Fills in the claim by phone, channel: phone, unit: dwp-pension-service,
             measures: [m-claim-time]}
""",
)
