"""The helpers behind fast loading: the unchecked constructor and the date check."""

from __future__ import annotations

import inspect

import attrs
import pytest

from cfgov import (
    Aim,
    KnowledgeSource,
    Location,
    Measure,
    Model,
    OutcomeObjective,
    Partner,
    Principle,
    Segment,
    ServiceStandard,
    Size,
    Stakeholder,
    Unit,
    UnitKind,
)
from cfgov.io.format import COLLECTIONS, all_specs
from cfgov.model._fields import is_valid_date, unchecked_constructor

ENTITIES = [
    Aim,
    KnowledgeSource,
    Measure,
    OutcomeObjective,
    Partner,
    Principle,
    Segment,
    ServiceStandard,
    Size,
    Stakeholder,
    Unit,
]


@pytest.mark.parametrize("cls", ENTITIES, ids=lambda c: c.__name__)
def test_it_takes_the_same_arguments_as_the_class(cls: type) -> None:
    made = unchecked_constructor(cls)
    assert made is not None
    assert list(inspect.signature(made).parameters) == [a.name for a in attrs.fields(cls)]


def test_it_gives_what_the_class_gives_for_final_values() -> None:
    values = {
        "id": "s1",
        "name": "Pensioners",
        "category": Segment(id="x", name="x", category="target", unit="u").category,
        "unit": "u",
        "size": Size(value=5, as_of="2002"),
        "priority": 2,
        "aims": ("a1", "a2"),
    }
    made = unchecked_constructor(Segment)
    assert made is not None
    fast, checked = made(**values), Segment(**values)
    assert fast == checked
    assert hash(fast) == hash(checked)
    assert repr(fast) == repr(checked)
    assert all(getattr(fast, a.name) is getattr(checked, a.name) for a in attrs.fields(Segment))


def test_defaults_are_converted_as_the_class_converts_them() -> None:
    made = unchecked_constructor(Unit)
    assert made is not None
    unit = made(id="u", name="U")
    assert unit.kind is UnitKind.UNIT
    assert unit.parents == ()
    assert unit == Unit(id="u", name="U")


def test_it_checks_nothing() -> None:
    """That is its contract: only a reader that has checked every value may use it."""
    made = unchecked_constructor(Size)
    assert made is not None
    assert made(value=-1).value == -1
    with pytest.raises(ValueError, match="0 or more"):
        Size(value=-1)


def test_the_result_is_as_frozen_as_any() -> None:
    made = unchecked_constructor(Location)
    assert made is not None
    where = made("a.yaml", 3, 5)
    assert where == Location("a.yaml", 3, 5)
    assert str(where) == "a.yaml:3:5"
    assert made("a.yaml") == Location("a.yaml")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        where.line = 4  # type: ignore[misc]


def test_classes_it_cannot_make_alone_are_refused() -> None:
    @attrs.frozen
    class WithFactory:
        items: list[int] = attrs.field(factory=list)

    @attrs.frozen
    class WithHook:
        value: int

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.define(slots=False)
    class NotSlotted:
        value: int

    @attrs.frozen(cache_hash=True)
    class CachedHash:
        value: int

    class NotAttrs:
        pass

    for cls in (Model, WithFactory, WithHook, NotSlotted, CachedHash, NotAttrs):
        assert unchecked_constructor(cls) is None, cls.__name__


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("2002", True),
        ("2002-04", True),
        ("2004-02-29", True),
        ("2003-02-29", False),
        ("2002-13", False),
        ("2002-00", False),
        ("02", False),
        ("2002-4", False),
        ("\uff12\uff10\uff10\uff12", False),  # digits, but not the ASCII ones of a date
        ("2002-04-01 ", False),
        ("2002-04-01" + "0" * 100_000, False),
        ("", False),
    ],
)
def test_dates(text: str, valid: bool) -> None:
    for _ in range(2):  # the answer is remembered: the second is the same
        assert is_valid_date(text) is valid


def test_a_date_is_text() -> None:
    assert not is_valid_date(2002)
    assert not is_valid_date(None)


def test_an_entity_spec_finds_its_fields_by_name() -> None:
    segment = COLLECTIONS["segments"]
    assert segment.field("size") is next(f for f in segment.fields if f.name == "size")
    assert segment.field("nope") is None
    assert segment.has_id
    assert not segment.field("size").nested.has_id  # type: ignore[union-attr]
    renamed = attrs.evolve(segment, fields=segment.fields[1:])
    assert not renamed.has_id
    assert renamed.field("id") is None
    assert renamed != segment
    for spec in all_specs():
        assert [spec.field(f.name) for f in spec.fields] == list(spec.fields)
