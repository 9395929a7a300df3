"""CFG124: an organisation with segments but none for the public as taxpayers."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Model, Segment, Severity, Unit, excerpt, quoted
from cfgov.rules.base import Options, Rule
from cfgov.rules.scope import Scope

#: Words that mark a segment, or its stakeholder, as the public paying for the work.
TAXPAYERS = re.compile(r"\b(?:tax[\s-]*payers?|council[\s-]+tax)\b", re.IGNORECASE)


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each organisation that owns segments owns an indirect segment for taxpayers,
    found by the words taxpayer(s), tax payer(s) or council tax in the segment's name or
    its stakeholder's name.

    Cost: each segment is matched once: linear in segments. For ``only``, the segments of
    the organisations asked about.
    """
    owners: set[str] = set()
    covered: set[str] = set()
    organisations: Iterable[Unit] = model.organisations
    segments: Iterable[Segment] = model.segments
    if only is not None:
        organisations = [
            u
            for u in map(model.get, only)
            if isinstance(u, Unit) and u.id in only and u.is_organisation
        ]
        segments = [s for u in organisations for s in model.segments_owned_by(u.id)]
    for segment in segments:
        owners.add(segment.unit)
        if not segment.is_target and _about_taxpayers(model, segment):
            covered.add(segment.unit)
    for unit in organisations:
        if unit.id not in owners or unit.id in covered:
            continue
        yield RULE.finding(
            unit.id,
            f"organisation {quoted(unit.id)} ({excerpt(unit.name)}) defines segments but seems "
            "to have no "
            "indirect segment for the public as taxpayers, who pay for its work whether or "
            "not they use it: this is judged from names, and no indirect segment of its own, "
            "nor that segment's stakeholder, is named for taxpayers, tax payers or council tax",
            hint=f"Add an indirect segment owned by {quoted(unit.id)} for the people who fund "
            'it ("the public as taxpayers", "council tax payers") and say what it means '
            "to consider their interests. If it has one under another name, put one of "
            "those words in the segment's name or its stakeholder's; or record why the "
            "advice does not apply under `ignore:`.",
        )


def _about_taxpayers(model: Model, segment: Segment) -> bool:
    if TAXPAYERS.search(segment.name):
        return True
    if segment.stakeholder is None:
        return False
    return TAXPAYERS.search(model.stakeholder(segment.stakeholder).name) is not None


RULE = Rule(
    code="CFG124",
    name="no-taxpayers-segment",
    severity=Severity.INFO,
    summary="An organisation that defines segments but none for the public as taxpayers.",
    rationale="Among the indirect customers the report lists, the public as taxpayers is "
    "the one it expects nearly every organisation to have: the people who fund the work "
    "are affected by how well the money is spent even when the service is not aimed at "
    "them. Leaving them out of the segmentation makes it easy to forget value for money "
    "when weighing the interests of target customers. Some bodies may have good reason "
    "to leave them out, so this is only a prompt (Barker 2002, Component 1, indirect "
    "customers; tip T15).",
    fix="Add an indirect segment owned by the organisation for the public as taxpayers "
    "(or council tax payers, for a council), or suppress the finding with the reason.",
    source="Barker 2002, Component 1 (indirect customers: the public as taxpayers)",
    cost="Linear in segments.",
    scope=Scope.ORGANISATION,
    check=check,
    example="""\
organisations:
  - {id: dwp, name: Department for Work and Pensions, kind: ministerial_department}
segments:
  - id: fp-savers
    name: Future pensioners as savers
    category: target
    unit: dwp
""",
    fixed="""\
segments:
  - id: fp-savers
    name: Future pensioners as savers
    category: target
    unit: dwp
  - id: dwp-taxpayers
    name: The public as taxpayers
    category: indirect
    unit: dwp
""",
)
