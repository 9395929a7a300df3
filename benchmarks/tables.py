"""Export and import time and peak memory of the 10k-segment synthetic model, as a workbook
and as a CSV folder. Run: .venv/bin/python benchmarks/tables.py"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from cfgov import load
from cfgov.io import tables, xlsx
from cfgov.io.limits import Limits
from cfgov.io.loader import assemble
from cfgov.testing.synthetic import synthetic_files


def _measure(label: str, action):  # type: ignore[no-untyped-def]
    """Run ``action``; print its time and the process's peak memory (resident) after it.

    Peak memory only grows, so a step that needs more than any before it shows as a
    rise; tracemalloc would say more but slows the steps several times over.
    """
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:14} {elapsed:7.2f} s   peak resident memory so far {peak:7.0f} MiB", flush=True)
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in synthetic_files(1_000, 10_000).items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        model = _measure("load YAML", lambda: load(root))
    big = Limits(max_file_bytes=64 * 2**20, max_nodes=5_000_000, max_problems_per_file=200)
    data = _measure("export xlsx", lambda: xlsx.workbook_bytes(model))
    print(f"{'':14} workbook of {len(data) / 2**20:.1f} MiB", flush=True)

    def read_book():  # type: ignore[no-untyped-def]
        reader = xlsx.read_workbook(data, "book.xlsx", big)
        return assemble(reader.collected, ("book.xlsx",))[0]

    again = _measure("import xlsx", read_book)
    assert again == model
    files = _measure("export csv", lambda: tables.csv_files(model))

    def read_folder():  # type: ignore[no-untyped-def]
        reader = tables.read_csv_folder("out", files, big)
        return assemble(reader.collected, tuple(reader.names))[0]

    assert _measure("import csv", read_folder) == model


if __name__ == "__main__":
    main()
