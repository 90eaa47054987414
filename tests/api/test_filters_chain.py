"""The filters of issue 11 §3, against the seed: to whom (`addressee`), through whom
(`reported_by`), how surely (`evidence`, `mode`), where (`paragraph`), when (`date_from`,
`date_to`, on documents and positions), and many positions by id in one call.

Expectations come from the seed YAML (tests/api/expected.py), never from app code."""

from datetime import date
from itertools import combinations

import pytest

from tests.api.expected import DOCUMENT, document_order, load_yaml, seed_positions

PROBLEM_TYPE = "application/problem+json"


def document_date() -> date:
    (record,) = [d for d in load_yaml("documents.yaml") if d["slug"] == DOCUMENT]
    return record["editorial_date"]


def matching(param: str, value: str) -> set[str]:
    """Ids one value of one of the new filters selects, from the seed alone."""
    positions = seed_positions()
    if param == "addressee":
        return {p.id for p in positions if p.addressee == value}
    if param == "reported_by":
        return {p.id for p in positions if value in {link["party"] for link in p.attribution}}
    if param == "paragraph":
        return {p.id for p in positions if p.paragraph == int(value)}
    if param == "date_from":
        return {p.id for p in positions} if document_date() >= date.fromisoformat(value) else set()
    if param == "date_to":
        return {p.id for p in positions} if document_date() <= date.fromisoformat(value) else set()
    return {p.id for p in positions if getattr(p, param) == value}


def fetch(client, url: str, params) -> list[str]:
    response = client.get(url, params=[*params, ("per_page", "100")])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])
    return [item["id"] for item in body["items"]]


SINGLES = [
    ("addressee", "soong"),
    ("addressee", "stalin"),
    ("addressee", "harriman"),
    ("reported_by", "soong"),
    ("reported_by", "harriman"),
    ("evidence", "reported"),
    ("evidence", "inferred"),
    ("mode", "believed"),
    ("mode", "wanted"),
    ("paragraph", "4"),
    ("paragraph", "9"),
    ("date_from", "1945-07-03"),
    ("date_to", "1945-07-03"),
]


def test_the_expectations_by_hand():
    assert document_order(matching("addressee", "soong")) == [
        *("d644-022", "d644-028", "d644-029", "d644-035"),
    ]
    assert document_order(matching("addressee", "stalin")) == ["d644-030", "d644-031"]
    assert len(matching("reported_by", "soong")) == 38  # all but Harriman's own two
    assert matching("reported_by", "harriman") == {p.id for p in seed_positions()}
    assert len(matching("evidence", "reported")) == 5
    assert len(matching("mode", "believed")) == 4
    assert document_order(matching("paragraph", "4")) == ["d644-020"]  # the 45-year term
    assert document_date() == date(1945, 7, 3)


@pytest.mark.parametrize(("param", "value"), SINGLES, ids=str)
def test_single_filter(client, param, value):
    expected = document_order(matching(param, value))
    assert expected
    assert fetch(client, "/positions", [(param, value)]) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(a, b, id=f"{a[0]}={a[1]}&{b[0]}={b[1]}")
        for a, b in combinations(SINGLES, 2)
        if a[0] != b[0] and {a[0], b[0]} != {"date_from", "date_to"}
    ],
)
def test_pairs_are_anded(client, a, b):
    expected = document_order(matching(*a) & matching(*b))
    assert fetch(client, "/positions", [a, b]) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ([("addressee", "soong,stalin")], matching("addressee", "soong") | matching("addressee", "stalin")),
        ([("addressee", "soong"), ("addressee", "stalin")], matching("addressee", "soong") | matching("addressee", "stalin")),
        ([("addressee", "song-ziwen")], matching("addressee", "soong")),
        ([("addressee", "generalissimo-stalin")], matching("addressee", "stalin")),
        ([("reported_by", "Song-Ziwen")], matching("reported_by", "soong")),
        ([("reported_by", "stalin")], set()),  # a known party no chain holds
        ([("evidence", "reported,inferred")], matching("evidence", "reported") | matching("evidence", "inferred")),
        ([("mode", "believed"), ("mode", "feared")], matching("mode", "believed") | matching("mode", "feared")),
        ([("paragraph", "4,9")], matching("paragraph", "4") | matching("paragraph", "9")),
        ([("paragraph", "99")], set()),
        ([("date_from", "1945-07-04")], set()),
        ([("date_to", "1945-07-02")], set()),
        ([("date_from", "1945-07-01"), ("date_to", "1945-07-31")], {p.id for p in seed_positions()}),
        ([("reported_by", "soong"), ("party", "chiang-kai-shek"), ("addressee", "stalin")], {"d644-030", "d644-031"}),
    ],
)  # fmt: skip
def test_repeated_comma_and_alias_values(client, params, expected):
    assert fetch(client, "/positions", params) == document_order(expected)


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("/parties/stalin/positions", {p.id for p in seed_positions() if p.party == "stalin"}),
        ("/issues/dairen/positions", {p.id for p in seed_positions() if p.issue == "dairen"}),
        (f"/documents/{DOCUMENT}/positions", {p.id for p in seed_positions()}),
    ],
)
def test_the_filters_narrow_every_positions_list(client, path, scope):
    expected = document_order(scope & matching("evidence", "reported"))
    assert fetch(client, path, [("evidence", "reported")]) == expected
    expected = document_order(scope & matching("addressee", "soong"))
    assert fetch(client, path, [("addressee", "soong")]) == expected


# -- documents by date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", True),
        ("date_from=1945-07-03", True),
        ("date_to=1945-07-03", True),
        ("date_from=1945-07-01&date_to=1945-07-31", True),
        ("date_from=1945-07-04", False),
        ("date_to=1945-07-02", False),
    ],
)
def test_documents_by_date(client, query, found):
    response = client.get(f"/documents?{query}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert [item["slug"] for item in body["items"]] == ([DOCUMENT] if found else [])
    assert body["total"] == int(found)


@pytest.mark.parametrize("path", ["/documents", "/positions"])
def test_a_date_range_that_ends_before_it_begins_selects_nothing(client, path):
    """As pages outside the document do: an empty range is an empty answer, not an error."""
    response = client.get(f"{path}?date_from=1945-07-04&date_to=1945-07-03")
    assert response.status_code == 200
    assert (response.json()["items"], response.json()["total"]) == ([], 0)


@pytest.mark.parametrize(
    "url",
    [
        "/documents?date_from=July",
        "/positions?date_to=1945-13-01",
        "/positions?evidence=sure",
        "/documents?date_to=0",  # Pydantic alone would read it as 1970-01-01
    ],
)
def test_a_malformed_value_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/invalid-parameters"


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("/positions?addressee=soon", ("query.addressee", "unknown party 'soon'; did you mean soong?", "soon")),
        ("/positions?reported_by=harriman,zzzz", ("query.reported_by", "unknown party 'zzzz'", "zzzz")),
    ],
)  # fmt: skip
def test_an_unknown_party_is_named_where_it_was_sent(client, url, error):
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "/problems/unknown-value"
    location, message, value = error
    assert body["errors"] == [{"location": location, "message": message, "value": value}]


# -- many positions by id ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "ids",
    [
        ["d644-001", "d644-017"],
        ["d644-017", "d644-001"],
        ["d644-040", "d644-002", "d644-021", "d644-003"],
        ["d644-009"],
    ],
)
def test_ids_come_back_in_the_order_asked(client, ids):
    assert fetch(client, "/positions", [("id", ",".join(ids))]) == ids
    assert fetch(client, "/positions", [("id", pid) for pid in ids]) == ids


def test_an_id_asked_twice_comes_once(client):
    assert fetch(client, "/positions", [("id", "d644-003,d644-001,d644-003")]) == [
        "d644-003",
        "d644-001",
    ]


def test_ids_compose_with_filters_sort_and_pages(client):
    ids = ["d644-030", "d644-001", "d644-031", "d644-022"]
    asked = [("id", ",".join(ids))]
    assert fetch(client, "/positions", [*asked, ("addressee", "stalin")]) == [
        "d644-030",
        "d644-031",
    ]
    assert fetch(client, "/positions", [*asked, ("sort", "id")]) == sorted(ids)
    page = client.get("/positions", params=[*asked, ("per_page", "3"), ("page", "2")]).json()
    assert [item["id"] for item in page["items"]] == ["d644-022"]
    assert page["total"] == 4
    rows = client.get("/positions", params=[*asked, ("format", "ndjson")]).text.splitlines()
    assert [row.split('"', 4)[3] for row in rows] == ids


def test_unknown_ids_are_all_listed_in_one_problem(client):
    url = "/positions?id=d644-001,d644-999,D644-002,d644-017,x"
    response = client.get(url)
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM_TYPE
    assert response.json() == {
        "type": "/problems/unknown-value",
        "title": "Unknown filter value",
        "status": 400,
        "detail": "Unknown position id 'd644-999', 'D644-002', 'x'.",
        "instance": url,
        "errors": [
            {"location": "query.id", "message": "unknown position", "value": "d644-999"},
            {"location": "query.id", "message": "unknown position", "value": "D644-002"},
            {"location": "query.id", "message": "unknown position", "value": "x"},
        ],
    }
    assert client.get(f"{url}&format=csv").status_code == 400
