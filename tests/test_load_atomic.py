"""A load that fails, runs out of disk, is killed at any moment, or runs beside another
leaves the served dataset whole: the old one byte for byte, or the complete new one."""

import hashlib
import resource
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from app.loader.hashes import seed_content_hash
from tests.conftest import SEED_DIR
from tests.servers import PARLEY, clean_env

# Moments to kill a load at, in seconds after it starts: during its imports, its validation
# of the seed, the migration of the new file, the writing, and around the rename.
KILL_AFTER = (0.2, 0.6, 1.0, 1.3, 1.6, 1.9, 2.2, 2.6, 3.2)


@pytest.fixture
def served(tmp_path: Path, loaded_url: str) -> Path:
    path = tmp_path / "served" / "parley.sqlite3"
    path.parent.mkdir()
    shutil.copy(loaded_url.removeprefix("sqlite:///"), path)
    return path


@pytest.fixture
def other_seed(tmp_path: Path) -> Path:
    """The seed with one more comment line: the same rows, another dataset version."""
    folder = tmp_path / "seed"
    shutil.copytree(SEED_DIR, folder)
    with (folder / "parties.yaml").open("a", encoding="utf-8") as file:
        file.write("# a comment, so that this release has its own version\n")
    return folder


def load(path: Path, seed: Path, **options: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(PARLEY), "load", "--seed-dir", str(seed)],
        env=clean_env(DATABASE_URL=f"sqlite:///{path}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,
    )


def dataset(path: Path) -> tuple[str, int, str]:
    """(dataset version, positions, integrity) read straight from the file."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        (version,) = connection.execute("SELECT version FROM dataset").fetchone()
        (positions,) = connection.execute("SELECT count(*) FROM position").fetchone()
        (integrity,) = connection.execute("PRAGMA integrity_check").fetchone()
    return version, positions, integrity


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


@pytest.mark.parametrize("after", KILL_AFTER)
def test_a_load_killed_at_any_moment_leaves_a_whole_dataset(served, other_seed, after):
    old_version, _, _ = dataset(served)
    before = digest(served)
    process = load(served, other_seed)
    time.sleep(after)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    version, positions, integrity = dataset(served)
    assert integrity == "ok"
    assert positions == 40
    if version == old_version:
        assert digest(served) == before  # untouched, byte for byte
    # Whatever it left half-built is removed by the next load, which succeeds.
    finished = load(served, other_seed)
    assert finished.wait(timeout=60) == 0, finished.stderr.read() if finished.stderr else ""
    assert leftovers(served) == []
    assert dataset(served)[0] != old_version


def test_two_loads_at_once_both_finish_and_one_is_served(served, other_seed):
    old_version, _, _ = dataset(served)
    first, second = load(served, SEED_DIR), load(served, other_seed)
    assert (first.wait(timeout=60), second.wait(timeout=60)) == (0, 0)
    version, positions, integrity = dataset(served)
    assert (positions, integrity) == (40, "ok")
    assert version in {old_version, dataset_version_of(other_seed)}
    assert leftovers(served) == []


def dataset_version_of(seed: Path) -> str:
    return seed_content_hash(seed)


def test_a_full_disk_writes_nothing(served, other_seed):
    before = digest(served)
    limit = served.stat().st_size // 2  # the new file cannot grow as large as the old

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    process = load(served, other_seed, preexec_fn=small_disk)
    assert process.wait(timeout=60) == 1
    stderr = process.stderr.read() if process.stderr else ""
    assert "Traceback" not in stderr
    assert stderr.strip().startswith("nothing was written: ")
    # SQLite says "disk I/O error" when the file may not grow (EFBIG), "full" when ENOSPC.
    assert stderr.strip() in {
        "nothing was written: disk I/O error",
        "nothing was written: database or disk is full",
    }
    assert digest(served) == before
    assert leftovers(served) == []


def test_a_reader_of_the_old_file_neither_blocks_the_load_nor_sees_it_half_done(served, other_seed):
    inode_before = served.stat().st_ino
    reader = sqlite3.connect(f"file:{served}?mode=ro", uri=True)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM position").fetchone()  # holds a read lock
        process = load(served, other_seed)
        assert process.wait(timeout=60) == 0  # written in place, it would wait for the lock
        assert reader.execute("SELECT count(*) FROM position").fetchone() == (40,)
    finally:
        reader.close()
    assert served.stat().st_ino != inode_before  # a new file took its place
    assert dataset(served)[0] == dataset_version_of(other_seed)
