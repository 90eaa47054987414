"""Positions, aliases and unknown slugs, against exact values from the real seed."""

import pytest

from tests.api.contract import (
    PROBLEM_TYPE,
    expected_position,
    get_json,
)
from tests.api.expected import (
    BASE,
    TELEGRAM_LINK,
    document_order,
    seed_positions,
    seed_text,
)

# -- positions ------------------------------------------------------------------------------------


def test_position_d644_004_by_hand(client):
    expected = {
        "id": "d644-004",
        "document": "frus1945v07-d644",
        "party": {"slug": "soong", "name": "T. V. Soong", "url": f"{BASE}/parties/soong"},
        "issue": {
            "slug": "railroad-ownership",
            "name": "Ownership of the railroads",
            "url": f"{BASE}/issues/railroad-ownership",
        },
        "stance": "counter-propose",
        "verb": "contended",
        "summary": "Soong contended that the railroads should be owned by China.",
        "quote": "Soong contended that the ownership of the railroads should be Chinese",
        "span": {"start": 413, "end": 482},
        "sentence": {
            "text": "Soong contended that the ownership of the railroads should be Chinese and "
            "that they should be operated by a Soviet-Chinese company with joint responsibility "
            "and a mixed management, partly Chinese and partly Russian.",
            "span": {"start": 413, "end": 628},
        },
        "prefix": "e management should be Russian. ",
        "suffix": " and that they should be operate",
        "pages": [912],
        "document_url": "https://history.state.gov/historicaldocuments/frus1945v07/d644",
        "page_urls": ["https://history.state.gov/historicaldocuments/frus1945v07/pg_912"],
        "paragraph": 1,
        "attribution": [
            {"party": "soong", "to": ["harriman"], "verb": None, "basis": "context"},
            TELEGRAM_LINK,
        ],
        "addressee": None,
        "certainty": {"evidence": "stated", "mode": "asserted", "mode_words": None},
        "responds_to": ["d644-001"],
        "editorial_note": None,
        "url": f"{BASE}/positions/d644-004",
        "scale_point": {
            "point": 2,
            "label": "Chinese ownership",
            "words": "the ownership of the railroads should be Chinese",
        },
        "salience": None,
    }
    assert get_json(client, "/positions/d644-004") == expected
    # the hand-counted span, checked against the raw file
    clean = seed_text().clean
    assert clean[413:482] == expected["quote"]
    assert clean[413:628] == expected["sentence"]["text"]
    assert clean.count(expected["quote"]) == 1
    assert expected == expected_position("d644-004")


def test_position_whose_sentence_crosses_into_page_914_by_hand(client):
    """The quote leaves out the reporting clause "Soong said", which begins on page 913 and
    is carried by the attribution chain; the sentence keeps it."""
    body = get_json(client, "/positions/d644-032")
    assert (body["quote"], body["span"], body["pages"], body["paragraph"]) == (
        "Stalin appeared to agree in principle",
        {"start": 3181, "end": 3218},
        [914],
        7,
    )
    assert body["sentence"]["span"] == {"start": 3170, "end": 3327}
    assert body["sentence"]["text"].startswith(
        "Soong said Stalin appeared to agree in principle but"
    )
    assert body["page_urls"] == ["https://history.state.gov/historicaldocuments/frus1945v07/pg_914"]
    assert body["certainty"] == {
        "evidence": "reported",
        "mode": "appeared",
        "mode_words": "appeared to agree",
    }
    assert body["responds_to"] == ["d644-030", "d644-031"]
    assert body["attribution"] == [
        {"party": "soong", "to": ["harriman"], "verb": "said", "basis": "stated"},
        TELEGRAM_LINK,
    ]


# the first and last, both that cross a page, and each kind of attribution chain and addressee
@pytest.mark.parametrize(
    "position_id", ["d644-001", "d644-005", "d644-021", "d644-030", "d644-032", "d644-040"]
)
def test_position_detail(client, position_id):
    assert get_json(client, f"/positions/{position_id}") == expected_position(position_id)


def test_positions_list(client):
    body = get_json(client, "/positions?per_page=100")
    expected = document_order(p.id for p in seed_positions())
    assert body["total"] == 40
    assert body["items"] == [expected_position(pid) for pid in expected]


# -- aliases and unknown slugs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/issues/lushun", "/issues/port-arthur"),
        ("/issues/Port-Arthur", "/issues/port-arthur"),
        ("/issues/ta-lien", "/issues/dairen"),
        ("/issues/lushun/positions?stance=concede", "/issues/port-arthur/positions?stance=concede"),
        ("/issues/lushun/comparison", "/issues/port-arthur/comparison"),
        ("/issues/cer/positions?party=soong&per_page=2", "/issues/railroads/positions?party=soong&per_page=2"),
        ("/parties/song-ziwen", "/parties/soong"),
        ("/parties/ussr", "/parties/soviet-union"),
        ("/parties/song-ziwen/positions?page=2&per_page=3", "/parties/soong/positions?page=2&per_page=3"),
    ],
)  # fmt: skip
def test_alias_in_path_redirects_to_canonical(client, path, location):
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == f"{BASE}{location}"


def test_following_a_party_alias_lands_on_the_canonical_party(client):
    response = client.get("/parties/song-ziwen/positions?stance=inquire")
    assert str(response.url) == f"{BASE}/parties/soong/positions?stance=inquire"
    assert [item["id"] for item in response.json()["items"]] == ["d644-021", "d644-023", "d644-024"]


def test_following_an_issue_alias_keeps_the_query(client):
    response = client.get("/issues/lushun/positions?stance=concede")
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["items"]] == ["d644-018"]
    assert body["links"]["self"] == f"{BASE}/issues/port-arthur/positions?stance=concede"


@pytest.mark.parametrize(
    ("path", "kind", "detail", "suggestions"),
    [
        ("/issues/dairn", "issue", "There is no issue 'dairn'. Did you mean dairen?", ["dairen"]),
        ("/issues/dairn/positions", "issue", "There is no issue 'dairn'. Did you mean dairen?", ["dairen"]),
        ("/parties/stalni", "party", "There is no party 'stalni'. Did you mean stalin?", ["stalin"]),
        ("/parties/stalni/positions", "party", "There is no party 'stalni'. Did you mean stalin?", ["stalin"]),
        ("/documents/frus1945v07-d64", "document", "There is no document 'frus1945v07-d64'. Did you mean frus1945v07-d644?", ["frus1945v07-d644"]),
        ("/positions/d644-41", "position", "There is no position 'd644-41'. Did you mean d644-040 or d644-034 or d644-031?", ["d644-040", "d644-034", "d644-031"]),
        ("/positions/zzz", "position", "There is no position 'zzz'.", None),
    ],
)  # fmt: skip
def test_unknown_slug_is_a_404_problem_with_suggestions(client, path, kind, detail, suggestions):
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_TYPE
    expected = {
        "type": f"/problems/unknown-{kind}",
        "title": "Not Found",
        "status": 404,
        "detail": detail,
        "instance": path,
    }
    if suggestions is not None:
        expected["suggestions"] = suggestions
    assert response.json() == expected
