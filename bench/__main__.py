"""`python -m bench [--quick] [--requests N] [--concurrency K] [--json PATH]`

Exit status: 0 when every request answered as expected, 1 when a request failed,
2 when the benchmark could not run (server did not start, global timeout). Never on timing.
"""

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from rich.console import Console

from bench.report import render
from bench.runner import BenchError, Options, run

QUICK_REQUESTS = 20
QUICK_WARMUP = 2


def _count(minimum: int):
    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}")
        return value

    return parse


def _seconds(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def parser() -> argparse.ArgumentParser:
    defaults = Options()
    cli = argparse.ArgumentParser(
        prog="python -m bench",
        description="Time the parley API's endpoints against /health, measured in the same run, "
        "on a temporary database served by `parley serve` on 127.0.0.1.",
    )
    cli.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_REQUESTS} requests and {QUICK_WARMUP} warm-ups per endpoint",
    )
    cli.add_argument(
        "--requests",
        type=_count(1),
        metavar="N",
        help=f"timed requests per endpoint (default {defaults.requests})",
    )
    cli.add_argument(
        "--warmup",
        type=_count(0),
        metavar="N",
        help=f"untimed requests per endpoint first (default {defaults.warmup})",
    )
    cli.add_argument(
        "--concurrency",
        type=_count(1),
        default=defaults.concurrency,
        metavar="K",
        help="also run a pass with K concurrent connections (default 1: sequential only)",
    )
    cli.add_argument("--no-gzip", action="store_true", help="do not send Accept-Encoding: gzip")
    cli.add_argument(
        "--timeout",
        type=_seconds,
        default=defaults.timeout,
        metavar="SECONDS",
        help=f"stop the whole run after this long (default {defaults.timeout:g})",
    )
    cli.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    return cli


def options_from(args: argparse.Namespace) -> Options:
    defaults = Options()
    requests = QUICK_REQUESTS if args.quick else defaults.requests
    warmup = QUICK_WARMUP if args.quick else defaults.warmup
    return Options(
        requests=args.requests if args.requests is not None else requests,
        warmup=args.warmup if args.warmup is not None else warmup,
        concurrency=args.concurrency,
        gzip=not args.no_gzip,
        timeout=args.timeout,
    )


def _terminated(signum, _frame) -> None:
    raise SystemExit(128 + signum)  # unwinds, so the server is stopped


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    options = options_from(args)
    # Off a terminal (make, CI logs, pipes) rich would assume 80 columns and fold the table.
    out = Console(soft_wrap=True, emoji=False, width=None if sys.stdout.isatty() else 150)
    err = Console(stderr=True, soft_wrap=True, emoji=False, highlight=False)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if in_main_thread else None
    try:
        results = run(options, say=lambda message: err.print(f"bench: {message}", markup=False))
    except BenchError as exc:
        err.print("[red]bench: cannot run:[/red]", end=" ")
        err.print(str(exc), markup=False)
        return 2
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
    render(results, out)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results.to_dict(), indent=2) + "\n")
        err.print(f"bench: wrote {args.json}")
    return 0 if results.ok else 1


if __name__ == "__main__":
    sys.exit(main())
