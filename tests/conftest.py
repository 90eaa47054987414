"""Fixtures build real databases: the real migrations, then the real seed."""

import os

# Test clients call the API "testserver" (Starlette's default); the server answers only for
# the host names in ALLOWED_HOSTS, so the tests name theirs, as a deployment would.
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app import migrate
from app.config import PROJECT_ROOT, get_settings
from app.db import get_session, make_engine
from app.loader.build import build
from app.loader.load import write
from app.loader.synth import synth_bundle
from app.main import app, served
from tests.cache_equivalence import CacheEquivalence

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
def client(loaded_url: str, read_engine: Engine) -> Iterator[TestClient]:
    """A client of the API that also checks, on every request, that the served app (the API
    behind the response cache) answers byte for byte as the API does: once computing the
    answer and once from the cache. So every contract test is also a test of the cache."""

    def override() -> Iterator[Session]:
        with Session(read_engine) as db_session:
            yield db_session

    app.dependency_overrides[get_session] = override
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", loaded_url)  # the cache watches the file it serves
        get_settings.cache_clear()
        with TestClient(CacheEquivalence(app, served), base_url="http://testserver") as test_client:
            yield test_client
    get_settings.cache_clear()
    app.dependency_overrides.clear()


@pytest.fixture(scope="session")
def plain_client(client: TestClient) -> TestClient:
    """The API alone, each request run once: for tests that count what one request costs."""
    return TestClient(app, base_url="http://testserver")
