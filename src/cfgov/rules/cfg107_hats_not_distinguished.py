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

#: The segments filed under one hash of a key: one alone (nearly always), or several in
#: model order.
_Filed = Segment | list[Segment]


def _bucket(key: object) -> int:
    """The number a key is filed under (Python's hash: the same for equal keys)."""
    return hash(key)


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
    return _check_segment(model, hats.stakeholder, role, *hats.first(model, role))


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
    apart, each file in model order: the first segment of a file with a given key is the
    one every later segment with that key is judged against.

    A file is found by the hash of its key, and holds one segment alone (nearly always)
    or a list: the keys themselves (names and traits, normalised) are worked out again
    when asked for rather than kept, as a model of 100,000 segments would hold tens of
    megabytes of them. Keys that differ can share a hash; a file's segments are then
    told apart by their keys (:meth:`first`, :meth:`heads`).
    """

    def __init__(
        self,
        stakeholder: Stakeholder,
        roles: tuple[Segment | Partner, ...],
        bodies: dict[str, tuple[str, ...]],
        by_name: dict[int, _Filed],
        by_traits: dict[int, _Filed],
    ) -> None:
        self.stakeholder = stakeholder
        self.roles = roles
        self.by_name = by_name
        self.by_traits = by_traits
        self._bodies = bodies

    def file(self, model: Model, segment: Segment) -> None:
        """File one of the stakeholder's segments at the end of its files."""
        for files, key in zip(self._files(), self.keys_of(model, segment), strict=True):
            if key is not None:
                bucket = _bucket(key)
                files[bucket] = _added(files.get(bucket), segment)

    def first(self, model: Model, segment: Segment) -> tuple[Segment, Segment]:
        """The first segments filed with ``segment`` (one of the stakeholder's) by name
        and by traits: itself where it is the first, or where it gives no traits."""
        names, traits = self.keys_of(model, segment)
        by_traits = (
            segment if traits is None else self._first_of(model, self.by_traits, traits, segment)
        )
        return self._first_of(model, self.by_name, names, segment), by_traits

    def heads(self, model: Model, segment: Segment) -> Iterator[_Filed]:
        """The files ``segment`` is the first of (with any segments that only share
        their hash)."""
        for files, key in zip(self._files(), self.keys_of(model, segment), strict=True):
            if key is not None and self._first_of(model, files, key, segment) is segment:
                yield files[_bucket(key)]

    def keys_of(self, model: Model, segment: Segment) -> tuple[_NameKey, _TraitsKey | None]:
        """What ``segment`` is filed by: its name, and its traits when it gives any."""
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

    def _files(self) -> tuple[dict[int, _Filed], dict[int, _Filed]]:
        return self.by_name, self.by_traits

    def _first_of(
        self, model: Model, files: dict[int, _Filed], key: object, segment: Segment
    ) -> Segment:
        filed = files[_bucket(key)]
        if not isinstance(filed, list):
            return filed
        which = 0 if files is self.by_name else 1
        for other in filed:
            if other is segment or self.keys_of(model, other)[which] == key:
                return other
        return segment


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
    touched: list[tuple[dict[int, _Filed], int]] = []
    for segment, leaving in [
        *((was[k], True) for k in was.keys() - now.keys()),
        *((now[k], False) for k in now.keys() - was.keys()),
    ]:
        if not isinstance(segment, Segment):
            continue
        # A segment that went is filed as it was: its unit's organisations are the same
        # (hats are kept only between models with the very same units).
        for files, key in zip(hats._files(), hats.keys_of(model, segment), strict=True):
            if key is None:
                continue
            bucket = _bucket(key)
            filed = _refiled(files.get(bucket), segment, leaving)
            if filed is None:
                del files[bucket]
            else:
                files[bucket] = filed
                touched.append((files, bucket))
    order: dict[int, int] = {}
    for files, bucket in touched:
        listed = files.get(bucket)
        if isinstance(listed, list):
            if not order:
                order.update(zip(map(id, roles), range(len(roles)), strict=True))
            listed.sort(key=lambda s: order[id(s)])
    return hats


def _refiled(filed: _Filed | None, segment: Segment, leaving: bool) -> _Filed | None:
    """One file less or with ``segment`` (a list is copied: the file before is kept
    unchanged); ``None`` for a file left empty."""
    if not leaving:
        return _added(filed, segment)
    if not isinstance(filed, list):
        return None if filed is segment else filed
    rest = [s for s in filed if s is not segment]
    return rest[0] if len(rest) == 1 else rest


def _added(filed: _Filed | None, segment: Segment) -> _Filed:
    """One file with ``segment`` at its end (a list is copied)."""
    if filed is None:
        return segment
    return [*filed, segment] if isinstance(filed, list) else [filed, segment]


def _members(filed: _Filed) -> list[Segment]:
    return filed if isinstance(filed, list) else [filed]


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
                for filed in hats.heads(model, role):
                    found.update(s.id for s in _members(filed))
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
