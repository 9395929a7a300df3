"""CFG142: a journey passes from one unit or partner to another with no one named for it."""

from __future__ import annotations

from collections.abc import Iterator

from cfgov.model import Finding, JourneyStep, Model, Severity, excerpt, quoted
from cfgov.model.experience import hand_offs
from cfgov.rules.base import Options, Rule


def responsible_words(model: Model, step: JourneyStep) -> str:
    """Who is responsible for a step, as a message names them: "partner 'cab' (Citizens
    Advice)"; "no one" when the step names no one."""
    if step.partner is not None:
        kind, entity_id = "partner", step.partner
    elif step.unit is not None:
        kind, entity_id = "unit", step.unit
    else:
        return "no one"
    entity = model.get(entity_id)
    name = getattr(entity, "name", None)
    return f"{kind} {quoted(entity_id)}" + (f" ({excerpt(name)})" if name else "")


def step_words(journey_stages: tuple[str, ...], at: tuple[int, int], step: JourneyStep) -> str:
    """A step as a message names it: "step 2 ('Phones the helpline') of stage 'Applying'"."""
    stage, position = at
    return (
        f"step {position + 1} ({quoted(step.name)}) of stage {stage + 1} "
        f"({quoted(journey_stages[stage])})"
    )


def check(model: Model, options: Options) -> Iterator[Finding]:
    """Where a step's responsible unit or partner differs from that of the last step before it
    that names one, the step says who owns the hand-over (``hand_off:``).

    Cost: one pass over the steps of each journey: linear.
    """
    for journey in model.journeys:
        stages = tuple(stage.name for stage in journey.stages)
        for change in hand_offs(journey):
            if change.owned:
                continue
            yield RULE.finding(
                journey.id,
                f"journey {quoted(journey.id)} ({excerpt(journey.name)}): "
                f"{step_words(stages, change.after_at, change.after)} passes the customer from "
                f"{responsible_words(model, change.before)} to "
                f"{responsible_words(model, change.after)}, and no one is named to own the "
                "hand-over, so the customer may meet a wrong door (seed 004: integration, no "
                "wrong door)",
                field=change.field,
                hint="Add `hand_off:` to the step, saying who makes sure the customer is "
                "passed on and not sent back to start again (a named team, a shared case "
                "record, a warm transfer). If the change of hands is not one the customer "
                f'sees, say so with `ignore: {{CFG142: "reason"}}` on {quoted(journey.id)}.',
            )


RULE = Rule(
    code="CFG142",
    name="hand-off-unowned",
    severity=Severity.WARNING,
    summary="A journey step where the customer passes to another unit or partner, with no "
    "one named to own the hand-over.",
    rationale="The essay on customer-centric delivery counts integration among the seven "
    "areas customers judge a service by: the service should be joined up, with no wrong "
    "door for the customer, and its journeys cut across agencies organised in silos. The "
    "places where a journey passes from one body to another are where customers are most "
    "often lost, asked again for what they already gave, or sent back to the start. Naming "
    "who owns each such hand-over is the least a journey map can do about it. A step that "
    "names no one responsible is passed over: the next step that names someone is compared "
    "with the last one that did (seed 004: integration and customer journeys; Barker 2002, "
    "Component 4, process redesign across functions that share segments).",
    fix="Add `hand_off:` to the step where responsibility changes, naming who owns the "
    "hand-over and how the customer is passed on.",
    source="Seed 004 (integration: no wrong door; aligning delivery to customer journeys); "
    "Barker 2002, Component 4",
    cost="Linear in journey steps.",
    check=check,
    example="""\
journeys:
  - id: j-new-claim
    name: Making a new claim
    segment: pc-pensioners
    stages:
      - name: Finding out
        steps:
          - {name: Asks at the advice centre, channel: face to face, partner: age-uk}
          - {name: Phones the helpline, channel: phone, unit: dwp-pension-service}
""",
    fixed="""\
journeys:
  - id: j-new-claim
    name: Making a new claim
    segment: pc-pensioners
    stages:
      - name: Finding out
        steps:
          - {name: Asks at the advice centre, channel: face to face, partner: age-uk}
          - {name: Phones the helpline, channel: phone, unit: dwp-pension-service,
             hand_off: The adviser books the call and passes on the case notes}
""",
)
