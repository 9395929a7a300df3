"""How fast ``cfgov lsp`` answers an edit, next to a whole check of the same model.

Run by hand (not in CI), from a checkout set up with `make test` (pygls installed):

    .venv/bin/python benchmarks/lsp.py            # 10k segments (about two minutes)
    .venv/bin/python benchmarks/lsp.py 10k 100k   # the sizes issue 18 sets targets on

For each size it writes the synthetic model (as benchmarks/run.py does), then:

* cold check: `cfgov check --no-cache`, a process of its own (the floor the first load of
  the server is held to);
* first load: the real server (`python -m cfgov lsp`) started over stdio by a small client
  here, from `initialize` to the first diagnostics published, with the server's peak memory;
* whole check: `cfgov.check` of the loaded model in the same process as the server's
  workspace (what every edit would cost without incremental checking);
* edits: the same kinds of edit a person makes, each to one file through the workspace
  (`Workspace.set_text` then `update`, in process, the part of an edit that grows with the
  model), timed one by one, each then undone: a segment renamed, a segment's size changed,
  an objective pointed at another segment, a new segment added, a result's value changed;
* over stdio: the time from `didChange` of an open file to the diagnostics of that file
  published by the server process, for a renamed segment.

Every figure is printed next to the whole check of the same run, as a ratio.
"""

from __future__ import annotations

import gc
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from run import CFGOV, measure, write_model  # noqa: E402  (benchmarks/run.py)

import cfgov  # noqa: E402
from cfgov.lsp.workspace import Workspace  # noqa: E402

TARGETS = {"10k": 0.05, "100k": 0.2}

#: The address of the document a publishDiagnostics message is about.
_URI = re.compile(rb'"uri":\s*"((?:[^"\\]|\\.)*)"')


class Client:
    """Just enough of an LSP client to time a server: framed JSON-RPC over its pipes."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [*CFGOV, "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=folder,
        )
        self.published: dict[str, list[float]] = {}
        self.condition = threading.Condition()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def send(self, method: str, params: Any, *, request: bool = False) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self) -> None:
        """Note when each file's diagnostics arrive. Kept cheap, so that the server is
        timed and not this reader: the headers read a line at a time, and of each body
        only the method and the document's address looked for, not the whole parsed (at
        100k the first load sends 13,000 messages, 30 MB of JSON)."""
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = stream.read(length)
            if b'"textDocument/publishDiagnostics"' not in body:
                continue
            found = _URI.search(body)
            if found is None:
                continue
            with self.condition:
                uri = json.loads(b'"' + found.group(1) + b'"')
                self.published.setdefault(uri, []).append(time.perf_counter())
                self.condition.notify_all()

    def wait(self, uri: str | None, after: float, timeout: float = 900) -> float:
        """The time of the first publish (for ``uri``, or any) after ``after``."""
        deadline = time.perf_counter() + timeout
        with self.condition:
            while True:
                times = [
                    t
                    for u, ts in self.published.items()
                    if uri is None or u == uri
                    for t in ts
                    if t > after
                ]
                if times:
                    return min(times)
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise SystemExit(f"no diagnostics for {uri} in {timeout} s")
                self.condition.wait(left)

    def last(self) -> float:
        """The time of the latest publish so far (read under the reader thread's lock)."""
        with self.condition:
            return max(t for ts in self.published.values() for t in ts)

    def peak_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(match.group(1)) / 1024 if match else float("nan")

    def stop(self) -> None:
        self.send("shutdown", None, request=True)
        self.send("exit", None)
        self.process.wait(timeout=60)


def _renamed(text: str) -> str:
    start = text.index("- id: s")
    at = text.index("name: ", start)
    return text[:at] + "name: Edited " + text[at + 6 :]


def _resized(text: str) -> str:
    return re.sub(
        r"(size:\n\s+value: )(\d+)", lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", text, count=1
    )


def _result_changed(text: str) -> str:
    return re.sub(r"value: (\d+)", lambda m: f"value: {int(m.group(1)) + 1}", text, count=1)


def _objective_moved(text: str) -> str:
    found = re.findall(r"segments: \[(s\d+)", text)
    if len(found) < 2:
        return text
    return text.replace(f"segments: [{found[0]}", f"segments: [{found[1]}", 1)


def _segment_added(text: str) -> str:
    unit = re.search(r"unit: (u\d+)", text)
    return text.replace(
        "segments:\n",
        f"segments:\n  - id: new-bench\n    name: Added\n    category: target\n"
        f"    unit: {unit.group(1) if unit else 'u0'}\n",
        1,
    )


EDITS = {
    "segment renamed": _renamed,
    "size changed": _resized,
    "objective moved": _objective_moved,
    "segment added": _segment_added,
}


def edits_in_process(folder: Path) -> tuple[float, float, dict[str, list[float]]]:
    """First load and a whole check in this process, then each kind of edit, five times."""
    start = time.perf_counter()
    workspace = Workspace(folder, workers=min(os.cpu_count() or 1, 8))
    gc.disable()
    snapshot = workspace.load()
    load_s = time.perf_counter() - start
    gc.freeze()
    gc.enable()
    assert snapshot.model is not None and snapshot.sources is not None
    gc.disable()  # as `cfgov check` does
    start = time.perf_counter()
    cfgov.check(snapshot.model, snapshot.sources)
    whole_s = time.perf_counter() - start
    gc.enable()
    units = sorted(
        (n for n in workspace.files if re.search(r"/u\d+\.yaml$", n)),
        key=lambda n: -len(snapshot.texts[n]),
    )
    results = sorted(n for n in workspace.files if "/results-u" in n)
    timings: dict[str, list[float]] = {}
    for label, edit in [*EDITS.items(), ("result value changed", _result_changed)]:
        names = results if label.startswith("result") else units
        for name in names[:5]:
            before = workspace.snapshot.texts[name]
            after = edit(before)
            if after == before:
                continue
            for text in (after, before):  # the edit, then undoing it
                workspace.set_text(name, text)
                # As the server does: the cycle collector paused while checking, and
                # what the check keeps frozen afterwards (cfgov.lsp.server).
                gc.disable()
                start = time.perf_counter()
                workspace.update()
                timings.setdefault(label, []).append(time.perf_counter() - start)
                gc.freeze()
                gc.enable()
    # Let the model go before the server is started and timed beside this process.
    del workspace, snapshot
    gc.unfreeze()
    gc.collect()
    return load_s, whole_s, timings


def over_stdio(folder: Path) -> tuple[float, float, list[float]]:
    """The real server: first load to first diagnostics, then didChange to publish."""
    client = Client(folder)
    start = time.perf_counter()
    client.send(
        "initialize",
        {"processId": os.getpid(), "rootUri": folder.as_uri(), "capabilities": {}},
        request=True,
    )
    client.send("initialized", {})
    client.wait(None, start)
    # Diagnostics arrive file by file; the first load is over when they stop coming.
    while True:
        last = client.last()
        time.sleep(1.0)
        if client.last() == last:
            break
    load_s = last - start
    with client.condition:
        published = set(client.published)
    path = max(
        (p for p in folder.rglob("u*.yaml") if folder.joinpath(p).as_uri() in published),
        key=lambda p: p.stat().st_size,
    )
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    client.send(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    )
    time.sleep(3)
    times = []
    for version in range(2, 12):
        text = _renamed(text) if version % 2 == 0 else text.replace("name: Edited ", "name: ", 1)
        start = time.perf_counter()
        client.send(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            },
        )
        times.append(client.wait(uri, start) - start)
    peak = client.peak_mb()
    client.stop()
    return load_s, peak, times


def main() -> None:
    sizes = sys.argv[1:] or ["10k"]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "model"
            megabytes = write_model(size, folder)
            print(f"\n== {size} segments ({megabytes:.0f} MB of YAML)")
            cold_s, cold_mb = measure([*CFGOV, "check", str(folder), "-q", "--no-cache"])
            print(f"cold `cfgov check --no-cache`: {cold_s:.2f} s, {cold_mb:.0f} MB")
            load_s, whole_s, timings = edits_in_process(folder)
            print(f"workspace first load (in process): {load_s:.2f} s")
            print(f"whole check of the loaded model (same process): {whole_s:.3f} s")
            for label, found in timings.items():
                median, worst = statistics.median(found), max(found)
                print(
                    f"  edit, {label}: median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms"
                    f" ({whole_s / median:.0f}x faster than the whole check)"
                )
            stdio_load, peak, times = over_stdio(folder)
            median = statistics.median(times)
            print(
                f"server over stdio: first load {stdio_load:.2f} s "
                f"({stdio_load / cold_s:.2f}x the cold check), peak {peak:.0f} MB"
            )
            print(
                f"  didChange to publish: median {median * 1000:.0f} ms, worst "
                f"{max(times) * 1000:.0f} ms; target {TARGETS.get(size, float('nan')) * 1000:.0f}"
                f" ms: {'met' if median <= TARGETS.get(size, 0) else 'NOT met'}"
            )


if __name__ == "__main__":
    main()
