"""HTTP behaviour shared by every route: ETag and conditional GET, Cache-Control and Vary,
gzip, HEAD, 405 for writes, CORS (also on errors), and the export formats (CSV, NDJSON)."""

import csv
import io
import json
import re

import pytest
from fastapi.testclient import TestClient

IDENTITY = {"Accept-Encoding": "identity"}
GZIP = {"Accept-Encoding": "gzip"}
ORIGIN = {"Origin": "https://example.org"}
CACHE_CONTROL = "public, max-age=300"
# RFC 9110 §8.8.3: entity-tag = [ W/ ] opaque-tag; opaque-tag = DQUOTE *etagc DQUOTE
STRONG_ETAG = re.compile(r'"[\x21\x23-\x7e]+"')


JSON_GETS = [
    "/",
    "/health",
    "/positions",
    "/positions?per_page=100",
    "/positions/d644-001",
    "/parties",
    "/parties/stalin",
    "/parties/stalin/positions",
    "/issues",
    "/issues/port-arthur",
    "/issues/dairen/comparison",
    "/issues/korea/positions",
    "/documents",
    "/documents/frus1945v07-d644",
    "/documents/frus1945v07-d644/positions",
    "/openapi.json",
]

CSV_COLUMNS = [
    "id", "document", "party_slug", "party_name", "issue_slug", "issue_name", "stance", "verb",
    "summary", "quote", "span_start", "span_end", "pages", "paragraph", "evidence",
    "mode", "mode_words", "addressee_slug", "addressee_name", "responds_to", "attribution",
    "editorial_note", "url", "scale_point", "scale_label", "scale_words", "salience",
    "salience_words", "sentence", "document_url", "page_urls", "prefix", "suffix",
]  # fmt: skip


def get_identity(client: TestClient, url: str, **headers: str):
    return client.get(url, headers={**IDENTITY, **headers})


def vary_tokens(response) -> set[str]:
    return {token.strip().lower() for token in response.headers.get("vary", "").split(",")}


# -- ETag and conditional GET -------------------------------------------------------------------


@pytest.mark.parametrize("url", JSON_GETS)
def test_every_json_get_has_a_stable_strong_etag(client, url):
    first = get_identity(client, url)
    second = get_identity(client, url)
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/json"
    etag = first.headers["etag"]
    assert not etag.startswith("W/")
    assert STRONG_ETAG.fullmatch(etag), etag
    assert second.headers["etag"] == etag
    assert second.content == first.content
    # Health must never be answered from a cache: a stale "ok" would hide an outage.
    expected = "no-store" if url == "/health" else CACHE_CONTROL
    assert first.headers["cache-control"] == expected
    assert "accept" in vary_tokens(first)


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("text/csv", "text/csv; charset=utf-8"),
        ("TEXT/CSV", "text/csv; charset=utf-8"),
        ("text/csv;q=0", "application/json"),
        ("application/json, text/csv;q=0.5", "application/json"),
        ("text/csv, application/json", "application/json"),
        ("application/x-ndjson;q=0.9, text/csv;q=0.8", "application/x-ndjson"),
        ("text/csvx", "application/json"),
        ("text/csv;q=abc", "application/json"),
        ("*/*", "application/json"),
    ],
)
def test_accept_is_negotiated_by_quality(client, accept, media_type):
    response = client.get("/positions?per_page=1", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type


def test_different_representations_have_different_etags(client):
    tags = {
        get_identity(client, url).headers["etag"]
        for url in ("/positions", "/positions?page=2", "/positions?per_page=5", "/issues")
    }
    assert len(tags) == 4


@pytest.mark.parametrize(
    "url",
    ["/", "/positions", "/issues/port-arthur", "/parties/stalin"],
)
def test_matching_if_none_match_gives_304_with_empty_body(client, url):
    etag = get_identity(client, url).headers["etag"]
    response = get_identity(client, url, **{"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag


@pytest.mark.parametrize(
    "url",
    [
        "/health",
        "/positions",
    ],
)
def test_304_repeats_the_validators_and_cache_headers_of_the_200(client, url):
    full = get_identity(client, url)
    etag = full.headers["etag"]
    response = get_identity(client, url, **{"If-None-Match": etag})
    assert response.status_code == 304
    assert response.headers["etag"] == etag
    assert response.headers["cache-control"] == full.headers["cache-control"]
    assert vary_tokens(response) == vary_tokens(full)


def test_non_matching_if_none_match_gives_200(client):
    etag = get_identity(client, "/positions").headers["etag"]
    other = get_identity(client, "/positions?page=2").headers["etag"]
    response = get_identity(client, "/positions", **{"If-None-Match": other})
    assert response.status_code == 200
    assert response.headers["etag"] == etag
    assert response.json()["total"] == 40


def test_star_if_none_match_gives_304(client):
    etag = get_identity(client, "/documents").headers["etag"]
    response = get_identity(client, "/documents", **{"If-None-Match": "*"})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag


def test_if_none_match_list_containing_the_tag_gives_304(client):
    etag = get_identity(client, "/parties").headers["etag"]
    listed = f'"0000", {etag}, "ffff"'
    assert get_identity(client, "/parties", **{"If-None-Match": listed}).status_code == 304
    # If-None-Match uses the weak comparison: W/"x" matches "x".
    assert get_identity(client, "/parties", **{"If-None-Match": f"W/{etag}"}).status_code == 304
    assert (
        get_identity(client, "/parties", **{"If-None-Match": '"0000", "ffff"'}).status_code == 200
    )


@pytest.mark.parametrize(
    ("method", "url"), [("GET", "/nope"), ("GET", "/issues/lushunn"), ("POST", "/positions")]
)
def test_errors_carry_no_etag(client, method, url):
    response = client.request(method, url, headers=IDENTITY)
    assert response.status_code >= 400
    assert "etag" not in response.headers


# -- gzip ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/documents/frus1945v07-d644", "/positions?per_page=100", "/issues"]
)
def test_large_responses_are_gzipped_with_their_own_etag(client, url):
    plain = get_identity(client, url)
    zipped = client.get(url, headers=GZIP)
    assert plain.status_code == zipped.status_code == 200
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < int(plain.headers["content-length"])
    assert zipped.content == plain.content  # the client decoded it
    assert zipped.headers["etag"] == plain.headers["etag"][:-1] + '-gzip"'
    assert "accept-encoding" in vary_tokens(zipped)
    assert "accept" in vary_tokens(zipped)
    # Each coding's tag validates only that coding.
    again = client.get(url, headers={**GZIP, "If-None-Match": zipped.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["etag"] == zipped.headers["etag"]
    cross = client.get(url, headers={**GZIP, "If-None-Match": plain.headers["etag"]})
    assert cross.status_code == 200


@pytest.mark.parametrize("url", ["/health", "/problems/not-found", "/parties/stalin"])
def test_small_responses_are_not_gzipped(client, url):
    plain = get_identity(client, url)
    zipped = client.get(url, headers=GZIP)
    assert int(plain.headers["content-length"]) < 1000
    assert "content-encoding" not in zipped.headers
    assert zipped.headers["etag"] == plain.headers["etag"]
    assert zipped.content == plain.content


# -- HEAD ---------------------------------------------------------------------------------------

SMALL_HEADS = ["/", "/health", "/parties/stalin", "/positions/d644-001", "/issues/lushunn"]
LARGE_HEADS = [
    "/positions",
    "/issues",
    "/documents/frus1945v07-d644",
    "/positions?format=csv",
]


@pytest.mark.parametrize(
    "url",
    SMALL_HEADS + list(LARGE_HEADS),
)
@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_head_answers_like_get_without_a_body(client, url, encoding):
    headers = {"Accept-Encoding": encoding}
    get = client.get(url, headers=headers)
    head = client.head(url, headers=headers)
    assert head.status_code == get.status_code
    assert head.content == b""
    assert dict(head.headers) == dict(get.headers)


def test_head_of_a_small_response_keeps_length_and_etag(client):
    get = get_identity(client, "/health")
    head = client.head("/health", headers=IDENTITY)
    assert head.headers["content-length"] == str(len(get.content))
    assert head.headers["etag"] == get.headers["etag"]


def test_conditional_head_gives_304(client):
    etag = get_identity(client, "/").headers["etag"]
    head = client.head("/", headers={**IDENTITY, "If-None-Match": etag})
    assert head.status_code == 304
    assert head.headers["etag"] == etag


# -- writes are refused -------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("url", ["/positions", "/issues/dairen"])
def test_writes_are_405_problems_with_allow(client, method, url):
    response = client.request(method, url, json={"x": 1})
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert "GET" in allowed
    assert {"POST", "PUT", "DELETE", "PATCH"}.isdisjoint(allowed)
    assert response.json() == {
        "type": "/problems/method-not-allowed",
        "title": "Method Not Allowed",
        "status": 405,
        "detail": f"{method} is not allowed here; this API is read-only (GET, HEAD).",
        "instance": url,
    }


@pytest.mark.parametrize("url", ["/positions", "/issues/dairen"])
def test_405_allow_lists_every_supported_method(client, url):
    response = client.post(url)
    assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "HEAD"}


# -- CORS ---------------------------------------------------------------------------------------


def assert_cors(response) -> None:
    assert response.headers["access-control-allow-origin"] == "*"
    exposed = {
        h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
    }
    assert {"link", "etag", "x-total-count"} <= exposed


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/positions", 200),
        ("GET", "/issues/nowhere", 404),
        ("GET", "/positions?actr=stalin", 400),
        ("DELETE", "/positions", 405),
    ],
)
def test_cors_headers_on_success_and_errors(client, method, url, status):
    response = client.request(method, url, headers=ORIGIN)
    assert response.status_code == status
    assert_cors(response)


def test_cors_headers_on_an_unexpected_500(failing_client):
    response = failing_client.get("/", headers=ORIGIN)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert_cors(response)


def test_cors_preflight_allows_get(client):
    response = client.options(
        "/positions",
        headers={**ORIGIN, "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    methods = {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
    assert "GET" in methods


# -- formats ------------------------------------------------------------------------------------


def flatten(item: dict) -> dict:
    """A JSON position as its CSV row (attribution left parsed; compared parsed)."""
    addressee = item["addressee"] or {}
    point, salience = item["scale_point"], item["salience"]
    return {
        "id": item["id"],
        "document": item["document"],
        "party_slug": item["party"]["slug"],
        "party_name": item["party"]["name"],
        "issue_slug": item["issue"]["slug"],
        "issue_name": item["issue"]["name"],
        "stance": item["stance"],
        "verb": item["verb"] or "",
        "summary": item["summary"],
        "quote": item["quote"],
        "span_start": str(item["span"]["start"]),
        "span_end": str(item["span"]["end"]),
        "pages": ";".join(str(page) for page in item["pages"]),
        "paragraph": str(item["paragraph"]),
        "evidence": item["certainty"]["evidence"],
        "mode": item["certainty"]["mode"],
        "mode_words": item["certainty"]["mode_words"] or "",
        "addressee_slug": addressee.get("slug", ""),
        "addressee_name": addressee.get("name", ""),
        "responds_to": ";".join(item["responds_to"]),
        "attribution": item["attribution"],
        "editorial_note": item["editorial_note"] or "",
        "url": item["url"],
        "scale_point": str(point["point"]) if point else "",
        "scale_label": point["label"] if point else "",
        "scale_words": point["words"] if point else "",
        "salience": salience["level"] if salience else "",
        "salience_words": salience["words"] if salience else "",
        "sentence": item["sentence"]["text"],
        "document_url": item["document_url"],
        "page_urls": ";".join(item["page_urls"]),
        "prefix": item["prefix"],
        "suffix": item["suffix"],
    }


def parse_csv(text: str) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = [{**row, "attribution": json.loads(row["attribution"])} for row in reader]
    return list(reader.fieldnames or []), rows


def parse_ndjson(text: str) -> list[dict]:
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def json_items(client: TestClient, url: str) -> list[dict]:
    sep = "&" if "?" in url else "?"
    body = client.get(f"{url}{sep}per_page=100").json()
    assert body["pages"] == 1
    assert len(body["items"]) == body["total"]
    return body["items"]


EXPORT_LISTS = [
    ("/positions", 40),
    ("/issues/korea/positions", 6),
    ("/parties/stalin/positions?stance=accept", 5),
]


@pytest.mark.parametrize(("url", "total"), EXPORT_LISTS)
@pytest.mark.parametrize("how", ["param", "accept"])
def test_csv_export_has_every_row_of_the_json(client, url, total, how):
    if how == "param":
        sep = "&" if "?" in url else "?"
        response = client.get(f"{url}{sep}format=csv")
    else:
        response = client.get(url, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["x-total-count"] == str(total)
    columns, rows = parse_csv(response.text)
    assert columns == CSV_COLUMNS
    items = json_items(client, url)
    assert len(items) == total
    assert rows == [flatten(item) for item in items]


@pytest.mark.parametrize(("url", "total"), EXPORT_LISTS)
@pytest.mark.parametrize("how", ["param", "accept"])
def test_ndjson_export_has_every_row_of_the_json(client, url, total, how):
    if how == "param":
        sep = "&" if "?" in url else "?"
        response = client.get(f"{url}{sep}format=ndjson")
    else:
        response = client.get(url, headers={"Accept": "application/x-ndjson"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    assert response.headers["x-total-count"] == str(total)
    assert parse_ndjson(response.text) == json_items(client, url)


def test_format_parameter_overrides_accept(client):
    as_json = client.get("/parties/stalin/positions?format=json", headers={"Accept": "text/csv"})
    assert as_json.headers["content-type"] == "application/json"
    assert as_json.json()["total"] == 20
    as_ndjson = client.get(
        "/parties/stalin/positions?format=ndjson", headers={"Accept": "text/csv"}
    )
    assert as_ndjson.headers["content-type"] == "application/x-ndjson"
    as_csv = client.get(
        "/parties/stalin/positions?format=csv", headers={"Accept": "application/x-ndjson"}
    )
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"


def test_no_accept_preference_gives_json(client):
    response = client.get("/parties/stalin/positions", headers={"Accept": "*/*"})
    assert response.headers["content-type"] == "application/json"


def test_explicitly_paged_csv_has_one_page_and_a_link_header(client):
    response = client.get("/positions?format=csv&per_page=5")
    assert response.status_code == 200
    _, rows = parse_csv(response.text)
    assert len(rows) == 5
    first_five = client.get("/positions?per_page=5").json()["items"]
    assert rows == [flatten(item) for item in first_five]
    assert response.headers["x-total-count"] == "40"
    base = "http://testserver/positions?format=csv&per_page=5"
    assert response.headers["link"] == (
        f'<{base}>; rel="self", <{base}&page=1>; rel="first", '
        f'<{base}&page=2>; rel="next", <{base}&page=8>; rel="last"'
    )


def test_unpaged_export_links_to_itself_as_its_one_page(client):
    """Every row in one answer: its first and last page are the export itself, not
    `&page=1`, which would be 20 rows."""
    response = client.get("/parties/stalin/positions?format=ndjson")
    base = "http://testserver/parties/stalin/positions?format=ndjson"
    assert response.headers["link"] == (
        f'<{base}>; rel="self", <{base}>; rel="first", <{base}>; rel="last"'
    )


def test_annotations_are_json_ld_with_the_annotation_profile(client):
    response = client.get("/documents/frus1945v07-d644/annotations/")
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    body = response.json()
    assert body["@context"] == [
        "http://www.w3.org/ns/anno.jsonld",
        "http://www.w3.org/ns/ldp.jsonld",
    ]
    assert body["type"] == ["BasicContainer", "AnnotationCollection"]
    assert body["total"] == 40
    assert body["first"]["type"] == "AnnotationPage"
    assert len(body["first"]["items"]) == 20
