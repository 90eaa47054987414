"""Engines and sessions.

Serving opens the database read-only (the API never writes): SQLite in mode=ro, PostgreSQL
in read-only transactions; migrating and loading use a read-write engine. Both come from the
one `DATABASE_URL` setting.
"""

import os
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Hashable
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool
from sqlmodel import Session, create_engine

from app.concurrency import HEALTH_LANE
from app.config import get_settings


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for another engine or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database).resolve()


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file, whatever characters its path holds."""
    return "sqlite:///" + quote(str(path), safe="/")


def read_only_uri(path: Path) -> str:
    """sqlite3's URI for opening `path` read-only; `#`, `?` and spaces in it are escaped, or
    they would end the path and open (and create) another file."""
    return f"file:{quote(str(path))}?mode=ro"


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str, *, read_only: bool = False, pool_size: int | None = None) -> Engine:
    """An engine for `url`; for SQLite, foreign keys on and, if asked, opened read-only.

    `pool_size` fixes the number of connections (no overflow): serving sizes it to the number
    of requests admitted at once (app/concurrency.py), so a request never waits for one."""
    parsed = make_url(url)
    pool: dict[str, object] = (
        {} if pool_size is None else {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": 10}
    )
    if parsed.get_backend_name() != "sqlite":
        # Read-only at the server too, so no code path can write while serving.
        options = {"options": "-c default_transaction_read_only=on"} if read_only else {}
        return create_engine(url, pool_pre_ping=True, connect_args=options, **pool)
    connect_args: dict[str, object] = {"check_same_thread": False}
    if read_only and parsed.database:
        # sqlite3's URI form is the only way to ask for mode=ro. It is handed over whole
        # (`creator`), since a URL would take a `#` or `?` in the path as its own syntax.
        uri = read_only_uri(Path(parsed.database).resolve())
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
            poolclass=QueuePool,  # a bare "sqlite://" would get the in-memory default
            **pool,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args=connect_args, **pool)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@lru_cache
def serving_engine() -> Engine:
    settings = get_settings()
    return make_engine(
        settings.database_url,
        read_only=True,
        pool_size=settings.database_concurrency + HEALTH_LANE,
    )


_sqlite_file = lru_cache(sqlite_path)


def served_dataset_identity() -> Hashable | None:
    """Which dataset is being served, cheaply enough to ask on every request.

    SQLite: one `stat`. The served file changes only when a load writes it, and every write
    changes its size or modification time (or, for a file swapped in whole, its inode).
    A server database (PostgreSQL) has no file to watch: there the identity is the dataset
    row, read at most once a second (`_ServerDataset`). None when nothing can be served or
    it is not known yet: then nothing is cached."""
    url = get_settings().database_url
    path = _sqlite_file(url)
    if path is None:
        return _server_dataset(url).identity()
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (path, found.st_ino, found.st_size, found.st_mtime_ns)


def served_file_identity(session: Session) -> Hashable | None:
    """The served SQLite file's identity if `session` reads it, else None (a server
    database, whose identity lags a load by up to a second, or a session bound elsewhere)."""
    if _sqlite_file(get_settings().database_url) is None:
        return None
    if session.get_bind() is not serving_engine():
        return None
    return served_dataset_identity()


class _ServerDataset:
    """The (version, loader version, release hash) of the dataset a database server holds, as
    last read.

    A load replaces the row in the transaction that replaces the data, so a changed row
    means changed data and the same row the same data. It is read in a thread of its own,
    at most once every `MAX_AGE` seconds and only while requests come: the request that
    finds the value old starts the read and goes on with the old value, so no request waits
    for it (and the event loop, which asks, never blocks). A load is therefore seen by the
    response cache within about a second; an answer computed from the new data in that
    second is stored under the old identity and dropped with it."""

    MAX_AGE = 1.0

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url, read_only=True, pool_size=1)
        self.value: Hashable | None = None
        self.read_at = float("-inf")
        self.reading = threading.Lock()

    def identity(self) -> Hashable | None:
        if time.monotonic() - self.read_at >= self.MAX_AGE and self.reading.acquire(False):
            threading.Thread(target=self._read, daemon=True, name="dataset-identity").start()
        return self.value

    def _read(self) -> None:
        try:
            with self.engine.connect() as connection:
                # The release hash too: cutting a release changes /dataset, not the content.
                row = connection.execute(
                    text("SELECT version, loader_sha256, release_sha256 FROM dataset WHERE id = 1")
                ).first()
            self.value = None if row is None else ("dataset", *row)
        except SQLAlchemyError:  # unreachable, or not migrated: cache nothing, /health says why
            self.value = None
        finally:
            self.read_at = time.monotonic()
            self.reading.release()


_server_dataset = lru_cache(_ServerDataset)


_served_inode: list[int | None] = [None]  # of the file the pool's connections have open


def _follow_the_file(engine: Engine) -> None:
    """When the served file is replaced or removed, drop the pooled connections: they still
    read the old file, and new ones must open the one that is there now (or fail)."""
    if _sqlite_file(get_settings().database_url) is None:
        return  # a server database: connections reach whatever the server holds
    identity = served_dataset_identity()
    inode = identity[1] if isinstance(identity, tuple) else None
    if inode != _served_inode[0]:
        _served_inode[0] = inode
        engine.dispose()


async def get_session() -> AsyncIterator[Session]:
    """A session per request. Opened and closed on the event loop: opening runs no SQL (the
    connection is taken at the first query, in the route's worker thread) and closing only
    hands the connection back, both cheaper than the two worker-thread hops a synchronous
    generator dependency costs."""
    engine = serving_engine()
    _follow_the_file(engine)
    with Session(engine) as session:
        yield session
