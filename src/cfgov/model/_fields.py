"""Small attrs helpers shared by the entity classes (not public)."""

from __future__ import annotations

import datetime
import enum
import math
import re
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


def _check_text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be text, not {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


def required_text() -> Any:
    """Text that must be given and must say something (a name, a statement)."""
    return attrs.field(validator=_check_text)


def optional_ref() -> Any:
    """A reference to another entity's id, or None."""
    return attrs.field(default=None, validator=attrs.validators.optional(_check_id))


def check_ids(_inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    """Every item of a list of references is an id."""
    for position, item in enumerate(value):
        if not is_valid_id(item):
            raise ValueError(
                f"{attribute.name}[{position}] must be an id (text with a visible character), "
                f"not {item!r}"
            )


def check_texts(_inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    """Every item of a list of text is text."""
    for position, item in enumerate(value):
        if not isinstance(item, str):
            raise TypeError(f"{attribute.name}[{position}] must be text, not {item!r}")


def each(cls: type) -> Any:
    """A validator: every item of a tuple is an instance of ``cls``."""
    return attrs.validators.deep_iterable(attrs.validators.instance_of(cls))


_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def is_valid_date(value: object) -> bool:
    """A date as cfgov writes them: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and a real one."""
    if not isinstance(value, str):
        return False
    match = _DATE.fullmatch(value)
    if match is None:
        return False
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def _check_date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not is_valid_date(value):
        raise ValueError(
            f"{attribute.name} must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}"
        )


def optional_date() -> Any:
    """A date kept as the text written (``2002``, ``2003-04``, ``2005-03-31``), or None."""
    return attrs.field(default=None, validator=_check_date)


#: Numbers in a model stay below this in size: no count of people or target needs more,
#: and the bound keeps every number exactly representable when written out and read back.
MAX_NUMBER = 10**18


def check_number(name: str, value: object, *, non_negative: bool = False) -> None:
    """Raise if ``value`` is not a finite int or float within the model's bounds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    if abs(value) >= MAX_NUMBER:
        raise ValueError(f"{name} must be smaller than 10**18, not {value!r}")
    if non_negative and value < 0:
        raise ValueError(f"{name} must be 0 or more, not {value!r}")


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
