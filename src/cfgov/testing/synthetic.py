"""A deterministic generator of large, realistic models, written as YAML files.

For benchmarks and for users who want to try cfgov at government scale:
several organisations, a deep organisation graph, segments cascading through
it, some of them the same people as a segment of another organisation
(`same_as`), objectives with measures, principles with service standards,
customer representatives and independent experts, and a sprinkling of
departures from the report's advice so that every kind of rule has
something to find. The same seed
and size always give the same files, byte for byte.
"""

from __future__ import annotations

import random
from collections import defaultdict

#: Sizes named in issue 6: (units, segments).
SIZES = {"1k": (100, 1_000), "10k": (1_000, 10_000), "100k": (10_000, 100_000)}


class _Builder:
    def __init__(self, units: int, segments: int, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.units = units
        self.segments = segments
        self.organisations = max(2, units // 100)
        self.lines: dict[str, list[str]] = defaultdict(list)
        self.unit_org: list[int] = []
        self.unit_parents: dict[str, list[str]] = {}
        self.at_unit: dict[str, list[int]] = defaultdict(list)
        self.seg_size: list[int] = []
        self.seg_stakeholder: list[str] = []

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
            if rnd.random() < 0.5:
                self._objective(s, owner)
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

    def _objective(self, s: int, owner: str) -> None:
        rnd = self.rnd
        kind = "outcome" if rnd.random() < 0.9 else "output"
        baseline = rnd.randint(20, 60)
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
                "    unit: '%'",
                f"    baseline: {baseline}",
                f"    target: {baseline + rnd.randint(5, 30)}",
                f'    deadline: "{2027 + s % 3}-03-31"',
                "    method: annual survey of the group",
            ],
        )
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
_OUTCOMES = [
    "More people get the help they are entitled to",
    "Fewer people fall into crisis",
    "People find the service easy to use",
]


def synthetic_files(units: int, segments: int, *, seed: int = 0) -> dict[str, str]:
    """File name → YAML text for a model of about ``units`` units and ``segments`` segments.

    One file per unit (as teams keep them) and one per organisation. Ids are
    plain slugs and names plain words, so no quoting is needed.
    """
    builder = _Builder(units, segments, seed)
    builder.top()
    builder.graph()
    builder.cascade()
    return {name: _merge(lines) for name, lines in sorted(builder.lines.items())}


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
