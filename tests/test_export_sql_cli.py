"""``cfgov export sql``: a SQLite file or any URL, nothing written when anything fails."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from tests.cli_runner import cfgov

from cfgov import load
from cfgov.cli.app import run

pytest.importorskip("sqlalchemy")

from cfgov.io import sql

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = ROOT / "examples" / "council"


def test_export_writes_a_database_that_reads_back_as_the_model(tmp_path: Path) -> None:
    out = cfgov("export", "sql", "-o", str(tmp_path / "model.db"), str(COUNCIL), "--no-cache")
    assert out.returncode == 0, out.stderr
    assert "wrote the model" in out.stderr
    assert sql.import_sql(f"sqlite:///{tmp_path / 'model.db'}") == load(COUNCIL)
    assert [p.name for p in tmp_path.iterdir()] == ["model.db"]  # no temporary file left
    with sqlite3.connect(tmp_path / "model.db") as db:
        (when, sources) = db.execute("SELECT exported_at, sources FROM cfgov_export").fetchone()
    assert when.endswith("+00:00")
    assert str(COUNCIL) in sources


def test_re_export_replaces_the_model_and_keeps_the_users_tables(tmp_path: Path) -> None:
    target = tmp_path / "model.db"
    assert cfgov("export", "sql", "-o", str(target), str(ROOT / "examples" / "dwp")).returncode == 0
    with sqlite3.connect(target) as db:
        db.execute("CREATE TABLE mine (x TEXT)")
        db.execute("INSERT INTO mine VALUES ('kept')")
    out = cfgov("export", "sql", "-o", str(target), str(COUNCIL))
    assert out.returncode == 0, out.stderr
    assert sql.import_sql(f"sqlite:///{target}") == load(COUNCIL)
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT x FROM mine").fetchall() == [("kept",)]


def test_a_model_that_cannot_load_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "model"
    shutil.copytree(COUNCIL, broken)
    (broken / "extra.yaml").write_text("segments:\n  - id: x\n    name: X\n", encoding="utf-8")
    new = tmp_path / "new.db"
    out = cfgov("export", "sql", "-o", str(new), str(broken), "--no-cache")
    assert out.returncode == 2
    assert "could not be loaded" in out.stderr
    assert not new.exists()
    existing = tmp_path / "existing.db"
    assert cfgov("export", "sql", "-o", str(existing), str(COUNCIL)).returncode == 0
    before = existing.read_bytes()
    out = cfgov("export", "sql", "-o", str(existing), str(broken), "--no-cache")
    assert out.returncode == 2
    assert existing.read_bytes() == before


def test_a_file_that_is_not_a_database_is_never_overwritten(tmp_path: Path) -> None:
    precious = tmp_path / "segments.yaml"
    precious.write_text("segments: []\n", encoding="utf-8")
    out = cfgov("export", "sql", "-o", str(precious), str(COUNCIL))
    assert out.returncode == 2
    assert "is not a SQLite database" in out.stderr
    assert precious.read_text(encoding="utf-8") == "segments: []\n"


def test_a_missing_folder_is_a_plain_message(tmp_path: Path) -> None:
    out = cfgov("export", "sql", "-o", str(tmp_path / "no" / "m.db"), str(COUNCIL))
    assert out.returncode == 2
    assert "there is no folder" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://me:hunter2@127.0.0.1:1/db",
        "nosuch://me:hunter2@h/db",
        "mysql://me:hunter2@h/db",
    ],
)
def test_an_unusable_url_is_a_plain_message_without_the_password(url: str) -> None:
    out = cfgov("export", "sql", "--url", url, str(COUNCIL))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "hunter2" not in out.stderr
    assert "***" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_one_of_output_and_url_is_needed() -> None:
    out = cfgov("export", "sql", str(COUNCIL))
    assert out.returncode == 2
    assert "-o/--output" in out.stderr


def test_schema_needs_a_url(tmp_path: Path) -> None:
    out = cfgov("export", "sql", "-o", str(tmp_path / "m.db"), "--schema", "x", str(COUNCIL))
    assert out.returncode == 2
    assert "--schema is for a PostgreSQL database" in out.stderr
    assert not (tmp_path / "m.db").exists()


def test_without_sqlalchemy_the_command_says_which_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "sqlalchemy", None)
    monkeypatch.delitem(sys.modules, "cfgov.io.sql")
    monkeypatch.delattr("cfgov.io.sql", raising=False)
    code = run(["export", "sql", "-o", str(tmp_path / "m.db"), str(COUNCIL)])
    assert code == 2
    assert "pip install 'cfgov[sql]'" in capsys.readouterr().err
    assert not (tmp_path / "m.db").exists()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_a_folder_that_cannot_be_written_is_named_as_given() -> None:
    # /proc takes no new files, even from root, as a read-only folder would refuse them.
    out = cfgov("export", "sql", "-o", "/proc/model.db", str(COUNCIL))
    assert out.returncode == 2
    assert "'/proc/model.db'" in out.stderr
    assert ".tmp" not in out.stderr  # not the hidden name the database is made under
    assert "Traceback" not in out.stderr


def test_a_failed_new_database_is_named_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fails(model: object, url: str, **_: object) -> None:
        raise sql.SqlError(f"could not write to the database at {url}, which is left as it was")

    monkeypatch.setattr(sql, "export_sql", fails)
    target = tmp_path / "model.db"
    assert run(["export", "sql", "-o", str(target), str(COUNCIL)]) == 2
    err = capsys.readouterr().err
    assert repr(str(target)) in err
    assert ".tmp" not in err
    assert list(tmp_path.iterdir()) == []


def test_an_at_sign_left_in_a_password_shows_no_part_of_it() -> None:
    out = cfgov("export", "sql", "--url", "postgresql://me:hun@ter2@127.0.0.1:1/db", str(COUNCIL))
    assert out.returncode == 2
    assert "ter2" not in out.stderr
    assert "%40" in out.stderr  # how to write an @ in a password
    assert "Traceback" not in out.stderr
