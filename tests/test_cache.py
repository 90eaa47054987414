"""The response cache's own rules, on a counting stand-in application: what is kept, for how
long, in how much memory, and how often the application runs. (That a cached answer is the
API's answer byte for byte is checked on every request of the API tests: tests/conftest.py.)"""

import asyncio
from collections.abc import Hashable

import pytest
from sqlalchemy import Engine, event

from app import totals
from app.cache import ResponseCache
from app.main import served


class Counting:
    """An application answering 200 with an ETag (or what `reply` says), counting its calls."""

    def __init__(self, *, body: bytes = b"x" * 100, status: int = 200, delay: float = 0) -> None:
        self.calls = 0
        self.body = body
        self.status = status
        self.delay = delay
        self.headers: list[tuple[bytes, bytes]] = [(b"etag", b'"v1"')]

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        await asyncio.sleep(self.delay)
        headers = [*self.headers, (b"content-length", str(len(self.body)).encode())]
        if scope["method"] == "GET" and (b"if-none-match", b'"v1"') in scope["headers"]:
            await send({"type": "http.response.start", "status": 304, "headers": headers[:1]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        body = b"" if scope["method"] == "HEAD" else self.body
        await send({"type": "http.response.body", "body": body})


class Version:
    def __init__(self) -> None:
        self.value: Hashable | None = "dataset-1"

    def __call__(self) -> Hashable | None:
        return self.value


def scope(path: str = "/positions", query: bytes = b"", method: str = "GET", **headers: str):
    raw = [(name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()]
    return {
        "type": "http",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"testserver"), *raw],
    }


async def request(cache: ResponseCache, request_scope) -> tuple[int, bytes]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message) -> None:
        sent.append(message)

    await cache(request_scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def run(coroutine):
    return asyncio.run(coroutine)


def make(app=None, *, max_bytes: int = 1 << 20, version: Version | None = None):
    app = app or Counting()
    return app, ResponseCache(app, version=version or Version(), max_bytes=max_bytes)


def test_a_repeated_get_runs_the_application_once():
    app, cache = make()
    for _ in range(5):
        assert run(request(cache, scope())) == (200, b"x" * 100)
    assert app.calls == 1
    assert (cache.hits, cache.misses) == (4, 1)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({}, {"query": b"page=2"}),
        ({}, {"path": "/parties"}),
        ({"query": b"a=1&b=2"}, {"query": b"b=2&a=1"}),  # the body echoes the query order
        ({"accept": "text/csv"}, {"accept": "application/json"}),
        ({"accept_encoding": "gzip"}, {"accept_encoding": "identity"}),
        ({}, {"origin": "https://example.org"}),
        ({"host": "a.example"}, {"host": "b.example"}),
        (
            {},
            {
                "prefer": 'return=representation; include="http://www.w3.org/ns/oa#PreferContainedIRIs"'
            },
        ),
    ],
)
def test_what_changes_the_answer_changes_the_key(first, second):
    app, cache = make()
    for given in (first, second, first, second):
        parts = dict(given)
        path, query = parts.pop("path", "/positions"), parts.pop("query", b"")
        request_scope = scope(path, query, **parts)
        if "host" in parts:  # replace the default Host rather than send two
            request_scope["headers"] = [h for h in request_scope["headers"][1:]]
        run(request(cache, request_scope))
    assert app.calls == 2


def test_gzip_is_keyed_by_whether_it_is_accepted_not_by_the_exact_header():
    app, cache = make()
    run(request(cache, scope(accept_encoding="gzip, deflate, br")))
    run(request(cache, scope(accept_encoding="br, gzip")))
    assert app.calls == 1


@pytest.mark.parametrize(
    "header", ["cookie", "authorization", "range", "if_range", "if_modified_since", "if_match"]
)
def test_requests_the_key_cannot_describe_always_reach_the_application(header):
    app, cache = make()
    for _ in range(3):
        run(request(cache, scope(**{header: "x"})))
    assert app.calls == 3
    assert cache.entries == {}


@pytest.mark.parametrize(
    ("status", "extra_header"),
    [
        (500, None),
        (503, None),  # the database may be back a moment later
        (429, None),
        (200, (b"cache-control", b"no-store")),
        (200, "no-etag"),
    ],
)
def test_transient_or_unvalidated_answers_are_not_kept(status, extra_header):
    app = Counting(status=status)
    if extra_header == "no-etag":
        app.headers = []
    elif extra_header:
        app.headers.append(extra_header)
    _, cache = make(app)
    for _ in range(3):
        assert run(request(cache, scope()))[0] == status
    assert app.calls == 3
    assert cache.entries == {}


@pytest.mark.parametrize("status", [308, 400, 404, 414])
def test_answers_as_fixed_as_a_200_are_kept_even_without_an_etag(status):
    app = Counting(status=status)
    app.headers = []
    _, cache = make(app)
    for _ in range(3):
        assert run(request(cache, scope())) == (status, b"x" * 100)
    assert run(request(cache, scope(method="HEAD"))) == (status, b"")
    assert run(request(cache, scope(if_none_match='"v1"'))) == (status, b"x" * 100)
    assert app.calls == 1


def test_head_and_conditional_gets_are_answered_from_the_stored_200():
    app, cache = make()
    run(request(cache, scope()))
    assert run(request(cache, scope(method="HEAD"))) == (200, b"")
    assert run(request(cache, scope(if_none_match='"other"'))) == (200, b"x" * 100)
    assert app.calls == 1
    # The first matching validator asks the application for its 304, which is then kept too.
    assert run(request(cache, scope(if_none_match='"v1"'))) == (304, b"")
    assert run(request(cache, scope(if_none_match='W/"v1", "v0"'))) == (304, b"")
    assert run(request(cache, scope(method="HEAD", if_none_match="*"))) == (304, b"")
    assert app.calls == 2


def test_head_before_any_get_is_passed_through_and_not_kept():
    app, cache = make()
    assert run(request(cache, scope(method="HEAD"))) == (200, b"")
    assert cache.entries == {}
    run(request(cache, scope()))
    assert app.calls == 2


def test_a_new_dataset_version_empties_the_cache():
    version = Version()
    app, cache = make(version=version)
    run(request(cache, scope()))
    run(request(cache, scope(query=b"page=2")))
    version.value = "dataset-2"
    run(request(cache, scope()))
    assert app.calls == 3
    assert len(cache.entries) == 1


def test_without_a_known_version_nothing_is_cached():
    version = Version()
    version.value = None  # e.g. the database file is missing: the app answers 503 itself
    app, cache = make(version=version)
    for _ in range(3):
        run(request(cache, scope()))
    assert app.calls == 3
    assert cache.entries == {}


def test_memory_is_bounded_and_the_least_recently_used_go_first():
    app, cache = make(Counting(body=b"y" * 1000), max_bytes=20_000)
    for number in range(50):  # arbitrary query strings cannot grow it
        run(request(cache, scope(query=f"n={number}".encode())))
        assert cache.stored_bytes <= 20_000
    entry_size = next(iter(cache.entries.values())).size
    assert entry_size > 1000
    assert len(cache.entries) == 20_000 // entry_size
    run(request(cache, scope(query=b"n=49")))  # the newest is still there
    assert app.calls == 50
    run(request(cache, scope(query=b"n=0")))  # the oldest is gone
    assert app.calls == 51


def test_an_answer_larger_than_an_entry_may_be_is_sent_whole_but_not_kept():
    app, cache = make(Counting(body=b"z" * 10_000), max_bytes=8 * 1000)
    for _ in range(2):
        assert run(request(cache, scope())) == (200, b"z" * 10_000)
    assert app.calls == 2
    assert cache.stored_bytes == 0


class SlowFile:
    """An application sending a file in chunks, slowly: the shape of a download."""

    def __init__(self, headers: list[tuple[bytes, bytes]]) -> None:
        self.headers = headers
        self.started = 0
        self.most_at_once = 0
        self.sending = 0

    async def __call__(self, scope, receive, send) -> None:
        self.started += 1
        self.sending += 1
        self.most_at_once = max(self.most_at_once, self.sending)
        await send({"type": "http.response.start", "status": 200, "headers": self.headers})
        for _ in range(5):
            await asyncio.sleep(0.01)
            await send({"type": "http.response.body", "body": b"f" * 10, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
        self.sending -= 1


@pytest.mark.parametrize(
    "header",
    [
        (b"content-disposition", b'attachment; filename="parley-1234abcd.zip"'),
        (b"content-length", b"99999999"),  # declared over the limit: not even begun to copy
    ],
)
def test_a_file_is_streamed_to_each_client_at_once_and_never_kept(header):
    """A download is not copied into memory, and concurrent requests for it do not wait for
    the first client's whole transfer."""
    app = SlowFile([(b"etag", b'"v1"'), header])
    _, cache = make(app)

    async def together():
        return await asyncio.gather(*(request(cache, scope("/dataset/x")) for _ in range(3)))

    assert run(together()) == [(200, b"f" * 50)] * 3
    assert (app.started, app.most_at_once) == (3, 3)
    assert (cache.entries, cache.in_flight, cache.stored_bytes) == ({}, {}, 0)


def test_a_burst_of_the_same_request_computes_it_once():
    app, cache = make(Counting(delay=0.05))

    async def burst():
        return await asyncio.gather(*(request(cache, scope()) for _ in range(100)))

    answers = run(burst())
    assert answers == [(200, b"x" * 100)] * 100
    assert app.calls == 1


def test_a_burst_of_the_same_revalidation_asks_for_its_304_once():
    """Clients revalidating a stored 200 all at once (every client of a dashboard after a
    deploy) wait for one 304 instead of each computing the whole answer: without this, the
    first seconds of `make load` queued requests past wrk's 2-s timeout."""
    app, cache = make(Counting(delay=0.05))
    run(request(cache, scope()))

    async def burst():
        revalidation = scope(if_none_match='"v1"')
        return await asyncio.gather(*(request(cache, revalidation) for _ in range(100)))

    assert run(burst()) == [(304, b"")] * 100
    assert app.calls == 2


def test_a_size_of_zero_turns_the_cache_off():
    app, cache = make(max_bytes=0)
    for _ in range(3):
        run(request(cache, scope()))
    assert app.calls == 3


class Statements:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args: object) -> None:
        self.count += 1


def test_a_hit_on_the_served_app_runs_no_sql(client, read_engine: Engine):
    url = "/positions?party=stalin&issue=dairen&sort=-source_page"
    client.get(url)  # computed (and checked against the API) by the client itself
    totals.forget()  # the API's run counts its total again: three statements, as on a miss
    statements = Statements()
    event.listen(read_engine, "before_cursor_execute", statements)
    try:
        hits = served_cache().hits
        first = client.get(url)  # the client runs the API once and the served app twice
        api_only = statements.count
        assert served_cache().hits == hits + 2
    finally:
        event.remove(read_engine, "before_cursor_execute", statements)
    assert first.status_code == 200
    assert api_only == 3  # all of them the API's own: the served app's two hits ran none


def served_cache() -> ResponseCache:
    cache = served.__wrapped__  # granian's proxy-headers wrapper keeps the app it wraps
    assert isinstance(cache, ResponseCache)
    return cache
