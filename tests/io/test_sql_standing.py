"""Assessments, initiatives, journeys and experience areas in the database: their nested
entries, which have no ids, are keyed by their owner and position, and come back whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")

from cfgov import Model, load
from cfgov.io import sql

MODEL = Path(__file__).resolve().parents[1] / "data" / "standing" / "model.yaml"


@pytest.fixture(scope="module")
def model() -> Model:
    return load(MODEL)


@pytest.fixture(scope="module")
def exported(model: Model, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sql") / "model.db"
    sql.export_sql(model, f"sqlite:///{path}")
    return path


def _rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(query).fetchall()


def test_the_new_collections_come_back_whole(model: Model, exported: Path) -> None:
    assert sql.import_sql(f"sqlite:///{exported}") == model


def test_journey_steps_are_keyed_by_journey_stage_and_position(exported: Path) -> None:
    query = """
        SELECT g.name, t.position, t.name, t.channel, t.unit, t.partner, t.hand_off
        FROM journey_steps t
        JOIN journey_stages g ON g.journey = t.journey AND g.position = t.stage_position
        WHERE t.journey = 'j1'
        ORDER BY t.stage_position, t.position"""
    assert _rows(exported, query) == [
        ("Finding out", 0, "Reads online", "online", "u", None, None),
        ("Finding out", 1, "Phones", "phone", None, "p", "The adviser; #1"),
        ("Applying", 0, "Fills in the form", None, None, None, None),
    ]


def test_the_measures_watching_each_step_join_to_the_measures(exported: Path) -> None:
    query = """
        SELECT w.stage_position, w.step_position, m.name
        FROM journey_step_measures w JOIN measures m ON m.id = w.measure
        ORDER BY w.stage_position, w.step_position"""
    assert _rows(exported, query) == [(0, 0, "Days to a decision"), (1, 0, "Days to a decision")]


def test_components_and_step_records_keep_their_lists_by_position(exported: Path) -> None:
    assert _rows(
        exported,
        "SELECT c.component, d.position, d.document FROM assessment_component_documents d "
        "JOIN assessment_components c ON c.assessment = d.assessment "
        "AND c.position = d.component_position ORDER BY d.position",
    ) == [
        ("understand_the_customer", 0, "Survey; 2025"),
        ("understand_the_customer", 1, "plan.pdf"),
    ]
    assert _rows(
        exported,
        "SELECT s.step, c.segment FROM initiative_step_customers c JOIN initiative_steps s "
        "ON s.initiative = c.initiative AND s.position = c.step_position",
    ) == [("pilot", "s")]


def test_experience_areas_are_rows_in_order(exported: Path) -> None:
    assert _rows(
        exported, "SELECT measure, position, area FROM measure_experience ORDER BY position"
    ) == [("m", 0, "speed"), ("m", 1, "integration")]
    assert _rows(exported, "SELECT service_standard, area FROM service_standard_experience") == [
        ("st1", "choice")
    ]


def test_a_step_of_a_stage_that_is_not_there_breaks_a_foreign_key(exported: Path) -> None:
    with sqlite3.connect(exported) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(
            "INSERT INTO journey_steps (journey, stage_position, position, name) "
            "VALUES ('j1', 7, 0, 'Lost')"
        )
        broken = conn.execute("PRAGMA foreign_key_check(journey_steps)").fetchall()
        conn.rollback()
    assert [row[2] for row in broken] == ["journey_stages"]


def test_deleting_a_step_record_takes_its_lists_with_it(exported: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(exported.read_bytes())
    with sqlite3.connect(copy) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM initiative_steps WHERE step = 'pilot'")
    assert _rows(copy, "SELECT * FROM initiative_step_customers") == []
    assert _rows(copy, "SELECT * FROM initiative_step_measures") == []


def test_the_reference_names_the_keys_of_the_nested_tables() -> None:
    text = sql.sql_reference()
    section = text.split("## `journey_step_measures`")[1].split("## ")[0]
    assert "`stage_position` | integer" in section
    assert "`step_position` | integer" in section
    assert "→ `journey_steps`" in section
