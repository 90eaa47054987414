"""`python -m bench.load [--quick] [--duration S] [--json PATH]`: `make load`.

Bounded loopback load on `parley serve` as `make run` starts it (pinned to one CPU; wrk with
256 connections on another) over the request mix of bench/mix.py, twice. Passes when both
rounds had enough requests, no socket errors, no timeouts, only the statuses the mix asks for
(each as often as it was asked for), and the server's RSS grew by at most 10 % from the first
round to the second. Exit status: 0 passed, 1 a criterion failed, 2 could not run.
"""

import argparse
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from http import HTTPStatus
from pathlib import Path
from types import FrameType
from typing import NoReturn

from bench import Json, wrk
from bench.measure import BenchError, cpus
from bench.mix import (
    EXPECTED_STATUSES,
    MIX,
    MIX_SCRIPT,
    instantiate,
    new_pages,
    sent_counts,
    write_mix_file,
)
from bench.scenarios import HEADERS, HEALTH_PATH
from bench.servers import Server, ServerError, build_database, get, make_server, running

MAX_RSS_GROWTH_PCT = 10.0
# Misses asked for outside the load, far beyond any counter value a run reaches.
PRECHECK_MISS = 10**7
DRAIN_TIMEOUT_S = 60.0
# New pages asked for per round; later misses of the round ask for them again (hits). The
# response cache keeps every answer up to its bound, measured at ~3.8 kB of server RSS per
# page: a budget keeps the RSS criterion about leaks rather than about how many misses a
# fast machine fits in a round. 2,500 pages are ~10 MB, ~5 % of the server's RSS.
MISSES_PER_ROUND = 2_500


class LoadError(Exception):
    """The load could not run, or ran past its deadline."""


@dataclass(frozen=True)
class Options:
    rounds: int = 2
    duration_s: int = 90  # per round: 100,000 requests at ~1,250 req/s on a busy 2-CPU machine
    min_requests: int = 100_000  # per round
    connections: int = 256
    quick: bool = False

    @property
    def new_pages_per_s(self) -> int:
        """New pages come at a steady rate that spends the budget over the round (27 a
        second in a 90-s round), as readers come upon them, not all in its first seconds: a
        burst of 2,500 misses at the start of a round queued some requests past wrk's 2-s
        timeout on one core (bench/RESULTS.md); that measures a burst, not a soak."""
        return max(1, MISSES_PER_ROUND // self.duration_s)

    @property
    def deadline_s(self) -> int:
        """The whole run: building, starting, every round and stopping, with room to spare."""
        return 240 + self.rounds * (self.duration_s + wrk.TIMEOUT_S + 30)


# The smoke test: the same run, short. Its request target only shows that the load ran; it
# must hold on a busy CI machine, so it says nothing about speed.
QUICK = Options(duration_s=2, min_requests=100, quick=True)


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Raise LoadError in the main thread once `seconds` have passed (SIGALRM)."""

    def expired(_signum: int, _frame: FrameType | None) -> NoReturn:
        raise LoadError(f"the run passed its deadline of {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def precheck(server: Server) -> dict[str, str]:
    """One GET per request of the mix, before any load: each gets its status, and each
    revalidation the ETag of a plain GET of its path. Returns path → ETag."""
    etags: dict[str, str] = {}
    for request in MIX:
        if request.conditional:
            status, headers, _ = get(server.port, request.path, HEADERS)
            etag = {k.lower(): v for k, v in headers.items()}.get("etag")
            if status != HTTPStatus.OK or etag is None:
                raise LoadError(f"GET {request.path} for its ETag: {status}, ETag {etag!r}")
            etags[request.path] = etag
    for request in MIX:
        path = instantiate(request.path, PRECHECK_MISS)
        status = get(server.port, path, request.headers(etags.get(request.path)))[0]
        if status != request.status:
            raise LoadError(f"GET {path} answered {status} before any load, not {request.status}")
    return etags


def drain(server: Server, number: int) -> float:
    """Seconds until a new miss is answered after a round. Requests in flight when wrk
    stopped are still queued for the database; the next round (and the RSS reading) waits for
    them, so each round starts from an idle server."""
    began = time.perf_counter()
    miss = next(request for request in MIX if request.template)
    path = instantiate(miss.path, PRECHECK_MISS + number)
    status = get(server.port, path, miss.headers(None), timeout=DRAIN_TIMEOUT_S)[0]
    if status != HTTPStatus.OK:
        raise LoadError(f"GET {path} answered {status} after round {number}, not 200")
    return round(time.perf_counter() - began, 3)


def classify(statuses: dict[str, int]) -> dict[str, int]:
    """Counts by class; a 4xx the mix asks for is expected, any status it does not, not."""
    classes = dict.fromkeys(("2xx", "3xx", "4xx", "5xx", "expected_4xx", "unexpected"), 0)
    for status, count in statuses.items():
        classes[f"{status[0]}xx"] = classes.get(f"{status[0]}xx", 0) + count
        if int(status) not in EXPECTED_STATUSES:
            classes["unexpected"] += count
        elif status.startswith("4"):
            classes["expected_4xx"] += count
    return classes


def round_row(number: int, first_miss: int, result: wrk.WrkResult, rss_kb: int) -> Json:
    sent = sent_counts(result.report)
    asked = {str(status): 0 for status in sorted(EXPECTED_STATUSES)}
    for request, count in zip(MIX, sent, strict=True):
        asked[str(request.status)] += count
    return {
        "round": number,
        "requests": result.requests,
        "seconds": result.seconds,
        "rps": round(result.rps, 1),
        **{f"p{pct}_ms": ms for pct, ms in result.latency_ms.items()},
        "statuses": result.statuses,
        "classes": classify(result.statuses),
        "asked": asked,  # requests sent, by the status they must get
        "sent_by_kind": {
            kind: sum(c for r, c in zip(MIX, sent, strict=True) if r.kind == kind)
            for kind in dict.fromkeys(r.kind for r in MIX)
        },
        "first_miss": first_miss,  # mix.lua's counter: each round asks for new pages
        "new_pages": new_pages(result.report),
        "socket_errors": {k: v for k, v in result.socket_errors.items() if k != "timeout"},
        "timeouts": result.socket_errors["timeout"],
        "rss_kb": rss_kb,
    }


def round_failures(row: Json, options: Options) -> list[str]:
    where = f"round {row['round']}"
    failures = []
    if row["requests"] < options.min_requests:
        failures.append(f"{where}: {row['requests']} requests, fewer than {options.min_requests}")
    if sum(row["socket_errors"].values()):
        failures.append(f"{where}: socket errors {row['socket_errors']}")
    if row["timeouts"]:
        failures.append(f"{where}: {row['timeouts']} timeouts (slower than {wrk.TIMEOUT_S} s)")
    if row["classes"]["unexpected"]:
        failures.append(f"{where}: statuses the mix never asks for: {row['statuses']}")
    # Each status at most as often as requests asking for it were sent; those sent but never
    # answered are the ones still in flight when wrk stopped (at most one per connection),
    # and the one request wrk asks the script for, but never sends, to check it.
    for status, asked in row["asked"].items():
        if row["statuses"].get(status, 0) > asked:
            failures.append(
                f"{where}: {row['statuses'][status]} × {status} for {asked} requests asking for it"
            )
    unanswered = sum(row["asked"].values()) - row["requests"]
    if not 0 <= unanswered <= options.connections + 1:
        failures.append(f"{where}: {unanswered} requests sent but not answered")
    return failures


def run(options: Options, say: Callable[[str], None]) -> Json:
    if not wrk.available():
        raise LoadError(wrk.MISSING)
    server_cpu, load_cpu = cpus()
    os.sched_setaffinity(0, {load_cpu})  # this process stays off the server's CPU
    load = wrk.Load(connections=options.connections, duration_s=options.duration_s, cpu=load_cpu)
    results: Json = {"options": {**asdict(options), "deadline_s": options.deadline_s}}
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="parley-load-") as tmp:
        workdir = Path(tmp)
        say("building the database: parley migrate, parley load")
        database = build_database(workdir)
        server = make_server("parley", database, workdir, server_cpu)
        try:
            with running(server), deadline(options.deadline_s):
                say(f"parley (pid {server.pid}): {server.shell}")
                mix_file = write_mix_file(workdir / "mix.tsv", precheck(server))
                results["rss_kb_before"] = server.rss_kb()
                results["mix"] = [{**asdict(r), "headers": r.headers(None)} for r in MIX]
                next_miss, rows = 0, []
                for number in range(1, options.rounds + 1):
                    script_args = (
                        str(mix_file),
                        str(next_miss),
                        str(MISSES_PER_ROUND),
                        str(options.new_pages_per_s),
                    )
                    argv = wrk.command(server.url("/"), load, {}, MIX_SCRIPT, script_args)
                    results["wrk_command"] = wrk.shell(argv)
                    say(f"round {number} of {options.rounds}: {results['wrk_command']}")
                    result = wrk.run(server.url("/"), load, {}, MIX_SCRIPT, script_args)
                    drained_s = drain(server, number)
                    rows.append(round_row(number, next_miss, result, server.rss_kb()))
                    rows[-1]["drain_s"] = drained_s
                    failures += round_failures(rows[-1], options)
                    next_miss += rows[-1]["new_pages"]
                    if server.exited():
                        raise LoadError(f"the server exited:\n{server.log_tail(5)}")
                results["rounds"] = rows
                health = get(server.port, HEALTH_PATH, {})[0]
                results["health_after"] = health
                if health != HTTPStatus.OK:
                    failures.append(f"/health answered {health} after the load")
        finally:
            results["server"] = {
                "command": server.shell,
                "pid": server.process.pid if server.process else None,
                "exit_status": server.process.returncode if server.process else None,
            }
    first, last = results["rounds"][0]["rss_kb"], results["rounds"][-1]["rss_kb"]
    results["rss_growth_pct"] = round((last - first) / first * 100, 2)
    if results["rss_growth_pct"] > MAX_RSS_GROWTH_PCT:
        failures.append(
            f"server RSS grew {results['rss_growth_pct']} % from round 1 to round "
            f"{options.rounds} (limit {MAX_RSS_GROWTH_PCT} %)"
        )
    results["failures"] = failures
    results["ok"] = not failures
    return results


def render(results: Json) -> str:
    lines = [f"parley: {results['server']['command']}", f"wrk:    {results['wrk_command']}"]
    for row in results["rounds"]:
        classes = row["classes"]
        lines += [
            f"round {row['round']}: {row['requests']:,} requests in {row['seconds']:.1f} s, "
            f"{row['rps']:,.0f} req/s; p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms",
            f"  statuses {row['statuses']}; 2xx {classes['2xx']:,}, 3xx {classes['3xx']:,}, "
            f"expected 4xx {classes['expected_4xx']:,}, unexpected {classes['unexpected']:,}",
            f"  sent {row['sent_by_kind']}; misses for new pages: {row['new_pages']:,}",
            f"  socket errors {sum(row['socket_errors'].values())}, timeouts {row['timeouts']}, "
            f"server RSS {row['rss_kb'] / 1024:.1f} MB; idle again {row['drain_s']} s after",
        ]
    lines.append(
        f"RSS growth, round 1 to {len(results['rounds'])}: {results['rss_growth_pct']:+.2f} % "
        f"(limit {MAX_RSS_GROWTH_PCT} %); p99 "
        + ", ".join(f"{row['p99_ms']} ms" for row in results["rounds"])
    )
    failures = results["failures"]
    lines.append(f"{len(failures)} failure(s):" if failures else "load: passed")
    return "\n".join(lines + [f"  {failure}" for failure in failures])


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    cli.add_argument("--quick", action="store_true", help="2 rounds of 2 s (the smoke test)")
    cli.add_argument("--duration", type=int, metavar="SECONDS", help="per round")
    cli.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    args = cli.parse_args(argv)
    options = QUICK if args.quick else Options()
    if args.duration:
        options = Options(**{**asdict(options), "duration_s": args.duration})
    signal.signal(signal.SIGTERM, lambda signum, _: sys.exit(128 + signum))  # stops the server
    began = time.monotonic()
    try:
        results = run(options, say=lambda message: print(f"load: {message}", file=sys.stderr))
    except (LoadError, BenchError, ServerError, wrk.WrkError) as exc:
        print(f"load: cannot run: {exc}", file=sys.stderr)
        return 2
    results["elapsed_s"] = round(time.monotonic() - began, 1)
    print(render(results))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0 if results["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
