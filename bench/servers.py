"""The three servers: how each is built, started pinned to one CPU, probed, measured (RSS)
and always stopped."""

import fcntl
import http.client
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

from bench.listening import NoPort, process_tree, wait_for_port
from bench.scenarios import DATASETTE_DATABASE, DATASETTE_METADATA, HEALTH_PATH, HELLO_PATH

HOST = "127.0.0.1"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATASETTE_VERSION = "0.65.5"
# Reused between runs (and by the smoke test), so Datasette is installed once per checkout.
TOOLS_DIR = PROJECT_ROOT / ".bench"
READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 3.0


class ServerError(Exception):
    """A server could not be built, installed or started."""


def _bin(name: str) -> str:
    """A console script of the environment running the benchmark."""
    path = Path(sys.executable).parent / name
    if not path.is_file():
        raise ServerError(f"no {path}; install the project first (make setup)")
    return str(path)


def _run_quietly(argv: list[str], *, env: dict[str, str] | None = None, timeout: float) -> None:
    done = subprocess.run(
        argv,
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise ServerError(f"{shlex.join(argv)} failed:\n{done.stdout}{done.stderr}")


def build_database(directory: Path, database_url: str | None = None) -> Path:
    """A database built as `make setup` builds one: `parley migrate`, then `parley load`;
    the SQLite file (Datasette serves it), and the database at `database_url` too if given
    (parley serves that one instead)."""
    path = directory / f"{DATASETTE_DATABASE}.sqlite3"
    for url in filter(None, (f"sqlite:///{path}", database_url)):
        env = {**os.environ, "DATABASE_URL": url}
        for step in ("migrate", "load"):
            _run_quietly([_bin("parley"), step], env=env, timeout=120)
    return path


def datasette_executable() -> str:
    """Datasette in a venv of its own under .bench/ (never a project dependency), installed
    on first use; a lock keeps two benchmarks from installing it at once."""
    venv = TOOLS_DIR / f"datasette-{DATASETTE_VERSION}"
    executable = venv / "bin" / "datasette"
    complete = venv / ".complete"
    TOOLS_DIR.mkdir(exist_ok=True)
    with open(TOOLS_DIR / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not complete.exists():
            shutil.rmtree(venv, ignore_errors=True)  # an interrupted install starts again
            _run_quietly([sys.executable, "-m", "venv", str(venv)], timeout=120)
            pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
            _run_quietly([*pip, f"datasette=={DATASETTE_VERSION}"], timeout=600)
            complete.touch()
    return str(executable)


def parley_command() -> list[str]:
    """What `make run` runs, HOST and DATABASE_URL from the environment, on a port the OS
    picks (bench/listening.py says why)."""
    return [_bin("parley"), "serve", "--port", "0"]


def hello_command(port: int) -> list[str]:
    """bench.hello:app served by `app.server.server`, as `parley serve` serves the API: the
    same server, options and settings (tests/test_bench.py checks they stay the same)."""
    return [sys.executable, "-m", "bench.hello", "--host", HOST, "--port", str(port)]


def datasette_command(database: Path, port: int) -> list[str]:
    return [
        datasette_executable(),
        "serve",
        "-i",
        str(database),
        "--metadata",
        str(DATASETTE_METADATA),
        "--host",
        HOST,
        "--port",
        str(port),
    ]


def tree_rss_kb(pid: int) -> int:
    """VmRSS of a process and all its descendants (workers), in kB."""
    total = 0
    for current in process_tree(pid):
        with suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def get(
    port: int, path: str, headers: dict[str, str], timeout: float = 5.0
) -> tuple[int, dict[str, str], bytes]:
    """One GET: (status, headers, body). Raises OSError or HTTPException."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@dataclass
class Server:
    name: str
    argv: list[str]  # without the taskset prefix; the server binds port 0
    ready_path: str
    cpu: int
    log_path: Path
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    port: int = 0  # the one the OS gave it, once started
    process: subprocess.Popen[bytes] | None = None
    startup_s: float | None = None  # process start to the first 200 on ready_path

    @property
    def command(self) -> list[str]:
        return ["taskset", "-c", str(self.cpu), *self.argv]

    @property
    def shell(self) -> str:
        variables = {k: v for k, v in self.env.items() if os.environ.get(k) != v}
        return shlex.join([f"{k}={v}" for k, v in variables.items()] + self.command)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def exited(self) -> bool:
        """Whether the started server's process has ended."""
        return self.process is not None and self.process.poll() is not None

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def rss_kb(self) -> int:
        return tree_rss_kb(self.pid)

    def log_tail(self, lines: int = 20) -> str:
        with suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def start(self) -> None:
        began = time.perf_counter()
        with open(self.log_path, "wb") as log:
            # taskset execs the server, so the pid is the server's; its own session lets
            # stop() signal the server and any workers it forks, and keeps Ctrl-C for us.
            self.process = subprocess.Popen(
                self.command,
                cwd=PROJECT_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self.port = wait_for_port(self.process, READY_TIMEOUT_S)
        except NoPort as exc:
            raise ServerError(f"{self.name} {exc}:\n{self.log_tail()}") from None
        give_up = began + READY_TIMEOUT_S
        while True:
            if self.process.poll() is not None:
                raise ServerError(
                    f"{self.name} exited with status {self.process.returncode}:\n{self.log_tail()}"
                )
            with suppress(OSError, http.client.HTTPException):
                if get(self.port, self.ready_path, {}, timeout=1.0)[0] == HTTPStatus.OK:
                    self.startup_s = time.perf_counter() - began
                    return
            if time.perf_counter() > give_up:
                raise ServerError(f"{self.name} did not answer in time:\n{self.log_tail()}")
            time.sleep(0.01)

    def stop(self) -> int | None:
        """SIGTERM to the server's process group, SIGKILL if it lingers; the exit status."""
        if self.process is None:
            return None
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.process.poll() is not None:
                break
            with suppress(ProcessLookupError):
                os.killpg(self.pid, sig)
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(STOP_TIMEOUT_S)
        with suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)  # a worker left behind by its parent
        return self.process.returncode


def make_server(
    name: str, database: Path, workdir: Path, cpu: int, database_url: str | None = None
) -> Server:
    log_fd, log_name = tempfile.mkstemp(prefix=f"{name}-", suffix=".log", dir=workdir)
    os.close(log_fd)
    log_path = Path(log_name)
    if name == "parley":
        env = {**os.environ, "HOST": HOST, "DATABASE_URL": database_url or f"sqlite:///{database}"}
        return Server(name, parley_command(), HEALTH_PATH, cpu, log_path, env)
    if name == "hello":
        return Server(name, hello_command(0), HELLO_PATH, cpu, log_path)
    if name == "datasette":
        return Server(name, datasette_command(database, 0), "/-/versions.json", cpu, log_path)
    raise ValueError(f"unknown server {name!r}")


@contextmanager
def running(server: Server) -> Iterator[Server]:
    """Start the server, and stop it whatever happens (failure, Ctrl-C, SIGTERM)."""
    try:
        server.start()
        yield server
    finally:
        server.stop()
