"""Small attrs helpers shared by the entity classes (not public)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

T = TypeVar("T")


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


def tuple_of(value: Iterable[T]) -> tuple[T, ...]:
    """Store any iterable as a tuple, so frozen entities stay hashable."""
    return tuple(value)


def id_field() -> Any:
    """An id: a non-empty string."""
    return attrs.field(
        validator=attrs.validators.and_(
            attrs.validators.instance_of(str), attrs.validators.min_len(1)
        )
    )


def optional_text() -> Any:
    """Free text that may be absent."""
    return attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
