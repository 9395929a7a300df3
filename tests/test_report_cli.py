"""cfgov report from the command line: the Bar's DWP table, HTML to a file, --unit."""

from __future__ import annotations

import re
from pathlib import Path

from cli_runner import cfgov

ROOT = Path(__file__).resolve().parent.parent


def test_markdown_report_shows_the_dwp_table_with_sizes_and_totals() -> None:
    result = cfgov("report", "examples/dwp", "--format", "md")
    assert result.returncode == 0, result.stderr
    for size in ("7.7m", "1.5m", "14.4m", "9.6m", "1.6m", "9.2m", "24m", "3.2m"):
        assert re.search(rf"(?<![\d.]){re.escape(size)}\b", result.stdout), size
    assert result.stdout.count("1.6m") >= 2
    assert "```mermaid" in result.stdout


def test_html_report_is_written_once_and_fetches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    first = cfgov("report", "examples/", "--format", "html", "-o", str(out))
    assert first.returncode == 0, first.stderr
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", html)
    again = cfgov("report", "examples/", "--format", "html", "-o", str(out))
    assert again.returncode == 2
    assert "--force" in again.stderr
    assert (
        cfgov("report", "examples/", "--format", "html", "-o", str(out), "--force").returncode == 0
    )


def test_unit_restricts_the_report_and_an_unknown_unit_is_refused() -> None:
    whole = cfgov("report", "examples/").stdout
    part = cfgov("report", "examples/", "--unit", "dwp-pension-service")
    assert part.returncode == 0, part.stderr
    assert "Department for Education and Skills" in whole
    assert "Department for Education and Skills" not in part.stdout
    missing = cfgov("report", "examples/", "--unit", "nowhere")
    assert missing.returncode == 2
    assert "no organisation or unit 'nowhere'" in missing.stderr


#: Words of the CFG107 finding on the model below, as the report's findings list shows it.
FINDING = "hats worn by stakeholder 'teachers'"


def _model_with_a_finding(folder: Path) -> Path:
    """A model whose only finding is CFG107 (two hats that read the same)."""
    from cfgov.rules import all_rules

    example = next(r for r in all_rules() if r.code == "CFG107").example
    folder.mkdir()
    (folder / "model.yaml").write_text(
        "organisations:\n  - {id: dfes, name: DfES, kind: ministerial_department}\n" + example,
        encoding="utf-8",
    )
    return folder


def test_the_report_follows_the_settings_file_as_check_does(tmp_path: Path) -> None:
    folder = _model_with_a_finding(tmp_path / "model")
    (folder / "notes").mkdir()
    (folder / "notes" / "draft.yaml").write_text("not: [a model", encoding="utf-8")
    (folder / "cfgov.toml").write_text('exclude = ["notes/*"]\n', encoding="utf-8")
    flagged = cfgov("report", str(folder))
    assert flagged.returncode == 0, flagged.stderr  # the excluded draft is not read
    assert FINDING in flagged.stdout
    (folder / "cfgov.toml").write_text(
        'exclude = ["notes/*"]\nignore = ["CFG107"]\n', encoding="utf-8"
    )
    quiet = cfgov("report", str(folder))
    assert quiet.returncode == 0, quiet.stderr
    assert FINDING not in quiet.stdout
    unset = cfgov("report", str(folder), "--no-config")
    assert unset.returncode == 0, unset.stderr
    assert FINDING in unset.stdout


def test_a_broken_settings_file_stops_the_report_with_its_location(tmp_path: Path) -> None:
    folder = _model_with_a_finding(tmp_path / "model")
    (folder / "cfgov.toml").write_text('ignore = "CFG107\n', encoding="utf-8")
    result = cfgov("report", str(folder))
    assert result.returncode == 2
    assert "cfgov.toml:1" in result.stderr
