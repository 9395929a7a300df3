"""Evidence read from CSV tables: the same records as YAML, every problem at its cell."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cfgov
from cfgov import BuildCache, LoadError, Severity
from cfgov.io import loader
from cfgov.io.limits import Limits
from cfgov.io.loader import is_model_name, load_with_sources
from cfgov.model import Finding, Model
from cfgov.rules.base import Options, Rule

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "dwp"
ROOT = Path(__file__).resolve().parents[2]
DEFINITIONS = ("organisation.yaml", "pension-credit.yaml", "future-pensioners.yaml")


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    """The DWP example's definitions, with no evidence yet."""
    folder = tmp_path / "model"
    folder.mkdir()
    for name in DEFINITIONS:
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _problems(folder: Path | str) -> list[Finding]:
    with pytest.raises(LoadError) as caught:
        cfgov.load(folder)
    return list(caught.value.problems)


def _at(problems: list[Finding], code: str) -> list[tuple[int | None, int | None]]:
    return [
        (p.location.line, p.location.column)
        for p in problems
        if p.code == code and p.location is not None
    ]


# -- the same model as YAML --------------------------------------------------------------


def _yaml_results_as_csv() -> str:
    """Every result of examples/dwp/results.yaml, one row each (the loaded records, written out)."""
    model = cfgov.load(EXAMPLES)
    rows = ["measure,period,target,actual,status,source,comment,breakdown.channel"]
    for r in model.results:
        channel = dict(r.breakdown).get("channel", "")
        cells = [
            r.measure,
            r.period,
            "" if r.target is None else str(r.target),
            "" if r.actual is None else str(r.actual),
            "" if r.status is None else r.status.value,
            r.source or "",
            r.comment or "",
            channel,
        ]
        rows.append(",".join('"' + c.replace('"', '""') + '"' for c in cells))
    return "\r\n".join(rows) + "\r\n"


def test_a_results_table_gives_the_model_the_yaml_gives(model_dir: Path) -> None:
    text = _yaml_results_as_csv()
    _write(model_dir, "results.csv", text)
    from_csv = cfgov.load(model_dir)
    from_yaml = cfgov.load(EXAMPLES)
    assert len(from_csv.results) == len(from_yaml.results) > 10
    assert from_csv == from_yaml


def test_feedback_and_demand_tables_equal_their_yaml(tmp_path: Path, model_dir: Path) -> None:
    yaml_dir = tmp_path / "yaml"
    yaml_dir.mkdir()
    for name in DEFINITIONS:
        shutil.copy(EXAMPLES / name, yaml_dir / name)
    (yaml_dir / "evidence.yaml").write_text(
        """\
feedback:
  - segment: fp-not-employed
    period: 2025-Q3
    source: Claim line text survey
    kind: transaction
    channel: phone
    asked: 1200
    answered: 412
    scores: {10: 88, 9: 40, 0: 12}
    themes: {"Fixed first time": 57, "Called back, as promised": 9}
demand:
  - segment: fp-not-employed
    channel: phone
    periods:
      - {period: 2025-04, value: 900, failure: 300, failure_types: {chasing progress: 200}}
      - {period: 2025-05, value: 950, failure_types: {chasing progress: 120, not understood: 30}}
""",
        encoding="utf-8",
    )
    _write(
        model_dir,
        "feedback.csv",
        "segment,period,source,kind,channel,asked,answered,score_0,score_9,score_10,"
        'theme.Fixed first time,"theme.Called back, as promised"\n'
        "fp-not-employed,2025-Q3,Claim line text survey,transaction,phone,1200,412,12,40,88,57,9\n",
    )
    _write(
        model_dir,
        "demand.csv",
        "segment,channel,period,value,failure,failure.chasing progress,failure.not understood\n"
        "fp-not-employed,phone,2025-04,900,300,200,\n"
        "fp-not-employed,phone,2025-05,950,,120,30\n",
    )
    from_csv, from_yaml = cfgov.load(model_dir), cfgov.load(yaml_dir)
    assert len(from_csv.feedback) == 1
    assert len(from_csv.demand) == 2
    assert from_csv == from_yaml
    assert from_csv.feedback[0].themes == from_yaml.feedback[0].themes


def test_values_are_kept_as_written(model_dir: Path) -> None:
    _write(
        model_dir,
        "results.csv",
        "measure,period,actual,breakdown.area,comment\ndwp-pc-t-accuracy,2025,95,007,null\n",
    )
    (result,) = cfgov.load(model_dir).results
    assert result.period == "2025"
    assert result.breakdown == (("area", "007"),)
    assert result.comment == "null"  # a cell's text, not YAML's null
    assert result.actual == 95


def test_crlf_bom_and_quoted_commas_and_line_breaks(model_dir: Path) -> None:
    text = (
        "\ufeffmeasure,period,actual,comment\r\n"
        'dwp-pc-t-accuracy,2025-26,95,"Up, at last\r\nafter the ""campaign"""\r\n'
        "dwp-pc-t-accuracy,2026-27,95%,\r\n"
    )
    _write(model_dir, "results.csv", text)
    problems = _problems(model_dir)
    # The second row starts on line 4: the comment above spans lines 2 and 3.
    assert [(p.code, *_at([p], p.code)) for p in problems] == [("CFG004", (4, 3))]
    _write(model_dir, "results.csv", text.replace(",95%,", ",96,"))
    first, _ = cfgov.load(model_dir).results
    assert first.comment == 'Up, at last\r\nafter the "campaign"'


def test_spaces_around_values_and_blank_lines_are_ignored(model_dir: Path) -> None:
    _write(
        model_dir,
        "results.csv",
        "measure, period, actual\n\n dwp-pc-t-accuracy , 2025-26 , 95 \n,,\n",
    )
    (result,) = cfgov.load(model_dir).results
    assert (result.measure, result.period, result.actual) == ("dwp-pc-t-accuracy", "2025-26", 95)


def test_an_empty_csv_file_adds_nothing(model_dir: Path) -> None:
    _write(model_dir, "results.csv", "")
    assert cfgov.load(model_dir).results == ()


# -- problems, each at its row and column -------------------------------------------------


def test_every_problem_in_one_run_each_at_its_cell(model_dir: Path) -> None:
    _write(
        model_dir,
        "results.csv",
        "measure,period,target,actual,status,Comment,breakdown.channel\n"  # 1
        "dwp-pc-t-accuracy,2025-13,,95,final,,phone\n"  # 2: not a period
        "dwp-pc-t-accuracy,2025-26,,95%,,,\n"  # 3: 95%
        'dwp-pc-t-accuracy,2026-27,"1,200",95,Final,,\n'  # 4: 1,200; Final
        "dwp-pc-t-accuracy,,,95,,,\n"  # 5: no period
        "dwp-pc-t-accuracy,2027-28,,#DIV/0!,,,,\n"  # 6: a spreadsheet's error
        "dwp-pc-t-accuracy,2028-29,,95,,,phone,more\n",  # 7: a cell beyond the header
    )
    problems = _problems(model_dir)
    assert _at(problems, "CFG003") == [(1, 6)]  # Comment: did you mean comment?
    assert "Did you mean `comment`?" in (problems[0].hint or "")
    assert _at(problems, "CFG005") == [(2, 2), (4, 5), (6, 4)]
    assert _at(problems, "CFG004") == [(3, 4), (4, 3)]
    assert _at(problems, "CFG006") == [(5, 2)]
    assert _at(problems, "CFG029") == [(7, 8)]
    hints = {(p.location.line, p.location.column): p.hint for p in problems if p.location}
    assert hints[(3, 4)] is not None
    assert "`95`" in hints[(3, 4)]
    assert hints[(4, 3)] is not None
    assert "without commas: `1200`." in hints[(4, 3)]
    assert hints[(4, 5)] is not None
    assert "Did you mean `final`?" in hints[(4, 5)]
    assert all(p.location and p.location.file.endswith("results.csv") for p in problems)


def test_feedback_counts_and_scores_are_checked(model_dir: Path) -> None:
    _write(
        model_dir,
        "feedback.csv",
        "segment,period,source,asked,answered,score_10,score_11,theme.Quicker\n"
        "fp-not-employed,2025-Q3,Survey,7.7 million,-4,2.5,,x\n",
    )
    problems = _problems(model_dir)
    assert _at(problems, "CFG005") == [(1, 7), (2, 5), (2, 6)]
    assert _at(problems, "CFG004") == [(2, 4), (2, 8)]
    messages = " ".join(p.message for p in problems)
    assert "`score_10`" in messages
    assert "`theme.Quicker`" in messages
    assert "scores run from 0 to 10" in messages
    million = next(p for p in problems if p.location and p.location.column == 4)
    assert million.hint is not None
    assert "`7700000`" in million.hint


def test_header_problems(model_dir: Path) -> None:
    _write(
        model_dir,
        "demand.csv",
        "segment,period,value,value,,chanel,breakdown.area\nfp-not-employed,2025-04,1,2,x,phone,a\n",
    )
    problems = _problems(model_dir)
    assert _at(problems, "CFG002") == [(1, 4)]  # value twice
    assert _at(problems, "CFG006") == [(1, 5)]  # a column with no name holds x
    assert _at(problems, "CFG003") == [(1, 6), (1, 7)]
    chanel = next(p for p in problems if p.code == "CFG003")
    assert "Did you mean `channel`?" in (chanel.hint or "")
    area = [p for p in problems if p.code == "CFG003"][1]
    assert "results tables" in (area.hint or "")


def test_a_missing_required_column_is_reported_once(model_dir: Path) -> None:
    _write(model_dir, "feedback.csv", "segment,period,asked\nfp-not-employed,2025-Q3,1\n" * 1)
    problems = _problems(model_dir)
    assert [(p.code, p.message) for p in problems] == [
        ("CFG006", "this feedback table has no `source` column")
    ]


def test_a_demand_row_with_no_count(model_dir: Path) -> None:
    _write(model_dir, "demand.csv", "segment,period,value,failure\nfp-not-employed,2025-04,,\n")
    assert _at(_problems(model_dir), "CFG006") == [(2, 3)]


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("name,value,notes", "neither a `measure` nor a `segment`"),
        ("segment,period,source", "whether it holds feedback or demand"),
        ("measure;period;actual", "separated by semicolons"),
        ("segmnt,period,value", "Did you mean `segment`"),
    ],
)
def test_a_header_that_fits_no_table(model_dir: Path, header: str, words: str) -> None:
    _write(model_dir, "other.csv", header + "\na,b,c\n")
    problems = _problems(model_dir)
    assert [p.code for p in problems] == ["CFG027"]
    assert _at(problems, "CFG027") == [(1, 1)]
    said = problems[0].message + " " + (problems[0].hint or "")
    assert words in said
    assert 'exclude = ["other.csv"]' in (problems[0].hint or "")


def test_a_hidden_character_in_an_id_is_reported_at_its_cell(model_dir: Path) -> None:
    _write(model_dir, "results.csv", "measure,period,actual\ndwp-pc-t-accuracy\u200d,2025-26,9\n")
    problems = _problems(model_dir)
    assert _at(problems, "CFG022") == [(2, 1)]


def test_a_bidi_control_in_a_comment_is_reported_at_its_cell(model_dir: Path) -> None:
    _write(
        model_dir,
        "results.csv",
        "measure,period,actual,comment\ndwp-pc-t-accuracy,2025-26,9,ok \u202e here\n",
    )
    assert _at(_problems(model_dir), "CFG022") == [(2, 4)]


# -- hostile input: one clear problem, no traceback ----------------------------------------


def test_hostile_files_give_one_clear_problem(model_dir: Path) -> None:
    cases = {
        "nul.csv": (b"measure,period\nx,2025\x00\n", "CFG016"),
        "latin1.csv": (b"measure,period,comment\nx,2025,caf\xe9\n", "CFG015"),
        "utf16.csv": ("measure,period\n".encode("utf-16"), "CFG015"),
        "unclosed.csv": (b'measure,period,comment\nx,2025,"never closed\n', "CFG028"),
        "after-quote.csv": (b'measure,period,comment\nx,2025,"a"b\n', "CFG028"),
        "lone-cr.csv": (b"measure,period,comment\nx,2025,a\rb\n", "CFG022"),
        "mac.csv": (b"measure,period\rx,2025\r", "CFG022"),
    }
    for name, (data, code) in cases.items():
        folder = model_dir / name.removesuffix(".csv")
        folder.mkdir()
        (folder / name).write_bytes(data)
        problems = _problems(folder / name)
        assert [p.code for p in problems] == [code], (name, problems)
        assert problems[0].location is not None
        assert problems[0].location.file.endswith(name)


def test_a_giant_cell_is_refused(model_dir: Path) -> None:
    big = model_dir / "big.csv"
    big.write_text("measure,period,comment\nx,2025," + "a" * 200_000 + "\n", encoding="utf-8")
    problems = _problems(big)
    assert [p.code for p in problems] == ["CFG014"]
    assert problems[0].location is not None
    assert problems[0].location.line == 2


def test_a_cell_longer_than_the_limit_is_refused(model_dir: Path) -> None:
    path = _write(model_dir, "r.csv", "measure,period,comment\nx,2025," + "a" * 50 + "\n")
    with pytest.raises(LoadError) as caught:
        cfgov.load(path, limits=Limits(max_scalar_chars=40))
    assert [
        (p.code, p.location.line, p.location.column) for p in caught.value.problems if p.location
    ] == [("CFG014", 2, 3)]


def test_too_many_cells_and_too_large_a_file(model_dir: Path) -> None:
    path = _write(model_dir, "r.csv", "measure,period\n" + "x,2025\n" * 100)
    with pytest.raises(LoadError) as caught:
        cfgov.load(path, limits=Limits(max_nodes=50))
    assert [p.code for p in caught.value.problems] == ["CFG014"]
    with pytest.raises(LoadError) as caught:
        cfgov.load(path, limits=Limits(max_file_bytes=100))
    assert [p.code for p in caught.value.problems] == ["CFG014"]


def test_a_table_with_thousands_of_breakdown_columns_stops_the_file(model_dir: Path) -> None:
    # Each of a result's fields is placed under its path, which names every dimension:
    # 5,000 dimensions make 5,000 paths of 50,000 characters from a 60 KB file.
    columns = 5_000
    header = "measure,period," + ",".join(f"breakdown.d{n}" for n in range(columns))
    row = "dwp-pc-t-accuracy,2025-26," + ",".join("x" for _ in range(columns))
    path = _write(model_dir, "wide.csv", f"{header}\n{row}\n")
    problems = _problems(path)
    assert [(p.code, *_at([p], p.code)) for p in problems] == [("CFG014", (2, 1))]
    assert "breakdown" in problems[0].message


def test_a_wide_row_is_located_in_one_pass(
    model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where each cell starts is worked out once a row, not once a cell: a row of 100,000
    # cells would otherwise take 5 billion steps.
    from cfgov.io import csv_tables

    counted: list[int] = []
    real = csv_tables._cell_lines

    def cell_lines(line: int, cells: list[str]) -> list[int]:
        counted.append(len(cells))
        return real(line, cells)

    monkeypatch.setattr(csv_tables, "_cell_lines", cell_lines)
    monkeypatch.setattr(csv_tables, "_breaks_before", None)  # the slow way is not taken
    types = 3_000
    header = "segment,period,comment," + ",".join(f"failure.t{n}" for n in range(types))
    row = 'fp-employed,2025-26,"two\nlines",' + ",".join("1" for _ in range(types - 1)) + ",x"
    _write(model_dir, "demand.csv", f"{header}\n{row}\n")
    problems = _problems(model_dir)
    # The last cell is on line 3: the comment before it spans lines 2 and 3.
    assert [(p.code, *_at([p], p.code)) for p in problems] == [("CFG004", (3, types + 3))]
    assert counted == [types + 3]


def test_money_and_no_figure_marks_are_refused_not_read_as_words(model_dir: Path) -> None:
    # A cell has no quotes to mark words: `£1,200` or `n/a` in a measure with no type
    # would otherwise become a qualitative result, silently, and the check would pass.
    rows = [
        ("£1200", "CFG004", "`1200`"),
        ("£1,200", "CFG004", "`1200`"),
        ("-£5.50", "CFG004", "`-5.50`"),
        ("-", "CFG005", "Leave the cell empty"),
        ("n/a", "CFG005", "Leave the cell empty"),
        ("..", "CFG005", "Leave the cell empty"),
        ("TBC", "CFG005", "Leave the cell empty"),
    ]
    body = "".join(
        f'dwp-pc-t-accuracy,{2000 + n},"{actual}"\n' for n, (actual, _, _) in enumerate(rows)
    )
    _write(model_dir, "r.csv", "measure,period,actual\n" + body)
    problems = _problems(model_dir)
    assert [(p.code, *_at([p], p.code)) for p in problems] == [
        (code, (n + 2, 3)) for n, (_, code, _) in enumerate(rows)
    ]
    for problem, (_, _, hint) in zip(problems, rows, strict=True):
        assert problem.hint is not None
        assert hint in problem.hint


@pytest.mark.parametrize(
    ("period", "hint"),
    [
        ("01/04/2025", "`2025-04-01` for 1 April 2025, or `2025-01-04` for 4 January 2025"),
        ("13/04/2025", "`2025-04-13` for 13 April 2025"),
        ("01/04/2025 00:00", "`2025-04-01` for 1 April 2025, or"),
        ("2025-04-01 00:00:00", "without the time: `2025-04-01`"),
        ("Apr-25", "`2025-04` for April 2025"),
        ("April 2025", "`2025-04`"),
        ("FY2025-26", "`2025-26`"),
        ("FY 25/26", "`2025-26`"),
        ("2025/2026", "`2025/26` for the financial year, or `2025-01/2026-12`"),
        ("Q1 2025", "`2025-Q1` for a quarter of the calendar year"),
        ("2025 Q1", "or `2025-26 Q1` for a quarter of the financial year"),
        ("2025-q1", "`2025-Q1`"),
        ("Q1 2025-26", "`2025-26 Q1`"),
        ("2025-26Q1", "`2025-26 Q1`"),
        ("2025-4", "`2025-04`"),
        ("45748", "the date 1 April 2025"),
    ],
)
def test_a_period_as_a_spreadsheet_writes_it_gets_the_form_to_write(
    model_dir: Path, period: str, hint: str
) -> None:
    _write(model_dir, "r.csv", f'measure,period,actual\ndwp-pc-t-accuracy,"{period}",95\n')
    (problem,) = _problems(model_dir)
    assert (problem.code, *_at([problem], problem.code)) == ("CFG005", (2, 2))
    assert problem.hint is not None
    assert hint in problem.hint


def test_periods_that_are_read_get_no_spreadsheet_hint(model_dir: Path) -> None:
    periods = ["2025/26", "2025-26 Q1", "2025/26 Q1", "2025-Q1", "2020/2025", "2025-04-01/2025-06"]
    # Each in a breakdown of its own, so that none overlaps another.
    rows = "".join(f"dwp-pc-t-accuracy,{p},95,{n}\n" for n, p in enumerate(periods))
    _write(model_dir, "r.csv", "measure,period,actual,breakdown.n\n" + rows)
    assert [r.period for r in cfgov.load(model_dir).results] == periods


def test_merged_cells_and_a_total_row_are_named_for_what_they_are(model_dir: Path) -> None:
    text = (
        "segment,period,value,failure\n"
        "fp-employed,2025-04,900,300\n"
        ",2025-05,910,x\n"  # a merged cell's blank, and a second mistake in the row
        "Grand total,,1810,300\n"
    )
    _write(model_dir, "demand.csv", text)
    problems = _problems(model_dir)
    assert [(p.code, *_at([p], p.code)) for p in problems] == [
        ("CFG006", (3, 1)),
        ("CFG004", (3, 4)),
        ("CFG005", (4, 1)),
    ]
    merged, _, total = problems
    assert merged.hint is not None
    assert "merged cell" in merged.hint
    assert "'fp-employed'" in merged.hint
    assert "total" in total.message
    assert total.hint is not None
    assert total.hint.startswith("Delete the total row")


def test_an_empty_first_owner_cell_gets_no_merged_cell_hint(model_dir: Path) -> None:
    _write(model_dir, "r.csv", "measure,period,actual\n,2025-26,95\n")
    (problem,) = _problems(model_dir)
    assert problem.hint is not None
    assert "merged" not in problem.hint


def test_too_many_problems_stops_the_file(model_dir: Path) -> None:
    path = _write(model_dir, "r.csv", "measure,period,actual\n" + "x,2025,95%\n" * 30)
    with pytest.raises(LoadError) as caught:
        cfgov.load(path, limits=Limits(max_problems_per_file=10))
    codes = [p.code for p in caught.value.problems]
    assert codes.count("CFG004") == 10
    assert codes[-1] == "CFG020"


# -- findings of the rules point at the cell ----------------------------------------------


def _low_actuals(model: Model, options: Options) -> Iterator[Finding]:
    for result in model.results:
        if isinstance(result.actual, (int, float)) and result.actual < 50:
            yield _LOW.finding(result.measure, "too low", field=f"{result.path}.actual")


_LOW = Rule(
    code="TEST901",
    name="low-actual",
    severity=Severity.WARNING,
    summary="An actual below 50 (for this test).",
    rationale="A test.",
    fix="None.",
    source="This test.",
    cost="Linear.",
    check=_low_actuals,
)


def test_a_rule_finding_about_a_csv_result_is_located_at_its_cell(model_dir: Path) -> None:
    _write(
        model_dir,
        "results.csv",
        "measure,breakdown.channel,period,actual\n"
        "dwp-pc-t-accuracy,phone,2024-25,95\n"
        "dwp-pc-t-accuracy,phone,2025-26,12\n",
    )
    model, sources = load_with_sources(model_dir)
    (finding,) = cfgov.check(model, sources, rules=[_LOW]).findings
    assert finding.location is not None
    assert Path(finding.location.file).name == "results.csv"
    assert (finding.location.line, finding.location.column) == (3, 4)
    # The record itself is at its row, its breakdown at its cell.
    result = model.results_for("dwp-pc-t-accuracy")[1]
    assert sources.locate("dwp-pc-t-accuracy", result.path) is not None
    where = sources.locate("dwp-pc-t-accuracy", f"{result.path}.breakdown.channel")
    assert where is not None
    assert (where.line, where.column) == (3, 2)


def test_an_unknown_measure_is_located_at_its_cell(model_dir: Path) -> None:
    _write(model_dir, "results.csv", "period,actual,measure\n2025-26,95,no-such-measure\n")
    problems = _problems(model_dir)
    assert [(p.code, _at([p], p.code)) for p in problems] == [("CFG008", [(2, 3)])]


def test_feedback_and_demand_findings_are_located_at_their_cells(model_dir: Path) -> None:
    _write(
        model_dir,
        "demand.csv",
        "segment,period,value,failure.chasing\nfp-not-employed,2025-04,900,30\n",
    )
    model, sources = load_with_sources(model_dir)
    (record,) = model.demand
    where = sources.locate("fp-not-employed", f"{record.path}.failure_types.chasing")
    assert where is not None
    assert (where.line, where.column) == (2, 4)
    where = sources.locate("fp-not-employed", f"{record.path}.value")
    assert where is not None
    assert (where.line, where.column) == (2, 3)


# -- the cache and worker processes --------------------------------------------------------


_AREAS = "measure,period,actual,breakdown.area\n" + "".join(
    f"dwp-pc-t-accuracy,2025-26,{n % 100},area-{n:03d}\n" for n in range(200)
)


@pytest.fixture
def few_bytes_for_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes start for these small files, as for a model of many megabytes."""
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 100)
    built = loader._build_in_processes

    def counted(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for part in built(*args, **kwargs):
            _BUILT_IN_WORKERS.append(part[0])
            yield part

    monkeypatch.setattr(loader, "_build_in_processes", counted)


_BUILT_IN_WORKERS: list[int] = []


@pytest.mark.usefixtures("few_bytes_for_workers")
def test_the_cache_and_workers_give_the_same_result(model_dir: Path, tmp_path: Path) -> None:
    _write(model_dir, "results.csv", _yaml_results_as_csv())
    _write(model_dir, "areas.csv", _AREAS)
    plain = load_with_sources(model_dir)
    cache = BuildCache(tmp_path / "cache", smallest=0)
    cached = [load_with_sources(model_dir, cache=cache) for _ in range(2)]
    _BUILT_IN_WORKERS.clear()
    parallel = load_with_sources(model_dir, workers=2)
    assert _BUILT_IN_WORKERS, "the files were not built in worker processes"
    for model, sources in (*cached, parallel):
        assert model == plain[0]
        assert dict(sources.items()) == dict(plain[1].items())


@pytest.mark.usefixtures("few_bytes_for_workers")
def test_problems_are_the_same_through_the_cache_and_workers(
    model_dir: Path, tmp_path: Path
) -> None:
    _write(model_dir, "results.csv", "measure,period,actual\ndwp-pc-t-accuracy,20x,95%\n")
    _write(model_dir, "areas.csv", _AREAS)
    found = []
    for options in ({}, {"cache": BuildCache(tmp_path / "c", smallest=0)}, {"workers": 2}):
        with pytest.raises(LoadError) as caught:
            load_with_sources(model_dir, **options)  # type: ignore[arg-type]
        found.append([str(p) for p in caught.value.problems])
    assert found[0] == found[1] == found[2]
    assert len(found[0]) == 2


# -- which files are model files -----------------------------------------------------------


def test_csv_files_are_model_files_in_any_case() -> None:
    assert is_model_name("results.csv")
    assert is_model_name("RESULTS.CSV")
    assert is_model_name("a.yaml")
    assert not is_model_name("notes.txt")


def test_a_folder_with_an_upper_case_csv_is_read(model_dir: Path) -> None:
    _write(model_dir, "RESULTS.CSV", "measure,period,actual\ndwp-pc-t-accuracy,2025-26,95\n")
    assert len(cfgov.load(model_dir).results) == 1


def test_an_excluded_csv_is_left_out(model_dir: Path) -> None:
    _write(model_dir, "other.csv", "name,value\na,1\n")
    (model_dir / "cfgov.toml").write_text('exclude = ["other.csv"]\n', encoding="utf-8")
    assert cfgov.load(model_dir).results == ()


def test_the_hook_runs_on_csv_files() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    pattern = re.search(r"^\s*files: (.+)$", text, re.MULTILINE)
    assert pattern is not None
    files = re.compile(pattern.group(1))
    for name in ("results.csv", "model/RESULTS.CSV", "a.yaml", "b.YML", "x/cfgov.toml"):
        assert files.search(name), name
    assert not files.search("notes.txt")
    assert not files.search("results.csv.bak")


def test_init_refuses_a_folder_holding_a_csv_table(tmp_path: Path) -> None:
    from cfgov.io.init import InitError, create_starter

    _write(tmp_path, "results.csv", "measure,period,actual\nm,2025,1\n")
    with pytest.raises(InitError) as caught:
        create_starter(tmp_path)
    assert caught.value.existing == (tmp_path / "results.csv",)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_csv_table_at_a_git_revision_is_read_and_located(model_dir: Path) -> None:
    import subprocess

    from cfgov.io.git import load_revision

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=model_dir,
            check=True,
            capture_output=True,
        )

    _write(model_dir, "results.csv", "measure,period,actual\ndwp-pc-t-accuracy,2025-26,95\n")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "one")
    _write(model_dir, "results.csv", "measure,period,actual\ndwp-pc-t-accuracy,20x,95\n")
    git("commit", "-q", "-am", "two")
    model, _ = load_revision(model_dir, "HEAD~1")
    assert len(model.results) == 1
    with pytest.raises(LoadError) as caught:
        load_revision(model_dir, "HEAD")
    assert [(p.code, str(p.location)) for p in caught.value.problems] == [
        ("CFG005", "results.csv:2:2")
    ]
