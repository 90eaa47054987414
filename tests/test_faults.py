"""A database that is missing, empty, foreign, corrupt, truncated, locked, read-only, at an
awkward path, or migrated by older or newer code: every command says what is wrong in one
line, how to fix it, and exits 1 (never a traceback); a running server answers 503 problems
and recovers, without a restart, when a good file comes back."""

import json
import os
import shutil
import sqlite3
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app import migrate
from app.cli import cli
from app.config import get_settings
from app.loader.build import build
from app.loader.replace import ReadOnlyDatabase, replace_dataset
from app.migrate import head_revision
from tests.conftest import SEED_DIR
from tests.servers import Server, clean_env, parley, running_server, status_of

PAGE = 4096


@pytest.fixture
def database(tmp_path: Path, loaded_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the seeded database, which DATABASE_URL points at."""
    path = tmp_path / "parley.sqlite3"
    shutil.copy(loaded_url.removeprefix("sqlite:///"), path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str]:
    """(exit code, the output) of `parley ARGS`, asserting it ended by its own choice."""
    result = CliRunner().invoke(cli, list(args), prog_name="parley")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.strip()


def corrupt_pages(path: Path) -> None:
    """Overwrite pages in the middle of the file: the header still reads, data does not."""
    with path.open("r+b") as file:
        size = path.stat().st_size
        for page in range(2, size // PAGE - 1, 3):
            file.seek(page * PAGE + 100)
            file.write(b"\xa5" * 1000)


FAULTS = {
    "missing": lambda path: path.unlink(),
    "empty": lambda path: path.write_bytes(b""),
    "garbage": lambda path: path.write_bytes(os.urandom(64 * 1024)),
    "corrupt pages": corrupt_pages,
    "truncated": lambda path: os.truncate(path, path.stat().st_size // 2),
}


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("missing", "no database at {path}; run `make run`"),
        ("empty", "{path} is empty; run `parley migrate` then `parley load`"),
        ("garbage", "{path} is not a usable SQLite database (file is not a database)"),
        ("corrupt pages", "{path} is corrupt ("),
        ("truncated", "{path} is corrupt ("),
    ],
)
@pytest.mark.parametrize("command", ["serve", "status"])
def test_a_broken_file_is_named_in_one_line(database: Path, fault, expected, command):
    FAULTS[fault](database)
    code, output = run(command)
    assert code == 1
    assert len(output.splitlines()) == 1, output
    assert expected.format(path=database) in output
    assert "Traceback" not in output


@pytest.mark.parametrize("fault", ["garbage"])
@pytest.mark.parametrize("command", ["migrate", "load"])
def test_migrate_and_load_refuse_a_foreign_file_without_touching_it(database, fault, command):
    FAULTS[fault](database)
    before = database.read_bytes()
    code, output = run(command)
    assert code == 1
    assert len(output.splitlines()) == 1, output
    assert "is not a usable SQLite database" in output
    assert database.read_bytes() == before


@pytest.mark.parametrize("command", ["serve", "status", "load", "migrate"])
def test_a_database_locked_by_a_writer(database: Path, command: str):
    writer = sqlite3.connect(database)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        code, output = run(command)
    finally:
        writer.rollback()
        writer.close()
    assert code == 1
    assert len(output.splitlines()) == 1, output
    assert f"{database} is locked by another process" in output


def test_an_older_schema_asks_for_a_migration(database: Path):
    migrate.downgrade(f"sqlite:///{database}", "-1")
    for command in ("serve", "status"):
        code, output = run(command)
        assert code == 1
        assert "this code needs" in output
        assert "run `parley migrate`" in output
    assert run("migrate") == (0, "database schema is at the latest migration")


def test_a_newer_schema_is_named_as_such(database: Path):
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '29991231_9999'")
    code, output = run("serve")
    assert code == 1
    assert "migrated by a newer version of Parley (revision 29991231_9999)" in output
    code, output = run("migrate")
    assert code == 1
    assert len(output.splitlines()) == 1
    assert "29991231_9999" in output


def test_a_good_database_passes(database: Path):
    assert run("status") == (0, f"dataset {dataset_prefix(database)} is loaded and current")
    assert head_revision() is not None


def dataset_prefix(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT version FROM dataset").fetchone()[0][:12]


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder every user may enter (pytest's own are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="parley-shared-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_a_read_only_file_cannot_be_loaded_into(shared_folder: Path, loaded_url: str):
    """As a user who may read the file but not write it. Root may write anything, so the
    load runs with the effective uid of `nobody` (in this process: the checkout and its venv
    need not be readable by `nobody`)."""
    tmp_path = shared_folder
    path = tmp_path / "parley.sqlite3"
    shutil.copy(loaded_url.removeprefix("sqlite:///"), path)
    path.chmod(0o644)
    bundle = build(SEED_DIR)
    before = path.read_bytes()
    switch = os.geteuid() == 0
    if switch:
        os.seteuid(65534)
    try:
        with pytest.raises(ReadOnlyDatabase) as refused:
            replace_dataset(f"sqlite:///{path}", bundle)
    finally:
        if switch:
            os.seteuid(0)
    assert str(refused.value) == f"{path} is read-only (its permissions forbid writing it)"
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parley.sqlite3"]


@pytest.mark.parametrize("name", ["with#hash", "with?question", "with space"])
def test_awkward_paths_open_the_file_they_name(tmp_path: Path, name: str):
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "parley.sqlite3"
    url = "sqlite:///" + str(path).replace("?", "%3F")  # `?` starts a URL's query otherwise
    env = clean_env(DATABASE_URL=url)
    for command in (["migrate"], ["load"], ["status"]):
        result = parley(*command, env=env, cwd=tmp_path, timeout=120)
        assert result.returncode == 0, result.stderr
    with running_server(env, tmp_path) as server:
        assert status_of(f"{server.base}/positions?per_page=1") == 200
    # Nothing was created anywhere but at the path named.
    assert sorted(
        p.name for p in tmp_path.rglob("*") if p.is_file() and "serve-" not in p.name
    ) == ["parley.sqlite3"]


def problem_detail(server: Server, path: str) -> tuple[int | None, str]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{server.base}{path}", timeout=5) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)["detail"]


def test_a_running_server_follows_its_file_away_and_back(tmp_path: Path, loaded_url: str):
    path = tmp_path / "served.sqlite3"
    good = tmp_path / "good.sqlite3"
    shutil.copy(loaded_url.removeprefix("sqlite:///"), good)
    shutil.copy(good, path)
    env = clean_env(DATABASE_URL=f"sqlite:///{path}")
    with running_server(env, tmp_path) as server:
        assert problem_detail(server, "/positions?per_page=2") == (200, "")
        path.unlink()
        for _ in range(10):  # every time, not every other time
            assert problem_detail(server, "/health") == (503, "The database file is missing.")
        assert problem_detail(server, "/positions?per_page=3")[0] == 503
        shutil.copy(good, path)  # back: no restart needed
        assert problem_detail(server, "/health") == (200, "")
        assert problem_detail(server, "/positions?per_page=3") == (200, "")
        corrupt_pages(path)
        assert problem_detail(server, "/health") == (503, "The database is corrupt.")
        shutil.copy(good, path.with_suffix(".new"))
        os.replace(path.with_suffix(".new"), path)  # swapped in whole, as a load would
        assert problem_detail(server, "/health") == (200, "")
