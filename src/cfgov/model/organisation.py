"""The organisation graph: bodies, their units, and the aims each holds."""

from __future__ import annotations

import attrs

from cfgov.model import _html
from cfgov.model._fields import (
    check_ids,
    id_field,
    ids,
    optional_date,
    optional_ref,
    optional_text,
    readable,
    required_text,
)
from cfgov.model.enums import AimKind, UnitKind, UnitStatus
from cfgov.model.evidence import _check_labels, labels
from cfgov.model.findings import Suppression, suppressions


@readable
@attrs.frozen(kw_only=True)
class Unit:
    """A node of the organisation graph: a body or one of its parts.

    Bodies (``kind`` is an organisation kind such as
    ``ministerial_department``) may sit under other bodies; parts (divisions,
    services, policy areas, internal services such as HR) sit under a body or
    another part. ``parents`` may name several nodes: joint bodies have more
    than one sponsor.
    """

    id: str = id_field()
    name: str = required_text()
    kind: UnitKind = attrs.field(default=UnitKind.UNIT, converter=UnitKind)
    parents: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    description: str | None = optional_text()
    status: UnitStatus | None = attrs.field(
        default=None, converter=attrs.converters.optional(UnitStatus)
    )
    abbreviation: str | None = optional_text()
    url: str | None = optional_text()
    #: The body's type as the register it came from names it, beside cfgov's ``kind``.
    register_type: str | None = optional_text()
    start_date: str | None = optional_date()
    end_date: str | None = optional_date()
    #: Ids other systems know the body by, as (scheme, value) pairs sorted by scheme:
    #: ``(("govuk_slug", "department-for-work-pensions"), ("gss", "E07000223"))``.
    identifiers: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=labels, validator=_check_labels
    )
    #: Another id of this same body: a register's id for a body the team calls by a short
    #: id of its own. Loading merges an entry with that id into this one
    #: (:func:`cfgov.model.identity.merge_same_as`), and references to it mean this unit.
    same_as: str | None = optional_ref()
    ignore: tuple[Suppression, ...] = attrs.field(default=(), converter=suppressions)

    def identifier(self, scheme: str) -> str | None:
        """The body's id in another system (``"govuk_slug"``, ``"gss"``...), or None."""
        return dict(self.identifiers).get(scheme)

    @property
    def is_organisation(self) -> bool:
        """True when this node is a body in its own right, not a part of one."""
        return self.kind.is_organisation

    def _repr_html_(self) -> str:
        """The unit's kind, status and parents as a short table, for Jupyter."""
        kind = str(self.kind)
        if self.is_organisation:
            kind += " (an organisation)"
        return _html.field_table(
            f"Unit {self.id}: {self.name}",
            [
                ("Kind", kind),
                ("Status", _html.text_of(self.status)),
                ("Abbreviation", self.abbreviation),
                ("Parents", _html.text_of(self.parents)),
                ("Identifiers", ", ".join(f"{k}: {v}" for k, v in self.identifiers)),
                ("Same as", self.same_as),
                ("Description", self.description),
                ("Ignore", _html.text_of(self.ignore)),
            ],
        )


@readable
@attrs.frozen(kw_only=True)
class Aim:
    """A high-level aim a unit holds (a PSA target, a business-plan objective).

    Segments are derived from aims, not from lists of current contacts
    (Barker 2002, tip T1).
    """

    id: str = id_field()
    unit: str = id_field()
    statement: str = required_text()
    kind: AimKind | None = attrs.field(default=None, converter=attrs.converters.optional(AimKind))
    reference: str | None = optional_text()
    ignore: tuple[Suppression, ...] = attrs.field(default=(), converter=suppressions)
