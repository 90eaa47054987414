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
    # the one quote that crosses a page break (d644-032's sentence does, its quote not)
    assert {p.id: p.pages for p in seed_positions() if len(p.pages) > 1} == {
        "d644-005": [912, 913],
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
            "citation": f"{BASE}/dataset/citation",
            "download_zip": f"{BASE}/dataset/download.zip",
            "download_sqlite": f"{BASE}/dataset/parley.sqlite3",
            "documents": f"{BASE}/documents",
            "parties": f"{BASE}/parties",
            "issues": f"{BASE}/issues",
            "positions": f"{BASE}/positions",
            "codebook": f"{BASE}/codebook",
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
    response = client.get(f"/documents/{DOCUMENT}/annotations/?per_page=100&page=1")
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    assert response.headers["x-total-count"] == "40"
    body = response.json()
    items = body.pop("items")
    (record,) = load_yaml("documents.yaml")
    container = f"{BASE}/documents/{DOCUMENT}/annotations/?per_page=100"
    assert body == {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"{container}&page=1",
        "type": "AnnotationPage",
        "partOf": {
            "id": container,
            "type": "AnnotationCollection",
            "label": record["title"],
            "total": 40,
            "first": f"{container}&page=1",
            "last": f"{container}&page=1",
        },
        "startIndex": 0,
        "next": None,
        "prev": None,
    }
    clean = seed_text().clean
    assert len(items) == 40
    for item, p in zip(items, sorted(seed_positions(), key=lambda p: p.start), strict=True):
        quote = {
            "type": "TextQuoteSelector",
            "exact": p.quote,
            "prefix": clean[max(p.start - 32, 0) : p.start],
            "suffix": clean[p.end : p.end + 32],
        }
        assert item == {
            "id": f"{BASE}/annotations/{p.id}",
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
                {"type": "TextualBody", "value": f"evidence:{p.evidence}", "purpose": "tagging"},
                {"type": "TextualBody", "value": f"mode:{p.mode}", "purpose": "tagging"},
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
            "target": [
                {
                    "source": f"{BASE}/documents/{DOCUMENT}/text",
                    "format": "text/plain",
                    "selector": [
                        {"type": "TextPositionSelector", "start": p.start, "end": p.end},
                        quote,
                    ],
                },
                {"source": record["url"], "selector": quote},
            ],
            "via": f"{BASE}/positions/{p.id}",
        }
        quote_selector = item["target"][1]["selector"]
        assert len(quote_selector["prefix"]) == min(32, p.start)
        assert len(quote_selector["suffix"]) == min(32, len(clean) - p.end)
    assert items[-1]["target"][1]["selector"]["suffix"] == "."  # the text's last character


def reporting_chain(links: list[dict]) -> str:
    """The chain in words, as annotation tools show it (the telegram's link is already last)."""
    words = []
    for link in links:
        said = f" ({link['verb']})" if link["verb"] else ""
        inferred = " [inferred from context]" if link["basis"] == "context" else ""
        words.append(f"{link['party']} to {', '.join(link['to'])}{said}{inferred}")
    return "; ".join(words)


def test_annotation_bodies_keep_certainty_and_the_reporting_chain_by_hand(client):
    items = get_json(client, f"/documents/{DOCUMENT}/annotations/?per_page=100")["first"]["items"]
    by_id = {item["id"].rsplit("/", 1)[1]: item for item in items}
    assert by_id["d644-001"]["body"][4]["value"] == (
        "Reported: soong to harriman [inferred from context]; "
        "harriman to truman, secretary-of-state"
    )
    assert by_id["d644-032"]["body"][2]["value"] == "evidence:reported"
    assert by_id["d644-032"]["body"][3]["value"] == "mode:appeared"
    assert by_id["d644-032"]["body"][4]["value"] == (
        "Reported: soong to harriman (said); harriman to truman, secretary-of-state"
    )


def test_first_annotation_selector_by_hand(client):
    body = get_json(client, f"/documents/{DOCUMENT}/annotations/?per_page=1&page=1")
    quote = {
        "type": "TextQuoteSelector",
        "exact": "Stalin, in discussing the operation of the Chinese Eastern and South "
        "Manchurian railroads, proposed that the ownership of the railroads should be Russian",
        "prefix": "an and the Secretary of State\n\n\n",
        "suffix": ", that they should be operated b",
    }
    assert body["items"][0]["target"] == [
        {
            "source": f"{BASE}/documents/{DOCUMENT}/text",
            "format": "text/plain",
            "selector": [{"type": "TextPositionSelector", "start": 153, "end": 306}, quote],
        },
        {
            "source": "https://history.state.gov/historicaldocuments/frus1945v07/d644",
            "selector": quote,
        },
    ]
    served = client.get(f"/documents/{DOCUMENT}/text")
    assert served.headers["content-type"] == "text/plain; charset=utf-8"
    assert served.text[153:306] == quote["exact"]
    assert served.text[153 - 32 : 153] == quote["prefix"]


def test_annotations_page_two(client):
    response = client.get(f"/documents/{DOCUMENT}/annotations/?per_page=7&page=2")
    body = response.json()
    base = f"{BASE}/documents/{DOCUMENT}/annotations/?per_page=7"
    assert (body["startIndex"], body["prev"], body["next"]) == (
        7,
        f"{base}&page=1",
        f"{base}&page=3",
    )
    assert [item["id"] for item in body["items"]] == [
        f"{BASE}/annotations/d644-{n:03d}" for n in range(8, 15)
    ]
    assert response.headers["link"] == (
        '<http://www.w3.org/ns/ldp#Resource>; rel="type", '
        f'<{base}>; rel="collection", <{base}&page=1>; rel="first", '
        f'<{base}&page=1>; rel="prev", <{base}&page=3>; rel="next", '
        f'<{base}&page=6>; rel="last"'
    )


def test_the_old_annotation_pages_redirect_to_the_same_page_of_the_container(client):
    for old, new in [
        ("", "?page=1"),
        ("?per_page=7", "?per_page=7&page=1"),
        ("?per_page=7&page=2", "?per_page=7&page=2"),
    ]:
        response = client.get(f"/documents/{DOCUMENT}/annotations{old}", follow_redirects=False)
        assert response.status_code == 308
        assert response.headers["location"] == f"{BASE}/documents/{DOCUMENT}/annotations/{new}"


# -- the editorial apparatus ----------------------------------------------------------------------


def test_related_documents_their_relations_and_sources_by_hand(client):
    related = get_json(client, f"/documents/{DOCUMENT}")["related_documents"]
    assert [(r["id"], r["date"], r["relation"], r["source_status"]) for r in related] == [
        ("frus1945v07-d642", None, "precedes", "partly-verified"),
        ("frus1945v07-d643", "1945-07-03", "companion", "verified"),
        ("frus1945v07-d645", "1945-07-04", "follows", "verified"),
        ("frus1945v07-d648", "1945-07-06", "reply-to", "partly-verified"),
        ("frus1945v07-d651", None, "follows", "verified"),
        ("frus1945v07-d652", None, "follows", "verified"),
        ("frus1945v07-d657", None, "follows", "verified"),
        ("frus1945v07-d688", "1945-08-14", "outcome", "verified"),
        ("sino-soviet-treaty-1945-08-14", "1945-08-14", "outcome", "secondary"),
        ("agreement-changchun-railway-1945-08-14", "1945-08-14", "outcome", "partly-verified"),
        ("agreement-dairen-1945-08-14", "1945-08-14", "outcome", "verified"),
        ("agreement-port-arthur-1945-08-14", "1945-08-14", "outcome", "partly-verified"),
        ("exchange-of-notes-1945-08-14", "1945-08-14", "outcome", "partly-verified"),
    ]
    frus = [r for r in related if r["id"].startswith("frus1945v07-")]
    for item in frus:
        number = item["id"].removeprefix("frus1945v07-")
        assert item["url"] == f"https://history.state.gov/historicaldocuments/frus1945v07/{number}"
        assert item["url"] in item["citation"]
    for item in related:
        assert item["basis"] == "editorial"
        assert (item["date"] is None) == (item["date_source"] is None), item["id"]
        assert item["date_note"], item["id"]  # a date says what it rests on; a null, why
    d648 = related[3]
    assert d648["source"] == "frus-doc-648"
    assert d648["date_source"] == "frus-doc-651"
    assert "'July 6, p. 916.'" in d648["date_note"]


def test_date_evidence_quotes_doc_648_exactly_and_says_what_its_bracket_shows(client):
    evidence = get_json(client, f"/documents/{DOCUMENT}")["editorial_date_evidence"]
    assert [(e["source"], e["quote"]) for e in evidence] == [
        ("wilson-paraphrase-1945-07-03", "PARAPHRASE OF NAVY CABLE FROM MOSCOW JULY 3, 1945"),
        (
            "wilson-memcon-1945-07-03",
            "The balance of the conversation was substantially covered by navy cable of July 3.",
        ),
        ("frus-doc-648", "310. Reference your No. 031500 [031200], July 3, 1945."),
    ]
    shows = evidence[2]["shows"]
    assert "031200, the number of doc. 643" in shows
    assert "nothing seen says that this telegram was 031500" in shows
    assert evidence[0]["citation"].endswith("followed by the text of doc. 644).")


def test_the_meeting_its_date_and_who_was_present_by_hand(client):
    meeting = get_json(client, f"/documents/{DOCUMENT}")["meeting"]
    assert (meeting["date"], meeting["time"], meeting["place"]) == (
        "1945-07-02",
        "8:00 - 10:30 p.m.",
        "Moscow",
    )
    assert [(p["party"], p["name"], p["role"], p["source"]) for p in meeting["present"]] == [
        ("stalin", None, None, "frus-doc-643"),
        ("soong", None, None, "frus-doc-643"),
        ("molotov", None, None, "frus-doc-643"),
        (None, "Lozovsky", "Vice Commissar for Foreign Affairs", "frus-doc-643"),
        (None, "Petrov", None, "frus-doc-643"),
        (None, "Pavlov", "interpreter", "wilson-record-1945-07-02"),
    ]
    assert meeting["present"][0]["party_url"] == f"{BASE}/parties/stalin"
    assert meeting["present"][3]["party_url"] is None
    assert [e["source"] for e in meeting["evidence"]] == [
        "frus-doc-643",
        "wilson-memcon-1945-07-03",
        "wilson-record-1945-07-02",
    ]
    assert meeting["evidence"][0]["quote"].endswith(
        "Molotov, Lozovsky, Vice Commissar for Foreign Affairs, and Petrov were present at the "
        "conversation."
    )
    assert meeting["evidence"][1]["quote"] == "One side light on Soong's talk with Stalin July 2"


def test_the_son_proposed_for_sinkiang_is_left_unidentified(client):
    body = get_json(client, f"/documents/{DOCUMENT}")
    (person,) = body["unnamed_persons"]
    assert seed_text().clean[3513:3520] == "his son"
    assert {key: person[key] for key in ("words", "span", "position", "identified_as")} == {
        "words": "his son",
        "span": {"start": 3513, "end": 3520},
        "position": "d644-033",
        "identified_as": None,
    }
    assert (person["source"], person["citation"]) == (None, None)
    assert person["position_url"] == f"{BASE}/positions/d644-033"
    assert "Searched:" in person["note"]
    assert "not given as the son" in person["note"]


def test_context_sentences_in_document_order_with_span_pages_and_paragraph(client):
    body = get_json(client, f"/documents/{DOCUMENT}/context")
    text = seed_text()
    items = body.pop("items")
    assert body == {
        "total": 3,
        "page": 1,
        "per_page": 20,
        "pages": 1,
        "links": {
            "self": f"{BASE}/documents/{DOCUMENT}/context",
            "first": f"{BASE}/documents/{DOCUMENT}/context?page=1",
            "prev": None,
            "next": None,
            "last": f"{BASE}/documents/{DOCUMENT}/context?page=1",
        },
    }
    # (start, end, pages, paragraph) counted by hand, then checked against the raw text.
    hand_counted = [(1867, 1963, [913], 4), (3328, 3377, [914], 7), (3379, 3431, [914], 8)]
    context = load_yaml(f"positions/{DOCUMENT}.yaml")["context"]
    issues = {issue["slug"]: issue["name"] for issue in seed_issues()}
    assert len(items) == len(context) == get_json(client, f"/documents/{DOCUMENT}")["context_count"]
    for n, (item, entry, (start, end, pages, paragraph)) in enumerate(
        zip(items, context, hand_counted, strict=True), start=1
    ):
        assert text.clean[start:end] == entry["sentence"]
        assert (text.pages(start, end), text.paragraph(start, end)) == (pages, paragraph)
        assert item == {
            "document": DOCUMENT,
            "number": n,
            "sentence": entry["sentence"],
            "span": {"start": start, "end": end},
            "pages": pages,
            "paragraph": paragraph,
            "reason": entry["reason"],
            "issues": [
                {"slug": slug, "name": issues[slug], "url": f"{BASE}/issues/{slug}"}
                for slug in entry["issues"]
            ],
        }
    assert [issue["slug"] for issue in items[0]["issues"]] == [
        "railroads",
        "dairen",
        "port-arthur",
        "agreement-term",
    ]


def test_context_sentences_page_by_page(client):
    body = get_json(client, f"/documents/{DOCUMENT}/context?per_page=2&page=2")
    assert [item["number"] for item in body["items"]] == [3]
    assert (body["total"], body["pages"]) == (3, 2)


def test_context_of_an_unknown_document_is_a_404_problem(client):
    response = client.get("/documents/frus1945v07-d645/context")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("unknown-document")
