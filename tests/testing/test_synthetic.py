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
