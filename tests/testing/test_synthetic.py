"""The synthetic-model generator: deterministic, loadable, realistic in shape."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import cfgov
from cfgov.testing.synthetic import SIZES, synthetic_files


def write(files: dict[str, str], folder: Path) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_the_same_seed_gives_the_same_files_and_another_seed_others() -> None:
    assert synthetic_files(30, 300, seed=3) == synthetic_files(30, 300, seed=3)
    assert synthetic_files(30, 300, seed=3) != synthetic_files(30, 300, seed=4)


def test_the_smallest_named_size_loads_with_a_realistic_shape(tmp_path: Path) -> None:
    units, segments = SIZES["1k"]
    model, sources = cfgov.load_with_sources(write(synthetic_files(units, segments), tmp_path))
    assert len(model.segments) == segments
    assert len(model.units) - len(model.organisations) == units
    assert len(model.organisations) >= 2
    assert any(len(u.parents) > 1 for u in model.units)  # joint units
    assert max(len(model.lineage_of(s.id)) for s in model.segments) >= 4  # a deep cascade
    assert model.objectives
    assert model.principles  # with service standards and targets
    assert {str(p.role) for p in model.partners} >= {"representative", "expert"}
    assert any(True for _ in model.shared_segments())  # same people across organisations
    result = cfgov.check(model, sources)
    codes = Counter(f.code for f in result.findings)
    assert result.findings  # some departures from the advice...
    assert len(result.findings) < len(model.segments)  # ...but a sprinkling, not a flood
    assert codes["CFG102"] == 0  # the cascade runs down the organisation graph
    assert codes["CFG112"]  # experts tied to one segment...
    assert codes["CFG120"]  # ...and shared segments described differently


def test_segments_spread_over_the_units_rather_than_piling_into_one_file() -> None:
    files = synthetic_files(*SIZES["1k"])
    sizes = sorted(len(text) for text in files.values())
    assert sizes[-1] < 0.05 * sum(sizes)  # no unit holds a large share of the model
    unit_files = [name for name in files if name.rpartition("/")[2].startswith("u")]
    assert len(unit_files) >= 0.9 * SIZES["1k"][0]  # nearly every unit owns segments


def test_evidence_does_not_change_the_definitions() -> None:
    with_evidence = synthetic_files(30, 300, seed=2)
    without = synthetic_files(30, 300, seed=2, evidence=False)
    assert {n: t for n, t in with_evidence.items() if "/results-" not in n} == without
    assert any("/results-" in n for n in with_evidence)


def test_the_evidence_loads_with_figures_that_add_up(tmp_path: Path) -> None:
    units, segments = SIZES["1k"]
    model = cfgov.load(write(synthetic_files(units, segments), tmp_path))
    measures = [m for o in model.objectives for m in o.measures]
    assert len(model.results) >= 10 * len(measures)  # about twelve months each
    assert {len(model.results_for(m.id)) for m in measures} >= {12}
    assert 0.1 * segments < len({f.segment for f in model.feedback}) < 0.3 * segments
    first = [s for s in model.segments if s.is_target and s.priority == 1]
    heard = {f.segment for f in model.feedback}
    assert len([s for s in first if s.id in heard]) > 0.9 * len(first)
    assert 0.05 * segments < len({d.segment for d in model.demand}) < 0.15 * segments
    for record in model.feedback:
        assert record.responses == record.answered
        assert record.asked is not None
        assert record.answered is not None
        assert record.answered <= record.asked
        assert sum(n for _, n in record.themes) <= record.answered - record.distribution[10]
    assert all(d.failure_total and d.value is not None for d in model.demand)
    statuses = Counter(cfgov.progress_of(model, m).status for m in measures)
    # Most keep to their path, some fall behind; a few off track say nothing about it.
    assert statuses[cfgov.Status.ON_TRACK] > statuses[cfgov.Status.OFF_TRACK] > 0
    silent = [
        m
        for m in measures
        if (p := cfgov.progress_of(model, m)).status is cfgov.Status.OFF_TRACK
        and p.latest is not None
        and p.latest.comment is None
    ]
    assert 0 < len(silent) < 0.1 * len(measures)


def test_the_evidence_rules_find_a_sprinkling(tmp_path: Path) -> None:
    units, segments = SIZES["1k"]
    model, sources = cfgov.load_with_sources(write(synthetic_files(units, segments), tmp_path))
    codes = Counter(f.code for f in cfgov.check(model, sources).findings)
    # Stale series, silence about falling behind, unheard first priorities, failure demand
    # no objective speaks of: each a few times, none a flood.
    for code in ("CFG129", "CFG130", "CFG132", "CFG133"):
        assert 0 < codes[code] < 0.05 * segments, (code, codes[code])
    # Its figures are consistent: no overlaps, values the type allows, counts that add
    # up, every measure with a type.
    for code in ("CFG127", "CFG128", "CFG135", "CFG136"):
        assert codes[code] == 0, code


def test_a_few_units_say_where_they_stand_and_measures_carry_experience_tags(
    tmp_path: Path,
) -> None:
    units, segments = SIZES["1k"]
    model = cfgov.load(write(synthetic_files(units, segments), tmp_path))
    assert 2 <= len({a.unit for a in model.assessments}) < 0.2 * units
    assert any(len(model.assessments_of(a.unit)) == 2 for a in model.assessments)  # a history
    assert all(len(a.components) == 4 for a in model.assessments)
    for initiative in model.initiatives:
        # Every step up to the one reached says what it produced.
        assert [r.step.number for r in initiative.steps] == list(
            range(1, initiative.step.number + 1)
        )
    assert model.journeys
    for journey in model.journeys:
        segment = model.segment(journey.segment)
        assert segment.is_target
        assert segment.priority == 1
        assert len(journey.stages) == 3
    # One organisation has started tagging its measures with experience areas.
    tagged = [(o, m) for o, m in model.measures() if m.experience]
    assert len(tagged) > 0.1 * len(list(model.measures()))
    last = model.organisations[-1].id
    for objective, _ in tagged:
        unit = model.segment(objective.segments[0]).unit  # type: ignore[union-attr]
        assert [u.id for u in model.organisations_of(unit)] == [last]


def test_where_units_stand_adds_entries_and_changes_no_other() -> None:
    import re

    with_standing = synthetic_files(*SIZES["1k"], seed=5)
    without = synthetic_files(*SIZES["1k"], seed=5, standing=False)
    assert with_standing != without

    def other_entries(text: str) -> str:
        text = re.sub(r"\n +experience: \[[a-z, ]+\]", "", text)
        return re.sub(r"(?m)^(assessments|initiatives|journeys):\n(  .*\n)*", "", text)

    assert {n: other_entries(t) for n, t in with_standing.items()} == without
