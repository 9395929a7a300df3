"""CFG114: Ministers treated as target customers outside a private office."""

from __future__ import annotations

from collections.abc import Iterator

from cfgov.model import Finding, Model, Severity, UnitKind, excerpt, quoted
from cfgov.rules.base import Options, Rule, kind_words, within


def check(model: Model, options: Options) -> Iterator[Finding]:
    """No target segment whose stakeholder is Ministers is owned by a unit other than a
    private office (a unit that serves Ministers directly) or a unit within one.

    Cost: one look-up of the stakeholder and of the unit and its (memoised) ancestors per
    segment: linear in segments times the depth of the organisation graph.
    """
    ministers = {s.id: s for s in model.stakeholders if s.ministers}
    for segment in model.segments:
        if not segment.is_target or segment.stakeholder not in ministers:
            continue
        unit = model.unit(segment.unit)
        if within(model, unit.id, UnitKind.PRIVATE_OFFICE):
            continue
        stakeholder = ministers[segment.stakeholder]
        kind = kind_words(unit.kind)
        yield RULE.finding(
            segment.id,
            f"target segment {quoted(segment.id)} ({excerpt(segment.name)}) makes Ministers "
            "(stakeholder "
            f"{quoted(stakeholder.id)}, {excerpt(stakeholder.name)}) target customers of "
            f"{quoted(unit.id)} "
            f"({excerpt(unit.name)}), a {kind} rather than a unit that serves Ministers directly",
            field="unit",
            related=[stakeholder.id, unit.id],
        )


RULE = Rule(
    code="CFG114",
    name="ministers-as-customers",
    severity=Severity.WARNING,
    summary="Ministers recorded as target customers of a unit that is not a private office.",
    rationale="Many policy officials call the Minister their main customer, and the report "
    "disagrees: Ministers take the decisions and hold officials to account, but the people "
    "the work is ultimately for are the public and the stakeholders it serves. Ministers "
    "are target customers only of services built for them, such as a private office, "
    "briefing or speech writing. Treating them as the customers of policy work breeds an "
    "upward-facing culture that serves the process rather than the outcome "
    '(Barker 2002, Component 1, "Where do Ministers fit?").',
    fix="If the unit exists to serve Ministers directly (a private office, a briefing or "
    "speech-writing unit), give it `kind: private_office`, or own the segment by such a unit. "
    "Otherwise Ministers are not the customers of this work: name the public or stakeholder "
    "segments it is really for as its target customers, and remove the Ministers segment.",
    source='Barker 2002, Component 1 ("Where do Ministers fit?")',
    cost="Linear in segments.",
    check=check,
    example="""\
stakeholders:
  - {id: ministers, name: DWP Ministers, ministers: true}
segments:
  - id: ministers-policy
    name: Ministers as decision makers on pensions policy
    category: target
    unit: dwp-pensions-policy
    stakeholder: ministers
""",
    fixed="""\
units:
  - id: dwp-private-office
    name: Secretary of State's private office
    kind: private_office
    parents: [dwp]
segments:
  - id: ministers-briefing
    name: Ministers as users of briefing on pensions policy
    category: target
    unit: dwp-private-office
    stakeholder: ministers
""",
)
