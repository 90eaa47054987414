"""The HTTP server: Granian running `app.main:served`.

Granian, not uvicorn, because of what was measured on this project (bench/RESULTS.md): at
1,000 concurrent connections uvicorn left some connections unanswered for up to the whole
5-second run even with a trivial ASGI app, while Granian answered every one within about
0.1 s; and Granian's HTTP/1 parser takes bounds on header size and on the time a client may
take to send its headers, which a public server needs."""

from granian import Granian
from granian.constants import Interfaces, Loops
from granian.http import HTTP1Settings
from granian.log import LogLevels
from granian.server import MPServer, MTServer

from app.config import Settings

TARGET = "app.main:served"
# A request's headers must arrive within this time, or the connection is closed: slow
# clients (slowloris) cannot hold connections open for long.
HEADER_READ_TIMEOUT_MS = 5_000
# The largest request head (request line and headers) read: far above what browsers send,
# far below what would let one client take much memory; larger heads get a 431 at once.
MAX_REQUEST_HEAD_BYTES = 64 * 1024
# On SIGTERM a worker stops accepting and finishes the answers in flight; one still busy
# after this long is killed, so a stop (a deploy, a restart) is bounded.
DRAIN_SECONDS = 30


def server(
    settings: Settings, *, host: str, port: int, target: str = TARGET
) -> MPServer | MTServer:  # `Granian` is whichever of the two this build of granian runs
    """The configured server; `target` lets the benchmark serve another app the same way."""
    return Granian(
        target,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        workers=settings.workers,
        loop=Loops.uvloop,
        websockets=False,
        http1_settings=HTTP1Settings(
            header_read_timeout=HEADER_READ_TIMEOUT_MS, max_buffer_size=MAX_REQUEST_HEAD_BYTES
        ),
        log_level=LogLevels(settings.log_level),
        log_access=settings.access_log,
        workers_kill_timeout=DRAIN_SECONDS,
    )


def run(settings: Settings, *, host: str, port: int) -> None:
    server(settings, host=host, port=port).serve()
