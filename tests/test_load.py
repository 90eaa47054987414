"""`make load` runs end to end (its quick mode, in a subprocess) and reports what it promises.
The throughput is printed by `make load`, never asserted here: these tests check the shape."""

import math
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench import wrk
from bench.load import (
    MAX_RSS_GROWTH_PCT,
    MISSES_PER_ROUND,
    QUICK,
    Options,
    classify,
    round_failures,
)
from bench.mix import (
    EXPECTED_STATUSES,
    KINDS,
    MIX,
    MIX_SCRIPT,
    instantiate,
    new_pages,
    sent_counts,
    write_mix_file,
)
from tests.quick_runs import run_quick

NO_SOCKET_ERRORS = {"connect": 0, "read": 0, "write": 0}


@pytest.fixture(scope="module")
def quick_load(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict, str]:
    """`python -m bench.load --quick`: exit status, the JSON results, the printed report."""
    return run_quick("bench.load", tmp_path_factory.mktemp("bench-load"))


def test_two_rounds_pass_with_exit_status_zero(quick_load):
    status, results, output = quick_load
    assert results["failures"] == []
    assert (status, results["ok"]) == (0, True)
    assert [row["round"] for row in results["rounds"]] == [1, 2]
    assert output.rstrip().endswith("load: passed")


def test_no_socket_errors_no_timeouts_and_only_statuses_the_mix_asks_for(quick_load):
    _, results, _ = quick_load
    for row in results["rounds"]:
        assert row["socket_errors"] == NO_SOCKET_ERRORS
        assert row["timeouts"] == 0
        assert set(row["statuses"]) <= {"200", "304", "400", "404"}
        assert row["requests"] == sum(row["statuses"].values()) >= QUICK.min_requests
        classes = row["classes"]
        assert classes["2xx"] == row["statuses"]["200"] > 0
        assert classes["3xx"] == row["statuses"]["304"] > 0
        four = row["statuses"].get("400", 0) + row["statuses"].get("404", 0)
        assert classes["4xx"] == classes["expected_4xx"] == four > 0
        assert (classes["5xx"], classes["unexpected"]) == (0, 0)


def test_every_kind_of_request_was_sent_and_misses_never_repeat(quick_load):
    _, results, _ = quick_load
    first, second = results["rounds"]
    for row in (first, second):
        assert list(row["sent_by_kind"]) == list(dict.fromkeys(r.kind for r in MIX))
        assert all(count > 0 for count in row["sent_by_kind"].values())
        # New pages come at most at the round's steady rate (mix.lua's clock counts whole
        # seconds from the thread's start, just before the round), within the budget.
        paced = QUICK.new_pages_per_s * (math.ceil(row["seconds"]) + 2)
        limit = min(MISSES_PER_ROUND, row["sent_by_kind"]["miss"], paced)
        assert 0 < row["new_pages"] <= limit
        assert row["asked"]["304"] == row["sent_by_kind"]["not-modified"]
    assert (first["first_miss"], second["first_miss"]) == (0, first["new_pages"])
    assert [r["path"] for r in results["mix"]] == [r.path for r in MIX]


def test_latency_memory_and_the_commands_are_reported(quick_load):
    _, results, output = quick_load
    rss = [row["rss_kb"] for row in results["rounds"]]
    assert results["rss_kb_before"] > 0
    assert all(value > 0 for value in rss)
    assert results["rss_growth_pct"] == round((rss[1] - rss[0]) / rss[0] * 100, 2)
    assert results["rss_growth_pct"] <= MAX_RSS_GROWTH_PCT
    for row in results["rounds"]:
        assert 0 < row["p50_ms"] <= row["p99_ms"]
        assert f"p99 {row['p99_ms']} ms" in output
    assert results["server"]["command"].endswith(
        "taskset -c 0 " + str(Path(sys.executable).parent / "parley") + " serve --port 0"
    )
    assert "DATABASE_URL=sqlite:///" in results["server"]["command"]
    assert results["wrk_command"].startswith("taskset -c 1 wrk -c256 -t1 -d2s --timeout=2s ")
    assert results["health_after"] == 200


def test_the_server_was_stopped(quick_load):
    _, results, _ = quick_load
    assert results["server"]["exit_status"] is not None
    with pytest.raises(ProcessLookupError):
        os.kill(results["server"]["pid"], 0)


# -- without running the load -------------------------------------------------------------------


def test_the_mix():
    kinds = [request.kind for request in MIX]
    assert {kind: kinds.count(kind) for kind in KINDS} == {
        "hit": 26,
        "miss": 2,
        "export": 3,
        "not-modified": 6,
        "error": 3,
    }
    assert sorted(EXPECTED_STATUSES) == [200, 304, 400, 404]
    assert instantiate("/positions?per_page={per_page}&page={page}", 0) == (
        "/positions?per_page=1&page=1"
    )
    assert instantiate("/positions?per_page={per_page}&page={page}", 250) == (
        "/positions?per_page=51&page=3"
    )


def test_the_mix_file_and_what_mix_lua_reports(tmp_path):
    lines = write_mix_file(tmp_path / "mix.tsv", {"/positions": '"abc"'}).read_text().splitlines()
    assert len(lines) == len(MIX)
    assert lines[0] == "/positions\tAccept-Encoding: gzip"
    conditional = MIX.index(next(r for r in MIX if r.conditional))
    assert lines[conditional] == '/positions\tAccept-Encoding: gzip\tIf-None-Match: "abc"'
    assert sent_counts("status 200 9\nsent 1 5\nsent 2 4\n")[:3] == [5, 4, 0]


def test_classes_and_failures():
    assert classify({"200": 5, "304": 2, "400": 1, "404": 1, "429": 3, "500": 4}) == {
        "2xx": 5,
        "3xx": 2,
        "4xx": 5,
        "5xx": 4,
        "expected_4xx": 2,
        "unexpected": 7,
    }
    statuses = {"200": 900, "304": 60, "400": 30, "404": 10}
    row = {
        "round": 1,
        "requests": 1000,
        "statuses": statuses,
        "classes": classify(statuses),
        "asked": {"200": 950, "304": 60, "400": 30, "404": 10},
        "socket_errors": NO_SOCKET_ERRORS,
        "timeouts": 0,
    }
    options = Options(min_requests=1000, connections=256)
    assert round_failures(row, options) == []
    assert round_failures({**row, "timeouts": 2}, options) == [
        "round 1: 2 timeouts (slower than 2 s)"
    ]
    swapped = {**row, "asked": {**row["asked"], "200": 1010, "304": 0}}
    assert round_failures(swapped, options) == ["round 1: 60 × 304 for 0 requests asking for it"]
    assert round_failures({**row, "requests": 999}, options) == [
        "round 1: 999 requests, fewer than 1000"
    ]


class _RecordingHandler(BaseHTTPRequestHandler):
    """Answers 200 to every GET and keeps the path: what mix.lua actually sent."""

    paths: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the name http.server dispatches to)
        self.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_mix_lua_asks_for_new_pages_at_the_steady_rate_only(tmp_path):
    """One new page number a second over a 3-s run: at most 4 (the clock counts whole
    seconds, the first one included), from the first number given; every other miss
    repeats one of them."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        mix_file = write_mix_file(tmp_path / "mix.tsv", {})
        load = wrk.Load(connections=2, duration_s=3, cpu=0)
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        result = wrk.run(url, load, {}, MIX_SCRIPT, (str(mix_file), "1000", "100", "1"))
    finally:
        server.shutdown()
        server.server_close()
    numbers = {
        (int(page) - 1) * 100 + int(per_page) - 1
        for per_page, page in re.findall(
            r"per_page=(\d+)&page=(\d+)", "\n".join(_RecordingHandler.paths)
        )
    }
    misses = sum(1 for path in _RecordingHandler.paths if "per_page=" in path)
    assert new_pages(result.report) == len(numbers)
    assert numbers <= set(range(1000, 1004))
    assert 1 <= len(numbers) <= 4 < misses
