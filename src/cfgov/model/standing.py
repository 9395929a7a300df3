"""Where a unit stands on Barker's four components, as far as the model can tell.

A team's self-assessment (:class:`~cfgov.model.assessment.Assessment`) says
what level it places itself at; :func:`standing_of` says what the model's own
facts support for the same unit and every unit below it, component by
component, on cfgov's scale (:class:`~cfgov.model.enums.Level`):

* ``level``: the level the evidence in the model supports, or None where the
  model holds nothing to judge from;
* ``reasons``: short sentences with the counts and ids the level rests on;
* ``ceiling``: the highest claim the evidence does not contradict, with the
  fact that contradicts anything higher (``contradiction``).

The ceiling is lenient on purpose: much of what each component asks (staff
appraisal, a vision, the brand) is not in the model, so a claim is only
contradicted by a clear fact, such as "established" for understanding the
customer where no target segment has an outcome objective. The level the
model supports stops at ``established`` for every component but the first,
for the same reason.

:func:`changes_of` compares a unit's latest sitting with the one before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from cfgov.model.enums import (
    Closeness,
    Component,
    Level,
    MeasureKind,
    MeasureType,
    PartnerRole,
    Perspective,
    SourceKind,
    Stage,
    _Vocabulary,
)
from cfgov.model.experience import AREAS, areas_of
from cfgov.model.progress import Status, progress_of

if TYPE_CHECKING:
    from cfgov.model.assessment import Assessment
    from cfgov.model.model import Model
    from cfgov.model.objectives import Measure, OutcomeObjective
    from cfgov.model.programme import Initiative
    from cfgov.model.segments import Segment

#: How many ids a reason lists before it says "and N more".
SHOWN_IDS = 5


@attrs.frozen(kw_only=True)
class ComponentView:
    """What the model can say about one component for a unit."""

    component: Component
    #: The level the model's evidence supports; None when it holds nothing to judge from.
    level: Level | None
    #: Why, as short sentences naming counts and ids.
    reasons: tuple[str, ...]
    #: The highest claim the evidence does not contradict.
    ceiling: Level = Level.LEADING
    #: The fact that rules out any claim above the ceiling (None when nothing does).
    contradiction: str | None = None

    def contradicts(self, claimed: Level) -> bool:
        """Whether the model's evidence contradicts a claim of this level."""
        return claimed.rank > self.ceiling.rank


@attrs.frozen(kw_only=True)
class Ceiling:
    """The highest claim on one component that the model's evidence does not contradict,
    with the fact that rules out anything higher (as :class:`ComponentView` holds it)."""

    component: Component
    level: Level = Level.LEADING
    #: The fact that rules out any claim above ``level`` (None when nothing does).
    contradiction: str | None = None

    def contradicts(self, claimed: Level) -> bool:
        """Whether the model's evidence contradicts a claim of this level."""
        return claimed.rank > self.level.rank


@attrs.frozen(kw_only=True)
class Standing:
    """The model's view of each of the four components, for a unit and the units below it."""

    unit: str
    #: The units whose facts were looked at: the unit and every unit below it.
    scope: frozenset[str]
    views: tuple[ComponentView, ...]

    def view_of(self, component: Component | str) -> ComponentView:
        """The view of one component."""
        wanted = Component(component)
        return next(v for v in self.views if v.component is wanted)


class LevelChange(_Vocabulary):
    """How a component's claimed level moved since the previous sitting."""

    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"


@attrs.frozen(kw_only=True)
class ComponentChange:
    """One component's level at the latest sitting beside the one before it."""

    component: Component
    level: Level
    #: The level at the previous sitting that scored this component; None when none did.
    previous: Level | None
    change: LevelChange


def ids_text(ids: Iterable[str], limit: int = SHOWN_IDS) -> str:
    """Ids as a reason lists them: "a, b, c", or "a, b, c, d, e and 3 more"."""
    listed = list(ids)
    shown = ", ".join(listed[:limit])
    if len(listed) > limit:
        shown += f" and {len(listed) - limit} more"
    return shown


def _count(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _of(part: int, whole: int, noun: str, verb: str = "have") -> str:
    """``1 of 3 target segments has``: the noun agrees with the whole, the verb with the part."""
    said = {"have": "has", "are": "is", "give": "gives", "watch": "watches"}[verb]
    return f"{part} of {_count(whole, noun)} {said if part == 1 else verb}"


def _listing(items: Sequence[str]) -> str:
    return f" ({ids_text(items)})" if items else ""


class _Facts:
    """The entities of a unit's scope, gathered once for the four components."""

    def __init__(self, model: Model, unit_id: str) -> None:
        # A unit's other id (its ``same_as``) finds it; the indexes hold it by its own id.
        unit_id = model.unit(unit_id).id
        self.unit_id = unit_id
        self.model = model
        self.scope = frozenset({unit_id} | model.descendants_of(unit_id))
        self.segments: list[Segment] = [
            s for u in sorted(self.scope) for s in model.segments_owned_by(u)
        ]
        self.segments.sort(key=lambda s: s.id)
        self.targets = [s for s in self.segments if s.is_target]
        # Through the model's indexes, not a scan of every objective: a standing per unit
        # stays linear in the unit's scope (CFG138, the report and the site ask for many).
        chosen: dict[str, OutcomeObjective] = {}
        for u in sorted(self.scope):
            for o in model.objectives_of(u):
                chosen.setdefault(o.id, o)
        for s in self.segments:
            for o in model.objectives_for(s.id):
                chosen.setdefault(o.id, o)
        self.objectives: list[OutcomeObjective] = sorted(chosen.values(), key=lambda o: o.id)
        seen: set[str] = set()
        self.measures: list[Measure] = []
        self.unmeasured: list[str] = []
        for objective in self.objectives:
            found = model.measures_for(objective.id)
            if not found:
                self.unmeasured.append(objective.id)
            for measure in found:
                if measure.id not in seen:
                    seen.add(measure.id)
                    self.measures.append(measure)
        self.initiatives: list[Initiative] = [
            i for u in sorted(self.scope) for i in model.initiatives_of(u)
        ]

    def with_objective(self, segment: Segment) -> bool:
        """An objective names the segment, a broader one above it, or one below it (CFG111)."""
        model = self.model
        return any(model.objectives_for(s.id) for s in model.branch_of(segment.id))

    def with_knowledge(self, segment: Segment) -> bool:
        return any(s.knowledge_sources for s in self.model.lineage_of(segment.id))

    def with_direct_knowledge(self, segment: Segment) -> bool:
        return any(
            k.closeness is Closeness.DIRECT
            for s in self.model.lineage_of(segment.id)
            for k in s.knowledge_sources
        )

    def engaged(self, segment: Segment) -> bool:
        """A representative, or a knowledge source in direct contact (as CFG123 asks)."""
        return self.represented(segment) or self.with_direct_knowledge(segment)

    def represented(self, segment: Segment) -> bool:
        return any(
            p.role is PartnerRole.REPRESENTATIVE
            for s in self.model.lineage_of(segment.id)
            for p in self.model.representatives_of(s.id)
        )

    def heard(self, segment: Segment) -> bool:
        """Feedback records for it or a segment below it, or a knowledge source of feedback."""
        model = self.model
        below = [segment, *model.sub_segments_of(segment.id, recursive=True)]
        if any(model.feedback_for(s.id) for s in below):
            return True
        return any(
            k.kind is SourceKind.FEEDBACK
            for s in model.lineage_of(segment.id)
            for k in s.knowledge_sources
        )


def customer_side(measure: Measure) -> bool:
    """An outcome or impact for customers, or a measure taken end to end."""
    return measure.kind in (MeasureKind.OUTCOME, MeasureKind.IMPACT) or (
        measure.perspective is Perspective.END_TO_END
    )


def internal_only(measure: Measure) -> bool:
    """Said to be an output, or internal, and not said to be for customers in any way."""
    said_internal = measure.kind is MeasureKind.OUTPUT or (
        measure.perspective is Perspective.INTERNAL
    )
    return said_internal and not customer_side(measure)


def is_rating(measure: Measure) -> bool:
    """A rating, or a measure of satisfaction by its name."""
    return measure.type is MeasureType.RATING or "satisf" in measure.name.casefold()


def _understand(facts: _Facts) -> ComponentView:
    component = Component.UNDERSTAND
    segments, targets = facts.segments, facts.targets
    if not targets:
        reasons = [
            f"{_count(len(segments), 'segment')} in the unit and the units below it, "
            "none of them a target segment."
        ]
        return _view(component, Level.NOT_STARTED, reasons, _understand_ceiling(facts, ()))
    cut = [s.id for s in segments if s.parent is not None]
    with_objective = [s.id for s in targets if facts.with_objective(s)]
    without = [s.id for s in targets if s.id not in set(with_objective)]
    known = [s.id for s in targets if facts.with_knowledge(s)]
    unknown = [s.id for s in targets if s.id not in set(known)]
    direct = [s.id for s in targets if facts.with_direct_knowledge(s)]
    reasons = [
        f"{_count(len(targets), 'target segment')}{_listing([s.id for s in targets])}, "
        f"{_count(len(cut), 'sub-segment')} cut from broader ones.",
        f"{_of(len(with_objective), len(targets), 'target segment')} an outcome objective"
        + (f"; none for {ids_text(without)}." if without else "."),
        f"{_of(len(known), len(targets), 'target segment')} a knowledge source"
        + (f"; none for {ids_text(unknown)}." if unknown else "."),
    ]
    if not with_objective:
        level = Level.EMERGING
    elif not cut or without or unknown:
        level = Level.DEVELOPING
    elif len(direct) < len(targets):
        level = Level.ESTABLISHED
        reasons.append(
            f"{_of(len(direct), len(targets), 'target segment', 'are')} known from a source in "
            "direct contact with the customers."
        )
    else:
        level = Level.LEADING
        reasons.append("Every target segment is known from a source in direct contact.")
    return _view(component, level, reasons, _understand_ceiling(facts, without))


def _understand_ceiling(facts: _Facts, without: Sequence[str]) -> Ceiling:
    """``without``: the ids of the target segments with no outcome objective."""
    component, targets = Component.UNDERSTAND, facts.targets
    if not targets:
        return Ceiling(
            component=component,
            level=Level.EMERGING,
            contradiction="there is no target segment in the unit or any unit below it",
        )
    # The scale's own words (docs/assessment.md): "developing" has objectives for some
    # target segments, "established" for every one; a claim above what holds is contradicted.
    if len(without) == len(targets):
        return Ceiling(
            component=component,
            level=Level.EMERGING,
            contradiction=f"none of the {_count(len(targets), 'target segment')} has an "
            "outcome objective",
        )
    if without:
        return Ceiling(
            component=component,
            level=Level.DEVELOPING,
            contradiction=f"{_count(len(without), 'target segment')} ({ids_text(without)}) "
            f"{'has' if len(without) == 1 else 'have'} no outcome objective",
        )
    return Ceiling(component=component)


def _view(
    component: Component, level: Level | None, reasons: list[str], ceiling: Ceiling
) -> ComponentView:
    return ComponentView(
        component=component,
        level=level,
        reasons=tuple(reasons),
        ceiling=ceiling.level,
        contradiction=ceiling.contradiction,
    )


def _operations(facts: _Facts) -> ComponentView:
    component = Component.OPERATIONS
    measures = facts.measures
    if not facts.objectives:
        reasons = ["No outcome objective for the unit's segments, so nothing to measure."]
        return _view(component, None, reasons, _operations_ceiling(facts))
    if not measures:
        reasons = [f"{_count(len(facts.objectives), 'objective')}, none with a measure."]
        return _view(component, Level.NOT_STARTED, reasons, _operations_ceiling(facts))
    customer = [m.id for m in measures if customer_side(m)]
    internal = [m.id for m in measures if internal_only(m)]
    # A standard's areas count for each of its targets (docs/journeys.md), as in the matrix.
    watched = {m.id: areas_of(facts.model, m) for m in measures}
    tagged = [m.id for m in measures if watched[m.id]]
    areas = [str(a) for a in AREAS if any(a in found for found in watched.values())]
    with_results = [m.id for m in measures if facts.model.results_for(m.id)]
    reasons = [
        f"{_count(len(measures), 'measure')} of {_count(len(facts.objectives), 'objective')}"
        + (f"; {ids_text(facts.unmeasured)} unmeasured." if facts.unmeasured else "."),
        f"{_of(len(customer), len(measures), 'measure', 'are')} outcomes or taken end to end"
        + (
            f"; {_count(len(internal), 'is', 'are')} only outputs or internal." if internal else "."
        ),
        f"{_of(len(tagged), len(measures), 'measure', 'watch')} an area of the customer's "
        "experience" + (f" ({', '.join(areas)})." if areas else "."),
        f"{_of(len(with_results), len(measures), 'measure')} results.",
    ]
    if not customer:
        level = Level.EMERGING
    elif facts.unmeasured or 2 * len(customer) < len(measures) or not tagged or not with_results:
        level = Level.DEVELOPING
    else:
        level = Level.ESTABLISHED
        reasons.append("Staff motivation and appraisal are not in the model, so it goes no higher.")
    return _view(component, level, reasons, _operations_ceiling(facts))


def _operations_ceiling(facts: _Facts) -> Ceiling:
    component, measures = Component.OPERATIONS, facts.measures
    if not facts.objectives:
        return Ceiling(component=component)
    if not measures:
        return Ceiling(
            component=component,
            level=Level.EMERGING,
            contradiction=f"none of the {_count(len(facts.objectives), 'objective')} is measured",
        )
    internal = [m.id for m in measures if internal_only(m)]
    if len(internal) == len(measures):
        return Ceiling(
            component=component,
            level=Level.DEVELOPING,
            contradiction=f"every measure ({ids_text(internal)}) is an output or internal: "
            "none is what customers value",
        )
    return Ceiling(component=component)


def _relationships(facts: _Facts) -> ComponentView:
    component = Component.RELATIONSHIPS
    targets = facts.targets
    if not targets:
        reasons = ["No target segment in the unit or below it, so no one to engage."]
        return _view(component, None, reasons, Ceiling(component=component))
    represented = [s.id for s in targets if facts.represented(s)]
    engaged = [s.id for s in targets if facts.engaged(s)]
    heard = [s.id for s in targets if facts.heard(s)]
    first = [s for s in targets if s.priority == 1] or targets
    first_heard = [s.id for s in first if s.id in set(heard)]
    unengaged = [s.id for s in targets if s.id not in set(engaged)]
    reasons = [
        f"{_of(len(represented), len(targets), 'target segment')} a representative.",
        f"{_of(len(engaged), len(targets), 'target segment', 'are')} engaged through a "
        "representative or direct contact"
        + (f"; not {ids_text(unengaged)}." if unengaged else "."),
        f"{_of(len(heard), len(targets), 'target segment', 'give')} feedback (records, or a "
        "feedback source).",
    ]
    if not engaged and not heard:
        level = Level.NOT_STARTED
    elif 2 * len(engaged) < len(targets) or not heard:
        level = Level.EMERGING
    elif unengaged or len(first_heard) < len(first):
        level = Level.DEVELOPING
    else:
        level = Level.ESTABLISHED
        reasons.append(
            "Roles, responsibilities and the brand are not in the model, so it goes no higher."
        )
    ceiling = _relationships_ceiling(facts, engaged=bool(engaged), heard=bool(heard))
    return _view(component, level, reasons, ceiling)


def _relationships_ceiling(facts: _Facts, *, engaged: bool, heard: bool) -> Ceiling:
    """``engaged``, ``heard``: whether any target segment is engaged, or gives feedback."""
    component, targets = Component.RELATIONSHIPS, facts.targets
    if targets and not engaged and not heard:
        return Ceiling(
            component=component,
            level=Level.EMERGING,
            contradiction=f"none of the {_count(len(targets), 'target segment')} has a "
            "representative, direct contact or feedback",
        )
    if targets and not heard:
        return Ceiling(
            component=component,
            level=Level.DEVELOPING,
            contradiction=f"none of the {_count(len(targets), 'target segment')} gives any "
            "feedback",
        )
    return Ceiling(component=component)


def _outcomes(facts: _Facts) -> ComponentView:
    component = Component.OUTCOMES
    measures = facts.measures
    implemented = [i.id for i in facts.initiatives if i.stage is Stage.IMPLEMENT]
    if not facts.objectives and not facts.initiatives:
        reasons = ["No outcome objective and no initiative, so no outcome to judge."]
        return _view(component, None, reasons, Ceiling(component=component))
    statuses = {
        m.id: progress_of(facts.model, m).status for m in measures if facts.model.results_for(m.id)
    }
    good = [m for m, s in statuses.items() if s in (Status.MET, Status.ON_TRACK)]
    reasons = [
        (
            f"{_of(len(statuses), len(measures), 'measure')} results"
            + (f"; {len(good)} met or on track ({ids_text(good)})." if good else ".")
        )
        if measures
        else "No measure of the unit's objectives.",
        (
            f"{_count(len(facts.initiatives), 'initiative')}, {len(implemented)} at the "
            f"Implement stage{_listing(implemented)}."
            if facts.initiatives
            else "No initiative."
        ),
    ]
    if not statuses and not facts.initiatives:
        level = Level.NOT_STARTED
    elif not measures or (2 * len(statuses) < len(measures) and not implemented):
        level = Level.EMERGING
    elif not good or not implemented or 2 * len(statuses) < len(measures):
        level = Level.DEVELOPING
    else:
        level = Level.ESTABLISHED
        reasons.append(
            "A vision from the customer's side and redesign across functions are not in the "
            "model, so it goes no higher."
        )
    ceiling = _outcomes_ceiling(facts, results=bool(statuses), implemented=bool(implemented))
    return _view(component, level, reasons, ceiling)


def _outcomes_ceiling(facts: _Facts, *, results: bool, implemented: bool) -> Ceiling:
    """``results``: whether any measure has results; ``implemented``: whether any
    initiative has reached the Implement stage."""
    component = Component.OUTCOMES
    if (facts.objectives or facts.initiatives) and not results and not implemented:
        return Ceiling(
            component=component,
            level=Level.DEVELOPING,
            contradiction="no measure has results and no initiative has reached the "
            "Implement stage",
        )
    return Ceiling(component=component)


def standing_of(model: Model, unit_id: str) -> Standing:
    """What the model supports for each component, for a unit and every unit below it.

    A unit's other id (its ``same_as``) gives the unit's standing, under its own id.
    Raises :class:`KeyError` when the model has no unit ``unit_id``.
    """
    facts = _Facts(model, unit_id)
    return Standing(
        unit=facts.unit_id,
        scope=facts.scope,
        views=(_understand(facts), _operations(facts), _relationships(facts), _outcomes(facts)),
    )


def ceilings_of(model: Model, unit_id: str) -> tuple[Ceiling, ...]:
    """The ceiling of each of the four components for a unit, as :func:`standing_of` gives
    them, without the levels and reasons: each question is asked only until it is answered
    (whether any target segment gives feedback, whether any measure has results), so it
    costs much less than the whole standing of a unit with many segments below it.

    Raises :class:`KeyError` when the model has no unit ``unit_id``.
    """
    facts = _Facts(model, unit_id)
    targets = facts.targets
    return (
        _understand_ceiling(facts, [s.id for s in targets if not facts.with_objective(s)]),
        _operations_ceiling(facts),
        _relationships_ceiling(
            facts,
            engaged=any(facts.engaged(s) for s in targets),
            heard=any(facts.heard(s) for s in targets),
        ),
        _outcomes_ceiling(
            facts,
            results=any(model.results_for(m.id) for m in facts.measures),
            implemented=any(i.stage is Stage.IMPLEMENT for i in facts.initiatives),
        ),
    )


def change_between(
    previous: Sequence[Assessment], current: Assessment
) -> tuple[ComponentChange, ...]:
    """Each component of ``current`` beside its level at the latest of ``previous`` that
    scored it (``previous`` oldest first)."""
    changes = []
    for part in current.components:
        before = next(
            (
                level
                for sitting in reversed(previous)
                if (level := sitting.level_of(part.component)) is not None
            ),
            None,
        )
        if before is None:
            change = LevelChange.NEW
        elif part.level.rank > before.rank:
            change = LevelChange.UP
        elif part.level.rank < before.rank:
            change = LevelChange.DOWN
        else:
            change = LevelChange.SAME
        changes.append(
            ComponentChange(
                component=part.component, level=part.level, previous=before, change=change
            )
        )
    return tuple(changes)


def changes_of(model: Model, unit_id: str) -> tuple[ComponentChange, ...]:
    """The change at a unit's latest sitting since the ones before it; empty with no sitting."""
    history = model.assessments_of(unit_id)
    if not history:
        return ()
    return change_between(history[:-1], history[-1])
