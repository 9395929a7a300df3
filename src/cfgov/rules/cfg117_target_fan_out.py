"""CFG117: measures that multiply down the organisation faster than segments are refined."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Model, OutcomeObjective, Severity, Unit, excerpt, quoted
from cfgov.rules.base import Option, Options, Rule
from cfgov.rules.scope import Scope, asked


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """For each unit holding measures, the units directly below it multiply the measures
    no faster than ``max_ratio`` times the rate at which they multiply segments.

    An objective is held at its ``unit`` if given, else at the unit of its first segment.
    Segments are counted where they are served: the segments named by the objectives held
    at a unit. (Counting every segment a unit owns would make a top unit whose broad
    segments are served through their sub-segments look as if its units fanned out.)

    Cost: one pass over objectives to count, then one look at each link between a unit
    and a child, uniting the segments the children serve: linear in objectives and links,
    times the segments an objective names. For ``only``, the units asked about and the
    units directly below them count the objectives they hold, found from their own
    segments and the objectives that name their unit.
    """
    max_ratio = float(options["max_ratio"])
    min_targets = int(options["min_targets"])
    targets: Counter[str] = Counter()
    served: dict[str, set[str]] = defaultdict(set)
    units: Iterable[Unit] = model.units
    if only is None:
        objectives: Iterable[tuple[str, OutcomeObjective]] = _held(model, model.objectives)
    else:
        units = asked(model, only, Unit)
        holders = {u.id for u in units} | {c.id for u in units for c in model.children_of(u.id)}
        objectives = (pair for holder in holders for pair in _held_at(model, holder))
    for holder, objective in objectives:
        targets[holder] += len(objective.measures)
        served[holder].update(objective.segments)

    for unit in units:
        own_targets = targets[unit.id]
        if own_targets == 0:
            continue
        children = model.children_of(unit.id)
        if not children:
            continue
        child_targets = sum(targets[child.id] for child in children)
        if child_targets < min_targets:
            continue
        own_segments = len(served[unit.id])
        child_segments = len(set().union(*(served[child.id] for child in children)))
        growth_t = child_targets / own_targets
        growth_s = max(1.0, child_segments / max(1, own_segments))
        if growth_t <= max_ratio * growth_s:
            continue
        below = (
            "the unit below it sets"
            if len(children) == 1
            else f"the {len(children)} units below it set between them"
        )
        finer = (
            f"for no more segments than it serves ({child_segments} against {own_segments})"
            if child_segments <= own_segments
            else f"while the segments served grow only from {own_segments} to {child_segments}"
        )
        yield RULE.finding(
            unit.id,
            f"unit {quoted(unit.id)} ({excerpt(unit.name)}) sets {own_targets} "
            f"{_plural(own_targets, 'measure')}; {below} {child_targets} "
            f"({growth_t:.1f} times as many) {finer}: measures multiply faster than "
            f"segments are refined, as Seddon's 12 targets became 44 and then 300",
            hint=f"Review the measures of the units below {quoted(unit.id)}: keep those that "
            "test something new for the segments those units refine, and drop or merge "
            "the ones that only split the figures above them more finely. If the units "
            "really serve finer groups, define those groups as sub-segments.",
            related=[child.id for child in children],
        )


def _held(
    model: Model, objectives: Iterable[OutcomeObjective]
) -> Iterator[tuple[str, OutcomeObjective]]:
    """Each objective with the unit that holds it: its ``unit``, else its first segment's."""
    for objective in objectives:
        holder = objective.unit
        if holder is None and objective.segments:
            holder = model.segment(objective.segments[0]).unit
        if holder is not None:
            yield holder, objective


def _held_at(model: Model, unit_id: str) -> Iterator[tuple[str, OutcomeObjective]]:
    """The objectives held at one unit, as :func:`_held` pairs them, each once."""
    for objective in model.objectives_of(unit_id):
        yield unit_id, objective
    for segment in model.segments_owned_by(unit_id):
        for objective in model.objectives_for(segment.id):
            if objective.unit is None and objective.segments[0] == segment.id:
                yield unit_id, objective


def _plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"


RULE = Rule(
    code="CFG117",
    name="target-fan-out",
    severity=Severity.WARNING,
    summary="Measures that multiply down the organisation faster than its segments are refined.",
    rationale="Seddon's letter recounts how 12 public service agreement targets for health "
    "turned into 44 in the department's planning guidance and about 300 at ground level. "
    "Each step down split the targets again without any finer understanding of whom they "
    "were for, so local staff ended up serving the figures instead of the patients. A "
    "unit that needs more measures than the unit above it should be serving more, finer "
    "segments; when the measures grow much faster than the segments, the cascade is "
    "dividing up targets rather than refining customer outcomes (Seddon 2006, seed 003; "
    "Barker 2002, Component 1, tip T2).",
    fix="Cut the measures below the unit back to those that test an outcome for a segment "
    "the lower unit actually refines, or define the finer segments the extra measures are "
    "really for.",
    source="Seddon 2006 (open letter, seed 003): targets multiply as they cascade",
    cost="Linear in units, segments and objectives.",
    scope=Scope.UNIT,
    check=check,
    options=(
        Option(
            name="max_ratio",
            minimum=1.0,
            default=2.0,
            description="How many times faster than the segments the measures may multiply "
            "from a unit to the units directly below it before this fires.",
        ),
        Option(
            name="min_targets",
            minimum=0,
            default=4,
            description="The fewest measures the units below must hold between them before "
            "the growth is judged at all; small numbers are left alone.",
        ),
    ),
    example="""\
organisations:
  - {id: kcc, name: Kent County Council, kind: local_authority}
units:
  - {id: kcc-adults, name: Adult Social Care, kind: service, parents: [kcc]}
segments:
  - {id: older-people, name: Older people as users of care, category: target, unit: kcc}
objectives:
  - id: obj-kcc-independence
    statement: Older people live independently at home for longer
    segments: [older-people]
    measures:
      - {id: kcc-m1, name: Older people still at home 91 days after leaving hospital}
  - id: obj-adults
    statement: Care packages are in place quickly
    segments: [older-people]
    unit: kcc-adults
    measures:
      - {id: adults-m1, name: Assessments started within 2 days}
      - {id: adults-m2, name: Assessments completed within 28 days}
      - {id: adults-m3, name: Packages in place within 28 days of assessment}
      - {id: adults-m4, name: Reviews held within 6 weeks}
""",
    fixed="""\
objectives:
  - id: obj-kcc-independence
    statement: Older people live independently at home for longer
    segments: [older-people]
    measures:
      - {id: kcc-m1, name: Older people still at home 91 days after leaving hospital}
  - id: obj-adults
    statement: Care packages are in place quickly
    segments: [older-people]
    unit: kcc-adults
    measures:
      - {id: adults-m1, name: Days from first contact to care in place}
""",
)
