"""A deterministic generator of large, realistic models, written as YAML files.

For benchmarks and for users who want to try cfgov at government scale:
several organisations, a deep organisation graph, segments cascading through
it, some of them the same people as a segment of another organisation
(`same_as`), objectives with measures, principles with service standards,
customer representatives and independent experts, and a sprinkling of
departures from the report's advice so that every kind of rule has
something to find. The same seed
and size always give the same files, byte for byte.

With ``evidence`` (the default), each unit also keeps a results file of its
own (``org0/results-u7.yaml``), as a performance team would: twelve monthly
results for each measure, four quarters of 0-10 feedback for nearly every
target segment of the first priority and a tenth of the others, and twelve
months of value and failure demand for about a tenth of the segments.
Evidence is drawn from a random stream of its own, so the definitions are
the same files with or without it.

A few units in twenty also keep where they stand: a self-assessment or two
against the four components, an initiative part of the way through the ten
steps, and a customer journey for one of their first-priority segments; and
the last organisation tags its measures with experience areas. These come
from a third random stream, so every other entry is what it was without them.
"""

from __future__ import annotations

import random
from collections import defaultdict

#: Sizes named in issue 6: (units, segments).
SIZES = {"1k": (100, 1_000), "10k": (1_000, 10_000), "100k": (10_000, 100_000)}

#: The periods of the synthetic evidence: a financial year, by month and by quarter.
MONTHS = tuple(f"2025-{m:02d}" for m in range(4, 13)) + tuple(f"2026-{m:02d}" for m in (1, 2, 3))
QUARTERS = tuple(f"2025-26 Q{q}" for q in range(1, 5))


class _Builder:
    def __init__(
        self, units: int, segments: int, seed: int, evidence: bool = True, standing: bool = True
    ) -> None:
        self.rnd = random.Random(seed)
        # Evidence has a stream of its own, so that the definitions do not depend on it.
        self.evidence = random.Random(f"evidence-{seed}") if evidence else None
        self.units = units
        self.segments = segments
        self.organisations = max(2, units // 100)
        self.lines: dict[str, list[str]] = defaultdict(list)
        self.unit_org: list[int] = []
        self.unit_parents: dict[str, list[str]] = {}
        self.at_unit: dict[str, list[int]] = defaultdict(list)
        self.seg_size: list[int] = []
        self.seg_stakeholder: list[str] = []
        # Where units stand, and experience tags: a stream of their own, so that adding
        # them changed no other entry.
        self.standing = random.Random(f"standing-{seed}") if standing else None
        self.measured: set[int] = set()
        self.first: dict[str, list[int]] = defaultdict(list)

    def top(self) -> None:
        rnd, lines = self.rnd, self.lines["organisations.yaml"]
        lines.append("organisations:")
        lines += [
            f"  - {{id: org{o}, name: Organisation {o}, kind: ministerial_department}}"
            for o in range(self.organisations)
        ]
        lines.append("stakeholders:")
        voices = ["strong", "moderate", "weak", "none"]
        lines += [
            f"  - {{id: st{s}, name: Stakeholder group {s}, voice: {rnd.choice(voices)}}}"
            for s in range(40)
        ]
        lines.append("aims:")
        lines += [
            f"  - {{id: aim{o}, unit: org{o}, statement: Aim of organisation {o}}}"
            for o in range(self.organisations)
        ]

    def graph(self) -> None:
        """Each unit under an earlier unit of its organisation (a deep graph); one in fifty
        also under a second parent, as joint units are."""
        rnd = self.rnd
        for u in range(self.units):
            org = u % self.organisations
            same = [v for v in range(max(0, u - 60), u) if self.unit_org[v] == org]
            parents = [f"u{rnd.choice(same)}"] if same and rnd.random() < 0.9 else [f"org{org}"]
            if same and rnd.random() < 0.02:
                extra = f"u{rnd.choice(same)}"
                if extra not in parents:
                    parents.append(extra)
            self.unit_org.append(org)
            self.unit_parents[f"u{u}"] = parents
            self._entry(
                f"u{u}",
                "units",
                f"u{u}",
                [
                    f"name: {rnd.choice(_UNIT_NAMES)} {u}",
                    "kind: division",
                    f"parents: [{', '.join(parents)}]",
                ],
            )

    def _file(self, owner: str) -> str:
        if owner.startswith("org"):
            return f"{owner}/segments.yaml"
        return f"org{self.unit_org[int(owner[1:])]}/{owner}.yaml"

    def cascade(self) -> None:
        """Broad segments at organisations; every other segment is owned by a unit picked at
        random and refines a recent segment of that unit or of the nearest units above it
        that have one, so segments spread over the graph as teams spread over it."""
        rnd = self.rnd
        broad = max(self.organisations * 5, self.segments // 20)
        for s in range(self.segments):
            org = s % self.organisations
            stakeholder = f"st{rnd.randrange(40)}"
            shared: int | None = None
            if 0 < s < broad and rnd.random() < 0.1:
                # The same people as a broad segment of the organisation before this one,
                # mostly described the same way (sometimes not: a finding).
                shared = s - 1
                if rnd.random() < 0.8:
                    stakeholder = self.seg_stakeholder[shared]
            fields = [
                f"name: {rnd.choice(_GROUPS)} {s} as {rnd.choice(_ROLES)}",
                f"category: {'target' if rnd.random() < 0.8 else 'indirect'}",
                f"stakeholder: {stakeholder}",
            ]
            parent: int | None
            if s < broad or not self.unit_parents:
                owner, size, parent = f"org{org}", rnd.randint(500_000, 900_000), None
                if shared is not None and rnd.random() < 0.8:
                    size = self.seg_size[shared]
            else:
                owner = f"u{rnd.randrange(self.units)}"
                parent = rnd.choice(self._recent_above(owner))
                size = max(1, self.seg_size[parent] // rnd.randint(6, 12))
            fields.append(f"unit: {owner}")
            if parent is not None:
                fields += [f"parent: s{parent}", f"cut: {rnd.choice(_CUTS)}"]
            if rnd.random() < 0.97:  # the rest lack what sets them apart (a finding)
                fields.append(f"need: {rnd.choice(_NEEDS)}, case {s}")
            if rnd.random() < 0.4:
                fields.append(f"behaviour: {rnd.choice(_BEHAVIOURS)}")
            fields += [
                "size:",
                f"  value: {size}",
                f"  source: {rnd.choice(_SOURCES)} {2020 + s % 6}",
                f'  as_of: "{2020 + s % 6}-03-31"',
            ]
            if rnd.random() < 0.93:
                fields.append(f"priority: {rnd.randint(1, 5)}")
            if parent is None:
                fields.append(f"aims: [aim{org}]")
            fields.append("knowledge_sources:")
            for source in rnd.sample(_KNOWLEDGE, rnd.randint(1, 2)):
                kind, closeness, text = source
                fields += [
                    f"  - source: {text} (group {s})",
                    f"    kind: {kind}",
                    f"    closeness: {closeness}",
                ]
            if rnd.random() < 0.5:
                fields.append(f"channels: [{', '.join(rnd.sample(_CHANNELS, 2))}]")
            if shared is not None:
                fields.append(f"same_as: [s{shared}]")
            self.seg_size.append(size)
            self.seg_stakeholder.append(stakeholder)
            self.at_unit[owner].append(s)
            self._entry(owner, "segments", f"s{s}", fields)
            self._measured(s, owner, first={"category: target", "priority: 1"} <= set(fields))
            if rnd.random() < 0.05:
                self._entry(
                    owner,
                    "partners",
                    f"p{s}",
                    [
                        f"name: Forum for group {s}",
                        "role: representative",
                        f"represents: [s{s}]",
                    ],
                )
            if s > 10 and rnd.random() < 0.01:
                # An independent expert, usually advising on several segments (on one
                # only, a finding).
                advised = [s, *rnd.sample(range(s), rnd.choice([0, 1, 2, 2, 3]))]
                self._entry(
                    owner,
                    "partners",
                    f"x{s}",
                    [
                        f"name: Research centre {s}",
                        "role: expert",
                        f"advises_on: [{', '.join(f's{a}' for a in advised)}]",
                    ],
                )

    def _recent_above(self, unit: str) -> list[int]:
        """Recent segments of ``unit`` and the units just above it or, failing those, of
        the nearest units further up that have some."""
        level = [unit, *self.unit_parents.get(unit, [])]
        while level:
            found = [s for u in level for s in self.at_unit.get(u, [])[-20:]]
            if found:
                return found
            level = [p for u in level for p in self.unit_parents.get(u, [])]
        raise AssertionError(f"no segment above {unit}")  # every organisation has broad ones

    def _measured(self, s: int, owner: str, *, first: bool) -> None:
        """An objective for half the segments, and the evidence of what happened for them;
        ``first`` for a target segment of the first priority."""
        if first:
            self.first[owner].append(s)
        if self.rnd.random() < 0.5:
            self._objective(s, owner)
        if self.evidence is not None:
            self._customers(s, owner, first=first)

    def _objective(self, s: int, owner: str) -> None:
        rnd = self.rnd
        kind = "outcome" if rnd.random() < 0.9 else "output"
        baseline = rnd.randint(20, 60)
        target = baseline + rnd.randint(5, 30)
        self._entry(
            owner,
            "objectives",
            f"o{s}",
            [
                f"statement: {rnd.choice(_OUTCOMES)} for group {s}",
                f"segments: [s{s}]",
                "measures:",
                f"  - id: m{s}",
                f"    name: Share of group {s} who say they are better off",
                f"    kind: {kind}",
                "    perspective: end_to_end",
                "    type: percentage",
                "    unit: '%'",
                f"    baseline: {baseline}",
                '    baseline_date: "2025-03-31"',
                f"    target: {target}",
                f'    deadline: "{2027 + s % 3}-03-31"',
                "    method: annual survey of the group",
                *self._experience(s, owner, "    "),
            ],
        )
        self.measured.add(s)
        if self.evidence is not None:
            self._results(s, owner, baseline, target)
        if rnd.random() < 0.1:
            # A principle for the objective, with a service standard and its target.
            self._entry(
                owner,
                "principles",
                f"pr{s}",
                [
                    f"name: {rnd.choice(_PRINCIPLES)}",
                    f"objective: o{s}",
                    "standards:",
                    f"  - id: std{s}",
                    f"    statement: Decisions for group {s} are made promptly",
                    "    targets:",
                    f"      - id: t{s}",
                    f"        name: Decisions for group {s} made within 10 working days",
                    "        kind: output",
                    "        perspective: end_to_end",
                    "        unit: '%'",
                    f"        target: {rnd.randint(80, 98)}",
                    "        method: case management data",
                ],
            )

    def _experience(self, s: int, owner: str, indent: str) -> list[str]:
        """In the last organisation only (as one body starts on the areas before the others):
        nearly every measure of a first-priority segment watches two areas of the
        customer's experience (the rest one: a finding), and a third of the others one."""
        tags = self.standing
        org = int(owner[3:]) if owner.startswith("org") else self.unit_org[int(owner[1:])]
        if tags is None or org != self.organisations - 1:
            return []
        if s in self.first.get(owner, ()):
            count = 2 if tags.random() < 0.9 else 1
        elif tags.random() < 0.33:
            count = 1
        else:
            return []
        return [f"{indent}experience: [{', '.join(tags.sample(_AREAS, count))}]"]

    def where_units_stand(self) -> None:
        """For about one unit in twenty with first-priority segments: a self-assessment or
        two, an initiative, and a journey of one of those segments."""
        rnd = self.standing
        if rnd is None:
            return
        for owner in sorted(self.first, key=lambda o: (o[:1], int(o.lstrip("org").lstrip("u")))):
            if rnd.random() >= 0.05:
                continue
            # A measured segment, where there is one: its measure watches the journey.
            segments = [s for s in self.first[owner] if s in self.measured] or self.first[owner]
            s = rnd.choice(segments)
            for sitting, date in enumerate(["2025-03", "2026-03"][: rnd.randint(1, 2)]):
                fields = [f"date: {date}", f"unit: {owner}", "assessed_by: The service team"]
                fields.append("components:")
                for component in _COMPONENTS:
                    fields += [
                        f"  - component: {component}",
                        f"    level: {_LEVELS[min(4, rnd.randint(0, 3) + sitting)]}",
                        f"    segments: [s{s}]",
                    ]
                    if s in self.measured and component == _COMPONENTS[-1]:
                        fields.append(f"    measures: [m{s}]")
                self._entry(owner, "assessments", f"as{s}-{sitting}", fields)
            step = rnd.randint(1, len(_STEPS))
            fields = [
                f"name: Joined-up service for group {s}",
                f"unit: {owner}",
                f"step: {_STEPS[step - 1]}",
                f"segments: [s{s}]",
                "steps:",
            ]
            for done in _STEPS[:step]:
                fields += [f"  - step: {done}", f"    produced: What step {done} produced"]
                if done == "pilot" and rnd.random() < 0.8:  # the rest: a pilot without them
                    fields.append(f"    customers: [s{s}]")
            self._entry(owner, "initiatives", f"in{s}", fields)
            fields = [f"name: Getting help, for group {s}", f"segment: s{s}", "stages:"]
            for stage in _STAGES:
                fields += [f"  - name: {stage}", "    steps:"]
                for channel in rnd.sample(_CHANNELS, rnd.randint(1, 2)):
                    fields += [
                        f"      - name: {stage} by {channel}",
                        f"        channel: {channel}",
                        f"        unit: {owner}",
                        f"        feeling: {rnd.choice(_FEELINGS)}",
                    ]
                    if s in self.measured and rnd.random() < 0.9:  # the rest unwatched
                        fields.append(f"        measures: [m{s}]")
            self._entry(owner, "journeys", f"jn{s}", fields)

    def _results(self, s: int, owner: str, baseline: int, target: int) -> None:
        """Twelve months of results for measure ``m{s}``, moving from its baseline towards its
        target with noise. A few series stop early (stale), and a few falter."""
        rnd = self.evidence
        assert rnd is not None
        months = MONTHS if rnd.random() < 0.97 else MONTHS[: rnd.randint(3, 9)]
        # Most measures keep to the straight path to their target (its deadline is two,
        # three or four years after the baseline); about one in seven falters.
        faltering = rnd.random() < 0.15
        pace = rnd.uniform(-0.2, 0.7) if faltering else rnd.uniform(0.9, 1.4)
        step = (target - baseline) / (12 * (2 + s % 3))
        periods = []
        for number, month in enumerate(months, start=1):
            actual = min(100.0, max(0.0, baseline + pace * step * number + rnd.uniform(-0.5, 0.5)))
            periods.append(f"{{period: {month}, actual: {actual:.1f}}}")
        if faltering and rnd.random() < 0.8:
            last = periods[-1][:-1]
            periods[-1] = f"{last}, comment: Behind plan and the team is looking at why}}"
        self._evidence(
            owner,
            "results",
            [
                f"measure: m{s}",
                f"source: Monthly survey of group {s}",
                "status: final",
                "periods:",
                *(f"  - {p}" for p in periods),
            ],
        )

    def _customers(self, s: int, owner: str, *, first: bool) -> None:
        """Quarterly 0-10 feedback for nearly every target segment of the first priority (a
        few are not heard: a finding) and a tenth of the others, and monthly value and
        failure demand, through one or two channels, for about a tenth of the segments:
        mostly under a fifth failure demand, in a few much more (a finding)."""
        rnd = self.evidence
        assert rnd is not None
        if rnd.random() < (0.97 if first else 0.1):
            for quarter in QUARTERS:
                answered = rnd.randint(40, 400)
                asked = answered + rnd.randint(0, 3 * answered)
                weights = [rnd.random() for _ in range(11)]
                scores = _split(answered, weights)
                below = answered - scores[10]
                themes = _split(rnd.randint(0, below), [rnd.random() for _ in _THEMES])
                fields = [
                    f"segment: s{s}",
                    f"period: {quarter}",
                    f"source: Question at the end of each contact (group {s})",
                    "kind: transaction",
                    f"asked: {asked}",
                    f"answered: {answered}",
                    "scores: {" + ", ".join(f"{n}: {c}" for n, c in enumerate(scores) if c) + "}",
                ]
                if any(themes):
                    given = (f"{t}: {c}" for t, c in zip(_THEMES, themes, strict=True) if c)
                    fields.append("themes: {" + ", ".join(given) + "}")
                self._evidence(owner, "feedback", fields)
        if rnd.random() < 0.1:
            for channel in rnd.sample(_CHANNELS, rnd.randint(1, 2)):
                value = rnd.randint(200, 5_000)
                # Failure demand as a share of all contacts.
                share = rnd.uniform(0.25, 0.5) if rnd.random() < 0.1 else rnd.uniform(0.05, 0.17)
                periods = []
                for month in MONTHS:
                    failure = round(value * share / (1 - share) * rnd.uniform(0.8, 1.2))
                    types = _split(failure, [rnd.random() for _ in _FAILURES])
                    counted = ", ".join(f"{t}: {c}" for t, c in zip(_FAILURES, types, strict=True))
                    periods.append(
                        f"  - {{period: {month}, value: {value}, failure_types: {{{counted}}}}}"
                    )
                    value = max(0, value + rnd.randint(-value // 10, value // 10))
                self._evidence(
                    owner,
                    "demand",
                    [
                        f"segment: s{s}",
                        f"channel: {channel}",
                        "source: Contact records, coded by reason",
                        "periods:",
                        *periods,
                    ],
                )

    def _evidence(self, owner: str, collection: str, fields: list[str]) -> None:
        """An entry of evidence, in the results file its owner's team keeps."""
        folder, _, name = self._file(owner).rpartition("/")
        self.lines[f"{folder}/results-{name}"].append(
            f"{collection}:\n  - {fields[0]}\n"
            + "".join(f"    {f}\n" for f in fields[1:]).rstrip("\n")
        )

    def _entry(self, owner: str, collection: str, id_: str, fields: list[str]) -> None:
        self.lines[self._file(owner)].append(
            f"{collection}:\n  - id: {id_}\n" + "".join(f"    {f}\n" for f in fields).rstrip("\n")
        )


_UNIT_NAMES = ["Operations", "Policy", "Benefits", "Local services", "Digital"]
_GROUPS = ["Older people", "Young carers", "Small employers", "Tenants", "Learners", "Parents"]
_ROLES = ["customers", "claimants", "service users", "applicants", "citizens"]
_CUTS = ["age band", "income", "region", "channel used", "health condition", "stage of life"]
_NEEDS = [
    "Clear, early information about what they are entitled to",
    "Help to fill in forms without having to repeat themselves",
    "Support that fits around work and caring",
    "Advice in their own language from someone who knows the area",
    "A quick decision they can rely on when their circumstances change",
]
_BEHAVIOURS = [
    "Rarely contact the service until there is a crisis.",
    "Prefer to deal with a person they know rather than a website.",
    "Often ask friends and family before asking the service.",
]
_SOURCES = ["Household survey", "Administrative data", "Local census extract"]
_KNOWLEDGE = [
    ("research", "direct", "Interviews with members of the group"),
    ("feedback", "direct", "Comments and complaints"),
    ("front_line", "near", "Reports from front-line staff"),
    ("statistics", "distant", "National statistics release"),
]
_PRINCIPLES = ["Dignity", "Trust", "Fairness", "Ease", "Respect"]
_CHANNELS = ["phone", "online", "face to face", "post", "community venues"]
_THEMES = ["Sorted first time", "Kept informed", "Not having to repeat myself", "Quicker"]
_FAILURES = ["chasing progress", "correcting errors", "not understood"]
_AREAS = ["speed", "engagement", "responsiveness", "value", "integration", "choice", "experience"]
_COMPONENTS = [
    "understand_the_customer",
    "operations_around_the_customer",
    "stakeholder_relationships",
    "deliver_target_outcomes",
]
_LEVELS = ["not_started", "emerging", "developing", "established", "leading"]
_STEPS = [
    "identify",
    "scope",
    "demand",
    "supply",
    "priorities",
    "plan_together",
    "share_resources",
    "pilot",
    "roll_out",
    "review",
]
_STAGES = ["Finding out", "Applying", "Waiting for a decision"]
_FEELINGS = ["very_bad", "bad", "neutral", "good", "very_good"]
_OUTCOMES = [
    "More people get the help they are entitled to",
    "Fewer people fall into crisis",
    "People find the service easy to use",
]


def synthetic_files(
    units: int, segments: int, *, seed: int = 0, evidence: bool = True, standing: bool = True
) -> dict[str, str]:
    """File name → YAML text for a model of about ``units`` units and ``segments`` segments.

    One file per unit (as teams keep them) and one per organisation, and with
    ``evidence`` a results file beside each that has results, feedback or
    demand. Ids are plain slugs and names plain words, so no quoting is needed. With
    ``standing`` (the default), a few units keep assessments, initiatives and journeys,
    and some measures experience tags; without, the other entries are the same.
    """
    builder = _Builder(units, segments, seed, evidence, standing)
    builder.top()
    builder.graph()
    builder.cascade()
    builder.where_units_stand()
    return {name: _merge(lines) for name, lines in sorted(builder.lines.items())}


def _split(total: int, weights: list[float]) -> list[int]:
    """``total`` split into whole counts in proportion to ``weights``, summing to ``total``."""
    whole = sum(weights) or 1.0
    counts = [int(total * w / whole) for w in weights]
    counts[max(range(len(weights)), key=lambda i: weights[i])] += total - sum(counts)
    return counts


def _merge(lines: list[str]) -> str:
    """Join entries, grouping them under one heading per collection."""
    by_collection: dict[str, list[str]] = defaultdict(list)
    current = ""
    for chunk in lines:
        for line in chunk.split("\n"):
            if line.endswith(":") and not line.startswith(" "):
                current = line
            else:
                by_collection[current].append(line)
    return "".join(
        f"{head}\n" + "".join(f"{e}\n" for e in entries) for head, entries in by_collection.items()
    )
