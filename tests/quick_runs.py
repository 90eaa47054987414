"""The smoke runs of the long benchmarks: `python -m MODULE --quick` in a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from bench import wrk

QUICK_RUN_TIMEOUT_S = 300


def run_quick(module: str, folder: Path) -> tuple[int, dict, str]:
    """(exit status, the JSON results, what it printed); fails at once without wrk."""
    if not wrk.available():
        pytest.fail(wrk.MISSING, pytrace=False)
    path = folder / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", module, "--quick", "--json", str(path)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=QUICK_RUN_TIMEOUT_S,
        stdin=subprocess.DEVNULL,
        check=False,  # the exit status is returned, for the test to judge
    )
    assert path.exists(), f"no results (exit {done.returncode}):\n{done.stderr[-3000:]}"
    return done.returncode, json.loads(path.read_text()), done.stdout
