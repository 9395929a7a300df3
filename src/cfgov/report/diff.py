"""What changed between two versions of a model, for a terminal or a pull-request comment.

:func:`diff_models` compares two :class:`~cfgov.model.Model` objects entry by
entry (matched on kind and id) and field by field, calls out segments that
moved in the cascade, and sets the findings of the new version against those
of the old. The renderers turn the result into text; nothing here reads
files, prints or looks at the environment.
"""

from __future__ import annotations

import enum
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence

import attrs

from cfgov.model import (
    KIND_NAMES,
    Aim,
    Assessment,
    ComponentAssessment,
    Demand,
    Entity,
    Feedback,
    Finding,
    Initiative,
    JourneyStage,
    JourneyStep,
    Model,
    OutcomeObjective,
    Principle,
    Result,
    Segment,
    ServiceStandard,
    Status,
    StepRecord,
    Suppression,
    progress_of,
)
from cfgov.report._words import plural, shorten

#: Kinds of entry in the order a diff lists them, with the heading of each section.
KINDS: dict[str, str] = {
    "unit": "Units",
    "aim": "Aims",
    "stakeholder": "Stakeholders",
    "segment": "Segments",
    "partner": "Partners and advisers",
    "objective": "Outcome objectives",
    "measure": "Measures",
    "principle": "Principles",
    "service standard": "Service standards",
    "assessment": "Self-assessments",
    "initiative": "Initiatives",
    "journey": "Customer journeys",
}

#: Fields that hold entries compared in their own right, not as values of their owner.
_NESTED_ENTRIES = frozenset({"measures", "standards", "targets"})

#: The fields of a segment that place it in the cascade: a change is a cascade move.
_CASCADE_FIELDS = ("parent", "unit")

#: The pseudo-field that records a measure or standard moving to another owner.
OWNER_FIELD = "belongs to"

EMPTY_TEXT = "No changes to the model."


class Change(enum.Enum):
    """What happened to an entry between the two versions."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class FieldChange:
    """One field whose value differs: ``field`` is a dotted path such as ``size.value``."""

    field: str
    old: object
    new: object


@attrs.frozen(kw_only=True)
class EntityChange:
    """An entry added, removed or changed.

    ``kind`` is the word for the entry (``"segment"``, ``"measure"``...),
    ``label`` its name or statement (from the new version, or the old one if
    it was removed). ``owner`` is the objective or service standard a
    measure belongs to, or the principle a service standard belongs to.
    ``fields`` lists the fields that differ, for a changed entry.
    ``merged_into`` is, for a removed unit, the unit it is now part of: an entry of
    the new version names its id under ``same_as``, so the two are one body.
    """

    kind: str
    id: str
    change: Change
    label: str
    owner: str | None = None
    fields: tuple[FieldChange, ...] = ()
    merged_into: str | None = None
    #: For an initiative whose step changed: where it moved, in words ("moved from pilot
    #: (step 8) to roll out (step 9)"); empty otherwise.
    moved: str = ""


@attrs.frozen(kw_only=True)
class CascadeMove:
    """A segment that now refines another parent segment, or belongs to another unit."""

    segment: str
    label: str
    old_parent: str | None
    new_parent: str | None
    old_unit: str
    new_unit: str

    @property
    def parent_changed(self) -> bool:
        """Whether the segment moved under another parent (or to or from the top)."""
        return self.old_parent != self.new_parent

    @property
    def unit_changed(self) -> bool:
        """Whether the segment moved to another unit."""
        return self.old_unit != self.new_unit


@attrs.frozen(kw_only=True)
class EvidenceChange:
    """A result, feedback record or demand count added, removed or changed.

    ``kind`` is ``"result"``, ``"feedback"`` or ``"demand"``; ``about`` the
    measure or segment it is for; ``detail`` what else tells it apart (the
    breakdown, the source or the channel), empty when nothing does.
    """

    kind: str
    about: str
    period: str
    change: Change
    detail: str = ""
    fields: tuple[FieldChange, ...] = ()


@attrs.frozen(kw_only=True)
class StatusChange:
    """A measure whose progress status moved (on track to off track, say)."""

    measure: str
    label: str
    old: Status
    new: Status
    #: Why the new status is what it is (:attr:`cfgov.Progress.reason`).
    reason: str


#: The kinds of evidence in the order a diff lists them, with the word for one and many.
EVIDENCE_KINDS: dict[str, tuple[str, str]] = {
    "result": ("result", "results"),
    "feedback": ("feedback record", "feedback records"),
    "demand": ("demand count", "demand counts"),
}


@attrs.frozen(kw_only=True)
class ModelDiff:
    """Everything that differs between two versions of a model.

    ``entries`` are grouped by kind (in :data:`KINDS` order), then added,
    removed, changed. A segment's ``parent`` and ``unit`` are not listed
    among its field changes: a change to either is a :class:`CascadeMove`.
    ``introduced`` are findings of the new version that the old did not
    have, ``fixed`` those of the old version the new no longer has.
    """

    entries: tuple[EntityChange, ...] = ()
    moves: tuple[CascadeMove, ...] = ()
    introduced: tuple[Finding, ...] = ()
    fixed: tuple[Finding, ...] = ()
    #: Results, feedback and demand added, removed or changed.
    evidence: tuple[EvidenceChange, ...] = ()
    #: Measures whose progress status differs between the versions.
    statuses: tuple[StatusChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the two versions hold the same entries, evidence and findings."""
        return not (
            self.entries
            or self.moves
            or self.introduced
            or self.fixed
            or self.evidence
            or self.statuses
        )

    @property
    def added(self) -> tuple[EntityChange, ...]:
        """The entries only the new version has."""
        return self._with(Change.ADDED)

    @property
    def removed(self) -> tuple[EntityChange, ...]:
        """The entries only the old version has."""
        return self._with(Change.REMOVED)

    @property
    def changed(self) -> tuple[EntityChange, ...]:
        """The entries both versions have, with different values."""
        return self._with(Change.CHANGED)

    def _with(self, change: Change) -> tuple[EntityChange, ...]:
        return tuple(e for e in self.entries if e.change is change)

    def summary(self) -> str:
        """One line of counts: ``"1 added, 2 changed, 1 cascade move; 1 finding fixed"``."""
        if self.is_empty:
            return EMPTY_TEXT
        counts = [
            (len(self.added), "added", "added"),
            (len(self.removed), "removed", "removed"),
            (len(self.changed), "changed", "changed"),
            (len(self.moves), "cascade move", "cascade moves"),
        ]
        model = ", ".join(plural(n, one, many) for n, one, many in counts if n)
        parts = [model or "no changes to the entries"] if model or not self.evidence else []
        for kind, (_, many) in EVIDENCE_KINDS.items():
            counted = [
                f"{n:,} {change}"
                for change in Change
                if (n := sum(1 for e in self.evidence if e.kind == kind and e.change is change))
            ]
            if counted:
                parts.append(f"{many}: " + ", ".join(counted))
        if self.statuses:
            parts.append(plural(len(self.statuses), "measure") + " with a new status")
        findings = []
        if self.introduced:
            findings.append(f"{plural(len(self.introduced), 'finding')} introduced")
        if self.fixed:
            # "2 findings introduced, 1 fixed": the noun is said once.
            fixed = f"{len(self.fixed):,}" if findings else plural(len(self.fixed), "finding")
            findings.append(f"{fixed} fixed")
        if findings:
            parts.append(", ".join(findings))
        return "; ".join(parts)


# -- comparing ------------------------------------------------------------------------


def diff_models(
    old: Model,
    new: Model,
    *,
    old_findings: Sequence[Finding] = (),
    new_findings: Sequence[Finding] = (),
) -> ModelDiff:
    """Compare two versions of a model, and the findings of each if given.

    Entries are matched by kind and id, so renaming an entry (changing its
    ``name``) is a change, while changing its ``id`` is a removal and an
    addition. Findings are matched by code, entity, field and message,
    ignoring where they were found, since lines move when files are edited.
    """
    before = _entries(old)
    after = _entries(new)
    added: dict[str, list[EntityChange]] = {kind: [] for kind in KINDS}
    changed: dict[str, list[EntityChange]] = {kind: [] for kind in KINDS}
    removed: dict[str, list[EntityChange]] = {kind: [] for kind in KINDS}
    moves: list[CascadeMove] = []
    for key, (entity, owner) in after.items():
        kind = key[0]
        previous = before.get(key)
        if previous is None:
            added[kind].append(
                EntityChange(
                    kind=kind, id=entity.id, change=Change.ADDED, label=_label(entity), owner=owner
                )
            )
            continue
        old_entity, old_owner = previous
        fields = _field_changes(old_entity, entity)
        if owner != old_owner:
            fields.append(FieldChange(OWNER_FIELD, old_owner, owner))
        if fields:
            changed[kind].append(
                EntityChange(
                    kind=kind,
                    id=entity.id,
                    change=Change.CHANGED,
                    label=_label(entity),
                    owner=owner,
                    fields=tuple(fields),
                    moved=_step_moved(old_entity, entity),
                )
            )
        if isinstance(entity, Segment) and isinstance(old_entity, Segment):
            move = _move(old_entity, entity)
            if move is not None:
                moves.append(move)
    for key, (entity, owner) in before.items():
        if key not in after:
            kind = key[0]
            kept = new.canonical_id(entity.id) if kind == "unit" else entity.id
            removed[kind].append(
                EntityChange(
                    kind=kind,
                    id=entity.id,
                    change=Change.REMOVED,
                    label=_label(entity),
                    owner=owner,
                    merged_into=kept if kept != entity.id else None,
                )
            )
    ordered = [
        change for kind in KINDS for change in (*added[kind], *removed[kind], *changed[kind])
    ]
    return ModelDiff(
        entries=tuple(ordered),
        moves=tuple(moves),
        introduced=_unmatched(new_findings, old_findings),
        fixed=_unmatched(old_findings, new_findings),
        evidence=tuple(_evidence_changes(old, new)),
        statuses=tuple(_status_changes(old, new)),
    )


def _step_words(step: object) -> str:
    assert isinstance(step, enum.Enum)
    return f"{str(step.value).replace('_', ' ')} (step {getattr(step, 'number', '?')})"


def _step_moved(old: Entity, new: Entity) -> str:
    """Where an initiative moved in the ten steps, in words; empty if it did not."""
    if not isinstance(old, Initiative) or not isinstance(new, Initiative) or old.step is new.step:
        return ""
    way = "moved" if new.step.number > old.step.number else "moved back"
    return f"{way} from {_step_words(old.step)} to {_step_words(new.step)}"


def _about(record: Result | Feedback | Demand) -> tuple[str, str, str]:
    """What a record is for, its period, and what else tells it apart, as shown."""
    if isinstance(record, Result):
        return record.measure, record.period, record.breakdown_text
    if isinstance(record, Feedback):
        parts = [record.source, record.channel, record.service]
        return record.segment, record.period, ", ".join(p for p in parts if p)
    parts = [record.channel, record.service]
    return record.segment, record.period, ", ".join(p for p in parts if p)


def _evidence_changes(old: Model, new: Model) -> Iterator[EvidenceChange]:
    """Records matched on what they are about (measure or segment, period, breakdown...).

    Two records about the same thing (a repeated period, which CFG127 reports) are
    matched in the order they were read.
    """
    for kind, before, after in (
        ("result", old.results, new.results),
        ("feedback", old.feedback, new.feedback),
        ("demand", old.demand, new.demand),
    ):
        if before == after:
            continue
        waiting: dict[object, list[Result | Feedback | Demand]] = {}
        for record in before:
            waiting.setdefault(record.key, []).append(record)
        for record in after:
            about, period, detail = _about(record)
            matched = waiting.get(record.key)
            if not matched:
                yield EvidenceChange(
                    kind=kind, about=about, period=period, detail=detail, change=Change.ADDED
                )
                continue
            previous = matched.pop(0)
            if previous != record:
                yield EvidenceChange(
                    kind=kind,
                    about=about,
                    period=period,
                    detail=detail,
                    change=Change.CHANGED,
                    fields=tuple(_compare(previous, record, "")),
                )
        for records in waiting.values():
            for record in records:
                about, period, detail = _about(record)
                yield EvidenceChange(
                    kind=kind, about=about, period=period, detail=detail, change=Change.REMOVED
                )


def _status_changes(old: Model, new: Model) -> Iterator[StatusChange]:
    """Measures in both versions whose status differs, judged as cfgov.progress_of judges."""
    if not (old.results or new.results):
        return
    for _, measure in new.measures():
        if old.get(measure.id) is None or old.kind_of(measure.id) != "measure":
            continue
        before = progress_of(old, measure.id)
        after = progress_of(new, measure.id)
        if before.status is not after.status:
            yield StatusChange(
                measure=measure.id,
                label=measure.name,
                old=before.status,
                new=after.status,
                reason=after.reason,
            )


def _entries(model: Model) -> dict[tuple[str, str], tuple[Entity, str | None]]:
    """Every entry of a model keyed by (kind, id), with the id of the entry it belongs to."""
    found: dict[tuple[str, str], tuple[Entity, str | None]] = {}

    def add(entity: Entity, owner: str | None = None) -> None:
        found[(KIND_NAMES[type(entity)], entity.id)] = (entity, owner)

    for collection in (
        model.units,
        model.aims,
        model.stakeholders,
        model.segments,
        model.partners,
    ):
        for entity in collection:
            add(entity)
    for objective in model.objectives:
        add(objective)
    for principle in model.principles:
        add(principle)
    for owner, measure in model.measures():
        add(measure, owner.id)
    for principle in model.principles:
        for standard in principle.standards:
            add(standard, principle.id)
    for standing in (model.assessments, model.initiatives, model.journeys):
        for entry in standing:
            add(entry)
    return found


def _label(entity: Entity) -> str:
    if isinstance(entity, (Aim, OutcomeObjective, ServiceStandard)):
        return entity.statement
    if isinstance(entity, Assessment):
        return f"self-assessment of {entity.unit} on {entity.date}"
    return entity.name


def _skipped(entity: Entity) -> frozenset[str]:
    """Fields of an entry that the diff reports elsewhere, or not at all."""
    if isinstance(entity, Segment):
        return frozenset({"id", *_CASCADE_FIELDS})
    if isinstance(entity, (OutcomeObjective, Principle, ServiceStandard)):
        return frozenset({"id"}) | _NESTED_ENTRIES
    return frozenset({"id"})


def _field_changes(old: Entity, new: Entity) -> list[FieldChange]:
    skipped = _skipped(new)
    return [c for c in _compare(old, new, "") if c.field.partition(".")[0] not in skipped]


def _compare(old: object, new: object, prefix: str) -> Iterator[FieldChange]:
    """The fields of two attrs objects of one class that differ, nested objects field by field."""
    for attribute in attrs.fields(type(old)):  # type: ignore[arg-type]
        before = getattr(old, attribute.name)
        after = getattr(new, attribute.name)
        if before == after:
            continue
        path = prefix + attribute.name
        if attrs.has(type(before)) and type(before) is type(after):
            yield from _compare(before, after, path + ".")
        elif _parts(before) and _parts(after):
            yield from _compare_parts(before, after, path + ".")
        else:
            yield FieldChange(path, before, after)


#: Nested entries without ids compared one by one: by what names them within their owner
#: (an assessment's component, a step record's step), else by position from 1 (a journey's
#: stages).
_PART_KEYS: dict[type, str | None] = {
    ComponentAssessment: "component",
    StepRecord: "step",
    JourneyStage: None,
    JourneyStep: None,
}


def _parts(value: object) -> bool:
    """Whether a value is a list of nested entries compared one by one (or empty)."""
    return isinstance(value, tuple) and all(type(v) in _PART_KEYS for v in value)


def _part_keys(items: tuple[object, ...]) -> dict[str, object]:
    """Each part under the words naming it: ``understand_the_customer``, ``pilot``, ``1``;
    a second record of one step is ``pilot.2``."""
    keyed: dict[str, object] = {}
    for index, item in enumerate(items):
        field = _PART_KEYS[type(item)]
        if field is None:
            # Counted from 1, as the rules' messages, the site and the frames count stages
            # and steps: an analyst reads "stages.2" as the second stage.
            keyed[str(index + 1)] = item
            continue
        value = getattr(item, field)
        word = str(value.value if isinstance(value, enum.Enum) else value)
        key, count = word, 1
        while key in keyed:
            count += 1
            key = f"{word}.{count}"
        keyed[key] = item
    return keyed


def _compare_parts(
    old: tuple[object, ...], new: tuple[object, ...], prefix: str
) -> Iterator[FieldChange]:
    """Parts added, removed and changed, each named by its key (``components.pilot.level``)."""
    before, after = _part_keys(old), _part_keys(new)
    for key, item in after.items():
        if key not in before:
            yield FieldChange(prefix + key, None, item)
        elif before[key] != item:
            yield from _compare(before[key], item, f"{prefix}{key}.")
    for key, item in before.items():
        if key not in after:
            yield FieldChange(prefix + key, item, None)


def _move(old: Segment, new: Segment) -> CascadeMove | None:
    if old.parent == new.parent and old.unit == new.unit:
        return None
    return CascadeMove(
        segment=new.id,
        label=new.name,
        old_parent=old.parent,
        new_parent=new.parent,
        old_unit=old.unit,
        new_unit=new.unit,
    )


def _finding_key(finding: Finding) -> tuple[str, str | None, str | None, str]:
    return (finding.code, finding.entity, finding.field, finding.message)


def _unmatched(findings: Sequence[Finding], others: Sequence[Finding]) -> tuple[Finding, ...]:
    """The findings with no match among ``others``; each match is used once."""
    available = Counter(_finding_key(f) for f in others)
    left: list[Finding] = []
    for finding in findings:
        key = _finding_key(finding)
        if available[key]:
            available[key] -= 1
        else:
            left.append(finding)
    return tuple(left)


# -- showing values -------------------------------------------------------------------

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _escape_controls(text: str) -> str:
    """Control characters, invisible line breaks and text-direction overrides made visible.

    Model text goes to terminals and web pages: an escape sequence or a
    right-to-left override in a name must not change how the rest is shown.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        if unicodedata.category(char) in {"Cc", "Zl", "Zp"} or char in _BIDI_CONTROLS:
            out.append(f"\\u{ord(char):04x}" if ord(char) > 0xFF else f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return "".join(out)


def _plain(value: object) -> str:
    """A value written as in the YAML files: words, numbers, ``[a, b]`` and ``{key: value}``."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, Suppression):
        return f"{value.code}: {value.reason}"
    if isinstance(value, tuple):
        if value and all(isinstance(v, Suppression) for v in value):
            return "{" + ", ".join(_plain(v) for v in value) + "}"
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if attrs.has(type(value)):
        parts = []
        for attribute in attrs.fields(type(value)):  # type: ignore[arg-type]
            item = getattr(value, attribute.name)
            if item is None or item == ():
                continue
            parts.append(f"{attribute.name}: {_plain(item)}")
        return "{" + ", ".join(parts) + "}"
    return repr(value)


def _shorten(text: str, limit: int = 80) -> str:
    """A label cut at a word boundary; the id beside it names the entry in full."""
    return shorten(text, limit)


# -- text -----------------------------------------------------------------------------


def _text_value(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return _escape_controls(json.dumps(value, ensure_ascii=False))  # quoted, \n escaped
    return _escape_controls(_LINE_BREAK.sub("\\\\n", _plain(value)))


def _text_label(text: str) -> str:
    return _escape_controls(_shorten(text))


def _owner_words(change: EntityChange) -> str:
    if change.merged_into is not None:
        return f" (now one body with {change.merged_into!r}, which names it under same_as)"
    if change.owner is None:
        return ""
    if change.kind == "service standard":
        return f" (under principle {change.owner})"
    return f" (of {change.owner})"


def render_diff_text(diff: ModelDiff) -> str:
    """The diff for a terminal: ``+`` added, ``-`` removed, ``~`` changed, then a summary line.

    Ends with a newline. Model text is quoted and its control characters
    escaped, so a name cannot disturb the terminal.
    """
    if diff.is_empty:
        return EMPTY_TEXT + "\n"
    lines: list[str] = []
    marks = {Change.ADDED: "+", Change.REMOVED: "-", Change.CHANGED: "~"}
    for kind, heading in KINDS.items():
        entries = [e for e in diff.entries if e.kind == kind]
        if not entries:
            continue
        lines.append(heading)
        for entry in entries:
            ident = _escape_controls(entry.id)
            lines.append(
                f"  {marks[entry.change]} {ident}  {_text_label(entry.label)}"
                + (
                    _escape_controls(_owner_words(entry))
                    if entry.change is not Change.CHANGED
                    else ""
                )
            )
            if entry.moved:
                lines.append(f"      {entry.moved}")
            for field in entry.fields:
                lines.append(
                    f"      {field.field}: {_text_value(field.old)} -> {_text_value(field.new)}"
                )
        lines.append("")
    if diff.moves:
        lines.append("Cascade moves")
        for move in diff.moves:
            steps = []
            if move.parent_changed:
                steps.append(
                    f"parent {_text_place(move.old_parent)} -> {_text_place(move.new_parent)}"
                )
            if move.unit_changed:
                steps.append(
                    f"unit {_escape_controls(move.old_unit)} -> {_escape_controls(move.new_unit)}"
                )
            lines.append(
                f"  {_escape_controls(move.segment)}  {_text_label(move.label)}: "
                + ", ".join(steps)
            )
        lines.append("")
    if diff.evidence:
        lines.append("Evidence")
        for change in diff.evidence:
            detail = f" ({_escape_controls(change.detail)})" if change.detail else ""
            lines.append(
                f"  {marks[change.change]} {EVIDENCE_KINDS[change.kind][0]} "
                f"{_escape_controls(change.about)} {_escape_controls(change.period)}{detail}"
            )
            for field in change.fields:
                lines.append(
                    f"      {field.field}: {_text_value(field.old)} -> {_text_value(field.new)}"
                )
        lines.append("")
    if diff.statuses:
        lines.append("Progress")
        for status in diff.statuses:
            lines.append(
                f"  {_escape_controls(status.measure)}  {_text_label(status.label)}: "
                f"{status.old.words} -> {status.new.words}"
            )
            lines.append(f"      {_escape_controls(_LINE_BREAK.sub(' ', status.reason))}")
        lines.append("")
    for title, findings, mark in (
        ("Findings introduced", diff.introduced, "+"),
        ("Findings fixed", diff.fixed, "-"),
    ):
        if findings:
            lines.append(title)
            lines.extend(f"  {mark} {_text_finding(f)}" for f in findings)
            lines.append("")
    lines.append(f"Compared: {diff.summary()}.")
    return "\n".join(lines) + "\n"


def _text_place(parent: str | None) -> str:
    return "(top of the cascade)" if parent is None else _escape_controls(parent)


def _text_finding(finding: Finding) -> str:
    where = str(finding.location) if finding.location is not None else finding.entity or ""
    where = f"{where}: " if where else ""
    text = f"{where}{finding.code} {finding.severity}: {finding.message}"
    return _escape_controls(_LINE_BREAK.sub(" ", text))


# -- Markdown -------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")
_BACKTICKS = re.compile(r"`+")


def markdown_text(text: str) -> str:
    """Text as it should read in Markdown: on one line, with no character taken as markup."""
    flat = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _escape_controls(flat))


def markdown_code(text: str, *, in_table: bool = False) -> str:
    """Text as an inline code span that no backtick, ``|`` or line break inside can break.

    Line breaks are shown as ``↵``. In a table cell ``|`` is escaped, which
    GitHub-flavoured Markdown undoes inside code spans.
    """
    body = _escape_controls(_LINE_BREAK.sub("↵", text))
    longest = max((len(run) for run in _BACKTICKS.findall(body)), default=0)
    fence = "`" * (longest + 1)
    if body.startswith("`") or body.endswith("`") or (body and not body.strip(" ")):
        body = f" {body} "
    if not body:
        body = " "
    if in_table:
        body = body.replace("|", "\\|")
    return f"{fence}{body}{fence}"


def _md_value(value: object) -> str:
    if value is None:
        return "*none*"
    return markdown_code(_plain(value), in_table=True)


def _md_owner(change: EntityChange) -> str:
    if change.merged_into is not None:
        return (
            f" (now one body with {markdown_code(change.merged_into)}, which names it under "
            "`same_as`)"
        )
    if change.owner is None:
        return ""
    owner = markdown_code(change.owner)
    if change.kind == "service standard":
        return f" (under principle {owner})"
    return f" (of {owner})"


def render_diff_markdown(diff: ModelDiff, *, title: str = "Changes to the model") -> str:
    """The diff as GitHub-flavoured Markdown, fit to post as a pull-request comment.

    A heading, a summary line of counts, a section per kind of entry with a
    table of field changes for each changed entry, the cascade moves, then
    findings introduced and fixed. Values sit in code spans, escaped so that
    ``|`` and line breaks cannot break a table. Ends with a newline.
    """
    lines = [f"## {markdown_text(title)}", ""]
    if diff.is_empty:
        lines.append(EMPTY_TEXT)
        return "\n".join(lines) + "\n"
    lines += [f"**{markdown_text(diff.summary())}**", ""]
    for kind, heading in KINDS.items():
        entries = [e for e in diff.entries if e.kind == kind]
        if not entries:
            continue
        lines += [f"### {heading}", ""]
        for change, verb in ((Change.ADDED, "Added"), (Change.REMOVED, "Removed")):
            listed = [e for e in entries if e.change is change]
            if listed:
                lines.append(f"{verb}:")
                lines += [
                    f"- {markdown_code(e.id)} {markdown_text(_shorten(e.label))}{_md_owner(e)}"
                    for e in listed
                ]
                lines.append("")
        for entry in entries:
            if entry.change is not Change.CHANGED:
                continue
            moved = f" {markdown_text(entry.moved)}" if entry.moved else ""
            lines += [
                f"Changed {markdown_code(entry.id)} {markdown_text(_shorten(entry.label))}:{moved}",
                "",
                "| field | before | after |",
                "|---|---|---|",
            ]
            lines += [
                f"| {markdown_code(f.field, in_table=True)} | {_md_value(f.old)} "
                f"| {_md_value(f.new)} |"
                for f in entry.fields
            ]
            lines.append("")
    if diff.moves:
        lines += [
            "### Cascade moves",
            "",
            "| segment | before | after |",
            "|---|---|---|",
        ]
        for move in diff.moves:
            name = markdown_code(move.segment, in_table=True)
            name += f" {markdown_text(_shorten(move.label))}"
            lines.append(
                f"| {name} | {_md_place(move.old_parent, move.old_unit)} "
                f"| {_md_place(move.new_parent, move.new_unit)} |"
            )
        lines.append("")
    if diff.evidence:
        lines += [
            "### Evidence",
            "",
            "| change | kind | for | period | detail | fields |",
            "|---|---|---|---|---|---|",
        ]
        for record in diff.evidence:
            fields = "; ".join(
                f"{markdown_code(f.field, in_table=True)} {_md_value(f.old)} → {_md_value(f.new)}"
                for f in record.fields
            )
            lines.append(
                f"| {record.change} | {EVIDENCE_KINDS[record.kind][0]} "
                f"| {markdown_code(record.about, in_table=True)} "
                f"| {markdown_code(record.period, in_table=True)} "
                f"| {markdown_text(record.detail)} | {fields} |"
            )
        lines.append("")
    if diff.statuses:
        lines += [
            "### Progress",
            "",
            "| measure | before | after | why |",
            "|---|---|---|---|",
        ]
        for status in diff.statuses:
            name = markdown_code(status.measure, in_table=True)
            lines.append(
                f"| {name} {markdown_text(_shorten(status.label))} | {status.old.words} "
                f"| {status.new.words} | {markdown_text(status.reason)} |"
            )
        lines.append("")
    for heading, findings in (
        ("Findings introduced", diff.introduced),
        ("Findings fixed", diff.fixed),
    ):
        if not findings:
            continue
        lines += [
            f"### {heading}",
            "",
            "| where | code | severity | message |",
            "|---|---|---|---|",
        ]
        for finding in findings:
            where = str(finding.location) if finding.location is not None else finding.entity
            shown = markdown_code(where, in_table=True) if where else ""
            lines.append(
                f"| {shown} | {markdown_text(finding.code)} | {finding.severity} "
                f"| {markdown_text(finding.message)} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_place(parent: str | None, unit: str) -> str:
    above = (
        "top of the cascade" if parent is None else f"under {markdown_code(parent, in_table=True)}"
    )
    return f"{above}, unit {markdown_code(unit, in_table=True)}"
