"""The model as a SQL database (SQLite here; tests/io/test_sql_postgres.py on a server).

YAML → SQLite → model gives the same model for every example and every generated
model; every field of the format has a column or a table; a re-export replaces
cfgov's tables in one transaction and leaves everyone else's alone.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

pytest.importorskip("sqlalchemy")

import sqlalchemy as sa

from cfgov import Model, dump, load, progress_of
from cfgov.io import sql
from cfgov.io.format import COLLECTIONS, EntitySpec, FieldType, all_specs
from cfgov.testing.strategies import models

#: A whole number written with a decimal point, in a dump.
WHOLE = re.compile(r"(?<=[ -])(-?\d+)\.0$", re.MULTILINE)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
FOLDERS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir() and any(p.rglob("*.yaml")))


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def everything() -> Model:
    return load(EXAMPLES)


@pytest.fixture(scope="module")
def exported(everything: Model, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sql") / "model.db"
    sql.export_sql(everything, url_of(path), exported_at="2026-01-02T03:04:05+00:00")
    return path


def rows(path: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(query).fetchall()


# -- nothing lost ------------------------------------------------------------------------


@pytest.mark.parametrize("folder", [*FOLDERS, EXAMPLES], ids=lambda p: p.name)
def test_each_example_survives_yaml_to_sqlite_to_model(folder: Path, tmp_path: Path) -> None:
    model = load(folder)
    sql.export_sql(model, url_of(tmp_path / "m.db"))
    back = sql.import_sql(url_of(tmp_path / "m.db"))
    assert back == model
    # Equal models could still differ in what equality does not see (the order of
    # entries and of lists); the YAML dump sees it. Numbers are stored as floating
    # point and a whole one comes back whole, as documented: 11.0 is read as 11.
    assert dump(back) == WHOLE.sub(r"\1", dump(model))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(model=models())
def test_generated_models_survive_the_round_trip(model: Model, tmp_path: Path) -> None:
    path = tmp_path / "generated.db"
    path.unlink(missing_ok=True)
    sql.export_sql(model, url_of(path))
    assert sql.import_sql(url_of(path)) == model


def test_a_re_export_of_another_model_leaves_nothing_of_the_first(tmp_path: Path) -> None:
    url = url_of(tmp_path / "m.db")
    sql.export_sql(load(EXAMPLES), url)
    council = load(EXAMPLES / "council")
    sql.export_sql(council, url)
    assert sql.import_sql(url) == council


# -- every field has a place -------------------------------------------------------------


def _plan_of(spec: EntitySpec) -> sql._Plan | None:
    table = sql.TABLE_OF_SPEC.get(spec.name)
    return None if table is None else sql.PLANS[table]


def test_every_field_of_every_spec_has_a_column_or_a_table() -> None:
    meta = sql.metadata()
    nested_in_columns = {
        f.nested.name
        for s in all_specs()
        for f in s.fields
        if f.type is FieldType.NESTED and f.nested
    }
    for spec in all_specs():
        if spec.name in nested_in_columns:
            continue  # a size: columns of its owner, checked with the owner's field
        plan = _plan_of(spec)
        assert plan is not None, f"{spec.name} has no table"
        table = meta.tables[plan.table]
        for field in spec.fields:
            child = f"{plan.owner}_{field.name}"
            if field.type is FieldType.ID:
                assert table.c.id.primary_key
            elif field.type is FieldType.VALUE:
                assert {field.name, f"{field.name}_text"} <= set(table.c.keys())
            elif field.type is FieldType.NESTED:
                assert field.nested is not None
                for sub in field.nested.fields:
                    assert f"{field.name}_{sub.name}" in table.c, (spec.name, sub.name)
            elif field.type is FieldType.NESTED_LIST:
                assert field.nested is not None
                inner = _plan_of(field.nested)
                assert inner is not None, field.nested.name
                if inner.table != plan.table:  # a series' periods are rows of the series' table
                    # Named by the owner's id, or (without one) its owner's keys and position.
                    keys = sql._keys_under(plan.table) or (plan.owner,)
                    assert set(keys) <= set(meta.tables[inner.table].c.keys()), inner.table
            elif field.type in (
                FieldType.REFS,
                FieldType.TEXTS,
                FieldType.CHOICES,
                FieldType.LABELS,
                FieldType.COUNTS,
                FieldType.SCORES,
                FieldType.SUPPRESSIONS,
            ):
                assert child in meta.tables, f"{spec.name}.{field.name} has no table {child}"
                assert set(sql._keys_under(plan.table)) <= set(meta.tables[child].c.keys())
            else:
                assert field.name in table.c, f"{spec.name}.{field.name} has no column"


def test_every_reference_is_a_foreign_key_to_the_right_table() -> None:
    meta = sql.metadata()
    targets = {"unit": "units", "segment": "segments", "aim": "aims", "partner": "partners"}
    targets |= {"stakeholder": "stakeholders", "objective": "objectives", "measure": "measures"}
    checked = 0
    for spec in all_specs():
        plan = _plan_of(spec)
        if plan is None:
            continue
        for field in spec.fields:
            if field.type is FieldType.REF:
                column = meta.tables[plan.table].c[field.name]
            elif field.type is FieldType.REFS:
                child = meta.tables[f"{plan.owner}_{field.name}"]
                keys = {*sql._keys_under(plan.table), "position"}
                (column,) = [c for c in child.c if c.name not in keys]
            else:
                continue
            assert field.ref is not None
            if (plan.owner, field.name) == ("unit", "same_as"):
                # A body's other id names an entry the loader merged away: no row holds it.
                assert not column.foreign_keys
                continue
            assert [fk.column.table.name for fk in column.foreign_keys] == [targets[field.ref]]
            checked += 1
    assert checked >= 15


def test_organisations_and_units_share_one_table_told_apart_by_kind(exported: Path) -> None:
    model = load(EXAMPLES)
    got = dict(rows(exported, "SELECT id, is_organisation FROM units"))
    assert got == {u.id: int(u.is_organisation) for u in model.units}
    assert COLLECTIONS["organisations"].cls is COLLECTIONS["units"].cls


def test_identifiers_are_unique_per_scheme_and_value(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(
        "organisations:\n"
        "  - id: dwp\n    name: DWP\n    identifiers: {govuk_slug: department-for-work-pensions}\n"
        "segments:\n  - {id: s, name: S, category: target, unit: dwp}\n",
        encoding="utf-8",
    )
    path = tmp_path / "m.db"
    sql.export_sql(load(tmp_path / "m.yaml"), url_of(path))
    assert rows(path, "SELECT unit, scheme, value FROM unit_identifiers") == [
        ("dwp", "govuk_slug", "department-for-work-pensions")
    ]
    with pytest.raises(sqlite3.IntegrityError):
        rows(
            path,
            "INSERT INTO unit_identifiers VALUES ('dwp2', 'govuk_slug', "
            "'department-for-work-pensions')",
        )


def test_the_foreign_keys_hold_in_the_written_database(exported: Path) -> None:
    assert rows(exported, "PRAGMA foreign_key_check") == []
    assert rows(exported, "SELECT COUNT(*) FROM unit_parents")[0][0] > 0


def test_the_export_row_says_who_wrote_it_and_when(exported: Path) -> None:
    from cfgov import __version__

    ((version, when, layout),) = rows(
        exported, "SELECT cfgov_version, exported_at, layout_version FROM cfgov_export"
    )
    assert (version, when, layout) == (__version__, "2026-01-02T03:04:05+00:00", sql.LAYOUT_VERSION)


# -- the views ---------------------------------------------------------------------------


def test_segment_overview_gives_each_segment_its_lineage_and_unit(
    exported: Path, everything: Model
) -> None:
    got = {
        r[0]: r[1:]
        for r in rows(
            exported, "SELECT segment, depth, path, unit, organisation FROM segment_overview"
        )
    }
    assert set(got) == {s.id for s in everything.segments}
    for segment in everything.segments:
        lineage = everything.lineage_of(segment.id)
        organisation = everything.organisations_of(segment.unit)[0].id
        assert got[segment.id] == (
            len(lineage) - 1,
            " > ".join(s.id for s in lineage),
            segment.unit,
            organisation,
        )
    assert max(depth for depth, *_ in got.values()) >= 2


def test_measure_latest_has_the_status_cfgov_progress_gives(
    exported: Path, everything: Model
) -> None:
    got = rows(exported, "SELECT measure, status, reason, period, actual FROM measure_latest")
    assert {r[0] for r in got} == {m.id for _, m in everything.measures()}
    judged = 0
    for measure, status, reason, period, actual in got:
        progress = progress_of(everything, measure)
        assert (status, reason) == (progress.status.value, progress.reason)
        assert period == (None if progress.latest is None else progress.latest.period)
        assert actual == progress.actual
        judged += progress.latest is not None
    assert judged >= 5


def test_measure_latest_repeats_a_measure_once_per_segment_of_its_objective(
    exported: Path, everything: Model
) -> None:
    objective = next(o for o in everything.objectives if len(o.segments) > 1 and o.measures)
    got = rows(
        exported,
        f"SELECT segment FROM measure_latest WHERE measure = '{objective.measures[0].id}'",
    )
    assert sorted(r[0] for r in got) == sorted(objective.segments)


def test_unit_segment_counts_counts_what_each_unit_owns(exported: Path, everything: Model) -> None:
    got = {
        r[0]: r[1:]
        for r in rows(exported, "SELECT unit, segments, target_segments FROM unit_segment_counts")
    }
    for unit in everything.units:
        owned = everything.segments_owned_by(unit.id)
        targets = [s for s in owned if s.category.value == "target"]
        assert got[unit.id] == (len(owned), len(targets))


def test_suppressions_gathers_every_ignore_table(exported: Path, everything: Model) -> None:
    got = sorted(rows(exported, "SELECT entity, code, reason FROM suppressions"))
    entries: list[Any] = [
        *everything.units,
        *everything.segments,
        *everything.partners,
        *everything.aims,
        *everything.objectives,
        *everything.stakeholders,
        *everything.principles,
        *(m for _, m in everything.measures()),
        *(s for p in everything.principles for s in p.standards),
    ]
    expected = sorted((e.id, s.code, s.reason) for e in entries for s in e.ignore)
    assert expected
    assert got == expected


# -- one transaction, and nobody else's tables --------------------------------------------


def test_a_failure_in_the_middle_of_a_re_export_leaves_the_earlier_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = url_of(tmp_path / "m.db")
    council = load(EXAMPLES / "council")
    sql.export_sql(council, url)
    real_rows = sql._rows

    def broken(*args: Any, **kwargs: Any) -> dict[str, list[dict[str, Any]]]:
        made = real_rows(*args, **kwargs)
        made["segments"].append(dict(made["segments"][0]))  # the same id twice: refused
        return made

    monkeypatch.setattr(sql, "_rows", broken)
    with pytest.raises(sql.SqlError, match="left as it was"):
        sql.export_sql(load(EXAMPLES / "dwp"), url)
    monkeypatch.undo()
    assert sql.import_sql(url) == council
    assert rows(tmp_path / "m.db", "SELECT COUNT(*) FROM segment_overview")[0][0] == len(
        council.segments
    )


def test_a_failure_at_the_last_step_leaves_the_earlier_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = url_of(tmp_path / "m.db")
    council = load(EXAMPLES / "council")
    sql.export_sql(council, url)
    broken = sql.View("broken", "A view that cannot be made.", "SELECT FROM WHERE")
    monkeypatch.setattr(sql, "VIEWS", (*sql.VIEWS, broken))
    with pytest.raises(sql.SqlError):
        sql.export_sql(load(EXAMPLES / "dwp"), url)
    monkeypatch.undo()
    assert sql.import_sql(url) == council
    names = {r[0] for r in rows(tmp_path / "m.db", "SELECT name FROM sqlite_master")}
    assert "broken" not in names
    assert "segment_overview" in names


def test_a_users_own_table_and_view_survive_re_export(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    sql.export_sql(load(EXAMPLES / "council"), url_of(path))
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (segment TEXT, note TEXT)")
        db.execute("INSERT INTO notes VALUES ('council-taxpayers', 'ask finance')")
        db.execute("CREATE VIEW my_units AS SELECT id FROM units")
    sql.export_sql(load(EXAMPLES / "council"), url_of(path))
    assert rows(path, "SELECT * FROM notes") == [("council-taxpayers", "ask finance")]
    assert rows(path, "SELECT COUNT(*) FROM my_units")[0][0] > 0


def test_a_table_of_someone_elses_with_one_of_cfgovs_names_is_not_replaced(
    tmp_path: Path,
) -> None:
    path = tmp_path / "theirs.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE segments (what TEXT)")
        db.execute("INSERT INTO segments VALUES ('precious')")
    with pytest.raises(sql.SqlError, match="'segments' that cfgov did not write"):
        sql.export_sql(load(EXAMPLES / "council"), url_of(path))
    assert rows(path, "SELECT * FROM segments") == [("precious",)]
    assert rows(path, "SELECT name FROM sqlite_master") == [("segments",)]


def test_a_database_without_an_export_cannot_be_read_as_a_model(tmp_path: Path) -> None:
    with pytest.raises(sql.SqlError, match="holds no cfgov export"):
        sql.import_sql(url_of(tmp_path / "empty.db"))


def test_an_engine_can_be_given_and_is_left_usable(tmp_path: Path) -> None:
    engine = sa.create_engine(url_of(tmp_path / "m.db"))
    council = load(EXAMPLES / "council")
    sql.export_sql(council, engine)
    sql.export_sql(council, engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0  # as it was
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM segments").scalar() == len(
            council.segments
        )
    assert sql.import_sql(engine) == council
    engine.dispose()


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("not a url", "cannot be read"),
        ("nosuchdb://h/x", "knows no database called 'nosuchdb'"),
        ("mysql://u:hunter2@h/x", "driver"),
        ("postgresql://u:hunter2@127.0.0.1:1/x", "cannot connect"),
    ],
)
def test_unusable_urls_are_plain_errors_without_the_password(url: str, words: str) -> None:
    with pytest.raises(sql.SqlError) as caught:
        sql.export_sql(load(EXAMPLES / "council"), url)
    assert words in str(caught.value)
    assert "hunter2" not in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_schema_is_refused_for_sqlite(tmp_path: Path) -> None:
    with pytest.raises(sql.SqlError, match="PostgreSQL"):
        sql.export_sql(load(EXAMPLES / "council"), url_of(tmp_path / "m.db"), schema="x")
    assert (
        not (tmp_path / "m.db").exists()
        or rows(tmp_path / "m.db", "SELECT name FROM sqlite_master") == []
    )


def test_importing_cfgov_does_not_import_sqlalchemy() -> None:
    code = "import sys, cfgov, cfgov.cli.app; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_reference_to_a_missing_row_is_refused_and_the_earlier_export_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = url_of(tmp_path / "m.db")
    council = load(EXAMPLES / "council")
    sql.export_sql(council, url)
    real_rows = sql._rows

    def dangling(*args: Any, **kwargs: Any) -> dict[str, list[dict[str, Any]]]:
        made = real_rows(*args, **kwargs)
        made["segments"][0]["unit"] = "no-such-unit"
        return made

    monkeypatch.setattr(sql, "_rows", dangling)
    with pytest.raises(sql.SqlError, match="'segments' refer to a row of 'units'"):
        sql.export_sql(load(EXAMPLES / "dwp"), url)
    monkeypatch.undo()
    assert sql.import_sql(url) == council


def test_a_database_of_another_layout_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    sql.export_sql(load(EXAMPLES / "council"), url_of(path))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE cfgov_export SET layout_version = 99")
    with pytest.raises(sql.SqlError, match="export the model again"):
        sql.import_sql(url_of(path))


def test_the_position_of_a_nested_entry_is_said_to_be_within_its_owners_list() -> None:
    meta = sql.metadata()
    for name in ("measures", "service_standards", "knowledge_sources"):
        comment = meta.tables[name].c.position.comment or ""
        assert "in the model" not in comment
        assert "list" in comment
    assert "in the model" in (meta.tables["segments"].c.position.comment or "")
