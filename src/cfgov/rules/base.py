"""What a rule is: its declaration, its options, and the findings it yields.

A rule is a module with a ``RULE`` (a :class:`Rule`) and a ``check`` function
that takes the model and the rule's options and yields findings. Its reference
page and ``cfgov explain`` are written from the declaration, so the rule and
its documentation cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from cfgov.model import Finding, Model, Segment, Severity, UnitKind, excerpt, quoted


@attrs.frozen(kw_only=True)
class Option:
    """A setting a team may change for one rule, under ``[tool.cfgov.rules.CODE]``."""

    name: str
    default: int | float | str | bool
    description: str


def figure(value: float) -> str:
    """A number as people write it in a message: 9,600,000, or 2,500.5 for a fraction."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def sized_cuts(model: Model) -> Iterator[tuple[Segment, str | None, list[Segment]]]:
    """Each segment with a size, with each cut made of it and the sub-segments of that cut.

    Parts made by one cut divide the segment; parts made by different cuts overlap,
    so sums of sizes are taken per cut. Linear: each segment is a child once.
    """
    for parent in model.segments:
        if parent.size is None:
            continue
        by_cut: dict[str | None, list[Segment]] = {}
        for child in model.sub_segments_of(parent.id):
            by_cut.setdefault(child.cut, []).append(child)
        for cut, children in by_cut.items():
            yield parent, cut, children


def parts_of(parent: Segment, cut: str | None, children: list[Segment]) -> str:
    """How a message names one cut's parts: "the sub-segments of 'x' cut by age ('a', 'b')"."""
    how = f" cut by {excerpt(cut)}" if cut else ""
    listed = ", ".join(quoted(c.id) for c in children)
    return f"the sub-segments of {quoted(parent.id)}{how} ({listed})"


def total_size(segments: list[Segment]) -> float:
    """The sizes of the segments that have one, added up exactly (``math.fsum``)."""
    return math.fsum(s.size.value for s in segments if s.size is not None)


#: Sizes written as decimals (9.2 + 24 + 3.2 millions) must not be judged on the last bit
#: of a float: sums are compared with this much slack as well as any tolerance.
ROUNDING = 1e-6


def kind_words(kind: UnitKind) -> str:
    """A unit kind as words for a message: "non-ministerial department", "internal service"."""
    return str(kind).replace("non_", "non-").replace("_", " ")


def within(model: Model, unit_id: str, kind: UnitKind) -> bool:
    """Whether the unit, or any unit above it along any path, is of this kind.

    A speech-writing team inside a private office serves Ministers as the office does;
    a learning and development team inside HR serves staff as HR does.
    """
    if model.unit(unit_id).kind is kind:
        return True
    return any(model.unit(above).kind is kind for above in model.ancestors_of(unit_id))


#: What a rule's check function receives besides the model: its options, resolved.
Options = Mapping[str, Any]

CheckFunction = Callable[[Model, Options], Iterable[Finding]]


@attrs.frozen(kw_only=True)
class Rule:
    """The declaration of a rule: everything the engine, ``cfgov explain`` and the docs need.

    ``rationale`` says why the report gives this advice, in plain words;
    ``fix`` says what to change. ``example`` is a YAML fragment that makes the
    rule fire and ``fixed`` the same fragment put right. ``cost`` states how
    the rule's running time grows with the model (no rule may be quadratic in
    the number of segments).
    """

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    fix: str
    source: str
    cost: str
    check: CheckFunction = attrs.field(eq=False, repr=False)
    options: tuple[Option, ...] = ()
    example: str = ""
    fixed: str = ""

    def finding(
        self,
        entity: str | None,
        message: str,
        *,
        hint: str | None = None,
        field: str | None = None,
        related: Iterable[str] = (),
    ) -> Finding:
        """A finding of this rule at its default severity (the engine applies overrides)."""
        return Finding(
            code=self.code,
            severity=self.severity,
            message=message,
            hint=hint if hint is not None else self.fix,
            entity=entity,
            field=field,
            related=tuple(related),
        )

    def defaults(self) -> dict[str, Any]:
        """The options at their default values."""
        return {option.name: option.default for option in self.options}

    def run(self, model: Model, options: Options | None = None) -> Iterator[Finding]:
        """Run the rule alone, with its default options unless others are given."""
        yield from self.check(model, {**self.defaults(), **(options or {})})
