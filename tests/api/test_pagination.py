"""Pagination: walking `links.next` from the first page yields exactly the unpaged list, in
order; counts, links, the Link header and X-Total-Count agree on every page."""

import re
from math import ceil
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.api.expected import BASE, document_order, positions_by_id, search, seed_positions

PER_PAGES = (1, 3, 7, 20, 100)
SORTS = (None, "-source_page,party", "stance,-id", "issue")
PROBLEM_TYPE = "application/problem+json"


def sorted_ids(sort: str | None) -> list[str]:
    """The whole list in the order `sort` asks for, from the seed alone (id breaks ties)."""
    positions = list(positions_by_id().values())
    if sort is None:
        return document_order(p.id for p in positions)
    if sort == "-source_page,party":
        return [p.id for p in sorted(positions, key=lambda p: (-p.pages[0], p.party, p.id))]
    if sort == "stance,-id":
        by_id_desc = sorted(positions, key=lambda p: p.id, reverse=True)
        return [p.id for p in sorted(by_id_desc, key=lambda p: p.stance)]
    if sort == "issue":
        return [p.id for p in sorted(positions, key=lambda p: (p.issue, p.id))]
    if sort == "party":
        return [p.id for p in sorted(positions, key=lambda p: (p.party, p.id))]
    raise AssertionError(sort)


def query_of(url: str) -> tuple[str, dict[str, str]]:
    """(path, query) of an absolute URL of this API; page 1 when no page is given."""
    assert url.startswith(f"{BASE}/")
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    assert len(query) == len(parse_qsl(parts.query, keep_blank_values=True))  # no repeats
    query.setdefault("page", "1")
    return parts.path, query


def link_header(value: str) -> dict[str, str]:
    found = re.findall(r'<([^>]*)>; rel="([a-z]+)"', value)
    assert ", ".join(f'<{url}>; rel="{rel}"' for url, rel in found) == value
    return {rel: url for url, rel in found}


def check_page(response, *, path: str, params: dict[str, str], number: int, size: int, total: int):
    """One page's envelope, links and headers, exactly; returns its body."""
    assert response.status_code == 200, response.text
    body = response.json()
    pages = max(ceil(total / size), 1)
    at = {**params, "per_page": str(size)}
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (
        total,
        number,
        size,
        pages,
    )
    assert len(body["items"]) == max(min(size, total - (number - 1) * size), 0)
    links = body["links"]
    # httpx sends a comma as %2C; every link spells it as a comma (one encoding)
    assert links["self"] == str(response.url).replace("%2C", ",")
    assert query_of(links["first"]) == (path, {**at, "page": "1"})
    assert query_of(links["last"]) == (path, {**at, "page": str(pages)})
    if number == 1:
        assert links["prev"] is None
    else:
        assert query_of(links["prev"]) == (path, {**at, "page": str(number - 1)})
    if number >= pages:
        assert links["next"] is None
    else:
        assert query_of(links["next"]) == (path, {**at, "page": str(number + 1)})
    assert link_header(response.headers["link"]) == {
        rel: url for rel, url in links.items() if url is not None
    }
    assert response.headers["x-total-count"] == str(total)
    return body


def walk(client, path: str, params: dict[str, str], size: int, total: int, key: str) -> list:
    """Every page from the first by links.next; the items' keys in the order they came."""
    response = client.get(path, params={**params, "per_page": size})
    seen, number = [], 1
    while True:
        body = check_page(response, path=path, params=params, number=number, size=size, total=total)
        seen += [item[key] for item in body["items"]]
        if body["links"]["next"] is None:
            break
        number += 1
        response = client.get(body["links"]["next"].removeprefix(BASE))
    assert number == max(ceil(total / size), 1)
    return seen


def unpaged(client, path: str, params: dict[str, str], key: str) -> list:
    body = client.get(path, params={**params, "per_page": 100}).json()
    assert body["pages"] == 1
    return [item[key] for item in body["items"]]


# -- positions ------------------------------------------------------------------------------------


def test_sort_expectations_by_hand():
    assert sorted_ids(None)[:3] == ["d644-001", "d644-002", "d644-003"]
    # page 914 first; Soong's d644-032 begins on 913
    assert sorted_ids("-source_page,party")[:6] == [
        "d644-033",  # chiang-kai-shek
        "d644-034",
        "d644-036",  # molotov
        "d644-038",  # soong
        "d644-039",
        "d644-040",
    ]
    assert sorted_ids("stance,-id")[:4] == ["d644-032", "d644-027", "d644-019", "d644-010"]
    assert sorted_ids("issue")[:2] == ["d644-020", "d644-029"]  # agreement-term, chinese-communists


@pytest.mark.parametrize("sort", SORTS, ids=lambda s: f"sort={s}")
def test_unpaged_order(client, sort):
    params = {"sort": sort} if sort else {}
    assert unpaged(client, "/positions", params, "id") == sorted_ids(sort)


@pytest.mark.parametrize("sort", SORTS, ids=lambda s: f"sort={s}")
@pytest.mark.parametrize("size", PER_PAGES, ids=lambda n: f"per_page={n}")
def test_pages_concatenate_to_the_unpaged_list(client, size, sort):
    params = {"sort": sort} if sort else {}
    walked = walk(client, "/positions", params, size, 40, "id")
    assert len(set(walked)) == len(walked) == 40
    assert walked == sorted_ids(sort)


def test_paging_a_filtered_search(client):
    params = {"q": "port", "party": "soong,molotov"}
    expected = [pid for pid in search("port") if positions_by_id()[pid].party == "soong"]
    assert expected == ["d644-015", "d644-017", "d644-021", "d644-025", "d644-024"]
    assert walk(client, "/positions", params, 2, 5, "id") == expected


def test_paging_a_nested_list(client):
    expected = document_order(p.id for p in seed_positions() if p.party == "soong")
    beliefs = [pid for pid in expected if positions_by_id()[pid].stance == "report-belief"]
    assert beliefs == ["d644-038", "d644-039"]
    assert (
        walk(client, "/parties/soong/positions", {"stance": "report-belief"}, 1, 2, "id") == beliefs
    )
    assert walk(client, "/parties/soong/positions", {}, 5, 13, "id") == expected


def test_first_page_by_hand(client):
    response = client.get("/positions?per_page=3&sort=issue")
    base = f"{BASE}/positions"
    assert response.json()["links"] == {
        "self": f"{base}?per_page=3&sort=issue",
        "first": f"{base}?per_page=3&sort=issue&page=1",
        "prev": None,
        "next": f"{base}?per_page=3&sort=issue&page=2",
        "last": f"{base}?per_page=3&sort=issue&page=14",
    }
    assert response.headers["link"] == (
        f'<{base}?per_page=3&sort=issue>; rel="self", '
        f'<{base}?per_page=3&sort=issue&page=1>; rel="first", '
        f'<{base}?per_page=3&sort=issue&page=2>; rel="next", '
        f'<{base}?per_page=3&sort=issue&page=14>; rel="last"'
    )
    assert response.headers["x-total-count"] == "40"


def test_default_page_size_is_20(client):
    body = client.get("/positions").json()
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (40, 1, 20, 2)
    assert [item["id"] for item in body["items"]] == sorted_ids(None)[:20]


def test_the_page_after_the_last_is_empty(client):
    response = client.get("/positions?per_page=7&page=7")
    body = check_page(
        response, path="/positions", params={}, number=7, size=7, total=40
    )  # prev: the last page
    assert body["items"] == []


def test_a_page_far_past_the_end_is_empty(client):
    response = client.get("/positions?per_page=7&page=99")
    assert response.status_code == 200
    body = response.json()
    assert (body["items"], body["total"], body["page"], body["pages"]) == ([], 40, 99, 6)
    assert body["links"]["next"] is None
    assert query_of(body["links"]["last"]) == ("/positions", {"per_page": "7", "page": "6"})
    assert response.headers["x-total-count"] == "40"


def test_an_empty_result_has_one_empty_page(client):
    response = client.get("/positions?party=truman&per_page=20")
    body = check_page(
        response, path="/positions", params={"party": "truman"}, number=1, size=20, total=0
    )
    assert body["items"] == []


@pytest.mark.parametrize("path", ["/positions", "/parties", "/issues"])
def test_a_huge_page_number_is_an_empty_page(client, path):
    response = client.get(f"{path}?page={10**20}")
    assert response.status_code == 200
    body = response.json()
    assert (body["items"], body["page"]) == ([], 10**20)


@pytest.mark.parametrize(
    ("query", "location", "message"),
    [
        ("per_page=0", "query.per_page", "Input should be greater than or equal to 1"),
        ("per_page=101", "query.per_page", "Input should be less than or equal to 100"),
        ("page=0", "query.page", "Input should be greater than or equal to 1"),
        ("page=-1", "query.page", "Input should be greater than or equal to 1"),
    ],
)
@pytest.mark.parametrize("path", ["/positions", "/parties", "/issues", "/issues/korea/positions"])
def test_out_of_range_paging_is_a_400_problem(client, path, query, location, message):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM_TYPE
    value = query.split("=")[1]
    assert response.json() == {
        "type": "/problems/invalid-parameters",
        "title": "Invalid query parameter value",
        "status": 400,
        "detail": f"Invalid request parameters: {location}.",
        "instance": f"{path}?{query}",
        "errors": [{"location": location, "message": message, "value": value}],
    }


@pytest.mark.parametrize("query", ["per_page=ten", "page=1.5", "page="])
def test_non_integer_paging_is_a_400_problem(client, query):
    response = client.get(f"/positions?{query}")
    assert response.status_code == 400
    assert [e["location"] for e in response.json()["errors"]] == [f"query.{query.split('=')[0]}"]


# -- sort keys ------------------------------------------------------------------------------------


def test_sort_keys_comma_separated_equal_repeated(client):
    comma = unpaged(client, "/positions", {"sort": "-source_page,party"}, "id")
    response = client.get("/positions?sort=-source_page&sort=party&per_page=100")
    assert (
        [item["id"] for item in response.json()["items"]]
        == comma
        == sorted_ids("-source_page,party")
    )


def test_unknown_sort_key_is_a_400_problem(client):
    response = client.get("/positions?sort=party,-pages")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"location": "query.sort", "message": "unknown sort key 'pages'", "value": "-pages"}
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=party,-party", lambda: sorted_ids("party")),
        ("sort=issue&sort=issue", lambda: sorted_ids("issue")),
        ("q=port&sort=relevance,-relevance", lambda: search("port")),
    ],
    ids=["party,-party", "issue&issue", "relevance,-relevance"],
)
def test_a_repeated_sort_key_is_harmless(client, query, expected):
    response = client.get(f"/positions?{query}&per_page=100")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == expected()


# -- parties and issues ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 5, 10, 100], ids=lambda n: f"per_page={n}")
@pytest.mark.parametrize(("path", "total"), [("/parties", 14), ("/issues", 27)])
def test_parties_and_issues_paginate(client, path, total, size):
    expected = unpaged(client, path, {}, "slug")
    assert len(expected) == total
    walked = walk(client, path, {}, size, total, "slug")
    assert walked == expected
    assert len(set(walked)) == total


def test_documents_and_annotations_paginate(client):
    assert walk(client, "/documents", {}, 1, 1, "slug") == ["frus1945v07-d644"]
    response = client.get("/documents/frus1945v07-d644/annotations/?per_page=15&page=3")
    body = response.json()
    assert (body["startIndex"], body["prev"], body["next"]) == (
        30,
        f"{BASE}/documents/frus1945v07-d644/annotations/?per_page=15&page=2",
        None,
    )
    assert [item["id"].rsplit("/", 1)[1] for item in body["items"]] == sorted_ids(None)[30:]
    assert response.headers["x-total-count"] == "40"
