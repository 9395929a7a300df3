"""Small attrs helpers shared by the entity classes (not public)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

T = TypeVar("T")
C = TypeVar("C", bound=type)


def ids(value: Iterable[str] | str) -> tuple[str, ...]:
    """Accept one id or an iterable of ids; store a tuple.

    A lone string is one id, never a sequence of characters.
    """
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def texts(value: Iterable[str]) -> tuple[str, ...]:
    """Store a list of text items as a tuple."""
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def tuple_of(value: Iterable[Any]) -> tuple[Any, ...]:
    """Store any iterable as a tuple, so frozen entities stay hashable."""
    return tuple(value)


def is_valid_id(value: object) -> bool:
    """An id is text with at least one character that is not white space."""
    return isinstance(value, str) and bool(value.strip())


def _check_id(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be text, not {type(value).__name__}")
    if not is_valid_id(value):
        raise ValueError(f"{attribute.name} must hold at least one visible character")


def id_field() -> Any:
    """An id (or a reference to one): text with at least one visible character."""
    return attrs.field(validator=_check_id)


def optional_text() -> Any:
    """Free text that may be absent."""
    return attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )


def _show(value: object) -> str:
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    return repr(value)


def _compact_repr(self: attrs.AttrsInstance) -> str:
    parts = []
    for attribute in attrs.fields(type(self)):
        value = getattr(self, attribute.name)
        if attribute.default is not attrs.NOTHING and value == attribute.default:
            continue
        parts.append(f"{attribute.name}={_show(value)}")
    return f"{type(self).__name__}({', '.join(parts)})"


def readable(cls: C) -> C:
    """Give an attrs class a repr that shows only the fields set away from their defaults.

    Entities have many optional fields; a notebook user wants to see the ones
    that say something.
    """
    cls.__repr__ = _compact_repr  # type: ignore[assignment]
    return cls
