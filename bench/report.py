"""The results as tables on a terminal (or any text stream)."""

from rich import box
from rich.console import Console
from rich.table import Table

from bench.runner import Results, Timing


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _size(timing: Timing) -> str:
    if timing.body_bytes is None:
        return "—"
    size = timing.body_bytes
    text = f"{size} B" if size < 1000 else f"{size / 1000:.1f} kB"
    return f"{text} gz" if timing.content_encoding == "gzip" else text


def _statuses(timing: Timing) -> str:
    return ", ".join(f"{status}×{count}" for status, count in timing.statuses.items()) or "—"


def table(title: str, timings: list[Timing], baseline: str) -> Table:
    grid = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    grid.add_column("endpoint", no_wrap=True)
    grid.add_column("request", no_wrap=True)
    grid.add_column("status", no_wrap=True)
    grid.add_column("body", justify="right", no_wrap=True)
    grid.add_column("median ms", justify="right")
    grid.add_column("p95 ms", justify="right")
    grid.add_column("req/s", justify="right")
    grid.add_column(f"× {baseline}", justify="right")
    for timing in timings:
        request = f"{timing.path} (If-None-Match)" if timing.conditional else timing.path
        grid.add_row(
            timing.name,
            request,
            _statuses(timing),
            _size(timing),
            _ms(timing.median_ms),
            _ms(timing.p95_ms),
            "—" if timing.rps is None else f"{timing.rps:.0f}",
            "—" if timing.ratio is None else f"{timing.ratio:.2f}",
            style="red" if timing.failed else None,
        )
    return grid


def render(results: Results, console: Console) -> None:
    machine = results.machine
    packages = machine.get("packages") or {}
    assert isinstance(packages, dict)
    versions = ", ".join(f"{name} {version}" for name, version in packages.items() if version)
    load = machine.get("load_average")
    source = results.source
    commit = source.get("commit") or "unknown"
    if source.get("dirty"):
        commit += " (uncommitted changes)"
    options = results.options
    console.print(
        f"machine: {machine['implementation']} {machine['python']} on {machine['platform']}; "
        f"{machine['cpu_count']} CPUs ({machine['usable_cpus']} usable)"
        + (f", {machine['cpu']}" if machine.get("cpu") else "")
        + (f"; load average {' '.join(map(str, load))}" if isinstance(load, list) else ""),
        highlight=False,
    )
    console.print(f"packages: {versions}", highlight=False)
    console.print(
        f"source: commit {commit}; dataset version {results.dataset_version[:12]}", highlight=False
    )
    console.print(
        f"client: {options['client']}, Accept-Encoding {'gzip' if options['gzip'] else 'identity'}; "
        f"server: {options['server']}",
        highlight=False,
    )
    console.print()
    console.print(
        table(
            f"Sequential: {options['warmup']} warm-up + {options['requests']} timed requests "
            "per endpoint, endpoints interleaved",
            results.sequential,
            results.baseline,
        )
    )
    if results.concurrent:
        console.print(
            table(
                f"Concurrent: {options['requests']} requests per endpoint over "
                f"{options['concurrency']} connections (req/s: throughput)",
                results.concurrent,
                results.baseline,
            )
        )
    console.print(
        f"× {results.baseline}: the endpoint's median over the median of "
        f"{results.baseline} in the same pass. Absolute times depend on the machine; "
        f"compare ratios. ({results.elapsed_s:.1f} s)",
        highlight=False,
    )
    if results.failures:
        console.print()
        console.print(f"[red]{len(results.failures)} failure(s):[/red]")
        for failure in results.failures:
            console.print(f"  {failure}", markup=False, highlight=False)
        if results.server_log_tail:
            console.print("server log (last lines):")
            for line in results.server_log_tail:
                console.print(f"  {line}", markup=False, highlight=False)
