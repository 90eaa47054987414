"""Engines and sessions.

Serving opens SQLite read-only (the API never writes); migrating and loading use a
read-write engine. Both come from the one `DATABASE_URL` setting.
"""

import os
from collections.abc import Hashable, Iterator
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

from app.concurrency import HEALTH_LANE
from app.config import get_settings


def _sqlite_pragmas(dbapi_connection, _record) -> None:
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
        return create_engine(url, pool_pre_ping=True, **pool)
    connect_args: dict[str, object] = {"check_same_thread": False}
    if read_only and parsed.database:
        # sqlite3's URI form is the only way to ask for mode=ro.
        path = Path(parsed.database).resolve()
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    elif parsed.database:
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


@lru_cache
def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database).resolve()


def served_dataset_identity() -> Hashable | None:
    """Which dataset is being served, cheaply enough to ask on every request (one `stat`).

    The served SQLite file changes only when a load writes it, and every write changes its
    size or modification time (or, for a file swapped in whole, its inode). None when there is
    no file to serve, or for a server database, which a load can change without a file to
    watch: then nothing is cached."""
    path = _sqlite_file(get_settings().database_url)
    if path is None:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (path, found.st_ino, found.st_size, found.st_mtime_ns)


def get_session() -> Iterator[Session]:
    with Session(serving_engine()) as session:
        yield session
