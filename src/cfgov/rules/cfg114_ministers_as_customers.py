"""CFG114: Ministers treated as target customers outside a private office (said or named)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Model, Segment, Severity, Stakeholder, UnitKind, excerpt, quoted
from cfgov.rules.base import Options, Rule, kind_words, within
from cfgov.rules.scope import Scope, asked

#: Words that name Ministers: "DWP Ministers", "the Minister for Pensions", "the Secretary
#: of State". "Ministry" and "ministerial" do not, nor do ministers of religion.
MINISTERS = re.compile(
    r"\b(?:ministers?|secretar(?:y|ies)\s+of\s+state)\b(?!\s+of\s+religion)", re.IGNORECASE
)
#: A segment is named "group as role": only the group says who the people are.
_AS = re.compile(r"\s+as\s+", re.IGNORECASE)


def names_ministers(text: str) -> bool:
    """Whether a name, or the group part of a "group as role" name, names Ministers."""
    return MINISTERS.search(_AS.split(text, maxsplit=1)[0]) is not None


def _guessed_from(segment: Segment, stakeholder: Stakeholder | None) -> str | None:
    """Why a segment whose stakeholder does not say `ministers:` looks like Ministers."""
    if stakeholder is not None and names_ministers(stakeholder.name):
        return (
            f"the name of its stakeholder {quoted(stakeholder.id)} "
            f"({excerpt(stakeholder.name)}), which "
            "does not say `ministers:`"
        )
    if not names_ministers(segment.name):
        return None
    if stakeholder is None:
        return "its own name, and it has no stakeholder to say `ministers:`"
    return f"its own name, as its stakeholder {quoted(stakeholder.id)} does not say `ministers:`"


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """No target segment of Ministers is owned by a unit other than a private office (a unit
    that serves Ministers directly) or a unit within one.

    A segment is of Ministers when its stakeholder says ``ministers: true``. When the
    stakeholder does not say (or there is none), the rule guesses from the names: the
    stakeholder's, or the group part of the segment's "group as role" name, naming
    Ministers or a Secretary of State; the finding then says it is a guess. A stakeholder
    that says ``ministers: false`` is never taken for Ministers, whatever its name.

    Cost: one look-up of the stakeholder and of the unit and its (memoised) ancestors per
    segment, and a match of two names: linear in segments times the depth of the
    organisation graph. For ``only``, the segments asked about are looked up.
    """
    segments: Iterable[Segment] = model.segments
    if only is not None:
        segments = asked(model, only, Segment)
    for segment in segments:
        if not segment.is_target:
            continue
        stakeholder = model.stakeholder(segment.stakeholder) if segment.stakeholder else None
        said = stakeholder.ministers if stakeholder is not None else None
        if said is False:
            continue  # the team has said these people are not Ministers
        guessed_from = None if said else _guessed_from(segment, stakeholder)
        if not said and guessed_from is None:
            continue
        unit = model.unit(segment.unit)
        if within(model, unit.id, UnitKind.PRIVATE_OFFICE):
            continue
        kind = kind_words(unit.kind)
        where = (
            f"target customers of {quoted(unit.id)} ({excerpt(unit.name)}), a {kind} rather than "
            "a unit "
            "that serves Ministers directly"
        )
        related = [unit.id] if stakeholder is None else [stakeholder.id, unit.id]
        if guessed_from is None:
            assert stakeholder is not None
            yield RULE.finding(
                segment.id,
                f"target segment {quoted(segment.id)} ({excerpt(segment.name)}) makes Ministers "
                "(stakeholder "
                f"{quoted(stakeholder.id)}, {excerpt(stakeholder.name)}) {where}",
                field="unit",
                related=related,
            )
            continue
        if stakeholder is None:
            confirm = (
                "give the segment a stakeholder that says `ministers: true` if they are "
                "Ministers, or `ministers: false` if not (this rule then leaves it alone)"
            )
        else:
            confirm = (
                f"say `ministers: true` on stakeholder {quoted(stakeholder.id)} if they are "
                "Ministers, or `ministers: false` if not (this rule then leaves it alone)"
            )
        yield RULE.finding(
            segment.id,
            f"target segment {quoted(segment.id)} ({excerpt(segment.name)}) appears to make "
            f"Ministers {where}: "
            f"this is a guess from {guessed_from}",
            field="unit",
            hint=f"To confirm or correct the guess, {confirm}. If they are Ministers, own the "
            "segment by a unit of `kind: private_office` (or one within it), or name the "
            "public or stakeholder segments the work is really for as its target customers.",
            related=related,
        )


RULE = Rule(
    code="CFG114",
    name="ministers-as-customers",
    severity=Severity.WARNING,
    summary="Ministers recorded, or named, as target customers of a unit that is not a "
    "private office.",
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
    "segments it is really for as its target customers, and remove the Ministers segment. "
    "Mark the Ministers stakeholder `ministers: true`; where a group's name only looks like "
    "Ministers (the rule guesses from names when `ministers:` is not said), mark it "
    "`ministers: false` and the rule leaves it alone.",
    source='Barker 2002, Component 1 ("Where do Ministers fit?")',
    cost="Linear in segments.",
    scope=Scope.SEGMENT,
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
