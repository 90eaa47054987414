"""Run `wrk` pinned to one CPU and read its report: throughput, the latency distribution of
`--latency`, errors, and (through statuses.lua) every HTTP status it received."""

import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

STATUS_SCRIPT = Path(__file__).with_name("statuses.lua")
MISSING = "wrk is not installed; scripts/install-bench-tools installs it (apt-get install wrk)"
# wrk's own default, stated. wrk counts a response slower than this as a timeout, not in the
# latency distribution; a request never answered is not counted at all.
TIMEOUT_S = 2
PERCENTILES = ("50", "75", "90", "99")
_UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


class WrkError(Exception):
    """wrk could not run, or printed something this module cannot read."""


@dataclass(frozen=True)
class Load:
    connections: int = 32
    threads: int = 1
    duration_s: int = 5
    cpu: int = 1


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    latency_ms: dict[str, float]  # percentile ("50", "75", "90", "99") → milliseconds
    non_2xx_3xx: int
    socket_errors: dict[str, int]  # connect, read, write, timeout
    statuses: dict[str, int] = field(default_factory=dict)
    report: str = field(default="", repr=False)  # wrk's whole output, for a script's own lines

    @property
    def socket_error_count(self) -> int:
        return sum(self.socket_errors.values())

    def unexpected(self, expected: int) -> int:
        """Responses with another status than `expected`."""
        return sum(count for status, count in self.statuses.items() if status != str(expected))

    def errors(self, expected: int) -> int:
        """Everything that went wrong: wrong statuses, non-2xx/3xx, socket errors, timeouts,
        and no response at all (which wrk itself does not count as an error)."""
        silent = 1 if self.requests == 0 else 0
        return max(self.unexpected(expected), self.non_2xx_3xx) + self.socket_error_count + silent


def available() -> bool:
    return shutil.which("wrk") is not None and shutil.which("taskset") is not None


def command(
    url: str,
    load: Load,
    headers: dict[str, str],
    script: Path = STATUS_SCRIPT,
    script_args: tuple[str, ...] = (),
) -> list[str]:
    """The wrk command line; `script_args` reach the Lua script's init(args)."""
    header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    return [
        "taskset",
        "-c",
        str(load.cpu),
        "wrk",
        f"-c{load.connections}",
        f"-t{load.threads}",
        f"-d{load.duration_s}s",
        f"--timeout={TIMEOUT_S}s",
        "--latency",
        f"--script={script}",
        *header_args,
        url,
        *(["--", *script_args] if script_args else []),
    ]


def shell(argv: list[str]) -> str:
    return shlex.join(argv)


def run(
    url: str,
    load: Load,
    headers: dict[str, str],
    script: Path = STATUS_SCRIPT,
    script_args: tuple[str, ...] = (),
) -> WrkResult:
    if not available():
        raise WrkError(MISSING)
    argv = command(url, load, headers, script, script_args)
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=load.duration_s + 30,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise WrkError(f"wrk did not finish in time: {shell(argv)}") from None
    if done.returncode != 0:
        raise WrkError(f"wrk exited with {done.returncode}: {done.stderr.strip() or done.stdout}")
    return parse(done.stdout)


def _milliseconds(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not found:
        raise WrkError(f"unreadable latency {text!r}")
    return float(found[1]) * _UNITS_MS[found[2]]


def parse(report: str) -> WrkResult:
    """Read wrk's text report (with --latency) and the status lines of statuses.lua."""
    total = re.search(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h)", report, re.M)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", report, re.M)
    if not total or not rate:
        raise WrkError(f"unreadable wrk report:\n{report}")
    latency = {
        pct: _milliseconds(value)
        for pct, value in re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", report, re.M)
        if pct in PERCENTILES
    }
    if set(latency) != set(PERCENTILES):
        raise WrkError(f"no latency distribution (was --latency given?):\n{report}")
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    statuses: dict[str, int] = {}
    for status, count in re.findall(r"^status (\d+) (\d+)$", report, re.M):
        statuses[status] = statuses.get(status, 0) + int(count)
    return WrkResult(
        requests=int(total[1]),
        seconds=_milliseconds(total[2] + total[3]) / 1e3,
        rps=float(rate[1]),
        latency_ms=latency,
        non_2xx_3xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=dict(
            zip(
                ("connect", "read", "write", "timeout"),
                (int(n) for n in sockets.groups()) if sockets else (0, 0, 0, 0),
                strict=True,
            )
        ),
        statuses=dict(sorted(statuses.items())),
        report=report,
    )
