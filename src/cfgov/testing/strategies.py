"""Hypothesis strategies that draw valid :class:`cfgov.Model` objects."""

from __future__ import annotations

import datetime
from typing import Any

import attrs

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "cfgov.testing needs Hypothesis: install it with `pip install cfgov[testing]`"
    ) from exc

from cfgov.model import (
    ORGANISATION_KINDS,
    Aim,
    AimKind,
    Assessment,
    Better,
    Category,
    Closeness,
    Component,
    ComponentAssessment,
    Demand,
    Direction,
    ExperienceArea,
    Feedback,
    FeedbackKind,
    Feeling,
    Initiative,
    Journey,
    JourneyStage,
    JourneyStep,
    KnowledgeSource,
    Level,
    Measure,
    MeasureKind,
    MeasureType,
    Model,
    OutcomeObjective,
    Partner,
    PartnerRole,
    Perspective,
    Principle,
    ProgrammeStep,
    Result,
    ResultStatus,
    Segment,
    ServiceStandard,
    Size,
    SourceKind,
    Stakeholder,
    StepRecord,
    TargetKind,
    Unit,
    UnitKind,
    UnitStatus,
    Voice,
)
from cfgov.model._fields import is_valid_id

#: Ids that YAML 1.1 tools would turn into booleans, numbers, dates or nulls.
TRICKY_IDS = (
    "NO",
    "no",
    "yes",
    "on",
    "off",
    "y",
    "true",
    "null",
    "~",
    "010",
    "0x1F",
    "1_000",
    "1:20",
    "2026-01-01",
    "1e3",
    ".inf",
    "-",
    "=",
    "<<",
    "#not-a-comment",
    "a: b",
    "ünïcode",
    "ID 7",
)

#: Characters the loader refuses in any text (cfgov.io.characters): the bidirectional
#: controls, invisible characters, a byte-order mark, and line breaks editors do not show.
REFUSED_IN_TEXT = "".join(
    chr(code)
    for code in (
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0x200B,
        *range(0x2060, 0x2065),
        *range(0x206A, 0x2070),
        *range(0xFFF9, 0xFFFC),
        *range(0xE0000, 0xE0080),
        0xFEFF,
        0x2028,
        0x2029,
    )
)

#: Letters for ids beyond ASCII: Latin ones that look like no other letter, so that ids
#: drawn from them never look alike (cfgov refuses look-alike ids). ASCII characters that
#: Unicode counts as look-alikes (1, I and l; 0 and O; m and rn; quotes) are left out too.
ID_ALPHABET = (
    "abcdefghijklnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789 !#$%&()*+,-./:;<=>?@[]^_{}~"
    "\u00e4\u00f6\u00fc\u00e9\u00e8\u00e0\u00e7\u00f1\u00c4\u00d6\u00dc\u00c9\u0175\u0177"
)

_PART_KINDS = sorted(set(UnitKind) - ORGANISATION_KINDS, key=lambda k: k.value)
_ORG_KINDS = sorted(ORGANISATION_KINDS, key=lambda k: k.value)


def texts(*, min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Free text: any Unicode the YAML format can carry, plus the YAML 1.1 traps."""
    alphabet = st.characters(
        exclude_categories=("Cs", "Cc"),
        include_characters="\t\n",
        exclude_characters=REFUSED_IN_TEXT,
    )
    return st.one_of(
        st.text(alphabet, min_size=min_size, max_size=max_size),
        st.sampled_from(TRICKY_IDS),
    ).filter(lambda s: min_size <= len(s) <= max(max_size, 16))


def _required() -> st.SearchStrategy[str]:
    """Text for a field that must say something: names, statements."""
    return texts(min_size=1).filter(str.strip)


def _ignore() -> st.SearchStrategy[dict[str, str]]:
    """Suppressions: rule codes, each with a reason."""
    return st.dictionaries(
        st.from_regex(r"[A-Z]{2,4}[0-9]{3}", fullmatch=True), _required(), max_size=2
    )


def entity_ids() -> st.SearchStrategy[str]:
    """One entity id: a slug, a YAML 1.1 trap, or arbitrary non-empty text.

    The text is of :data:`ID_ALPHABET`: any visible characters the loader takes in ids.
    """
    return st.one_of(
        st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True),
        st.sampled_from(TRICKY_IDS),
        st.text(ID_ALPHABET, min_size=1, max_size=12).filter(is_valid_id),
    )


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _dates() -> st.SearchStrategy[str]:
    return (
        st.dates()
        .flatmap(
            lambda d: st.sampled_from(
                [f"{d.year:04d}", f"{d.year:04d}-{d.month:02d}", d.isoformat()]
            )
        )
        .filter(lambda s: s >= "1000")
    )


def _numbers(*, non_negative: bool = False) -> st.SearchStrategy[int | float]:
    low = 0 if non_negative else -(10**12)
    return st.one_of(
        st.integers(min_value=low, max_value=10**12),
        st.floats(min_value=low, max_value=1e15, allow_nan=False, allow_infinity=False),
    )


class _Ids:
    """Hands out ids from a pre-drawn pool of unique ids."""

    def __init__(self, pool: list[str]) -> None:
        self.pool = pool

    def take(self) -> str | None:
        return self.pool.pop() if self.pool else None

    def some(self, draw: st.DrawFn, most: int) -> list[str]:
        """Up to ``most`` fresh ids (fewer when the pool runs out)."""
        wanted = draw(st.integers(0, most))
        taken = self.pool[-wanted:] if wanted else []
        del self.pool[len(self.pool) - len(taken) :]
        return taken[::-1]


@st.composite
def _measure(draw: st.DrawFn, ids: _Ids) -> Measure | None:
    measure_id = ids.take()
    if measure_id is None:
        return None
    return Measure(
        id=measure_id,
        name=draw(_required()),
        kind=draw(_optional(st.sampled_from(MeasureKind))),
        perspective=draw(_optional(st.sampled_from(Perspective))),
        unit=draw(_optional(texts(max_size=8))),
        better=draw(_optional(st.sampled_from(Better))),
        baseline=draw(_optional(_numbers())),
        baseline_date=draw(_optional(_dates())),
        target=draw(_optional(_numbers())),
        deadline=draw(_optional(_dates())),
        method=draw(_optional(texts())),
        description=draw(_optional(texts())),
        experience=draw(_experience()),
        ignore=draw(_ignore()),
    )


def _experience() -> st.SearchStrategy[list[ExperienceArea]]:
    """Experience areas a measure or standard watches: none, most often, or a few."""
    return st.lists(st.sampled_from(ExperienceArea), unique=True, max_size=3)


def _measures(draw: st.DrawFn, ids: _Ids, most: int) -> list[Measure]:
    drawn = [draw(_measure(ids)) for _ in range(draw(st.integers(0, most)))]
    return [m for m in drawn if m is not None]


def _draw_units(draw: st.DrawFn, ids: _Ids, max_units: int) -> list[Unit]:
    units: list[Unit] = []
    # The pool holds at least one id (min_size=1), so there is always a first organisation.
    for index, unit_id in enumerate([ids.pool.pop(), *ids.some(draw, max_units - 1)]):
        is_org = index == 0 or (draw(st.booleans()) and index < 3)
        earlier = [u.id for u in units]
        parents = (
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        )
        if not is_org and not parents:
            parents = [earlier[-1]]
        units.append(
            Unit(
                id=unit_id,
                name=draw(_required()),
                kind=draw(st.sampled_from(_ORG_KINDS if is_org else _PART_KINDS)),
                parents=parents,
                description=draw(_optional(texts())),
                status=draw(_optional(st.sampled_from(UnitStatus))),
                ignore=draw(_ignore()),
                **draw(_identity(ids, unit_id)),
            )
        )
    return units


@st.composite
def _identity(draw: st.DrawFn, ids: _Ids, unit_id: str) -> dict[str, Any]:
    """A body's register details, now and then: short name, address, dates, other ids."""
    if not draw(st.booleans()):
        return {}
    start, end = sorted(draw(st.lists(_dates(), min_size=2, max_size=2)))
    # Each unit's identifiers carry its own id, so no two units share one (CFG030).
    schemes = draw(st.lists(texts(min_size=1).filter(str.strip), max_size=2, unique=True))
    identifiers = dict.fromkeys([*schemes, "register"], unit_id)
    return {
        "abbreviation": draw(_optional(texts(min_size=1))),
        "url": draw(_optional(texts(min_size=1))),
        "register_type": draw(_optional(texts(min_size=1))),
        "start_date": draw(_optional(st.just(start))),
        "end_date": draw(_optional(st.just(end))),
        "identifiers": identifiers,
        # An id of the same body elsewhere, not in the model: references keep their own id.
        "same_as": draw(_optional(st.just(ids.take()))),
    }


def _draw_principles(
    draw: st.DrawFn, ids: _Ids, objectives: list[OutcomeObjective]
) -> list[Principle]:
    principles: list[Principle] = []
    for principle_id in ids.some(draw, 2):
        standards = []
        for standard_id in ids.some(draw, 2):
            standards.append(
                ServiceStandard(
                    id=standard_id,
                    statement=draw(_required()),
                    targets=_measures(draw, ids, 2),
                    experience=draw(_experience()),
                )
            )
        principles.append(
            Principle(
                id=principle_id,
                name=draw(_required()),
                statement=draw(_optional(texts())),
                objective=draw(_optional(st.sampled_from([o.id for o in objectives])))
                if objectives
                else None,
                standards=standards,
            )
        )
    return principles


@st.composite
def periods(draw: st.DrawFn, *, most: int = 4) -> list[str]:
    """Up to ``most`` reporting periods of one form, one after another, none overlapping.

    Years (``2021``), financial years (``2021/22``), calendar quarters (``2021-Q3``),
    financial quarters (``2021-22 Q2``) or days, from 2000 to about 2040.
    """
    form = draw(st.sampled_from(["year", "financial_year", "quarter", "fy_quarter", "day"]))
    first = draw(st.integers(2000, 2030))
    count = draw(st.integers(1, most))
    if form == "year":
        return [str(first + n) for n in range(count)]
    if form == "financial_year":
        return [f"{first + n}/{(first + n + 1) % 100:02d}" for n in range(count)]
    if form in {"quarter", "fy_quarter"}:
        found = []
        for n in range(count):
            year, quarter = first + n // 4, n % 4 + 1
            found.append(
                f"{year}-Q{quarter}"
                if form == "quarter"
                else f"{year}-{(year + 1) % 100:02d} Q{quarter}"
            )
        return found
    start = datetime.date(first, 1, 1)
    return [(start + datetime.timedelta(days=7 * n)).isoformat() for n in range(count)]


#: What values a measure of each type may hold (a percentage of a share is 0 to 100).
def _values_for(kind: MeasureType | None) -> st.SearchStrategy[Any]:
    if kind is MeasureType.QUALITATIVE:
        return _required()
    if kind is MeasureType.PERCENTAGE:
        return st.floats(0, 100, allow_nan=False)
    if kind is MeasureType.RATING:
        return st.floats(0, 10, allow_nan=False)
    if kind is None:
        return _numbers()
    return _numbers(non_negative=True)


_DIMENSIONS = ("channel", "area", "age band")


def _results(draw: st.DrawFn, measures: list[Measure]) -> list[Result]:
    results: list[Result] = []
    for measure in measures:
        if not draw(st.booleans()):
            continue
        breakdowns: list[dict[str, str]] = [{}]
        if draw(st.booleans()):
            breakdowns.append({draw(st.sampled_from(_DIMENSIONS)): draw(_required())})
        values = _values_for(measure.type)
        for breakdown in breakdowns:
            status = draw(_optional(st.sampled_from(ResultStatus)))
            for period in draw(periods()):
                results.append(
                    Result(
                        measure=measure.id,
                        period=period,
                        target=draw(_optional(values)),
                        actual=draw(_optional(values)),
                        breakdown=breakdown,
                        status=status,
                        source=draw(_optional(texts())),
                        comment=draw(_optional(texts())),
                    )
                )
    return results


def _counted(most: int = 5) -> st.SearchStrategy[dict[str, int]]:
    return st.dictionaries(_required(), st.integers(0, 5000), max_size=most)


def _feedback(draw: st.DrawFn, segments: list[Segment]) -> list[Feedback]:
    records: list[Feedback] = []
    for segment in segments:
        if not draw(st.booleans()):
            continue
        source = draw(_required())
        kind = draw(_optional(st.sampled_from(FeedbackKind)))
        channel = draw(_optional(texts(max_size=10)))
        for period in draw(periods()):
            scores = draw(st.dictionaries(st.integers(0, 10), st.integers(0, 500), max_size=11))
            answered = draw(_optional(st.integers(0, 2000)))
            asked = None if answered is None else answered + draw(st.integers(0, 2000))
            records.append(
                Feedback(
                    segment=segment.id,
                    period=period,
                    source=source,
                    kind=kind,
                    channel=channel,
                    service=draw(_optional(texts(max_size=10))),
                    asked=draw(st.sampled_from([asked, None])),
                    answered=answered,
                    scores=scores,
                    themes=draw(_counted()),
                    comment=draw(_optional(texts())),
                )
            )
    return records


def _demand(draw: st.DrawFn, segments: list[Segment]) -> list[Demand]:
    records: list[Demand] = []
    for segment in segments:
        if not draw(st.booleans()):
            continue
        channel = draw(_optional(texts(max_size=10)))
        for period in draw(periods()):
            types = draw(_counted(3))
            typed = sum(types.values())
            failure = draw(_optional(st.integers(typed, typed + 5000)))
            value = draw(_optional(st.integers(0, 10_000)))
            if value is None and failure is None and not types:
                value = draw(st.integers(0, 10_000))
            records.append(
                Demand(
                    segment=segment.id,
                    period=period,
                    channel=channel,
                    service=draw(_optional(texts(max_size=10))),
                    value=value,
                    failure=failure,
                    failure_types=types,
                    source=draw(_optional(texts())),
                    comment=draw(_optional(texts())),
                )
            )
    return records


@st.composite
def models(
    draw: st.DrawFn,
    *,
    max_units: int = 6,
    max_segments: int = 10,
    max_objectives: int = 4,
    evidence: bool = False,
) -> Model:
    """A valid model of up to the given sizes, exercising every entity and field.

    The organisation graph is a DAG in which some units have several parents;
    the segment cascade is a forest; ``same_as`` links join segments.

    With ``evidence=True`` the model also holds results, feedback and demand
    consistent with it: results for some of its measures (each series of one
    period form, no two periods overlapping, values its measure's type allows,
    sometimes a breakdown too), feedback and demand for some of its segments
    (answered no more than asked, failure demand no less than its types).
    """
    pool = draw(st.lists(entity_ids(), unique=True, min_size=1, max_size=80))
    ids = _Ids(pool)

    units = _draw_units(draw, ids, max_units)
    unit_ids = st.sampled_from([u.id for u in units])

    aims: list[Aim] = []
    for aim_id in ids.some(draw, 3):
        aims.append(
            Aim(
                id=aim_id,
                unit=draw(unit_ids),
                statement=draw(_required()),
                kind=draw(_optional(st.sampled_from(AimKind))),
                reference=draw(_optional(texts(max_size=10))),
            )
        )

    stakeholders: list[Stakeholder] = []
    for stakeholder_id in ids.some(draw, 3):
        stakeholders.append(
            Stakeholder(
                id=stakeholder_id,
                name=draw(_required()),
                description=draw(_optional(texts())),
                internal_staff=draw(st.booleans()),
                ministers=draw(st.booleans()),
                voice=draw(_optional(st.sampled_from(Voice))),
            )
        )

    def some(items: list[Any]) -> list[str]:
        if not items:
            return []
        return draw(st.lists(st.sampled_from([i.id for i in items]), unique=True, max_size=3))

    segments: list[Segment] = []
    for segment_id in ids.some(draw, max_segments):
        category = draw(st.sampled_from(Category))
        segments.append(
            Segment(
                id=segment_id,
                name=draw(_required()),
                category=category,
                unit=draw(unit_ids),
                stakeholder=draw(_optional(st.sampled_from([s.id for s in stakeholders])))
                if stakeholders
                else None,
                target_kind=draw(_optional(st.sampled_from(TargetKind)))
                if category is Category.TARGET
                else None,
                parent=draw(_optional(st.sampled_from([s.id for s in segments])))
                if segments
                else None,
                cut=draw(_optional(texts())),
                need=draw(_optional(texts())),
                interest=draw(_optional(texts())),
                behaviour=draw(_optional(texts())),
                description=draw(_optional(texts())),
                size=draw(
                    _optional(
                        st.builds(
                            Size,
                            value=_numbers(non_negative=True),
                            source=_optional(texts()),
                            as_of=_optional(_dates()),
                        )
                    )
                ),
                priority=draw(_optional(st.integers(1, 50))),
                voice=draw(_optional(st.sampled_from(Voice))),
                knowledge_sources=draw(
                    st.lists(
                        st.builds(
                            KnowledgeSource,
                            source=_required(),
                            kind=_optional(st.sampled_from(SourceKind)),
                            closeness=_optional(st.sampled_from(Closeness)),
                        ),
                        max_size=2,
                    )
                ),
                aims=some(aims),
                channels=draw(st.lists(texts(max_size=10), max_size=3)),
                same_as=some(segments),
                government_advocate=draw(_optional(texts())),
                ignore=draw(_ignore()),
            )
        )

    partners: list[Partner] = []
    for partner_id in ids.some(draw, 3):
        partners.append(
            Partner(
                id=partner_id,
                name=draw(_required()),
                role=draw(st.sampled_from(PartnerRole)),
                stakeholder=draw(_optional(st.sampled_from([s.id for s in stakeholders])))
                if stakeholders
                else None,
                represents=some(segments),
                advises_on=some(segments),
                delivers_to=some(segments),
                description=draw(_optional(texts())),
            )
        )

    if partners:
        # Knowledge may come through a partner; partners exist only now, so link afterwards.
        partner_ids = st.sampled_from([p.id for p in partners])
        segments = [
            attrs.evolve(
                s,
                knowledge_sources=[
                    attrs.evolve(k, partner=draw(_optional(partner_ids)))
                    for k in s.knowledge_sources
                ],
            )
            for s in segments
        ]

    objectives: list[OutcomeObjective] = []
    for objective_id in ids.some(draw, max_objectives) if segments else []:
        objectives.append(
            OutcomeObjective(
                id=objective_id,
                statement=draw(_required()),
                segments=draw(
                    st.lists(
                        st.sampled_from([s.id for s in segments]),
                        min_size=1,
                        max_size=3,
                        unique=True,
                    )
                ),
                direction=draw(_optional(st.sampled_from(Direction))),
                desired_behaviour=draw(_optional(texts())),
                aims=some(aims),
                unit=draw(_optional(unit_ids)),
                measures=_measures(draw, ids, 2),
            )
        )

    principles = _draw_principles(draw, ids, objectives)

    results: list[Result] = []
    feedback: list[Feedback] = []
    demand: list[Demand] = []
    if evidence and segments:
        # Measures are rare in the pool's models: one more objective brings some, typed.
        taken = set(pool) | {u.id for u in units} | {a.id for a in aims}
        taken |= {x.id for x in stakeholders} | {x.id for x in segments}
        taken |= {x.id for x in partners} | {x.id for x in objectives}
        taken |= {x.id for x in principles} | {s.id for p in principles for s in p.standards}
        taken |= {m.id for o in objectives for m in o.measures}
        taken |= {m.id for p in principles for s in p.standards for m in s.targets}
        fresh = draw(
            st.lists(
                entity_ids().filter(lambda i: i not in taken), unique=True, min_size=2, max_size=4
            )
        )
        typed = []
        for measure_id in fresh[1:]:
            kind = draw(_optional(st.sampled_from(MeasureType)))
            level = _values_for(kind) if kind is not MeasureType.QUALITATIVE else st.none()
            typed.append(
                Measure(
                    id=measure_id,
                    name=draw(_required()),
                    type=kind,
                    better=draw(_optional(st.sampled_from(Better))),
                    baseline=draw(_optional(level)),
                    baseline_date=draw(_optional(_dates())),
                    target=draw(_optional(level)),
                    deadline=draw(_optional(_dates())),
                    tolerance=draw(_optional(st.floats(0, 10, allow_nan=False))),
                )
            )
        objectives.append(
            OutcomeObjective(
                id=fresh[0],
                statement=draw(_required()),
                segments=[draw(st.sampled_from([s.id for s in segments]))],
                measures=typed,
            )
        )
    if evidence:
        measures = [m for o in objectives for m in o.measures] + [
            m for p in principles for s in p.standards for m in s.targets
        ]
        results = _results(draw, measures)
        feedback = _feedback(draw, segments)
        demand = _demand(draw, segments)

    # The pool is mostly spent by now: what follows draws ids of its own, none taken yet.
    taken = _taken(
        pool, units, [*aims, *stakeholders, *segments, *partners], objectives, principles
    )
    more = _more(draw, taken, units, segments, objectives)
    standing = _draw_standing(
        draw,
        more,
        units=units,
        segments=segments,
        objectives=objectives,
        partners=partners,
        measures=[m for o in objectives for m in o.measures]
        + [m for p in principles for s in p.standards for m in s.targets],
    )

    # A unit's other id must be no entity's own id (CFG043). The pool hands out each id
    # once, but Hypothesis may replay a draw; whatever the path, a clash is dropped here.
    others = _taken([], [], [*aims, *stakeholders, *segments, *partners], objectives, principles)
    others |= {x.id for found in standing.values() for x in found}
    units = [
        attrs.evolve(u, same_as=None) if u.same_as is not None and u.same_as in others else u
        for u in units
    ]
    return Model(
        units=units,
        aims=aims,
        stakeholders=stakeholders,
        segments=segments,
        partners=partners,
        objectives=objectives,
        principles=principles,
        results=results,
        feedback=feedback,
        demand=demand,
        **standing,
    )


def _taken(
    pool: list[str],
    units: list[Unit],
    others: list[Any],
    objectives: list[OutcomeObjective],
    principles: list[Principle],
) -> set[str]:
    """Every id the model holds or the pool still has (and the ids ``same_as`` names)."""
    taken = set(pool) | {u.id for u in units} | {u.same_as for u in units if u.same_as}
    taken |= {x.id for x in others} | {x.id for x in objectives} | {x.id for x in principles}
    taken |= {s.id for p in principles for s in p.standards}
    taken |= {m.id for o in objectives for m in o.measures}
    taken |= {m.id for p in principles for s in p.standards for m in s.targets}
    return taken


def _more(
    draw: st.DrawFn,
    taken: set[str],
    units: list[Unit],
    segments: list[Segment],
    objectives: list[OutcomeObjective],
) -> _Ids:
    """Fresh ids for what the model's standing names, and (now and then) a segment and an
    objective with measures added for them to name, as the pool's models seldom have any."""
    more = _Ids(
        draw(
            st.lists(
                entity_ids().filter(lambda i: i not in taken), unique=True, min_size=6, max_size=12
            )
        )
    )
    add_segment = draw(st.booleans())
    if add_segment and not segments:
        # Segments are rare in the pool's models too: journeys follow one.
        segments.append(
            Segment(
                id=more.pool.pop(),
                name=draw(_required()),
                category=draw(st.sampled_from(Category)),
                unit=draw(st.sampled_from([u.id for u in units])),
                channels=draw(st.lists(texts(max_size=10), max_size=2)),
            )
        )
    add_objective = draw(st.booleans())
    if segments and add_objective:
        # Measures are rare too: one more objective brings some, tagged with experience
        # areas now and then, for assessments and journeys to point to.
        objective_id = more.pool.pop()
        watched = [m for m in (draw(_measure(more)) for _ in range(2)) if m is not None]
        objectives.append(
            OutcomeObjective(
                id=objective_id,
                statement=draw(_required()),
                segments=[draw(st.sampled_from([s.id for s in segments]))],
                measures=watched,
            )
        )
    return more


def _draw_standing(
    draw: st.DrawFn,
    ids: _Ids,
    *,
    units: list[Unit],
    segments: list[Segment],
    objectives: list[OutcomeObjective],
    partners: list[Partner],
    measures: list[Measure],
) -> dict[str, list[Any]]:
    """Self-assessments, initiatives and journeys naming what the model holds: every field
    of each, and of their components, step records, stages and steps, now and then."""

    def some(items: list[Any]) -> list[str]:
        if not items:
            return []
        return draw(st.lists(st.sampled_from([i.id for i in items]), unique=True, max_size=2))

    def optional_id(items: list[Any]) -> str | None:
        return draw(_optional(st.sampled_from([i.id for i in items]))) if items else None

    unit_ids = st.sampled_from([u.id for u in units])
    documents = st.lists(texts(min_size=1), max_size=2)

    assessments: list[Assessment] = []
    sittings: set[tuple[str, str]] = set()  # one sitting of a unit on a date (CFG040)
    for assessment_id in ids.some(draw, 2):
        components = draw(st.lists(st.sampled_from(Component), unique=True, min_size=1, max_size=3))
        unit, date = draw(
            st.tuples(unit_ids, _dates()).filter(lambda sitting: sitting not in sittings)
        )
        sittings.add((unit, date))
        assessments.append(
            Assessment(
                id=assessment_id,
                unit=unit,
                date=date,
                assessed_by=draw(_optional(texts())),
                components=[
                    ComponentAssessment(
                        component=component,
                        level=draw(st.sampled_from(Level)),
                        segments=some(segments),
                        objectives=some(objectives),
                        measures=some(measures),
                        partners=some(partners),
                        documents=draw(documents),
                        note=draw(_optional(texts())),
                        next_steps=draw(documents),
                    )
                    for component in components
                ],
                description=draw(_optional(texts())),
                ignore=draw(_ignore()),
            )
        )

    initiatives: list[Initiative] = []
    for initiative_id in ids.some(draw, 2):
        reached = draw(st.sampled_from(ProgrammeStep))
        # Each step recorded once (CFG040), none beyond the step reached (CFG018).
        taken = list(ProgrammeStep)[: reached.number]
        records = [
            StepRecord(
                step=step,
                date=draw(_optional(_dates())),
                produced=draw(_optional(texts())),
                customers=some(segments),
                segments=some(segments),
                objectives=some(objectives),
                measures=some(measures),
                partners=some(partners),
                documents=draw(documents),
                note=draw(_optional(texts())),
            )
            for step in draw(st.lists(st.sampled_from(taken), unique=True, max_size=3))
        ]
        initiatives.append(
            Initiative(
                id=initiative_id,
                name=draw(_required()),
                unit=draw(unit_ids),
                step=reached,
                segments=some(segments),
                objectives=some(objectives),
                partners=some(partners),
                steps=records,
                description=draw(_optional(texts())),
                ignore=draw(_ignore()),
            )
        )

    journeys: list[Journey] = []
    for journey_id in ids.some(draw, 2) if segments else []:
        stages = []
        for _ in range(draw(st.integers(1, 3))):
            steps = [
                JourneyStep(
                    name=draw(_required()),
                    channel=draw(_optional(texts(max_size=10))),
                    unit=optional_id(units),
                    partner=optional_id(partners),
                    feeling=draw(_optional(st.sampled_from(Feeling))),
                    pain=draw(_optional(texts())),
                    measures=some(measures),
                    hand_off=draw(_optional(texts())),
                )
                for _ in range(draw(st.integers(0, 3)))
            ]
            stages.append(JourneyStage(name=draw(_required()), steps=steps))
        journeys.append(
            Journey(
                id=journey_id,
                name=draw(_required()),
                segment=draw(st.sampled_from([s.id for s in segments])),
                stages=stages,
                description=draw(_optional(texts())),
                ignore=draw(_ignore()),
            )
        )
    return {"assessments": assessments, "initiatives": initiatives, "journeys": journeys}
