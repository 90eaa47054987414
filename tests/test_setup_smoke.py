"""What `make run` does, done with the installed `parley` console script from an empty data
folder: migrate, load, check the status, serve, and answer /health."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import text
from typer.testing import CliRunner

from app.cli import cli
from app.config import PROJECT_ROOT, get_settings
from app.db import make_engine
from app.loader.hashes import seed_content_hash
from tests.api.expected import expected_release
from tests.conftest import SEED_DIR
from tests.servers import PARLEY, clean_env, parley, running_server


def get_json(url: str) -> tuple[int, object] | None:
    """(status, body) of a GET, or None if nothing answers yet. No proxies from the env."""
    try:
        import httpx2  # noqa: PLC0415 (absent until the dev requirements are installed)
    except ImportError:  # the dev requirements not installed yet: the standard library will do
        import json  # noqa: PLC0415
        import urllib.error  # noqa: PLC0415
        import urllib.request  # noqa: PLC0415

        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(url, timeout=2) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as exc:
            return exc.code, json.load(exc)
        except (urllib.error.URLError, ConnectionError):
            return None
    try:
        with httpx2.Client(trust_env=False, timeout=2) as client:
            response = client.get(url)
    except httpx2.TransportError:
        return None
    return response.status_code, response.json()


def test_console_script_is_installed():
    assert PARLEY.is_file(), f"{PARLEY} is missing: is the project installed in this venv?"


def test_migrate_load_status_serve_from_an_empty_data_folder(tmp_path: Path):
    data = tmp_path / "data"
    assert not data.exists()
    env = clean_env(DATABASE_URL=f"sqlite:///{data / 'parley.sqlite3'}")
    version = seed_content_hash(SEED_DIR)

    migrated = parley("migrate", env=env, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert migrated.stdout == "database schema is at the latest migration\n"
    assert (data / "parley.sqlite3").is_file()

    loaded = parley("load", env=env, cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout == (
        "loaded 1 document(s), 14 parties, 27 issues, 40 positions; "
        f"dataset {expected_release()[0]}, content {version[:12]}\n"
    )

    current = parley("status", env=env, cwd=tmp_path)
    assert current.returncode == 0, current.stderr
    assert current.stdout == f"dataset {version[:12]} is loaded and current\n"

    with running_server(env, tmp_path) as server:
        answer = get_json(f"{server.base}/health")
        assert answer is not None, server.log.read_text()
        status, body = answer
        assert status == 200, body
        assert isinstance(body, dict), body
        assert body["status"] == "ok"
        assert body["dataset_version"] == version
        assert body["counts"] == {"documents": 1, "parties": 14, "issues": 27, "positions": 40}
    # SIGTERM: Granian stops its worker gracefully and exits 0.
    assert server.process.returncode == 0, server.log.read_text()
    assert "Stopped worker-1" in server.log.read_text()
    assert "Granian shutdown completed" in server.log.read_text()


# The help and `status` checks run in-process (the same Typer app the console script calls):
# each `parley` subprocess costs over a second of imports.


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="parley")


def test_help_lists_the_commands():
    result = invoke("--help")
    assert result.exit_code == 0, result.output
    assert "Usage: parley [OPTIONS] COMMAND [ARGS]..." in result.stdout
    for name, summary in [
        ("migrate", "Apply the Alembic migrations to DATABASE_URL"),
        ("load", "Validate the seed annotation and make it the served dataset"),
        ("status", "Say whether the database holds the dataset in SEED_DIR"),
        ("serve", "Serve the API with Granian on HOST:PORT"),
    ]:
        assert re.search(rf"^\W*{name} +{re.escape(summary)}", result.stdout, re.MULTILINE), (
            f"{name} missing from:\n{result.stdout}"
        )


def test_load_help_mentions_check():
    result = invoke("load", "--help")
    assert result.exit_code == 0, result.output
    assert re.search(
        r"^\W*--check\b.*Validate the annotation files without writing\.",
        result.stdout,
        re.MULTILINE,
    ), result.stdout


def test_status_says_stale_until_loaded_and_after_the_seed_changes(
    migrated_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    monkeypatch.delenv("SEED_DIR", raising=False)
    get_settings.cache_clear()
    try:
        version = seed_content_hash(SEED_DIR)
        before = invoke("status")
        assert before.exit_code == 1, before.output
        assert (
            before.stdout == f"dataset is stale: nothing is loaded; the files are {version[:12]}\n"
        )

        assert invoke("load").exit_code == 0
        current = invoke("status")
        assert current.exit_code == 0, current.output
        assert current.stdout == f"dataset {version[:12]} is loaded and current\n"

        edited = Path(shutil.copytree(SEED_DIR, tmp_path / "seed"))
        issues = edited / "issues.yaml"
        issues.write_bytes(issues.read_bytes() + b"# a comment changes the dataset version\n")
        monkeypatch.setenv("SEED_DIR", str(edited))
        get_settings.cache_clear()
        new_version = seed_content_hash(edited)
        assert new_version != version
        after = invoke("status")
        assert after.exit_code == 1, after.output
        assert after.stdout == (
            f"dataset is stale: loaded {version[:12]}, files {new_version[:12]}\n"
        )
    finally:
        get_settings.cache_clear()


def test_status_says_stale_when_the_release_notes_change(
    migrated_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Cutting a release or editing a note leaves the content hash as it was, but not what
    GET /dataset says: `make run` must load again."""
    edited = Path(shutil.copytree(SEED_DIR, tmp_path / "seed"))
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    monkeypatch.setenv("SEED_DIR", str(edited))
    get_settings.cache_clear()
    try:
        assert invoke("load").exit_code == 0
        assert invoke("status").exit_code == 0
        changelog = edited / "CHANGELOG.md"
        changelog.write_text(changelog.read_text() + "- A note on the last release.\n")
        version = seed_content_hash(edited)
        stale = invoke("status")
        assert stale.exit_code == 1, stale.output
        assert stale.stdout == (
            f"dataset is stale: {version[:12]} was loaded with other release notes "
            "(seed/CHANGELOG.md or seed/releases/ changed since)\n"
        )
    finally:
        get_settings.cache_clear()


def test_status_says_stale_when_other_loader_code_built_the_rows(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'parley.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        assert invoke("migrate").exit_code == 0
        assert invoke("load").exit_code == 0
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("UPDATE dataset SET loader_sha256 = 'older code'"))
        engine.dispose()
        version = seed_content_hash(SEED_DIR)
        stale = invoke("status")
        assert stale.exit_code == 1
        assert stale.stdout == (
            f"dataset is stale: {version[:12]} was built by another version of the loader\n"
        )
    finally:
        get_settings.cache_clear()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_setup_loads_only_when_the_database_is_not_current(tmp_path):
    """`make setup` (what `make run` does before serving), for real, on a temporary database:
    it loads an empty database, skips a current one, and reloads one whose load did not
    finish, which a file-timestamp rule would have skipped."""
    url = f"sqlite:///{tmp_path / 'data' / 'parley.sqlite3'}"
    env = {
        key: value
        for key, value in clean_env().items()
        if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHON", "VENV"}
    }
    env["DATABASE_URL"] = url

    def setup() -> str:
        result = subprocess.run(["make", "setup"], cwd=PROJECT_ROOT, env=env,
                                capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    first = setup()
    assert "loaded 1 document(s), 14 parties, 27 issues, 40 positions" in first
    second = setup()
    assert "is loaded and current" in second
    assert "loaded 1 document(s)" not in second
    engine = make_engine(url)
    with engine.begin() as connection:  # as if a load had been interrupted
        connection.execute(text("DELETE FROM dataset"))
    engine.dispose()
    third = setup()
    assert "dataset is stale" in third
    assert "loaded 1 document(s), 14 parties, 27 issues, 40 positions" in third
