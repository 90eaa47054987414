"""Least privilege and what every answer promises a browser: security headers everywhere,
links never built from a forged Host, CORS refusals as problems, a read-only database."""

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import InternalError, OperationalError

from app.config import get_settings
from app.db import make_engine
from app.security import API_CONTENT_SECURITY_POLICY

SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "cross-origin",
    "x-frame-options": "DENY",
}


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/positions?format=csv", 200),
        ("HEAD", "/parties", 200),
        ("GET", "/issues/nowhere", 404),
        ("GET", "/positions?actr=stalin", 400),
        ("POST", "/positions", 405),
        ("GET", "/openapi.json", 200),
    ],
)
def test_every_answer_carries_the_security_headers(client, method, url, status):
    response = client.request(method, url)
    assert response.status_code == status
    assert {name: response.headers.get(name) for name in SECURITY} == SECURITY
    assert response.headers["content-security-policy"] == API_CONTENT_SECURITY_POLICY
    assert "server" not in response.headers  # the server's own header is Granian's, unversioned


def test_304_carries_them_too(client):
    etag = client.get("/positions").headers["etag"]
    response = client.get("/positions", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("url", ["/docs", "/redoc"])
def test_the_docs_pages_have_their_own_policy(client, url):
    policy = client.get(url).headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; script-src 'self'")
    assert "connect-src 'self'" in policy
    assert "https:" not in policy
    assert "*" not in policy


def test_swagger_ui_inline_script_is_allowed_by_its_hash_only(client):
    policy = client.get("/docs").headers["content-security-policy"]
    script_sources = policy.split("script-src ", 1)[1].split(";", 1)[0].split()
    assert script_sources[0] == "'self'"
    assert len(script_sources) == 2
    assert script_sources[1].startswith("'sha256-")
    assert "'unsafe-inline'" not in script_sources


@pytest.mark.parametrize("host", ["evil.example", "testserver.evil.example", "127.0.0.2"])
def test_a_forged_host_is_refused_and_never_reaches_a_link(client, host):
    response = client.get("/positions", headers={"Host": host})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "/problems/untrusted-host"
    assert host not in response.text
    assert "link" not in response.headers
    assert "etag" not in response.headers


def test_an_allowed_host_may_carry_a_port(client):
    response = client.get("/positions?per_page=1", headers={"Host": "localhost:8000"})
    assert response.status_code == 200
    assert response.json()["links"]["self"] == "http://localhost:8000/positions?per_page=1"


@pytest.fixture
def public_base_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = "https://api.example.org/parley"
    monkeypatch.setenv("PUBLIC_BASE_URL", url)
    get_settings.cache_clear()
    yield url
    monkeypatch.delenv("PUBLIC_BASE_URL")
    get_settings.cache_clear()


def test_with_a_public_base_url_every_link_uses_it_whatever_the_host(client, public_base_url):
    response = client.get("/parties?per_page=1", headers={"Host": "evil.example"})
    assert response.status_code == 200
    body = response.json()
    assert body["links"]["self"] == f"{public_base_url}/parties?per_page=1"
    assert body["items"][0]["url"] == f"{public_base_url}/parties/stalin"
    assert response.headers["link"].startswith(f"<{public_base_url}/parties?per_page=1>")
    assert "evil" not in response.text
    assert "evil" not in response.headers["link"]


def test_a_refused_cors_preflight_is_a_problem_document(client):
    response = client.options(
        "/positions",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "DELETE"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "/problems/cors-preflight-refused",
        "title": "Bad Request",
        "status": 400,
        "detail": "CORS preflight refused: Disallowed CORS method.",
        "instance": "/positions",
    }
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO party (slug, name, kind) VALUES ('x', 'X', 'person')",
        "UPDATE position SET quote = 'forged'",
        "DELETE FROM dataset",
        "CREATE TABLE intruder (id INTEGER)",
    ],
)
def test_the_serving_connection_cannot_write(loaded_url: str, statement: str):
    engine = make_engine(loaded_url, read_only=True)
    try:
        with (
            engine.begin() as connection,
            pytest.raises((OperationalError, InternalError), match="readonly|read-only"),
        ):
            connection.execute(text(statement))
    finally:
        engine.dispose()
