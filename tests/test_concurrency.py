"""The real server (`parley serve`) under 200 simultaneous clients: every one is answered.

The server used to deadlock at 64 concurrent connections (threads waiting for pooled
connections held by requests waiting for threads). With the response cache off every
request below reaches the database, which is the case that deadlocked; with it on, a burst
of one request is computed once and shared. Speed is measured by `make bench`, not here."""

import http.client
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import Server, clean_env, running_server

CLIENTS = 200
REQUEST_TIMEOUT = 60.0  # a deadlock fails the test instead of hanging it


@pytest.fixture(scope="module")
def uncached(loaded_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    env = clean_env(DATABASE_URL=loaded_url, RESPONSE_CACHE_BYTES="0", DATABASE_CONCURRENCY="4")
    with running_server(env, tmp_path_factory.mktemp("uncached")) as server:
        yield server


@pytest.fixture(scope="module")
def cached(loaded_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(
        clean_env(DATABASE_URL=loaded_url), Path(tmp_path_factory.mktemp("c"))
    ) as s:
        yield s


def all_at_once(server: Server, paths: list[str]) -> list[tuple[int, dict[str, str], bytes]]:
    """GET every path on its own connection, all released together; (status, headers, body)."""
    port = int(server.base.rsplit(":", 1)[1])
    start = threading.Barrier(len(paths))
    answers: list[tuple[int, dict[str, str], bytes] | BaseException | None] = [None] * len(paths)

    def fetch(index: int, path: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        try:
            connection.connect()
            start.wait(timeout=REQUEST_TIMEOUT)
            connection.request("GET", path)
            response = connection.getresponse()
            answers[index] = (response.status, dict(response.getheaders()), response.read())
        except BaseException as exc:  # noqa: BLE001 - reported with its request below
            answers[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=fetch, args=item) for item in enumerate(paths)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT * 2)
    failed = [(p, a) for p, a in zip(paths, answers, strict=True) if not isinstance(a, tuple)]
    assert failed == [], f"{len(failed)} of {len(paths)} requests failed, e.g. {failed[:3]}"
    return answers  # type: ignore[return-value]


def expected_items(path: str) -> tuple[int, int]:
    """(total, items on the page) of the lists in `mixed_paths`, from the seed's 40 positions."""
    per_page = int(path.rsplit("per_page=", 1)[1])
    return 40, min(per_page, 40)


def mixed_paths() -> list[str]:
    """200 different requests: every one misses any cache and needs the database."""
    paths = [f"/positions?per_page={n}" for n in range(1, 101)]
    paths += [f"/issues/port-arthur/positions?page=1&per_page={n}" for n in range(1, 41)]
    paths += [f"/parties?per_page={n}" for n in range(1, 21)]
    paths += [f"/positions?q=troops&per_page={n}" for n in range(1, 21)]
    paths += ["/health"] * 20
    assert len(paths) == CLIENTS
    return paths


def test_200_concurrent_database_requests_all_succeed(uncached: Server):
    paths = mixed_paths()
    answers = all_at_once(uncached, paths)
    assert [status for status, _, _ in answers] == [200] * CLIENTS
    for path, (_, _, body) in zip(paths, answers, strict=True):
        document = json.loads(body)
        if path.startswith("/positions?per_page="):
            total, items = expected_items(path)
            assert (document["total"], len(document["items"])) == (total, items), path
        elif path.startswith("/issues/port-arthur/"):
            assert document["total"] == 2, path  # Port Arthur: Stalin's and Soong's
        elif path.startswith("/parties"):
            assert document["total"] == 14, path
        elif path.startswith("/positions?q=troops"):
            ranked = ["d644-009", "d644-010", "d644-037", "d644-039"]  # as tests/api/test_filters
            per_page = int(path.rsplit("=", 1)[1])
            assert [item["id"] for item in document["items"]] == ranked[:per_page], path
        else:
            assert document["status"] == "ok", path
    # And the server is still healthy afterwards.
    ((status, _, _),) = all_at_once(uncached, ["/health"])
    assert status == 200


def test_200_concurrent_identical_requests_get_one_answer(cached: Server):
    answers = all_at_once(cached, ["/issues/dairen/comparison"] * CLIENTS)
    assert {status for status, _, _ in answers} == {200}
    assert len({headers["etag"] for _, headers, _ in answers}) == 1
    assert len({body for _, _, body in answers}) == 1
