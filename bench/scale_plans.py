"""What SQLite does for each request of the scale benchmark: the statements a request
really executes (captured in-process), each with its EXPLAIN QUERY PLAN."""

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection, event
from sqlalchemy.engine.interfaces import DBAPICursor, ExecutionContext
from sqlmodel import Session

from app.db import get_session, make_engine
from app.main import app


def export_path(path: Path, rows: int) -> tuple[str, int]:
    """A CSV export of about `rows` positions: the stance whose count is nearest."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        counts = connection.execute("SELECT stance, count(*) FROM position GROUP BY stance")
        stance, count = min(counts, key=lambda row: abs(row[1] - rows))
    finally:
        connection.close()
    return f"/positions?format=csv&stance={stance}", count


def plans(path: Path, urls: list[str]) -> Iterator[tuple[str, list[str]]]:
    """(url, plan lines) for each URL, and for a small page of the export's query."""
    engine = make_engine(f"sqlite:///{path}", read_only=True)
    executed: list[tuple[str, Sequence[Any] | Mapping[str, Any]]] = []

    def capture(
        _conn: Connection,
        _cursor: DBAPICursor,
        statement: str,
        parameters: Sequence[Any] | Mapping[str, Any],
        _context: ExecutionContext | None,
        _many: bool,
    ) -> None:
        executed.append((statement, parameters))

    def session() -> Iterator[Session]:
        with Session(engine) as db_session:
            yield db_session

    previous = app.dependency_overrides.get(get_session)  # a test's own, when run in tests
    app.dependency_overrides[get_session] = session
    event.listen(engine, "before_cursor_execute", capture)
    try:
        with TestClient(app) as client, engine.connect() as connection:
            for url in [*urls, export_path(path, 0)[0] + "&per_page=3"]:
                executed.clear()
                client.get(url)
                lines = []
                for statement, parameters in list(executed):
                    if "FROM dataset" in statement:
                        continue  # the version check of the cached lookups
                    explained = connection.exec_driver_sql(
                        f"EXPLAIN QUERY PLAN {statement}", parameters
                    )
                    lines.append(statement.split("FROM", 1)[0][:60].strip() + " …")
                    lines += [f"    {row[3]}" for row in explained]
                yield url, lines
    finally:
        event.remove(engine, "before_cursor_execute", capture)
        if previous is None:
            app.dependency_overrides.pop(get_session, None)
        else:
            app.dependency_overrides[get_session] = previous
        engine.dispose()
