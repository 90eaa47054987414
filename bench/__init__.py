"""Latency benchmarks for the parley API, with a baseline measured in the same run.

`python -m bench` (or `make bench`) builds a throw-away SQLite database from the real
migrations and seed, starts the real server (`parley serve`) on a free port of 127.0.0.1,
and times sequential keep-alive requests to each endpoint. Every endpoint is reported as
median, p95 and requests/s, and as the ratio of its median to the median of `/health`
measured in the same run, so results can be compared across machines and commits.

Timing never fails the run: the exit status is non-zero only when a request fails.
"""

from bench.runner import ENDPOINTS, Endpoint, Options, Results, run

__all__ = ["ENDPOINTS", "Endpoint", "Options", "Results", "run"]
