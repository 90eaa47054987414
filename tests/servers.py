"""The real `parley serve`, started for a test on 127.0.0.1 and always stopped after it."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PARLEY = Path(sys.executable).parent / "parley"
START_TIMEOUT = 20.0  # seconds until /health answers
STOP_TIMEOUT = 10.0  # seconds between SIGTERM and SIGKILL
PORT_ATTEMPTS = 3  # another process may take the port between choosing it and binding it
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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def _start(env: dict[str, str], folder: Path, port: int) -> Server:
    log = folder / f"serve-{port}.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [str(PARLEY), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=folder,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(base=f"http://127.0.0.1:{port}", process=process, log=log)


def _wait_until_healthy(server: Server) -> bool:
    """True once /health answers; False if the server exited first (e.g. its port was taken)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        if status_of(f"{server.base}/health") is not None:
            return True
        time.sleep(0.05)
    raise AssertionError(f"/health did not answer in {START_TIMEOUT} s:\n{server.log.read_text()}")


@contextlib.contextmanager
def running_server(env: dict[str, str], folder: Path) -> Iterator[Server]:
    """`parley serve` with `env`, answering /health; stopped (and reaped) afterwards."""
    for _ in range(PORT_ATTEMPTS):
        server = _start(env, folder, free_port())
        try:
            if not _wait_until_healthy(server):
                if "address already in use" in server.log.read_text().lower():
                    continue
                raise AssertionError(f"server exited early:\n{server.log.read_text()}")
            yield server
            return
        finally:
            stop(server.process)
    raise AssertionError(f"no free port after {PORT_ATTEMPTS} attempts")
