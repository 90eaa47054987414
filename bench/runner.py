"""Build a database, serve it with the real server, time requests against it.

Everything happens on 127.0.0.1, with bounded request counts, a timeout per request and a
global deadline, and the server is always terminated at the end.
"""

import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from importlib import metadata
from math import ceil
from pathlib import Path

HOST = "127.0.0.1"
REQUEST_TIMEOUT = 30.0  # seconds a single request may take before it counts as failed
STARTUP_TIMEOUT = 60.0  # seconds the server may take to answer /health
STOP_TIMEOUT = 10.0  # seconds between SIGTERM and SIGKILL
PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("fastapi", "starlette", "uvicorn", "pydantic", "sqlalchemy", "uvloop", "httptools")


@dataclass(frozen=True)
class Endpoint:
    """One request to time. `conditional`: send If-None-Match with the ETag that a plain GET
    of the same path returned just before the measurements."""

    name: str
    path: str
    expect: int = 200
    conditional: bool = False

    @property
    def label(self) -> str:
        return f"{self.path} (If-None-Match)" if self.conditional else self.path


# The first endpoint is the baseline every ratio is taken against: the cheapest route
# that still goes through the middleware, a session and the database.
ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("health", "/health"),
    Endpoint("index", "/"),
    Endpoint("positions", "/positions"),
    Endpoint("positions-100", "/positions?per_page=100"),
    Endpoint("search", "/positions?q=railroads"),
    Endpoint("filter-sort", "/positions?party=stalin&issue=dairen&sort=-source_page,party"),
    Endpoint("issue-positions", "/issues/port-arthur/positions"),
    Endpoint("comparison", "/issues/dairen/comparison"),
    Endpoint("document", "/documents/frus1945v07-d644"),
    Endpoint("annotations", "/documents/frus1945v07-d644/annotations"),
    Endpoint("csv", "/positions?format=csv"),
    Endpoint("not-modified", "/positions", expect=304, conditional=True),
)


@dataclass(frozen=True)
class Options:
    requests: int = 200  # timed requests per endpoint (per pass)
    warmup: int = 10  # untimed requests per endpoint before the sequential pass
    concurrency: int = 1  # above 1: also a pass with this many concurrent connections
    gzip: bool = True  # send Accept-Encoding: gzip, as browsers and HTTP libraries do
    timeout: float = 300.0  # global deadline in seconds
    endpoints: tuple[Endpoint, ...] = ENDPOINTS

    def __post_init__(self) -> None:
        if self.requests < 1 or self.warmup < 0 or self.concurrency < 1 or self.timeout <= 0:
            raise ValueError("requests and concurrency must be ≥ 1, warmup ≥ 0, timeout > 0")
        if not self.endpoints:
            raise ValueError("at least one endpoint (the first is the baseline)")
        if len({endpoint.name for endpoint in self.endpoints}) != len(self.endpoints):
            raise ValueError("endpoint names must be unique")


@dataclass
class Timing:
    """One endpoint in one pass. Times are of successful requests only; `rps` is requests
    per second of wall time (sequential: the sum of the request times)."""

    name: str
    path: str
    conditional: bool
    expected_status: int
    statuses: dict[str, int]
    failed: int
    body_bytes: int | None
    content_encoding: str | None
    median_ms: float | None
    p95_ms: float | None
    mean_ms: float | None
    min_ms: float | None
    max_ms: float | None
    rps: float | None
    ratio: float | None = None  # median / baseline median, same pass


@dataclass
class Results:
    machine: dict[str, object]
    source: dict[str, object]
    dataset_version: str
    options: dict[str, object]
    baseline: str
    sequential: list[Timing]
    concurrent: list[Timing] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    server: dict[str, object] = field(default_factory=dict)  # command, pid, exit status
    server_log_tail: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, object]:
        return {"ok": self.ok, **asdict(self)}


class BenchError(Exception):
    """The benchmark could not run (server did not start, deadline passed)."""


# -- time and requests ---------------------------------------------------------------------------


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def check(self) -> None:
        if self.remaining() <= 0:
            raise BenchError(f"the global timeout of {self.seconds:g} s has passed")


@dataclass(frozen=True)
class Outcome:
    ns: int
    status: int | None
    body_bytes: int
    content_encoding: str | None
    etag: str | None
    error: str | None = None


class Client:
    """One HTTP/1.1 keep-alive connection to the server on 127.0.0.1."""

    def __init__(self, port: int, deadline: Deadline) -> None:
        self.deadline = deadline
        self.connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)

    def get(self, path: str, headers: dict[str, str]) -> Outcome:
        self.deadline.check()
        start = time.perf_counter_ns()
        try:
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.connection.close()  # the next request reconnects
            error = f"{type(exc).__name__}: {exc}"
            return Outcome(time.perf_counter_ns() - start, None, 0, None, None, error)
        elapsed = time.perf_counter_ns() - start
        return Outcome(
            elapsed,
            response.status,
            len(body),
            response.getheader("Content-Encoding"),
            response.getheader("ETag"),
        )

    def close(self) -> None:
        self.connection.close()


class Tally:
    """The outcomes of one endpoint's requests in one pass."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.times_ns: list[int] = []
        self.statuses: Counter[str] = Counter()
        self.failed = 0
        self.errors: list[str] = []
        self.body_bytes: int | None = None
        self.content_encoding: str | None = None

    def add(self, outcome: Outcome, *, timed: bool = True) -> None:
        if timed:
            self.statuses[str(outcome.status) if outcome.status else "error"] += 1
        if outcome.error is not None or outcome.status != self.endpoint.expect:
            self.failed += 1
            if len(self.errors) < 3:
                self.errors.append(outcome.error or f"status {outcome.status}")
            return
        self.body_bytes = outcome.body_bytes
        self.content_encoding = outcome.content_encoding
        if timed:
            self.times_ns.append(outcome.ns)

    def timing(self, wall_ns: int | None = None) -> Timing:
        ms = sorted(ns / 1e6 for ns in self.times_ns)
        found = bool(ms)
        busy_ns = wall_ns if wall_ns is not None else sum(self.times_ns)
        return Timing(
            name=self.endpoint.name,
            path=self.endpoint.path,
            conditional=self.endpoint.conditional,
            expected_status=self.endpoint.expect,
            statuses=dict(sorted(self.statuses.items())),
            failed=self.failed,
            body_bytes=self.body_bytes,
            content_encoding=self.content_encoding,
            median_ms=statistics.median(ms) if found else None,
            p95_ms=percentile(ms, 95) if found else None,
            mean_ms=statistics.fmean(ms) if found else None,
            min_ms=ms[0] if found else None,
            max_ms=ms[-1] if found else None,
            rps=len(ms) * 1e9 / busy_ns if found and busy_ns > 0 else None,
        )

    def failure(self, phase: str) -> str | None:
        if not self.failed:
            return None
        return (
            f"{self.endpoint.name} ({self.endpoint.label}), {phase}: {self.failed} request(s) "
            f"did not answer {self.endpoint.expect}: {'; '.join(self.errors)}"
        )


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    rank = max(ceil(pct / 100 * len(sorted_values)), 1)
    return sorted_values[rank - 1]


def with_ratios(timings: list[Timing]) -> list[Timing]:
    baseline = timings[0].median_ms
    for timing in timings:
        if baseline and timing.median_ms is not None:
            timing.ratio = timing.median_ms / baseline
    return timings


def sequential_pass(
    port: int, options: Options, headers: dict[str, dict[str, str]], deadline: Deadline
) -> list[Tally]:
    """Warm-up, then `requests` rounds over every endpoint on one keep-alive connection.
    Rounds interleave the endpoints (each round starting one further along), so drift in
    the machine's speed during the run affects the baseline and the others alike."""
    endpoints = list(options.endpoints)
    tallies = [Tally(endpoint) for endpoint in endpoints]
    client = Client(port, deadline)
    try:
        for rounds, timed in ((options.warmup, False), (options.requests, True)):
            for number in range(rounds):
                shift = number % len(endpoints)
                for index in list(range(shift, len(endpoints))) + list(range(shift)):
                    endpoint = endpoints[index]
                    tallies[index].add(
                        client.get(endpoint.path, headers[endpoint.name]), timed=timed
                    )
    finally:
        client.close()
    return tallies


def _concurrent_endpoint(
    port: int, endpoint: Endpoint, headers: dict[str, str], shares: list[int], deadline: Deadline
) -> tuple[Tally, int]:
    workers = len(shares)
    clients = [Client(port, deadline) for _ in range(workers)]
    warm: list[Outcome | None] = [None] * workers
    outcomes: list[list[Outcome]] = [[] for _ in range(workers)]
    problems: list[Exception] = []
    start_line = threading.Barrier(workers + 1, timeout=REQUEST_TIMEOUT + 5)

    def work(worker: int) -> None:
        client = clients[worker]
        try:
            warm[worker] = client.get(endpoint.path, headers)  # opens the connection
            start_line.wait()
            for _ in range(shares[worker]):
                outcomes[worker].append(client.get(endpoint.path, headers))
        except threading.BrokenBarrierError:
            pass  # another worker failed; it reported why
        except Exception as exc:  # re-raised in the main thread
            problems.append(exc)
            start_line.abort()

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(workers)]
    for thread in threads:
        thread.start()
    with suppress(threading.BrokenBarrierError):
        start_line.wait()
    began = time.perf_counter_ns()
    for thread in threads:
        thread.join()
    wall = time.perf_counter_ns() - began
    for client in clients:
        client.close()
    if problems:
        if isinstance(problems[0], BenchError):
            raise problems[0]
        raise BenchError(f"{endpoint.name}: a concurrent worker failed: {problems[0]!r}")
    if start_line.broken:
        raise BenchError(f"{endpoint.name}: the concurrent workers did not all start")
    tally = Tally(endpoint)
    for outcome in warm:
        if outcome is not None:
            tally.add(outcome, timed=False)
    for worker_outcomes in outcomes:
        for outcome in worker_outcomes:
            tally.add(outcome)
    return tally, wall


def concurrent_pass(
    port: int, options: Options, headers: dict[str, dict[str, str]], deadline: Deadline
) -> list[tuple[Tally, int]]:
    """Per endpoint: `concurrency` connections share `requests` requests; throughput is
    taken over the wall time from the common start to the last answer."""
    workers = options.concurrency
    shares = [
        options.requests // workers + (1 if i < options.requests % workers else 0)
        for i in range(workers)
    ]
    return [
        _concurrent_endpoint(port, endpoint, headers[endpoint.name], shares, deadline)
        for endpoint in options.endpoints
    ]


# -- database and server ---------------------------------------------------------------------------


def build_database(directory: Path) -> tuple[str, str]:
    """A SQLite file in `directory`, from the real migrations and the real seed.
    Returns its URL and the dataset version."""
    from app import migrate
    from app.db import make_engine
    from app.loader.build import build
    from app.loader.load import write

    url = f"sqlite:///{directory / 'bench.sqlite3'}"
    migrate.upgrade(url)
    bundle = build(PROJECT_ROOT / "seed")
    engine = make_engine(url)
    try:
        write(engine, bundle)
    finally:
        engine.dispose()
    return url, bundle.version


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def parley_executable() -> str:
    """The console script of the environment running the benchmark."""
    for folder in (Path(sys.executable).parent, Path(sys.prefix) / "bin"):
        if (folder / "parley").is_file():
            return str(folder / "parley")
    found = shutil.which("parley")
    if found is None:
        raise BenchError("no `parley` console script; install the project (make setup)")
    return found


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log_path: Path
    health: dict[str, object] = field(default_factory=dict)

    def log_tail(self, lines: int = 30) -> list[str]:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return []
        return text.splitlines()[-lines:]


def _wait_until_healthy(server: Server, deadline: Deadline) -> dict[str, object]:
    give_up = time.monotonic() + min(STARTUP_TIMEOUT, max(deadline.remaining(), 0))
    while True:
        code = server.process.poll()
        if code is not None:
            tail = "\n".join(server.log_tail())
            raise BenchError(f"the server exited with status {code} before answering:\n{tail}")
        connection = http.client.HTTPConnection(HOST, server.port, timeout=2)
        try:
            connection.request("GET", "/health")
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            if time.monotonic() > give_up:
                tail = "\n".join(server.log_tail())
                raise BenchError(f"the server did not answer /health in time:\n{tail}") from None
            time.sleep(0.05)
            continue
        finally:
            connection.close()
        if response.status != 200:
            raise BenchError(f"/health answered {response.status}: {body[:500]!r}")
        return json.loads(body)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_TIMEOUT)


@contextmanager
def serving(database_url: str, workdir: Path, deadline: Deadline) -> Iterator[Server]:
    """`parley serve` on a free port of 127.0.0.1, healthy, and always terminated after."""
    port = free_port()
    log_path = workdir / "server.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "HOST": HOST,
        "PORT": str(port),
        "PYTHONUNBUFFERED": "1",
    }
    command = [parley_executable(), "serve", "--host", HOST, "--port", str(port)]
    with open(log_path, "wb") as log:
        # cwd: the temporary folder, so no stray `.env` changes the settings.
        process = subprocess.Popen(
            command,
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(port, process, log_path)
    try:
        server.health = _wait_until_healthy(server, deadline)
        yield server
    finally:
        _stop(process)


# -- about the run ---------------------------------------------------------------------------------


def _cpu_model() -> str | None:
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.processor() or None


def machine_info() -> dict[str, object]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    load = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    packages: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
        "load_average": load,
        "packages": packages,
    }


def source_info() -> dict[str, object]:
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(PROJECT_ROOT), *args],
                capture_output=True,
                text=True,
                timeout=5,
                check=True,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    status = git("status", "--porcelain")
    return {"commit": commit, "dirty": None if status is None else bool(status)}


# -- the run -----------------------------------------------------------------------------------------


def _headers(client: Client, options: Options, failures: list[str]) -> dict[str, dict[str, str]]:
    """Request headers per endpoint; a conditional endpoint gets the ETag of its path."""
    base = {"Accept": "application/json, */*"}
    if options.gzip:
        base["Accept-Encoding"] = "gzip"
    headers: dict[str, dict[str, str]] = {}
    for endpoint in options.endpoints:
        headers[endpoint.name] = dict(base)
        if endpoint.conditional:
            first = client.get(endpoint.path, base)
            if first.status != 200 or not first.etag:
                failures.append(
                    f"{endpoint.name}: GET {endpoint.path} for its ETag answered "
                    f"{first.status or first.error} with ETag {first.etag!r}"
                )
            headers[endpoint.name]["If-None-Match"] = first.etag or '"missing"'
    return headers


def run(options: Options | None = None, *, say: Callable[[str], None] = lambda _: None) -> Results:
    """Build, serve, measure; raises BenchError if the benchmark cannot run at all."""
    options = options or Options()
    deadline = Deadline(options.timeout)
    began = time.monotonic()
    machine = machine_info()  # before the run, for the load average
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        workdir = Path(tmp)
        say("building a database from the migrations and the seed")
        url, version = build_database(workdir)
        with serving(url, workdir, deadline) as server:
            say(f"server up on http://{HOST}:{server.port} (pid {server.process.pid})")
            if server.health.get("dataset_version") != version:
                failures.append(
                    f"the server reports dataset {server.health.get('dataset_version')!r}, "
                    f"the benchmark loaded {version!r}"
                )
            setup = Client(server.port, deadline)
            try:
                headers = _headers(setup, options, failures)
            finally:
                setup.close()

            count = len(options.endpoints)
            say(
                f"sequential: {count} endpoints × ({options.warmup} warm-up + "
                f"{options.requests} timed) requests"
            )
            tallies = sequential_pass(server.port, options, headers, deadline)
            sequential = with_ratios([tally.timing() for tally in tallies])
            failures += [f for f in (t.failure("sequential") for t in tallies) if f]

            concurrent: list[Timing] = []
            if options.concurrency > 1:
                say(
                    f"concurrent: {count} endpoints × {options.requests} requests over "
                    f"{options.concurrency} connections"
                )
                pairs = concurrent_pass(server.port, options, headers, deadline)
                concurrent = with_ratios([tally.timing(wall) for tally, wall in pairs])
                failures += [f for f in (t.failure("concurrent") for t, _ in pairs) if f]

            if server.process.poll() is not None:
                failures.append(f"the server exited with status {server.process.returncode}")
            log_tail = server.log_tail() if failures else []
        # Out of `serving`: the server has been terminated and reaped.
        about_server = {
            "command": " ".join(server.process.args[1:]),
            "pid": server.process.pid,
            "exit_status": server.process.returncode,
        }

    return Results(
        machine=machine,
        source=source_info(),
        dataset_version=version,
        options={
            "requests": options.requests,
            "warmup": options.warmup,
            "concurrency": options.concurrency,
            "gzip": options.gzip,
            "timeout_s": options.timeout,
            "client": "http.client, HTTP/1.1 keep-alive",
            "server": "parley serve (uvicorn, one process)",
        },
        baseline=options.endpoints[0].name,
        sequential=sequential,
        concurrent=concurrent,
        failures=failures,
        server=about_server,
        server_log_tail=log_tail,
        elapsed_s=round(time.monotonic() - began, 3),
    )
