"""Every endpoint against exact values from the real seed.

Expected values are written by hand or derived from `seed/` in `tests/api/__init__.py`; spans,
pages, paragraphs and page breaks are recomputed from the raw text file, never by app code.
"""

import re
from datetime import date

import pytest

from tests.api.expected import (
    BASE,
    DOCUMENT,
    TELEGRAM_LINK,
    document_order,
    issue_and_descendants,
    load_yaml,
    positions_by_id,
    raw_sha256,
    seed_issues,
    seed_parties,
    seed_positions,
    seed_text,
)

PROBLEM_TYPE = "application/problem+json"
VARIANTS = (
    "Name variants compiled in the project's source notes on FRUS 1945 vol. VII doc. 644 "
    "(seed/sources/frus1945v07-d644.md), checked against public sources."
)


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.text
    return response.json()


def all_ids(client, url: str) -> list[str]:
    sep = "&" if "?" in url else "?"
    body = get_json(client, f"{url}{sep}per_page=100")
    assert body["pages"] == 1
    assert body["total"] == len(body["items"])
    return [item["id"] for item in body["items"]]


# -- expected shapes, built from the seed YAML ----------------------------------------------------


def party_names() -> dict[str, str]:
    return {p["slug"]: p["name"] for p in seed_parties()}


def issue_names() -> dict[str, str]:
    return {i["slug"]: i["name"] for i in seed_issues()}


def party_ref(slug: str) -> dict:
    return {"slug": slug, "name": party_names()[slug], "url": f"{BASE}/parties/{slug}"}


def issue_ref(slug: str) -> dict:
    return {"slug": slug, "name": issue_names()[slug], "url": f"{BASE}/issues/{slug}"}


def expected_position(position_id: str) -> dict:
    p = positions_by_id()[position_id]
    return {
        "id": p.id,
        "document": DOCUMENT,
        "party": party_ref(p.party),
        "issue": issue_ref(p.issue),
        "stance": p.stance,
        "verb": p.verb,
        "summary": p.summary,
        "quote": p.quote,
        "span": {"start": p.start, "end": p.end},
        "pages": p.pages,
        "paragraph": p.paragraph,
        "attribution": p.attribution,
        "addressee": party_ref(p.addressee) if p.addressee else None,
        "certainty": p.certainty,
        "responds_to": p.responds_to,
        "editorial_note": p.note,
        "url": f"{BASE}/positions/{p.id}",
    }


def expected_aliases(record: dict, slugs: list[str]) -> list[dict]:
    sources = load_yaml("editorial_sources.yaml")
    aliases = record.get("aliases", [])
    assert len(slugs) == len(aliases)
    return [
        {
            "slug": slug,
            "text": alias["text"],
            "kind": alias["kind"],
            "romanisation": alias.get("romanisation"),
            "source": sources[alias["source"]] if "source" in alias else None,
        }
        for slug, alias in zip(slugs, aliases, strict=True)
    ]


# Alias slugs, by hand: lower case, diacritics folded, punctuation and spaces to one hyphen.
PARTY_ALIAS_SLUGS = {
    "stalin": ["generalissimo-stalin"],
    "molotov": [],
    "soong": ["t-v-soong", "song-ziwen", "soong-tse-ven"],
    "harriman": [],
    "truman": ["president-truman"],
    "secretary-of-state": [],
    "chiang-kai-shek": ["jiang-jieshi", "jiang-zhongzheng"],
    "soviet-union": ["russia", "russians", "soviets", "ussr"],
    "china": [],
    "national-government": [],
    "united-states-government": ["united-states"],
    "red-army": [],
    "kuomintang": ["guomindang", "kmt", "nationalist-party"],
    "chinese-communists": ["communists"],
}
ISSUE_ALIAS_SLUGS = {
    "railroads": [
        "chinese-eastern-railroad",
        "south-manchurian-railroad",
        "chinese-eastern-railway",
        "cer",
        "kvzhd",
        "south-manchuria-railway",
        "mantetsu",
        "chinese-changchun-railway",
    ],
    "dairen": ["dalian", "dalny", "dalnii", "ta-lien"],
    "dairen-internationalization": ["internationalization"],
    "port-arthur": ["lushun", "lushunkou", "ryojun", "port-artur"],
    "port-arthur-lease": ["lease"],
    "manchuria": ["northeast-china", "three-eastern-provinces"],
    "sinkiang": ["xinjiang", "hsin-chiang"],
    "korea-trusteeship": ["trusteeship"],
}


def expected_party(record: dict) -> dict:
    slug = record["slug"]
    assert "role_source" not in record  # every role in the seed is stated by the text
    return {
        "slug": slug,
        "name": record["name"],
        "name_in_text": record.get("name_in_text"),
        "kind": record["kind"],
        "affiliation": party_ref(record["affiliation"]) if "affiliation" in record else None,
        "role": record.get("role"),
        "role_basis": record.get("role_basis"),
        "role_source": None,
        "aliases": expected_aliases(record, PARTY_ALIAS_SLUGS[slug]),
        "url": f"{BASE}/parties/{slug}",
        "positions_url": f"{BASE}/parties/{slug}/positions",
    }


def expected_issue(record: dict) -> dict:
    slug = record["slug"]
    sources = load_yaml("editorial_sources.yaml")
    return {
        "slug": slug,
        "name": record["name"],
        "description": record["description"],
        "parent": record.get("parent"),
        "children": [i["slug"] for i in seed_issues() if i.get("parent") == slug],
        "status": record["status"],
        "status_note": record["status_note"],
        "editorial_outcome": record.get("outcome"),
        "editorial_outcome_source": sources[record["outcome_source"]]
        if "outcome_source" in record
        else None,
        "aliases": expected_aliases(record, ISSUE_ALIAS_SLUGS.get(slug, [])),
        "url": f"{BASE}/issues/{slug}",
        "positions_url": f"{BASE}/issues/{slug}/positions",
    }


def positions_on(issue_slug: str) -> list[str]:
    scope = issue_and_descendants(issue_slug)
    return document_order(p.id for p in seed_positions() if p.issue in scope)


def expected_document_summary() -> dict:
    (record,) = load_yaml("documents.yaml")
    lines = [line for line in seed_text().raw.splitlines() if line.strip()]
    assert record["received_sha256"] == raw_sha256()
    assert isinstance(record["editorial_date"], date)
    return {
        "slug": DOCUMENT,
        "title": record["title"],
        "kind": record["kind"],
        "heading": lines[1],
        "source_note": lines[0],
        "sender": record["sender"],
        "recipients": record["recipients"],
        "series": record["series"],
        "volume": record["volume"],
        "number": record["number"],
        "first_page": record["first_page"],
        "last_page": record["last_page"],
        "citation": record["citation"],
        "source_url": record["url"],
        "editorial_date": record["editorial_date"].isoformat(),
        "editorial_date_source": record["editorial_date_source"],
        "received_sha256": raw_sha256(),
        "url": f"{BASE}/documents/{DOCUMENT}",
        "positions_url": f"{BASE}/documents/{DOCUMENT}/positions",
        "annotations_url": f"{BASE}/documents/{DOCUMENT}/annotations",
    }


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
            "documents": f"{BASE}/documents",
            "parties": f"{BASE}/parties",
            "issues": f"{BASE}/issues",
            "positions": f"{BASE}/positions",
            "health": f"{BASE}/health",
            "docs": f"{BASE}/docs",
            "redoc": f"{BASE}/redoc",
            "openapi": f"{BASE}/openapi.json",
        },
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
    for name in ("documents", "parties", "issues", "positions", "health"):
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
    }


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


# -- issues ---------------------------------------------------------------------------------------


TOP_LEVEL_ISSUES = [i["slug"] for i in seed_issues() if "parent" not in i]


def test_issues_list_in_seed_order(client):
    body = get_json(client, "/issues?per_page=100")
    assert body["total"] == 27
    assert body["items"] == [expected_issue(record) for record in seed_issues()]


def test_issue_port_arthur_by_hand(client):
    body = get_json(client, "/issues/port-arthur")
    assert body.pop("aliases") == [
        {"slug": slug, "text": text, "kind": "editorial", "romanisation": rom, "source": VARIANTS}
        for slug, text, rom in [
            ("lushun", "Lüshun", "pinyin"),
            ("lushunkou", "Lüshunkou", "pinyin"),
            ("ryojun", "Ryojun", None),
            ("port-artur", "Port-Artur", None),
        ]
    ]
    assert body == {
        "slug": "port-arthur",
        "name": "Port Arthur",
        "description": 'Port Arthur: the word "lease" and naval facilities for both countries.',
        "parent": None,
        "children": ["port-arthur-lease", "port-arthur-naval-facilities"],
        "status": "partly-agreed",
        "status_note": 'Stalin agreed to eliminate the word "lease" and to work for some basis on '
        'which both countries could have naval facilities; "There was no attempt to arrive at a '
        'decision as these discussions were of an exploratory nature."',
        "editorial_outcome": "A naval base for the joint use of China and the USSR only, for 30 "
        "years, its defence entrusted to the USSR, civil administration Chinese.",
        "editorial_outcome_source": "Agreement on Port Arthur, 14 August 1945.",
        "url": f"{BASE}/issues/port-arthur",
        "positions_url": f"{BASE}/issues/port-arthur/positions",
        "sub_issues": [
            {
                "slug": "port-arthur-lease",
                "name": 'The word "lease"',
                "url": f"{BASE}/issues/port-arthur-lease",
            },
            {
                "slug": "port-arthur-naval-facilities",
                "name": "Naval facilities at Port Arthur",
                "url": f"{BASE}/issues/port-arthur-naval-facilities",
            },
        ],
        "parties": [{"slug": "stalin", "name": "Joseph Stalin", "url": f"{BASE}/parties/stalin"}],
        "comparison_url": f"{BASE}/issues/port-arthur/comparison",
    }


# every top-level issue, and the sub-issues with aliases, an outcome or one party
DETAILED_ISSUES = [
    *TOP_LEVEL_ISSUES,
    "dairen-internationalization",
    "port-arthur-lease",
    "korea-trusteeship",
    "railroad-coal",
    "manchuria-sovereignty",
]


@pytest.mark.parametrize(
    "record", [i for i in seed_issues() if i["slug"] in DETAILED_ISSUES], ids=lambda r: r["slug"]
)
def test_issue_detail(client, record):
    slug = record["slug"]
    first_seen: list[str] = []
    for pid in positions_on(slug):
        party = positions_by_id()[pid].party
        if party not in first_seen:
            first_seen.append(party)
    expected = expected_issue(record)
    assert get_json(client, f"/issues/{slug}") == {
        **expected,
        "sub_issues": [issue_ref(child) for child in expected["children"]],
        "parties": [party_ref(party) for party in first_seen],
        "comparison_url": f"{BASE}/issues/{slug}/comparison",
    }


def test_issue_positions_by_hand(client):
    assert all_ids(client, "/issues/port-arthur/positions") == ["d644-018", "d644-019"]
    assert all_ids(client, "/issues/port-arthur-lease/positions") == ["d644-018"]
    assert all_ids(client, "/issues/korea/positions") == [f"d644-{n:03d}" for n in range(35, 41)]
    assert all_ids(client, "/issues/dairen/positions") == [
        "d644-011",
        "d644-012",
        "d644-013",
        "d644-014",
        "d644-015",
        "d644-016",
        "d644-017",
        "d644-024",
        "d644-025",
    ]
    assert all_ids(client, "/issues/railroads/positions") == [f"d644-{n:03d}" for n in range(1, 10)]


@pytest.mark.parametrize("slug", TOP_LEVEL_ISSUES)
def test_issue_positions_include_sub_issues(client, slug):
    expected = positions_on(slug)
    body = get_json(client, f"/issues/{slug}/positions?per_page=100")
    assert body["total"] == len(expected)
    assert body["items"] == [expected_position(pid) for pid in expected]


def test_dairen_comparison_by_hand(client):
    body = get_json(client, "/issues/dairen/comparison")
    assert body["issue"] == issue_ref("dairen")
    assert [
        (group["party"], [p["id"] for p in group["positions"]]) for group in body["parties"]
    ] == [
        (party_ref("stalin"), ["d644-011", "d644-012", "d644-013", "d644-014"]),
        (party_ref("soong"), ["d644-015", "d644-016", "d644-017", "d644-024", "d644-025"]),
    ]
    assert body["grid"] == [
        {
            "issue": issue_ref("dairen-internationalization"),
            "positions": {"stalin": ["d644-011"], "soong": ["d644-015", "d644-024"]},
        },
        {
            "issue": issue_ref("dairen-soviet-rights"),
            "positions": {"stalin": ["d644-012"], "soong": ["d644-017"]},
        },
        {
            "issue": issue_ref("dairen-administration"),
            "positions": {"stalin": ["d644-013"], "soong": ["d644-016", "d644-025"]},
        },
        {"issue": issue_ref("dairen-revenues"), "positions": {"stalin": ["d644-014"]}},
    ]


@pytest.mark.parametrize("slug", [*TOP_LEVEL_ISSUES, "dairen-administration"])
def test_comparison(client, slug):
    by_id = positions_by_id()
    groups: dict[str, list[str]] = {}
    grid: dict[str, dict[str, list[str]]] = {}
    for pid in positions_on(slug):
        p = by_id[pid]
        groups.setdefault(p.party, []).append(pid)
        grid.setdefault(p.issue, {}).setdefault(p.party, []).append(pid)
    assert get_json(client, f"/issues/{slug}/comparison") == {
        "issue": issue_ref(slug),
        "parties": [
            {"party": party_ref(party), "positions": [expected_position(pid) for pid in ids]}
            for party, ids in groups.items()
        ],
        "grid": [{"issue": issue_ref(issue), "positions": cells} for issue, cells in grid.items()],
    }


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
        "pages": [912],
        "paragraph": 1,
        "attribution": [
            {"party": "soong", "to": ["harriman"], "verb": None, "basis": "context"},
            TELEGRAM_LINK,
        ],
        "addressee": None,
        "certainty": "stated",
        "responds_to": "d644-001",
        "editorial_note": None,
        "url": f"{BASE}/positions/d644-004",
    }
    assert get_json(client, "/positions/d644-004") == expected
    # the hand-counted span, checked against the raw file
    clean = seed_text().clean
    assert clean[413:482] == expected["quote"]
    assert clean.count(expected["quote"]) == 1
    assert expected == expected_position("d644-004")


def test_position_crossing_into_page_914_by_hand(client):
    body = get_json(client, "/positions/d644-032")
    assert (body["quote"], body["span"], body["pages"], body["paragraph"]) == (
        "Soong said Stalin appeared to agree in principle",
        {"start": 3170, "end": 3218},
        [913, 914],
        7,
    )
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
