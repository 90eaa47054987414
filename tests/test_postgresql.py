"""The migrations and the loader on PostgreSQL (`pytest --engine postgresql`), as
tests/test_migrations.py and tests/loader/ check them on SQLite files: the
schema goes up, down and up again, agrees with the models, sorts text as SQLite does, keeps
its search vector current; a load is repeatable, and one that fails changes nothing."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app import migrate
from app.db import make_engine
from app.loader.build import build
from app.loader.hashes import loader_code_hash, seed_content_hash
from app.loader.load import SchemaNotReady, write
from app.loader.releases import metadata_sha256
from tests.api.expected import expected_release
from tests.conftest import SEED_DIR, new_database_url
from tests.loader.seed_copies import APP_TABLES, run_cli
from tests.test_migrations import MODEL_TABLES, chain, model_indexes


@pytest.fixture(autouse=True)
def _postgresql_only(engine_name: str) -> None:
    if engine_name != "postgresql":
        pytest.skip("PostgreSQL's own: run with --engine postgresql")


@pytest.fixture
def empty_url(engine_name: str, tmp_path) -> str:
    return new_database_url(engine_name, tmp_path / "unused")


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


def rows(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            table: [
                tuple(row)
                for row in connection.execute(text(f'SELECT * FROM "{table}" ORDER BY 1'))
            ]
            for table in APP_TABLES
        }


def indexes(engine: Engine) -> set[str]:
    found = inspect(engine)
    return {  # the indexes behind unique constraints are those constraints, not indexes
        index["name"]
        for table in MODEL_TABLES
        for index in found.get_indexes(table)
        if "duplicates_constraint" not in index
    }


def test_upgrade_downgrade_to_base_and_upgrade_again(empty_url: str):
    engine = make_engine(empty_url)
    try:
        migrate.upgrade(empty_url)
        assert set(inspect(engine).get_table_names()) == MODEL_TABLES | {"alembic_version"}
        assert indexes(engine) == model_indexes() | {"ix_position_search_vector"}
        migrate.downgrade(empty_url, "base")
        engine.dispose()
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        with engine.connect() as connection:
            assert (
                connection.execute(
                    text("SELECT count(*) FROM pg_proc WHERE proname = 'parley_search_text'")
                ).scalar()
                == 0
            )
        migrate.upgrade(empty_url)
        engine.dispose()
        assert indexes(engine) == model_indexes() | {"ix_position_search_vector"}
    finally:
        engine.dispose()


def test_check_passes_at_head(migrated_url: str):
    migrate.check(migrated_url)  # the search vector is the engine's, not drift


def test_text_sorts_in_code_point_order(engine: Engine):
    with engine.connect() as connection:
        ordered = (
            connection.execute(
                text(
                    "SELECT s FROM (VALUES ('a-b'), ('ab'), ('B'), ('a b'), ('é')) AS v(s) "
                    'ORDER BY s COLLATE "C"'
                )
            )
            .scalars()
            .all()
        )
        collations = (
            connection.execute(
                text(
                    "SELECT DISTINCT collation_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND data_type = 'character varying' "
                    "AND table_name <> 'alembic_version'"
                )
            )
            .scalars()
            .all()
        )
    assert ordered == sorted(ordered)  # Python's order is code-point order, SQLite's BINARY
    assert collations == ["C"]


def test_loading_twice_leaves_identical_rows(
    migrated_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    version = seed_content_hash(SEED_DIR)
    first = run_cli(monkeypatch, migrated_url, "load")
    assert first.exit_code == 0, first.output
    after_first = rows(engine)
    second = run_cli(monkeypatch, migrated_url, "load")
    assert second.exit_code == 0, second.output
    assert rows(engine) == after_first
    assert len(after_first["position"]) == 40
    ((*hashes, release, released, notes, release_sha256),) = after_first["dataset"]
    assert hashes == [1, version, loader_code_hash()]
    expected_version, expected_date, expected_notes = expected_release()
    assert (release, released and released.isoformat()) == (expected_version, expected_date)
    assert (notes, release_sha256) == (expected_notes, metadata_sha256(SEED_DIR))
    with engine.connect() as connection:  # the generated vector: one per position, filled
        empty = connection.execute(
            text("SELECT count(*) FROM position WHERE search_vector = ''::tsvector")
        ).scalar()
    assert empty == 0


def test_the_search_vector_follows_the_text(engine: Engine):
    write(engine, build(SEED_DIR))
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE position SET summary = 'Ports, railroads' WHERE id = 'd644-001'")
        )
        vector = connection.execute(
            text("SELECT search_vector::text FROM position WHERE id = 'd644-001'")
        ).scalar()
        connection.rollback()
    assert "'port'" in vector
    assert "'railroad'" in vector


def test_a_write_that_fails_midway_changes_nothing(engine: Engine):
    write(engine, build(SEED_DIR))
    before = rows(engine)
    bundle = build(SEED_DIR)
    bundle.positions[-1] = {**bundle.positions[-1], "party_id": 999}  # no such party
    with pytest.raises(IntegrityError, match="foreign key"):
        write(engine, bundle)
    assert rows(engine) == before


def test_load_before_migrate_says_to_migrate(empty_url: str, monkeypatch: pytest.MonkeyPatch):
    result = run_cli(monkeypatch, empty_url, "load")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"tables missing: {', '.join(sorted(APP_TABLES))}; run `parley migrate`"
    ]


def test_the_loader_refuses_a_database_behind_the_latest_migration(empty_url: str):
    migrate.upgrade(empty_url, "0004")
    engine = make_engine(empty_url)
    try:
        with pytest.raises(SchemaNotReady) as refused:
            write(engine, build(SEED_DIR))
    finally:
        engine.dispose()
    assert str(refused.value) == (
        f"database is at migration 0004, not {chain()[-1]}; run `parley migrate`"
    )


def test_status_and_serve_checks_name_an_unreachable_server(monkeypatch: pytest.MonkeyPatch):
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:1/parley"
    result = run_cli(monkeypatch, url, "status")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "secret" not in result.output
