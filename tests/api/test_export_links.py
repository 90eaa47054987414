"""Exports and links (issue 11, §5): an export's links describe the export, every link spells
its query one way, and a CSV carries its file name and, on request only, a byte order mark."""

import pytest

from tests.api.expected import document_order, seed_positions

BASE = "http://testserver"


def links(response) -> dict[str, str]:
    """The `Link` header as {rel: url}."""
    found = {}
    for part in response.headers["link"].split(", <"):
        url, rel = part.strip("<").split('>; rel="')
        found[rel.rstrip('"')] = url
    return found


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_an_unpaged_export_links_to_itself(client, fmt):
    response = client.get(f"/positions?format={fmt}")
    assert response.status_code == 200
    whole = f"{BASE}/positions?format={fmt}"
    assert links(response) == {"self": whole, "first": whole, "last": whole}
    assert response.headers["x-total-count"] == "40"
    # Following `first` gives the same 40 rows, not a page of 20.
    assert client.get(links(response)["first"]).content == response.content


def test_an_export_asked_for_by_accept_links_to_itself(client):
    response = client.get("/issues/korea/positions", headers={"Accept": "text/csv"})
    whole = f"{BASE}/issues/korea/positions"
    assert links(response) == {"self": whole, "first": whole, "last": whole}


def test_a_paged_export_links_to_its_pages(client):
    response = client.get("/positions?format=csv&per_page=15&page=2")
    base = f"{BASE}/positions?format=csv&per_page=15"
    assert links(response) == {
        "self": f"{base}&page=2",
        "first": f"{base}&page=1",
        "prev": f"{base}&page=1",
        "next": f"{base}&page=3",
        "last": f"{base}&page=3",
    }


@pytest.mark.parametrize(
    "query",
    ["party=stalin,soong&per_page=5", "party=stalin%2Csoong&per_page=5", "party=stalin%2csoong"],
)
def test_every_link_spells_commas_as_commas(client, query):
    response = client.get(f"/positions?{query}")
    assert response.status_code == 200
    body = response.json()
    every = [*links(response).values(), *(url for url in body["links"].values() if url)]
    assert every
    for url in every:
        assert "%2c" not in url.lower()
        assert "party=stalin,soong" in url
    as_commas = query.replace("%2C", ",").replace("%2c", ",")
    assert body["links"]["self"] == f"{BASE}/positions?{as_commas}"


def test_spaces_are_spelt_one_way_too(client):
    body = client.get("/positions?q=port%20arthur&per_page=1").json()
    assert body["links"]["self"] == f"{BASE}/positions?q=port+arthur&per_page=1"
    assert body["links"]["next"] == f"{BASE}/positions?q=port+arthur&per_page=1&page=2"


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/positions?format=csv", "positions.csv"),
        ("/positions?format=ndjson", "positions.ndjson"),
        ("/issues/korea/positions?format=csv", "issues-korea-positions.csv"),
        ("/parties/stalin/positions?format=csv&per_page=2", "parties-stalin-positions.csv"),
        (
            "/documents/frus1945v07-d644/positions?format=ndjson",
            "documents-frus1945v07-d644-positions.ndjson",
        ),
    ],
)
def test_an_export_names_its_file(client, url, name):
    response = client.get(url)
    assert response.headers["content-disposition"] == f'inline; filename="{name}"'


def test_a_csv_has_no_byte_order_mark_unless_asked(client):
    plain = client.get("/issues/korea/positions?format=csv")
    assert plain.content.startswith(b"id,document,")
    marked = client.get("/issues/korea/positions?format=csv&bom=1")
    assert marked.status_code == 200
    assert marked.content == b"\xef\xbb\xbf" + plain.content
    assert marked.headers["etag"] != plain.headers["etag"]
    assert client.get("/issues/korea/positions?format=csv&bom=0").content == plain.content


def test_a_byte_order_mark_with_csv_by_accept(client):
    response = client.get("/positions?bom=true&per_page=1", headers={"Accept": "text/csv"})
    assert response.content.startswith(b"\xef\xbb\xbfid,document,")
    ids = [p.id for p in seed_positions()]
    assert response.text.splitlines()[1].startswith(document_order(ids)[0] + ",")


@pytest.mark.parametrize("url", ["/positions?bom=1", "/positions?format=ndjson&bom=1"])
def test_a_byte_order_mark_is_for_csv_only(client, url):
    """JSON and NDJSON have no byte order mark: asked for one, they answer as without it."""
    response = client.get(url)
    assert response.status_code == 200
    assert not response.content.startswith(b"\xef\xbb\xbf")
    without = client.get(url.replace("bom=1", "bom=0")).content
    assert response.content.replace(b"bom=1", b"bom=0") == without  # links echo the query
