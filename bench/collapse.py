"""Issue 6, section 0: no collapse. A bounded wrk run far above the server's thread pool,
while another client asks /health every 100 ms and times every answer."""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus

from bench import Json, wrk
from bench.scenarios import COLLAPSE_PATH, HEADERS, HEALTH_PATH
from bench.servers import Server, get

PROBE_INTERVAL_S = 0.1
PROBE_TIMEOUT_S = 10.0  # a probe slower than this fails
FINAL_WAIT_S = 1.0  # how long a probe in flight when the load stops may still take
HEALTH_TARGET_MS = 1000.0


@dataclass
class HealthProbe:
    """/health on a new connection every PROBE_INTERVAL_S (as a load balancer asks), in a
    thread, until stopped. A probe that times out or does not answer 200 has failed."""

    port: int
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    in_flight_since: float | None = None  # perf_counter when the unanswered probe was sent

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._probe, name="health-probe", daemon=True)

    def _probe(self) -> None:
        while not self._stop.is_set():
            began = self.in_flight_since = time.perf_counter()
            try:
                status = get(self.port, HEALTH_PATH, {}, timeout=PROBE_TIMEOUT_S)[0]
                problem = None if status == HTTPStatus.OK else f"status {status}"
            except (OSError, http.client.HTTPException) as exc:
                problem = f"{type(exc).__name__}: {exc}"
            if self._stop.is_set():
                return  # counted by __exit__ as still unanswered
            self.latencies_ms.append((time.perf_counter() - began) * 1e3)
            self.in_flight_since = None
            if problem:
                self.failures.append(problem)
            self._stop.wait(max(0.0, began + PROBE_INTERVAL_S - time.perf_counter()))

    def __enter__(self) -> "HealthProbe":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        """Stop probing. A probe still unanswered after a short wait counts as failed, with
        its wait so far as its latency; the daemon thread ends by its own timeout."""
        self._stop.set()
        self._thread.join(FINAL_WAIT_S)
        since = self.in_flight_since
        if self._thread.is_alive() and since is not None:
            waited = time.perf_counter() - since
            self.latencies_ms.append(waited * 1e3)
            self.failures.append(f"unanswered after {waited:.1f} s when the load stopped")

    def summary(self) -> dict[str, object]:
        latencies = sorted(self.latencies_ms)
        return {
            "probes": len(latencies),
            "failed": len(self.failures),
            "failures": sorted(set(self.failures))[:5],
            "median_ms": round(statistics.median(latencies), 2) if latencies else None,
            "max_ms": round(latencies[-1], 2) if latencies else None,
            "target_max_ms": HEALTH_TARGET_MS,
        }


def collapse_run(server: Server, connections: int, duration_s: int, cpu: int) -> Json:
    """Wrk at `connections` on COLLAPSE_PATH while probing /health; RSS after."""
    load = wrk.Load(connections=connections, duration_s=duration_s, cpu=cpu)
    argv = wrk.command(server.url(COLLAPSE_PATH), load, HEADERS)
    with HealthProbe(server.port) as probe:
        result = wrk.run(server.url(COLLAPSE_PATH), load, HEADERS)
    errors = result.errors(200) + len(probe.failures)
    return {
        "connections": connections,
        "path": COLLAPSE_PATH,
        "duration_s": duration_s,
        "command": wrk.shell(argv),
        "requests": result.requests,
        "rps": round(result.rps, 1),
        "p50_ms": result.latency_ms["50"],
        "p99_ms": result.latency_ms["99"],
        "statuses": result.statuses,
        "non_2xx_3xx": result.non_2xx_3xx,
        "socket_errors": result.socket_errors,
        "health": probe.summary(),
        "no_answers": result.requests == 0,
        "errors": errors,
        "rss_kb": server.rss_kb(),
        "cold_start_s": round(server.startup_s or 0.0, 3),
    }
