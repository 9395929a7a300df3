"""Rendering a large model against loading it, measured in the same run.

Run by hand: `.venv/bin/python benchmarks/report.py [SEGMENTS]`. Prints seconds
and the ratio of rendering to loading (the issue's target: at most 1.0).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import cfgov
from cfgov.report.document import render_html, render_markdown


def model_yaml(segments: int) -> str:
    per = 10
    broad = segments // per
    lines = ["organisations:", "  - {id: org, name: Org, kind: ministerial_department}", "units:"]
    lines += [f"  - {{id: u{b}, name: Unit {b}, parents: [org]}}" for b in range(broad)]
    lines.append("segments:")
    for b in range(broad):
        lines.append(
            f"  - {{id: b{b}, name: Broad {b}, category: target, unit: org, size: {per * 100}}}"
        )
        lines += [
            f"  - {{id: b{b}s{k}, name: Sub {b}.{k}, category: target, unit: u{b}, "
            f"parent: b{b}, cut: kind, size: 100}}"
            for k in range(per - 1)
        ]
    return "\n".join(lines) + "\n"


def best(action: object, times: int = 3) -> float:
    timings = []
    for _ in range(times):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    segments = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "model.yaml").write_text(model_yaml(segments), encoding="utf-8")
        load_s = best(lambda: cfgov.load(folder))
        model = cfgov.load(folder)
    print(f"{segments:,} segments: load {load_s:.2f}s")
    for render in (render_markdown, render_html):
        seconds = best(lambda r=render: r(model))
        print(f"  {render.__name__:16} {seconds:.2f}s  ratio to load {seconds / load_s:.2f}")


if __name__ == "__main__":
    main()
