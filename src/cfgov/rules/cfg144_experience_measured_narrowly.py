"""CFG144: a first-priority target segment whose experience is measured in one area or none."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from cfgov.model import Finding, Measure, Model, Severity, excerpt, quoted
from cfgov.model.experience import AREAS, areas_of, coverage, tags_experience
from cfgov.rules.base import Options, Rule
from cfgov.rules.evidence import organisations_of_measures, organisations_of_segment


def check(model: Model, options: Options) -> Iterator[Finding]:
    """In an organisation that tags any measure or standard with ``experience:``, every
    target segment of ``priority: 1`` is watched, by the measures of its objectives, their
    standards and its journeys (and those of the segments that refine it), in at least two
    of the seven areas of seed 004.

    Cost: for each first-priority target segment, one look at each measure that watches it:
    linear in segments and measures.
    """
    if not tags_experience(model):
        return
    # Each organisation starts on the areas in its own time: a council that tags its
    # measures says nothing of a department in the same model that has not begun.
    tagging: set[str] = set()
    for measure_id, owners in organisations_of_measures(model).items():
        if areas_of(model, model.measure(measure_id)):
            tagging.update(owners)
    chosen = [
        s.id
        for s in model.segments
        if s.is_target and s.priority == 1 and organisations_of_segment(model, s.id) & tagging
    ]
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
