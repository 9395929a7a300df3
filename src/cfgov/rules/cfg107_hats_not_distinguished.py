"""CFG107: a stakeholder wearing several hats whose roles are not told apart (tip T7)."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from cfgov.model import (
    Category,
    Finding,
    Model,
    Partner,
    Segment,
    Severity,
    Stakeholder,
    excerpt,
    quoted,
)
from cfgov.rules.base import Options, Rule, text_key
from cfgov.rules.scope import Scope

_TRAITS = ("need", "interest", "behaviour")


def _said(text: str | None) -> bool:
    return text is not None and bool(text.strip())


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """For each stakeholder with two or more roles, every role says what it is, and no two of
    its segments share a name or the same category with the same need, interest and behaviour.

    Segments are compared only within one organisation, and a segment is never a twin of
    one it refines or is linked to by ``same_as``.

    Cost: each role is visited once and hashed into per-stakeholder dictionaries of names and
    of traits; a possible twin costs a walk of two lineages: linear in segments and partners
    times the depth of the cascade.
    """
    bodies: dict[str, tuple[str, ...]] = {}  # each unit's organisations, as sorted ids
    if only is not None:
        # A role's findings lean on every role of its stakeholder: check those stakeholders
        # whole, and keep the findings asked about.
        wearers = sorted(set(_stakeholders_of(model, only)))
        for stakeholder_id in wearers:
            stakeholder = model.stakeholder(stakeholder_id)
            for finding in _check_stakeholder(model, stakeholder, bodies):
                if finding.entity in only:
                    yield finding
        return
    for stakeholder in model.stakeholders:
        yield from _check_stakeholder(model, stakeholder, bodies)


def _check_stakeholder(
    model: Model, stakeholder: Stakeholder, bodies: dict[str, tuple[str, ...]]
) -> Iterator[Finding]:
    roles = model.roles_of(stakeholder.id)
    if len(roles) < 2:
        return
    by_name: dict[tuple[tuple[str, ...], str], Segment] = {}
    by_traits: dict[tuple[tuple[str, ...], Category, str, str, str], Segment] = {}
    for role in roles:
        if isinstance(role, Partner):
            finding = _check_partner(stakeholder, role, len(roles))
        else:
            finding = _check_segment(
                model, stakeholder, role, len(roles), by_name, by_traits, bodies
            )
        if finding is not None:
            yield finding


def _stakeholders_of(model: Model, ids: Collection[str]) -> Iterator[str]:
    """The stakeholders of the segments and partners among ``ids``, as the model holds
    their roles."""
    for entity_id in ids:
        entity = model.get(entity_id)
        if (
            isinstance(entity, Segment | Partner)
            and entity.id == entity_id
            and entity.stakeholder is not None
            and model.get(entity.stakeholder) is not None
        ):
            yield entity.stakeholder


def widen(before: Model, after: Model, reach: frozenset[str]) -> set[str]:
    """Every role of the stakeholders of the reached segments and partners, in both models:
    a role's count and its twins are found among them all. Cost: those roles."""
    found: set[str] = set()
    for model in (before, after):
        for stakeholder_id in set(_stakeholders_of(model, reach)):
            found.update(role.id for role in model.roles_of(stakeholder_id))
    return found


def _check_partner(stakeholder: Stakeholder, partner: Partner, count: int) -> Finding | None:
    if _said(partner.description) or partner.segments:
        return None
    return RULE.finding(
        partner.id,
        f"partner {quoted(partner.id)} ({excerpt(partner.name.strip())}) is one of the {count} "
        "hats worn by "
        f"stakeholder {quoted(stakeholder.id)} ({excerpt(stakeholder.name)}), but it neither has a "
        "description nor names a segment it represents, advises on or delivers to, so this "
        "role cannot be told from the others",
        hint="Name the segments it works for under `represents:`, `advises_on:` or "
        "`delivers_to:`, or say under `description:` what part it plays.",
        related=[stakeholder.id],
    )


def _same_people(model: Model, one: Segment, other: Segment) -> bool:
    """Segments that describe the same people on purpose, so are not two hats: a segment and
    one that refines it, or segments linked by ``same_as``."""
    if other.id in model.same_as_of(one.id):
        return True
    return any(s.id == other.id for s in model.lineage_of(one.id)) or any(
        s.id == one.id for s in model.lineage_of(other.id)
    )


def _check_segment(
    model: Model,
    stakeholder: Stakeholder,
    segment: Segment,
    count: int,
    by_name: dict[tuple[tuple[str, ...], str], Segment],
    by_traits: dict[tuple[tuple[str, ...], Category, str, str, str], Segment],
    bodies_of: dict[str, tuple[str, ...]],
) -> Finding | None:
    undescribed = not any(
        _said(text) for text in (segment.need, segment.interest, segment.behaviour)
    ) and not _said(segment.description)
    # Hats are told apart within one organisation: two departments may each define
    # "the public as taxpayers", and should (CFG124).
    bodies = bodies_of.get(segment.unit)
    if bodies is None:
        bodies = tuple(sorted(o.id for o in model.organisations_of(segment.unit)))
        bodies_of[segment.unit] = bodies
    name_twin = by_name.setdefault((bodies, text_key(segment.name)), segment)
    traits = (
        bodies,
        segment.category,
        text_key(segment.need),
        text_key(segment.interest),
        text_key(segment.behaviour),
    )
    trait_twin = by_traits.setdefault(traits, segment) if any(traits[2:]) else segment
    if name_twin is not segment and _same_people(model, segment, name_twin):
        name_twin = segment
    if trait_twin is not segment and _same_people(model, segment, trait_twin):
        trait_twin = segment
    reasons: list[str] = []
    related = [stakeholder.id]
    if undescribed:
        reasons.append("it gives no need, interest, behaviour or description")
    if name_twin is not segment:
        reasons.append(f"it has the same name as segment {quoted(name_twin.id)}")
        related.append(name_twin.id)
    if trait_twin is not segment:
        reasons.append(
            f"it is {segment.category} like segment {quoted(trait_twin.id)} and has the same need, "
            "interest and behaviour"
        )
        if trait_twin.id not in related:
            related.append(trait_twin.id)
    if not reasons:
        return None
    if undescribed:
        field = None
    elif name_twin is not segment:
        field = "name"
    else:
        field = next(t for t in _TRAITS if _said(getattr(segment, t)))
    return RULE.finding(
        segment.id,
        f"segment {quoted(segment.id)} ({excerpt(segment.name.strip())}) is one of the {count} "
        "hats worn by "
        f"stakeholder {quoted(stakeholder.id)} ({excerpt(stakeholder.name)}), but it cannot be "
        "told from "
        "the others: " + "; and ".join(reasons),
        field=field,
        hint="Say what this role is about with `need:`, `interest:` or `behaviour:`, "
        'and name it "group as role" so each hat reads differently; if two segments '
        "really are the same role, merge them.",
        related=related,
    )


RULE = Rule(
    code="CFG107",
    name="hats-not-distinguished",
    severity=Severity.WARNING,
    summary="A stakeholder that wears several hats with a role that is undescribed or "
    "indistinguishable from another.",
    rationale="One broad group often turns up in several places at once. The report's case "
    "is teachers at DfES: several target segments (needing professional education, a "
    "salary, decent working conditions), indirect customers touched by changes to "
    "children's services, experts in educational theory, representatives through a union, "
    "and partners in meeting the department's objectives. Each of these roles calls for a "
    "different relationship, so each must be spelt out clearly; a hat with no description, "
    "or two hats that read the same, leave staff unsure which conversation they are having "
    "(Barker 2002, Component 1, tip T7).",
    fix="Describe every role of the stakeholder: a segment by its need, interest or "
    "behaviour, a partner by the segments it represents, advises on or delivers to (or a "
    'description). Give each segment a distinct "group as role" name, and merge segments '
    "that turn out to be the same role.",
    source="Barker 2002, Component 1, tip T7 (hats)",
    cost="Linear in segments and partners (grouped by stakeholder and hashed).",
    check=check,
    scope=Scope.SEGMENT,
    widen=widen,
    example="""\
stakeholders:
  - {id: teachers, name: Teachers}
segments:
  - id: teachers-training
    name: Teachers as professionals
    category: target
    unit: dfes
    stakeholder: teachers
    need: Continuing professional education
  - id: teachers-pay
    name: Teachers as professionals
    category: target
    unit: dfes
    stakeholder: teachers
partners:
  - id: teachers-union
    name: Teachers' union
    role: representative
    stakeholder: teachers
""",
    fixed="""\
segments:
  - id: teachers-pay
    name: Teachers as earners
    category: target
    unit: dfes
    stakeholder: teachers
    need: A fair salary
partners:
  - id: teachers-union
    name: Teachers' union
    role: representative
    stakeholder: teachers
    represents: [teachers-training, teachers-pay]
""",
)
