"""How long `cfgov export sql` takes, and how large the database is, for models of
government scale.

Run by hand (not in CI), from a checkout set up with `make examples`:

    .venv/bin/python benchmarks/sql.py          # 1k and 10k segments
    .venv/bin/python benchmarks/sql.py 10k      # one size

For each size it writes the synthetic model (`cfgov.testing.synthetic`, with its
evidence), loads it, then times, in this process, each best of three:

* export:    `export_sql` to a new SQLite file;
* re-export: `export_sql` again over it (drop and create in one transaction);
* import:    `import_sql`, the model read back (and checked equal);
* postgres:  `export_sql` to the server CFGOV_TEST_POSTGRES_URL names, if any
             (.ci/postgres starts one).

Each time is also given as a ratio to the time the YAML took to load, the
figure to compare between machines. The size of the SQLite file is given next
to the size of the YAML it came from.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cfgov import load
from cfgov.io.sql import export_sql, import_sql
from cfgov.testing.synthetic import SIZES, synthetic_files


def best(step: Callable[[], object], times: int = 3) -> float:
    took = []
    for _ in range(times):
        start = time.perf_counter()
        step()
        took.append(time.perf_counter() - start)
    return min(took)


def run(name: str) -> None:
    units, segments = SIZES[name]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "model"
        yaml_bytes = 0
        for file, text in synthetic_files(units, segments).items():
            path = folder / file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            yaml_bytes += len(text.encode("utf-8"))
        start = time.perf_counter()
        model = load(folder)
        loading = time.perf_counter() - start
        database = Path(tmp) / "model.db"
        url = f"sqlite:///{database}"

        def fresh() -> None:
            database.unlink(missing_ok=True)
            export_sql(model, url)

        figures = {"export": best(fresh), "re-export": best(lambda: export_sql(model, url))}
        figures["import"] = best(lambda: import_sql(url), times=1)
        assert import_sql(url) == model
        server = os.environ.get("CFGOV_TEST_POSTGRES_URL")
        if server:
            figures["postgres"] = best(lambda: export_sql(model, server, schema="cfgov_bench"))
        print(
            f"{name}: {len(model.segments)} segments, {len(model.results)} results; "
            f"YAML {yaml_bytes / 1e6:.1f} MB loaded in {loading:.2f} s; "
            f"SQLite file {database.stat().st_size / 1e6:.1f} MB "
            f"({database.stat().st_size / yaml_bytes:.2f} × the YAML)"
        )
        for step, seconds in figures.items():
            print(f"  {step:<10} {seconds:6.2f} s  {seconds / loading:5.2f} × loading")


def main(argv: list[str]) -> int:
    for name in argv or ["1k", "10k"]:
        run(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
