"""Engines and sessions.

Serving opens SQLite read-only (the API never writes); migrating and loading use a
read-write engine. Both come from the one `DATABASE_URL` setting.
"""

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

from app.config import get_settings


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for `url`; for SQLite, foreign keys on and, if asked, opened read-only."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    connect_args: dict[str, object] = {"check_same_thread": False}
    if read_only and parsed.database:
        # sqlite3's URI form is the only way to ask for mode=ro.
        path = Path(parsed.database).resolve()
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    elif parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args=connect_args)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@lru_cache
def serving_engine() -> Engine:
    return make_engine(get_settings().database_url, read_only=True)


def get_session() -> Iterator[Session]:
    with Session(serving_engine()) as session:
        yield session
