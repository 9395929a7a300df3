"""The bad-input corpus: every file in tests/data/bad/ must fail to load, cleanly and precisely.

Each case is a file, or a folder whose files are loaded together as one model.
``tests/data/bad/EXPECTED.tsv`` records, for every case, a problem code that
must be reported and where: the file (``-`` for the case itself) and the
1-based line (``-`` for a problem with the whole file or folder, which then
has no line). Other problems may be reported too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

import cfgov
from cfgov import LoadError
from cfgov.io import PyYamlParser
from cfgov.model.problems import PROBLEM_CODES

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"
MANIFEST = BAD / "EXPECTED.tsv"
HEADER = ["case", "code", "file", "line"]
TIMEOUT_SECONDS = 5


class Case(NamedTuple):
    """One row of the manifest."""

    case: str
    code: str
    file: str | None  # the file within a folder case; None for the case itself
    line: int | None  # None for a problem with no line (a whole file or folder)

    @property
    def path(self) -> Path:
        return BAD / self.case

    @property
    def reported_parts(self) -> tuple[str, ...]:
        """The trailing path parts the problem's file must have."""
        return (self.case,) if self.file is None else (self.case, self.file)


def _read_manifest() -> list[Case]:
    rows = [line.split("\t") for line in MANIFEST.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == HEADER, f"{MANIFEST.name} must start with the header {HEADER}"
    cases = []
    for number, row in enumerate(rows[1:], start=2):
        assert len(row) == len(HEADER), f"{MANIFEST.name}:{number}: expected 4 columns: {row}"
        case, code, file, line = row
        cases.append(
            Case(
                case=case,
                code=code,
                file=None if file == "-" else file,
                line=None if line == "-" else int(line),
            )
        )
    return cases


CASES = _read_manifest()


def _ids(case: Case) -> str:
    return case.case


def _on_disk() -> set[str]:
    return {p.name for p in BAD.iterdir() if p != MANIFEST}


def test_manifest_lists_every_case_once() -> None:
    listed = [case.case for case in CASES]
    assert len(listed) == len(set(listed)), "a case is listed twice in EXPECTED.tsv"
    on_disk = _on_disk()
    assert sorted(on_disk - set(listed)) == [], "cases missing from EXPECTED.tsv"
    assert sorted(set(listed) - on_disk) == [], "EXPECTED.tsv lists cases that do not exist"
    assert len(listed) >= 40


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_manifest_row_is_well_formed(case: Case) -> None:
    assert case.code in PROBLEM_CODES, f"unknown code {case.code}"
    if case.file is not None:
        assert case.path.is_dir(), "a `file` is given only for folder cases"
        assert (case.path / case.file).is_file()
    assert case.line is None or case.line >= 1


def _location_parts(file: str, count: int) -> tuple[str, ...]:
    return Path(file).parts[-count:]


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_case_fails_with_expected_problem(case: Case) -> None:
    with pytest.raises(cfgov.LoadError) as caught:
        cfgov.load(case.path)
    problems = caught.value.problems
    assert problems, "a LoadError must carry at least one problem"
    for problem in problems:
        assert problem.location is not None, f"problem without a location: {problem}"
        assert problem.location.file, f"problem without a file: {problem}"
        assert problem.message.strip(), f"problem without a message: {problem}"
        assert problem.code.startswith("CFG0"), f"not a load-problem code: {problem}"
        for text in (problem.message, problem.hint or ""):
            # A value is quoted back only as a short excerpt, with control characters escaped.
            assert text.isprintable(), f"unprintable message or hint: {problem}"
            # (The places a message cites, such as each link of a loop, do not count.)
            words = text.replace(f"{BAD}{os.sep}", "")
            assert len(words) <= 400, f"message or hint too long: {problem}"
    wanted = case.reported_parts
    found = [
        p
        for p in problems
        if p.code == case.code
        and p.location is not None
        and _location_parts(p.location.file, len(wanted)) == wanted
        and p.location.line == case.line
    ]
    shown = "\n".join(f"  {p.code} {p.location}: {p.message}" for p in problems)
    where = "/".join(wanted) + ("" if case.line is None else f":{case.line}")
    assert found, f"expected {case.code} at {where}; got:\n{shown}"


def test_unknown_collection_suggests_the_right_name() -> None:
    with pytest.raises(cfgov.LoadError) as caught:
        cfgov.load(BAD / "unknown-collection.yaml")
    hints = [p.hint or "" for p in caught.value.problems if p.code == "CFG003"]
    assert any("Did you mean `segments`?" in hint for hint in hints), hints


# -- the command line ------------------------------------------------------------------


Run = subprocess.CompletedProcess[str] | subprocess.TimeoutExpired


def _check(path: Path) -> Run:
    try:
        return subprocess.run(
            [sys.executable, "-m", "cfgov", "check", str(path)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        return exc


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_cli_check_reports_case(case: Case) -> None:
    # One run at a time: spawning processes from several threads at once has failed
    # intermittently on CI machines (EFAULT from the spawn itself), which is worse
    # than the seconds a pool would save.
    result = _check(case.path)
    if isinstance(result, subprocess.TimeoutExpired):
        pytest.fail(f"`cfgov check {case.case}` took more than {TIMEOUT_SECONDS} seconds")
    assert isinstance(result, subprocess.CompletedProcess)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 2, output
    assert (case.file or case.case) in output, output


@pytest.mark.parametrize("case", _read_manifest(), ids=_ids)
def test_both_parser_paths_give_the_same_problems(case: Case) -> None:
    """libyaml and PyYAML's pure-Python reader: identical problems on every bad case."""
    found = []
    for libyaml in (True, False):
        with pytest.raises(LoadError) as info:
            cfgov.load(case.path, parser=PyYamlParser(use_libyaml=libyaml))
        found.append([(str(p), p.hint) for p in info.value.problems])
    assert found[0] == found[1]
