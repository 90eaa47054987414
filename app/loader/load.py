"""Writing a validated bundle: everything replaced in one transaction, or nothing at all."""

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, delete, insert, inspect

from app.loader.build import Bundle
from app.migrate import head_revision
from app.models import Dataset, Document, Issue, IssueAlias, Party, PartyAlias, Position

# Children before parents when deleting; the reverse when inserting.
_TABLES = [Position, IssueAlias, PartyAlias, Issue, Party, Document, Dataset]


class SchemaNotReady(Exception):
    """The database has not been migrated to the current schema."""


def _check_schema(connection: Connection) -> None:
    """Refuse a database that is not at the latest migration (rows would load, and then a
    missing index or column would fail requests)."""
    missing = {t.__tablename__ for t in _TABLES} - set(inspect(connection).get_table_names())
    if missing:
        raise SchemaNotReady(f"tables missing: {', '.join(sorted(missing))}; run `parley migrate`")
    current = MigrationContext.configure(connection).get_current_revision()
    head = head_revision()
    if current != head:
        raise SchemaNotReady(
            f"database is at migration {current}, not {head}; run `parley migrate`"
        )


def write(engine: Engine, bundle: Bundle) -> None:
    """Replace the whole dataset with `bundle`. Loading the same bundle twice gives identical rows."""
    with engine.connect() as connection:
        _check_schema(connection)
    with engine.begin() as connection:
        for table in _TABLES:
            connection.execute(delete(table))
        rows = {
            Document: bundle.documents,
            Party: bundle.parties,
            PartyAlias: bundle.party_aliases,
            Issue: bundle.issues,
            IssueAlias: bundle.issue_aliases,
            Position: bundle.positions,
            Dataset: [{"id": 1, "version": bundle.version, "loader_sha256": bundle.loader_sha256}],
        }
        for table, table_rows in rows.items():
            # One INSERT per row, in the given order, so each row's references exist already.
            for row in table_rows:
                connection.execute(insert(table), row)


def loaded_versions(engine: Engine) -> tuple[str, str] | None:
    """(dataset version, loader version) in the database, or None if nothing is loaded."""
    if "dataset" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as connection:
        row = connection.execute(Dataset.__table__.select()).first()
    return (row.version, row.loader_sha256) if row else None
