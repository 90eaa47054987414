"""Behaviour that only shows on a large corpus, checked on a small synthetic one (5,000
positions): the comparison is capped per party, exports stream (and stop when the client
has gone), with their own ETag."""

import asyncio
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.api.routes import issues
from app.db import get_session, make_engine
from app.main import app

IDENTITY = {"Accept-Encoding": "identity"}


@pytest.fixture(scope="module")
def synth_client(synth_url: str, monkeypatch_module) -> Iterator[TestClient]:
    engine = make_engine(synth_url, read_only=True)

    def override() -> Iterator[Session]:
        with Session(engine) as db_session:
            yield db_session

    previous = app.dependency_overrides.get(get_session)
    app.dependency_overrides[get_session] = override
    monkeypatch_module.setattr(issues, "COMPARISON_PER_PARTY", 5)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client
    if previous is None:
        del app.dependency_overrides[get_session]
    else:
        app.dependency_overrides[get_session] = previous
    engine.dispose()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_comparison_is_capped_per_party_with_a_count_and_a_link(synth_client: TestClient):
    body = synth_client.get("/issues/dairen/comparison").json()
    assert len(body["parties"]) > 3
    capped = [group for group in body["parties"] if "total" in group]
    assert capped, "a party with more than 5 positions on dairen"
    for group in body["parties"]:
        slug = group["party"]["slug"]
        listed = synth_client.get(f"/issues/dairen/positions?party={slug}&per_page=5").json()
        # The first five in document order, whatever the party holds.
        assert [p["id"] for p in group["positions"]] == [p["id"] for p in listed["items"]]
        if "total" in group:
            assert group["total"] == listed["total"] > 5
            assert group["positions_url"] == (
                f"http://testserver/issues/dairen/positions?party={slug}"
            )
        else:
            assert listed["total"] == len(group["positions"]) <= 5
    shown = {p["id"] for group in body["parties"] for p in group["positions"]}
    in_grid = {pid for row in body["grid"] for ids in row["positions"].values() for pid in ids}
    assert in_grid == shown


def test_an_export_streams_every_row_with_its_own_etag(synth_client: TestClient):
    with synth_client.stream("GET", "/positions?format=ndjson", headers=IDENTITY) as response:
        assert response.status_code == 200
        assert "content-length" not in response.headers  # streamed, not buffered
        assert response.headers["x-total-count"] == "5000"
        etag = response.headers["etag"]
        lines = [line for line in response.iter_lines() if line]
    assert len(lines) == 5000
    again = synth_client.get(
        "/positions?format=ndjson", headers={**IDENTITY, "If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.headers["etag"] == etag
    zipped = synth_client.get(
        "/positions?format=ndjson&per_page=3", headers={"Accept-Encoding": "gzip"}
    )
    assert zipped.headers["etag"].endswith('-gzip"')
    other = synth_client.get("/positions?format=ndjson&per_page=3", headers=IDENTITY)
    assert other.headers["etag"] not in (etag, zipped.headers["etag"])


def test_an_export_stops_when_the_client_has_gone(synth_client: TestClient):
    """The ASGI app is driven by hand: after the first chunk the client disconnects; the
    stream must end without sending (or reading) the other 4,999 rows' chunks."""
    sent: list[dict] = []
    first_chunk = asyncio.Event()
    requested = False

    async def receive() -> dict:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await first_chunk.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and message.get("body"):
            first_chunk.set()
            await asyncio.sleep(0.05)  # a slow client: time for the disconnect to arrive

    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("testclient", 50000),
        "root_path": "",
        "path": "/positions",
        "raw_path": b"/positions",
        "query_string": b"format=csv",
        "headers": [(b"host", b"testserver"), (b"accept-encoding", b"identity")],
    }
    asyncio.run(asyncio.wait_for(app(scope, receive, send), timeout=10))
    bodies = [m for m in sent if m["type"] == "http.response.body" and m.get("body")]
    assert 1 <= len(bodies) < 3  # of the 10 chunks of 500 rows a full export sends
    assert not any(m["type"] == "http.response.body" and not m.get("more_body") for m in sent)
