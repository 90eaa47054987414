"""Writing a validated bundle: everything replaced in one transaction, or nothing at all."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any, NamedTuple

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, delete, insert, inspect, text
from sqlmodel import SQLModel

from app.loader.build import Bundle, Rows
from app.migrate import head_revision
from app.models import (
    ContextSentence,
    Dataset,
    Document,
    Issue,
    IssueAlias,
    Party,
    PartyAlias,
    Position,
    PositionReporter,
    PositionResponse,
    table_of,
)

# Children before parents when deleting; the reverse when inserting.
_TABLES: list[type[SQLModel]] = [
    PositionReporter,
    PositionResponse,
    Position,
    ContextSentence,
    IssueAlias,
    PartyAlias,
    Issue,
    Party,
    Document,
    Dataset,
]
# Rows per executemany: large enough that per-statement overhead vanishes, small enough that
# a streamed bundle (a generator of a million positions) never sits in memory whole.
CHUNK_ROWS = 5000


class SchemaNotReady(Exception):
    """The database has not been migrated to the current schema."""


def check_schema(connection: Connection) -> None:
    """Refuse a database that is not at the latest migration (rows would load, and then a
    missing index or column would fail requests)."""
    current = MigrationContext.configure(connection).get_current_revision()
    head = head_revision()
    behind = SchemaNotReady(f"database is at migration {current}, not {head}; run `parley migrate`")
    if current is not None and current != head:
        raise behind  # said first: a migrated database behind the code lacks newer tables too
    missing = {table_of(model).name for model in _TABLES} - set(
        inspect(connection).get_table_names()
    )
    if missing:
        raise SchemaNotReady(f"tables missing: {', '.join(sorted(missing))}; run `parley migrate`")
    if current != head:
        raise behind


def chunks(
    rows: Iterable[dict[str, Any]], size: int = CHUNK_ROWS
) -> Iterator[list[dict[str, Any]]]:
    """Consecutive lists of at most `size` rows, in the given order."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


@contextmanager
def _fts_rebuilt_once(connection: Connection) -> Iterator[None]:
    """Fill SQLite's full-text index once, from the table, instead of row by row.

    Its triggers cost O(n) per deleted row (the index is keyed by an unindexed column) and
    flush the index at every statement (60 µs an inserted row, four times the insert itself).
    They are dropped and re-created from their own stored SQL inside the load's transaction,
    so a reader never sees them missing and a failed load restores them."""
    if connection.dialect.name != "sqlite":
        yield
        return
    # A DML statement first: Python's sqlite3 opens the transaction only before DML, and a
    # DROP TRIGGER issued before it would be committed on its own.
    connection.execute(text("DELETE FROM position_fts"))
    triggers = connection.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'position'")
    ).all()
    for name, _ in triggers:
        connection.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    connection.execute(
        text(
            "INSERT INTO position_fts (position_id, quote, summary) "
            "SELECT id, quote, summary FROM position"
        )
    )
    for _, sql in triggers:
        connection.execute(text(sql))
    # Statistics for the query planner: without them SQLite guesses, and at a million rows
    # it guesses wrong (e.g. scans an index on stance rather than seeking one on party).
    connection.execute(text("ANALYZE"))


def write(engine: Engine, bundle: Bundle) -> None:
    """Replace the whole dataset with `bundle`. Loading the same bundle twice gives identical rows.

    Documents and positions come in the bundle's batches (one for the seed; a generator for
    the synthetic corpus), consumed once, in chunks, inside the one transaction."""
    with engine.connect() as connection:
        check_schema(connection)
    with engine.begin() as connection, _fts_rebuilt_once(connection):
        for table in _TABLES:
            connection.execute(delete(table))
        # Documents reference nothing, so parties and issues can come first and each batch
        # of documents be followed by its positions.
        _insert(connection, Party, bundle.parties)
        _insert(connection, PartyAlias, bundle.party_aliases)
        _insert(connection, Issue, bundle.issues)
        _insert(connection, IssueAlias, bundle.issue_aliases)
        party_ids = {party["slug"]: party["id"] for party in bundle.parties}
        for batch in bundle.batches():
            _insert(connection, Document, batch.documents)
            _insert(connection, Position, batch.positions)
            _insert(connection, PositionReporter, reporter_rows(batch.positions, party_ids))
            _insert(connection, PositionResponse, batch.responses)
            _insert(connection, ContextSentence, batch.context_sentences)
        _insert(connection, Dataset, [dataset_row(bundle)])


def dataset_row(bundle: Bundle) -> dict[str, Any]:
    """The one dataset row: the content and loader hashes, and the release (none for a
    synthetic corpus)."""
    row: dict[str, Any] = {
        "id": 1,
        "version": bundle.version,
        "loader_sha256": bundle.loader_sha256,
    }
    if bundle.release is not None:
        row["release"] = bundle.release.version
        row["release_date"] = bundle.release.released
        row["release_notes"] = bundle.release.notes
        row["release_sha256"] = bundle.release.metadata_sha256
    return row


def reporter_rows(positions: Rows, party_ids: dict[str, int]) -> Iterator[dict[str, Any]]:
    """A `position_reporter` row for each party of each position's attribution chain (once
    per position, however many links the party has in it)."""
    for position in positions:
        for slug in dict.fromkeys(link["party"] for link in position["attribution"]):
            yield {"party_id": party_ids[slug], "position_id": position["id"]}


def _insert(connection: Connection, table: type[SQLModel], rows: Iterable[dict[str, Any]]) -> None:
    # In the given order, chunk by chunk, so each row's references exist already (foreign
    # keys are checked per row: a row may refer to one earlier in its own chunk).
    for chunk in chunks(rows):
        connection.execute(insert(table), chunk)


class Loaded(NamedTuple):
    """What the dataset row says was loaded, and by which code."""

    version: str  # the seed's content hash
    loader_sha256: str
    release_sha256: str | None  # of the changelog and the id lists; None before migration 0010


def loaded_versions(engine: Engine) -> Loaded | None:
    """The hashes the database's dataset was loaded with, or None if nothing is loaded."""
    if "dataset" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as connection:
        row = connection.execute(table_of(Dataset).select()).first()
    return Loaded(row.version, row.loader_sha256, row.release_sha256) if row else None
