"""CFG144: a first-priority target segment whose experience is measured in one area or none."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

import attrs

from cfgov.model import (
    Finding,
    Measure,
    Model,
    OutcomeObjective,
    Segment,
    Severity,
    excerpt,
    quoted,
)
from cfgov.model.enums import ExperienceArea
from cfgov.model.experience import AREAS, areas_of, coverage, tags_experience
from cfgov.rules.base import Options, Rule
from cfgov.rules.evidence import (
    organisations_of_measure,
    organisations_of_measures,
    organisations_of_segment,
)
from cfgov.rules.memo import PerModel
from cfgov.rules.scope import Scope, among


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """In an organisation that tags any measure or standard with ``experience:``, every
    target segment of ``priority: 1`` is watched, by the measures of its objectives, their
    standards and its journeys (and those of the segments that refine it), in at least two
    of the seven areas of seed 004.

    Cost: for each first-priority target segment, one look at each measure that watches it:
    linear in segments and measures.
    """
    if only is not None:
        kept = _tagging(model)
        if kept.tags:
            chosen = [
                s.id
                for s in among(model, (), Segment, only)
                if s.is_target
                and s.priority == 1
                and organisations_of_segment(model, s.id) & kept.organisations
            ]
            yield from _findings(model, chosen)
        return
    if not tags_experience(model):
        _KEPT.keep(model, _Tagging(False, frozenset()))
        return
    # Each organisation starts on the areas in its own time: a council that tags its
    # measures says nothing of a department in the same model that has not begun.
    tagging: set[str] = set()
    for measure_id, owners in organisations_of_measures(model).items():
        if areas_of(model, model.measure(measure_id)):
            tagging.update(owners)
    _KEPT.keep(model, _Tagging(True, frozenset(tagging)))
    chosen = [
        s.id
        for s in model.segments
        if s.is_target and s.priority == 1 and organisations_of_segment(model, s.id) & tagging
    ]
    yield from _findings(model, chosen)


def _findings(model: Model, chosen: list[str]) -> Iterator[Finding]:
    """The findings about the chosen segments (first-priority targets of organisations
    that tag their measures)."""
    # A broad segment is watched through the segments that refine it too: its objectives
    # may be set on them, as CFG111 allows.
    below = {sid: [s.id for s in model.sub_segments_of(sid, recursive=True)] for sid in chosen}
    rows = {r.segment.id: r for r in coverage(model, [*chosen, *_flat(below.values())])}
    for segment_id in chosen:
        own = rows[segment_id]
        row = attrs.evolve(
            own,
            measures=_once(
                m for sid in [segment_id, *below[segment_id]] for m in rows[sid].measures
            ),
            cells=tuple(
                _once(m for sid in [segment_id, *below[segment_id]] for m in rows[sid].cells[n])
                for n in range(len(AREAS))
            ),
        )
        measured = row.measured_areas
        if len(measured) > 1:
            continue
        segment = row.segment
        missing = ", ".join(str(area) for area in row.missing_areas)
        if measured:
            ids = ", ".join(quoted(m.id) for m in row.in_area(measured[0]))
            what = f"only in the area of {measured[0]} ({ids}); not measured: {missing}"
        elif row.measures:
            what = f"in no area: none of the {len(row.measures)} measures watching it names one"
        else:
            what = "in no area: no measure watches it"
        yield RULE.finding(
            segment.id,
            f"target segment {quoted(segment.id)} ({excerpt(segment.name)}) is a first "
            f"priority but its experience is measured {what} (seed 004: experience areas)",
            field="priority",
            hint="Tag the measures of its objectives, of the service standards serving them or "
            "of its journeys' steps with the areas they watch (`experience: [speed, "
            f"choice]`), or add measures for the areas not watched. There are {len(AREAS)} "
            "areas: " + ", ".join(str(a) for a in AREAS) + ". If the segment's experience is "
            'watched elsewhere, say so with `ignore: {CFG144: "reason"}` on the segment.',
        )


@attrs.frozen
class _Tagging:
    """Whether a model tags any measure with an area, and the organisations that do."""

    tags: bool
    organisations: frozenset[str]


#: The tagging of the last few models checked, so that an edit works it out for the edited
#: model from what it reached (:func:`widen`) rather than from every measure.
_KEPT: PerModel[_Tagging] = PerModel()


def _tagging(model: Model) -> _Tagging:
    kept = _KEPT.get(model)
    if kept is not None:
        return kept
    return _KEPT.keep(model, _worked_out(model))


def _worked_out(model: Model) -> _Tagging:
    if not tags_experience(model):
        return _Tagging(False, frozenset())
    tagging: set[str] = set()
    for measure_id, owners in organisations_of_measures(model).items():
        if areas_of(model, model.measure(measure_id)):
            tagging.update(owners)
    return _Tagging(True, frozenset(tagging))


def _reached(
    model: Model, measures: Iterable[str]
) -> tuple[dict[str, tuple[ExperienceArea, ...]], dict[str, bool]]:
    """The areas of the reached measures, and for each organisation they serve whether
    one of them watches an area."""
    areas: dict[str, tuple[ExperienceArea, ...]] = {}
    serving: dict[str, bool] = {}
    for measure_id in measures:
        measure = model.get(measure_id)
        if type(measure) is not Measure:
            continue
        areas[measure_id] = areas_of(model, measure)
        for owner in organisations_of_measure(model, measure_id):
            serving[owner] = serving.get(owner, False) or bool(areas[measure_id])
    return areas, serving


def widen(before: Model, after: Model, reach: frozenset[str]) -> set[str]:
    """The segments whose findings an edit may change beyond its reach: those of the
    journeys naming a reached measure whose areas changed, with the segments above them;
    and the first-priority targets of an organisation that starts or stops tagging (all of
    them when the model does).

    Cost: the measures reached (and the objectives' measures reached, whose organisations
    may have changed); the journeys only when a measure's areas changed, and the segments
    only when an organisation's tagging did.
    """
    measures = set(reach)
    for model in (before, after):
        for entity_id in reach:
            if type(model.get(entity_id)) is OutcomeObjective:
                measures.update(m.id for m in model.measures_for(entity_id))
    was = _tagging(before)
    areas_before, serving_before = _reached(before, measures)
    areas_after, serving_after = _reached(after, measures)
    tags: bool | None = was.tags
    if any(areas_after.values()):
        tags = True
    elif any(areas_before.values()):
        tags = None  # the reached measures were tagged and are not: the rest may be
    organisations = set(was.organisations)
    for owner in set(serving_before) | set(serving_after):
        if serving_after.get(owner, False):
            organisations.add(owner)
        elif serving_before.get(owner, False):
            tags = None  # what else serves the organisation decides
    now = _KEPT.keep(
        after, _worked_out(after) if tags is None else _Tagging(tags, frozenset(organisations))
    )
    found: set[str] = set()
    moved = {
        m for m in set(areas_before) | set(areas_after) if areas_before.get(m) != areas_after.get(m)
    }
    if moved:
        for model in (before, after):
            for journey in model.journeys:
                if any(set(step.measures) & moved for _, _, step in journey.all_steps()):
                    found.update(s.id for s in model.lineage_of(journey.segment))
    if now == was:
        return found
    changed = set(was.organisations ^ now.organisations)
    for model in (before, after):
        for segment in model.segments:
            if (
                segment.is_target
                and segment.priority == 1
                and (now.tags != was.tags or organisations_of_segment(model, segment.id) & changed)
            ):
                found.add(segment.id)
    return found


def _flat(lists: Iterable[list[str]]) -> list[str]:
    return list(dict.fromkeys(item for items in lists for item in items))


def _once(measures: Iterable[Measure]) -> tuple[Measure, ...]:
    """Each measure once, in the order first met."""
    return tuple({m.id: m for m in measures}.values())


RULE = Rule(
    code="CFG144",
    name="experience-measured-narrowly",
    severity=Severity.WARNING,
    summary="A target segment of priority 1 whose experience is measured in one of the "
    "seven experience areas, or in none.",
    rationale="The essay on customer-centric delivery names seven areas in which customers "
    "judge a public service: speed, engagement, responsiveness, value, integration (no "
    "wrong door), choice of channels and a personal experience. A segment the organisation "
    "ranks first but whose measures all watch one of them, typically speed, is seen through "
    "a keyhole: a service can be quick and still send people to the wrong door, or offer "
    "them one channel only. Barker likewise asks for measures of what customers value. The "
    "measures counted are those of the segment's own objectives, the targets of the "
    "service standards serving them and those named by its journeys' steps, and the same "
    "for the segments that refine it (a broad segment's objectives may be set on its "
    "sub-segments); only measures "
    "(or their standards) tagged with `experience:` count. The rule is silent for an "
    "organisation that tags none of its measures or standards, as its teams may not have "
    "started on the areas "
    "(seed 004: experience areas; Barker 2002, Component 2).",
    fix="Tag the measures that watch the segment with the areas they watch (`experience:`), "
    "and add measures for the areas that matter to it and are not yet watched.",
    source="Seed 004 (the seven areas of customer experience); Barker 2002, Component 2 "
    "(measure what customers value)",
    cost="Linear in first-priority segments and the measures that watch them.",
    check=check,
    scope=Scope.SEGMENT,
    widen=widen,
    example="""\
segments:
  - {id: pc-pensioners, name: Pensioners as claimants of Pension Credit, category: target,
     unit: dwp-pension-service, priority: 1}
objectives:
  - id: obj-take-up
    statement: More eligible pensioners claim Pension Credit
    segments: [pc-pensioners]
    measures:
      - {id: m-claim-time, name: Days from first contact to a decision, experience: [speed]}
""",
    fixed="""\
segments:
  - {id: pc-pensioners, name: Pensioners as claimants of Pension Credit, category: target,
     unit: dwp-pension-service, priority: 1}
objectives:
  - id: obj-take-up
    statement: More eligible pensioners claim Pension Credit
    segments: [pc-pensioners]
    measures:
      - {id: m-claim-time, name: Days from first contact to a decision, experience: [speed]}
      - {id: m-one-contact, name: Claims settled without being sent elsewhere,
         experience: [integration, responsiveness]}
""",
)
