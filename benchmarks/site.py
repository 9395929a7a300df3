"""Building the static site of a large synthetic model, against loading and checking it.

Run by hand: `.venv/bin/python benchmarks/site.py [SEGMENTS] [UNITS]`. Prints seconds, the
number of files and their size, and the size of the largest page and of the search index.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import cfgov
from cfgov.report.site import build_site
from cfgov.testing.synthetic import synthetic_files


def main() -> None:
    segments = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    units = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    with tempfile.TemporaryDirectory() as folder:
        for name, text in synthetic_files(units, segments).items():
            path = Path(folder) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        model, sources = cfgov.load_with_sources(folder)
        load_s = time.perf_counter() - start
        start = time.perf_counter()
        result = cfgov.check(model, sources)
        check_s = time.perf_counter() - start
    start = time.perf_counter()
    files = build_site(model, result, sources)
    site_s = time.perf_counter() - start
    sizes = {name: len(text.encode("utf-8")) for name, text in files.items()}
    largest = max((n for n in sizes if n.endswith(".html")), key=sizes.__getitem__)
    print(model.summary())
    print(f"load {load_s:.2f}s, check {check_s:.2f}s, site {site_s:.2f}s")
    print(f"{len(files):,} files, {sum(sizes.values()) / 1e6:.1f} MB")
    print(f"largest page {largest}: {sizes[largest] / 1e3:.0f} kB")
    print(f"search index: {sizes['search-index.js'] / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
