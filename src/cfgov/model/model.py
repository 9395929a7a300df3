"""The :class:`Model` aggregate: every entity, indexed, with the queries users need.

A model is plain, immutable data. Building one checks its integrity (unique
ids, references that resolve, no cycles) and raises :class:`ModelError` with
every problem at once. Queries follow every path through the organisation
graph, which is a directed acyclic graph: a joint body has several parents.
"""

from __future__ import annotations

import datetime
import difflib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import attrs

from cfgov.model import _html
from cfgov.model._fields import tuple_of
from cfgov.model.assessment import Assessment
from cfgov.model.enums import Category, Component, Level, PartnerRole, ProgrammeStep, Voice
from cfgov.model.evidence import Demand, Feedback, Result
from cfgov.model.findings import Finding, Severity, excerpt, quoted
from cfgov.model.journeys import Journey
from cfgov.model.objectives import Measure, OutcomeObjective, Principle, ServiceStandard
from cfgov.model.organisation import Aim, Unit
from cfgov.model.programme import Initiative, StepRecord
from cfgov.model.segments import Segment
from cfgov.model.stakeholders import Partner, Stakeholder

if TYPE_CHECKING:
    import networkx as nx

Entity: TypeAlias = (
    Unit
    | Aim
    | Stakeholder
    | Segment
    | Partner
    | OutcomeObjective
    | Measure
    | Principle
    | ServiceStandard
    | Assessment
    | Initiative
    | Journey
)

#: The word used for each entity type in messages and in :meth:`Model.kind_of`.
_E = TypeVar("_E")

KIND_NAMES: dict[type, str] = {
    Unit: "unit",
    Aim: "aim",
    Stakeholder: "stakeholder",
    Segment: "segment",
    Partner: "partner",
    OutcomeObjective: "objective",
    Measure: "measure",
    Principle: "principle",
    ServiceStandard: "service standard",
    Assessment: "assessment",
    Initiative: "initiative",
    Journey: "journey",
}


class CfgovError(Exception):
    """Base of every exception cfgov raises on purpose: catch this to catch them all."""


class ModelError(CfgovError, ValueError):
    """A model that breaks its own integrity; ``problems`` lists every break.

    Raised when a :class:`Model` is built in Python from entities that do not
    fit together. The loader turns the same problems into a located
    :class:`cfgov.LoadError`.
    """

    def __init__(self, problems: Iterable[Finding]) -> None:
        self.problems: tuple[Finding, ...] = tuple(problems)
        lines = [str(p) for p in self.problems[:10]]
        more = len(self.problems) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more")
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the model:\n" + "\n".join(lines))


def _problem(
    code: str,
    message: str,
    *,
    entity: str,
    field: str | None = None,
    hint: str | None = None,
    related: tuple[str, ...] = (),
) -> Finding:
    return Finding(
        code=code,
        severity=Severity.ERROR,
        message=message,
        hint=hint,
        entity=entity,
        field=field,
        related=related,
    )


@attrs.frozen(eq=False, repr=False)
class Model:
    """Everything a model holds: the organisation graph, segments, partners and objectives.

    Equality compares entities by id, whatever order they were given in, so
    two loads of the same files are equal and so is a model rebuilt from a
    dump. Positions in files are not part of the model; see
    :func:`cfgov.load_with_sources`.

    ``units`` holds organisations and their units alike, as one graph: an
    organisation is a unit with no parent (:attr:`organisations` lists them,
    and :meth:`summary` counts the two apart). Every query that takes an id
    raises :class:`KeyError`, naming the id, when the model holds no entity
    of that kind with it; :meth:`get` returns None instead.
    """

    units: tuple[Unit, ...] = attrs.field(default=(), converter=tuple_of)
    aims: tuple[Aim, ...] = attrs.field(default=(), converter=tuple_of)
    stakeholders: tuple[Stakeholder, ...] = attrs.field(default=(), converter=tuple_of)
    segments: tuple[Segment, ...] = attrs.field(default=(), converter=tuple_of)
    partners: tuple[Partner, ...] = attrs.field(default=(), converter=tuple_of)
    objectives: tuple[OutcomeObjective, ...] = attrs.field(default=(), converter=tuple_of)
    principles: tuple[Principle, ...] = attrs.field(default=(), converter=tuple_of)
    results: tuple[Result, ...] = attrs.field(default=(), converter=tuple_of)
    feedback: tuple[Feedback, ...] = attrs.field(default=(), converter=tuple_of)
    demand: tuple[Demand, ...] = attrs.field(default=(), converter=tuple_of)
    assessments: tuple[Assessment, ...] = attrs.field(default=(), converter=tuple_of)
    initiatives: tuple[Initiative, ...] = attrs.field(default=(), converter=tuple_of)
    journeys: tuple[Journey, ...] = attrs.field(default=(), converter=tuple_of)
    _index: _Index = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        wrong = list(self._wrong_types())
        if wrong:
            raise ModelError(wrong)
        index = _Index(self)
        problems = index.problems
        if problems:
            raise ModelError(problems)
        object.__setattr__(self, "_index", index)

    def _wrong_types(self) -> Iterator[Finding]:
        expected = {
            "units": Unit,
            "aims": Aim,
            "stakeholders": Stakeholder,
            "segments": Segment,
            "partners": Partner,
            "objectives": OutcomeObjective,
            "principles": Principle,
            "results": Result,
            "feedback": Feedback,
            "demand": Demand,
            "assessments": Assessment,
            "initiatives": Initiative,
            "journeys": Journey,
        }
        for name, cls in expected.items():
            for position, item in enumerate(getattr(self, name)):
                if not isinstance(item, cls):
                    yield Finding(
                        code="CFG004",
                        severity=Severity.ERROR,
                        message=f"{name}[{position}] is a {type(item).__name__}, not a "
                        f"{cls.__name__}",
                        hint=f"Build each entry with cfgov.{cls.__name__}(...).",
                    )

    # -- identity -------------------------------------------------------------

    def _collections(self) -> tuple[dict[str, object], ...]:
        return tuple(
            {e.id: e for e in collection}
            for collection in (
                self.units,
                self.aims,
                self.stakeholders,
                self.segments,
                self.partners,
                self.objectives,
                self.principles,
                self.assessments,
                self.initiatives,
                self.journeys,
            )
        )

    def _evidence(self) -> tuple[Counter[object], ...]:
        """The evidence records, each kind as a multiset: their order is not meaningful."""
        return (Counter(self.results), Counter(self.feedback), Counter(self.demand))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Model):
            return NotImplemented
        return self._collections() == other._collections() and self._evidence() == other._evidence()

    def __hash__(self) -> int:
        return hash(frozenset(self._index.by_id))

    def __repr__(self) -> str:
        return f"<Model {self.summary()}>"

    def _repr_html_(self) -> str:
        """A short table of what the model holds, evidence included, for Jupyter."""
        targets = len(self.segments_of("target"))
        indirect = len(self.segments) - targets
        organisations = [f"{u.name} ({u.id})" for u in self.organisations]
        rows: list[tuple[str, object]] = [
            ("Organisations", _html.some(organisations) or "none"),
            ("Units", len(self.units) - len(self.organisations)),
            ("Stakeholders", len(self.stakeholders)),
            (
                "Segments",
                f"{len(self.segments)} ({targets} target, {indirect} indirect; "
                f"{sum(1 for s in self.segments if s.parent is not None)} sub-segments)",
            ),
            ("Partners and advisers", len(self.partners)),
            ("Outcome objectives", len(self.objectives)),
            ("Principles", len(self.principles)),
            ("Measures and targets", sum(1 for _ in self.measures())),
        ]
        rows += [
            (label, n)
            for label, n in (
                ("Self-assessments", len(self.assessments)),
                ("Initiatives", len(self.initiatives)),
                ("Customer journeys", len(self.journeys)),
            )
            if n
        ]
        if self.has_evidence:
            rows += [
                ("Results", len(self.results)),
                ("Feedback records", len(self.feedback)),
                ("Demand counts", len(self.demand)),
            ]
        return _html.field_table("cfgov model", rows)

    def summary(self) -> str:
        """A one-line count of what the model holds, e.g. ``"1 organisation, 2 units, ..."``.

        Evidence, self-assessments, initiatives and journeys are counted only when there
        are some.
        """
        counts = [
            (len(self.organisations), "organisation"),
            (len(self.units) - len(self.organisations), "unit"),
            (len(self.stakeholders), "stakeholder"),
            (len(self.segments), "segment"),
            (len(self.partners), "partner"),
            (len(self.objectives), "objective"),
        ]
        evidence = [
            (len(self.results), "result", "results"),
            (len(self.feedback), "feedback record", "feedback records"),
            (len(self.demand), "demand count", "demand counts"),
        ]
        standing = [
            (len(self.assessments), "self-assessment"),
            (len(self.initiatives), "initiative"),
            (len(self.journeys), "journey"),
        ]
        words = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts]
        words += [f"{n} {one if n == 1 else many}" for n, one, many in evidence if n]
        words += [f"{n} {word}{'' if n == 1 else 's'}" for n, word in standing if n]
        return ", ".join(words)

    @property
    def has_evidence(self) -> bool:
        """Whether the model holds any results, feedback or demand."""
        return bool(self.results or self.feedback or self.demand)

    # -- lookup ---------------------------------------------------------------

    def __len__(self) -> int:
        """The number of entities with an id, nested measures and standards included."""
        return len(self._index.by_id)

    def __contains__(self, entity_id: object) -> bool:
        return isinstance(entity_id, str) and self.get(entity_id) is not None

    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id, of any kind, or None.

        A unit's other id (its ``same_as``, a register's id for it) finds the unit too.
        """
        index = self._index
        entity = index.by_id.get(entity_id)
        if entity is None and entity_id in index.unit_aliases:
            entity = index.by_id.get(index.unit_aliases[entity_id])
        return entity

    def canonical_id(self, entity_id: str) -> str:
        """The id the model holds an entity under: a unit's own id for its ``same_as``
        id, any other id as it is."""
        return self._index.unit_aliases.get(entity_id, entity_id)

    def kind_of(self, entity_id: str) -> str | None:
        """The kind of entity an id names (``"segment"``, ``"unit"``...), or None."""
        entity = self.get(entity_id)
        return None if entity is None else KIND_NAMES[type(entity)]

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id; :class:`KeyError` if there is none."""
        return self._typed(unit_id, Unit)

    def segment(self, segment_id: str) -> Segment:
        """The segment with this id; :class:`KeyError` if there is none."""
        return self._typed(segment_id, Segment)

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """The stakeholder with this id; :class:`KeyError` if there is none."""
        return self._typed(stakeholder_id, Stakeholder)

    def partner(self, partner_id: str) -> Partner:
        """The partner or adviser with this id; :class:`KeyError` if there is none."""
        return self._typed(partner_id, Partner)

    def objective(self, objective_id: str) -> OutcomeObjective:
        """The outcome objective with this id; :class:`KeyError` if there is none."""
        return self._typed(objective_id, OutcomeObjective)

    def aim(self, aim_id: str) -> Aim:
        """The aim with this id; :class:`KeyError` if there is none."""
        return self._typed(aim_id, Aim)

    def unit_with(self, scheme: str, value: str) -> Unit | None:
        """The unit that carries this id of another system (``"govuk_slug"``,
        ``"department-for-work-pensions"``), or None."""
        return self._index.units_by_identifier.get((scheme, value))

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id (of an objective or a standard); :class:`KeyError` if none."""
        return self._typed(measure_id, Measure)

    def owner_of(self, measure_id: str) -> OutcomeObjective | ServiceStandard:
        """The objective or service standard a measure belongs to."""
        self.measure(measure_id)
        return self._index.measure_owners[measure_id]

    def _typed(self, entity_id: str, cls: type[_E]) -> _E:
        entity = self.get(entity_id)
        if not isinstance(entity, cls):
            found = "nothing" if entity is None else f"a {KIND_NAMES[type(entity)]}"
            raise KeyError(f"no {KIND_NAMES[cls]} with id {quoted(entity_id)} (found {found})")
        return entity

    # -- the organisation graph -------------------------------------------------

    @property
    def organisations(self) -> tuple[Unit, ...]:
        """The bodies in the model (departments, agencies, councils...), in order."""
        found = self._index._bodies
        if found is None:
            found = self._index._bodies = tuple(u for u in self.units if u.is_organisation)
        return found

    @property
    def top_segments(self) -> tuple[Segment, ...]:
        """The segments that refine no other, which are the tops of the cascade."""
        return tuple(s for s in self.segments if s.parent is None)

    @property
    def top_units(self) -> tuple[Unit, ...]:
        """The units with no parent, which are the roots of the organisation graph."""
        return tuple(u for u in self.units if not u.parents)

    def parents_of(self, unit_id: str) -> tuple[Unit, ...]:
        """The units directly above this one (several for a joint body)."""
        return tuple(self._index.by_id[p] for p in self.unit(unit_id).parents)  # type: ignore[misc]

    def children_of(self, unit_id: str) -> tuple[Unit, ...]:
        """The units directly below this one."""
        self.unit(unit_id)
        return self._index.unit_children.get(unit_id, ())

    def ancestors_of(self, unit_id: str) -> frozenset[str]:
        """Ids of every unit above this one, along every path."""
        self.unit(unit_id)
        return self._index.unit_ancestors(unit_id)

    def descendants_of(self, unit_id: str) -> frozenset[str]:
        """Ids of every unit below this one, along every path."""
        self.unit(unit_id)
        seen: set[str] = set()
        stack = [unit_id]
        while stack:
            for child in self._index.unit_children.get(stack.pop(), ()):
                if child.id not in seen:
                    seen.add(child.id)
                    stack.append(child.id)
        return frozenset(seen)

    def organisations_of(self, unit_id: str) -> tuple[Unit, ...]:
        """The bodies a unit belongs to: itself if it is one, else the nearest above it.

        A unit of a joint body, or a body with several sponsors, belongs to
        more than one. Order follows the model's order of units.
        """
        self.unit(unit_id)
        return self._index.unit_organisations(unit_id)

    def aims_of(self, unit_id: str) -> tuple[Aim, ...]:
        """The aims a unit holds itself (not those of units above it)."""
        self.unit(unit_id)
        return self._index.aims_by_unit.get(unit_id, ())

    def organisation_graph(self) -> nx.DiGraph[str]:
        """A new networkx ``DiGraph`` of units, with an edge from each parent to each child.

        Each node carries its :class:`Unit` as the ``unit`` attribute. The
        graph is yours to change; the model is not affected.
        """
        import networkx as nx

        graph: nx.DiGraph[str] = nx.DiGraph()
        for unit in self.units:
            graph.add_node(unit.id, unit=unit)
        for unit in self.units:
            for parent in unit.parents:
                graph.add_edge(parent, unit.id)
        return graph

    # -- segments and the cascade -----------------------------------------------

    def segments_owned_by(self, unit_id: str) -> tuple[Segment, ...]:
        """The segments a unit defines itself."""
        self.unit(unit_id)
        return self._index.segments_by_unit.get(unit_id, ())

    def segments_at(self, unit_id: str) -> tuple[Segment, ...]:
        """The segments a unit works with: its own and those inherited from every unit above.

        Broad segments set at the top cascade down to every unit below
        (Barker 2002, tip T2). Order follows the model's order of segments.
        """
        owners = self.ancestors_of(unit_id) | {unit_id}
        return tuple(s for s in self.segments if s.unit in owners)

    def lineage_of(self, segment_id: str) -> tuple[Segment, ...]:
        """The segment and every broader segment above it, broadest first."""
        self.segment(segment_id)
        return self._index.segment_lineage(segment_id)

    def sub_segments_of(self, segment_id: str, *, recursive: bool = False) -> tuple[Segment, ...]:
        """The segments that refine this one; with ``recursive``, at every depth below."""
        self.segment(segment_id)
        children = self._index.segment_children
        if not recursive:
            return children.get(segment_id, ())
        found: list[Segment] = []
        stack = list(reversed(children.get(segment_id, ())))
        while stack:
            segment = stack.pop()
            found.append(segment)
            stack.extend(reversed(children.get(segment.id, ())))
        return tuple(found)

    def branch_of(self, segment_id: str) -> tuple[Segment, ...]:
        """The segment's branch of the cascade: its lineage (broadest first, the segment
        last), then every segment below it. What is set for any of them counts for the
        segment, as CFG111 counts an objective (Barker 2002, tip T2)."""
        return self.lineage_of(segment_id) + self.sub_segments_of(segment_id, recursive=True)

    def segment_cascade(self) -> nx.DiGraph[str]:
        """A new networkx ``DiGraph`` of segments, an edge from each parent segment to each child.

        Each node carries its :class:`Segment` as the ``segment`` attribute.
        """
        import networkx as nx

        graph: nx.DiGraph[str] = nx.DiGraph()
        for segment in self.segments:
            graph.add_node(segment.id, segment=segment)
        for segment in self.segments:
            if segment.parent is not None:
                graph.add_edge(segment.parent, segment.id)
        return graph

    def segments_of(self, category: Category | str) -> tuple[Segment, ...]:
        """Every segment of one category (``"target"`` or ``"indirect"``)."""
        wanted = Category(category)
        return tuple(s for s in self.segments if s.category is wanted)

    # -- stakeholders, partners, objectives -------------------------------------

    def roles_of(self, stakeholder_id: str) -> tuple[Segment | Partner, ...]:
        """Every hat a stakeholder wears: its segments and its partner roles (tip T7)."""
        self.stakeholder(stakeholder_id)
        return self._index.roles.get(stakeholder_id, ())

    def partners_of(
        self, segment_id: str, role: PartnerRole | str | None = None
    ) -> tuple[Partner, ...]:
        """Partners and advisers tied to a segment, optionally of one role only."""
        self.segment(segment_id)
        wanted = None if role is None else PartnerRole(role)
        return tuple(
            p
            for p in self._index.partners_by_segment.get(segment_id, ())
            if wanted is None or p.role is wanted
        )

    def representatives_of(self, segment_id: str) -> tuple[Partner, ...]:
        """Partners who represent a segment (listed under their ``represents``).

        Uses an index: cheap enough to call once per segment.
        """
        self.segment(segment_id)
        return tuple(
            p
            for p in self._index.partners_by_segment.get(segment_id, ())
            if segment_id in p.represents
        )

    def voice_of(self, segment_id: str) -> Voice | None:
        """How strongly a segment can make itself heard: its own ``voice``, else its
        stakeholder's, else None (not recorded)."""
        segment = self.segment(segment_id)
        if segment.voice is not None or segment.stakeholder is None:
            return segment.voice
        return self.stakeholder(segment.stakeholder).voice

    def objectives_for(self, segment_id: str) -> tuple[OutcomeObjective, ...]:
        """The outcome objectives that name a segment."""
        self.segment(segment_id)
        return self._index.objectives_by_segment.get(segment_id, ())

    def objectives_of(self, unit_id: str) -> tuple[OutcomeObjective, ...]:
        """The outcome objectives that name a unit under ``unit:``, in the order read."""
        unit = self.unit(unit_id)
        return self._index.objectives_by_unit.get(unit.id, ())

    def principles_for(self, objective_id: str) -> tuple[Principle, ...]:
        """The principles (and so the service standards) that serve an objective."""
        self.objective(objective_id)
        return self._index.principles_by_objective.get(objective_id, ())

    def measures_for(self, objective_id: str) -> tuple[Measure, ...]:
        """The measures whose results are evidence for an objective: its own measures, then
        the targets of the service standards under the principles that serve it."""
        found = list(self.objective(objective_id).measures)
        for principle in self._index.principles_by_objective.get(objective_id, ()):
            for standard in principle.standards:
                found.extend(standard.targets)
        return tuple(found)

    def measures(self) -> Iterator[tuple[OutcomeObjective | ServiceStandard, Measure]]:
        """Every measure with what it measures: objective measures and standards' targets."""
        for objective in self.objectives:
            for measure in objective.measures:
                yield objective, measure
        for principle in self.principles:
            for standard in principle.standards:
                for target in standard.targets:
                    yield standard, target

    # -- evidence ---------------------------------------------------------------

    def results_for(self, measure_id: str) -> tuple[Result, ...]:
        """The results of a measure, every period and breakdown, in the order read."""
        self.measure(measure_id)
        return self._index.results_by_measure.get(measure_id, ())

    def feedback_for(self, segment_id: str) -> tuple[Feedback, ...]:
        """The feedback records of a segment, in the order read."""
        self.segment(segment_id)
        return self._index.feedback_by_segment.get(segment_id, ())

    def demand_for(self, segment_id: str) -> tuple[Demand, ...]:
        """The demand counts of a segment, in the order read."""
        self.segment(segment_id)
        return self._index.demand_by_segment.get(segment_id, ())

    # -- where units stand ------------------------------------------------------

    def assessment(self, assessment_id: str) -> Assessment:
        """The self-assessment with this id; :class:`KeyError` if there is none."""
        return self._typed(assessment_id, Assessment)

    def initiative(self, initiative_id: str) -> Initiative:
        """The initiative with this id; :class:`KeyError` if there is none."""
        return self._typed(initiative_id, Initiative)

    def journey(self, journey_id: str) -> Journey:
        """The customer journey with this id; :class:`KeyError` if there is none."""
        return self._typed(journey_id, Journey)

    def assessments_of(self, unit_id: str) -> tuple[Assessment, ...]:
        """A unit's self-assessments, oldest first (by date, then in the order read)."""
        unit = self.unit(unit_id)
        found = self._index.assessments_by_unit.get(unit.id, ())
        return tuple(sorted(found, key=lambda a: _date_start(a.date)))

    def initiatives_of(self, unit_id: str) -> tuple[Initiative, ...]:
        """The initiatives a unit leads, in the order read."""
        unit = self.unit(unit_id)
        return self._index.initiatives_by_unit.get(unit.id, ())

    def initiatives_for(self, segment_id: str) -> tuple[Initiative, ...]:
        """The initiatives that name a segment, in the order read."""
        self.segment(segment_id)
        return self._index.initiatives_by_segment.get(segment_id, ())

    def journeys_for(self, segment_id: str) -> tuple[Journey, ...]:
        """The customer journeys drawn for a segment, in the order read."""
        self.segment(segment_id)
        return self._index.journeys_by_segment.get(segment_id, ())

    # -- across organisations ---------------------------------------------------

    def same_as_of(self, segment_id: str) -> frozenset[str]:
        """Ids of the segments linked to this one by ``same_as``, directly or through others.

        The segment itself is not included.
        """
        self.segment(segment_id)
        return self._index.same_as_groups.get(segment_id, frozenset({segment_id})) - {segment_id}

    def shared_segments(self) -> tuple[frozenset[str], ...]:
        """Groups of segments that describe the same people in different places.

        Built from the explicit ``same_as`` links; each group holds two or more
        segment ids. Common segments such as pensioners or young people should
        be defined consistently across government (Barker 2002, C1).
        """
        groups = {g for g in self._index.same_as_groups.values() if len(g) > 1}
        return tuple(sorted(groups, key=sorted))


def entities_of(model: Model) -> Iterator[Entity]:
    """Every entity of a model with an id, nested measures, standards and their targets
    included, in the model's order: what ids are unique across."""
    yield from model.units
    yield from model.aims
    yield from model.stakeholders
    yield from model.segments
    yield from model.partners
    for objective in model.objectives:
        yield objective
        yield from objective.measures
    for principle in model.principles:
        yield principle
        for standard in principle.standards:
            yield standard
            yield from standard.targets
    yield from model.assessments
    yield from model.initiatives
    yield from model.journeys


_Keys = Callable[[Any], Iterable["str | None"]]

#: The list-valued indexes each collection of entries feeds, and the keys an entry is
#: filed under (None: not filed). The model's own collections of context (units, aims,
#: principles) feed theirs too, but an edit to those builds the model whole.
FEEDS: dict[str, tuple[tuple[str, _Keys], ...]] = {
    "segments": (
        ("segments_by_unit", lambda s: (s.unit,)),
        ("segment_children", lambda s: (s.parent,)),
    ),
    "partners": (("partners_by_segment", lambda p: p.segments),),
    "objectives": (
        ("objectives_by_segment", lambda o: dict.fromkeys(o.segments)),
        ("objectives_by_unit", lambda o: (o.unit,)),
    ),
    "results": (("results_by_measure", lambda r: (r.measure,)),),
    "feedback": (("feedback_by_segment", lambda f: (f.segment,)),),
    "demand": (("demand_by_segment", lambda d: (d.segment,)),),
    "assessments": (("assessments_by_unit", lambda a: (a.unit,)),),
    "initiatives": (
        ("initiatives_by_unit", lambda i: (i.unit,)),
        ("initiatives_by_segment", lambda i: dict.fromkeys(i.segments)),
    ),
    "journeys": (("journeys_by_segment", lambda j: (j.segment,)),),
}


def _grouped(pairs: Iterable[tuple[str | None, _E]]) -> dict[str, tuple[_E, ...]]:
    """Each key's values, in the order given, as tuples (pairs keyed None left out)."""
    found: dict[str, list[_E]] = {}
    for key, value in pairs:
        if key is not None:
            listed = found.get(key)
            if listed is None:
                found[key] = [value]
            else:
                listed.append(value)
    return {key: tuple(values) for key, values in found.items()}


class _Index:
    """Indexes over a model, built once, and every integrity problem found on the way."""

    def __init__(self, model: Model) -> None:
        self.problems: list[Finding] = []
        self.by_id: dict[str, Entity] = {}
        self._suggestions_left = 50
        self._register_all(model)
        #: The list-valued indexes: each key's entries as a tuple, in model order (a
        #: query hands them out as they are; most hold one or two entries).
        self.unit_children: dict[str, tuple[Unit, ...]] = {}
        self.aims_by_unit: dict[str, tuple[Aim, ...]] = {}
        self.segments_by_unit: dict[str, tuple[Segment, ...]] = {}
        self.segment_children: dict[str, tuple[Segment, ...]] = {}
        #: Each stakeholder's roles (its segments, then its partners), as tuples: a query
        #: hands them out as they are, and a model built from another shares those unchanged.
        self.roles: dict[str, tuple[Segment | Partner, ...]] = {}
        self.partners_by_segment: dict[str, tuple[Partner, ...]] = {}
        self.objectives_by_segment: dict[str, tuple[OutcomeObjective, ...]] = {}
        self.objectives_by_unit: dict[str, tuple[OutcomeObjective, ...]] = {}
        self.same_as_groups: dict[str, frozenset[str]] = {}
        self.measure_owners: dict[str, OutcomeObjective | ServiceStandard] = {}
        self.units_by_identifier: dict[tuple[str, str], Unit] = {}
        self.unit_aliases: dict[str, str] = {}
        self.principles_by_objective: dict[str, tuple[Principle, ...]] = {}
        self.results_by_measure: dict[str, tuple[Result, ...]] = {}
        self.feedback_by_segment: dict[str, tuple[Feedback, ...]] = {}
        self.demand_by_segment: dict[str, tuple[Demand, ...]] = {}
        self.assessments_by_unit: dict[str, tuple[Assessment, ...]] = {}
        self.initiatives_by_unit: dict[str, tuple[Initiative, ...]] = {}
        self.initiatives_by_segment: dict[str, tuple[Initiative, ...]] = {}
        self.journeys_by_segment: dict[str, tuple[Journey, ...]] = {}
        self._ancestors: dict[str, frozenset[str]] = {}
        self._organisations: dict[str, tuple[Unit, ...]] = {}
        self._lineages: dict[str, tuple[Segment, ...]] = {}
        #: Whether the memo came from another model's index, and so is checked when read.
        self._lineages_inherited = False
        #: The organisations, in order, worked out when first asked for.
        self._bodies: tuple[Unit, ...] | None = None
        self.unit_order: dict[str, int] = {}
        self._check_references(model)
        self._check_contradictions(model)
        self._check_cycles(model)
        if not self.problems:
            self._build(model)

    # -- integrity ------------------------------------------------------------

    def _register_all(self, model: Model) -> None:
        for entity in entities_of(model):
            first = self.by_id.get(entity.id)
            if first is None:
                self.by_id[entity.id] = entity
                continue
            self.problems.append(
                _problem(
                    "CFG007",
                    f"the id {quoted(entity.id)} is used twice: by a {KIND_NAMES[type(first)]} "
                    f"and by a {KIND_NAMES[type(entity)]}",
                    entity=entity.id,
                    hint="Ids must be unique across the whole model; rename one of them.",
                )
            )

    def _expect(
        self, owner: str, field: str, refs: Iterable[str | None], cls: type, *, listed: bool
    ) -> None:
        for position, ref in enumerate(refs):
            if ref is None:
                continue
            target = self.by_id.get(ref)
            if isinstance(target, cls):
                continue
            path = f"{field}.{position}" if listed else field
            wanted = KIND_NAMES[cls]
            if target is None:
                message = f"{quoted(owner)} refers to {wanted} {quoted(ref)}, which does not exist"
                hint = self._missing_hint(ref, cls)
            else:
                found = KIND_NAMES[type(target)]
                message = (
                    f"{quoted(owner)} refers to {quoted(ref)} as {_a(wanted)}, "
                    f"but {quoted(ref)} is {_a(found)}"
                )
                hint = f"Name {_a(wanted)} here."
            self.problems.append(
                _problem("CFG008", message, entity=owner, field=path, hint=hint, related=(ref,))
            )

    def _missing_hint(self, ref: str, cls: type) -> str:
        """Help for a reference to nothing: a likely id, or the list syntax."""
        wanted = KIND_NAMES[cls]
        if "," in ref:
            return (
                "To give several ids, write them as a list: `["
                + excerpt(", ".join(part.strip() for part in ref.split(",")))
                + "]`."
            )
        self._suggestions_left -= 1
        if self._suggestions_left >= 0:  # bounded: suggestions cost a scan of the ids
            guess = _closest(ref, [e for e in self.by_id.values() if isinstance(e, cls)])
            if guess is not None:
                return f"Did you mean `{excerpt(guess)}`?"
        return f"Check the spelling, or add {_a(wanted)} with id {quoted(ref)}."

    def _check_references(self, model: Model) -> None:
        expect = self._expect
        for unit in model.units:
            expect(unit.id, "parents", unit.parents, Unit, listed=True)
        for aim in model.aims:
            expect(aim.id, "unit", [aim.unit], Unit, listed=False)
        for segment in model.segments:
            expect(segment.id, "unit", [segment.unit], Unit, listed=False)
            expect(segment.id, "stakeholder", [segment.stakeholder], Stakeholder, listed=False)
            expect(segment.id, "parent", [segment.parent], Segment, listed=False)
            expect(segment.id, "aims", segment.aims, Aim, listed=True)
            expect(segment.id, "same_as", segment.same_as, Segment, listed=True)
            for i, source in enumerate(segment.knowledge_sources):
                field = f"knowledge_sources.{i}.partner"
                expect(segment.id, field, [source.partner], Partner, listed=False)
        for partner in model.partners:
            expect(partner.id, "stakeholder", [partner.stakeholder], Stakeholder, listed=False)
            for field in ("represents", "advises_on", "delivers_to"):
                expect(partner.id, field, getattr(partner, field), Segment, listed=True)
        for objective in model.objectives:
            expect(objective.id, "segments", objective.segments, Segment, listed=True)
            expect(objective.id, "aims", objective.aims, Aim, listed=True)
            expect(objective.id, "unit", [objective.unit], Unit, listed=False)
        for principle in model.principles:
            expect(principle.id, "objective", [principle.objective], OutcomeObjective, listed=False)
        self._check_standing_references(model)
        self._check_evidence_references(model)

    def _check_standing_references(self, model: Model) -> None:
        """Assessments, initiatives and journeys: every id they name, in every nested part."""
        expect = self._expect
        linked = (
            ("segments", Segment),
            ("objectives", OutcomeObjective),
            ("measures", Measure),
            ("partners", Partner),
        )
        for assessment in model.assessments:
            expect(assessment.id, "unit", [assessment.unit], Unit, listed=False)
            for i, part in enumerate(assessment.components):
                for field, cls in linked:
                    refs = getattr(part, field)
                    expect(assessment.id, f"components.{i}.{field}", refs, cls, listed=True)
        for initiative in model.initiatives:
            expect(initiative.id, "unit", [initiative.unit], Unit, listed=False)
            expect(initiative.id, "segments", initiative.segments, Segment, listed=True)
            expect(
                initiative.id, "objectives", initiative.objectives, OutcomeObjective, listed=True
            )
            expect(initiative.id, "partners", initiative.partners, Partner, listed=True)
            for i, record in enumerate(initiative.steps):
                expect(
                    initiative.id, f"steps.{i}.customers", record.customers, Segment, listed=True
                )
                for field, cls in linked:
                    refs = getattr(record, field)
                    expect(initiative.id, f"steps.{i}.{field}", refs, cls, listed=True)
        for journey in model.journeys:
            expect(journey.id, "segment", [journey.segment], Segment, listed=False)
            for s, t, step in journey.all_steps():
                path = f"stages.{s}.steps.{t}"
                expect(journey.id, f"{path}.unit", [step.unit], Unit, listed=False)
                expect(journey.id, f"{path}.partner", [step.partner], Partner, listed=False)
                expect(journey.id, f"{path}.measures", step.measures, Measure, listed=True)

    def _check_evidence_references(self, model: Model) -> None:
        """Evidence names a measure or a segment; each missing id is reported once.

        The problem is about the id named (records have none of their own), at the
        first record that names it, where the source map places the record.
        """
        wanted: tuple[tuple[tuple[Result | Feedback | Demand, ...], str, str, type], ...] = (
            (model.results, "results", "measure", Measure),
            (model.feedback, "feedback", "segment", Segment),
            (model.demand, "demand counts", "segment", Segment),
        )
        for records, words, field, cls in wanted:
            reported: set[str] = set()
            for record in records:
                ref: str = getattr(record, field)
                target = self.by_id.get(ref)
                if isinstance(target, cls) or ref in reported:
                    continue
                reported.add(ref)  # a series names its measure in every period
                kind = KIND_NAMES[cls]
                if target is None:
                    message = f"{words} for {kind} {quoted(ref)}, which does not exist"
                    hint = self._missing_hint(ref, cls)
                else:
                    message = (
                        f"{words} for {quoted(ref)} as {_a(kind)}, but {quoted(ref)} is "
                        f"{_a(KIND_NAMES[type(target)])}"
                    )
                    hint = f"Name {_a(kind)} under `{field}:`."
                self.problems.append(
                    _problem(
                        "CFG008",
                        message,
                        entity=ref,
                        field=f"{record.path}.{field}",
                        hint=hint,
                        related=(ref,),
                    )
                )

    def _check_contradictions(self, model: Model) -> None:
        for unit in model.units:
            if not unit.is_organisation and not unit.parents:
                kind = "" if unit.kind.value == "unit" else f" ({unit.kind})"
                self.problems.append(
                    _problem(
                        "CFG006",
                        f"unit {quoted(unit.id)}{kind} has no parent",
                        entity=unit.id,
                        field="parents",
                        hint="Name the organisation or unit it belongs to under `parents:`. "
                        "If it is a body in its own right, list it under `organisations:`.",
                    )
                )
            if unit.id in unit.parents:
                pass  # reported as a cycle
            if (
                unit.start_date is not None
                and unit.end_date is not None
                and _date_end(unit.end_date) < _date_start(unit.start_date)
            ):
                self.problems.append(
                    _problem(
                        "CFG018",
                        f"unit {quoted(unit.id)} ends ({unit.end_date}) before it starts "
                        f"({unit.start_date})",
                        entity=unit.id,
                        field="end_date",
                        hint="Check the two dates: `start_date` is when the body or unit "
                        "began, `end_date` when it closed.",
                    )
                )
        self._check_identifiers(model)
        self._check_same_as(model)
        self._check_standing_records(model)
        for segment in model.segments:
            if segment.target_kind is not None and segment.category is not Category.TARGET:
                self.problems.append(
                    _problem(
                        "CFG018",
                        f"segment {quoted(segment.id)} is an indirect customer but has "
                        f"target_kind {quoted(str(segment.target_kind))}",
                        entity=segment.id,
                        field="target_kind",
                        hint="target_kind (reluctant, unaware, unformed) describes target "
                        "customers only: remove it, or make the segment `category: target`.",
                    )
                )
            if segment.id in segment.same_as:
                self.problems.append(
                    _problem(
                        "CFG018",
                        f"segment {quoted(segment.id)} lists itself under same_as",
                        entity=segment.id,
                        field="same_as",
                        hint="same_as links a segment to segments of other units or "
                        "organisations; remove its own id.",
                    )
                )
        for objective in model.objectives:
            if not objective.segments:
                self.problems.append(
                    _problem(
                        "CFG006",
                        f"objective {quoted(objective.id)} names no segment",
                        entity=objective.id,
                        field="segments",
                        hint="List the segment or segments the objective is for under `segments:`.",
                    )
                )

    def _check_standing_records(self, model: Model) -> None:
        """Sittings, step records and journeys that say nothing, or say one thing twice.

        Every reading of a sitting (CFG138, ``cfgov assess``, the report) takes one level
        per component and the latest sitting of a unit; every reading of an initiative
        takes one record per step. Two of either leave cfgov to pick one silently.
        """
        latest: dict[tuple[str, str], str] = {}
        for assessment in model.assessments:
            label = f"assessment {quoted(assessment.id)}"
            if not assessment.components:
                self.problems.append(
                    _problem(
                        "CFG006",
                        f"{label} scores no component",
                        entity=assessment.id,
                        field="components",
                        hint="List under `components:` each of Barker's four components the "
                        "sitting scored, with its `component:` and `level:`, e.g. "
                        "`- {component: understand_the_customer, level: emerging}`.",
                    )
                )
            scored: dict[Component, tuple[int, Level]] = {}
            for i, part in enumerate(assessment.components):
                first_at, first = scored.setdefault(part.component, (i, part.level))
                if first_at == i:
                    continue
                levels = (
                    f"both times at {first.value}"
                    if first is part.level
                    else f"at {first.value} and at {part.level.value}"
                )
                self.problems.append(
                    _problem(
                        "CFG040",
                        f"{label} scores component {quoted(part.component.value)} "
                        f"({part.component.title}) twice, {levels}, so cfgov cannot tell "
                        "which entry the team meant",
                        entity=assessment.id,
                        field=f"components.{i}.component",
                        hint="A sitting places the unit once on each of Barker's four "
                        "components: keep one entry for each component, with one level and "
                        "all the evidence. If the two are sittings on different dates, make "
                        "the second an assessment of its own.",
                    )
                )
            key = (assessment.unit, assessment.date)
            other = latest.setdefault(key, assessment.id)
            if other != assessment.id:
                self.problems.append(
                    _problem(
                        "CFG040",
                        f"{label} and assessment {quoted(other)} are both sittings of unit "
                        f"{quoted(assessment.unit)} on {assessment.date}, so cfgov cannot tell "
                        "which is the latest, and the change since the sitting before",
                        entity=assessment.id,
                        field="date",
                        hint="If they are one sitting, merge them into one entry; if they are "
                        "two, give each its day (YYYY-MM-DD), so that one comes after the "
                        "other.",
                        related=(other,),
                    )
                )
        for initiative in model.initiatives:
            label = f"initiative {quoted(initiative.id)}"
            recorded: dict[ProgrammeStep, StepRecord] = {}
            for i, record in enumerate(initiative.steps):
                step = record.step
                words = f"step {step.number} ({step.value})"
                before = recorded.get(step)
                recorded[step] = record
                if before is not None and not _taken_again(before, record):
                    self.problems.append(
                        _problem(
                            "CFG040",
                            f"{label} records {words} twice without dates in order, so cfgov "
                            "cannot tell which record is the latest, the one the rules and "
                            "reports read",
                            entity=initiative.id,
                            field=f"steps.{i}.{'date' if before.date and record.date else 'step'}",
                            hint="If it is one step written twice, merge the two records. If "
                            f"the step was taken again, give each record of {step.value} its "
                            "`date:`, the earliest first.",
                        )
                    )
                if step.number > initiative.step.number:
                    reached = initiative.step
                    self.problems.append(
                        _problem(
                            "CFG018",
                            f"{label} has reached step {reached.number} ({reached.value}), "
                            f"but records {words}, which comes after it",
                            entity=initiative.id,
                            field=f"steps.{i}.step",
                            hint=f"`step:` of the initiative is the furthest step it has "
                            f"reached: write `step: {step.value}` if it has got there, or "
                            "remove the record of a step not taken yet.",
                        )
                    )
        for journey in model.journeys:
            if not journey.stages:
                self.problems.append(
                    _problem(
                        "CFG006",
                        f"journey {quoted(journey.id)} has no stage",
                        entity=journey.id,
                        field="stages",
                        hint="List the journey's stages under `stages:`, each with a `name:` "
                        "and, under `steps:`, what the customer does or goes through, e.g. "
                        "`- {name: Finding out, steps: [{name: Reads the website, channel: "
                        "online}]}`.",
                    )
                )

    def _check_same_as(self, model: Model) -> None:
        """A unit's ``same_as`` is another id of the same body, not an entity of the model.

        Loading merges an entry holding that id into the unit
        (:func:`cfgov.model.identity.merge_same_as`); a model built otherwise must do so
        first, or the body would be in it twice.
        """
        claimed: dict[str, str] = {}
        for unit in model.units:
            other_id = unit.same_as
            if other_id is None:
                continue
            if other_id == unit.id:
                self.problems.append(
                    _problem(
                        "CFG018",
                        f"unit {quoted(unit.id)} gives its own id under same_as",
                        entity=unit.id,
                        field="same_as",
                        hint="same_as names the other id of the same body (a register's "
                        "id); remove it, or write the other id.",
                    )
                )
                continue
            first = claimed.setdefault(other_id, unit.id)
            other = self.by_id.get(other_id)
            if first != unit.id:
                message = (
                    f"units {quoted(first)} and {quoted(unit.id)} both say they are the "
                    f"same body as {quoted(other_id)}"
                )
                hint = (
                    "One body has one entry of your own: keep one of them and refer to it, "
                    "or correct the id under same_as."
                )
            elif isinstance(other, Unit):
                message = (
                    f"unit {quoted(unit.id)} is the same body as unit {quoted(other_id)}, "
                    "but the two entries were not merged into one"
                )
                hint = (
                    "Build the model through cfgov.load, or pass the entities through "
                    "cfgov.model.identity.merge_same_as first."
                )
            elif other is not None:
                message = (
                    f"unit {quoted(unit.id)} says it is the same body as "
                    f"{quoted(other_id)}, which is {_a(KIND_NAMES[type(other)])}"
                )
                hint = "same_as on a unit names another id of the same body; name a unit."
            else:
                continue
            self.problems.append(
                _problem(
                    "CFG043",
                    message,
                    entity=unit.id,
                    field="same_as",
                    hint=hint,
                    related=(other_id,),
                )
            )

    def _check_identifiers(self, model: Model) -> None:
        """No two units carry the same id of another system: they would be one body twice."""
        first: dict[tuple[str, str], str] = {}
        for unit in model.units:
            for scheme, value in unit.identifiers:
                holder = first.setdefault((scheme, value), unit.id)
                if holder == unit.id:
                    continue
                self.problems.append(
                    _problem(
                        "CFG030",
                        f"units {quoted(holder)} and {quoted(unit.id)} both have the "
                        f"{excerpt(scheme)} identifier {quoted(value)}, so they are the same "
                        "body written twice",
                        entity=unit.id,
                        field=f"identifiers.{scheme.replace('.', '%2E')}",
                        hint=f"Keep one entry for the body: remove {quoted(unit.id)} and refer "
                        f"to {quoted(holder)} instead, or correct the identifier if they "
                        "really are different bodies.",
                        related=(holder,),
                    )
                )

    def _check_cycles(self, model: Model) -> None:
        unit_edges = {
            u.id: [p for p in u.parents if isinstance(self.by_id.get(p), Unit)] for u in model.units
        }
        for cycle in _cycles(unit_edges):
            members = ", ".join(quoted(m) for m in cycle)
            self.problems.append(
                _problem(
                    "CFG009",
                    f"units {members} are their own ancestors: the organisation graph "
                    "must not loop",
                    entity=cycle[0],
                    field="parents",
                    hint="Remove one of the parent links so the units form a hierarchy.",
                    related=tuple(cycle),
                )
            )
        segment_edges = {
            s.id: [s.parent] if isinstance(self.by_id.get(s.parent or ""), Segment) else []
            for s in model.segments
        }
        for cycle in _cycles(segment_edges):  # type: ignore[arg-type]
            members = ", ".join(quoted(m) for m in cycle)
            self.problems.append(
                _problem(
                    "CFG009",
                    f"segments {members} are their own ancestors: the cascade must not loop",
                    entity=cycle[0],
                    field="parent",
                    related=tuple(cycle),
                    hint="A sub-segment refines a broader segment; remove one of the "
                    "`parent:` links.",
                )
            )

    # -- indexes --------------------------------------------------------------

    def _build(self, model: Model) -> None:
        self.unit_order = {unit.id: position for position, unit in enumerate(model.units)}
        self.unit_children = _grouped((parent, u) for u in model.units for parent in u.parents)
        for unit in model.units:
            for pair in unit.identifiers:
                self.units_by_identifier[pair] = unit
            if unit.same_as is not None:
                self.unit_aliases[unit.same_as] = unit.id
        self.aims_by_unit = _grouped((aim.unit, aim) for aim in model.aims)
        for collection, feeds in FEEDS.items():
            entries = getattr(model, collection)
            for attribute, keys in feeds:
                setattr(self, attribute, _grouped((k, e) for e in entries for k in keys(e)))
        roles: dict[str, list[Segment | Partner]] = defaultdict(list)
        for segment in model.segments:
            if segment.stakeholder is not None:
                roles[segment.stakeholder].append(segment)
        for partner in model.partners:
            if partner.stakeholder is not None:
                roles[partner.stakeholder].append(partner)
        self.roles = {key: tuple(found) for key, found in roles.items()}
        for objective in model.objectives:
            for measure in objective.measures:
                self.measure_owners[measure.id] = objective
        self.principles_by_objective = _grouped((p.objective, p) for p in model.principles)
        for principle in model.principles:
            for standard in principle.standards:
                for target in standard.targets:
                    self.measure_owners[target.id] = standard
        self._group_same_as(model)

    def _group_same_as(self, model: Model) -> None:
        neighbours: dict[str, set[str]] = defaultdict(set)
        for segment in model.segments:
            for other in segment.same_as:
                neighbours[segment.id].add(other)
                neighbours[other].add(segment.id)
        for start in neighbours:
            if start in self.same_as_groups:
                continue
            group = {start}
            stack = [start]
            while stack:
                for other in neighbours[stack.pop()]:
                    if other not in group:
                        group.add(other)
                        stack.append(other)
            frozen = frozenset(group)
            for member in group:
                self.same_as_groups[member] = frozen

    def unit_ancestors(self, unit_id: str) -> frozenset[str]:
        """Every unit above ``unit_id``, memoised; iterative so deep graphs do not recurse."""
        known = self._ancestors.get(unit_id)
        if known is not None:
            return known
        stack = [unit_id]
        while stack:
            current = stack[-1]
            unit = self.by_id[current]
            assert isinstance(unit, Unit)
            pending = [p for p in unit.parents if p not in self._ancestors]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            found: set[str] = set(unit.parents)
            for parent in unit.parents:
                found |= self._ancestors[parent]
            self._ancestors[current] = frozenset(found)
        return self._ancestors[unit_id]

    def segment_lineage(self, segment_id: str) -> tuple[Segment, ...]:
        """The segment and those it refines, broadest first; memoised along the chain."""
        known = self._known_lineage(segment_id)
        if known is not None:
            return known
        by_id = self.by_id
        pending: list[Segment] = []  # narrowest first, down to the first one known
        above: tuple[Segment, ...] = ()
        current: str | None = segment_id
        while current is not None:
            known = self._known_lineage(current)
            if known is not None:
                above = known
                break
            segment: Segment = by_id[current]  # type: ignore[assignment]
            pending.append(segment)
            current = segment.parent
        for segment in reversed(pending):
            above = (*above, segment)
            self._lineages[segment.id] = above
        return above

    def _known_lineage(self, segment_id: str) -> tuple[Segment, ...] | None:
        """The memoised lineage, if any; in an index built from another model's (whose
        memo it starts from), only while every segment in it is still the model's own:
        then no link in the chain can have changed."""
        known = self._lineages.get(segment_id)
        if known is not None and self._lineages_inherited:
            by_id = self.by_id
            for segment in known:
                if by_id.get(segment.id) is not segment:
                    return None
        return known

    def unit_organisations(self, unit_id: str) -> tuple[Unit, ...]:
        """The bodies ``unit_id`` belongs to, in the model's order of units; memoised."""
        known = self._organisations.get(unit_id)
        if known is not None:
            return known
        found: set[str] = set()
        frontier = [unit_id]
        seen = {unit_id}
        while frontier:
            current = frontier.pop()
            unit: Unit = self.by_id[current]  # type: ignore[assignment]
            if unit.is_organisation:
                found.add(current)
                continue
            for parent in unit.parents:
                if parent not in seen:
                    seen.add(parent)
                    frontier.append(parent)
        order = self.unit_order
        bodies = tuple(self.by_id[u] for u in sorted(found, key=order.__getitem__))
        self._organisations[unit_id] = bodies  # type: ignore[assignment]
        return self._organisations[unit_id]


def _taken_again(before: StepRecord, record: StepRecord) -> bool:
    """Whether a second record of a step says it was taken again: both dated, it later."""
    if before.date is None or record.date is None:
        return False
    return _date_start(record.date) > _date_end(before.date)


def _date_start(date: str) -> datetime.date:
    """The first day a valid date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` covers.

    A date is not a period: ``2000-01`` is January 2000 here, never the financial
    year 2000-01 that a period written so might mean.
    """
    parts = [int(part) for part in date.split("-")]
    return datetime.date(
        parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
    )


def _date_end(date: str) -> datetime.date:
    """The last day such a date covers: ``2005`` ends on 31 December 2005."""
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 3:
        return datetime.date(*parts)
    year, month = parts[0], parts[1] if len(parts) == 2 else 12
    if month == 12:  # (the day after December of 9999 is beyond what a date can hold)
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def _a(word: str) -> str:
    """The word with its indefinite article: "a unit", "an aim"."""
    sounds_like_a_vowel = word[:1] in "aeio" or (word[:1] == "u" and not word.startswith("uni"))
    return f"an {word}" if sounds_like_a_vowel else f"a {word}"


def _closest(ref: str, candidates: list[Entity]) -> str | None:
    """The id of the candidate whose id or name is closest to ``ref``, if any is close."""
    wanted = ref.strip().casefold()
    by_key: dict[str, str] = {}
    for entity in candidates:
        by_key.setdefault(entity.id.casefold(), entity.id)
        name = getattr(entity, "name", None)
        if isinstance(name, str):
            by_key.setdefault(name.casefold(), entity.id)
    if wanted in by_key:
        return by_key[wanted]
    close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.75)
    return by_key[close[0]] if close else None


def _cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Each group of nodes that reach themselves, found with Tarjan's algorithm (iteratively).

    Linear in nodes and edges; a group is listed in a stable order starting
    from its first member in ``edges`` order.
    """
    order = {node: i for i, node in enumerate(edges)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child_pos = work.pop()
            if child_pos == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            recurse = False
            for pos in range(child_pos, len(targets)):
                nxt = targets[pos]
                if nxt not in index:
                    work.append((node, pos + 1))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in edges.get(node, []):
                    groups.append(sorted(group, key=order.__getitem__))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(groups, key=lambda g: order[g[0]])
