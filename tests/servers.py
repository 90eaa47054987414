"""The real `parley` console script: a command run to its end, or `parley serve` started
for a test on 127.0.0.1 and always stopped after it."""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.listening import NoPort, wait_for_port

PARLEY = Path(sys.executable).parent / "parley"
START_TIMEOUT = 20.0  # seconds until /health answers
STOP_TIMEOUT = 10.0  # seconds between SIGTERM and SIGKILL
# Settings a developer's shell might hold that would change what a test measures.
_SETTINGS = {"DATABASE_URL", "SEED_DIR", "HOST", "PORT", "LOG_LEVEL", "FORCE_COLOR"}


@dataclass(frozen=True)
class Server:
    base: str  # e.g. http://127.0.0.1:41234
    process: subprocess.Popen[bytes]
    log: Path


def clean_env(**extra: str) -> dict[str, str]:
    """The current environment without settings that would change what is tested."""
    env = {key: value for key, value in os.environ.items() if key not in _SETTINGS}
    env.update({"COLUMNS": "200", "NO_COLOR": "1"}, **extra)
    return env


def parley(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run `parley *args` to its end; the caller judges its exit status and output."""
    return subprocess.run(
        [str(PARLEY), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def status_of(url: str, timeout: float = 2.0) -> int | None:
    """The status of a GET, or None if nothing answers yet. No proxies from the env."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL to the whole group (the server's worker included) if it lingers."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


def _start(env: dict[str, str], folder: Path) -> Server:
    """`parley serve` on a port the OS picks (bench/listening.py says why), once it listens."""
    log_fd, log_name = tempfile.mkstemp(prefix="serve-", suffix=".log", dir=folder)
    with os.fdopen(log_fd, "w") as sink:
        process = subprocess.Popen(
            [str(PARLEY), "serve", "--host", "127.0.0.1", "--port", "0"],
            env=env,
            cwd=folder,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    log = Path(log_name)
    try:
        port = wait_for_port(process, START_TIMEOUT)
    except NoPort as exc:
        stop(process)
        raise AssertionError(f"server {exc}:\n{log.read_text()}") from None
    return Server(base=f"http://127.0.0.1:{port}", process=process, log=log)


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"server exited early:\n{server.log.read_text()}")
        if status_of(f"{server.base}/health") is not None:
            return
        time.sleep(0.05)
    raise AssertionError(f"/health did not answer in {START_TIMEOUT} s:\n{server.log.read_text()}")


@contextlib.contextmanager
def running_server(env: dict[str, str], folder: Path) -> Iterator[Server]:
    """`parley serve` with `env`, answering /health; stopped (and reaped) afterwards."""
    server = _start(env, folder)
    try:
        _wait_until_healthy(server)
        yield server
    finally:
        stop(server.process)
