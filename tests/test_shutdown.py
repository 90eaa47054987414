"""Stopping and leaving: SIGTERM lets an answer in flight finish; a client that leaves in
the middle of an export leaves nothing behind (no place, no connection held)."""

import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SYNTH_POSITIONS
from tests.servers import Server, clean_env, running_server

EXPORT = b"GET /positions?format=csv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
READ_TIMEOUT = 60.0


def connect(server: Server) -> socket.socket:
    host, port = server.base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=READ_TIMEOUT)
    # A small window (smaller than an export) so the server must wait for us to read.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    return sock


def read_all(sock: socket.socket, start: bytes = b"") -> bytes:
    """The whole answer: up to the last chunk of its chunked body."""
    received = bytearray(start)
    while not received.endswith(b"\r\n0\r\n\r\n"):
        chunk = sock.recv(1 << 16)
        if not chunk:
            break
        received += chunk
    return bytes(received)


def csv_rows(response: bytes) -> int:
    """Data rows of a chunked CSV answer (the header row not counted)."""
    head, _, body = response.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK"), head[:100]
    text = b""
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            break
        text, body = text + rest[:size], rest[size + 2 :]
    return text.count(b"\r\n") - 1


@pytest.fixture
def synth_server(synth_url: str, tmp_path: Path) -> Iterator[Server]:
    env = clean_env(DATABASE_URL=synth_url, DATABASE_CONCURRENCY="1", RESPONSE_CACHE_BYTES="0")
    with running_server(env, tmp_path) as server:
        yield server


def test_sigterm_lets_an_export_in_flight_finish(synth_server: Server):
    with connect(synth_server) as sock:
        sock.sendall(EXPORT)
        first = sock.recv(1024)  # the answer has begun, and cannot end before we read it
        synth_server.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)  # the server is shutting down while most of the answer is unsent
        response = read_all(sock, first)
    assert csv_rows(response) == SYNTH_POSITIONS
    assert synth_server.process.wait(timeout=READ_TIMEOUT) == 0


def test_clients_that_leave_mid_export_leave_nothing_behind(synth_server: Server):
    # One database place (DATABASE_CONCURRENCY=1): a place or connection kept by an
    # abandoned export would leave the next request waiting for ever.
    for _ in range(3):
        sock = connect(synth_server)
        sock.sendall(EXPORT)
        assert sock.recv(1024).startswith(b"HTTP/1.1 200 OK")
        sock.close()
    time.sleep(0.2)
    with connect(synth_server) as sock:
        sock.sendall(EXPORT)
        assert csv_rows(read_all(sock)) == SYNTH_POSITIONS
