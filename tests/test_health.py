def test_health_reports_dataset_and_counts(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert len(body["dataset_version"]) == 64
    assert body["counts"] == {"documents": 1, "parties": 14, "issues": 27, "positions": 40}
