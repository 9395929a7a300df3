"""One body under two ids: merging the entries ``same_as`` links.

A team calls the Department for Work and Pensions ``dwp``; the GOV.UK register,
imported beside the team's files, calls it ``department-for-work-pensions``.
Writing ``same_as: department-for-work-pensions`` on the team's entry says they
are one body. :func:`merge_same_as` makes them one unit before the model is
built:

* the entry that holds ``same_as`` keeps its id, its name and its description
  (the team's words for the body);
* every other field comes from whichever entry gives it; when both give it,
  they must agree (the two entries are the same body, so a different kind,
  parent, status, date or identifier is a contradiction to resolve, CFG042);
* identifiers and suppressions of both are kept;
* every reference to the other id (a parent, a segment's or aim's or
  objective's unit) is made a reference to the kept one.

``same_as`` may also name an id that is not in the model (the register is not
loaded): references to that id then mean the unit too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from cfgov.model.enums import UnitKind
from cfgov.model.findings import Finding, quoted
from cfgov.model.model import _problem as model_problem
from cfgov.model.organisation import Unit

#: Where other entities name units: collection of the model, then field.
UNIT_REFERENCES: tuple[tuple[str, str], ...] = (
    ("units", "parents"),
    ("aims", "unit"),
    ("segments", "unit"),
    ("objectives", "unit"),
    ("assessments", "unit"),
    ("initiatives", "unit"),
)

#: Fields whose text is the team's words: the entry holding ``same_as`` gives them.
_OWN_WORDS = ("name", "description")
#: Fields merged by their own rule, or not merged at all.
_SPECIAL = ("id", "same_as", "identifiers", "ignore", "parents", "kind")
#: Kinds that say only "a body" or "a part": a register's precise kind replaces them.
_GENERIC_KINDS = frozenset({UnitKind.ORGANISATION, UnitKind.UNIT})


def _problem(
    code: str, message: str, *, entity: str, field: str | None, hint: str, related: str
) -> Finding:
    return model_problem(code, message, entity=entity, field=field, hint=hint, related=(related,))


def merge_same_as(
    entities: Mapping[str, Sequence[Any]],
) -> tuple[dict[str, Sequence[Any]], list[Finding]]:
    """The entities with every pair ``same_as`` links merged into one unit, and the
    problems that stop a pair merging (each located at the entry holding ``same_as``).

    ``entities`` maps the model's collections (``units``, ``segments``...) to their
    entities, as :class:`cfgov.Model` takes them. Collections without units or unit
    references are passed through as they are.
    """
    result = dict(entities)  # the lists themselves are copied only where merging changes them
    units: Sequence[Unit] = result.get("units", ())
    if not any(unit.same_as is not None for unit in units):
        return result, []
    problems: list[Finding] = []
    by_id: dict[str, Unit] = {}
    for unit in units:
        by_id.setdefault(unit.id, unit)
    claims: dict[str, list[Unit]] = {}
    for unit in units:
        if unit.same_as is not None:
            claims.setdefault(unit.same_as, []).append(unit)
    aliases: dict[str, str] = {}
    merged: dict[str, Unit] = {}
    absorbed: set[str] = set()
    for other_id, claimants in claims.items():
        keeper = claimants[0]
        if other_id == keeper.id:
            continue  # a contradiction the model itself reports (CFG018)
        if len(claimants) > 1:
            names = " and ".join(quoted(c.id) for c in claimants)
            problems.append(
                _problem(
                    "CFG043",
                    f"units {names} both say they are the same body as {quoted(other_id)}",
                    entity=claimants[1].id,
                    field="same_as",
                    hint="One body has one entry of your own: keep one of them and refer to "
                    "it, or correct the id under same_as.",
                    related=keeper.id,
                )
            )
            continue
        other = by_id.get(other_id)
        if other is not None and other.same_as is not None:
            problems.append(
                _problem(
                    "CFG043",
                    f"unit {quoted(keeper.id)} is the same body as {quoted(other_id)}, which "
                    f"itself says it is the same body as {quoted(other.same_as)}",
                    entity=keeper.id,
                    field="same_as",
                    hint="Write same_as on one entry only, naming the other entry's id "
                    "directly (usually your entry, naming the register's id).",
                    related=other_id,
                )
            )
            continue
        aliases[other_id] = keeper.id
        if other is None:
            continue
        found, conflicts = _merge(keeper, other)
        problems.extend(conflicts)
        merged[keeper.id] = found
        absorbed.add(other_id)
    if problems:
        return result, problems
    result["units"] = [merged.get(u.id, u) for u in units if u.id not in absorbed]
    for collection, field in UNIT_REFERENCES:
        values = result.get(collection)
        if values:
            result[collection] = [_renamed(e, field, aliases) for e in values]
    journeys = result.get("journeys")
    if journeys:  # a journey names units in its steps, one level further down
        result["journeys"] = [_journey_renamed(j, aliases) for j in journeys]
    return result, []


def _journey_renamed(journey: Any, aliases: Mapping[str, str]) -> Any:
    """The journey with its steps' units named by the ids the merge keeps."""
    if not any(step.unit in aliases for stage in journey.stages for step in stage.steps):
        return journey
    stages = [
        attrs.evolve(stage, steps=[_renamed(step, "unit", aliases) for step in stage.steps])
        for stage in journey.stages
    ]
    return attrs.evolve(journey, stages=stages)


def _renamed(entity: Any, field: str, aliases: Mapping[str, str]) -> Any:
    """The entity with references to another id of a unit made references to the unit."""
    value = getattr(entity, field)
    if isinstance(value, tuple):
        if not any(v in aliases for v in value):
            return entity
        renamed: list[str] = []
        for v in value:
            kept = aliases.get(v, v)
            if kept not in renamed:  # a body listed under both its ids is one parent
                renamed.append(kept)
        return attrs.evolve(entity, **{field: tuple(renamed)})
    if value in aliases:
        return attrs.evolve(entity, **{field: aliases[value]})
    return entity


def _unset(field: str, value: object) -> bool:
    if field == "kind":
        return value in _GENERIC_KINDS
    return value is None or value == ()


def _merge(keeper: Unit, other: Unit) -> tuple[Unit, list[Finding]]:
    """One unit from the two entries of a body, and every field on which they disagree."""
    problems: list[Finding] = []
    changes: dict[str, Any] = {}

    def conflict(field: str, mine: object, theirs: object, hint: str, words: str = "") -> None:
        problems.append(
            _problem(
                "CFG042",
                f"unit {quoted(keeper.id)} is the same body as {quoted(other.id)} (same_as), "
                f"but the two entries disagree on {words or f'`{field}`'}: this one says "
                f"{_shown(mine)}, the other {_shown(theirs)}",
                entity=keeper.id,
                field=field,
                hint=hint,
                related=other.id,
            )
        )

    agree = (
        "Make the two agree, or remove `{field}:` from this entry so that the other "
        "entry's is used. If they are different bodies, remove same_as."
    )
    for attribute in attrs.fields(Unit):
        name = attribute.name
        if name in _SPECIAL or name in _OWN_WORDS:
            continue
        mine, theirs = getattr(keeper, name), getattr(other, name)
        if _unset(name, theirs) or mine == theirs:
            continue
        if _unset(name, mine):
            changes[name] = theirs
            continue
        conflict(name, mine, theirs, agree.format(field=name))
    if keeper.kind != other.kind and not _unset("kind", other.kind):
        if _unset("kind", keeper.kind):
            changes["kind"] = other.kind
        else:
            conflict("kind", keeper.kind, other.kind, agree.format(field="kind"))
    for name in _OWN_WORDS:
        if getattr(keeper, name) is None and getattr(other, name) is not None:
            changes[name] = getattr(other, name)
    alias = {other.id: keeper.id}
    mine_parents = tuple(dict.fromkeys(alias.get(p, p) for p in keeper.parents))
    their_parents = tuple(dict.fromkeys(alias.get(p, p) for p in other.parents))
    if their_parents and set(mine_parents) != set(their_parents):
        if mine_parents:
            conflict(
                "parents",
                list(mine_parents),
                list(their_parents),
                "Give the same parents in both entries, or remove `parents:` from this "
                "entry so that the other entry's are used. If they are different bodies, "
                "remove same_as.",
            )
        else:
            changes["parents"] = their_parents
    identifiers = dict(keeper.identifiers)
    for scheme, value in other.identifiers:
        held = identifiers.setdefault(scheme, value)
        if held != value:
            conflict(
                f"identifiers.{scheme.replace('.', '%2E')}",
                held,
                value,
                "One body has one id in each system: correct one of the two, or remove "
                "same_as if they are different bodies.",
                f"their {scheme} identifier",
            )
    if len(identifiers) != len(keeper.identifiers):
        changes["identifiers"] = identifiers
    codes = {s.code for s in keeper.ignore}
    extra = tuple(s for s in other.ignore if s.code not in codes)
    if extra:
        changes["ignore"] = keeper.ignore + extra
    return (attrs.evolve(keeper, **changes) if changes else keeper), problems


def _shown(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return quoted(str(value))
