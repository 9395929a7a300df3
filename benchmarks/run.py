"""Load, check and report on synthetic models of growing size, next to a floor.

Run by hand (not in CI): `.venv/bin/python benchmarks/run.py [1k 10k 100k]`.
For each size it writes the model once, then runs each step in a fresh process
and prints wall time and peak memory (the process's maximum resident set):

* floor: PyYAML's libyaml `compose` of every file, the cost of reading the YAML
  alone, measured in the same run;
* load: `cfgov.load_with_sources`;
* check: load, then `cfgov.check`;
* report: load, check, then the Markdown report.

The ratios to the floor are what issue 6 sets targets on.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cfgov.testing.synthetic import SIZES, synthetic_files

STEPS = {
    "floor": (
        "import sys, yaml, pathlib\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
        "    yaml.compose(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
    ),
    "load": "import sys, cfgov\ncfgov.load_with_sources(sys.argv[1])\n",
    "check": "import sys, cfgov\nm, s = cfgov.load_with_sources(sys.argv[1])\ncfgov.check(m, s)\n",
    "report": (
        "import sys, cfgov\nfrom cfgov.report.document import render_markdown\n"
        "m, s = cfgov.load_with_sources(sys.argv[1])\n"
        "render_markdown(m, result=cfgov.check(m, s))\n"
    ),
}


def measure(code: str, folder: Path) -> tuple[float, float]:
    """Seconds and peak megabytes of one step, run in a process of its own."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, str(folder)])
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"step failed with status {status}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    sizes = sys.argv[1:] or ["1k", "10k"]
    print(
        f"{'size':>5} {'MB of YAML':>10}  "
        + "  ".join(f"{s:>16}" for s in STEPS)
        + "  ratios to floor (load, check, report)"
    )
    for name in sizes:
        units, segments = SIZES[name]
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            total = 0
            for file, text in synthetic_files(units, segments).items():
                path = folder / file
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                total += len(text.encode("utf-8"))
            results = {step: measure(code, folder) for step, code in STEPS.items()}
        floor = results["floor"][0]
        cells = "  ".join(f"{s:7.2f}s {mb:6.0f}MB" for s, mb in results.values())
        ratios = ", ".join(f"{results[k][0] / floor:.1f}x" for k in ("load", "check", "report"))
        print(f"{name:>5} {total / 1e6:10.1f}  {cells}  {ratios}")


if __name__ == "__main__":
    main()
