"""The HTTP server: Granian running `app.main:served`.

Granian, not uvicorn, because of what was measured on this project (bench/RESULTS.md): at
1,000 concurrent connections uvicorn left some connections unanswered for up to the whole
5-second run even with a trivial ASGI app, while Granian answered every one within about
0.1 s; and Granian's HTTP/1 parser takes bounds on header size and on the time a client may
take to send its headers, which a public server needs."""

from granian import Granian
from granian.constants import Interfaces, Loops
from granian.log import LogLevels

from app.config import Settings

TARGET = "app.main:served"


def server(settings: Settings, *, host: str, port: int, target: str = TARGET) -> Granian:
    """The configured server; `target` lets the benchmark serve another app the same way."""
    return Granian(
        target,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        workers=settings.workers,
        loop=Loops.uvloop,
        websockets=False,
        log_level=LogLevels(settings.log_level),
        log_access=settings.access_log,
    )


def run(settings: Settings, *, host: str, port: int) -> None:
    server(settings, host=host, port=port).serve()
