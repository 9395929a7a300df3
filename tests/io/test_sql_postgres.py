"""The SQL export against a real PostgreSQL server.

The server's URL comes from ``CFGOV_TEST_POSTGRES_URL``; .ci/run starts a throwaway
server with .ci/postgres and sets it. Skipped where it is not set, except in CI,
where that is a failure.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

pytest.importorskip("sqlalchemy")

import sqlalchemy as sa

from cfgov import Model, load
from cfgov.io import sql
from cfgov.testing.strategies import models

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FOLDERS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir() and any(p.rglob("*.yaml")))


def postgres_url() -> str:
    url = os.environ.get("CFGOV_TEST_POSTGRES_URL")
    if not url:
        message = (
            "no PostgreSQL server: start one with .ci/postgres and set CFGOV_TEST_POSTGRES_URL"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def url() -> str:
    return postgres_url()


@pytest.fixture
def schema(url: str) -> Iterator[str]:
    """A schema of this test's own, dropped afterwards."""
    name = f"cfgov_test_{secrets.token_hex(4)}"
    yield name
    engine = sql._engine_for(url)[0]
    with engine.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    engine.dispose()


def scalar(url: str, query: str) -> Any:
    engine = sql._engine_for(url)[0]
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql(query).scalar()
    finally:
        engine.dispose()


@pytest.mark.parametrize("folder", [*FOLDERS, EXAMPLES], ids=lambda p: p.name)
def test_each_example_survives_yaml_to_postgres_to_model(folder: Path, url: str) -> None:
    model = load(folder)
    sql.export_sql(model, url)
    assert sql.import_sql(url) == model


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(model=models())
def test_generated_models_survive_postgres(model: Model, schema: str) -> None:
    url = postgres_url()
    sql.export_sql(model, url, schema=schema)
    assert sql.import_sql(url, schema=schema) == model


def test_a_schema_holds_the_tables_and_the_views(url: str, schema: str) -> None:
    council = load(EXAMPLES / "council")
    sql.export_sql(council, url, schema=schema)
    sql.export_sql(council, url, schema=schema)
    count = scalar(url, f'SELECT COUNT(*) FROM "{schema}".segment_overview')
    assert count == len(council.segments)
    assert sql.import_sql(url, schema=schema) == council


def test_a_failure_mid_way_leaves_the_earlier_export(
    url: str, schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    council = load(EXAMPLES / "council")
    sql.export_sql(council, url, schema=schema)
    real_rows = sql._rows

    def broken(*args: Any, **kwargs: Any) -> dict[str, list[dict[str, Any]]]:
        made = real_rows(*args, **kwargs)
        made["segments"][0]["unit"] = "no-such-unit"  # a foreign key that does not hold
        return made

    monkeypatch.setattr(sql, "_rows", broken)
    with pytest.raises(sql.SqlError, match="left as it was"):
        sql.export_sql(load(EXAMPLES / "dwp"), url, schema=schema)
    monkeypatch.undo()
    assert sql.import_sql(url, schema=schema) == council


def test_a_users_own_table_survives_and_a_clash_is_refused(url: str, schema: str) -> None:
    engine = sql._engine_for(url)[0]
    with engine.begin() as conn:
        conn.execute(sa.schema.CreateSchema(schema))
        conn.exec_driver_sql(f'CREATE TABLE "{schema}".mine (x TEXT)')
        conn.exec_driver_sql(f"INSERT INTO \"{schema}\".mine VALUES ('kept')")
    council = load(EXAMPLES / "council")
    sql.export_sql(council, url, schema=schema)
    sql.export_sql(council, url, schema=schema)
    assert scalar(url, f'SELECT x FROM "{schema}".mine') == "kept"
    other = schema + "_b"
    with engine.begin() as conn:
        conn.execute(sa.schema.CreateSchema(other))
        conn.exec_driver_sql(f'CREATE TABLE "{other}".units (x TEXT)')
    try:
        with pytest.raises(sql.SqlError, match="'units' that cfgov did not write"):
            sql.export_sql(council, url, schema=other)
        assert scalar(url, f'SELECT COUNT(*) FROM "{other}".units') == 0
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{other}" CASCADE')
        engine.dispose()


def test_a_users_view_on_cfgovs_tables_is_named_in_the_refusal(url: str, schema: str) -> None:
    council = load(EXAMPLES / "council")
    sql.export_sql(council, url, schema=schema)
    engine = sql._engine_for(url)[0]
    with engine.begin() as conn:
        conn.exec_driver_sql(
            f'CREATE VIEW "{schema}".my_view AS SELECT id FROM "{schema}".segments'
        )
    engine.dispose()
    with pytest.raises(sql.SqlError) as raised:
        sql.export_sql(council, url, schema=schema)
    message = str(raised.value)
    assert "my_view" in message  # which of the user's views stands in the way
    assert "drop" in message.lower()  # and what to do about it
    assert scalar(url, f'SELECT COUNT(*) FROM "{schema}".my_view') == len(council.segments)


def test_the_command_says_which_schema_it_wrote_to(
    url: str, schema: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cfgov.cli.app import run

    assert run(["export", "sql", "--url", url, "--schema", schema, str(EXAMPLES / "council")]) == 0
    assert f"schema {schema!r}" in capsys.readouterr().err
