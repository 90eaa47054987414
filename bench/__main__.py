"""`python -m bench [--quick] [--rounds N] [--duration S] [--warmup S] [--json PATH]`

Exit status: 0 when every answer was the expected one, 1 on any unexpected status, socket
error or timeout (collapse runs and /health probes included), 2 when the benchmark could
not run (no wrk, a server did not start). Never on speed.
"""

import argparse
import json
import resource
import signal
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import NoReturn

from rich.console import Console

from bench import wrk
from bench.measure import QUICK, BenchError, Options, run
from bench.report import render
from bench.servers import ServerError

# wrk -c1000 and the server it loads each need a descriptor per connection; children
# (servers, wrk) inherit the limit.
OPEN_FILES = 65536


def _at_least(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}")
        return value

    return parse


def parser() -> argparse.ArgumentParser:
    full = Options()
    cli = argparse.ArgumentParser(
        prog="python -m bench",
        description="parley as `make run` serves it, FastAPI's hello world and Datasette on "
        "one CPU, loaded by wrk from the other, in one run.",
    )
    cli.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK.rounds} round of {QUICK.duration_s}-s runs, no warm-up, "
        f"{QUICK.collapse_s}-s collapse runs (the smoke test)",
    )
    cli.add_argument("--rounds", type=_at_least(1), help=f"default {full.rounds}")
    cli.add_argument(
        "--duration",
        type=_at_least(1),
        metavar="SECONDS",
        help=f"per wrk run (default {full.duration_s})",
    )
    cli.add_argument(
        "--warmup",
        type=_at_least(0),
        metavar="SECONDS",
        help=f"per endpoint and server before round 1 (default {full.warmup_s})",
    )
    cli.add_argument(
        "--database-url",
        metavar="URL",
        help="serve parley from this database (migrated and loaded first), e.g. PostgreSQL's; "
        "Datasette still reads the SQLite file. Default: the SQLite file",
    )
    cli.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    return cli


def options_from(args: argparse.Namespace) -> Options:
    options = QUICK if args.quick else Options()
    chosen = {
        "rounds": args.rounds,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "database_url": args.database_url,
    }
    return replace(options, **{k: v for k, v in chosen.items() if v is not None})


def raise_open_files_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = OPEN_FILES if hard == resource.RLIM_INFINITY else max(hard, OPEN_FILES)
    if soft >= OPEN_FILES:
        return
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, wanted))
    except (ValueError, OSError):  # not allowed to raise the hard limit: go as high as it is
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(OPEN_FILES, hard), hard))


def _terminated(signum: int, _frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)  # unwinds, so every server is stopped


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    options = options_from(args)
    # Off a terminal (make's output in a log, a pipe) rich would fold the tables at 80 columns.
    out = Console(soft_wrap=True, emoji=False, width=None if sys.stdout.isatty() else 180)
    err = Console(stderr=True, soft_wrap=True, emoji=False, highlight=False)
    signal.signal(signal.SIGTERM, _terminated)
    raise_open_files_limit()
    try:
        results = run(options, say=lambda message: err.print(f"bench: {message}", markup=False))
    except (BenchError, ServerError, wrk.WrkError) as exc:
        err.print("[red]bench: cannot run:[/red]", end=" ")
        err.print(str(exc), markup=False)
        return 2
    except KeyboardInterrupt:  # the servers have been stopped on the way out
        err.print("bench: interrupted")
        return 130
    render(results, out)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        err.print(f"bench: wrote {args.json}")
    return 0 if results["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
