def test_health_reports_dataset_and_counts(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert len(body["dataset_version"]) == 64
    assert body["counts"] == {"documents": 1, "parties": 14, "issues": 27, "positions": 40}


def test_every_problem_type_resolves_to_its_explanation(client):
    from app.problems import PROBLEM_KINDS

    for kind, (status, description) in PROBLEM_KINDS.items():
        body = client.get(f"/problems/{kind}").json()
        assert body == {"type": f"/problems/{kind}", "status": status, "description": description}
    unknown = client.get("/problems/nope")
    assert unknown.status_code == 404
    assert unknown.json()["type"] == "/problems/not-found"


def test_problem_kinds_used_in_code_are_all_registered():
    import re

    from app.config import PROJECT_ROOT
    from app.problems import PROBLEM_KINDS

    sources = "".join(p.read_text() for p in (PROJECT_ROOT / "app").rglob("*.py"))
    used = set(re.findall(r'kind="([a-z-]+)"', sources))
    used |= {f"unknown-{k}" for k in ("party", "issue", "document")}
    assert used <= set(PROBLEM_KINDS)
