"""The benchmark runs end to end and reports every endpoint. Speed is measured by
`make bench`, never asserted here: these tests check the shape of the results only."""

import io
import json
import os
from contextlib import redirect_stdout

import pytest

from bench import ENDPOINTS, Options
from bench.__main__ import main, options_from, parser


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict, str]:
    """One quick run of `python -m bench` in-process: exit status, JSON, printed output."""
    path = tmp_path_factory.mktemp("bench") / "results.json"
    stdout = io.StringIO()
    with redirect_stdout(stdout):
        status = main(["--quick", "--requests", "3", "--warmup", "1", "--json", str(path)])
    return status, json.loads(path.read_text()), stdout.getvalue()


def test_quick_run_succeeds_and_reports_every_endpoint(bench_run):
    status, results, _ = bench_run
    assert status == 0
    assert results["ok"] is True
    assert results["failures"] == []
    assert [t["name"] for t in results["sequential"]] == [e.name for e in ENDPOINTS]
    assert [t["path"] for t in results["sequential"]] == [e.path for e in ENDPOINTS]
    assert results["concurrent"] == []
    assert results["options"]["requests"] == 3


def test_statuses_are_200_and_304_for_the_conditional_get(bench_run):
    _, results, _ = bench_run
    for timing in results["sequential"]:
        expected = "304" if timing["conditional"] else "200"
        assert timing["statuses"] == {expected: 3}, timing["name"]
        assert timing["failed"] == 0
    conditional = [t for t in results["sequential"] if t["conditional"]]
    assert [(t["path"], t["expected_status"]) for t in conditional] == [("/positions", 304)]
    assert conditional[0]["body_bytes"] == 0


def test_timings_are_positive_and_the_baseline_ratio_is_one(bench_run):
    _, results, _ = bench_run
    assert results["baseline"] == "health"
    baseline = results["sequential"][0]
    assert baseline["name"] == "health"
    assert baseline["ratio"] == 1.0
    for timing in results["sequential"]:
        for key in ("median_ms", "p95_ms", "mean_ms", "min_ms", "max_ms", "rps", "ratio"):
            assert timing[key] > 0, (timing["name"], key)
        assert timing["min_ms"] <= timing["median_ms"] <= timing["p95_ms"] <= timing["max_ms"]
        assert timing["ratio"] == pytest.approx(timing["median_ms"] / baseline["median_ms"])


def test_machine_and_dataset_are_reported(bench_run):
    _, results, output = bench_run
    assert set(results) >= {"machine", "source", "options", "sequential", "failures"}
    assert len(results["dataset_version"]) == 64
    assert results["machine"]["cpu_count"] >= 1
    assert results["machine"]["python"].startswith("3.")
    # The printed table names every endpoint, the baseline column and the dataset.
    for endpoint in ENDPOINTS:
        assert endpoint.name in output
    assert "× health" in output
    assert results["dataset_version"][:12] in output


def test_the_server_ran_on_loopback_and_was_stopped(bench_run):
    _, results, _ = bench_run
    assert results["server"]["command"].startswith("serve --host 127.0.0.1 --port ")
    assert results["server"]["exit_status"] is not None  # terminated and reaped
    with pytest.raises(ProcessLookupError):
        os.kill(results["server"]["pid"], 0)


def test_quick_and_requests_flags():
    assert options_from(parser().parse_args([])) == Options()
    quick = options_from(parser().parse_args(["--quick"]))
    assert (quick.requests, quick.warmup) == (20, 2)
    assert options_from(parser().parse_args(["--quick", "--requests", "3"])).requests == 3
    with pytest.raises(SystemExit):
        parser().parse_args(["--requests", "0"])
