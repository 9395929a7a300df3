"""CFG107: a stakeholder wearing several hats whose roles are not told apart (tip T7)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import cast

from cfgov.model import (
    Category,
    Finding,
    Model,
    Partner,
    Segment,
    Severity,
    Stakeholder,
    Unit,
    excerpt,
    quoted,
)
from cfgov.rules.base import Options, Rule, text_key
from cfgov.rules.memo import PerModel, same_objects
from cfgov.rules.scope import Scope

_TRAITS = ("need", "interest", "behaviour")

#: What tells two segments of one stakeholder apart: their organisations (as sorted ids)
#: with their name, and with their category, need, interest and behaviour.
_NameKey = tuple[tuple[str, ...], str]
_TraitsKey = tuple[tuple[str, ...], Category, str, str, str]


def _said(text: str | None) -> bool:
    return text is not None and bool(text.strip())


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """For each stakeholder with two or more roles, every role says what it is, and no two of
    its segments share a name or the same category with the same need, interest and behaviour.

    Segments are compared only within one organisation, and a segment is never a twin of
    one it refines or is linked to by ``same_as``. Of several segments alike, each later
    one is judged against the first, in model order.

    Cost: each role is hashed once into its stakeholder's files of names and of traits
    (:class:`_Hats`, kept per model); a possible twin costs a walk of two lineages: linear
    in segments and partners times the depth of the cascade. Given ``only``, the roles
    asked about, each judged against its stakeholder's files, which are worked out from
    the last model's for the roles that changed.
    """
    if only is not None:
        for role in _roles_among(model, only):
            assert role.stakeholder is not None
            hats = _hats(model, role.stakeholder)
            if len(hats.roles) >= 2:
                finding = _judged(model, hats, role)
                if finding is not None:
                    yield finding
        return
    for stakeholder in model.stakeholders:
        hats = _hats(model, stakeholder.id)
        if len(hats.roles) >= 2:
            for role in hats.roles:
                finding = _judged(model, hats, role)
                if finding is not None:
                    yield finding


def _judged(model: Model, hats: _Hats, role: Segment | Partner) -> Finding | None:
    if isinstance(role, Partner):
        return _check_partner(hats.stakeholder, role)
    names, traits = hats.keys_of(model, role)
    return _check_segment(
        model,
        hats.stakeholder,
        role,
        hats.by_name[names][0],
        hats.by_traits[traits][0] if traits is not None else role,
    )


def _roles_among(model: Model, ids: Collection[str]) -> Iterator[Segment | Partner]:
    """The segments and partners among ``ids`` whose stakeholder is in the model, as the
    model holds their roles."""
    for entity_id in sorted(ids):
        entity = model.get(entity_id)
        if (
            isinstance(entity, Segment | Partner)
            and entity.id == entity_id
            and entity.stakeholder is not None
            and model.get(entity.stakeholder) is not None
        ):
            yield entity


class _Hats:
    """One stakeholder's roles in one model, with its segments filed by what tells them
    apart, each file in model order: the first segment of a file is the one every later
    segment in it is judged against."""

    def __init__(
        self,
        stakeholder: Stakeholder,
        roles: tuple[Segment | Partner, ...],
        bodies: dict[str, tuple[str, ...]],
        by_name: dict[_NameKey, list[Segment]],
        by_traits: dict[_TraitsKey, list[Segment]],
    ) -> None:
        self.stakeholder = stakeholder
        self.roles = roles
        self.by_name = by_name
        self.by_traits = by_traits
        self._bodies = bodies
        #: Where each of its segments is filed, by the segment's identity (the segment
        #: kept beside, so that an identity is never taken for another object's).
        self._keys: dict[int, tuple[Segment, _NameKey, _TraitsKey | None]] = {}

    def keys_of(self, model: Model, segment: Segment) -> tuple[_NameKey, _TraitsKey | None]:
        """Where ``segment`` is filed: by its name, and by its traits when it gives any."""
        known = self._keys.get(id(segment))
        if known is not None and known[0] is segment:
            return known[1], known[2]
        return self._worked_out(model, segment)

    def file(self, model: Model, segment: Segment) -> None:
        """File one of the stakeholder's segments at the end of its files."""
        names, traits = self._worked_out(model, segment)
        self._keys[id(segment)] = (segment, names, traits)
        self.by_name.setdefault(names, []).append(segment)
        if traits is not None:
            self.by_traits.setdefault(traits, []).append(segment)

    def _worked_out(self, model: Model, segment: Segment) -> tuple[_NameKey, _TraitsKey | None]:
        bodies = self._bodies.get(segment.unit)
        if bodies is None:
            # Hats are told apart within one organisation: two departments may each
            # define "the public as taxpayers", and should (CFG124).
            bodies = tuple(sorted(o.id for o in model.organisations_of(segment.unit)))
            self._bodies[segment.unit] = bodies
        traits = (
            bodies,
            segment.category,
            text_key(segment.need),
            text_key(segment.interest),
            text_key(segment.behaviour),
        )
        return (bodies, text_key(segment.name)), traits if any(traits[2:]) else None


class _Kept:
    """A model's hats, worked out as they are asked for, and the organisations of its
    units (shared by models with the same units)."""

    def __init__(self, units: tuple[Unit, ...], bodies: dict[str, tuple[str, ...]]) -> None:
        self.units = units
        self.bodies = bodies
        self.hats: dict[str, _Hats] = {}


_KEPT: PerModel[_Kept] = PerModel()


def _hats(model: Model, stakeholder_id: str) -> _Hats:
    """A stakeholder's hats in ``model``: kept, taken from an earlier model with the same
    units whose roles of the stakeholder are the same objects, worked out from such a
    model's for the roles that differ, or worked out afresh."""
    kept = _KEPT.get(model)
    if kept is None:
        # The units decide each segment's organisations, so every key: hats are taken
        # only from a model with the very same units.
        earlier = [k for k in _KEPT.others(model) if same_objects(k.units, model.units)]
        kept = _KEPT.keep(model, _Kept(model.units, earlier[0].bodies if earlier else {}))
        kept.hats.update(earlier[0].hats if earlier else {})  # checked again when asked for
    found = kept.hats.get(stakeholder_id)
    stakeholder = model.stakeholder(stakeholder_id)
    roles = model.roles_of(stakeholder_id)
    if found is not None and found.stakeholder is stakeholder:
        if found.roles is roles or same_objects(found.roles, roles):
            found.roles = roles
            return found
        found = _edited(model, found, roles)
    else:
        found = _Hats(stakeholder, roles, kept.bodies, {}, {})
        for role in roles:
            if isinstance(role, Segment):
                found.file(model, role)
    kept.hats[stakeholder_id] = found
    return found


def _edited(model: Model, earlier: _Hats, roles: tuple[Segment | Partner, ...]) -> _Hats:
    """The hats after an edit, from the hats before it: the segments that went taken out of
    their files, those that came filed, and the files they touched put in model order.
    Costs the roles (compared by identity) and the files touched."""
    was = dict(zip(map(id, earlier.roles), earlier.roles, strict=True))
    now = dict(zip(map(id, roles), roles, strict=True))
    hats = _Hats(
        earlier.stakeholder, roles, earlier._bodies, dict(earlier.by_name), dict(earlier.by_traits)
    )
    hats._keys = dict(earlier._keys)
    names_touched: set[_NameKey] = set()
    traits_touched: set[_TraitsKey] = set()
    for segment, leaving in [
        *((was[k], True) for k in was.keys() - now.keys()),
        *((now[k], False) for k in now.keys() - was.keys()),
    ]:
        if not isinstance(segment, Segment):
            continue
        if leaving:
            names, traits = earlier.keys_of(model, segment)
            del hats._keys[id(segment)]
        else:
            names, traits = hats._worked_out(model, segment)
            hats._keys[id(segment)] = (segment, names, traits)
        names_touched.add(names)
        hats.by_name[names] = _refiled(hats.by_name.get(names, []), segment, leaving)
        if traits is not None:
            traits_touched.add(traits)
            hats.by_traits[traits] = _refiled(hats.by_traits.get(traits, []), segment, leaving)
    order: dict[int, int] = {}
    for files, touched in (
        (cast(dict[object, list[Segment]], hats.by_name), names_touched),
        (cast(dict[object, list[Segment]], hats.by_traits), traits_touched),
    ):
        for key in touched:
            listed = files[key]
            if not listed:
                del files[key]
            elif len(listed) > 1:
                if not order:
                    order.update(zip(map(id, roles), range(len(roles)), strict=True))
                listed.sort(key=lambda s: order[id(s)])
    return hats


def _refiled(listed: list[Segment], segment: Segment, leaving: bool) -> list[Segment]:
    """A copy of one file, less or with ``segment`` (the file before is kept unchanged)."""
    if leaving:
        return [s for s in listed if s is not segment]
    return [*listed, segment]


def widen(before: Model, after: Model, reach: frozenset[str]) -> set[str]:
    """The roles judged against a reached segment, in either model: those filed with it
    (by name or by traits) where it is the first of its file, as the first may have
    changed, or be judged against a changed lineage; and every role of a stakeholder
    with fewer than two roles in one of the models.

    A reached segment that is not the first of its file is judged itself (it is in the
    reach), and nothing else is judged against it.

    Cost: the reached roles and the files they head (the hats of their stakeholders are
    worked out from the last model's).
    """
    found: set[str] = set()
    for model in (before, after):
        other = after if model is before else before
        for role in _roles_among(model, reach):
            assert role.stakeholder is not None
            hats = _hats(model, role.stakeholder)
            if len(hats.roles) < 2 or (
                other.get(role.stakeholder) is not None
                and len(_hats(other, role.stakeholder).roles) < 2
            ):
                found.update(r.id for r in hats.roles)
            elif isinstance(role, Segment):
                names, traits = hats.keys_of(model, role)
                for listed in (
                    hats.by_name[names],
                    hats.by_traits.get(traits, ()) if traits else (),
                ):
                    if listed and listed[0] is role:
                        found.update(s.id for s in listed)
    return found


def _check_partner(stakeholder: Stakeholder, partner: Partner) -> Finding | None:
    if _said(partner.description) or partner.segments:
        return None
    return RULE.finding(
        partner.id,
        f"partner {quoted(partner.id)} ({excerpt(partner.name.strip())}) is one of several "
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
    name_twin: Segment,
    trait_twin: Segment,
) -> Finding | None:
    """Judge one segment against the first segments filed with it by name and by traits
    (itself, when it is the first)."""
    undescribed = not any(
        _said(text) for text in (segment.need, segment.interest, segment.behaviour)
    ) and not _said(segment.description)
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
        f"segment {quoted(segment.id)} ({excerpt(segment.name.strip())}) is one of several "
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
