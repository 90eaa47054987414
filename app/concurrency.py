"""How many requests may use the database at once, and where the others wait.

Sync routes run in a pool of threads, and each request holds one database connection from
its first query until its session closes, which may be after the route's thread has been
returned. With more requests in flight than connections, threads block waiting for
connections that are held by requests waiting for a thread: that is how the server used to
deadlock at 64 concurrent clients. So requests are admitted here, before they take a thread
or a connection: at most `limit` are inside the application at once, and the connection pool
has exactly that many connections (plus the health lane's), so no thread ever waits for one.
The rest wait on the event loop, in arrival order, holding nothing but their socket.

`/health` has its own lane, so a queue of slow requests never makes the service look dead.
"""

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

HEALTH_PATHS = frozenset({"/health"})
HEALTH_LANE = 1  # connections kept for /health; the pool is `limit + HEALTH_LANE`


class AdmissionGate:
    """Let at most `limit` requests into `app` at once (and `HEALTH_LANE` health checks)."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit
        # Semaphores belong to one event loop; a server has one, but test clients start several.
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lanes: dict[bool, asyncio.Semaphore] = {}

    def _lane(self, health: bool) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop = loop
            self._lanes = {
                True: asyncio.Semaphore(HEALTH_LANE),
                False: asyncio.Semaphore(self.limit),
            }
        return self._lanes[health]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with self._lane(scope["path"] in HEALTH_PATHS):
            await self.app(scope, receive, send)
