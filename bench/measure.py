"""One run: build the database, start the three servers on one CPU, check every answer, warm
up, then rounds of wrk on the other CPU (per endpoint: parley, hello world, Datasette),
then the collapse runs on fresh parley servers. Every server is stopped whatever happens."""

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from http import HTTPStatus
from pathlib import Path

from bench import Json, about, wrk
from bench.collapse import collapse_run
from bench.scenarios import (
    COLLAPSE_CONNECTIONS,
    HEADERS,
    SCENARIOS,
    SERVERS,
    Scenario,
    headers_for,
)
from bench.servers import (
    Server,
    build_database,
    datasette_executable,
    get,
    make_server,
    running,
)

COLD_START_TARGET_S = 1.5


class BenchError(Exception):
    """The benchmark could not run at all (no wrk, no second CPU, a server did not start)."""


@dataclass(frozen=True)
class Options:
    rounds: int = 3
    duration_s: int = 5  # each wrk run of the table
    warmup_s: int = 2  # a wrk run per endpoint and server before the first round; 0: none
    collapse_s: int = 5  # each collapse run
    connections: int = 32
    quick: bool = False
    database_url: str | None = None  # parley's database; None: the SQLite file Datasette reads


QUICK = Options(rounds=1, duration_s=1, warmup_s=0, collapse_s=3, quick=True)


CPUS_NEEDED = 2  # one for the servers, one for wrk


def cpus() -> tuple[int, int]:
    """(the servers' CPU, the load generator's CPU)."""
    usable = sorted(os.sched_getaffinity(0))
    if len(usable) < CPUS_NEEDED:
        raise BenchError(f"two CPUs are needed (one for the servers, one for wrk); {usable}")
    return usable[0], usable[1]


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def _round_row(result: wrk.WrkResult, expected: int, rss_kb: int) -> Json:
    return {
        "rps": round(result.rps, 1),
        **{f"p{pct}_ms": ms for pct, ms in result.latency_ms.items()},
        "requests": result.requests,
        "statuses": result.statuses,
        "non_2xx_3xx": result.non_2xx_3xx,
        "socket_errors": result.socket_errors,
        "errors": result.errors(expected),
        "rss_kb": rss_kb,
    }


def _summary(rounds: list[Json]) -> Json:
    """Across rounds: medians of req/s and latency, sums of counts, the largest RSS."""
    statuses: dict[str, int] = {}
    sockets = dict.fromkeys(rounds[0]["socket_errors"], 0)
    for row in rounds:
        for status, count in row["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
        for kind, count in row["socket_errors"].items():
            sockets[kind] += count
    return {
        "rps": round(statistics.median(row["rps"] for row in rounds), 1),
        "p50_ms": _median([row["p50_ms"] for row in rounds]),
        "p99_ms": _median([row["p99_ms"] for row in rounds]),
        "requests": sum(row["requests"] for row in rounds),
        "statuses": dict(sorted(statuses.items())),
        "non_2xx_3xx": sum(row["non_2xx_3xx"] for row in rounds),
        "socket_errors": sockets,
        "errors": sum(row["errors"] for row in rounds),
        "rss_kb": max(row["rss_kb"] for row in rounds),
    }


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _check(
    servers: dict[str, Server], failures: list[str]
) -> tuple[str | None, dict[str, dict[str, int]]]:
    """One GET per endpoint and server before any load: the expected status, and the ETag
    the conditional request will send. Returns (that ETag, body sizes)."""
    etag = None
    for scenario in SCENARIOS:
        if scenario.conditional:
            status, headers, _ = get(servers["parley"].port, scenario.path, HEADERS)
            etag = {k.lower(): v for k, v in headers.items()}.get("etag")
            if status != HTTPStatus.OK or etag is None:
                failures.append(f"GET {scenario.path} for its ETag: {status}, ETag {etag!r}")
    sizes: dict[str, dict[str, int]] = {}
    for scenario in SCENARIOS:
        for name, server in servers.items():
            path = scenario.path_on(name)
            status, _, body = get(server.port, path, headers_for(scenario, etag))
            sizes.setdefault(scenario.name, {})[name] = len(body)
            if status != scenario.expected_status(name):
                failures.append(
                    f"{name} {path}: answered {status}, expected {scenario.expected_status(name)}"
                )
    return etag, sizes


def _measure(
    servers: dict[str, Server],
    options: Options,
    etag: str | None,
    cpu: int,
    say: Callable[[str], None],
) -> tuple[list[Json], list[str], list[str]]:
    """(each endpoint's rows, parley's errors, the baselines' errors)."""
    load = wrk.Load(connections=options.connections, duration_s=options.duration_s, cpu=cpu)
    if options.warmup_s:
        say(f"warm-up: {options.warmup_s} s per endpoint and server")
        warm = wrk.Load(connections=options.connections, duration_s=options.warmup_s, cpu=cpu)
        for scenario in SCENARIOS:
            for name, server in servers.items():
                wrk.run(server.url(scenario.path_on(name)), warm, headers_for(scenario, etag))
    rows: dict[tuple[str, str], list[Json]] = {}
    failures: list[str] = []
    notes: list[str] = []
    for number in range(1, options.rounds + 1):
        say(f"round {number} of {options.rounds}: {len(SCENARIOS)} endpoints × {SERVERS}")
        for scenario in SCENARIOS:
            for name in SERVERS:  # alternating, so drift in the machine hits all three alike
                server = servers[name]
                path = scenario.path_on(name)
                result = wrk.run(server.url(path), load, headers_for(scenario, etag))
                expected = scenario.expected_status(name)
                row = _round_row(result, expected, server.rss_kb())
                rows.setdefault((scenario.name, name), []).append(row)
                if row["errors"]:
                    # Only parley's errors fail the run; a baseline's are noted (its req/s is
                    # then understated, and the ratio against it flattering).
                    (failures if name == "parley" else notes).append(
                        f"{name} {path}, round {number}: {row['errors']} error(s); statuses "
                        f"{row['statuses']}, socket errors {row['socket_errors']}"
                    )
    return [_endpoint(scenario, rows, etag) for scenario in SCENARIOS], failures, notes


def _endpoint(
    scenario: Scenario, rows: dict[tuple[str, str], list[Json]], etag: str | None
) -> Json:
    servers = {
        name: {
            "path": scenario.path_on(name),
            "headers": headers_for(scenario, etag),
            "expected_status": scenario.expected_status(name),
            **_summary(rows[(scenario.name, name)]),
            "rounds": rows[(scenario.name, name)],
        }
        for name in SERVERS
    }
    rps = servers["parley"]["rps"]
    return {
        "name": scenario.name,
        "path": scenario.path,
        "conditional": scenario.conditional,
        "servers": servers,
        "ratio_to_hello": _ratio(rps, servers["hello"]["rps"]),
        "ratio_to_datasette": _ratio(rps, servers["datasette"]["rps"]),
    }


def run(options: Options, say: Callable[[str], None] = lambda _: None) -> Json:
    if not wrk.available():
        raise BenchError(wrk.MISSING)
    server_cpu, load_cpu = cpus()
    os.sched_setaffinity(0, {load_cpu})  # this process and its probes stay off the servers' CPU
    began = time.monotonic()
    results: Json = {
        "machine": about.machine(),
        "source": about.source(),
        "options": {
            **asdict(options),
            "threads": 1,
            "timeout_s": wrk.TIMEOUT_S,
            "headers": HEADERS,
            "server_cpu": server_cpu,
            "load_cpu": load_cpu,
        },
    }
    failures: list[str] = []
    startups: list[float] = []
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        workdir = Path(tmp)
        say("building the database: parley migrate, parley load")
        database = build_database(workdir, options.database_url)
        say("Datasette: in its own venv under .bench/ (installed on first use)")
        datasette_executable()
        servers = {
            name: make_server(name, database, workdir, server_cpu, options.database_url)
            for name in SERVERS
        }
        try:
            with ExitStack() as stack:
                for server in servers.values():  # parley first, alone: its cold start
                    stack.enter_context(running(server))
                    say(f"{server.name} (pid {server.pid}): {server.shell}")
                startups.append(servers["parley"].startup_s or 0.0)
                etag, sizes = _check(servers, failures)
                results["wrk_command"] = wrk.shell(
                    wrk.command(
                        servers["parley"].url(SCENARIOS[0].path),
                        wrk.Load(options.connections, 1, options.duration_s, load_cpu),
                        HEADERS,
                    )
                )
                say(f"load: {results['wrk_command']}  (and likewise for every request)")
                results["endpoints"], measured, noted = _measure(
                    servers, options, etag, load_cpu, say
                )
                failures += measured
                results["baseline_errors"] = noted
                for body in results["endpoints"]:
                    for name, size in sizes[body["name"]].items():
                        body["servers"][name]["body_bytes"] = size
                failures += [
                    f"{s.name} exited during the run (status {s.process.returncode}; "
                    "-15 is a SIGTERM from outside the benchmark), its log ends:\n" + s.log_tail(5)
                    for s in servers.values()
                    if s.process is not None and s.process.poll() is not None
                ]
        finally:
            results["servers"] = {
                name: {
                    "command": server.shell,
                    "pid": server.process.pid if server.process else None,
                    "exit_status": server.process.returncode if server.process else None,
                    "startup_s": server.startup_s,
                }
                for name, server in servers.items()
            }
        results["collapse"] = []
        for connections in COLLAPSE_CONNECTIONS:
            say(f"collapse: {connections} connections for {options.collapse_s} s, fresh server")
            fresh = make_server("parley", database, workdir, server_cpu, options.database_url)
            with running(fresh):
                startups.append(fresh.startup_s or 0.0)
                row = collapse_run(fresh, connections, options.collapse_s, load_cpu)
            row["exit_status"] = fresh.process.returncode if fresh.process else None
            results["collapse"].append(row)
            if row["errors"]:
                failures.append(
                    f"collapse at {connections} connections: {row['errors']} error(s); statuses "
                    f"{row['statuses']}, socket errors {row['socket_errors']}, /health "
                    f"{row['health']['failed']} failed of {row['health']['probes']}"
                    + ("; no answer at all" if row["no_answers"] else "")
                )
    results["cold_start"] = {
        "samples_s": [round(s, 3) for s in startups],
        "median_s": round(statistics.median(startups), 3),
        "max_s": round(max(startups), 3),
        "target_s": COLD_START_TARGET_S,
    }
    results["failures"] = failures
    results["ok"] = not failures
    results["elapsed_s"] = round(time.monotonic() - began, 1)
    return results
