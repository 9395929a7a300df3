"""docs/databases.md: every example query runs and returns rows on the bundled examples
(SQLite always, PostgreSQL when CFGOV_TEST_POSTGRES_URL names a server), and the
exported file opens in Datasette showing what the page says it shows."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlalchemy")

from cfgov import load
from cfgov.io import sql

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "databases.md"
QUERIES = re.findall(r"```sql\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("doc") / "model.db"
    sql.export_sql(load(ROOT / "examples"), f"sqlite:///{path}")
    return path


def test_the_page_has_example_queries() -> None:
    assert len(QUERIES) >= 6


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: " ".join(q.split())[:50])
def test_each_example_query_returns_rows_on_sqlite(query: str, database: Path) -> None:
    with sqlite3.connect(database) as db:
        assert db.execute(query).fetchall()


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: " ".join(q.split())[:50])
def test_each_example_query_returns_rows_on_postgres(query: str) -> None:
    url = os.environ.get("CFGOV_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("no PostgreSQL server (tests/io/test_sql_postgres.py says how to start one)")
    schema = "cfgov_doc_queries"
    sql.export_sql(load(ROOT / "examples"), url, schema=schema)
    engine = sql._engine_for(url)[0]
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"SET search_path TO {schema}")
            assert conn.exec_driver_sql(query.rstrip().rstrip(";")).fetchall()
    finally:
        engine.dispose()


def test_every_table_and_view_is_in_the_reference() -> None:
    reference = (ROOT / "docs" / "reference" / "sql.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^## `(\w+)`", reference, re.MULTILINE))
    assert documented == {t.name for t in sql.metadata().sorted_tables} | {
        v.name for v in sql.VIEWS
    }


def _page_table() -> list[dict[str, Any]]:
    """The table the page says Datasette shows, as rows."""
    text = PAGE.read_text(encoding="utf-8").split("## Browsing it with Datasette")[1]
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [
        dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True))
        for line in lines[2:]  # after the header and its rule
    ]


def test_datasette_serves_the_export_as_the_page_says(database: Path) -> None:
    datasette = pytest.importorskip("datasette.app")
    expected = _page_table()

    async def fetch() -> tuple[Any, ...]:
        ds = datasette.Datasette([str(database)])
        await ds.invoke_startup()
        front = await ds.client.get("/model.json")
        view = await ds.client.get(
            "/model/segment_overview.json?organisation=council&_sort=path&_shape=array"
            f"&_size={len(expected)}"
        )
        table = await ds.client.get("/model/segments.json?_shape=array&_size=1")
        return front, view, table

    front, view, table = asyncio.run(fetch())
    assert front.status_code == 200
    names = {t["name"] for t in front.json()["tables"]}
    assert {"segments", "units", "measures", "results"} <= names
    assert {v["name"] for v in front.json()["views"]} >= {"segment_overview", "measure_latest"}
    assert view.status_code == 200
    served = [{k: str(row[k]) for k in expected[0]} for row in view.json()]
    assert served == expected
    assert table.status_code == 200
    assert table.json()[0]["unit"]
