"""/health, and the problem types it and every other route can answer."""

import re

from app.config import PROJECT_ROOT
from app.problems import PROBLEM_KINDS


def test_health_reports_dataset_and_counts(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert len(body["dataset_version"]) == 64
    assert body["counts"] == {"documents": 1, "parties": 14, "issues": 27, "positions": 40}


def test_every_problem_type_resolves_to_its_explanation(client):
    assert client.get("/problems/unknown-parameter").json() == {
        "type": "/problems/unknown-parameter",
        "status": 400,
        "title": "Unknown query parameter",
        "description": "The endpoint does not accept a query parameter; `errors` names it.",
    }
    assert client.get("/problems/method-not-allowed").json() == {
        "type": "/problems/method-not-allowed",
        "status": 405,
        "title": "Method Not Allowed",
        "description": "The API is read-only: it answers GET and HEAD only (and OPTIONS on "
        "annotations).",
    }
    for kind in PROBLEM_KINDS:
        response = client.get(f"/problems/{kind}")
        assert response.status_code == 200
        assert response.json()["type"] == f"/problems/{kind}"
    unknown = client.get("/problems/nope")
    assert unknown.status_code == 404
    assert unknown.json()["type"] == "/problems/not-found"


def test_problem_kinds_used_in_code_are_all_registered():
    sources = "".join(p.read_text() for p in (PROJECT_ROOT / "app").rglob("*.py"))
    used = set(re.findall(r'kind="([a-z-]+)"', sources))
    used |= {f"unknown-{k}" for k in ("party", "issue", "document")}
    assert used <= set(PROBLEM_KINDS)
