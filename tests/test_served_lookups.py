"""The lookups of the served SQLite file are kept by the file's identity: a request that needs
them runs no query while the file is the same, and a load (a new file swapped in) is seen by
the next request."""

import asyncio
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import Session

from app.api import deps
from app.config import get_settings
from app.db import serving_engine, sqlite_path
from app.lookups import forget as forget_lookups
from tests.conftest import sqlite_url


@pytest.fixture
def served_copy(loaded_url: str, tmp_path: Path, engine_name: str) -> Iterator[Path]:
    if engine_name != "sqlite":
        pytest.skip("a served file: SQLite only (a server database is checked by version)")
    source = sqlite_path(loaded_url)
    assert source is not None
    served = tmp_path / "served.sqlite3"
    shutil.copy(source, served)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", sqlite_url(served))
        get_settings.cache_clear()
        serving_engine.cache_clear()
        forget_lookups()
        yield served
    get_settings.cache_clear()
    serving_engine.cache_clear()
    forget_lookups()


def lookups_and_statements(served: Path) -> tuple[object, int]:
    """Resolve the lookups dependency once, on a session of the serving engine, counting SQL."""
    engine = serving_engine()
    executed: list[str] = []

    def count(*args: object) -> None:
        executed.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        with Session(engine) as session:
            found = asyncio.run(deps.get_lookups(session))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return found, len(executed)


def test_the_served_files_lookups_are_read_once_then_kept_by_its_identity(served_copy: Path):
    first, first_statements = lookups_and_statements(served_copy)
    again, again_statements = lookups_and_statements(served_copy)
    assert first_statements > 0
    assert again_statements == 0
    assert again is first


def test_a_file_swapped_in_is_read_again(served_copy: Path):
    first, _ = lookups_and_statements(served_copy)
    replacement = served_copy.with_name("replacement.sqlite3")
    shutil.copy(served_copy, replacement)
    os.replace(replacement, served_copy)  # as `parley load` swaps in the file it built
    again, statements = lookups_and_statements(served_copy)
    # The new file is checked (its dataset version read); it holds the same version, so the
    # lookups read for that version are the ones served.
    assert statements == 1
    assert again is first
