"""What a rule is: its declaration, its options, and the findings it yields.

A rule is a module with a ``RULE`` (a :class:`Rule`) and a ``check`` function
that takes the model and the rule's options and yields findings. Its reference
page and ``cfgov explain`` are written from the declaration, so the rule and
its documentation cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any

import attrs

from cfgov.model import CfgovError, Finding, Model, Segment, Severity, UnitKind, excerpt, quoted
from cfgov.rules.scope import Scope, among


@attrs.frozen(kw_only=True)
class Option:
    """A setting a team may change for one rule, under ``[tool.cfgov.rules.CODE]``.

    ``minimum`` and ``maximum`` bound a number option (both ends allowed); a value
    outside them, or one that is not a finite number, is refused rather than left to
    turn into false findings. ``valid`` checks a value of the right type further (a
    text option that must be a date): it returns what is wrong in words, or None.
    """

    name: str
    default: int | float | str | bool
    description: str
    minimum: float | None = None
    maximum: float | None = None
    valid: Callable[[Any], str | None] | None = attrs.field(default=None, eq=False, repr=False)

    def problem(self, value: object) -> str | None:
        """What is wrong with ``value`` for this option, in words; None when it fits.

        A whole number is accepted where the default is a fraction (``1`` for ``1.0``),
        never the other way round, and ``true``/``false`` is never a number.
        """
        expected = type(self.default)
        if isinstance(value, bool) != (expected is bool) or not isinstance(
            value, (float, int) if expected is float else expected
        ):
            return f"must be {expected.__name__}, not {_shown(value)}"
        if self.valid is not None:
            problem = self.valid(value)
            if problem is not None:
                return problem
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return None
        if isinstance(value, float) and not math.isfinite(value):
            return f"must be a finite number, not {_shown(value)}"
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            return f"is {_shown(value)}, outside the range it can take ({self.allowed()})"
        return None

    def allowed(self) -> str:
        """The values allowed, in words: "from 0 to 1", "1 or more", "any finite number"."""
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return f"from {low:g} to {high:g}"
        if low is not None:
            return f"{low:g} or more"
        if high is not None:
            return f"{high:g} or less"
        return "any finite number"


def _shown(value: object) -> str:
    """A value from a settings file as a message shows it: short, escaped."""
    return quoted(value) if isinstance(value, str) else excerpt(repr(value))


class OptionError(CfgovError, ValueError):
    """Rule options that cannot be used: an unknown name, a wrong type, a value out of range.

    ``problems`` lists each one in words; the command line reports the same
    problems in ``cfgov.toml`` as CFG021.
    """

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("; ".join(self.problems))


def text_key(text: str | None) -> str:
    """Free text as rules compare it: case folded, white space collapsed and trimmed.

    "Pension position", "pension  position" and " PENSION POSITION" are one cut;
    absent or blank text is the empty string.
    """
    return " ".join(text.split()).casefold() if text else ""


def figure(value: float) -> str:
    """A number as people write it in a message: 9,600,000, or 2,500.5 for a fraction."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def sized_cuts(
    model: Model, only: Collection[str] | None = None
) -> Iterator[tuple[Segment, str | None, list[Segment]]]:
    """Each segment with a size, with each cut made of it and the sub-segments of that cut.

    Parts made by one cut divide the segment; parts made by different cuts overlap,
    so sums of sizes are taken per cut. Cuts are compared as :func:`text_key` does
    (case, spacing), and a blank cut is no cut. Linear: each segment is a child once.
    ``only`` limits the parents to those ids.
    """
    for parent in among(model, model.segments, Segment, only):
        if parent.size is None:
            continue
        # Cuts are told apart by meaning, not spelling: "Pension position" and
        # "pension  position" are one cut, named as first written.
        by_cut: dict[str, tuple[str | None, list[Segment]]] = {}
        for child in model.sub_segments_of(parent.id):
            key = text_key(child.cut)
            spelt = " ".join(child.cut.split()) if key and child.cut else None
            by_cut.setdefault(key, (spelt, []))[1].append(child)
        for cut, children in by_cut.values():
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

#: A rule's check: the model and the options in, findings out. A rule with a ``scope``
#: also takes ``only``, the ids to find about (see :mod:`cfgov.rules.scope`).
CheckFunction = Callable[..., Iterable[Finding]]

#: A scoped rule's ``widen``: (model before, model after, ids reached) to further ids.
Widen = Callable[[Model, Model, frozenset[str]], Iterable[str]]


@attrs.frozen(kw_only=True)
class Rule:
    """The declaration of a rule: everything the engine, ``cfgov explain`` and the docs need.

    ``rationale`` says why the report gives this advice, in plain words;
    ``fix`` says what to change. ``example`` is a YAML fragment that makes the
    rule fire and ``fixed`` the same fragment put right. ``cost`` states how
    the rule's running time grows with the model (no rule may be quadratic in
    the number of segments). ``scope``, when set, says what the rule's findings are
    about and promises that an edit reaches them only through that entity's region
    (:mod:`cfgov.rules.scope`): its check then takes ``only``, and an editor re-runs it
    for what an edit touched. A rule without one runs whole on every edit. A scoped rule
    whose findings also lean on something beyond the region (the newest evidence of an
    organisation, the other segments of a stakeholder) gives ``widen``: from the models
    before and after an edit and the ids it reached, the further ids to look at again.
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
    scope: Scope | None = None
    widen: Widen | None = attrs.field(default=None, eq=False, repr=False)

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

    def option_problems(self, options: Options) -> list[str]:
        """What is wrong with options given for this rule, each in words ("CFG119
        option `tolerance` must be a finite number, not nan"); empty when all fit."""
        declared = {option.name: option for option in self.options}
        problems = []
        for name, value in options.items():
            option = declared.get(name)
            if option is None:
                names = ", ".join(declared) or "none"
                problems.append(f"{self.code} has no option `{name}` (its options: {names})")
                continue
            problem = option.problem(value)
            if problem is not None:
                problems.append(f"{self.code} option `{name}` {problem}")
        return problems

    def resolve(self, options: Options | None = None) -> dict[str, Any]:
        """The options the check receives: the defaults with ``options`` laid over them.

        Raises :class:`OptionError` (a ``ValueError``) for an unknown option, a value
        of the wrong type, one that is not a finite number or one out of its range.
        """
        given = dict(options or {})
        problems = self.option_problems(given)
        if problems:
            raise OptionError(problems)
        return {**self.defaults(), **given}

    def run(
        self,
        model: Model,
        options: Options | None = None,
        *,
        only: Collection[str] | None = None,
    ) -> Iterator[Finding]:
        """Run the rule alone, with its default options unless others are given.

        ``only`` (for a rule with a ``scope``) limits the findings to those about these
        ids. Raises :class:`OptionError` before running when an option cannot be used.
        """
        resolved = self.resolve(options)
        if only is None:
            return iter(self.check(model, resolved))
        if self.scope is None:
            return (f for f in self.check(model, resolved) if f.entity in only)
        return iter(self.check(model, resolved, only=only))
