"""How fast ``cfgov import govuk`` imports the GOV.UK register, and how much memory it takes.

Run by hand (not in CI), from a checkout set up with `make examples`:

    .venv/bin/python benchmarks/govuk.py              # 1,016 and 10,000 records
    .venv/bin/python benchmarks/govuk.py 1016 50000   # sizes of your choice

For each size it writes a made-up register of that many records
(`cfgov.testing.register`, as the API's pages), then runs, each in a fresh process,
start-up included, and prints wall time and peak memory (maximum resident set):

* json:     `json.load` of the file (the floor: reading the records at all);
* import:   `cfgov import govuk FILE -o DIR` into an empty folder;
* again:    the same import again, over its own files (nothing changes);
* load:     `cfgov.load` of the folder written (what every later check pays).

It ends with the ratio of import to json and of load to import, so that a change to
the importer can be judged against the cost of reading the register itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JSON = "import json, sys\njson.load(open(sys.argv[1], encoding='utf-8'))\n"
IMPORT = "import sys\nfrom cfgov.cli import app\nsys.exit(app.run(sys.argv[1:]))\n"
LOAD = "import sys, cfgov\ncfgov.load(sys.argv[1])\n"


def timed(code: str, *args: str) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of a fresh Python running ``code``."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", code, *args], stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise SystemExit(err.read().decode("utf-8", "replace"))
    return seconds, usage.ru_maxrss / 1024


#: Writes the made-up register in a process of its own: a child forked from a process
#: that holds the records would count the parent's memory in its peak.
MAKE = """
import json, sys
from cfgov.testing.register import register_pages, register_records
size = int(sys.argv[1])
records = register_records(size, departments=max(25, size // 40), joint=max(16, size // 60))
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(register_pages(records), out)
"""


def one(size: int, folder: Path) -> dict[str, tuple[float, float]]:
    source = folder / f"register-{size}.json"
    timed(MAKE, str(size), str(source))
    target = folder / f"out-{size}"
    figures = {
        "json": timed(JSON, str(source)),
        "import": timed(IMPORT, "import", "govuk", str(source), "-o", str(target), "-q"),
        "again": timed(IMPORT, "import", "govuk", str(source), "-o", str(target), "-q"),
        "load": timed(LOAD, str(target)),
    }
    megabytes = source.stat().st_size / 1e6
    print(f"{size:,} records ({megabytes:.1f} MB of JSON, {len(list(target.iterdir()))} files):")
    for step, (seconds, peak) in figures.items():
        print(f"  {step:<7} {seconds:7.2f} s  {peak:7.0f} MB peak")
    print(
        f"  import/json {figures['import'][0] / figures['json'][0]:.1f}x, "
        f"load/import {figures['load'][0] / figures['import'][0]:.2f}x"
    )
    return figures


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1016, 10_000]
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            one(size, Path(folder))


if __name__ == "__main__":
    main()
