"""CFG112: an "independent" expert who in practice speaks for one segment (tip T13)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Model, Partner, PartnerRole, Segment, Severity, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope, asked


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """No expert represents a segment, and none is tied to a single segment only.

    Cost: each partner's segment lists are read once, and only the segments an expert
    names are looked up: linear in partners and their links, whatever the number of
    segments. For ``only``, the partners asked about are looked up.
    """

    def named(segment_id: str) -> str:
        entity = model.get(segment_id)
        name = entity.name if isinstance(entity, Segment) else segment_id
        return f"{quoted(segment_id)} ({excerpt(name)})"

    partners: Iterable[Partner] = model.partners
    if only is not None:
        partners = asked(model, only, Partner)
    for partner in partners:
        if partner.role is not PartnerRole.EXPERT:
            continue
        who = f"expert {quoted(partner.id)} ({excerpt(partner.name)})"
        if partner.represents:
            listed = ", ".join(named(s) for s in partner.represents)
            noun = "segment" if len(partner.represents) == 1 else "segments"
            yield RULE.finding(
                partner.id,
                f"{who} is listed as representing {noun} {listed}: an expert is consulted for "
                "what they know, not to speak for a group",
                field="represents",
                related=partner.represents,
                hint="If the partner speaks for the segment, give it `role: representative`; "
                "if it is an independent expert, move the segments to `advises_on:` and "
                "balance its advice with other experts.",
            )
            continue
        tied = partner.segments
        if len(tied) != 1:
            continue
        only = tied[0]
        yield RULE.finding(
            partner.id,
            f"{who} is tied to one segment only, {named(only)}: its "
            "advice may in practice reflect the interests of that one group",
            field="advises_on" if partner.advises_on else None,
            related=tied,
        )


RULE = Rule(
    code="CFG112",
    name="expert-not-independent",
    severity=Severity.WARNING,
    summary="An expert who represents a segment, or who is tied to a single segment only.",
    rationale="Independent experts, such as academics and think tanks, are brought in for "
    "what they know, and they matter most where the evidence is uncertain or complex. An "
    "expert who in practice argues for one group of customers is no longer independent: "
    "the report asks teams to check for this, and then either balance that advice with "
    "other experts or deal with the body openly as a customer representative "
    "(Barker 2002, Component 1, tip T13).",
    fix="Balance the expert's advice with experts who advise on other segments (list them "
    "under `advises_on:`), or, if the partner in fact speaks for the segment, make it "
    "`role: representative`.",
    source="Barker 2002, Component 1, tip T13 (expert independence)",
    cost="Linear in partners and their links to segments.",
    scope=Scope.PARTNER,
    check=check,
    example="""\
partners:
  - id: rural-institute
    name: Rural Economy Institute
    role: expert
    advises_on: [farmers-income]
""",
    fixed="""\
partners:
  - id: rural-institute
    name: Rural Economy Institute
    role: expert
    advises_on: [farmers-income, farmers-environment, countryside-visitors]
""",
)
