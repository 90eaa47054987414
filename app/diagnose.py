"""What is wrong with a database, in one line a person can act on.

The console commands and /health ask here before they trust a database, so a missing,
foreign, corrupt, locked or wrongly migrated file is reported as what it is, with the
command that fixes it, never as a traceback or a 500."""

import sqlite3
from collections.abc import Hashable
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from app.config import get_settings
from app.db import make_engine, read_only_uri, sqlite_path

REBUILD = "move it away and run `make run` to build a new one"
LOCKED = "The database is locked by a writer."
LOCK_WAIT_SECONDS = 2.0


class DatabaseProblem(Exception):
    """A database that cannot be used as it is. The message says why and what to do, for
    the operator; `public` says what is wrong without paths, for /health."""

    def __init__(self, message: str, public: str) -> None:
        super().__init__(message)
        self.public = public


def check(url: str, *, integrity: bool = False, loaded: bool = True) -> None:
    """Raise DatabaseProblem if the database at `url` cannot be served. `integrity` also
    reads every page (slow on a large file: done once per file, not per request)."""
    path = sqlite_path(url)
    if path is not None:
        check_file(path, integrity=integrity)
    _check_schema(url, loaded=loaded)


def check_file(path: Path, *, integrity: bool) -> None:
    """The SQLite-level checks: the file exists, is a database, is not locked, and (if
    `integrity`) every page reads back consistent."""
    if _size(path) == 0:
        raise DatabaseProblem(
            f"{path} is empty; run `parley migrate` then `parley load`",
            "The database file is empty.",
        )
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=LOCK_WAIT_SECONDS)
    except sqlite3.Error as exc:
        raise DatabaseProblem(
            f"cannot open {path}: {exc}", "The database cannot be opened."
        ) from None
    try:
        connection.execute("PRAGMA schema_version").fetchone()
        if integrity:
            _check_integrity(connection, path)
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, exc) from None
    finally:
        connection.close()


def _size(path: Path) -> int:
    """The file's size, or DatabaseProblem if it is missing or cannot be reached."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        raise DatabaseProblem(
            f"no database at {path}; run `make run` (or `parley migrate` then `parley load`)",
            "The database file is missing.",
        ) from None
    except OSError as exc:
        raise DatabaseProblem(
            f"cannot reach {path}: {exc.strerror}", "The database cannot be opened."
        ) from None


def _check_integrity(connection: sqlite3.Connection, path: Path) -> None:
    """DatabaseProblem, with SQLite's first finding, unless every page reads back consistent."""
    findings = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
    if findings != ["ok"]:
        lines = [line for f in findings for line in f.splitlines()]
        first = next((line for line in lines if not line.startswith("***")), lines[0])
        raise DatabaseProblem(f"{path} is corrupt ({first}); {REBUILD}", "The database is corrupt.")


def _unreadable(path: Path, exc: sqlite3.DatabaseError) -> DatabaseProblem:
    """What a failed read of the file means: locked, unreadable, corrupt, or no database."""
    if isinstance(exc, sqlite3.OperationalError):
        if "locked" in str(exc):
            return DatabaseProblem(
                f"{path} is locked by another process (a load in progress?); try again "
                "when it has finished",
                LOCKED,
            )
        return DatabaseProblem(f"cannot read {path}: {exc}", "The database cannot be read.")
    if "malformed" in str(exc):  # a database whose pages do not read back
        return DatabaseProblem(f"{path} is corrupt ({exc}); {REBUILD}", "The database is corrupt.")
    return DatabaseProblem(
        f"{path} is not a usable SQLite database ({exc}); {REBUILD}",
        "The database file is not a usable SQLite database.",
    )


@lru_cache(maxsize=1)
def _revisions() -> tuple[str | None, frozenset[str]]:
    """(head revision, every revision) of the migrations this code ships."""
    from alembic.script import ScriptDirectory  # only the console commands need Alembic

    from app.migrate import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config(""))
    return scripts.get_current_head(), frozenset(s.revision for s in scripts.walk_revisions())


def _check_schema(url: str, *, loaded: bool) -> None:
    head, known = _revisions()
    engine = make_engine(url, read_only=True)
    try:
        with engine.connect() as connection:
            tables = set(_table_names(connection))
            if "alembic_version" not in tables:
                raise DatabaseProblem(
                    "the database has no schema yet; run `parley migrate`",
                    "The database has no schema.",
                )
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if revision != head:
                if revision not in known:
                    raise DatabaseProblem(
                        f"the database was migrated by a newer version of Parley (revision "
                        f"{revision}); update the code, or {REBUILD}",
                        "The database schema is newer than this server.",
                    )
                raise DatabaseProblem(
                    f"the database schema is at revision {revision}, this code needs {head}; "
                    "run `parley migrate`",
                    "The database schema is older than this server.",
                )
            if loaded and connection.execute(text("SELECT count(*) FROM dataset")).scalar() == 0:
                raise DatabaseProblem(
                    "no dataset is loaded; run `parley load`", "No dataset is loaded."
                )
    except SQLAlchemyError as exc:
        raise DatabaseProblem(
            f"the database cannot be read: {getattr(exc, 'orig', None) or exc}",
            "The database cannot be read.",
        ) from None
    finally:
        engine.dispose()


def _table_names(connection: Connection) -> list[str]:
    return inspect(connection).get_table_names()


# The integrity verdict of each version of the served file: reading every page is done once
# per file, not per health check. Lock waits are not verdicts, so they are not kept.
_verdicts: dict[Hashable, DatabaseProblem | None] = {}


def served_file_problem() -> DatabaseProblem | None:
    """What is wrong with the served SQLite file, or None (also for other engines)."""
    from app.db import served_dataset_identity

    path = sqlite_path(get_settings().database_url)
    if path is None:
        return None
    identity = served_dataset_identity()
    if identity is None:
        return DatabaseProblem(f"no database at {path}", "The database file is missing.")
    if identity not in _verdicts:
        try:
            check_file(path, integrity=True)
            verdict = None
        except DatabaseProblem as problem:
            if problem.public == LOCKED:
                return problem
            verdict = problem
        _verdicts.clear()  # one file is served at a time
        _verdicts[identity] = verdict
    return _verdicts[identity]
