"""How fast cfgov loads and checks models of government scale, next to PyYAML.

Run by hand (not in CI), from a checkout set up with `make examples`:

    .venv/bin/python benchmarks/run.py            # 1k and 10k segments (about a minute)
    .venv/bin/python benchmarks/run.py 10k 100k   # the sizes issue 6 sets targets on

For each size it writes a synthetic model (`cfgov.testing.synthetic`), then runs
each step in a fresh process and prints wall time and peak memory (the
maximum resident set of the process or of any worker it started, whichever
is larger), start-up included:

* compose: PyYAML's libyaml `compose` of every file (the floor: reading YAML);
* pyyaml:  PyYAML's libyaml `load` of every file (what the targets compare with);
* load:    `cfgov.load_with_sources`, the library with no cache;
* check-j1: `cfgov check --no-cache --jobs 1`, the command from cold, in one process;
* check:   `cfgov check --no-cache`, the same with a worker process per core;
* fill:    `cfgov check` with an empty cache folder (the first run, writing it);
* warm:    `cfgov check` again after one file of the model was edited;
* report:  `cfgov report --no-cache` to Markdown;
* yamllint: `yamllint -d relaxed` of the folder, and
* jsonschema: `check-jsonschema` of every file against cfgov's JSON Schema: the tools a
  team would otherwise run in the same CI step (installed with `pip install -e .[bench]`;
  left out, and said so, where they are not installed);
* evidence: loading, then `progress_of` for every measure and `segment_evidence` for
  every segment (the questions reports and notebooks ask), timed after loading.

The synthetic models hold evidence as well as definitions: twelve monthly results
per measure, quarterly feedback for a fifth of the segments and monthly demand for
a tenth, in a results file beside each unit's file.

Then, in a process of its own, it times every rule (best of three) on each size, so that the growth
from one size to the next can be compared with the growth of the data.
Finally it prints each target and whether it holds (issue 6's, and issue 19's: a cold
check in one process at least 2x faster than the PyYAML load, at least 10x faster than
yamllint and check-jsonschema, check and report under 1 GB at 100k, a report within 2x
a cold check, and at most 11x the time for 10x the data for load, check and report).
"""

from __future__ import annotations

import compileall
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

#: Sizes named in issue 6: (units, segments), as in cfgov.testing.synthetic.SIZES.
SIZES = {"1k": (100, 1_000), "10k": (1_000, 10_000), "100k": (10_000, 100_000)}

PYYAML = (
    "import sys, yaml, pathlib\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.{how}(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
)
LOAD = "import sys, cfgov\ncfgov.load_with_sources(sys.argv[1])\n"
EVIDENCE = """
import json, sys, time
import cfgov
model = cfgov.load(sys.argv[1])
start = time.perf_counter()
for objective in model.objectives:
    for measure in objective.measures:
        cfgov.progress_of(model, measure)
for segment in model.segments:
    cfgov.segment_evidence(model, segment.id)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "results": len(model.results),
                  "feedback": len(model.feedback), "demand": len(model.demand)}))
"""
CFGOV = [sys.executable, "-m", "cfgov"]
SCHEMA = "import json, sys, cfgov\njson.dump(cfgov.json_schema(), open(sys.argv[1], 'w'))\n"
BIN = Path(sys.executable).parent
#: The other tools timed on the same files (`pip install -e '.[bench]'`): step, program.
TOOLS = {"yamllint": BIN / "yamllint", "jsonschema": BIN / "check-jsonschema"}


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Seconds and peak megabytes of one command, run as a process of its own."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: findings, expected here
        raise SystemExit(f"{command} failed with status {status}")
    return seconds, usage.ru_maxrss / 1024


WRITE = """
import pathlib, sys
from cfgov.testing.synthetic import SIZES, synthetic_files
units, segments = SIZES[sys.argv[1]]
total = 0
for file, text in synthetic_files(units, segments).items():
    path = pathlib.Path(sys.argv[2]) / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    total += len(text.encode("utf-8"))
print(total / 1e6)
"""


def write_model(name: str, folder: Path) -> float:
    """Write the synthetic model of size ``name``; return its megabytes of YAML.

    Like every step, in a process of its own: this one stays small, because a
    child started from a large process counts the parent's memory as its own peak.
    """
    done = subprocess.run(
        [sys.executable, "-c", WRITE, name, str(folder)], capture_output=True, text=True, check=True
    )
    return float(done.stdout)


def edit_one_file(folder: Path) -> None:
    """Change one unit's file as a person would: rename a segment."""
    path = max(folder.rglob("u*.yaml"), key=lambda p: p.stat().st_size)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(" as ", " as edited ", 1), encoding="utf-8")


def steps(folder: Path, cache: Path) -> dict[str, tuple[float, float]]:
    where = str(folder)
    results = {
        "compose": measure([sys.executable, "-c", PYYAML.format(how="compose"), where]),
        "pyyaml": measure([sys.executable, "-c", PYYAML.format(how="load"), where]),
        "load": measure([sys.executable, "-c", LOAD, where]),
        "check-j1": measure([*CFGOV, "check", where, "-q", "--no-cache", "--jobs", "1"]),
        "check": measure([*CFGOV, "check", where, "-q", "--no-cache"]),
        "fill": measure([*CFGOV, "check", where, "-q", "--cache-dir", str(cache)]),
    }
    edit_one_file(folder)
    results["warm"] = measure([*CFGOV, "check", where, "-q", "--cache-dir", str(cache)])
    report = cache.parent / "report.md"
    results["report"] = measure(
        [*CFGOV, "report", where, "-o", str(report), "--force", "--no-cache"]
    )
    results.update(other_tools(folder, cache.parent))
    return results


def other_tools(folder: Path, scratch: Path) -> dict[str, tuple[float, float]]:
    """yamllint and check-jsonschema on the same files, where they are installed."""
    found: dict[str, tuple[float, float]] = {}
    yamllint, jsonschema = TOOLS["yamllint"], TOOLS["jsonschema"]
    if yamllint.exists():
        found["yamllint"] = measure([str(yamllint), "-d", "relaxed", "-f", "parsable", str(folder)])
    if jsonschema.exists():
        schema = scratch / "cfgov.schema.json"
        subprocess.run([sys.executable, "-c", SCHEMA, str(schema)], check=True)
        files = [str(p) for p in sorted(folder.rglob("*.yaml"))]
        found["jsonschema"] = measure([str(jsonschema), "--schemafile", str(schema), *files])
    return found


RULES = """
import gc, json, sys, time
import cfgov
from cfgov.rules import all_rules
model = cfgov.load(sys.argv[1])
gc.disable()  # as the command runs them
times = {}
for rule in all_rules():
    options = rule.defaults()
    best = float("inf")
    for _ in range(3):  # the best of three, as one run of a fast rule is noisy
        start = time.perf_counter()
        for _ in rule.check(model, options):
            pass
        best = min(best, time.perf_counter() - start)
    times[rule.code] = best
print(json.dumps(times))
"""


def rule_times(folder: Path) -> dict[str, float]:
    """Seconds each rule takes on the model in ``folder`` (loading not counted)."""
    output = subprocess.run(
        [sys.executable, "-c", RULES, str(folder)], capture_output=True, text=True, check=True
    ).stdout
    times: dict[str, float] = json.loads(output)
    return times


def evidence_queries(folder: Path) -> dict[str, float]:
    """Seconds the evidence queries take on the model in ``folder`` (loading not counted),
    and how many records of each kind it holds."""
    output = subprocess.run(
        [sys.executable, "-c", EVIDENCE, str(folder)], capture_output=True, text=True, check=True
    ).stdout
    found: dict[str, float] = json.loads(output)
    return found


def compile_cfgov() -> None:
    """Compile cfgov's modules to bytecode, as installing it with pip does.

    A checkout installed in editable mode is compiled on first import, and not
    at all where PYTHONDONTWRITEBYTECODE is set (as on the project's machines):
    every run would then pay for compiling cfgov, which no installed copy does.
    """
    package = Path(__file__).resolve().parent.parent / "src" / "cfgov"
    compileall.compile_dir(package, quiet=1)


def main() -> None:
    sizes = sys.argv[1:] or ["1k", "10k"]
    compile_cfgov()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, cfgov {version('cfgov')}")
    shown = subprocess.run([*CFGOV, "--version"], check=True, capture_output=True, text=True)
    print(shown.stdout.strip())
    names = ["compose", "pyyaml", "load", "check-j1", "check", "fill", "warm", "report"]
    names += [name for name, program in TOOLS.items() if program.exists()]
    if len(names) < 8 + len(TOOLS):
        print("yamllint or check-jsonschema is not installed here: pip install -e '.[bench]'")
    print(f"{'size':>5} {'MB':>5}  " + "  ".join(f"{n:>15}" for n in names))
    measured: dict[str, dict[str, tuple[float, float]]] = {}
    rules: dict[str, dict[str, float]] = {}
    evidence: dict[str, dict[str, float]] = {}
    for name in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "model"
            megabytes = write_model(name, folder)
            rules[name] = rule_times(folder)
            evidence[name] = evidence_queries(folder)
            measured[name] = results = steps(folder, Path(tmp) / "cache")
        cells = "  ".join(f"{s:6.2f}s {mb:5.0f}MB" for s, mb in results.values())
        print(f"{name:>5} {megabytes:5.1f}  {cells}", flush=True)

    print("\nEvidence in each model, and the queries on it (loading not counted):")
    for name, found in evidence.items():
        print(
            f"  {name}: {found['results']:.0f} results, {found['feedback']:.0f} feedback "
            f"records, {found['demand']:.0f} demand counts; progress of every measure and "
            f"evidence of every segment {found['seconds']:.2f}s"
        )

    print("\nTargets (issue 6):")
    for name, r in measured.items():
        speedup = r["pyyaml"][0] / r["check"][0]
        alone = r["pyyaml"][0] / r["check-j1"][0]
        print(
            f"  {name}: cold check is {speedup:.1f}x faster than PyYAML load "
            f"({alone:.1f}x in one process; "
            f"target 10x: {'holds' if speedup >= 10 else 'NOT met'}); "
            f"peak {r['check'][1]:.0f} MB (target < 1024: "
            f"{'holds' if r['check'][1] < 1024 else 'NOT met'}); "
            f"warm re-check after one edit {r['warm'][0]:.2f}s "
            f"(target well under 1 s: {'holds' if r['warm'][0] < 0.5 else 'NOT met'}); "
            f"load is {r['load'][0] / r['compose'][0]:.1f}x the compose floor"
        )
    print("\nTargets (issue 19):")
    for name, r in measured.items():
        alone = r["pyyaml"][0] / r["check-j1"][0]
        report = r["report"][0] / r["check"][0]
        line = (
            f"  {name}: cold check in one process {alone:.2f}x faster than PyYAML load "
            f"(target 2x: {'holds' if alone >= 2 else 'NOT met'}); "
            f"report {report:.2f}x a cold check (target 2x: "
            f"{'holds' if report <= 2 else 'NOT met'}), peak {r['report'][1]:.0f} MB "
            f"(target < 1024: {'holds' if r['report'][1] < 1024 else 'NOT met'})"
        )
        for tool in TOOLS:
            if tool in r:
                times = r[tool][0] / r["check-j1"][0]
                line += (
                    f"; {times:.1f}x faster than {tool} "
                    f"(target 10x: {'holds' if times >= 10 else 'NOT met'})"
                )
        print(line)
    ordered = [n for n in SIZES if n in measured]
    for small, large in itertools.pairwise(ordered):
        data = SIZES[large][1] / SIZES[small][1]
        limit = data * 1.1
        growth = {
            step: measured[large][step][0] / measured[small][step][0]
            for step in ("load", "check", "report")
        }
        growth["evidence queries"] = evidence[large]["seconds"] / evidence[small]["seconds"]
        growth.update(
            {code: rules[large][code] / max(rules[small][code], 1e-6) for code in rules[large]}
        )
        worst = max(growth, key=lambda k: growth[k])
        records = sum(evidence[large][k] for k in ("results", "feedback", "demand")) / sum(
            evidence[small][k] for k in ("results", "feedback", "demand")
        )
        print(
            f"  {small} -> {large}: {data:.0f}x the segments, {records:.1f}x the evidence; "
            "time grows " + ", ".join(f"{k} {v:.1f}x" for k, v in growth.items())
        )
        print(
            f"    near-linear (at most {limit:.0f}x): "
            + ("holds" if growth[worst] <= limit else f"NOT met (worst: {worst})")
        )
    small_example = measure([*CFGOV, "check", "examples", "-q", "--no-cache"])[0]
    print(
        f"  cfgov check examples/ (start-up included): {small_example:.2f}s "
        f"(target < 0.5 s: {'holds' if small_example < 0.5 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
