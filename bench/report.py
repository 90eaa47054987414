"""The results as tables, printed with rich."""

from rich import box
from rich.console import Console
from rich.table import Table

from bench import Json
from bench.scenarios import SCENARIOS

_CANNED = {scenario.name: f"{scenario.canned_query}.{scenario.format}" for scenario in SCENARIOS}


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}×"


def _statuses(statuses: dict[str, int], expected: int) -> str:
    if list(statuses) == [str(expected)]:
        return str(expected)
    return " ".join(f"{status}×{count}" for status, count in statuses.items()) or "none"


def _sockets(errors: dict[str, int]) -> str:
    """connect/read/write/timeout."""
    return "/".join(str(errors[kind]) for kind in ("connect", "read", "write", "timeout"))


def throughput_table(results: Json) -> Table:
    options = results["options"]
    grid = Table(
        title=f"Throughput: wrk -c{options['connections']} -t1, median of {options['rounds']} "
        f"round(s) × {options['duration_s']} s, servers alternating per endpoint",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for column in ("endpoint", "server", "request", "status"):
        grid.add_column(column, no_wrap=True)
    for column in ("req/s", "p50 ms", "p99 ms", "non-2xx/3xx", "sock c/r/w/t", "RSS MB"):
        grid.add_column(column, justify="right", no_wrap=True)
    grid.add_column("× hello", justify="right", no_wrap=True)
    grid.add_column("× datasette", justify="right", no_wrap=True)
    for endpoint in results["endpoints"]:
        for index, (name, row) in enumerate(endpoint["servers"].items()):
            first = index == 0
            request = {"parley": row["path"], "hello": row["path"]}.get(
                name, _CANNED[endpoint["name"]]
            )
            if endpoint["conditional"] and name == "parley":
                request += " (If-None-Match)"
            grid.add_row(
                endpoint["name"] if first else "",
                name,
                request,
                _statuses(row["statuses"], row["expected_status"]),
                f"{row['rps']:.0f}",
                _ms(row["p50_ms"]),
                _ms(row["p99_ms"]),
                str(row["non_2xx_3xx"]),
                _sockets(row["socket_errors"]),
                _mb(row["rss_kb"]),
                _ratio(endpoint["ratio_to_hello"]) if first else "",
                _ratio(endpoint["ratio_to_datasette"]) if first else "",
                style="red" if row["errors"] else ("bold" if first else "dim"),
                end_section=index == len(endpoint["servers"]) - 1,
            )
    return grid


def collapse_table(results: Json) -> Table:
    rows = results["collapse"]
    seconds = rows[0]["duration_s"] if rows else 0
    grid = Table(
        title=f"Collapse: parley under {seconds}-s wrk runs far above its thread pool, "
        "with /health probed every 100 ms (target: 0 errors, /health < 1 s)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    grid.add_column("connections", justify="right", no_wrap=True)
    grid.add_column("request", no_wrap=True)
    grid.add_column("status", no_wrap=True)
    for column in ("requests", "req/s", "p50 ms", "p99 ms", "non-2xx/3xx", "sock c/r/w/t"):
        grid.add_column(column, justify="right", no_wrap=True)
    for column in ("/health probes", "failed", "max /health ms", "RSS MB"):
        grid.add_column(column, justify="right", no_wrap=True)
    for row in rows:
        health = row["health"]
        grid.add_row(
            str(row["connections"]),
            row["path"],
            _statuses(row["statuses"], 200),
            str(row["requests"]),
            f"{row['rps']:.0f}",
            _ms(row["p50_ms"]),
            _ms(row["p99_ms"]),
            str(row["non_2xx_3xx"]),
            _sockets(row["socket_errors"]),
            str(health["probes"]),
            str(health["failed"]),
            _ms(health["max_ms"]),
            _mb(row["rss_kb"]),
            style="red" if row["errors"] else None,
        )
    return grid


def render(results: Json, console: Console) -> None:
    machine, source, options = results["machine"], results["source"], results["options"]
    packages = ", ".join(f"{k} {v}" for k, v in machine["packages"].items() if v)
    commit = (source["commit"] or "unknown") + (" (uncommitted changes)" if source["dirty"] else "")

    def say(text: str) -> None:
        console.print(text, highlight=False, markup=False)

    say(
        f"machine: Python {machine['python']} on {machine['platform']}, {machine['cpu_count']} "
        f"CPUs ({machine['cpu']}); load average {' '.join(map(str, machine['load_average']))}"
    )
    say(f"packages: {packages}; Datasette {machine['datasette']}; {machine['wrk']}")
    say(f"source: commit {commit}")
    say(
        f"servers on CPU {options['server_cpu']}, wrk on CPU {options['load_cpu']}; "
        f"every request sends {options['headers']}; wrk timeout {options['timeout_s']} s"
    )
    for name, server in results["servers"].items():
        say(f"{name}: {server['command']}")
    say(f"wrk: {results['wrk_command']}")
    console.print()
    console.print(throughput_table(results))
    say(
        "× hello, × datasette: parley's req/s over theirs for the same endpoint (medians of "
        "the same rounds). sock c/r/w/t: socket errors connect/read/write/timeout."
    )
    console.print()
    console.print(collapse_table(results))
    cold = results["cold_start"]
    samples = ", ".join(f"{s:.2f}" for s in cold["samples_s"])
    say(
        f"cold start (process start to first 200 on /health, existing database): median "
        f"{cold['median_s']:.2f} s, max {cold['max_s']:.2f} s over {len(cold['samples_s'])} "
        f"starts ({samples}); target ≤ {cold['target_s']} s"
    )
    say(f"elapsed: {results['elapsed_s']:.0f} s")
    for note in results.get("baseline_errors", []):
        say(f"  baseline error (not a failure of parley's): {note}")
    if results["failures"]:
        console.print()
        console.print(f"[red]{len(results['failures'])} failure(s):[/red]")
        for failure in results["failures"]:
            say(f"  {failure}")
