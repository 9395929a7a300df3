"""Customer segments, their sizes and where knowledge of them comes from."""

from __future__ import annotations

import attrs

from cfgov.model import _html
from cfgov.model._fields import (
    check_ids,
    check_number,
    check_texts,
    each,
    id_field,
    ids,
    optional_date,
    optional_ref,
    optional_text,
    readable,
    required_text,
    texts,
    tuple_of,
)
from cfgov.model.enums import Category, Closeness, SourceKind, TargetKind, Voice
from cfgov.model.findings import Suppression, suppressions


def _non_negative_finite(_inst: object, _attr: object, value: float) -> None:
    check_number("size", value, non_negative=True)


@readable
@attrs.frozen(kw_only=True)
class Size:
    """How many people a segment holds, where the figure comes from, and when."""

    value: int | float = attrs.field(validator=_non_negative_finite)
    source: str | None = optional_text()
    as_of: str | None = optional_date()

    def _repr_html_(self) -> str:
        """The size, its source and date as a short table, for Jupyter."""
        return _html.field_table(
            "Size",
            [("Value", _html.number(self.value)), ("Source", self.source), ("As of", self.as_of)],
        )


@readable
@attrs.frozen(kw_only=True)
class KnowledgeSource:
    """Where understanding of a segment's needs comes from, and how close it is to them.

    ``partner`` names the partner it comes through, when it does (a union's
    survey of its members, say).
    """

    source: str = required_text()
    kind: SourceKind | None = attrs.field(
        default=None, converter=attrs.converters.optional(SourceKind)
    )
    closeness: Closeness | None = attrs.field(
        default=None, converter=attrs.converters.optional(Closeness)
    )
    partner: str | None = optional_ref()


def _priority(_inst: object, _attr: object, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"priority must be a whole number, not {type(value).__name__}")
    check_number("priority", value)
    if value < 1:
        raise ValueError(f"priority must be 1 or more (1 is the highest), not {value}")


@readable
@attrs.frozen(kw_only=True)
class Segment:
    """A group distinguished by a need, interest or behaviour: "*group* as *role*".

    Owned by one ``unit``; ``parent`` is the broader segment it refines (the
    cascade), ``cut`` the criterion used to split it from that parent.
    ``same_as`` links it explicitly to segments of other organisations that
    describe the same people.
    """

    id: str = id_field()
    name: str = required_text()
    category: Category = attrs.field(converter=Category)
    unit: str = id_field()
    stakeholder: str | None = optional_ref()
    target_kind: TargetKind | None = attrs.field(
        default=None, converter=attrs.converters.optional(TargetKind)
    )
    parent: str | None = optional_ref()
    cut: str | None = optional_text()
    need: str | None = optional_text()
    interest: str | None = optional_text()
    behaviour: str | None = optional_text()
    description: str | None = optional_text()
    size: Size | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Size))
    )
    priority: int | None = attrs.field(default=None, validator=_priority)
    voice: Voice | None = attrs.field(default=None, converter=attrs.converters.optional(Voice))
    knowledge_sources: tuple[KnowledgeSource, ...] = attrs.field(
        default=(), converter=tuple_of, validator=each(KnowledgeSource)
    )
    aims: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    channels: tuple[str, ...] = attrs.field(default=(), converter=texts, validator=check_texts)
    same_as: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=check_ids)
    government_advocate: str | None = optional_text()
    ignore: tuple[Suppression, ...] = attrs.field(default=(), converter=suppressions)

    @property
    def is_target(self) -> bool:
        """True for target customers, False for indirect customers."""
        return self.category is Category.TARGET

    def _repr_html_(self) -> str:
        """The segment's defining fields as a short table, for Jupyter."""
        category = str(self.category)
        if self.target_kind is not None:
            category += f" ({self.target_kind})"
        size = self.size
        return _html.field_table(
            f"Segment {self.id}: {self.name}",
            [
                ("Category", category),
                ("Unit", self.unit),
                ("Stakeholder", self.stakeholder),
                ("Parent", self.parent),
                ("Cut", self.cut),
                (
                    "Size",
                    None if size is None else _html.size_text(size.value, size.source, size.as_of),
                ),
                ("Priority", self.priority),
                ("Voice", _html.text_of(self.voice)),
                ("Need", self.need),
                ("Interest", self.interest),
                ("Behaviour", self.behaviour),
                ("Description", self.description),
                ("Knowledge sources", _html.text_of(self.knowledge_sources)),
                ("Aims", ", ".join(self.aims)),
                ("Channels", _html.text_of(self.channels)),
                ("Same as", ", ".join(self.same_as)),
                ("Government advocate", self.government_advocate),
                ("Ignore", _html.text_of(self.ignore)),
            ],
        )
