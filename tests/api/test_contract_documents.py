"""The index, the documents and their annotations, against exact values from the real seed.

Expected values are written by hand or derived from `seed/` in tests/api/expected.py; spans,
pages, paragraphs and page breaks are recomputed from the raw text file, never by app code.
"""

import re

from tests.api.contract import (
    LICENSES,
    all_ids,
    expected_document_summary,
    get_json,
)
from tests.api.expected import (
    BASE,
    DOCUMENT,
    document_order,
    load_yaml,
    seed_issues,
    seed_parties,
    seed_positions,
    seed_text,
)

# -- the seed itself, as these tests read it ------------------------------------------------------


def test_independent_reading_of_the_text_matches_hand_counted_values():
    text = seed_text()
    assert text.page_breaks == [(912, 0), (913, 549), (914, 3176)]
    assert text.clean[549:569] == "joint responsibility"
    assert text.clean[3170:3186] == "Soong said Stali"
    assert len(text.paragraphs) == 9
    assert text.clean[text.paragraphs[0][0] :].startswith("Stalin, in discussing")
    assert text.clean[: text.paragraphs[-1][1]].endswith("even with a 4-power trusteeship.")
    assert len(seed_positions()) == 40
    # the two quotes that cross a page break
    assert {p.id: p.pages for p in seed_positions() if len(p.pages) > 1} == {
        "d644-005": [912, 913],
        "d644-032": [913, 914],
    }


# -- service --------------------------------------------------------------------------------------


def test_index_links_and_counts(client):
    body = get_json(client, "/")
    version = body.pop("dataset_version")
    assert re.fullmatch(r"[0-9a-f]{64}", version)
    assert body == {
        "name": "Parley",
        "version": "0.1.0",
        "counts": {"documents": 1, "parties": 14, "issues": 27, "positions": 40},
        "links": {
            "dataset": f"{BASE}/dataset",
            "documents": f"{BASE}/documents",
            "parties": f"{BASE}/parties",
            "issues": f"{BASE}/issues",
            "positions": f"{BASE}/positions",
            "health": f"{BASE}/health",
            "docs": f"{BASE}/docs",
            "redoc": f"{BASE}/redoc",
            "openapi": f"{BASE}/openapi.json",
        },
        "licenses": LICENSES,
    }
    assert body["counts"] == {
        "documents": len(load_yaml("documents.yaml")),
        "parties": len(seed_parties()),
        "issues": len(seed_issues()),
        "positions": len(seed_positions()),
    }
    assert get_json(client, "/health") == {
        "status": "ok",
        "dataset_version": version,
        "counts": body["counts"],
    }


def test_every_collection_link_answers(client):
    links = get_json(client, "/")["links"]
    for name in ("dataset", "documents", "parties", "issues", "positions", "health"):
        assert client.get(links[name].removeprefix(BASE)).status_code == 200, name


# -- documents ------------------------------------------------------------------------------------


def test_documents_list(client):
    assert get_json(client, "/documents") == {
        "items": [expected_document_summary()],
        "total": 1,
        "page": 1,
        "per_page": 20,
        "pages": 1,
        "links": {
            "self": f"{BASE}/documents",
            "first": f"{BASE}/documents?page=1",
            "prev": None,
            "next": None,
            "last": f"{BASE}/documents?page=1",
        },
    }


def test_document_detail_text_page_breaks_and_paragraphs(client):
    body = get_json(client, f"/documents/{DOCUMENT}")
    text = seed_text()
    assert body == {
        **expected_document_summary(),
        "text": text.clean,
        "page_breaks": [
            {"page": 912, "offset": 0},
            {"page": 913, "offset": 549},
            {"page": 914, "offset": 3176},
        ],
        "paragraphs": [
            {"number": n, "start": s, "end": e} for n, (s, e) in enumerate(text.paragraphs, 1)
        ],
    }
    assert [(b["page"], b["offset"]) for b in body["page_breaks"]] == text.page_breaks
    assert len(body["paragraphs"]) == 9
    assert body["paragraphs"][0] == {"number": 1, "start": 153, "end": 1039}


def test_document_positions_are_all_forty_in_document_order(client):
    expected = [f"d644-{n:03d}" for n in range(1, 41)]
    assert document_order(p.id for p in seed_positions()) == expected
    assert all_ids(client, f"/documents/{DOCUMENT}/positions") == expected


def test_annotations_anchor_every_position_in_the_text(client):
    response = client.get(f"/documents/{DOCUMENT}/annotations?per_page=100")
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    assert response.headers["x-total-count"] == "40"
    body = response.json()
    items = body.pop("items")
    (record,) = load_yaml("documents.yaml")
    assert body == {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"{BASE}/documents/{DOCUMENT}/annotations?per_page=100",
        "type": "AnnotationPage",
        "partOf": {
            "id": f"{BASE}/documents/{DOCUMENT}/annotations",
            "type": "AnnotationCollection",
            "label": record["title"],
            "total": 40,
        },
        "startIndex": 0,
        "next": None,
        "prev": None,
    }
    clean = seed_text().clean
    assert len(items) == 40
    for item, p in zip(items, sorted(seed_positions(), key=lambda p: p.start), strict=True):
        assert item == {
            "id": f"{BASE}/positions/{p.id}",
            "type": "Annotation",
            "motivation": "describing",
            "body": [
                {
                    "type": "TextualBody",
                    "value": p.summary,
                    "format": "text/plain",
                    "language": "en",
                    "purpose": "describing",
                },
                {"type": "TextualBody", "value": f"stance:{p.stance}", "purpose": "tagging"},
                {"type": "TextualBody", "value": f"certainty:{p.certainty}", "purpose": "tagging"},
                {
                    "type": "TextualBody",
                    "value": "Reported: " + reporting_chain(p.attribution),
                    "format": "text/plain",
                    "language": "en",
                    "purpose": "commenting",
                },
                {
                    "type": "SpecificResource",
                    "source": f"{BASE}/parties/{p.party}",
                    "purpose": "identifying",
                },
                {
                    "type": "SpecificResource",
                    "source": f"{BASE}/issues/{p.issue}",
                    "purpose": "classifying",
                },
            ],
            "target": {
                "source": record["url"],
                "selector": [
                    {"type": "TextPositionSelector", "start": p.start, "end": p.end},
                    {
                        "type": "TextQuoteSelector",
                        "exact": p.quote,
                        "prefix": clean[max(p.start - 32, 0) : p.start],
                        "suffix": clean[p.end : p.end + 32],
                    },
                ],
            },
        }
        quote_selector = item["target"]["selector"][1]
        assert len(quote_selector["prefix"]) == min(32, p.start)
        assert len(quote_selector["suffix"]) == min(32, len(clean) - p.end)
    assert items[-1]["target"]["selector"][1]["suffix"] == "."  # the text's last character


def reporting_chain(links: list[dict]) -> str:
    """The chain in words, as annotation tools show it (the telegram's link is already last)."""
    words = []
    for link in links:
        said = f" ({link['verb']})" if link["verb"] else ""
        inferred = " [inferred from context]" if link["basis"] == "context" else ""
        words.append(f"{link['party']} to {', '.join(link['to'])}{said}{inferred}")
    return "; ".join(words)


def test_annotation_bodies_keep_certainty_and_the_reporting_chain_by_hand(client):
    items = get_json(client, f"/documents/{DOCUMENT}/annotations?per_page=100")["items"]
    by_id = {item["id"].rsplit("/", 1)[1]: item for item in items}
    assert by_id["d644-001"]["body"][3]["value"] == (
        "Reported: soong to harriman [inferred from context]; "
        "harriman to truman, secretary-of-state"
    )
    assert by_id["d644-032"]["body"][2]["value"] == "certainty:appeared"
    assert by_id["d644-032"]["body"][3]["value"] == (
        "Reported: soong to harriman (said); harriman to truman, secretary-of-state"
    )


def test_first_annotation_selector_by_hand(client):
    body = get_json(client, f"/documents/{DOCUMENT}/annotations?per_page=1")
    assert body["items"][0]["target"]["selector"] == [
        {"type": "TextPositionSelector", "start": 244, "end": 306},
        {
            "type": "TextQuoteSelector",
            "exact": "proposed that the ownership of the railroads should be Russian",
            "prefix": "and South Manchurian railroads, ",
            "suffix": ", that they should be operated b",
        },
    ]


def test_annotations_page_two(client):
    response = client.get(f"/documents/{DOCUMENT}/annotations?per_page=7&page=2")
    body = response.json()
    base = f"{BASE}/documents/{DOCUMENT}/annotations"
    assert (body["startIndex"], body["prev"], body["next"]) == (
        7,
        f"{base}?per_page=7&page=1",
        f"{base}?per_page=7&page=3",
    )
    assert [item["id"] for item in body["items"]] == [
        f"{BASE}/positions/d644-{n:03d}" for n in range(8, 15)
    ]
    assert response.headers["link"] == (
        f'<{base}?per_page=7&page=2>; rel="self", <{base}?per_page=7&page=1>; rel="first", '
        f'<{base}?per_page=7&page=1>; rel="prev", <{base}?per_page=7&page=3>; rel="next", '
        f'<{base}?per_page=7&page=6>; rel="last"'
    )
