"""What a load records about its inputs: the dataset version (a hash over the seed's files)
and the hash of the loader's own code."""

import hashlib
from pathlib import Path

TOP_LEVEL_FILES = ("documents.yaml", "parties.yaml", "issues.yaml", "editorial_sources.yaml")


def dataset_files(seed_dir: Path) -> list[Path]:
    """Every file whose bytes make up the dataset, in a fixed order."""
    files = [seed_dir / name for name in TOP_LEVEL_FILES]
    files += sorted((seed_dir / "positions").glob("*.yaml"))
    files += sorted((seed_dir / "sources").glob("*.txt"))
    return files


def seed_content_hash(seed_dir: Path) -> str:
    """SHA-256 over the seed's files, names and bytes: the dataset version a load records
    (a missing file counts as absent, so the hash changes)."""
    digest = hashlib.sha256()
    for path in dataset_files(seed_dir):
        if not path.is_file():
            continue
        digest.update(path.relative_to(seed_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def loader_code_hash() -> str:
    """A hash of the code that turns the seed into rows: when it changes, the same seed can
    give other rows, so a loaded database is stale even if its dataset version matches."""
    code = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(code.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
