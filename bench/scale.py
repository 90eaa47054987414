"""`python -m bench.scale`: the API on a million synthetic positions, measured from outside.

Builds (or reuses, keyed by its arguments and the code that builds it) a `parley synth`
database, serves it with `parley serve` pinned to CPU 0 with the response cache off, and
measures each list shape with wrk pinned to CPU 1: p50, p99, req/s and the server's peak RSS,
then a large CSV export (time to first byte, total, RSS sampled throughout), and prints the
EXPLAIN QUERY PLAN of every query. Timings are reported, never asserted."""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.listening import wait_for_port
from bench.servers import tree_rss_kb

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
console = Console(highlight=False)


@dataclass(frozen=True)
class Shape:
    name: str
    path: str


def shapes(deep_page: int) -> list[Shape]:
    return [
        Shape("party+issue", "/positions?party=stalin&issue=port-arthur"),
        Shape("party+issue deep", "/positions?party=stalin&issue=port-arthur&page=1000"),
        Shape("source_page", "/positions?source_page=914"),
        Shape("stance, -source_page", "/positions?stance=propose&sort=-source_page"),
        Shape("stance, -source_page deep", "/positions?stance=propose&sort=-source_page&page=5000"),
        Shape("page 1", "/positions"),
        Shape(f"page {deep_page}", f"/positions?page={deep_page}"),
        Shape("exact total (party)", "/parties/stalin/positions?per_page=1"),
        Shape("q: two words", "/positions?q=dairen%20sovereignty"),
        Shape("q: common words", "/positions?q=free%20port"),
        Shape("comparison", "/issues/dairen/comparison"),
    ]


def database(args: argparse.Namespace) -> Path:
    """The synthetic database for these arguments, built once (the name carries the loader
    and migration versions, so changed code builds anew)."""
    from app.loader.hashes import loader_code_hash
    from app.migrate import head_revision

    key = (
        f"{args.documents}-{args.positions}-{args.seed}-{head_revision()}-{loader_code_hash()[:8]}"
    )
    path = Path(args.data_dir) / f"synth-{key}.sqlite3"
    if path.exists():
        console.print(f"reusing {path}")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building")
    command = [str(BIN / "parley"), "synth", "--database", str(building)]
    command += ["--documents", str(args.documents), "--positions", str(args.positions)]
    command += ["--seed", str(args.seed)]
    subprocess.run(command, check=True)
    building.rename(path)  # only a finished build is ever reused
    return path


def rss_mb(pid: int) -> float:
    """The server's RSS: its own and its workers' (Granian serves from a child process)."""
    return tree_rss_kb(pid) / 1024


class PeakRss:
    """The highest RSS of a process, sampled every 20 ms while in use."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()

    def __enter__(self) -> "PeakRss":
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            self._stop.wait(0.02)

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb(self.pid))


def _pinned(cpu: int, command: list[str]) -> list[str]:
    return ["taskset", "-c", str(cpu), *command] if (os.cpu_count() or 1) > 1 else command


@contextmanager
def serving(path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "RESPONSE_CACHE_BYTES": "0",  # measure the database path, not a cache
        "LOG_LEVEL": "warning",
    }
    command = _pinned(0, [str(BIN / "parley"), "serve", "--host", HOST, "--port", "0"])
    # Its own session, so that the server and its worker can be stopped together.
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    try:
        port = wait_for_port(server, 60)  # a port the OS picked: bench/listening.py says why
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _, _ = fetch(port, "/health")
                if status == HTTPStatus.OK:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not answer /health within 60 s")
        yield server, port
    finally:
        # A worker still busy with requests whose clients are gone gets 10 s, then SIGKILL.
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with suppress(ProcessLookupError):
                os.killpg(server.pid, sig)
            with suppress(subprocess.TimeoutExpired):
                server.wait(10)
                break


def fetch(port: int, path: str) -> tuple[int, float, float]:
    """(status, seconds to the first byte, seconds to the last) of one GET, read in full."""
    started = time.perf_counter()
    with socket.create_connection((HOST, port), timeout=120) as connection:
        request = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept-Encoding: identity\r\n"
        connection.sendall((request + "Connection: close\r\n\r\n").encode())
        first = connection.recv(65536)
        first_byte = time.perf_counter() - started
        while connection.recv(1 << 20):
            pass
    status = int(first.split(b" ", 2)[1]) if first else 0
    return status, first_byte, time.perf_counter() - started


def wrk(port: int, path: str, connections: int, seconds: int) -> dict[str, float]:
    """p50 and p99 in ms, req/s, and non-2xx count from one wrk run."""
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(round(seconds), 1)}s",
        "--timeout",
        "30s",
        "--latency",
    ]
    output = subprocess.run(
        _pinned(1, [*command, f"http://{HOST}:{port}{path}"]),
        capture_output=True,
        text=True,
        check=False,  # a failed run prints no results: it reads as 0 req/s below
    ).stdout
    found = {"errors": 0.0}
    for label, key in (("50%", "p50"), ("99%", "p99")):
        match = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if match:
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match[2]]
            found[key] = float(match[1]) * scale
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    found["rps"] = float(match[1]) if match else 0.0
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    found["errors"] = float(match[1]) if match else 0.0
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--positions", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per run")
    parser.add_argument("--connections", default="1,8", help="wrk connections, comma-separated")
    parser.add_argument("--data-dir", default=str(ROOT / "data"))
    parser.add_argument("--deep-page", type=int, default=40_000)
    parser.add_argument("--export-rows", type=int, default=100_000)
    args = parser.parse_args(argv)

    path = database(args)
    from bench.scale_plans import export_path, plans

    table = Table(title=f"{path.name}: uncached, server on CPU 0, wrk on CPU 1")
    for column in ("query", "conns", "p50 ms", "p99 ms", "req/s", "non-2xx", "peak RSS MB"):
        table.add_column(column, justify="left" if column == "query" else "right")
    with serving(path) as (server, port):
        # The export first, on an idle server: wrk's slowest runs leave work queued behind them.
        csv_path, rows = export_path(path, args.export_rows)
        before = rss_mb(server.pid)
        with PeakRss(server.pid) as rss:
            status, first_byte, total = fetch(port, csv_path)
        console.print(
            f"CSV export {csv_path} ({rows} rows) [{status}]: first byte {first_byte * 1000:.0f} ms, "
            f"total {total:.1f} s, RSS {before:.0f} MB before, peak {rss.peak:.0f} MB during"
        )
        for shape in shapes(args.deep_page):
            status, _, _ = fetch(port, shape.path)  # warm this query's pages, check it answers
            for connections in (int(c) for c in args.connections.split(",")):
                with PeakRss(server.pid) as rss:
                    result = wrk(port, shape.path, connections, args.seconds)
                table.add_row(
                    f"{shape.name} [{status}]",
                    str(connections),
                    f"{result.get('p50', float('nan')):.1f}",
                    f"{result.get('p99', float('nan')):.1f}",
                    f"{result['rps']:.0f}",
                    f"{result['errors']:.0f}",
                    f"{rss.peak:.0f}",
                )
        console.print(table)
    for name, lines in plans(path, [shape.path for shape in shapes(args.deep_page)]):
        console.print(f"[bold]{name}[/bold]")
        for line in lines:
            console.print(f"  {line}", markup=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
