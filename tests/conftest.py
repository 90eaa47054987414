"""Fixtures build real databases: the real migrations, then the real seed.

`pytest --engine postgresql` builds them on PostgreSQL instead of SQLite: each run gets a
database of its own on the server named by PARLEY_TEST_POSTGRES_URL (`scripts/start-postgres`
prints one), dropped at the end. Without a reachable server, CI fails at once with the
reason, and a local run skips every test saying why.
"""

import os
import secrets
import time

# Test clients call the API "testserver" (Starlette's default); the server answers only for
# the host names in ALLOWED_HOSTS, so the tests name theirs, as a deployment would.
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
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


POSTGRES_URL_VARIABLE = "PARLEY_TEST_POSTGRES_URL"
DROP_ATTEMPTS = 5


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help=f"database engine the fixtures build on (postgresql: ${POSTGRES_URL_VARIABLE})",
    )


class PostgresServer:
    """Creates databases on a test server, and drops them all at the end of the run."""

    def __init__(self, url: str) -> None:
        try:
            self.url = make_url(url)
        except ArgumentError:
            # One line naming the variable, not a traceback from inside pytest's hooks.
            raise pytest.UsageError(
                f"{POSTGRES_URL_VARIABLE} is not a database URL: {url!r}"
            ) from None
        self.admin = create_engine(
            self.url.set(database=self.url.database or "postgres"), isolation_level="AUTOCOMMIT"
        )
        self.prefix = f"parley_test_{os.getpid()}_{secrets.token_hex(3)}"
        self.created: list[str] = []

    def problem(self) -> str | None:
        """Why the server cannot be used, or None."""
        try:
            with self.admin.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:  # any failure to connect is the one line to show
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            return f"PostgreSQL at {self.url.render_as_string()} is not reachable: {reason}"
        return None

    def database(self) -> str:
        name = f"{self.prefix}_{len(self.created)}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        """Drop every database the run created. A drop can meet a backend it may not end (an
        autovacuum worker, when the role lacks pg_signal_backend: scripts/start-postgres
        grants it); such a drop is retried, and a database still left is named, not hidden."""
        left: list[str] = []
        with self.admin.connect() as connection:
            for name in self.created:
                for attempt in range(DROP_ATTEMPTS):
                    try:
                        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                        break
                    except DBAPIError:
                        time.sleep(0.5 * (attempt + 1))
                else:
                    left.append(name)
        self.admin.dispose()
        if left:
            print(f"\nPostgreSQL test databases left behind (drop them by hand): {left}")


_postgres: list[PostgresServer] = []


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("engine") != "postgresql":
        return
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    server = PostgresServer(url) if url else None
    problem = (
        server.problem()
        if server
        else f"{POSTGRES_URL_VARIABLE} is not set (scripts/start-postgres prints a server URL)"
    )
    if problem and os.environ.get("CI"):
        pytest.exit(f"--engine postgresql: {problem}", returncode=1)
    config.stash[_POSTGRES_PROBLEM] = problem
    if server and not problem:
        _postgres.append(server)


_POSTGRES_PROBLEM = pytest.StashKey[str | None]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problem = config.stash.get(_POSTGRES_PROBLEM, None)
    if problem:
        for item in items:
            item.add_marker(pytest.mark.skip(reason=f"--engine postgresql: {problem}"))


def pytest_unconfigure(config: pytest.Config) -> None:
    while _postgres:
        _postgres.pop().drop_all()


@pytest.fixture(scope="session")
def engine_name(request: pytest.FixtureRequest) -> str:
    return request.config.getoption("engine")


def new_database_url(engine_name: str, path: Path) -> str:
    """An empty database on the engine under test: a file at `path`, or a new PostgreSQL
    database (the path unused)."""
    return _postgres[0].database() if engine_name == "postgresql" else sqlite_url(path)


@pytest.fixture
def migrated_url(tmp_path: Path, engine_name: str) -> str:
    """A fresh, empty database at the latest migration."""
    url = new_database_url(engine_name, tmp_path / "test.sqlite3")
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def loaded_url(tmp_path_factory: pytest.TempPathFactory, engine_name: str) -> str:
    """One database for the whole run, migrated and loaded with the real seed. Read-only use."""
    url = new_database_url(engine_name, tmp_path_factory.mktemp("db") / "seeded.sqlite3")
    migrate.upgrade(url)
    engine = make_engine(url)
    write(engine, build(SEED_DIR))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def synth_url(tmp_path_factory: pytest.TempPathFactory, engine_name: str) -> str:
    """A small synthetic corpus (`parley synth`'s code): 50 documents, 5,000 positions."""
    url = new_database_url(engine_name, tmp_path_factory.mktemp("synth") / "synth.sqlite3")
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
