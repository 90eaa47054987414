"""Writing a validated bundle: everything replaced in one transaction, or nothing at all."""

from sqlalchemy import Engine, delete, insert, inspect

from app.loader.build import Bundle
from app.models import Dataset, Document, Issue, IssueAlias, Party, PartyAlias, Position

# Children before parents when deleting; the reverse when inserting.
_TABLES = [Position, IssueAlias, PartyAlias, Issue, Party, Document, Dataset]


class SchemaNotReady(Exception):
    """The database has not been migrated to the current schema."""


def write(engine: Engine, bundle: Bundle) -> None:
    """Replace the whole dataset with `bundle`. Loading the same bundle twice gives identical rows."""
    missing = {t.__tablename__ for t in _TABLES} - set(inspect(engine).get_table_names())
    if missing:
        raise SchemaNotReady(f"tables missing: {', '.join(sorted(missing))}; run `parley migrate`")
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
            Dataset: [{"id": 1, "version": bundle.version, "source_sha256": bundle.source_sha256}],
        }
        for table, table_rows in rows.items():
            # One INSERT per row, in the given order, so each row's references exist already.
            for row in table_rows:
                connection.execute(insert(table), row)


def loaded_version(engine: Engine) -> str | None:
    """The dataset version in the database, or None if nothing (or no schema) is there."""
    if "dataset" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as connection:
        row = connection.execute(Dataset.__table__.select()).first()
    return row.version if row else None
