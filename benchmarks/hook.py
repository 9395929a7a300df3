"""What the pre-commit hook costs next to a whole check of the same model.

Run by hand (not in CI), from a checkout set up with `make examples`:

    .venv/bin/python benchmarks/hook.py          # 10k segments
    .venv/bin/python benchmarks/hook.py 1k 10k

For each size it writes the synthetic model into a git repository (with a
cfgov.toml, so the folder is the model's root), commits it, edits one file as
a person would, and times, each in a fresh process and with no cache:

* check:   `cfgov check --no-cache model/` (the floor: one whole check);
* file:    `cfgov check --no-cache FILE`, the edited file alone, which also
           loads and checks the model as committed in HEAD to find what is new;
* changed: `cfgov check --no-cache --changed FILE`, as the hook runs it.

It prints seconds and peak memory, and each step as a multiple of the check.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import compile_cfgov, edit_one_file, measure, write_model

CFGOV = [sys.executable, "-m", "cfgov"]


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=b", "-c", "user.email=b@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def main() -> None:
    sizes = sys.argv[1:] or ["10k"]
    compile_cfgov()
    print(f"{'size':>5}  {'check':>14}  {'file':>22}  {'changed':>22}")
    for name in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            repo = Path(tmp)
            model = repo / "model"
            write_model(name, model)
            (model / "cfgov.toml").write_text('fail-on = "never"\n', encoding="utf-8")
            git(repo, "init", "-q")
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "-m", "model")
            edit_one_file(model)
            edited = next(
                line.split()[-1]
                for line in subprocess.run(
                    ["git", "status", "--porcelain"],
                    cwd=repo,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.splitlines()
            )
            whole = measure([*CFGOV, "check", "--no-cache", str(model)], cwd=repo)
            single = measure([*CFGOV, "check", "--no-cache", edited], cwd=repo)
            hook = measure([*CFGOV, "check", "--no-cache", "--changed", edited], cwd=repo)
        cells = [f"{whole[0]:6.2f}s {whole[1]:5.0f}MB"] + [
            f"{s:6.2f}s {mb:5.0f}MB ({s / whole[0]:.1f}x)" for s, mb in (single, hook)
        ]
        print(f"{name:>5}  " + "  ".join(cells), flush=True)


if __name__ == "__main__":
    main()
