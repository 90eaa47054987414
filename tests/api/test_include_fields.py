"""`include` and `fields` (issue 11 §2): references expanded into whole objects, only the
keys asked for (`id` and `url` always), in JSON, NDJSON and CSV, with every filter, sort,
page and the cache; unknown names are 400 problems.

Expected objects are built from the seed YAML by tests/api/contract.py, never by app code."""

import csv
import io
import json

import pytest

from tests.api.contract import (
    expected_document_summary,
    expected_issue,
    expected_party,
    expected_position,
    issue_record,
)
from tests.api.expected import document_order, seed_parties, seed_positions

FIELDS = [
    *("id", "document", "party", "issue", "stance", "verb", "summary", "quote", "span"),
    *("sentence", "prefix", "suffix", "pages", "document_url", "page_urls", "paragraph"),
    *("attribution", "addressee", "certainty", "responds_to", "editorial_note", "url"),
    *("scale_point", "salience"),
]


def party(slug: str) -> dict:
    (record,) = [p for p in seed_parties() if p["slug"] == slug]
    return expected_party(record)


def expanded(position_id: str, include: set[str]) -> dict:
    """A position with the references in `include` expanded, from the seed."""
    item = expected_position(position_id)
    p = next(p for p in seed_positions() if p.id == position_id)
    if "party" in include:
        item["party"] = party(p.party)
    if "addressee" in include and p.addressee:
        item["addressee"] = party(p.addressee)
    if "issue" in include:
        item["issue"] = expected_issue(issue_record(p.issue))
    if "document" in include:
        item["document"] = expected_document_summary()
    if "responds_to" in include:
        item["responds_to"] = [expected_position(pid) for pid in p.responds_to]
    return item


def kept(item: dict, fields: set[str]) -> dict:
    return {key: value for key, value in item.items() if key in fields | {"id", "url"}}


def test_every_key_of_a_position_is_a_field(client):
    assert list(client.get("/positions/d644-001").json()) == FIELDS


INCLUDES = [
    {"party"},
    {"issue"},
    {"document"},
    {"responds_to"},
    {"addressee"},
    {"party", "addressee", "issue", "document", "responds_to"},
]


@pytest.mark.parametrize("include", INCLUDES, ids=lambda names: ",".join(sorted(names)))
def test_include_expands_references_in_a_list(client, include):
    url = f"/positions?include={','.join(sorted(include))}&per_page=100"
    body = client.get(url).json()
    ids = document_order([p.id for p in seed_positions()])
    assert body["items"] == [expanded(pid, include) for pid in ids]
    assert body["total"] == 40


@pytest.mark.parametrize("position_id", ["d644-001", "d644-022", "d644-030"])
def test_include_on_a_single_position(client, position_id):
    every = INCLUDES[-1]
    response = client.get(f"/positions/{position_id}?include={','.join(sorted(every))}")
    assert response.status_code == 200
    assert response.json() == expanded(position_id, every)


@pytest.mark.parametrize(
    "fields",
    [{"quote"}, {"id", "quote", "party", "pages"}, {"url"}, set(FIELDS), {"certainty", "span"}],
    ids=lambda names: ",".join(sorted(names)),
)
def test_fields_keep_only_those_keys_in_the_schemas_order(client, fields):
    body = client.get(f"/positions?fields={','.join(sorted(fields))}&issue=dairen").json()
    ids = document_order([p.id for p in seed_positions() if p.issue.startswith("dairen")])
    assert body["items"] == [kept(expected_position(pid), fields) for pid in ids]
    for item in body["items"]:
        assert list(item) == [key for key in FIELDS if key in fields | {"id", "url"}]


def test_fields_and_include_together(client):
    body = client.get("/positions/d644-022?fields=quote,addressee&include=addressee,party").json()
    assert body == {
        "id": "d644-022",
        "quote": expected_position("d644-022")["quote"],
        "addressee": party("soong"),
        "url": "http://testserver/positions/d644-022",
    }


def test_include_and_fields_compose_with_filters_sort_pages_and_facets(client):
    url = "/parties/soong/positions?sort=-id&per_page=2&page=2&fields=party&include=party&facet=stance"
    body = client.get(url).json()
    ids = sorted((p.id for p in seed_positions() if p.party == "soong"), reverse=True)
    assert [item["id"] for item in body["items"]] == ids[2:4]
    assert body["items"][0] == {
        "id": ids[2],
        "party": party("soong"),
        "url": f"http://testserver/positions/{ids[2]}",
    }
    assert body["total"] == 13
    assert body["links"]["next"].endswith("fields=party&include=party&facet=stance&page=3")
    assert sum(value["count"] for value in body["facets"]["stance"]) == 13


def test_ndjson_takes_include_and_fields(client):
    response = client.get("/issues/korea/positions?format=ndjson&include=issue&fields=issue,quote")
    lines = [json.loads(line) for line in response.text.splitlines()]
    ids = document_order([p.id for p in seed_positions() if p.issue.startswith("korea")])
    assert lines == [kept(expanded(pid, {"issue"}), {"issue", "quote"}) for pid in ids]


def test_csv_fields_choose_the_columns(client):
    response = client.get("/positions?format=csv&fields=quote,party,pages,certainty&per_page=3")
    rows = list(csv.reader(io.StringIO(response.text, newline="")))
    assert rows[0] == [
        *("id", "party_slug", "party_name", "quote", "pages"),
        *("evidence", "mode", "mode_words", "url"),
    ]
    ids = document_order([p.id for p in seed_positions()])[:3]
    for row, pid in zip(rows[1:], ids, strict=True):
        item = expected_position(pid)
        assert row == [
            pid,
            item["party"]["slug"],
            item["party"]["name"],
            item["quote"],
            ";".join(map(str, item["pages"])),
            item["certainty"]["evidence"],
            item["certainty"]["mode"],
            item["certainty"]["mode_words"] or "",
            item["url"],
        ]


def test_a_csv_header_alone_when_nothing_matches(client):
    response = client.get("/positions?format=csv&fields=quote&party=molotov&issue=dairen&bom=1")
    assert response.content == b"\xef\xbb\xbfid,quote,url\r\n"


@pytest.mark.parametrize(
    ("url", "errors", "detail"),
    [
        ("/positions?include=parties", [("include", "parties")], "Unknown include; use: party, issue, document, responds_to, addressee."),
        ("/positions/d644-001?fields=id,text", [("fields", "text")], f"Unknown fields; use: {', '.join(FIELDS)}."),
        (
            "/issues/korea/positions?include=party,speaker&fields=quote,page",
            [("include", "speaker"), ("fields", "page")],
            "Unknown include; use: party, issue, document, responds_to, addressee. Unknown fields; use: " + ", ".join(FIELDS) + ".",
        ),
    ],
)  # fmt: skip
def test_an_unknown_name_is_a_400_naming_it(client, url, errors, detail):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json() == {
        "type": "/problems/invalid-parameters",
        "title": "Invalid query parameter value",
        "status": 400,
        "detail": detail,
        "instance": url,
        "errors": [
            {"location": f"query.{name}", "message": f"unknown {name} '{value}'", "value": value}
            for name, value in errors
        ],
    }


def test_include_in_a_csv_is_ignored_as_a_csv_has_a_column_per_value(client):
    plain = client.get("/positions?format=csv")
    assert client.get("/positions?format=csv&include=party").content == plain.content
    assert client.get("/positions?format=csv&include=parties").status_code == 400
