"""The parties and their positions, against exact values from the real seed."""

import pytest

from tests.api.contract import (
    VARIANTS,
    all_ids,
    expected_party,
    expected_position,
    get_json,
)
from tests.api.expected import (
    BASE,
    document_order,
    seed_parties,
    seed_positions,
)

# -- parties --------------------------------------------------------------------------------------


def test_parties_list_in_seed_order(client):
    body = get_json(client, "/parties?per_page=100")
    assert body["total"] == 14
    assert body["items"] == [expected_party(record) for record in seed_parties()]


def test_party_soong_by_hand(client):
    variant = {"kind": "editorial", "source": VARIANTS}
    assert get_json(client, "/parties/soong") == {
        "slug": "soong",
        "name": "T. V. Soong",
        "name_in_text": "Soong",
        "kind": "person",
        "affiliation": {
            "slug": "national-government",
            "name": "Chinese National Government",
            "url": f"{BASE}/parties/national-government",
        },
        "role": None,
        "role_basis": None,
        "role_source": None,
        "aliases": [
            {"slug": "t-v-soong", "text": "T. V. Soong", "romanisation": None, **variant},
            {"slug": "song-ziwen", "text": "Song Ziwen", "romanisation": "pinyin", **variant},
            {"slug": "soong-tse-ven", "text": "Soong Tse-ven", "romanisation": None, **variant},
        ],
        "url": f"{BASE}/parties/soong",
        "positions_url": f"{BASE}/parties/soong/positions",
        "wikidata_id": None,  # no citable source confirmed one: null, never guessed
        "wikidata_url": None,
        "wikidata_source": None,
        "colour": "#1d5fa6",
    }


# The Wikidata ids the seed gives, by hand: each confirmed by the source its record cites.
WIKIDATA_IDS = {
    "stalin": "Q855",
    "harriman": "Q345531",
    "truman": "Q11613",
    "chiang-kai-shek": "Q16574",
    "soviet-union": "Q15180",
}


def test_wikidata_ids_by_hand():
    assert {r["slug"]: r["wikidata"] for r in seed_parties() if "wikidata" in r} == WIKIDATA_IDS
    kinds = {r["slug"]: r["kind"] for r in seed_parties()}
    assert {kinds[slug] for slug in WIKIDATA_IDS} <= {"person", "state"}


def test_party_stalin_has_his_wikidata_item(client):
    body = get_json(client, "/parties/stalin")
    assert body["wikidata_id"] == "Q855"
    assert body["wikidata_url"] == "https://www.wikidata.org/wiki/Q855"
    assert "has_id_wikidata: Q855" in body["wikidata_source"]


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("wikidata=Q855", ["stalin"]),
        ("wikidata=q855", ["stalin"]),  # read as Q855
        ("wikidata=Q855&wikidata=Q15180", ["stalin", "soviet-union"]),  # OR, in seed order
        ("wikidata=Q15180,Q11613", ["truman", "soviet-union"]),
        ("wikidata=Q1", []),  # well formed, no party has it
        ("wikidata=Q855&per_page=1&page=2", []),
    ],
)
def test_parties_by_wikidata_id(client, query, slugs):
    body = get_json(client, f"/parties?{query}")
    assert [item["slug"] for item in body["items"]] == slugs
    assert body["total"] == len(slugs) or "page=2" in query


@pytest.mark.parametrize("value", ["855", "Q", "Q0855", "Qx", "stalin", "Q855;", ""])
def test_malformed_wikidata_id_is_a_problem_naming_the_parameter(client, value):
    response = client.get(f"/parties?wikidata={value}")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "/problems/invalid-parameters"
    assert [error["location"] for error in body["errors"]] == ["query.wikidata"]


@pytest.mark.parametrize("record", seed_parties(), ids=lambda r: r["slug"])
def test_party_detail(client, record):
    assert get_json(client, f"/parties/{record['slug']}") == expected_party(record)


def test_party_positions_by_hand(client):
    assert all_ids(client, "/parties/molotov/positions") == ["d644-008", "d644-036"]
    assert all_ids(client, "/parties/chiang-kai-shek/positions") == [
        "d644-030",
        "d644-031",
        "d644-033",
        "d644-034",
    ]
    assert all_ids(client, "/parties/harriman/positions") == ["d644-022"]
    assert all_ids(client, "/parties/truman/positions") == []


@pytest.mark.parametrize("slug", ["stalin", "soong", "chiang-kai-shek"])
def test_party_positions(client, slug):
    expected = document_order(p.id for p in seed_positions() if p.party == slug)
    body = get_json(client, f"/parties/{slug}/positions?per_page=100")
    assert body["total"] == len(expected)
    assert body["items"] == [expected_position(pid) for pid in expected]


# -- a title the text gives two parties -----------------------------------------------------------


def test_generalissimo_as_a_filter_is_ambiguous_and_names_both(client):
    response = client.get("/positions?party=generalissimo")
    assert response.status_code == 400
    body = response.json()
    message = (
        "'generalissimo' is ambiguous: the text calls chiang-kai-shek (Chiang Kai-shek) and "
        'stalin (Joseph Stalin) "Generalissimo"; name one of them'
    )
    assert body["errors"] == [
        {"location": "query.party", "message": message, "value": "generalissimo"}
    ]
    assert body["detail"] == message[:1].upper() + message[1:] + "."
    assert body["suggestions"] == ["chiang-kai-shek", "stalin"]


def test_generalissimo_as_a_path_is_not_found_and_names_both(client):
    response = client.get("/parties/Generalissimo")
    assert response.status_code == 404
    body = response.json()
    assert body["type"] == "/problems/unknown-party"
    assert body["detail"] == (
        "'Generalissimo' is ambiguous: the text calls chiang-kai-shek (Chiang Kai-shek) and "
        'stalin (Joseph Stalin) "Generalissimo"; name one of them.'
    )
    assert body["suggestions"] == ["chiang-kai-shek", "stalin"]


def test_the_alias_generalissimo_stalin_is_not_ambiguous(client):
    response = client.get("/parties/generalissimo-stalin", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == f"{BASE}/parties/stalin"
