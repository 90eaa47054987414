"""Publishing a file by renaming it into place, durably: what loads and downloads share."""

import os
from pathlib import Path


def flush(path: Path) -> None:
    """Fsync a file or folder, so that a rename is not reordered before the data it publishes
    (a folder's fsync makes the rename itself durable)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
