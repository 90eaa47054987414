"""Fixtures build real databases: the real migrations, then the real seed."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app import migrate
from app.config import PROJECT_ROOT
from app.db import get_session, make_engine
from app.loader.build import build
from app.loader.load import write
from app.loader.synth import synth_bundle
from app.main import app

SEED_DIR = PROJECT_ROOT / "seed"
SYNTH_DOCUMENTS, SYNTH_POSITIONS = 50, 5000


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def migrated_url(tmp_path: Path) -> str:
    """A fresh, empty SQLite database at the latest migration."""
    url = sqlite_url(tmp_path / "test.sqlite3")
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def loaded_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database for the whole run, migrated and loaded with the real seed. Read-only use."""
    url = sqlite_url(tmp_path_factory.mktemp("db") / "seeded.sqlite3")
    migrate.upgrade(url)
    engine = make_engine(url)
    write(engine, build(SEED_DIR))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def synth_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small synthetic corpus (`parley synth`'s code): 50 documents, 5,000 positions."""
    url = sqlite_url(tmp_path_factory.mktemp("synth") / "synth.sqlite3")
    migrate.upgrade(url)
    engine = make_engine(url)
    write(engine, synth_bundle(documents=SYNTH_DOCUMENTS, positions=SYNTH_POSITIONS, seed=7))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def read_engine(loaded_url: str) -> Iterator[Engine]:
    engine = make_engine(loaded_url, read_only=True)
    yield engine
    engine.dispose()


@pytest.fixture
def session(read_engine: Engine) -> Iterator[Session]:
    with Session(read_engine) as db_session:
        yield db_session


@pytest.fixture(scope="session")
def client(read_engine: Engine) -> Iterator[TestClient]:
    def override() -> Iterator[Session]:
        with Session(read_engine) as db_session:
            yield db_session

    app.dependency_overrides[get_session] = override
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client
    app.dependency_overrides.clear()
