"""The reader's pages over HTTP: content negotiation on the paths pages and API share, the
server-side filters, and the same ETag, gzip, Vary and CSP as the API."""

import re

import pytest

from app.web.negotiate import prefers_html
from app.web.render import PAGE_CONTENT_SECURITY_POLICY

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
HTML = {"Accept": BROWSER}
READER = "/reader/frus1945v07-d644"


def position_ids(html: str) -> list[str]:
    return sorted(set(re.findall(r'data-position-id="([^"]+)"', html)))


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (BROWSER, True),
        ("text/html", True),
        ("application/xhtml+xml", True),
        ("*/*", False),
        ("", False),
        ("application/json", False),
        ("text/html, application/json", False),  # a tie goes to the API
        ("text/html;q=0.5, application/json", False),
        ("application/json;q=0.5, text/html", True),
        ("text/html;q=0", False),
    ],
)
def test_html_only_when_accept_prefers_it(accept, html):
    assert prefers_html(accept) is html


@pytest.mark.parametrize("path", ["/", "/issues/dairen", "/parties/stalin"])
def test_shared_paths_answer_browsers_with_html_and_programs_with_json(client, path):
    page = client.get(path, headers=HTML)
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == PAGE_CONTENT_SECURITY_POLICY
    for accept in ("*/*", "application/json"):
        data = client.get(path, headers={"Accept": accept})
        assert data.headers["content-type"] == "application/json"
        assert data.json() == client.get(path).json()
    assert "Accept" in page.headers["vary"].split(", ")
    assert page.headers["etag"] != data.headers["etag"]


def test_the_response_cache_keeps_html_and_json_apart(client):
    """`client` compares every answer with the cached one; asking the same path both ways,
    twice, would mix them up if Accept were not part of the key."""
    for _ in range(2):
        assert client.get("/", headers=HTML).text.startswith("<!doctype html>")
        assert client.get("/", headers={"Accept": "*/*"}).json()["name"] == "Parley"


def test_pages_are_gzipped_and_revalidated_like_the_api(client):
    page = client.get(READER, headers={**HTML, "Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    etag = page.headers["etag"]
    again = client.get(READER, headers={**HTML, "Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304


def test_the_reader_highlights_every_position_of_the_document(client):
    page = client.get(READER, headers=HTML)
    assert position_ids(page.text) == [f"d644-{n:03d}" for n in range(1, 41)]
    assert "<script>" not in page.text  # the CSP allows no inline script
    assert ' style="' not in page.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("party=stalin&issue=dairen", ["d644-011", "d644-012", "d644-013", "d644-014"]),
        (
            "party=stalin&issue=dairen&stance=&source_page=",
            ["d644-011", "d644-012", "d644-013", "d644-014"],
        ),
        ("party=molotov", ["d644-008", "d644-036"]),
        ("source_page=914&party=soong", ["d644-038", "d644-039", "d644-040"]),
        ("issue=port-arthur", ["d644-018", "d644-019"]),
        # an alias, as the API takes it; d644-018 (Port Arthur) is a concession, not an acceptance
        (
            "party=generalissimo-stalin&stance=accept",
            ["d644-009", "d644-010", "d644-019", "d644-027", "d644-032"],
        ),
    ],
)
def test_filters_narrow_the_highlights_on_the_server(client, query, expected):
    page = client.get(f"{READER}?{query}", headers=HTML)
    assert page.status_code == 200
    assert position_ids(page.text) == expected
    api = client.get(
        f"/documents/frus1945v07-d644/positions?per_page=100&{query.replace('=&', '=x&')}"
    )
    if "stance=&" not in query:  # the API refuses a blank filter; the reader ignores it
        assert [item["id"] for item in api.json()["items"]] == expected


def test_a_bad_filter_is_the_apis_problem(client):
    page = client.get(f"{READER}?party=stallin", headers=HTML)
    assert page.status_code == 400
    assert page.json()["errors"][0]["location"] == "query.party"
    assert client.get(f"{READER}?colour=red", headers=HTML).status_code == 400


def test_an_alias_redirects_as_in_the_api(client):
    page = client.get("/issues/lushun", headers=HTML, follow_redirects=False)
    assert page.status_code == 308
    assert page.headers["location"] == "http://testserver/issues/port-arthur"


def test_party_colours_come_from_the_data(client):
    css = client.get("/reader-assets/parties.css")
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    assert ".p-stalin{--party:#b3261e;--tint:#f3dcdb}" in css.text


def test_the_issue_grid_has_a_column_per_party_and_a_row_per_sub_issue(client):
    page = client.get("/issues/dairen", headers=HTML).text
    columns = re.findall(r'<th scope="col" class="p-([a-z-]+)"', page)
    assert columns == ["stalin", "soong"]
    rows = re.findall(r'<th scope="row"><a href="/issues/([a-z-]+)"', page)
    assert rows == [
        "dairen-internationalization",
        "dairen-administration",
        "dairen-soviet-rights",
        "dairen-revenues",
    ]
