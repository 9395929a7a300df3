"""The command line: exit codes that mean what they say, and never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

import cfgov
from cfgov import cli
from cfgov.io import reader_name
from cli_runner import cfgov as run

ROOT = Path(__file__).resolve().parent.parent


def test_check_examples_is_clean() -> None:
    result = run("check", "examples/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no findings" in result.stdout
    assert result.stderr == ""


def test_check_reports_located_problems_with_hints_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("segments:\n  - id: s\n    name: n\n    categroy: target\n    unit: u\n")
    result = run("check", str(bad))
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{bad}:4:5: CFG003 error: segment 's' has a field 'categroy'")
    assert "    hint: Did you mean `category`?" in result.stdout
    assert "could not be loaded" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_quiet_prints_problems_only(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a list\n")
    result = run("check", "--quiet", str(bad))
    assert result.returncode == 2
    assert (
        result.stdout == f"{bad}:1:1: CFG010 error: the top level of the file is a list, "
        "but it must be a mapping of collections such as `segments:`\n"
    )


def test_check_defaults_to_the_current_folder(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text("organisations:\n  - {id: x, name: X}\n")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0
    assert "Checked 1 file (1 organisation" in result.stdout


@pytest.mark.parametrize(
    "args", [("check", "does-not-exist"), ("frobnicate",), ("check", "--no-such-option"), ()]
)
def test_usage_and_path_errors_exit_2_without_traceback(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert output.strip()


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"cfgov {cfgov.__version__} (YAML reader: {reader_name()})\n"
    assert result.stdout.split()[:2] == ["cfgov", cfgov.__version__]


def test_schema_prints_the_json_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == cfgov.json_schema()


def test_internal_errors_exit_3_with_a_request_to_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli.options, "load_with_sources", broken)
    with pytest.raises(SystemExit) as info:
        cli.main(["check", "examples"])
    assert info.value.code == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err
    assert "Please report it" in err
    assert "Traceback" not in err


def test_interrupt_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_args: object, **_kw: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.options, "load_with_sources", interrupted)
    with pytest.raises(SystemExit) as info:
        cli.main(["check", "examples"])
    assert info.value.code == 130
    assert capsys.readouterr().err == "cfgov: interrupted\n"


def test_installed_script_runs() -> None:
    script = Path(sys.executable).parent / "cfgov"
    if not script.exists():
        pytest.skip("cfgov is not installed as a script in this environment")
    result = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0


def test_a_closed_pipe_keeps_the_exit_code() -> None:
    result = subprocess.run(
        f"{sys.executable} -m cfgov check tests/data/bad/ | head -1; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_reported_not_called_a_bug() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "cfgov", "schema"],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr == "cfgov: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("indent", ["-1", "9", "100000000", "two"])
def test_schema_indent_is_bounded(indent: str) -> None:
    result = run("schema", "--indent", indent)
    assert result.returncode == 2
    assert "--indent" in result.stderr


SIZES = """\
organisations:
  - {id: dwp, name: DWP}
aims:
  - {id: aim, unit: dwp, statement: Security in retirement}
segments:
  - {id: all, name: All, category: target, unit: dwp, aims: [aim], size: 10}
  - {id: part, name: Part, category: target, unit: dwp, parent: all, size: 12}
  - {id: loose, name: Loose, category: indirect, unit: dwp}
"""


def model_dir(tmp_path: Path, config: str | None = None) -> Path:
    (tmp_path / ".git").mkdir(exist_ok=True)  # keeps config discovery inside the test folder
    folder = tmp_path / "model"
    folder.mkdir(exist_ok=True)
    (folder / "m.yaml").write_text(SIZES)
    if config is not None:
        (folder / "cfgov.toml").write_text(config)
    return folder


@pytest.mark.parametrize(
    ("args", "code", "reported"),
    [
        (["--select", "CFG101,CFG119"], 1, ["CFG119", "CFG101"]),
        (["--select", "CFG101"], 0, ["CFG101"]),
        (["--select", "CFG101", "--fail-on", "warning"], 1, ["CFG101"]),
        (["--select", "CFG1", "--ignore", "CFG1"], 2, []),  # no rule would run
        (["--select", "CFG119", "--fail-on", "never"], 0, ["CFG119"]),
    ],
)
def test_check_exit_codes_follow_fail_on(
    tmp_path: Path, args: list[str], code: int, reported: list[str]
) -> None:
    result = run("check", str(model_dir(tmp_path)), *args)
    assert result.returncode == code, result.stdout + result.stderr
    codes = [
        line.split()[1]
        for line in result.stdout.splitlines()
        if ": CFG" in line and not line.startswith(" ")
    ]
    assert codes == reported
    lines = {"CFG119": 6, "CFG101": 8}  # the parent's size; the segment with no aim
    for found in reported:
        assert f"{model_dir(tmp_path) / 'm.yaml'}:{lines[found]}:" in result.stdout


def test_a_configuration_file_next_to_the_model_is_used(tmp_path: Path) -> None:
    folder = model_dir(tmp_path, 'select = ["CFG101"]\nfail-on = "warning"\n')
    result = run("check", str(folder))
    assert result.returncode == 1
    assert "CFG101 warning" in result.stdout
    assert "CFG119" not in result.stdout
    assert run("check", str(folder), "--fail-on", "error").returncode == 0
    ignored = run("check", str(folder), "--no-config", "--select", "CFG101")
    assert ignored.returncode == 0


def test_a_broken_configuration_exits_2_with_its_file(tmp_path: Path) -> None:
    folder = model_dir(tmp_path, 'fail-on = "sometimes"\n')
    result = run("check", str(folder))
    assert result.returncode == 2
    assert f"{folder / 'cfgov.toml'}: CFG021 error: `fail-on` is 'sometimes'" in result.stdout


def test_rules_lists_every_builtin_rule() -> None:
    from cfgov.rules import builtin_rules

    result = run("rules")
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == [r.code for r in builtin_rules()]


def test_explain_prints_the_rule_page() -> None:
    result = run("explain", "cfg119")
    assert result.returncode == 0
    assert result.stdout.startswith("# CFG119: sizes-exceed-parent")
    for heading in (
        "## What it checks",
        "## Why it matters",
        "## Example that fires",
        "## How to fix",
    ):
        assert heading in result.stdout


def test_explain_an_unknown_code_suggests_one() -> None:
    result = run("explain", "CFG1199")
    assert result.returncode == 2
    assert "there is no rule 'CFG1199'" in result.stderr


def test_a_plugin_rule_runs_from_the_command_line(
    tmp_path: Path, install_plugin: Callable[[Path, str, Mapping[str, str]], Path]
) -> None:
    plugin = ROOT / "tests" / "data" / "plugin" / "acme_cfgov_rules.py"
    site = install_plugin(
        tmp_path / "site",
        plugin.read_text(encoding="utf-8"),
        {"acme001": "acme_cfgov_rules:RULE"},
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    listed = subprocess.run(
        [sys.executable, "-m", "cfgov", "rules"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert "ACME001" in listed.stdout
    result = subprocess.run(
        [sys.executable, "-m", "cfgov", "check", str(model_dir(tmp_path)), "--select", "ACME"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.count("ACME001 warning") == 3


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_never_replaces_something_that_is_not_a_file(tmp_path: Path) -> None:
    result = run("schema", "--output", "/dev/full", "--force")
    assert result.returncode == 2
    assert "not a regular file" in result.stderr
    assert not Path("/dev/full").is_file()
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert run("check", "examples/", "-o", str(folder), "--force").returncode == 2
    assert folder.is_dir()


def test_a_full_disk_on_output_is_reported_and_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.json"
    target.write_text("old contents")

    def full(path: Path, text: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.output, "write_atomically", full)
    code = cli.run(["check", "examples/", "--format", "json", "-o", str(target), "--force"])
    assert code == 2
    assert capsys.readouterr().err == f"cfgov: cannot write {target}: No space left on device\n"
    assert target.read_text() == "old contents"
