"""`make bench` runs end to end (a quick run in a subprocess) and reports what it promises.
Speed is measured by `make bench`, never asserted here: these tests check the shape."""

import csv
import io
import os
import sqlite3
import sys
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

import app.server
import bench.hello
from app.cli import cli
from app.config import get_settings
from bench import wrk
from bench.__main__ import options_from, parser
from bench.measure import QUICK, Options
from bench.scenarios import COLLAPSE_CONNECTIONS, DATASETTE_METADATA, SCENARIOS, SERVERS
from bench.servers import hello_command
from tests.quick_runs import run_quick


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict, str]:
    """`python -m bench --quick`: exit status, the JSON results, the printed tables."""
    return run_quick("bench", tmp_path_factory.mktemp("bench"))


def test_every_endpoint_in_order_on_three_servers(quick_run):
    _, results, _ = quick_run
    assert [e["name"] for e in results["endpoints"]] == [s.name for s in SCENARIOS]
    assert [e["path"] for e in results["endpoints"]] == [s.path for s in SCENARIOS]
    for endpoint, scenario in zip(results["endpoints"], SCENARIOS, strict=True):
        assert list(endpoint["servers"]) == ["parley", "hello", "datasette"]
        assert [row["path"] for row in endpoint["servers"].values()] == [
            scenario.path,
            "/",
            scenario.datasette_path,
        ]
        for row in endpoint["servers"].values():
            assert len(row["rounds"]) == QUICK.rounds


def test_every_answer_had_the_expected_status_and_nothing_failed(quick_run):
    _, results, _ = quick_run
    for endpoint in results["endpoints"]:
        for name, row in endpoint["servers"].items():
            expected = 304 if endpoint["conditional"] and name == "parley" else 200
            where = (endpoint["name"], name)
            assert row["expected_status"] == expected, where
            assert row["requests"] > 0, where
            assert row["statuses"] == {str(expected): row["requests"]}, where
            assert row["non_2xx_3xx"] == 0, where
            assert row["socket_errors"] == {"connect": 0, "read": 0, "write": 0, "timeout": 0}
            assert row["errors"] == 0, where
    conditional = [e for e in results["endpoints"] if e["conditional"]]
    assert [e["path"] for e in conditional] == ["/positions"]
    assert conditional[0]["servers"]["parley"]["headers"]["If-None-Match"].startswith('"')
    assert conditional[0]["servers"]["parley"]["body_bytes"] == 0


def test_ratios_are_parley_over_hello_and_datasette(quick_run):
    _, results, _ = quick_run
    for endpoint in results["endpoints"]:
        rps = {name: row["rps"] for name, row in endpoint["servers"].items()}
        assert all(value > 0 for value in rps.values()), endpoint["name"]
        assert endpoint["ratio_to_hello"] == rps["parley"] / rps["hello"]
        assert endpoint["ratio_to_datasette"] == rps["parley"] / rps["datasette"]


def test_latency_and_memory_are_reported(quick_run):
    _, results, _ = quick_run
    for endpoint in results["endpoints"]:
        for row in endpoint["servers"].values():
            assert row["rss_kb"] > 0
            assert 0 < row["p50_ms"] <= row["p99_ms"]
            for round_row in row["rounds"]:
                assert round_row["p50_ms"] <= round_row["p75_ms"] <= round_row["p90_ms"]
    cold = results["cold_start"]
    assert len(cold["samples_s"]) == 1 + len(COLLAPSE_CONNECTIONS)  # every parley start
    assert all(sample > 0 for sample in cold["samples_s"])
    assert cold["target_s"] == 1.5


def test_the_commands_are_printed_and_every_server_was_stopped(quick_run):
    _, results, output = quick_run
    commands = {name: server["command"] for name, server in results["servers"].items()}
    assert list(commands) == list(SERVERS)
    assert commands["parley"].endswith(
        "taskset -c 0 " + str(Path(sys.executable).parent / "parley") + " serve --port 0"
    )
    assert "DATABASE_URL=sqlite:///" in commands["parley"]
    assert " -m bench.hello --host 127.0.0.1 --port " in commands["hello"]
    assert " serve -i " in commands["datasette"]
    assert "datasette-metadata.yaml" in commands["datasette"]
    assert results["wrk_command"].startswith("taskset -c 1 wrk -c32 -t1 -d1s ")
    for command in [*commands.values(), results["wrk_command"]]:
        assert command in output
    for server in results["servers"].values():
        assert server["exit_status"] is not None
        with pytest.raises(ProcessLookupError):
            os.kill(server["pid"], 0)


def test_the_exit_status_says_whether_anything_failed(quick_run):
    status, results, output = quick_run
    assert status == (1 if results["failures"] else 0)
    assert results["ok"] is (not results["failures"])
    throughput = [f for f in results["failures"] if not f.startswith("collapse at ")]
    assert throughput == []
    assert ("failure(s):" in output) is bool(results["failures"])


def test_collapse_runs_are_reported(quick_run):
    _, results, output = quick_run
    rows = results["collapse"]
    assert [row["connections"] for row in rows] == list(COLLAPSE_CONNECTIONS)
    for row in rows:
        assert row["path"] == "/positions?party=stalin&issue=dairen"
        assert row["duration_s"] == QUICK.collapse_s
        assert row["health"]["probes"] >= 1
        assert row["rss_kb"] > 0
        assert row["exit_status"] is not None
    assert "Collapse:" in output


def test_collapse_runs_have_no_errors(quick_run):
    status, results, _ = quick_run
    for row in results["collapse"]:
        assert row["errors"] == 0, row
        assert row["health"]["failed"] == 0
    assert status == 0


# -- without running the benchmark --------------------------------------------------------------


def test_hello_world_is_served_exactly_as_parley_serve_serves_the_api(monkeypatch, loaded_url):
    """Both go through app.server.server; only the application differs."""
    calls: list[tuple[tuple, dict]] = []

    class Recorded:
        def __init__(self, *args: object, **kwargs: object) -> None:
            calls.append((args, kwargs))

        def serve(self) -> None:
            pass

    monkeypatch.setattr(app.server, "Granian", Recorded)
    monkeypatch.setenv("DATABASE_URL", loaded_url)  # `serve` checks the database first
    get_settings.cache_clear()
    try:
        assert CliRunner().invoke(cli, ["serve", "--port", "8123"]).exit_code == 0
        monkeypatch.setattr(sys, "argv", hello_command(8123)[2:])
        bench.hello.main()
    finally:
        get_settings.cache_clear()
    [(served_args, served), (hello_args, hello)] = calls
    assert served_args == ("app.main:served",)
    assert hello_args == ("bench.hello:app",)
    assert served == hello
    assert (served["address"], served["port"]) == ("127.0.0.1", 8123)
    assert hello_command(8123)[1:] == ["-m", "bench.hello", "--host", "127.0.0.1", "--port", "8123"]


def _rows(loaded_url: str, scenario) -> tuple[list[str], list[str]]:
    """(columns, rows) of the scenario's canned query, run as Datasette would run it."""
    queries = YAML(typ="safe").load(DATASETTE_METADATA.read_text())["databases"]["parley"]
    database = loaded_url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        cursor = connection.execute(
            queries["queries"][scenario.canned_query]["sql"], dict(parse_qsl(scenario.parameters))
        )
        columns = [column[0] for column in cursor.description]
        return columns, [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_canned_queries_answer_what_the_endpoints_answer(scenario, client, loaded_url):
    """Same rows, same order, same total as the API: Datasette does the equivalent work."""
    _, rows = _rows(loaded_url, scenario)
    response = client.get(scenario.path)
    assert response.status_code == 200
    if scenario.format == "csv":
        api = [row["id"] for row in csv.DictReader(io.StringIO(response.text))]
        assert [row["id"] for row in rows] == api
    elif scenario.name == "parties":
        assert [row["slug"] for row in rows] == [p["slug"] for p in response.json()["items"]]
    elif scenario.name == "comparison":
        api = [
            (g["party"]["slug"], p["id"])
            for g in response.json()["parties"]
            for p in g["positions"]
        ]
        assert [(row["party"], row["id"]) for row in rows] == api
    else:
        assert [row["id"] for row in rows] == [p["id"] for p in response.json()["items"]]
    if "total" in rows[0]:
        assert rows[0]["total"] == int(response.headers["X-Total-Count"])


def test_wrk_report_is_read_whole():
    report = """Running 1s test @ http://127.0.0.1:8000/
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.21s   403.12ms   1.99s    61.54%
    Req/Sec    12.00      5.00    20.00     50.00%
  Latency Distribution
     50%  850.00us
     75%    1.50ms
     90%    1.80s
     99%    1.00m
  13 requests in 1.00s, 9.00KB read
  Socket errors: connect 0, read 2, write 0, timeout 5
  Non-2xx or 3xx responses: 3
Requests/sec:     12.99
Transfer/sec:      8.99KB
status 200 10
status 503 3
"""
    result = wrk.parse(report)
    assert (result.requests, result.seconds, result.rps) == (13, 1.0, 12.99)
    assert result.latency_ms == {"50": 0.85, "75": 1.5, "90": 1800.0, "99": 60000.0}
    assert result.socket_errors == {"connect": 0, "read": 2, "write": 0, "timeout": 5}
    assert (result.non_2xx_3xx, result.statuses) == (3, {"200": 10, "503": 3})
    assert result.errors(200) == 3 + 7
    assert wrk.parse(report.replace("  13 requests", "  0 requests")).errors(200) == 11
    with pytest.raises(wrk.WrkError):
        wrk.parse("Running 1s test\n")


def test_options():
    assert options_from(parser().parse_args([])) == Options()
    assert options_from(parser().parse_args(["--quick"])) == QUICK
    assert options_from(parser().parse_args(["--quick", "--rounds", "2"])).rounds == 2
    assert options_from(parser().parse_args(["--duration", "3"])).duration_s == 3
    with pytest.raises(SystemExit):
        parser().parse_args(["--rounds", "0"])
