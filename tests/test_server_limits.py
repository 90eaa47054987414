"""What the real server (Granian, as `parley serve` configures it) refuses before the app
sees it: huge request heads, huge URLs, and clients too slow to send their headers."""

import socket
import time
from collections.abc import Iterator

import pytest

from app.server import HEADER_READ_TIMEOUT_MS
from tests.servers import Server, clean_env, running_server

SLOW_CLIENTS = 200


@pytest.fixture(scope="module")
def server(loaded_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(clean_env(DATABASE_URL=loaded_url), tmp_path_factory.mktemp("lim")) as s:
        yield s


def connect(server: Server, timeout: float) -> socket.socket:
    host, port = server.base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=timeout)


def status_line(server: Server, head: bytes, timeout: float = 1.0) -> bytes:
    """The status line answered to a raw request head, which must come within `timeout`."""
    with connect(server, timeout) as sock:
        sock.sendall(head)
        return sock.recv(200).split(b"\r\n", 1)[0]


def test_a_one_megabyte_header_is_refused_at_once(server: Server):
    head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 2**20 + b"\r\n\r\n"
    assert status_line(server, head) == b"HTTP/1.1 431 Request Header Fields Too Large"


def test_a_header_of_a_few_kilobytes_is_fine(server: Server):
    head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + b"a" * 16_000 + b"\r\n\r\n"
    assert status_line(server, head) == b"HTTP/1.1 200 OK"


def test_a_long_url_is_a_414_problem_and_a_huge_one_is_refused_by_the_server(server: Server):
    # Past 4 KB of query the app answers 414 with a problem document; past the 64 KB the
    # server reads of a request head, the server itself refuses it, as for a huge header.
    with connect(server, 1.0) as sock:
        sock.sendall(b"GET /positions?q=" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 414 URI Too Long\r\n")
    assert b"content-type: application/problem+json" in answer
    head = b"GET /positions?q=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    assert status_line(server, head) == b"HTTP/1.1 431 Request Header Fields Too Large"


def test_slow_clients_neither_block_others_nor_stay_forever(server: Server):
    """200 connections that never finish their headers (slowloris): a normal request is
    still answered, and the server closes the slow ones once the header timeout passes."""
    timeout = HEADER_READ_TIMEOUT_MS / 1000
    slow = [connect(server, timeout * 3) for _ in range(SLOW_CLIENTS)]
    try:
        for sock in slow:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
        assert status_line(server, b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") == (
            b"HTTP/1.1 200 OK"
        )
        started = time.monotonic()
        closed = 0
        for sock in slow:
            remaining = max(timeout * 3 - (time.monotonic() - started), 0.1)
            sock.settimeout(remaining)
            answer = sock.recv(200)  # b"" or a 408: the server gave up on this client
            closed += answer == b"" or answer.startswith(b"HTTP/1.1 408")
        assert closed == SLOW_CLIENTS
    finally:
        for sock in slow:
            sock.close()
