"""Small attrs helpers shared by the entity classes (not public)."""

from __future__ import annotations

import datetime
import enum
import functools
import math
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

from cfgov.model import _html
from cfgov.model.enums import ExperienceArea
from cfgov.model.findings import excerpt, quoted

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


def experience_areas(value: Iterable[Any] | str) -> tuple[Any, ...]:
    """Store experience areas (words or members of ExperienceArea) as a tuple of members."""
    if isinstance(value, (str, ExperienceArea)):
        value = (value,)
    return tuple(ExperienceArea(item) for item in value)


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


def _shown(value: object) -> str:
    """A value as a message shows it: text quoted, anything else as repr; both shortened."""
    return quoted(value) if isinstance(value, str) else excerpt(repr(value))


def check_ids(_inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    """Every item of a list of references is an id."""
    for position, item in enumerate(value):
        if not is_valid_id(item):
            raise ValueError(
                f"{attribute.name}[{position}] must be an id (text with a visible character), "
                f"not {_shown(item)}"
            )


def check_texts(_inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    """Every item of a list of text is text."""
    for position, item in enumerate(value):
        if not isinstance(item, str):
            raise TypeError(f"{attribute.name}[{position}] must be text, not {_shown(item)}")


def each(cls: type) -> Any:
    """A validator: every item of a tuple is an instance of ``cls``."""
    return attrs.validators.deep_iterable(attrs.validators.instance_of(cls))


_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


#: The longest text that can be a date (``YYYY-MM-DD``); longer text is refused unread.
_DATE_CHARS = 10


def is_valid_date(value: object) -> bool:
    """A date as cfgov writes them: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and a real one."""
    return isinstance(value, str) and len(value) <= _DATE_CHARS and _is_valid_date_text(value)


@functools.lru_cache(maxsize=4096)
def _is_valid_date_text(value: str) -> bool:
    """:func:`is_valid_date` for short text; a model repeats its few dates many times."""
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
            f"{attribute.name} must be a date written YYYY, YYYY-MM or YYYY-MM-DD, "
            f"not {_shown(value)}"
        )


def _check_required_date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        raise ValueError(f"{attribute.name} must be given, written YYYY, YYYY-MM or YYYY-MM-DD")
    _check_date(_inst, attribute, value)


def required_date() -> Any:
    """A date that must be given, kept as the text written (``2026-03``)."""
    return attrs.field(validator=_check_required_date)


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
    that say something. Unless the class has its own, it also gains a
    ``_repr_html_`` for Jupyter: the same fields as a table (see
    :func:`cfgov.model._html.attrs_html`).
    """
    cls.__repr__ = _compact_repr  # type: ignore[assignment]
    if "_repr_html_" not in cls.__dict__:
        cls._repr_html_ = _html.attrs_html  # type: ignore[attr-defined]
    return cls


#: attrs' class of converters that take the instance or the field too (attrs 24.1 on).
_CONVERTER_CLASS: Any = getattr(attrs, "Converter", ())


def plain_converter(field: attrs.Attribute[Any]) -> Callable[[Any], Any] | None:
    """The converter of an attrs field if it takes the value alone; None if none or not."""
    convert = field.converter
    if convert is None or isinstance(convert, _CONVERTER_CLASS) or not callable(convert):
        return None
    return convert


def unchecked_constructor(cls: type[T]) -> Callable[..., T] | None:
    """A constructor for the attrs class ``cls`` that runs none of its converters or validators.

    It takes the same arguments as ``cls`` and sets each field to the value given (or to
    its default, converted as ``cls`` would convert it), several times faster than
    ``cls``. It is for a reader that has already put every value in its final form and
    checked it at least as strictly as the validators would, as the YAML builder does;
    an entity made from values that break that promise is invalid. Everyone else makes
    entities with ``cls(...)``, which checks everything.

    None when ``cls`` is not a plain slotted attrs class whose fields this can set
    alone (an ``init=False`` field, a factory default, a post-init hook...).
    """
    if not attrs.has(cls) or cls.__mro__[1:] != (object,):
        return None
    if hasattr(cls, "__attrs_pre_init__") or hasattr(cls, "__attrs_post_init__"):
        return None
    fields = attrs.fields(cls)
    if set(getattr(cls, "__slots__", ())) - {"__weakref__"} != {f.name for f in fields}:
        return None  # not slotted, or with hidden slots such as a cached hash
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    params: list[str] = []
    body: list[str] = []
    keyword_only = False
    for number, field in enumerate(fields):
        if not field.init or field.alias != field.name:
            return None
        default: Any = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            return None
        if default is attrs.NOTHING:
            keyword_only = keyword_only or field.kw_only or any("=" in p for p in params)
            params.append(field.name)
        else:
            if field.converter is not None:
                convert = plain_converter(field)
                if convert is None:
                    return None
                default = convert(default)
            keyword_only = keyword_only or field.kw_only
            namespace[f"_default_{number}"] = default
            params.append(f"{field.name}=_default_{number}")
        namespace[f"_set_{number}"] = cls.__dict__[field.name].__set__
        body.append(f"    _set_{number}(self, {field.name})")
    signature = ("*, " if keyword_only else "") + ", ".join(params)
    source = f"def make({signature}):\n    self = _new(_cls)\n" + "\n".join(body)
    exec(source + "\n    return self\n", namespace)  # the way attrs itself writes __init__
    made: Callable[..., T] = namespace["make"]
    made.__qualname__ = made.__name__ = f"unchecked_{cls.__name__}"
    return made
