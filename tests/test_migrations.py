"""The migrations: they build exactly the model's schema, undo it cleanly, keep loaded data,
agree with the models (no drift), and are files a reader can find their way through."""

import ast
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from app import migrate
from app.config import PROJECT_ROOT
from app.db import make_engine
from app.loader.build import build
from app.loader.load import SchemaNotReady, write
from tests.conftest import SEED_DIR, sqlite_url

VERSIONS = PROJECT_ROOT / "migrations" / "versions"
MODEL_TABLES = {
    "context_sentence",
    "dataset",
    "document",
    "issue",
    "issue_alias",
    "party",
    "party_alias",
    "position",
    "position_reporter",
    "position_response",
}
# 0001's: not 0008's, 0009's or 0013's
FIRST_TABLES = MODEL_TABLES - {"context_sentence", "position_response", "position_reporter"}
FTS_TABLES = {  # the FTS5 table of migration 0002 and the shadow tables SQLite keeps for it
    "position_fts",
    "position_fts_config",
    "position_fts_content",
    "position_fts_data",
    "position_fts_docsize",
    "position_fts_idx",
}
FTS_TRIGGERS = {
    "position_fts_after_insert",
    "position_fts_after_delete",
    "position_fts_after_update",
}
FIRST_INDEXES = {
    "ix_issue_alias_issue_id",
    "ix_issue_parent_id",
    "ix_party_alias_party_id",
    "ix_position_document_id",
    "ix_position_issue_id",
    "ix_position_page_start",
    "ix_position_party_id",
    "ix_position_stance",
}
FILENAME = re.compile(
    r"^(?P<date>\d{8})_(?P<rev>[0-9a-z]+)_(?P<words>[a-z0-9]+(?:_[a-z0-9]+)+)\.py$"
)


def schema(path: Path, kind: str) -> set[str]:
    """Names of the tables, indexes or triggers in a SQLite file (SQLite's own left out)."""
    connection = sqlite3.connect(path)
    try:
        found = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'", (kind,)
        ).fetchall()
    finally:
        connection.close()
    return {name for (name,) in found}


def query(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))


def chain() -> list[str]:
    """Revision ids from the first migration to the head."""
    return [script.revision for script in reversed(list(script_directory().walk_revisions()))]


def model_indexes() -> set[str]:
    return {
        str(index.name) for table in SQLModel.metadata.tables.values() for index in table.indexes
    }


def test_the_model_tables_are_the_ones_expected():
    assert set(SQLModel.metadata.tables) == MODEL_TABLES


def test_upgrade_downgrade_to_base_and_upgrade_again(tmp_path: Path):
    path = tmp_path / "roundtrip.sqlite3"
    url = sqlite_url(path)
    head = script_directory().get_current_head()

    migrate.upgrade(url)
    assert schema(path, "table") == MODEL_TABLES | FTS_TABLES | {"alembic_version"}
    assert schema(path, "index") == model_indexes()
    assert schema(path, "trigger") == FTS_TRIGGERS
    assert query(path, "SELECT version_num FROM alembic_version") == [(head,)]

    migrate.downgrade(url, "base")
    assert schema(path, "table") == {"alembic_version"}
    assert schema(path, "index") == set()
    assert schema(path, "trigger") == set()
    assert query(path, "SELECT version_num FROM alembic_version") == []

    migrate.upgrade(url)
    assert schema(path, "table") == MODEL_TABLES | FTS_TABLES | {"alembic_version"}
    assert schema(path, "index") == model_indexes()
    assert schema(path, "trigger") == FTS_TRIGGERS
    assert query(path, "SELECT version_num FROM alembic_version") == [(head,)]


def test_first_migration_creates_exactly_the_model_tables(tmp_path: Path):
    path = tmp_path / "first.sqlite3"
    first = chain()[0]

    migrate.upgrade(sqlite_url(path), first)
    assert schema(path, "table") == FIRST_TABLES | {"alembic_version"}
    # The single-column indexes that 0004 turned into composites (the head's are checked by
    # the round trip above).
    assert schema(path, "index") == FIRST_INDEXES
    assert query(path, "SELECT version_num FROM alembic_version") == [(first,)]


def test_search_index_migration_indexes_existing_rows_and_undoes_cleanly(tmp_path: Path):
    """Upgrading a database loaded before full-text search fills the index from its rows;
    downgrading drops the index and keeps the rows."""
    path = tmp_path / "fts.sqlite3"
    url = sqlite_url(path)
    revisions = chain()
    assert revisions[:2] == ["0001", "0002"]

    migrate.upgrade(url)  # the loader only writes at the latest migration
    engine = make_engine(url)
    write(engine, build(SEED_DIR))
    engine.dispose()
    migrate.downgrade(url, "0001")  # rows as a database loaded before full-text search had them
    assert "position_fts" not in schema(path, "table")
    positions = query(path, "SELECT id, quote, summary FROM position ORDER BY id")
    assert len(positions) == 40

    migrate.upgrade(url, "0002")
    indexed = query(path, "SELECT position_id, quote, summary FROM position_fts ORDER BY 1")
    assert indexed == positions
    matched = query(path, "SELECT position_id FROM position_fts WHERE position_fts MATCH 'lease'")
    assert matched == [("d644-018",)]

    migrate.downgrade(url, "0001")
    assert schema(path, "table") == FIRST_TABLES | {"alembic_version"}
    assert schema(path, "trigger") == set()
    assert query(path, "SELECT id, quote, summary FROM position ORDER BY id") == positions


def test_certainty_migration_carries_loaded_rows_both_ways(tmp_path: Path):
    """0008 on a loaded database: down to one certainty and one answer per position, and up
    again to evidence, mode and a response table, keeping the search triggers (the table
    copy SQLite needs to drop a column loses them unless they are re-created)."""
    path = tmp_path / "certainty.sqlite3"
    url = sqlite_url(path)
    migrate.upgrade(url)
    engine = make_engine(url)
    write(engine, build(SEED_DIR))
    engine.dispose()

    migrate.downgrade(url, "0007")
    old = dict(
        query(path, "SELECT id, certainty || ' ' || coalesce(responds_to_id, '-') FROM position")
    )
    assert (old["d644-032"], old["d644-030"], old["d644-040"], old["d644-004"]) == (
        "appeared d644-030",  # the mode wins, as the old vocabulary had it; the first answer
        "reported d644-029",
        "believed -",  # the old value for every state of mind
        "stated d644-001",
    )

    migrate.upgrade(url)
    rows = dict(query(path, "SELECT id, evidence || ' ' || mode FROM position"))
    assert (rows["d644-032"], rows["d644-030"], rows["d644-040"]) == (
        "stated appeared",
        "reported asserted",
        "stated believed",
    )
    assert query(path, "SELECT position_id, responds_to_id FROM position_response ORDER BY 1, 2")[
        :2
    ] == [("d644-004", "d644-001"), ("d644-005", "d644-002")]
    assert schema(path, "trigger") == FTS_TRIGGERS
    assert schema(path, "index") == model_indexes()
    migrate.check(url)


def test_check_passes_at_head(migrated_url: str):
    migrate.check(migrated_url)  # raises if autogenerate would find anything to do


def test_check_fails_when_the_database_is_behind(tmp_path: Path):
    url = sqlite_url(tmp_path / "behind.sqlite3")
    migrate.upgrade(url, chain()[0])
    with pytest.raises(CommandError, match="Target database is not up to date"):
        migrate.check(url)


def test_check_fails_when_the_schema_drifts(migrated_url: str, tmp_path: Path):
    """`check` is a real comparison: an index missing from the database is reported."""
    path = tmp_path / "test.sqlite3"
    assert sqlite_url(path) == migrated_url
    connection = sqlite3.connect(path)
    try:
        connection.execute("DROP INDEX ix_position_stance")
    finally:
        connection.close()
    with pytest.raises(CommandError, match="New upgrade operations detected"):
        migrate.check(migrated_url)


def migration_files() -> list[Path]:
    files = sorted(VERSIONS.glob("*.py"))
    assert files, f"no migrations in {VERSIONS}"
    return files


def module_level(tree: ast.Module, name: str) -> object:
    """The literal value assigned to a module-level `name` (annotated or not)."""
    for node in tree.body:
        if isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        elif isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        else:
            continue
        if value is not None and any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return ast.literal_eval(value)
    raise AssertionError(f"no module-level {name}")


@pytest.mark.parametrize("path", migration_files(), ids=lambda path: path.name)
def test_migration_file_is_named_for_its_date_revision_and_purpose(path: Path):
    match = FILENAME.match(path.name)
    assert match, f"{path.name} is not YYYYMMDD_<rev>_<words>.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert module_level(tree, "revision") == match["rev"]

    created = date(int(match["date"][:4]), int(match["date"][4:6]), int(match["date"][6:]))
    docstring = ast.get_docstring(tree) or ""
    create_date = re.search(r"^Create Date: (\d{4}-\d{2}-\d{2})", docstring, re.MULTILINE)
    assert create_date, f"{path.name} has no Create Date"
    assert date.fromisoformat(create_date[1]) == created


@pytest.mark.parametrize("path", migration_files(), ids=lambda path: path.name)
def test_migration_has_a_real_downgrade(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    for name in ("upgrade", "downgrade"):
        assert name in functions, f"{path.name} has no {name}()"
        body = [
            statement
            for statement in functions[name].body
            if not isinstance(statement, ast.Pass)
            and not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))
        ]
        assert body, f"{path.name}: {name}() does nothing"


def test_migrations_form_one_line_in_file_order():
    """One head, no branches, and the files sort in the order they apply."""
    scripts = script_directory()
    assert len(scripts.get_heads()) == 1
    revisions = []
    for path in migration_files():
        match = FILENAME.match(path.name)
        assert match, path.name
        revisions.append(match["rev"])
    assert revisions == chain()


def test_the_loader_refuses_a_database_behind_the_latest_migration(tmp_path: Path):
    url = sqlite_url(tmp_path / "behind.sqlite3")
    migrate.upgrade(url, "0002")
    engine = make_engine(url)
    with pytest.raises(SchemaNotReady) as refused:
        write(engine, build(SEED_DIR))
    engine.dispose()
    head = chain()[-1]
    assert str(refused.value) == f"database is at migration 0002, not {head}; run `parley migrate`"
    assert query(tmp_path / "behind.sqlite3", "SELECT count(*) FROM position") == [(0,)]


def test_reporter_migration_derives_the_chain_of_loaded_rows(tmp_path: Path):
    """0013 on a loaded database fills `position_reporter` from `attribution` as the loader
    does: one row per party of each chain (doc. 644: Harriman in all 40, Soong in 38)."""
    path = tmp_path / "reporters.sqlite3"
    url = sqlite_url(path)
    migrate.upgrade(url)
    engine = make_engine(url)
    write(engine, build(SEED_DIR))
    engine.dispose()
    sql = (
        "SELECT party.slug, count(*) FROM position_reporter JOIN party ON party.id = party_id "
        "GROUP BY party.slug ORDER BY party.slug"
    )
    loaded = query(path, sql)
    assert loaded == [("harriman", 40), ("soong", 38)]
    migrate.downgrade(url, "0010")
    assert "position_reporter" not in schema(path, "table")
    migrate.upgrade(url)
    assert query(path, sql) == loaded
