"""CFG110: a unit whose priorities follow how loudly each segment can speak (tip T10)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence

from cfgov.model import Category, Finding, Model, Segment, Severity, Unit, Voice, excerpt, quoted
from cfgov.rules.base import Option, Options, Rule
from cfgov.rules.scope import Scope, asked

#: How loud each voice is, for the rank correlation.
STRENGTH = {Voice.STRONG: 3, Voice.MODERATE: 2, Voice.WEAK: 1, Voice.NONE: 0}
_LOUD = frozenset({Voice.STRONG, Voice.MODERATE})


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Among the segments of one category owned by one unit that have both a priority and a
    voice, priority does not follow voice: the quiet are not all ranked below the loud, and
    the rank correlation between strength of voice and priority stays under the threshold.

    Cost: one pass to group the segments, then a sort per group: n log n. For ``only``,
    the segments of the units asked about.
    """
    least = int(options["min_segments"])
    threshold = float(options["threshold"])
    groups: dict[tuple[str, Category], list[tuple[Segment, Voice, int]]] = defaultdict(list)
    segments: Iterable[Segment] = model.segments
    if only is not None:
        units = asked(model, only, Unit)
        segments = [s for unit in units for s in model.segments_owned_by(unit.id)]
    for segment in segments:
        voice = model.voice_of(segment.id)
        if voice is None or segment.priority is None:
            continue
        groups[(segment.unit, segment.category)].append((segment, voice, segment.priority))
    for (unit_id, category), members in groups.items():
        if len(members) < least or len({voice for _, voice, _ in members}) < 2:
            continue
        loud = [priority for _, voice, priority in members if voice in _LOUD]
        quiet = [priority for _, voice, priority in members if voice not in _LOUD]
        separated = bool(loud and quiet) and min(quiet) > max(loud)
        rho = spearman(
            [float(STRENGTH[voice]) for _, voice, _ in members],
            [-float(priority) for _, _, priority in members],
        )
        correlated = rho is not None and rho >= threshold
        if not (separated or correlated):
            continue
        unit = model.unit(unit_id)
        reasons = []
        if separated:
            reasons.append(
                f"every one of its {len(quiet)} weak or voiceless segments (priorities "
                f"{_span(quiet)}) ranks below every one of its {len(loud)} strong or "
                f"moderate ones (priorities {_span(loud)})"
            )
        if correlated and rho is not None:
            reasons.append(
                f"the louder a segment, the higher it ranks, almost without exception "
                f"(a rank agreement of {rho:.2f} on a scale where 1 is perfect; this rule "
                f"speaks up at {threshold:.2f})"
            )
        figures = "; and ".join(reasons)
        yield RULE.finding(
            unit_id,
            f"unit {quoted(unit_id)} ({excerpt(unit.name)}) appears to rank its {len(members)} "
            f"{category} segments by how loudly they speak: {figures}",
            related=[segment.id for segment, _, _ in members],
        )


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation of two equally long sequences, ties given their mean rank.

    None when either sequence has no spread (all values equal), as the correlation is then
    undefined. Cost: n log n.
    """
    rx, ry = _ranks(xs), _ranks(ys)
    n = len(rx)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if vx == 0 or vy == 0:
        return None
    return cov / math.sqrt(vx * vy)


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        mean = (start + end) / 2 + 1
        for position in range(start, end + 1):
            ranks[order[position]] = mean
        start = end + 1
    return ranks


def _span(priorities: list[int]) -> str:
    low, high = min(priorities), max(priorities)
    return str(low) if low == high else f"{low} to {high}"


RULE = Rule(
    code="CFG110",
    name="priority-follows-voice",
    severity=Severity.WARNING,
    summary="A unit whose segment priorities line up with how strongly each segment can "
    "make itself heard.",
    rationale="The report warns against choosing customers, or ranking them, by how loud "
    "they are: a group with organised lobbyists is not thereby more important than one "
    "with nobody to speak for it, and ranking by volume quietly discriminates against the "
    "under-represented. When a unit's priorities track strength of voice this closely, it "
    "is worth asking whether the ranking came from the unit's objectives or from who "
    "shouts loudest (Barker 2002, Component 1, tip T10).",
    fix="Revisit the priorities against the unit's aims and objectives rather than against "
    "who lobbies hardest. If the ranking is sound on its merits, record why with "
    '`ignore: {CFG110: "reason"}` on the unit.',
    source="Barker 2002, Component 1, tip T10 (not by strength of voice)",
    cost="n log n in the segments of each unit and category (a sort per group).",
    scope=Scope.UNIT,
    check=check,
    options=(
        Option(
            name="min_segments",
            minimum=2,
            default=4,
            description="How many segments of one unit and category must have both a "
            "priority and a voice before the rule judges them; with fewer, any order looks "
            "like a pattern.",
        ),
        Option(
            name="threshold",
            minimum=0.0,
            maximum=1.0,
            default=0.8,
            description="The Spearman rank correlation between strength of voice and "
            "priority at or above which the rule fires (1.0 means priority follows voice exactly).",
        ),
    ),
    example="""\
segments:
  - {id: farmers-income, name: Farmers as earners, category: target, unit: defra,
     voice: strong, priority: 1}
  - {id: hauliers, name: Road hauliers as users of rural roads, category: target,
     unit: defra, voice: moderate, priority: 2}
  - {id: walkers, name: The public as visitors to the countryside, category: target,
     unit: defra, voice: weak, priority: 3}
  - {id: future-generations, name: Future generations as heirs of the landscape,
     category: target, unit: defra, voice: none, priority: 4}
""",
    fixed="""\
segments:
  - {id: farmers-income, name: Farmers as earners, category: target, unit: defra,
     voice: strong, priority: 2}
  - {id: hauliers, name: Road hauliers as users of rural roads, category: target,
     unit: defra, voice: moderate, priority: 4}
  - {id: walkers, name: The public as visitors to the countryside, category: target,
     unit: defra, voice: weak, priority: 3}
  - {id: future-generations, name: Future generations as heirs of the landscape,
     category: target, unit: defra, voice: none, priority: 1}
""",
)
