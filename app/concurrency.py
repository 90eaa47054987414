"""How many requests may use the database at once, and where the others wait.

Routes and dependencies that query the database run in worker threads (`in_worker_thread`),
and each request holds one database connection from its first query until its session
closes, which may be after the route's thread has been returned. With more requests in flight than connections, threads block waiting for
connections that are held by requests waiting for a thread: that is how the server used to
deadlock at 64 concurrent clients. So requests are admitted here, before they take a thread
or a connection: at most `limit` are inside the application at once, and the connection pool
has exactly that many connections (plus the health lane's), so no thread ever waits for one.
The rest wait on the event loop, in arrival order, holding nothing but their socket.

`/health` has its own lane, so a queue of slow requests never makes the service look dead.
A request whose client leaves while it waits is dropped before it takes a place: under
load, the work of clients that gave up is not done.
"""

import asyncio
import contextvars
import functools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings

P = ParamSpec("P")
R = TypeVar("R")


def in_worker_thread(function: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """A blocking route or dependency (one that queries the database) as an `async` one that
    runs `function` in a worker thread, suspending the request once.

    FastAPI runs a plain `def` through anyio, which wraps the thread in two checkpoints, each
    a whole pass of the event loop, and validates a plain route's answer in another thread.
    Under load a pass serves every other connection first, so a cache miss that crossed
    nine of them waited 0.2 to 2 s behind 256 clients' hits (bench/RESULTS.md, `make load`).
    With this, a list crosses two (the lookups, the route). FastAPI reads the signature
    through `functools.wraps`, so parameters and dependencies are declared as before."""

    @functools.wraps(function)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return await in_worker(function, *args, **kwargs)

    return run


async def in_worker(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`function(*args, **kwargs)` in a worker thread, with the caller's context variables."""
    call = functools.partial(contextvars.copy_context().run, function, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_workers(), call)


@functools.cache
def _workers() -> ThreadPoolExecutor:
    """One thread for each request the gate lets in, and the health lane's: a request never
    waits for a thread (made on first use, so after the server forks its workers)."""
    limit = get_settings().database_concurrency + HEALTH_LANE
    return ThreadPoolExecutor(max_workers=limit, thread_name_prefix="parley-db")


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
        lane = self._lane(scope["path"] in HEALTH_PATHS)
        if not lane.locked():  # a place is free: no wait, nothing to watch
            async with lane:
                await self.app(scope, receive, send)
            return
        waiting = _WatchedWait(receive)
        if not await waiting.admitted(lane):
            return  # the client left while waiting: nobody to answer, nothing to do
        try:
            await self.app(scope, waiting.receive, send)
        finally:
            lane.release()
            waiting.stop_listening()


class _WatchedWait:
    """Wait for a place in a lane while listening for the client to disconnect; afterwards,
    hand the application the request's messages as if nothing had read them."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._first: Message | None = None
        self._listening: asyncio.Future[Message] | None = None

    async def admitted(self, lane: asyncio.Semaphore) -> bool:
        """True once a place is taken; False (and no place taken) if the client left."""
        self._first = await self._receive()  # a GET's one body message: there at once
        if self._first["type"] == "http.disconnect":
            return False
        self._listening = asyncio.ensure_future(self._receive())
        place = asyncio.ensure_future(lane.acquire())
        await asyncio.wait({self._listening, place}, return_when=asyncio.FIRST_COMPLETED)
        if self._listening.done() and self._listening.result()["type"] == "http.disconnect":
            if place.done():
                lane.release()
            else:
                place.cancel()  # asyncio.Semaphore gives back a place granted meanwhile
            return False
        await place
        return True

    async def receive(self) -> Message:
        if self._first is not None:
            first, self._first = self._first, None
            return first
        if self._listening is not None:
            listening, self._listening = self._listening, None
            return await listening  # the client's next message: more body, or its leaving
        return await self._receive()

    def stop_listening(self) -> None:
        if self._listening is not None and not self._listening.done():
            self._listening.cancel()
