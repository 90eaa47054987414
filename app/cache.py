"""The response cache: every answer computed once per dataset version, then served from memory.

Between two loads the data cannot change, so a response depends only on the dataset and the
request. This ASGI layer sits in front of the whole application: a hit is answered with the
stored bytes before routing, dependency injection, validation, serialisation, ETag hashing or
compression run, and without touching the database or a thread.

What a response depends on is the key: the request line (path and the exact query string:
bodies echo the query in their `self` links, so a reordered query is another response), the
scheme, `Host` and root path that links are built from, the raw `Accept` (format
negotiation) and `Prefer` (what an annotation container embeds), whether `gzip` is accepted, and whether an `Origin` was sent (CORS headers).
Requests carrying anything else that could change the answer (cookies, credentials, ranges,
date validators) bypass the cache. `If-None-Match` is part of the key only as "matches the
stored ETag or not", because a 304 is the same for every matching tag.

Kept: complete answers to `GET` that do not say `no-store`: a `200` with its ETag, and the
answers that are as fixed as a `200` for one dataset (a `308` to an alias's canonical URL, a
`400` for a parameter no list accepts, a `404` for an unknown slug), so that repeated bad
requests cost no more than good ones. Never kept: a `5xx` or `503` (the database may come
back), `/health` (`no-store`), an oversized body, or a file (`Content-Disposition: attachment`,
the whole-dataset downloads, served from disk: they are passed on as they stream, never
copied, and concurrent requests for one are not held back while another is sent). Memory is bounded: least recently used entries go first
once the stored bytes pass the limit, so arbitrary query strings cannot grow it. The first
request for a key computes it while concurrent requests for the same key wait for that one
answer instead of all computing it.
"""

import asyncio
import sys
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from http import HTTPStatus

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.http import etag_matches

# Answers as fixed as a 200 for one dataset and one request: kept too.
_FIXED_STATUSES = frozenset({301, 308, 400, 404, 410, 414})
# Request headers that change the answer in ways the key does not model: never cached.
# A request with content is one (a GET's body is refused, app.http.ReadOnly).
_UNCACHEABLE_REQUEST_HEADERS = frozenset(
    {b"cookie", b"authorization", b"range", b"if-range", b"if-modified-since", b"if-match"}
    | {b"transfer-encoding"}
)


# What an entry costs besides its body and headers: the object, its key (a tuple of nine
# parts, most of them bytes) and its place in the ordered dict. Measured with tracemalloc
# over 5,000 entries like a positions page's: 3,432 bytes each, of which getsizeof counts
# 3,000 in the body and headers; the rest, rounded up.
_ENTRY_OVERHEAD = 512
# (dataset version, what the answer depends on), and 304 for the stored Not Modified
CacheKey = tuple[Hashable, ...]


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: str | None

    @property
    def size(self) -> int:
        """Bytes held, counted as Python holds them: each bytes object and tuple has its own
        overhead, which for a small answer is most of its cost."""
        headers = sys.getsizeof(self.headers) + sum(
            sys.getsizeof(pair) + sys.getsizeof(name) + sys.getsizeof(value)
            for pair in self.headers
            for name, value in (pair,)
        )
        return sys.getsizeof(self.body) + headers + _ENTRY_OVERHEAD

    async def send(self, send: Send, *, with_body: bool) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body if with_body else b""})


def _too_large_or_a_file(headers: list[tuple[bytes, bytes]], limit: int) -> bool:
    """Whether a response says, before its body, that it will not be kept: a file, or a
    declared length over the limit."""
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"content-disposition" and value.lower().startswith(b"attachment"):
            return True
        if lowered == b"content-length" and value.strip().isdigit() and int(value) > limit:
            return True
    return False


class _Recorder:
    """Passes every message on to the client and keeps a copy while it is small enough.

    `unstorable` is called once it is known that nothing will be kept, so that requests
    waiting for this answer go ahead instead of waiting for the whole transfer."""

    def __init__(self, send: Send, limit: int, unstorable: Callable[[], None]) -> None:
        self.send = send
        self.limit = limit
        self.unstorable = unstorable
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []
        self.size = 0
        self.complete = False
        self.storable = True

    async def __call__(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            self.status = message["status"]
            self.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
            if _too_large_or_a_file(self.headers, self.limit):
                self.storable = False
                self.unstorable()
        elif kind == "http.response.body" and self.storable:
            body = message.get("body", b"")
            self.size += len(body)
            if self.size > self.limit:
                self.storable, self.chunks = False, []
            else:
                self.chunks.append(body)
            self.complete = not message.get("more_body", False)
        else:  # a server extension (pathsend, trailers …): not something to replay
            self.storable = False
        await self.send(message)

    def stored(self, *, conditional: bool) -> StoredResponse | None:
        """The answer as it may be kept, or None. A conditional request's answer is kept
        only if it is the 304 it asked for."""
        wanted = (
            self.status == HTTPStatus.NOT_MODIFIED
            if conditional
            else (self.status == HTTPStatus.OK or self.status in _FIXED_STATUSES)
        )
        if not (self.storable and self.complete and wanted):
            return None
        etag = None
        for name, value in self.headers:
            lowered = name.lower()
            if lowered == b"cache-control" and b"no-store" in value.lower():
                return None
            if lowered == b"etag":
                etag = value.decode("latin-1")
        if self.status == HTTPStatus.OK and etag is None:
            return None  # nothing to revalidate against: not a representation we can vouch for
        return StoredResponse(self.status, tuple(self.headers), b"".join(self.chunks), etag)


class ResponseCache:
    """Serve stored responses for the current dataset version; compute each miss once.

    `version` names the dataset being served (any hashable, e.g. the database file's identity),
    or None when it cannot be known: then every request goes to the application."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        version: Callable[[], Hashable | None],
        max_bytes: int,
        max_entry_bytes: int | None = None,
    ) -> None:
        self.app = app
        self.version = version
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes if max_entry_bytes is not None else max_bytes // 8
        self.entries: OrderedDict[CacheKey, StoredResponse] = OrderedDict()
        self.stored_bytes = 0
        self.current_version: Hashable | None = None
        self.in_flight: dict[CacheKey, asyncio.Event] = {}
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.max_bytes <= 0 or scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        base = self._key(scope)
        version = self.version() if base is not None else None
        if base is None or version is None:
            await self.app(scope, receive, send)
            return
        if version != self.current_version:  # a new dataset: nothing stored is true any more
            self.clear()
            self.current_version = version
        plain_key, if_none_match = base
        key: CacheKey = (version, plain_key)
        head = scope["method"] == "HEAD"

        entry = self.entries.get(key)
        if entry is None and not head and not if_none_match:
            entry = await self._wait_for(key)
            if entry is None:
                await self._fill(key, scope, receive, send, conditional=False)
                return
        if entry is None:  # HEAD or conditional before any GET: the application answers it
            await self.app(scope, receive, send)
            return
        if if_none_match and entry.etag is not None and etag_matches(if_none_match, entry.etag):
            not_modified_key = (version, plain_key, 304)
            not_modified = self.entries.get(not_modified_key) or await self._wait_for(
                not_modified_key
            )
            if not_modified is None:
                await self._fill(not_modified_key, scope, receive, send, conditional=True)
                return
            entry, key = not_modified, not_modified_key
        self.hits += 1
        self.entries.move_to_end(key)
        await entry.send(send, with_body=not head)

    def _key(self, scope: Scope) -> tuple[Hashable, str] | None:
        """(what the answer depends on, the If-None-Match value), or None: do not cache."""
        host = accept = prefer = b""
        gzip = origin = False
        if_none_match = ""
        for raw_name, value in scope["headers"]:
            name = raw_name.lower()
            if name == b"host":
                host = value
            elif name == b"accept":
                accept = value
            elif name == b"prefer":
                prefer += value + b","  # several Prefer headers are one list
            elif name == b"accept-encoding":
                gzip = b"gzip" in value
            elif name == b"origin":
                origin = True
            elif name == b"if-none-match":
                if_none_match = value.decode("latin-1")
            elif name in _UNCACHEABLE_REQUEST_HEADERS or (
                name == b"content-length" and value.strip() != b"0"
            ):
                return None
        path = scope.get("raw_path") or scope["path"].encode()
        plain = (
            scope["scheme"],
            host,
            scope.get("root_path", ""),
            path,
            scope.get("query_string", b""),
            accept,
            prefer,
            gzip,
            origin,
        )
        return plain, if_none_match

    async def _wait_for(self, key: CacheKey) -> StoredResponse | None:
        """If another request is computing `key`, wait for it and return what it stored."""
        event = self.in_flight.get(key)
        if event is None:
            return None
        await event.wait()
        return self.entries.get(key)

    async def _fill(
        self, key: CacheKey, scope: Scope, receive: Receive, send: Send, *, conditional: bool
    ) -> None:
        """Answer from the application, keeping a copy of the answer if it may be stored."""
        self.misses += 1
        event = self.in_flight.setdefault(key, asyncio.Event())

        def release() -> None:
            if self.in_flight.get(key) is event:
                del self.in_flight[key]
            event.set()

        recorder = _Recorder(send, self.max_entry_bytes, release)
        try:
            await self.app(scope, receive, recorder)
            stored = recorder.stored(conditional=conditional)
            if stored is not None and key[0] == self.current_version:
                self._store(key, stored)
        finally:
            release()

    def _store(self, key: CacheKey, response: StoredResponse) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.stored_bytes -= old.size
        self.entries[key] = response
        self.stored_bytes += response.size
        while self.stored_bytes > self.max_bytes and self.entries:
            _, evicted = self.entries.popitem(last=False)
            self.stored_bytes -= evicted.size

    def clear(self) -> None:
        self.entries.clear()
        self.stored_bytes = 0
