"""The command line on hostile input: exit 0, 1 or 2 with valid UTF-8 output, never 3.

Each case runs ``cfgov check`` as a subprocess whose output is strict UTF-8
(``PYTHONIOENCODING=utf-8``), as on a CI runner with a UTF-8 locale, so that
text a strict writer cannot encode would crash the run (exit 3) here too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("text", "json", "sarif", "github", "junit")

ORGANISATION = "organisations:\n  - id: dwp\n    name: Work and Pensions\n"
#: A segment of an organisation: no load problem, but advice (an info finding at least).
WITH_ADVICE = ORGANISATION + "segments:\n  - {id: s, name: S, category: target, unit: dwp}\n"
#: A segment of a unit that does not exist: a load problem.
BROKEN = ORGANISATION + "segments:\n  - {id: s, name: S, category: target, unit: nowhere}\n"


def cfgov_check(*args: str | Path) -> tuple[int, str]:
    """Run ``cfgov check``; the exit code and everything it wrote, decoded strictly."""
    return cfgov("check", *args)


def cfgov(command: str, *args: str | Path) -> tuple[int, str]:
    """Run a ``cfgov`` command; the exit code and everything it wrote, decoded strictly."""
    done = subprocess.run(
        [sys.executable, "-m", "cfgov", command, *map(os.fsdecode, args)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    output = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")  # raises if not UTF-8
    assert "Traceback" not in output, output
    assert "internal error" not in output, output
    return done.returncode, output


# -- a file name that is not UTF-8 ----------------------------------------------------------

needs_byte_names = pytest.mark.skipif(
    os.name == "nt" or sys.platform == "darwin", reason="needs file names of any bytes"
)


@needs_byte_names
@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize(
    ("text", "options", "code"),
    [(ORGANISATION, (), 0), (WITH_ADVICE, ("--fail-on", "info"), 1), (BROKEN, (), 2)],
    ids=["clean", "findings", "load-problem"],
)
def test_a_file_named_in_latin1_is_checked_in_every_format(
    tmp_path: Path, format: str, text: str, options: tuple[str, ...], code: int
) -> None:
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.yaml"), "w") as stream:
        stream.write(text)
    returncode, output = cfgov_check(tmp_path, "--format", format, "--no-cache", *options)
    assert returncode == code, output
    if code or format in ("json", "junit"):  # these name the files even when all is well
        assert ("caf%E9.yaml" if format == "sarif" else "caf\\") in output, output


@needs_byte_names
def test_a_file_named_in_latin1_is_cached_and_read_back(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    with open(os.path.join(os.fsencode(model), b"caf\xe9.yaml"), "w") as stream:
        stream.write(WITH_ADVICE)
    cache = tmp_path / "cache"
    first = cfgov_check(model, "--cache-dir", cache)
    assert first == cfgov_check(model, "--cache-dir", cache)
    assert first[0] == 0


@needs_byte_names
@pytest.mark.parametrize("format", ["md", "html"])
def test_a_report_on_a_file_named_in_latin1_is_written(tmp_path: Path, format: str) -> None:
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.yaml"), "w") as stream:
        stream.write(WITH_ADVICE)
    returncode, output = cfgov("report", tmp_path, "--format", format, "--no-cache")
    assert returncode == 0, output
    assert "caf\\xe9.yaml:" in output  # where the findings section places its findings


# -- links, endings and settings ------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_out_of_the_model_fails_the_check_without_quoting_its_target(
    tmp_path: Path,
) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "organisation.yaml").write_text(ORGANISATION)
    (model / "cfgov.toml").write_text("")
    (tmp_path / "token.yaml").write_text("token: s3cr3t-from-the-runner\n")
    (model / "zz.yaml").symlink_to(tmp_path / "token.yaml")
    returncode, output = cfgov_check(model)
    assert returncode == 2
    assert f"{model / 'zz.yaml'}: CFG025 error: this is a link to a file outside" in output
    assert "s3cr3t" not in output
    # pre-commit passes the changed files: the whole root is loaded, and refused alike
    returncode, output = cfgov_check(model / "organisation.yaml", model / "zz.yaml")
    assert (returncode, "s3cr3t" in output, "CFG025" in output) == (2, False, True)
    (model / "cfgov.toml").write_text("allow-links-outside = true\n")
    returncode, output = cfgov_check(model)
    assert returncode == 2  # read now: an unknown collection
    assert "CFG003" in output


def test_a_deeply_nested_cfgov_toml_is_a_located_problem(tmp_path: Path) -> None:
    (tmp_path / "organisation.yaml").write_text(ORGANISATION)
    (tmp_path / "cfgov.toml").write_text("a = " + "[" * 100_000)
    for given in (tmp_path, tmp_path / "organisation.yaml"):
        returncode, output = cfgov_check(given)
        assert returncode == 2
        assert f"{tmp_path / 'cfgov.toml'}:1:105: CFG021 error:" in output


def test_a_file_with_a_capitalised_ending_is_checked(tmp_path: Path) -> None:
    (tmp_path / "ORGANISATION.YAML").write_text(ORGANISATION)
    (tmp_path / "segments.Yml").write_text(BROKEN.split("\n", 3)[3])
    returncode, output = cfgov_check(tmp_path)
    assert returncode == 2
    assert f"{tmp_path / 'segments.Yml'}:2:" in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_config_that_is_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / "organisation.yaml").write_text(ORGANISATION)
    os.mkfifo(tmp_path / "settings.toml")
    returncode, output = cfgov_check(tmp_path, "--config", tmp_path / "settings.toml")
    assert returncode == 2
    assert "CFG021 error: the configuration is not a regular file" in output


def test_a_pyproject_whose_tool_cfgov_is_not_a_table_is_a_located_problem(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "organisation.yaml").write_text(ORGANISATION)
    (tmp_path / "pyproject.toml").write_text("[tool]\ncfgov = 3\n")
    returncode, output = cfgov_check(tmp_path)
    assert returncode == 2
    assert f"{tmp_path / 'pyproject.toml'}: CFG021 error: `tool.cfgov` must be a table" in output
