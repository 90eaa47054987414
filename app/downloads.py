"""Whole-dataset downloads, built once per dataset version and kept as files.

Both downloads come from one snapshot of the dataset, a SQLite file: on SQLite a copy of the
served file by SQLite's backup API (consistent even if a load swaps the file meanwhile); on
a server database a fresh SQLite file built by the project's migrations, into which every
table's rows are copied inside one REPEATABLE READ transaction. The snapshot is the SQLite
download; the data package (app/datapackage.py) is written from it.

The files live in `DOWNLOADS_DIR`, named for the dataset version, the loader version and this
code, and are built in a temporary file and renamed into place. One build at a time: a lock
in this process and a lock file across processes (several workers share the folder); a
request that waited finds the file built. A build removes the files of other versions, as
one dataset is served at a time. Each file's strong ETag is the version and a hash of its
bytes, computed once per process.
"""

import contextlib
import fcntl
import hashlib
import os
import secrets
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Literal

from sqlalchemy import insert, select
from sqlmodel import SQLModel

from app import datapackage
from app.config import get_settings
from app.db import make_engine, read_only_uri, sqlite_path, sqlite_url
from app.files import flush
from app.licensing import ANNOTATIONS, SOURCE_TEXT

Kind = Literal["zip", "sqlite3"]
MEDIA_TYPES: dict[Kind, str] = {"zip": "application/zip", "sqlite3": "application/vnd.sqlite3"}
ROWS_PER_COPY = 5000
_BUILDING = ".building-"


class NoDataset(Exception):
    """The database holds no dataset to download."""


@dataclass(frozen=True)
class Artifact:
    kind: Kind
    path: Path
    version: str
    etag: str
    size: int

    @property
    def filename(self) -> str:
        return f"parley-{self.version[:8]}.{self.kind}"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]


@cache
def code_version() -> str:
    """What else the files depend on: this code, the models, the package and SQLite versions."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{package_version('parley')}\0{sqlite3.sqlite_version}".encode())
    for name in ("downloads.py", "datapackage.py", "models.py", "licensing.py"):
        digest.update(b"\0" + (here / name).read_bytes())
    return digest.hexdigest()


def directory() -> Path:
    configured = get_settings().downloads_dir
    found = configured or Path(tempfile.gettempdir()) / "parley-downloads"
    found.mkdir(parents=True, exist_ok=True)
    return found


def _stem(version: str, loader_sha256: str) -> str:
    return f"parley-{version}-{loader_sha256[:12]}-{code_version()[:12]}"


_built: dict[tuple[Kind, str], Artifact] = {}  # (kind, stem) → its artifact, in this process
_building = threading.Lock()


def artifact(kind: Kind, *, version: str, loader_sha256: str) -> Artifact:
    """The download of `kind` for this dataset version, built first if it is not there.

    If a load replaced the dataset meanwhile, the download of the dataset found when the
    snapshot was taken is returned: its `version` says which."""
    known = _known(kind, _stem(version, loader_sha256))
    if known is not None:
        return known
    with _building, _folder_lock(directory()):
        known = _known(kind, _stem(version, loader_sha256))
        if known is not None:  # built while this request waited
            return known
        stem = _build(directory())
    found = _known(kind, stem)
    assert found is not None
    return found


def _known(kind: Kind, stem: str) -> Artifact | None:
    """The artifact if its file is there (a temp cleaner may have removed it)."""
    path = directory() / f"{stem}.{kind}"
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        _built.pop((kind, stem), None)
        return None
    found = _built.get((kind, stem))
    if found is None or found.size != size:
        digest = hashlib.sha256()
        with path.open("rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
        version = stem.split("-")[1]
        etag = f'"{version[:32]}-{digest.hexdigest()[:32]}"'
        found = _built[(kind, stem)] = Artifact(kind, path, version, etag, size)
    return found


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """One build at a time across the processes that share `folder`."""
    with (folder / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(folder: Path) -> str:
    """Snapshot the served dataset and write both downloads; the stem they are named by."""
    for leftover in folder.glob(f"{_BUILDING}*"):  # a killed build's (builds hold the lock)
        leftover.unlink(missing_ok=True)
    temporary = folder / f"{_BUILDING}{os.getpid()}-{secrets.token_hex(4)}"
    snapshot = temporary.with_suffix(".sqlite3")
    package = temporary.with_suffix(".zip")
    try:
        url = get_settings().database_url
        served = sqlite_path(url)
        if served is not None:
            _backup(served, snapshot)
        else:
            _copy_from_server(url, snapshot)
        stem = _stem(*_snapshot_version(snapshot))
        snapshot.chmod(0o444)  # the download is a read-only copy of the dataset
        _write_package(snapshot, package, version=stem.split("-")[1])
        for built, kind in ((snapshot, "sqlite3"), (package, "zip")):
            flush(built)
            os.replace(built, folder / f"{stem}.{kind}")
        flush(folder)
    finally:
        snapshot.unlink(missing_ok=True)
        package.unlink(missing_ok=True)
    for old in folder.glob("parley-*"):
        if not old.name.startswith(f"{stem}."):
            old.unlink(missing_ok=True)
    return stem


def _backup(served: Path, target: Path) -> None:
    """A consistent copy of the served SQLite file, by SQLite's backup API."""
    source = sqlite3.connect(read_only_uri(served), uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def _copy_from_server(url: str, target: Path) -> None:
    """A new SQLite file at the latest migration, holding every table's rows as the server
    database holds them at one moment (one REPEATABLE READ transaction)."""
    from app import migrate  # Alembic: imported only when a server database is snapshotted

    migrate.upgrade(sqlite_url(target))
    source = make_engine(url, read_only=True, pool_size=1)
    destination = make_engine(sqlite_url(target))
    try:
        with (
            source.connect() as connection,
            destination.begin() as writing,
        ):
            reading = connection.execution_options(isolation_level="REPEATABLE READ")
            # Parties, issues and positions refer to rows of their own table, in any order:
            # the foreign keys are checked at commit.
            writing.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for table in SQLModel.metadata.sorted_tables:
                rows = reading.execution_options(yield_per=ROWS_PER_COPY).execute(select(table))
                for chunk in rows.mappings().partitions():
                    writing.execute(insert(table), [dict(row) for row in chunk])
            writing.exec_driver_sql("ANALYZE")
    finally:
        source.dispose()
        destination.dispose()


def _snapshot_version(snapshot: Path) -> tuple[str, str]:
    connection = sqlite3.connect(read_only_uri(snapshot), uri=True)
    try:
        row = connection.execute(
            "SELECT version, loader_sha256 FROM dataset WHERE id = 1"
        ).fetchone()
    finally:
        connection.close()
    if row is None:
        raise NoDataset("the database holds no dataset")
    return row[0], row[1]


def _write_package(snapshot: Path, target: Path, *, version: str) -> None:
    engine = make_engine(sqlite_url(snapshot), read_only=True)
    try:
        with engine.connect() as connection:
            datapackage.write_package(connection, target, readme=readme(version))
    finally:
        engine.dispose()


def readme(version: str) -> str:
    """The package's README: what it holds, under which licences, and how to cite it."""
    tables = "\n".join(
        f"- `data/{resource.name}.csv`: {resource.description}"
        for resource in datapackage.RESOURCES
    )
    return f"""# Parley, dataset version {version}

Negotiation positions in diplomatic records: who wanted what, on which issue, in whose words,
on which printed page. A Frictionless Data Package: `datapackage.json` describes every table
(types, primary and foreign keys); JSON columns hold JSON text.

{tables}

## Licences

- The annotations (parties, issues, positions, statuses, outcomes and every editorial field):
  {ANNOTATIONS.name} ({ANNOTATIONS.spdx}), {ANNOTATIONS.url}
- The source text (the `text` of each document): {SOURCE_TEXT.name}, {SOURCE_TEXT.url}

LICENSE-DATA.md says what each covers and how to give credit.

## How to cite

Parley, dataset version {version} (CC BY 4.0). Cite also the documents you quote, as
`document.citation` gives them, e.g. FRUS 1945 vol. VII doc. 644, with its `url`.
"""
