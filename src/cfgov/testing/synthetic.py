"""A deterministic generator of large, realistic models, written as YAML files.

For benchmarks and for users who want to try cfgov at government scale:
several organisations, a deep organisation graph, segments cascading through
it, objectives with measures, partners, and a sprinkling of departures from
the report's advice so that the rules have something to find. The same seed
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
        self.children: dict[str, list[str]] = defaultdict(list)
        self.seg_unit: list[str] = []
        self.seg_size: list[int] = []

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
            for parent in parents:
                self.children[parent].append(f"u{u}")
            self.lines[self._file(f"u{u}")] += [
                "units:",
                f"  - {{id: u{u}, name: Unit {u}, kind: division, "
                f"parents: [{', '.join(parents)}]}}",
            ]

    def _file(self, owner: str) -> str:
        if owner.startswith("org"):
            return f"{owner}/segments.yaml"
        return f"org{self.unit_org[int(owner[1:])]}/{owner}.yaml"

    def cascade(self) -> None:
        """Broad segments at organisations; each other segment refines a recent segment of
        the same organisation and is owned at or just below its parent's unit."""
        rnd = self.rnd
        broad = max(self.organisations * 5, self.segments // 20)
        for s in range(self.segments):
            category = "target" if rnd.random() < 0.8 else "indirect"
            extras = f", stakeholder: st{rnd.randrange(40)}"
            extras += f", need: Need {s}" if rnd.random() < 0.97 else ""
            extras += f", priority: {rnd.randint(1, 5)}" if rnd.random() < 0.93 else ""
            if s < broad:
                org = s % self.organisations
                owner, size, parent = f"org{org}", rnd.randint(500_000, 900_000), ""
                extras += (
                    f", aims: [aim{org}], knowledge_sources: [{{source: Survey of "
                    f"group {s}, kind: research, closeness: direct}}]"
                )
            else:
                p = rnd.randrange(max(0, s - 400), s)
                below = self.children.get(self.seg_unit[p], [])
                owner = rnd.choice(below) if below and rnd.random() < 0.7 else self.seg_unit[p]
                size = max(1, self.seg_size[p] // rnd.randint(6, 12))
                parent = f", parent: s{p}, cut: cut {rnd.randrange(2)}"
            self.seg_unit.append(owner)
            self.seg_size.append(size)
            self._segment(s, category, owner, size, parent + extras)

    def _segment(self, s: int, category: str, owner: str, size: int, extras: str) -> None:
        rnd, lines = self.rnd, self.lines[self._file(owner)]
        lines.append(
            f"segments:\n  - {{id: s{s}, name: Group {s} as customers, "
            f"category: {category}, unit: {owner}, size: {size}{extras}}}"
        )
        if rnd.random() < 0.5:
            kind = "outcome" if rnd.random() < 0.9 else "output"
            lines.append(
                f"objectives:\n  - {{id: o{s}, statement: Outcome for group {s}, "
                f"segments: [s{s}], measures: [{{id: m{s}, name: Share of group {s} better "
                f"off, kind: {kind}, perspective: end_to_end, target: {rnd.randint(50, 99)}, "
                "unit: '%', method: survey}]}"
            )
        if rnd.random() < 0.05:
            lines.append(
                f"partners:\n  - {{id: p{s}, name: Partner {s}, "
                f"role: representative, represents: [s{s}]}}"
            )


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
