"""Copies of the real seed to change one file of, and ways to read what a load wrote."""

import hashlib
import shutil
import sqlite3
from functools import cache
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from app.cli import cli
from app.config import get_settings
from app.loader.build import build
from tests.conftest import SEED_DIR

POSITIONS = "positions/frus1945v07-d644.yaml"
RECEIVED = "sources/frus1945v07-d644.txt"
SINKIANG = "There was no discussion of the problems in Sinkiang."
RECORDED_SHA256 = "f369bc8105448063c9dccbefe803462c990778bee592ce1c71608371bbbd9912"
APP_TABLES = (
    "context_sentence",
    "dataset",
    "document",
    "issue",
    "issue_alias",
    "party",
    "party_alias",
    "position",
    "position_reporter",
    "position_response",
)


# -- helpers ---------------------------------------------------------------------------------


@cache
def clean_text() -> str:
    """The clean text of the one document, from the real seed."""
    return build(SEED_DIR).documents[0]["text"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def line_number(content: str, index: int) -> int:
    return content[:index].count("\n") + 1


def line_of(path: Path, text: str) -> int:
    """1-based line of `text`, which must occur exactly once in the file."""
    content = path.read_bytes().decode("utf-8")
    assert content.count(text) == 1, f"{text!r} should occur once in {path}"
    return line_number(content, content.index(text))


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace the one occurrence of `old` (byte-exact otherwise); return the line it began on."""
    content = path.read_bytes().decode("utf-8")
    assert content.count(old) == 1, f"{old!r} should occur once in {path}"
    index = content.index(old)
    path.write_bytes(content.replace(old, new).encode("utf-8"))
    return line_number(content, index)


def line_after(path: Path, anchor: str, text: str) -> int:
    """1-based line of the first `text` after the one occurrence of `anchor`."""
    content = path.read_bytes().decode("utf-8")
    assert content.count(anchor) == 1, f"{anchor!r} should occur once in {path}"
    return line_number(content, content.index(text, content.index(anchor)))


def record_received_sha256(seed: Path) -> None:
    """Record the changed received text's hash, so that what is wrong with it is reported."""
    replace_once(seed / "documents.yaml", RECORDED_SHA256, sha256(seed / RECEIVED))


def copy_seed(tmp_path: Path) -> Path:
    """A copy of the real seed, named `seed` so that errors read `seed/<file>:<line>`."""
    return Path(shutil.copytree(SEED_DIR, tmp_path / "seed"))


def dump(path: Path) -> list[str]:
    """Every row of every table (and the schema), as SQL text."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def rows(path: Path) -> dict[str, list[tuple]]:
    """The rows of every table, in a fixed order. A virtual (FTS5) table is read through its
    own interface, not through its shadow tables, whose bytes depend on the index's history."""
    connection = sqlite3.connect(path)
    try:
        schema = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        virtual = [name for name, sql in schema if sql.upper().startswith("CREATE VIRTUAL TABLE")]
        return {
            name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name, _ in schema
            if not any(name.startswith(f"{table}_") for table in virtual)
        }
    finally:
        connection.close()


def inserts_into(lines: list[str], table: str) -> int:
    return sum(line.startswith(f'INSERT INTO "{table}" ') for line in lines)


def run_cli(monkeypatch: pytest.MonkeyPatch, url: str, *args: str) -> Result:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("SEED_DIR", raising=False)
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        get_settings.cache_clear()
