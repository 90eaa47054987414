"""Fixtures only the API tests use."""

from collections.abc import Iterator
from typing import NoReturn

import pytest
from fastapi.testclient import TestClient

from app import queries
from app.config import PROJECT_ROOT
from app.main import app


@pytest.fixture
def failing_client(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """`/` answers 500: `queries.counts` raises, with a path of the server's own in its
    message. Depends on `client` for the DB override."""

    def broken(**_kwargs: object) -> NoReturn:
        raise RuntimeError(f"boom in {PROJECT_ROOT}/app/queries/dataset_info.py")

    monkeypatch.setattr(queries, "counts", broken)
    return TestClient(app, base_url="http://testserver", raise_server_exceptions=False)
