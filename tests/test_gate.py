"""The gate never says "passed" by mistake, and never harms what the user has."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cfgov import cli
from cfgov.io.files import write_atomically
from cfgov.io.init import InitError, create_starter
from cli_runner import cfgov as run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_rule_code_on_the_command_line_is_refused(option: str) -> None:
    result = run("check", "examples/", option, "CFG999")
    assert result.returncode == 2
    assert "'CFG999', which matches no rule" in result.stderr
    assert "Did you mean CFG" in result.stderr
    assert result.stdout == ""


def test_a_mistyped_code_among_good_ones_is_refused_too() -> None:
    result = run("check", "examples/", "--select", "CFG101, CFG1O9")
    assert result.returncode == 2
    assert "CFG1O9" in result.stderr
    assert "Did you mean CFG109?" in result.stderr


def test_known_codes_and_prefixes_still_run() -> None:
    assert run("check", "examples/", "--select", "cfg10,CFG111").returncode == 0


def test_report_of_a_broken_model_leaves_the_output_file_alone(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "a.yaml").write_text("segments: [\n")
    out = tmp_path / "report.md"
    out.write_text("last week's report\n")
    for command in (["report"], ["report", "--format", "html"]):
        result = run(*command, "model", "--output", str(out), "--force", cwd=tmp_path)
        assert result.returncode == 2
        assert out.read_text() == "last week's report\n"
    missing = tmp_path / "new.md"
    assert run("report", "model", "--output", str(missing), cwd=tmp_path).returncode == 2
    assert not missing.exists()


def test_other_failed_commands_write_no_output_file(tmp_path: Path) -> None:
    out = tmp_path / "diff.md"
    result = run("diff", "no-such-folder", "examples", "--output", str(out))
    assert result.returncode == 2
    assert not out.exists()


def test_check_writes_the_problems_that_stopped_the_model_loading(tmp_path: Path) -> None:
    # The exception, documented: a CI server's report must show why the model did not load.
    (tmp_path / "a.yaml").write_text("segments: [\n")
    out = tmp_path / "cfgov.sarif"
    result = run("check", "a.yaml", "--format", "sarif", "--output", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert "CFG001" in out.read_text()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_new_output_files_get_the_permissions_new_files_get(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert cli.run(["schema", "--output", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()


def test_a_replaced_output_file_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    out.write_text("old")
    out.chmod(0o640)
    assert cli.run(["schema", "--output", str(out), "--force"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_text() != "old"


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    class Stopped(BaseException):
        pass

    out = tmp_path / "out.txt"
    out.write_text("old")

    def boom(*_args: object) -> None:
        raise Stopped

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", boom)
        with pytest.raises(Stopped):
            write_atomically(out, "new")
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    # A child writes through write_atomically with the command line's SIGTERM handling,
    # and stalls inside the write; SIGTERM must leave the old file and no temporary one.
    script = tmp_path / "slow.py"
    script.write_text(
        "import os, signal, sys, time\n"
        "from pathlib import Path\n"
        "from cfgov.cli import app\n"
        "from cfgov.io import files\n"
        "signal.signal(signal.SIGTERM, app._terminate)\n"
        "def slow(fd):\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        "files.os.fsync = slow\n"
        "try:\n"
        "    files.write_atomically(Path(sys.argv[1]), 'new')\n"
        "except app.Terminated:\n"
        "    sys.exit(143)\n"
    )
    out = tmp_path / "out" / "report.md"
    out.parent.mkdir()
    out.write_text("old")
    child = subprocess.Popen(
        [sys.executable, str(script), str(out)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "writing"
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=30) == 143
    assert out.read_text() == "old"
    assert [p.name for p in out.parent.iterdir()] == ["report.md"]


def test_sigterm_stops_the_command_with_exit_143(tmp_path: Path) -> None:
    script = tmp_path / "stop.py"
    script.write_text(
        "import os, signal, sys\n"
        "from cfgov.cli import app\n"
        "def stopping(args):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    raise AssertionError('not reached')\n"
        "import cfgov.cli.options as options\n"
        "options.load_with_sources = lambda *a, **k: stopping(a)\n"
        "app.main(['check', sys.argv[1]])\n"
    )
    result = subprocess.run(
        [sys.executable, str(script), str(EXAMPLES)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 143, result.stderr
    assert "stopped" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_refuses_a_folder_that_already_holds_a_model(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "segments.yml").write_text("segments: []\n")
    before = sorted(p.name for p in model.iterdir())
    with pytest.raises(InitError) as caught:
        create_starter(model)
    assert "already holds model files (segments.yml)" in str(caught.value)
    assert sorted(p.name for p in model.iterdir()) == before
    result = run("init", str(model))
    assert result.returncode == 2
    assert "cfgov init cfgov-starter" in result.stderr
    assert sorted(p.name for p in model.iterdir()) == before


def test_init_refuses_model_files_in_sub_folders_and_any_case(tmp_path: Path) -> None:
    (tmp_path / "m" / "deep").mkdir(parents=True)
    (tmp_path / "m" / "deep" / "Units.YAML").write_text("units: []\n")
    with pytest.raises(InitError):
        create_starter(tmp_path / "m")


def test_init_into_a_folder_of_other_files_still_works(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    written = create_starter(tmp_path)
    assert (tmp_path / "segments.yaml") in written
