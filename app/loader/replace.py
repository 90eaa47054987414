"""Replacing the served dataset so that no failure can leave a half-written one.

On SQLite the new dataset is built in a new file beside the served one (migrated, then
written by `write()` in one transaction), flushed to disk, and renamed over the served file:
a rename is atomic, so a reader sees the old file or the new one, never a mix. A load that
fails, runs out of disk or is killed at any point leaves the served file untouched, byte for
byte, and never a hot journal in it that a read-only server could not roll back. Two loads
at once each build their own file; the last to finish is served. On other engines the one
transaction of `write()` gives the same guarantee.
"""

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from app.db import make_engine, sqlite_path, sqlite_url
from app.files import flush
from app.loader.build import Bundle
from app.loader.load import check_schema, write

_BUILDING = ".loading-"  # infix of the files loads are being built in


class ReadOnlyDatabase(Exception):
    """The served file may not be replaced by this user."""


def replace_dataset(url: str, bundle: Bundle) -> None:
    """Make `bundle` the dataset at `url`, all at once or not at all."""
    path = sqlite_path(url)
    effective = os.access in os.supports_effective_ids
    if path is not None and path.exists() and not os.access(path, os.W_OK, effective_ids=effective):
        # Renaming would succeed in a writable folder; the file's own mode says no.
        raise ReadOnlyDatabase(f"{path} is read-only (its permissions forbid writing it)")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            check_schema(connection)  # as today: a database behind the code is refused
        if path is None:
            write(engine, bundle)
            return
    finally:
        engine.dispose()
    _remove_abandoned(path)
    with _building(path) as building:
        _migrate(sqlite_url(building))
        engine = make_engine(sqlite_url(building))
        try:
            write(engine, bundle)
        finally:
            engine.dispose()
        flush(building)
        building.chmod(path.stat().st_mode & 0o7777)
        os.replace(building, path)
        flush(path.parent)


@contextlib.contextmanager
def _building(path: Path) -> Iterator[Path]:
    """A new file beside `path` to build in; removed unless it was renamed into place."""
    building = path.with_name(f".{path.name}{_BUILDING}{os.getpid()}")
    building.unlink(missing_ok=True)
    try:
        yield building
    finally:
        for leftover in (building, building.with_name(building.name + "-journal")):
            leftover.unlink(missing_ok=True)


def _remove_abandoned(path: Path) -> None:
    """Files of loads that were killed (their process is gone) are removed."""
    for leftover in path.parent.glob(f".{path.name}{_BUILDING}*"):
        pid = leftover.name.rsplit(_BUILDING, 1)[1].removesuffix("-journal")
        if pid.isdigit() and not _running(int(pid)):
            leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _migrate(url: str) -> None:
    from app import migrate  # Alembic: imported by the command that needs it

    migrate.upgrade(url)
