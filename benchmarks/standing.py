"""The standing rules (CFG138-CFG144) and `standing_of`, at two sizes, in one run.

Run by hand: `.venv/bin/python benchmarks/standing.py [SIZE SIZE]` with sizes of
`cfgov.testing.synthetic.SIZES` (default `1k 10k`; `10k 100k` takes a few minutes,
most of it loading). For each size it prints the seconds of each rule (best of
three) and of `standing_of` for every assessed unit and every organisation, then
for each the growth from the first size to the second beside the growth of the
data: about the same for linear work, far more for superlinear.

Measured on the development container (issue 17 review): before `standing_of`
used the objectives index, CFG138 took 0.29s at 10k and 23.5s at 100k (80 times
for 10 times the data); after, 0.09s and 0.46s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import cfgov
from cfgov.model.standing import standing_of
from cfgov.rules import builtin_rules
from cfgov.testing.synthetic import SIZES, synthetic_files

CODES = tuple(f"CFG{n}" for n in range(138, 145))


def best(action: Callable[[], object], times: int = 3) -> float:
    timings = []
    for _ in range(times):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def measure(size: str) -> tuple[int, dict[str, float]]:
    units, segments = SIZES[size]
    with tempfile.TemporaryDirectory() as folder:
        for name, text in synthetic_files(units, segments).items():
            path = Path(folder) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        model = cfgov.load(folder)
    rules = {rule.code: rule for rule in builtin_rules() if rule.code in CODES}
    found = {code: best(lambda r=rule: list(r.run(model))) for code, rule in rules.items()}
    assessed = list(dict.fromkeys(a.unit for a in model.assessments))
    found["standing (assessed)"] = best(lambda: [standing_of(model, u) for u in assessed])
    bodies = [u.id for u in model.organisations]
    found["standing (bodies)"] = best(lambda: [standing_of(model, u) for u in bodies])
    print(
        f"{size}: {len(model.segments):,} segments, {len(assessed)} assessed units, "
        f"{len(bodies)} organisations"
    )
    for label, seconds in found.items():
        print(f"  {label:20} {seconds:8.3f}s")
    return len(model.segments), found


def main() -> None:
    small, large = sys.argv[1:3] if len(sys.argv) > 2 else ("1k", "10k")
    n_small, t_small = measure(small)
    n_large, t_large = measure(large)
    print(f"growth of the data: {n_large / n_small:.1f} times")
    for label, seconds in t_large.items():
        base = t_small[label]
        growth = seconds / base if base > 1e-4 else float("nan")
        print(f"  {label:20} {growth:8.1f} times")


if __name__ == "__main__":
    main()
