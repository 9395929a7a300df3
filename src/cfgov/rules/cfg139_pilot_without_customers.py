"""CFG139: an initiative piloted without its customers taking part."""

from __future__ import annotations

from collections.abc import Iterator

from cfgov.model import (
    Finding,
    Model,
    PartnerRole,
    ProgrammeStep,
    Severity,
    excerpt,
    quoted,
)
from cfgov.rules.base import Options, Rule


def check(model: Model, options: Options) -> Iterator[Finding]:
    """Each initiative that has reached the pilot (step 8) records, for its pilot, the
    customer segments who took part (``customers``) or a customer representative among the
    step's ``partners``.

    Cost: one look at each initiative's step records and the partners they name: linear.
    """
    for initiative in model.initiatives:
        if not initiative.reached(ProgrammeStep.PILOT):
            continue
        found = initiative.entry_of(ProgrammeStep.PILOT)
        if found is None:
            field = "step"
            what = "records no pilot step, so no one can tell who took part"
        else:
            number, record = found
            if record.customers or any(
                model.partner(p).role is PartnerRole.REPRESENTATIVE for p in record.partners
            ):
                continue
            field = f"steps.{number}"
            what = "records a pilot that names no customers and no customer representative"
        yield RULE.finding(
            initiative.id,
            f"initiative {quoted(initiative.id)} ({excerpt(initiative.name)}) has reached "
            f"step {initiative.step.number} ({initiative.step.title.lower()}) but {what}: "
            "Higson and Sturgess, step 8, asks for a pilot designed and tested with customers",
            field=field,
            hint="Under the pilot's entry in `steps:` (`step: pilot`), name the segments who "
            "took part with `customers:`, or a partner of `role: representative` under "
            "`partners:`. If customers truly could not take part, record why with "
            f'`ignore: {{CFG139: "reason"}}` on {quoted(initiative.id)}.',
        )


RULE = Rule(
    code="CFG139",
    name="pilot-without-customers",
    severity=Severity.WARNING,
    summary="An initiative that has reached its pilot (step 8) with no customers or "
    "customer representatives recorded as taking part.",
    rationale="In Higson and Sturgess's customer-driven services model the first step of "
    "Implement is a pilot, and the managers they worked with were clear that customers "
    "belong inside it: in focus groups along the way, in the design of what is tried, and "
    "in judging the result. A pilot run only by staff tests the service against the "
    "organisation's assumptions, not against the people it is for. When the model records "
    "an initiative at the pilot or beyond, the pilot's record should say which customer "
    "segments took part, or which representative spoke for them (Higson and Sturgess, "
    "step 8).",
    fix="Name the customer segments who took part in the pilot under `customers:` in its "
    "step record, or a customer representative under `partners:`.",
    source="Higson and Sturgess, step 8 (pilot with customers)",
    cost="Linear in initiatives and their step records.",
    check=check,
    example="""\
initiatives:
  - id: one-door
    name: One front door for new claimants
    unit: hb-team
    step: pilot
    segments: [hb-new-claimants]
    steps:
      - step: pilot
        produced: A front desk at the Civic Centre for six weeks
""",
    fixed="""\
initiatives:
  - id: one-door
    name: One front door for new claimants
    unit: hb-team
    step: pilot
    segments: [hb-new-claimants]
    steps:
      - step: pilot
        produced: A front desk at the Civic Centre for six weeks
        customers: [hb-new-claimants]
""",
)
