"""Filter algebra on the positions lists: each filter alone against the seed, every pair,
repeated values, synonyms, aliases, unknown values and full-text search.

Within one parameter (or its synonym) values are ORed; different parameters are ANDed; a path's
own scope (/parties/{slug}/positions ...) is ANDed with the filters.
"""

from itertools import combinations

import pytest

from tests.api.expected import (
    DOCUMENT,
    document_order,
    issue_and_descendants,
    positions_by_id,
    search,
    seed_positions,
)

PROBLEM_TYPE = "application/problem+json"

# parameter → the filter family it belongs to (synonyms share one)
FAMILY = {
    "party": "party",
    "actor": "party",
    "issue": "issue",
    "topic": "issue",
    "stance": "stance",
    "source_page": "source_page",
    "document": "document",
    "q": "q",
    "scale_point": "scale_point",
}

SINGLES = [
    ("party", "stalin"),
    ("party", "soong"),
    ("actor", "molotov"),
    ("issue", "dairen"),
    ("topic", "railroads"),
    ("stance", "propose"),
    ("stance", "counter-propose"),
    ("source_page", "912"),
    ("source_page", "914"),
    ("document", DOCUMENT),
    ("q", "port"),
    ("q", "troops"),
    ("scale_point", "0"),
    ("scale_point", "2"),
]


def matching(param: str, value: str) -> set[str]:
    """Ids a single filter selects, from the seed alone."""
    family = FAMILY[param]
    if family == "q":
        return set(search(value))
    if family == "issue":
        scope = issue_and_descendants(value)
        return {p.id for p in seed_positions() if p.issue in scope}
    if family == "source_page":
        return {p.id for p in seed_positions() if int(value) in p.pages}
    if family == "document":
        return {p.id for p in seed_positions()} if value == DOCUMENT else set()
    if family == "scale_point":
        return {p.id for p in seed_positions() if p.scale_point == int(value)}
    return {p.id for p in seed_positions() if getattr(p, family) == value}


def ordered(ids: set[str], search_word: str | None = None) -> list[str]:
    """Default order: relevance when searching, else document order."""
    if search_word is not None:
        return [pid for pid in search(search_word) if pid in ids]
    return document_order(ids)


def fetch(client, url: str, params) -> list[str]:
    response = client.get(url, params=[*params, ("per_page", "100")])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])
    assert response.headers["x-total-count"] == str(body["total"])
    return [item["id"] for item in body["items"]]


def label(filters) -> str:
    return "&".join(f"{k}={v}" for k, v in filters)


# -- the expectations themselves, spot-checked by hand --------------------------------------------


def test_single_filter_expectations_by_hand():
    assert ordered(matching("actor", "molotov")) == ["d644-008", "d644-036"]
    assert ordered(matching("issue", "dairen")) == [
        *("d644-011", "d644-012", "d644-013", "d644-014", "d644-015", "d644-016", "d644-017"),
        *("d644-024", "d644-025"),
    ]
    assert ordered(matching("source_page", "912")) == [f"d644-{n:03d}" for n in range(1, 6)]
    assert ordered(matching("source_page", "914")) == [f"d644-{n:03d}" for n in range(32, 41)]
    assert ordered(matching("stance", "counter-propose")) == [
        *("d644-004", "d644-005", "d644-006", "d644-015", "d644-016", "d644-017"),
    ]
    assert search("troops") == ["d644-009", "d644-010", "d644-037", "d644-039"]  # 2, 2, 2, 1
    assert len(matching("party", "stalin")) == 20
    assert len(matching("party", "soong")) == 13


# -- (a) each filter alone ------------------------------------------------------------------------


@pytest.mark.parametrize(("param", "value"), SINGLES, ids=str)
def test_single_filter(client, param, value):
    expected = ordered(matching(param, value), value if param == "q" else None)
    assert expected  # every single filter in the list selects something
    assert fetch(client, "/positions", [(param, value)]) == expected


# -- (b) every pair: AND across parameters, OR within one -----------------------------------------


def pair_cases():
    for a, b in combinations(SINGLES, 2):
        if FAMILY[a[0]] == FAMILY[b[0]] == "q":
            continue  # a repeated `q`: see test_repeated_search_is_an_or
        yield pytest.param(a, b, id=label([a, b]))


@pytest.mark.parametrize(("a", "b"), list(pair_cases()))
def test_pair_of_filters(client, a, b):
    left, right = matching(*a), matching(*b)
    combined = left | right if FAMILY[a[0]] == FAMILY[b[0]] else left & right
    word = next((v for k, v in (a, b) if k == "q"), None)
    assert fetch(client, "/positions", [a, b]) == ordered(combined, word)


def test_pairs_cover_empty_and_non_empty_results():
    sizes = []
    for a, b in combinations(SINGLES, 2):
        if FAMILY[a[0]] != FAMILY[b[0]]:
            sizes.append(len(matching(*a) & matching(*b)))
    assert 0 in sizes
    assert sum(1 for size in sizes if size) >= 30


# -- the path's scope ANDs with the filters -------------------------------------------------------

SCOPES = [
    ("/parties/soong/positions", {p.id for p in seed_positions() if p.party == "soong"}),
    (
        "/issues/dairen/positions",
        {p.id for p in seed_positions() if p.issue in issue_and_descendants("dairen")},
    ),
]


@pytest.mark.parametrize(("url", "scope"), SCOPES, ids=[s[0] for s in SCOPES])
@pytest.mark.parametrize(("param", "value"), SINGLES, ids=str)
def test_single_filter_within_a_path_scope(client, url, scope, param, value):
    word = value if param == "q" else None
    assert fetch(client, url, [(param, value)]) == ordered(matching(param, value) & scope, word)


def test_path_scope_and_a_contradicting_filter_is_empty(client):
    assert fetch(client, "/issues/port-arthur/positions", [("issue", "korea")]) == []
    assert fetch(client, "/parties/soong/positions", [("party", "stalin")]) == []
    assert fetch(client, "/parties/soong/positions", [("party", "stalin,soong")]) == ordered(
        matching("party", "soong")
    )


# -- (c) repeated values, comma lists, synonyms, aliases ------------------------------------------

UNIONS = [
    [("party", "stalin"), ("party", "molotov")],
    [("issue", "korea"), ("issue", "port-arthur")],
    [("source_page", "912"), ("source_page", "914")],
    [("stance", "propose"), ("stance", "counter-propose")],
    [("party", "stalin"), ("actor", "molotov")],
    [("issue", "dairen"), ("topic", "railroads")],
    [("actor", "molotov"), ("actor", "chiang-kai-shek"), ("party", "harriman")],
]


@pytest.mark.parametrize("filters", UNIONS, ids=label)
def test_repeated_parameter_is_an_or(client, filters):
    expected = set().union(*(matching(k, v) for k, v in filters))
    assert fetch(client, "/positions", filters) == document_order(expected)


def test_union_expectations_by_hand():
    assert document_order(matching("party", "molotov") | matching("party", "harriman")) == [
        "d644-008",
        "d644-022",
        "d644-036",
    ]
    assert document_order(matching("issue", "korea") | matching("issue", "port-arthur")) == [
        "d644-018",
        "d644-019",
        *(f"d644-{n:03d}" for n in range(35, 41)),
    ]


@pytest.mark.parametrize(
    ("comma", "repeated"),
    [
        ("party=stalin,molotov", "party=stalin&party=molotov"),
        ("party=stalin, molotov", "party=stalin&party=molotov"),
        ("actor=stalin,molotov", "actor=stalin&actor=molotov"),
        ("issue=korea,port-arthur", "issue=korea&issue=port-arthur"),
        ("topic=korea,port-arthur", "topic=korea&topic=port-arthur"),
        (f"document={DOCUMENT},{DOCUMENT}", f"document={DOCUMENT}"),
        ("source_page=912,914", "source_page=912&source_page=914"),
        ("stance=propose,counter-propose", "stance=propose&stance=counter-propose"),
    ],
)
def test_comma_list_equals_repeated_parameter(client, comma, repeated):
    def ids(query: str) -> list[str]:
        response = client.get(f"/positions?{query}&per_page=100")
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    expected = ids(repeated)
    assert expected  # never two empty lists
    assert ids(comma) == expected


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        (("party", "song-ziwen"), ("party", "soong")),
        (("party", "Song-Ziwen"), ("party", "soong")),
        (("actor", "generalissimo-stalin"), ("party", "stalin")),
        (("issue", "lushun"), ("issue", "port-arthur")),
        (("topic", "cer"), ("issue", "railroads")),
        (("issue", "trusteeship"), ("issue", "korea-trusteeship")),
    ],
    ids=lambda f: f"{f[0]}={f[1]}",
)
def test_alias_value_equals_canonical(client, alias, canonical):
    expected = ordered(matching(*canonical))
    assert expected
    assert fetch(client, "/positions", [alias]) == expected


def test_alias_and_canonical_together_are_one_value(client):
    assert fetch(client, "/positions", [("issue", "lushun,port-arthur")]) == [
        "d644-018",
        "d644-019",
    ]


# -- unknown values -------------------------------------------------------------------------------


def problem(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM_TYPE
    body = response.json()
    assert body["type"] == "/problems/unknown-value"
    assert (body["title"], body["status"], body["instance"]) == ("Unknown filter value", 400, url)
    return body


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("/positions?party=stalni", ("query.party", "unknown party 'stalni'; did you mean stalin?", "stalni")),
        ("/positions?issue=dairn", ("query.issue", "unknown issue 'dairn'; did you mean dairen?", "dairn")),
        ("/positions?party=stalin,zzzz", ("query.party", "unknown party 'zzzz'", "zzzz")),
        ("/positions?document=xyz", ("query.document", "unknown document 'xyz'", "xyz")),
        ("/parties/soong/positions?issue=dairn", ("query.issue", "unknown issue 'dairn'; did you mean dairen?", "dairn")),
        ("/issues/korea/positions?party=molotv", ("query.party", "unknown party 'molotv'; did you mean molotov?", "molotv")),
    ],
)  # fmt: skip
def test_unknown_value_is_a_400_naming_it_with_suggestions(client, url, error):
    body = problem(client, url)
    location, message, value = error
    assert body["errors"] == [{"location": location, "message": message, "value": value}]
    assert f"'{value}'" in body["detail"]
    if "did you mean" in message:
        assert message.rsplit(" ", 1)[1].rstrip("?") in body["detail"]


def test_every_unknown_value_is_named(client):
    body = problem(client, "/positions?party=xx,stalni&issue=dairen")
    assert body["errors"] == [
        {"location": "query.party", "message": "unknown party 'xx'", "value": "xx"},
        {
            "location": "query.party",
            "message": "unknown party 'stalni'; did you mean stalin?",
            "value": "stalni",
        },
    ]


def test_unknown_value_detail_quotes_the_value_as_sent(client):
    body = problem(client, "/positions?party=Stalni")
    assert body["detail"] == "Unknown party 'Stalni'; did you mean stalin?"


@pytest.mark.parametrize(
    ("url", "location"),
    [("/positions?actor=stalni", "query.actor"), ("/positions?topic=dairn", "query.topic")],
)
def test_unknown_synonym_value_is_located_where_it_was_sent(client, url, location):
    (error,) = problem(client, url)["errors"]
    assert error["location"] == location


@pytest.mark.parametrize(
    ("url", "location", "value"),
    [
        ("/positions?stance=agree", "query.stance.0", "agree"),
        ("/positions?source_page=p912", "query.source_page.0", "p912"),
    ],
)
def test_invalid_typed_value_is_a_400(client, url, location, value):
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "/problems/invalid-parameters"
    assert [(e["location"], e["value"]) for e in body["errors"]] == [(location, value)]


def test_pages_outside_the_document_select_nothing(client):
    for page in ("911", "915", "-1", "0", str(2**63 - 1)):
        assert fetch(client, "/positions", [("source_page", page)]) == []


def test_huge_source_page_selects_nothing(client):
    assert fetch(client, "/positions", [("source_page", str(2**64))]) == []


# -- scale points ---------------------------------------------------------------------------------


def test_scale_point_expectations_by_hand():
    assert ordered(matching("scale_point", "2")) == ["d644-004", "d644-006", "d644-016"]
    assert ordered(matching("scale_point", "3")) == ["d644-017"]
    assert len([p for p in seed_positions() if p.scale_point is not None]) == 16


def test_scale_point_within_an_issue(client):
    assert fetch(client, "/issues/dairen/positions", [("scale_point", "0")]) == [
        "d644-011",
        "d644-012",
        "d644-013",
    ]
    assert fetch(client, "/positions", [("issue", "agreement-term"), ("scale_point", "1")]) == []


def test_scale_points_off_every_scale_select_nothing(client):
    for point in ("4", "-1", str(2**31), str(2**63 - 1)):
        assert fetch(client, "/positions", [("scale_point", point)]) == []


def test_sort_by_scale_point_puts_positions_without_one_last(client):
    by_id = positions_by_id()
    last = float("inf")
    ascending = sorted(
        by_id,
        key=lambda pid: (
            by_id[pid].scale_point if by_id[pid].scale_point is not None else last,
            pid,
        ),
    )
    assert fetch(client, "/positions", [("sort", "scale_point")]) == ascending
    descending = sorted(
        by_id,
        key=lambda pid: (
            -(by_id[pid].scale_point if by_id[pid].scale_point is not None else last),
            pid,
        ),
    )
    assert fetch(client, "/positions", [("sort", "-scale_point")]) == descending
    assert fetch(client, "/issues/railroads/positions", [("sort", "scale_point,document")]) == [
        *("d644-001", "d644-002", "d644-003", "d644-005", "d644-004", "d644-006"),
        *("d644-007", "d644-008", "d644-009"),
    ]


# -- full-text search -----------------------------------------------------------------------------


def test_search_is_ranked_by_relevance_by_default(client):
    ranked = search("port")
    assert ranked != document_order(ranked)  # so the two orders below are distinguishable
    assert fetch(client, "/positions", [("q", "port")]) == ranked
    assert fetch(client, "/positions", [("q", "port"), ("sort", "relevance")]) == ranked


def test_sort_overrides_relevance(client):
    ranked = search("port")
    assert fetch(client, "/positions", [("q", "port"), ("sort", "document")]) == document_order(
        ranked
    )
    assert fetch(client, "/positions", [("q", "port"), ("sort", "-id")]) == sorted(
        ranked, reverse=True
    )


def test_relevance_without_a_search_is_document_order(client):
    assert fetch(client, "/positions", [("sort", "relevance")]) == document_order(
        p.id for p in seed_positions()
    )


@pytest.mark.parametrize(
    ("q", "words"),
    [
        ("PORT", ("port",)),
        ("ports", ("port",)),
        ("port troops", ("port", "troops")),
        ("port and", ("port", "and")),
        ('"(AND', ("and",)),
        ('port"', ("port",)),
        ("port*", ("port",)),
        ("^port", ("port",)),
        ("-port", ("port",)),
        ("NOT port", ("not", "port")),
        ("port OR troops", ("port", "or", "troops")),
        ("NEAR(port troops)", ("near", "port", "troops")),
        ("quote:port", ("quote", "port")),
        ("{quote summary}:port", ("quote", "summary", "port")),
        ("troops'); DROP TABLE position; --", ("troops", "drop", "table", "position")),
    ],
)
def test_search_syntax_is_taken_as_words(client, q, words):
    assert fetch(client, "/positions", [("q", q)]) == search(*words)


def test_search_words_expectations_by_hand():
    assert search("port", "troops") == []
    assert search("not", "port") == ["d644-025"]
    # the coordinated parts' quotes begin with their connective "and" (seed/README.md)
    assert sorted(search("port", "and")) == [
        "d644-012", "d644-014", "d644-017", "d644-019", "d644-020", "d644-021", "d644-024"
    ]  # fmt: skip


@pytest.mark.parametrize("q", ["...", "  ", "*", '"()"', "-", "“”"])
def test_search_without_words_is_a_400(client, q):
    response = client.get("/positions", params={"q": q})
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM_TYPE
    body = response.json()
    assert body["type"] == "/problems/invalid-parameters"
    assert body["errors"] == [{"location": "query.q", "message": "no words", "value": q}]


def test_empty_search_is_a_400(client):
    response = client.get("/positions?q=")
    assert response.status_code == 400
    assert [e["location"] for e in response.json()["errors"]] == ["query.q"]


def test_repeated_search_is_an_or(client):
    ids = fetch(client, "/positions", [("q", "port"), ("q", "troops")])
    assert sorted(ids) == sorted(set(search("port")) | set(search("troops")))


def test_search_combines_with_filters(client):
    expected = [pid for pid in search("port") if positions_by_id()[pid].party == "soong"]
    assert expected == ["d644-015", "d644-017", "d644-021", "d644-025", "d644-024"]  # 3, 2, 2, 2, 1
    assert fetch(client, "/parties/soong/positions", [("q", "port")]) == expected
    assert fetch(client, "/positions", [("q", "port"), ("actor", "soong")]) == expected
