"""Facets (issue 11 §1): counts over the whole filtered set, not the page, each value with
its label and the URL applying it as a filter; issue counts roll up the tree.

Expected counts are computed from the seed YAML (tests/api/expected.py); the only thing
taken from app code is the order of each controlled vocabulary, which breaks ties."""

from collections import Counter
from urllib.parse import urlencode

import pytest

from app.vocabulary import Evidence, Mode, Stance
from tests.api.expected import BASE, seed_issues, seed_parties, seed_positions

VOCABULARIES = {"stance": list(Stance), "evidence": list(Evidence), "mode": list(Mode)}


def issue_and_ancestors(slug: str) -> list[str]:
    parents = {i["slug"]: i.get("parent") for i in seed_issues()}
    found = []
    current: str | None = slug
    while current is not None:
        found.append(current)
        current = parents[current]
    return found


def expected_facet(name: str, positions, path: str, query: list[tuple[str, str]]) -> list[dict]:
    """The facet `name` over `positions`, as the API should give it for `path?query`."""
    counts: Counter = Counter()
    for p in positions:
        if name == "issue":
            counts.update(issue_and_ancestors(p.issue))
        elif name == "source_page":
            counts.update(p.pages)
        else:
            counts[getattr(p, name)] += 1
    parties = {party["slug"]: (n, party["name"]) for n, party in enumerate(seed_parties())}
    issues = {issue["slug"]: (n, issue["name"]) for n, issue in enumerate(seed_issues())}
    synonyms = {"party": ["party", "actor"], "issue": ["issue", "topic"]}.get(name, [name])

    def shown(value):
        if name == "party":
            return parties[value]
        if name == "issue":
            return issues[value]
        if name == "source_page":
            return value, f"p. {value}"
        return VOCABULARIES[name].index(value), value

    values = []
    for value, count in counts.items():
        rank, label = shown(value)
        kept = [(k, v) for k, v in query if k not in [*synonyms, "page"]]
        url = f"{BASE}{path}?{urlencode([*kept, (name, value)], safe=',')}"
        values.append(
            ((-count, rank), {"value": value, "label": label, "count": count, "url": url})
        )
    return [value for _, value in sorted(values, key=lambda item: item[0])]


def where(**conditions: object) -> list:
    """Seed positions whose attributes equal the given values."""
    return [p for p in seed_positions() if all(getattr(p, k) == v for k, v in conditions.items())]


def test_the_expectations_by_hand():
    everything = seed_positions()
    party = expected_facet("party", everything, "/positions", [])
    assert [(v["value"], v["count"]) for v in party[:2]] == [("stalin", 20), ("soong", 13)]
    issue = {v["value"]: v["count"] for v in expected_facet("issue", everything, "/positions", [])}
    assert issue["dairen"] == 9  # its own and its sub-issues'
    pages = {v["value"]: v["count"] for v in expected_facet("source_page", everything, "/x", [])}
    assert pages[912] == 5
    assert sum(pages.values()) > 40  # a quote across a page break counts on both pages


FACETED = [
    ("/positions", [], seed_positions()),
    ("/positions", [("stance", "propose")], where(stance="propose")),
    ("/positions", [("party", "stalin"), ("sort", "-source_page")], where(party="stalin")),
    ("/parties/soong/positions", [("evidence", "reported")], where(party="soong", evidence="reported")),
    ("/issues/dairen/positions", [], [p for p in seed_positions() if "dairen" in issue_and_ancestors(p.issue)]),
    ("/positions", [("q", "port")], None),  # checked through the list itself below
]  # fmt: skip
NAMES = ["party", "issue", "stance", "source_page", "evidence", "mode"]


def listed(client, path, query) -> list:
    """Every position of the list, as the seed has them (by id)."""
    body = client.get(path, params=[*query, ("per_page", "100")]).json()
    by_id = {p.id: p for p in seed_positions()}
    return [by_id[item["id"]] for item in body["items"]]


@pytest.mark.parametrize(("path", "query", "positions"), FACETED)
def test_facets_count_the_whole_filtered_set(client, path, query, positions):
    if positions is None:
        positions = listed(client, path, query)
    asked = [*query, ("facet", ",".join(NAMES)), ("per_page", "2")]
    response = client.get(path, params=asked)
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["items"]) == min(2, len(positions))  # a page of two …
    assert body["total"] == len(positions)
    as_sent = [*query, ("facet", ",".join(NAMES)), ("per_page", "2")]
    expected = {name: expected_facet(name, positions, path, as_sent) for name in NAMES}
    assert body["facets"] == expected  # … but counts over all of them
    assert list(body) == ["items", "total", "page", "per_page", "pages", "links", "facets"]


def test_a_facet_url_applies_its_value(client):
    body = client.get("/positions?stance=propose&facet=party&page=2&per_page=3").json()
    stalin = next(v for v in body["facets"]["party"] if v["value"] == "stalin")
    assert stalin["url"] == f"{BASE}/positions?stance=propose&facet=party&per_page=3&party=stalin"
    followed = client.get(stalin["url"]).json()
    assert followed["total"] == stalin["count"] == len(where(stance="propose", party="stalin"))


def test_a_facet_value_replaces_the_filter_and_its_synonym(client):
    body = client.get("/positions?actor=stalin,soong&facet=party").json()
    assert [(v["value"], v["count"], v["url"]) for v in body["facets"]["party"]] == [
        ("stalin", 20, f"{BASE}/positions?facet=party&party=stalin"),
        ("soong", 13, f"{BASE}/positions?facet=party&party=soong"),
    ]


def test_certainty_is_evidence_and_mode(client):
    both = client.get("/positions?facet=certainty").json()["facets"]
    assert list(both) == ["evidence", "mode"]
    spelt_out = client.get("/positions?facet=evidence,mode").json()["facets"]

    def counts(facets):
        return {name: [(v["value"], v["count"]) for v in values] for name, values in facets.items()}

    assert counts(both) == counts(spelt_out)
    assert both["mode"][0]["url"] == f"{BASE}/positions?facet=certainty&mode=asserted"
    assert list(client.get("/positions?facet=mode,certainty,party").json()["facets"]) == [
        "mode",
        "evidence",
        "party",
    ]


def test_a_filter_that_matches_nothing_has_empty_facets(client):
    body = client.get("/positions?party=molotov&issue=dairen&facet=party,issue").json()
    assert body["total"] == 0
    assert body["facets"] == {"party": [], "issue": []}


def test_the_facets_endpoint_gives_the_counts_alone(client):
    response = client.get("/positions/facets?party=stalin&facet=issue,stance")
    assert response.status_code == 200
    body = response.json()
    url = "/positions/facets"
    query = [("party", "stalin"), ("facet", "issue,stance")]
    assert body == {
        "total": 20,
        "facets": {
            name: expected_facet(name, where(party="stalin"), url, query)
            for name in ("issue", "stance")
        },
        "positions_url": f"{BASE}/positions?party=stalin",
    }


def test_the_facets_endpoint_counts_every_facet_by_default(client):
    body = client.get("/positions/facets").json()
    assert list(body["facets"]) == NAMES
    assert body["facets"]["party"] == expected_facet(
        "party", seed_positions(), "/positions/facets", []
    )


@pytest.mark.parametrize(
    ("url", "errors"),
    [
        ("/positions?facet=colour", [("colour", "unknown facet 'colour'")]),
        ("/positions?facet=party,page,certainy", [("page", "unknown facet 'page'"), ("certainy", "unknown facet 'certainy'")]),
        ("/positions/facets?facet=document", [("document", "unknown facet 'document'")]),
        ("/issues/korea/positions?facet=partys", [("partys", "unknown facet 'partys'")]),
    ],
)  # fmt: skip
def test_an_unknown_facet_is_a_400_naming_it(client, url, errors):
    response = client.get(url)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "/problems/invalid-parameters"
    assert body["detail"] == (
        "Unknown facet; use: party, issue, stance, source_page, evidence, mode, certainty."
    )
    assert body["errors"] == [
        {"location": "query.facet", "message": message, "value": value} for value, message in errors
    ]


def test_what_a_facet_cannot_be_asked_with(client):
    assert client.get("/positions/facets?page=2").status_code == 400


def test_an_export_ignores_facets_but_not_unknown_ones(client):
    """An export has only rows: the facets asked for are checked, not counted."""
    plain = client.get("/positions?format=csv")
    assert client.get("/positions?facet=party&format=csv").content == plain.content
    assert client.get("/positions?facet=parties&format=csv").status_code == 400
