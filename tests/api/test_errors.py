"""Every error is an RFC 9457 problem document, with nothing of the server's insides in it."""

import json

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import PROJECT_ROOT
from app.db import get_session, make_engine
from app.main import app

PROBLEM = "application/problem+json"
REQUIRED = {"type", "title", "status", "detail", "instance"}
ALLOWED = REQUIRED | {"errors", "suggestions"}
TITLES = {
    "invalid-parameters": "Invalid query parameter value",
    "unknown-parameter": "Unknown query parameter",
    "unknown-value": "Unknown filter value",
}
STATUS_TITLES = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}

# (method, url, status, type, error locations or None, suggestions or None)
CASES = [
    ("GET", "/positions?actr=stalin", 400, "unknown-parameter", ["query.actr"], ["actor"]),
    ("GET", "/positions?stance=agree", 400, "invalid-parameters", ["query.stance.0"], ["accept"]),
    ("GET", "/positions?format=csvv", 400, "invalid-parameters", ["query.format"], ["csv"]),
    ("GET", "/issue/dairen", 404, "not-found", None, ["/issues/dairen"]),
    ("GET", "/positons", 404, "not-found", None, ["/positions"]),
    ("GET", "/nowhere/at/all", 404, "not-found", None, None),
    ("GET", "/positions?a=1&b=2", 400, "unknown-parameter", ["query.a", "query.b"], None),
    ("GET", "/positions?per_page=0", 400, "invalid-parameters", ["query.per_page"], None),
    ("GET", "/positions?per_page=101", 400, "invalid-parameters", ["query.per_page"], None),
    ("GET", "/positions?per_page=abc", 400, "invalid-parameters", ["query.per_page"], None),
    ("GET", "/positions?page=0", 400, "invalid-parameters", ["query.page"], None),
    ("GET", "/positions?stance=bogus", 400, "invalid-parameters", ["query.stance.0"], None),
    ("GET", "/positions?source_page=abc", 400, "invalid-parameters", ["query.source_page.0"], None),
    ("GET", "/positions?format=xml", 400, "invalid-parameters", ["query.format"], None),
    ("GET", "/positions?sort=bogus", 400, "invalid-parameters", ["query.sort"], None),
    ("GET", "/positions?party=nobody", 400, "unknown-value", ["query.party"], None),
    ("GET", "/parties?per_page=0", 400, "invalid-parameters", ["query.per_page"], None),
    ("GET", "/positions/d644-001?x=1", 400, "unknown-parameter", ["query.x"], None),
    ("GET", "/parties/stalin?page=2", 400, "unknown-parameter", ["query.page"], None),
    ("GET", "/issues/dairen?format=csv", 400, "unknown-parameter", ["query.format"], None),
    (
        "GET",
        "/documents/frus1945v07-d644/annotations?stance=accept",
        400,
        "unknown-parameter",
        ["query.stance"],
        None,
    ),
    (
        "GET",
        "/issues/port-arthr",
        404,
        "unknown-issue",
        None,
        ["port-arthur", "port-arthur-lease"],
    ),
    ("GET", "/issues/lushunn", 404, "unknown-issue", None, ["port-arthur"]),
    ("GET", "/parties/stalni", 404, "unknown-party", None, ["stalin"]),
    ("GET", "/parties/stalni/positions", 404, "unknown-party", None, ["stalin"]),
    (
        "GET",
        "/positions/d644-999",
        404,
        "unknown-position",
        None,
        ["d644-039", "d644-029", "d644-019"],
    ),
    ("GET", "/nope", 404, "not-found", None, None),
    ("POST", "/positions", 405, "method-not-allowed", None, None),
    ("DELETE", "/issues/dairen", 405, "method-not-allowed", None, None),
]


def assert_no_internals(text: str) -> None:
    assert "Traceback" not in text
    assert 'File "' not in text
    assert ".py" not in text
    assert str(PROJECT_ROOT) not in text
    assert "site-packages" not in text


@pytest.mark.parametrize(("method", "url", "status", "kind", "locations", "suggestions"), CASES)
def test_error_is_a_problem_document(client, method, url, status, kind, locations, suggestions):
    response = client.request(method, url)
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert REQUIRED <= set(body) <= ALLOWED
    assert body["status"] == status
    assert body["title"] == TITLES.get(kind, STATUS_TITLES[status])
    assert body["type"] == f"/problems/{kind}"
    assert body["instance"] == url
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert [e["location"] for e in body.get("errors", [])] == (locations or [])
    assert body.get("suggestions") == suggestions
    assert_no_internals(response.text)


@pytest.mark.parametrize(("method", "url", "status", "kind", "locations", "suggestions"), CASES)
def test_problem_type_resolves_to_its_explanation(
    client, method, url, status, kind, locations, suggestions
):
    problem_type = client.request(method, url).json()["type"]
    explained = client.get(problem_type)
    assert explained.status_code == 200
    assert explained.json()["type"] == problem_type
    assert explained.json()["status"] == status


# Every parameter a positions list accepts, in the order the problem names them.
POSITION_LIST_PARAMETERS = [
    *("actor", "addressee", "bom", "date_from", "date_to", "document", "evidence", "facet"),
    *("fields", "format", "id", "include", "issue", "mode", "page", "paragraph", "party"),
    *("per_page", "q", "reported_by"),
    *("scale_point", "sort", "source_page", "stance", "topic"),
]


def test_unknown_parameter_problem_exactly(client):
    response = client.get("/positions?actr=stalin")
    assert response.json() == {
        "type": "/problems/unknown-parameter",
        "title": "Unknown query parameter",
        "status": 400,
        "detail": "Unknown query parameter 'actr'. Did you mean actor? This endpoint accepts: "
        f"{', '.join(POSITION_LIST_PARAMETERS)}.",
        "instance": "/positions?actr=stalin",
        "errors": [{"location": "query.actr", "message": "unknown parameter", "value": "stalin"}],
        "suggestions": ["actor"],
    }


def test_a_vocabulary_value_gets_a_suggestion_by_meaning_and_by_spelling(client):
    response = client.get("/positions?stance=agree&stance=acept")
    body = response.json()
    assert body["detail"] == (
        "Invalid request parameters: query.stance.0, query.stance.1. Did you mean accept?"
    )
    assert body["suggestions"] == ["accept"]
    assert [error["suggestions"] for error in body["errors"]] == [["accept"], ["accept"]]


def test_an_unknown_path_gets_the_paths_it_looks_like(client):
    body = client.get("/issue/dairen").json()
    assert body == {
        "type": "/problems/not-found",
        "title": "Not Found",
        "status": 404,
        "detail": "There is no resource at /issue/dairen. Did you mean /issues/dairen?",
        "instance": "/issue/dairen",
        "suggestions": ["/issues/dairen"],
    }
    assert client.get(body["suggestions"][0]).status_code == 200
    slashed = client.get(f"/documents/{'frus1945v07-d644'}/anotations/").json()
    assert slashed["suggestions"][0] == "/documents/frus1945v07-d644/annotations/"


@pytest.mark.parametrize(
    ("path", "accepted"), [("/parties/stalin", "none"), ("/positions/d644-001", "fields, include")]
)
def test_unknown_parameter_on_a_detail_route_exactly(client, path, accepted):
    response = client.get(f"{path}?x=1")
    assert response.json() == {
        "type": "/problems/unknown-parameter",
        "title": "Unknown query parameter",
        "status": 400,
        "detail": f"Unknown query parameter 'x'. This endpoint accepts: {accepted}.",
        "instance": f"{path}?x=1",
        "errors": [{"location": "query.x", "message": "unknown parameter", "value": "1"}],
    }


def test_unknown_slug_problem_exactly(client):
    response = client.get("/issues/lushunn")
    assert response.json() == {
        "type": "/problems/unknown-issue",
        "title": "Not Found",
        "status": 404,
        "detail": "There is no issue 'lushunn'. Did you mean port-arthur?",
        "instance": "/issues/lushunn",
        "suggestions": ["port-arthur"],
    }


def test_method_not_allowed_problem_exactly(client):
    response = client.post("/positions", json={"party": "stalin"})
    assert response.json() == {
        "type": "/problems/method-not-allowed",
        "title": "Method Not Allowed",
        "status": 405,
        "detail": "POST is not allowed here; this API is read-only (GET, HEAD).",
        "instance": "/positions",
    }


def test_invalid_value_problem_exactly(client):
    response = client.get("/positions?per_page=101")
    assert response.json() == {
        "type": "/problems/invalid-parameters",
        "title": "Invalid query parameter value",
        "status": 400,
        "detail": "Invalid request parameters: query.per_page.",
        "instance": "/positions?per_page=101",
        "errors": [
            {
                "location": "query.per_page",
                "message": "Input should be less than or equal to 100",
                "value": "101",
            }
        ],
    }


def test_unknown_filter_value_problem_exactly(client):
    response = client.get("/positions?party=stalni")
    assert response.json() == {
        "type": "/problems/unknown-value",
        "title": "Unknown filter value",
        "status": 400,
        "detail": "Unknown party 'stalni'; did you mean stalin?",
        "instance": "/positions?party=stalni",
        "suggestions": ["stalin"],
        "errors": [
            {
                "location": "query.party",
                "message": "unknown party 'stalni'; did you mean stalin?",
                "value": "stalni",
            }
        ],
    }


def test_unknown_parameter_is_refused_even_with_valid_ones(client):
    response = client.get("/positions?party=stalin&actr=stalin")
    assert response.status_code == 400
    assert [e["location"] for e in response.json()["errors"]] == ["query.actr"]


# -- unexpected errors --------------------------------------------------------------------------


def test_unexpected_error_is_a_500_problem_without_internals(failing_client, caplog):
    response = failing_client.get("/")
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert response.json() == {
        "type": "/problems/internal-server-error",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "The server failed to answer this request; it was logged.",
        "instance": "/",
    }
    assert "boom" not in response.text
    assert_no_internals(response.text)
    # It was logged, with the exception.
    assert [r.exc_info[0] for r in caplog.records if r.name == "parley"] == [RuntimeError]


def test_problem_bodies_are_json_objects_not_html(client):
    for url in ("/nope", "/issues/lushunn", "/positions?actr=x"):
        response = client.get(url, headers={"Accept": "text/html"})
        assert response.headers["content-type"] == PROBLEM
        assert isinstance(json.loads(response.text), dict)


def test_an_overlong_query_string_is_a_414_problem(client):
    response = client.get("/positions?party=" + "x" * 5000)
    assert response.status_code == 414
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/uri-too-long"


def test_instance_keeps_the_path_percent_encoded(client):
    body = client.get("/parties/%20stalin").json()
    assert body["status"] == 404
    assert body["instance"] == "/parties/%20stalin"


def test_a_trailing_slash_is_an_unknown_slug_not_a_redirect(client):
    response = client.get("/positions/d644-019/", follow_redirects=False)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_a_database_that_is_not_there_is_a_503_problem(tmp_path):
    missing = make_engine(f"sqlite:///{tmp_path / 'missing.sqlite3'}", read_only=True)

    def override():
        with Session(missing) as session:
            yield session

    previous = app.dependency_overrides.get(get_session)  # the session-wide test database
    app.dependency_overrides[get_session] = override
    try:
        with TestClient(app) as client:
            for url in ("/positions", "/issues/dairen", "/health"):
                response = client.get(url)
                assert response.status_code == 503, url
                assert response.json()["type"] == "/problems/unavailable"
    finally:
        app.dependency_overrides[get_session] = previous
