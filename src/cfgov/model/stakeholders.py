"""Stakeholders (the broad groups) and partners and advisers (a stake in the process)."""

from __future__ import annotations

import attrs

from cfgov.model._fields import (
    check_ids,
    id_field,
    ids,
    optional_ref,
    optional_text,
    readable,
    required_text,
)
from cfgov.model.enums import PartnerRole, Voice
from cfgov.model.findings import Suppression, suppressions


@readable
@attrs.frozen(kw_only=True)
class Stakeholder:
    """A broad group with an interest in the organisation's work.

    The same group wears several hats: its segments and partner roles all
    point back here. The markers feed the rules: ``internal_staff`` (staff
    are customers of HR, not of the whole department), ``ministers`` (not the
    main customers of policy work) and ``voice`` (groups without a strong
    voice need someone to speak for them).
    """

    id: str = id_field()
    name: str = required_text()
    description: str | None = optional_text()
    internal_staff: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    #: True for Ministers, False for a group that is not Ministers whatever its name
    #: suggests, None when not said (CFG114 then guesses from the name).
    ministers: bool | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(bool))
    )
    voice: Voice | None = attrs.field(default=None, converter=attrs.converters.optional(Voice))
    ignore: tuple[Suppression, ...] = attrs.field(default=(), converter=suppressions)


@readable
@attrs.frozen(kw_only=True)
class Partner:
    """A partner or adviser: a customer representative, an intermediary or an expert.

    ``represents``, ``advises_on`` and ``delivers_to`` are segment ids.
    """

    id: str = id_field()
    name: str = required_text()
    role: PartnerRole = attrs.field(converter=PartnerRole)
    stakeholder: str | None = optional_ref()
    represents: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    advises_on: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    delivers_to: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    description: str | None = optional_text()
    ignore: tuple[Suppression, ...] = attrs.field(default=(), converter=suppressions)

    @property
    def segments(self) -> tuple[str, ...]:
        """Every segment this partner is tied to, each once, in the order written."""
        return tuple(dict.fromkeys(self.represents + self.advises_on + self.delivers_to))
