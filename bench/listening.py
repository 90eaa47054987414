"""Which port a server the OS gave a free port to (`--port 0`) is listening on.

Choosing a free port, releasing it and handing it to a server races with every other process
picking ports on the machine, and Granian binds with SO_REUSEPORT: a second server on a taken
port starts without complaint and the kernel shares the connections between the two. So the
servers started by the tests and the benchmark bind port 0, and the port is read from /proc
(Granian logs `:0`; it does not report the port it got). Linux only, as is taskset."""

import os
import subprocess
import time
from contextlib import suppress
from pathlib import Path

POLL_S = 0.01
LISTEN = "0A"  # the TCP state in /proc/net/tcp


class NoPort(Exception):
    """The server exited, or did not listen in time."""


def children() -> dict[int, list[int]]:
    """Every process's children, by parent pid."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with suppress(OSError, IndexError, ValueError):
            # The command name may hold spaces and parentheses; the fields after it may not.
            ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants (a server's workers)."""
    tree, found, pending = children(), [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending += tree.get(current, [])
    return found


def _socket_inodes(pids: list[int]) -> set[str]:
    inodes = set()
    for pid in pids:
        with suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:["):
                        inodes.add(target[len("socket:[") : -1])
    return inodes


def listening_ports(pid: int) -> set[int]:
    """The TCP ports the process or one of its descendants listens on."""
    inodes = _socket_inodes(process_tree(pid))
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == LISTEN and fields[9] in inodes:
                    ports.add(int(fields[1].rpartition(":")[2], 16))
    return ports


def wait_for_port(process: subprocess.Popen[bytes], timeout_s: float) -> int:
    """The one port `process` (or a worker of it) listens on, once it does; NoPort if it
    exits first or does not listen within `timeout_s`."""
    give_up = time.monotonic() + timeout_s
    while time.monotonic() < give_up:
        if process.poll() is not None:
            raise NoPort(f"exited with status {process.returncode} before listening")
        ports = listening_ports(process.pid)
        if len(ports) > 1:
            raise NoPort(f"listens on several ports: {sorted(ports)}")
        if ports:
            return ports.pop()
        time.sleep(POLL_S)
    raise NoPort(f"did not listen within {timeout_s} s")
