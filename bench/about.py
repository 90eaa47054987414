"""What a result was measured on: the machine, the packages, the commit."""

import os
import platform
import subprocess
from contextlib import suppress
from importlib import metadata
from pathlib import Path

from bench.servers import DATASETTE_VERSION, PROJECT_ROOT

PACKAGES = ("fastapi", "starlette", "granian", "pydantic", "sqlalchemy", "uvloop")


def _cpu_model() -> str | None:
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.processor() or None


def _output(argv: list[str]) -> str | None:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=5, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout or done.stderr).strip()


def _wrk_version() -> str | None:
    # `wrk -v` prints its version and usage, and exits 1.
    with suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(["wrk", "-v"], capture_output=True, text=True, timeout=5, check=False)
        return (done.stdout or done.stderr).splitlines()[0].split(" Copyright")[0]
    return None


def machine() -> dict[str, object]:
    packages: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "packages": packages,
        "datasette": DATASETTE_VERSION,
        "wrk": _wrk_version(),
    }


def source() -> dict[str, object]:
    git = ["git", "-C", str(PROJECT_ROOT)]
    status = _output([*git, "status", "--porcelain"])
    return {
        "commit": _output([*git, "rev-parse", "--short", "HEAD"]),
        "dirty": None if status is None else bool(status),
    }
