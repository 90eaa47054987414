"""`parley load`: errors printed verbatim, a second load identical to the first, --check
writing nothing, a clear message before migrate, and a write failing midway changing nothing.
"""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from app.db import make_engine
from app.loader.build import build
from app.loader.hashes import loader_code_hash, seed_content_hash
from app.loader.load import write
from tests.api.expected import expected_release
from tests.conftest import SEED_DIR, sqlite_url
from tests.loader.seed_copies import (
    APP_TABLES,
    copy_seed,
    dump,
    inserts_into,
    line_of,
    replace_once,
    rows,
    run_cli,
)


def test_errors_are_printed_verbatim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A location like `issues.yaml:100:` must not be read as the emoji code `:100:`."""
    seed = copy_seed(tmp_path)
    issues = seed / "issues.yaml"
    line = 1 + replace_once(  # the parent railroads' source line
        issues,
        "    wholly China's.\n  outcome_source: agreement-changchun-railway\n",
        "    wholly China's.\n  outcome_source: agreement-changchun-railroad\n",
    )
    issues.write_bytes(b"#\n" * (100 - line) + issues.read_bytes())  # the error moves to line 100
    expected = (
        f"seed/issues.yaml:{line_of(issues, 'agreement-changchun-railroad')}: issue railroads: "
        "unknown editorial source 'agreement-changchun-railroad'"
    )
    assert ":100:" in expected

    result = run_cli(
        monkeypatch,
        sqlite_url(tmp_path / "unused.sqlite3"),
        "load",
        "--check",
        "--seed-dir",
        str(seed),
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [expected, "1 error(s); nothing was written"]


def test_loading_twice_leaves_identical_rows(
    migrated_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "test.sqlite3"
    assert sqlite_url(path) == migrated_url
    version = seed_content_hash(SEED_DIR)
    loaded = (
        "loaded 1 document(s), 14 parties, 27 issues, 40 positions; "
        f"dataset {expected_release()[0]}, content {version[:12]}\n"
    )

    first = run_cli(monkeypatch, migrated_url, "load")
    assert first.exit_code == 0, first.output
    assert first.stdout == loaded
    after_first = rows(path)
    second = run_cli(monkeypatch, migrated_url, "load")
    assert second.exit_code == 0, second.output
    assert second.stdout == loaded

    assert rows(path) == after_first
    counts = {table: len(table_rows) for table, table_rows in after_first.items()}
    assert {table: counts[table] for table in ("document", "party", "issue", "position")} == {
        "document": 1,
        "party": 14,
        "issue": 27,
        "position": 40,
    }
    with sqlite3.connect(path) as connection:
        recorded = connection.execute(
            "SELECT id, version, loader_sha256, release, release_date FROM dataset"
        ).fetchall()
    release, released, _ = expected_release()
    assert recorded == [(1, version, loader_code_hash(), release, released)]
    # The search index holds each position once.
    assert sorted(row[0] for row in after_first["position_fts"]) == sorted(
        row[0] for row in after_first["position"]
    )


def test_load_check_writes_nothing(
    migrated_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "test.sqlite3"
    assert sqlite_url(path) == migrated_url
    before = dump(path)
    assert all(inserts_into(before, table) == 0 for table in APP_TABLES)

    result = run_cli(monkeypatch, migrated_url, "load", "--check")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "annotation is valid: 1 document(s), 14 parties, 27 issues, 40 positions; "
        f"dataset {expected_release()[0]}, content {seed_content_hash(SEED_DIR)[:12]}\n"
    )
    assert dump(path) == before


def test_load_check_reports_mistakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    seed = copy_seed(tmp_path)
    line = replace_once(
        seed / "issues.yaml",
        "  parent: railroads\n  name: Ownership of the railroads\n",
        "  parent: railways\n  name: Ownership of the railroads\n",
    )
    url = sqlite_url(tmp_path / "unused.sqlite3")

    result = run_cli(monkeypatch, url, "load", "--check", "--seed-dir", str(seed))
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"seed/issues.yaml:{line}: issue railroad-ownership: unknown issue 'railways'",
        "1 error(s); nothing was written",
    ]
    assert not (tmp_path / "unused.sqlite3").exists()


def test_load_before_migrate_says_to_migrate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "data" / "fresh.sqlite3"

    result = run_cli(monkeypatch, sqlite_url(path), "load")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"tables missing: {', '.join(sorted(APP_TABLES))}; run `parley migrate`"
    ]
    assert result.stdout == ""
    assert [line for line in dump(path) if line not in ("BEGIN TRANSACTION;", "COMMIT;")] == []


def test_a_write_that_fails_midway_changes_nothing(loaded_db: Path):
    bundle = build(SEED_DIR)
    bundle.positions[-1] = {**bundle.positions[-1], "party_id": 999}  # no such party
    before = dump(loaded_db)

    engine = make_engine(sqlite_url(loaded_db))
    try:
        with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
            write(engine, bundle)
    finally:
        engine.dispose()
    assert dump(loaded_db) == before
