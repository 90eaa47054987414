"""What the contract tests share: the bodies they expect, built from the seed YAML through
tests/api/expected.py (never by app code), and two helpers that read the API."""

from datetime import date

from tests.api.expected import (
    BASE,
    DOCUMENT,
    document_order,
    issue_and_descendants,
    issue_status,
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


# The three licences, as GET / and GET /dataset state them.
LICENSES = [
    {
        "spdx": "MIT",
        "name": "MIT License",
        "url": "https://spdx.org/licenses/MIT.html",
        "applies_to": "The software: app/, migrations/, bench/, tests/ and the build files.",
    },
    {
        "spdx": "CC-BY-4.0",
        "name": "Creative Commons Attribution 4.0 International",
        "url": "https://creativecommons.org/licenses/by/4.0/",
        "applies_to": "The annotations: parties, issues, positions, statuses, outcomes and every "
        "editorial field, as served by the API and kept in seed/ (except seed/sources/).",
    },
    {
        "spdx": None,
        "name": "Public domain (17 U.S.C. § 105: a work of the United States Government)",
        "url": "https://www.law.cornell.edu/uscode/text/17/105",
        "applies_to": "The text of the source documents (seed/sources/): Foreign Relations of "
        "the United States, published by the Office of the Historian, U.S. Department of State.",
    },
]


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


# The volume in the FRUS reading room: documents are …/dNNN, printed pages …/pg_NNN.
FRUS_VOLUME = "https://history.state.gov/historicaldocuments/frus1945v07"


def expected_position(position_id: str) -> dict:
    p = positions_by_id()[position_id]
    clean = seed_text().clean
    sentence_start, sentence_end = seed_text().sentence(p.start, p.end)
    sentence = {"start": sentence_start, "end": sentence_end}
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
        "sentence": {"text": clean[sentence_start:sentence_end], "span": sentence},
        "prefix": clean[max(p.start - 32, 0) : p.start],
        "suffix": clean[p.end : p.end + 32],
        "pages": p.pages,
        "document_url": f"{FRUS_VOLUME}/d644",
        "page_urls": [f"{FRUS_VOLUME}/pg_{page}" for page in p.pages],
        "paragraph": p.paragraph,
        "attribution": p.attribution,
        "addressee": party_ref(p.addressee) if p.addressee else None,
        "certainty": {"evidence": p.evidence, "mode": p.mode, "mode_words": p.mode_words},
        "responds_to": p.responds_to,
        "editorial_note": p.note,
        "url": f"{BASE}/positions/{p.id}",
        "scale_point": None
        if p.scale_point is None
        else {
            "point": p.scale_point,
            "label": issue_record(p.issue)["scale"][p.scale_point]["label"],
            "words": p.scale_words,
        },
        "salience": None
        if p.salience is None
        else {"level": p.salience, "words": p.salience_words, "basis": "editorial"},
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
        **expected_wikidata(record),
        "colour": record["colour"],
    }


def expected_wikidata(record: dict) -> dict:
    """A party's authority id as served: only with the source that confirmed it."""
    sources = load_yaml("editorial_sources.yaml")
    wikidata = record.get("wikidata")
    return {
        "wikidata_id": wikidata,
        "wikidata_url": f"https://www.wikidata.org/wiki/{wikidata}" if wikidata else None,
        "wikidata_source": sources[record["wikidata_source"]] if wikidata else None,
    }


def issue_record(slug: str) -> dict:
    return next(i for i in seed_issues() if i["slug"] == slug)


def expected_scale(record: dict) -> dict | None:
    """An issue's scale as the API should serve it, from the seed YAML alone."""
    if "scale" not in record:
        return None
    sources = load_yaml("editorial_sources.yaml")
    labels = [step["label"] for step in record["scale"]]
    reference = record.get("reference_point")
    outcome = record.get("outcome_point")
    return {
        "points": [{"point": n, "label": label} for n, label in enumerate(labels)],
        "note": record.get("scale_note"),
        "reference_point": None
        if reference is None
        else {
            "point": reference.get("point"),
            "label": labels[reference["point"]] if "point" in reference else None,
            "quote": reference["quote"],
            "source": sources[reference["source"]],
            "note": reference.get("note"),
            "basis": "editorial",
        },
        "outcome_point": None
        if outcome is None
        else {
            "point": outcome,
            "label": labels[outcome],
            "source": sources[record["outcome_source"]],
            "basis": "editorial",
        },
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
        "status": issue_status(slug),
        "status_note": record["status_note"],
        "editorial_outcome": record.get("outcome"),
        "editorial_outcome_source": sources[record["outcome_source"]]
        if "outcome_source" in record
        else None,
        "aliases": expected_aliases(record, ISSUE_ALIAS_SLUGS.get(slug, [])),
        "url": f"{BASE}/issues/{slug}",
        "positions_url": f"{BASE}/issues/{slug}/positions",
        "scale": expected_scale(record),
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
        "frus_id": record["frus_id"],
        "editorial_date": record["editorial_date"].isoformat(),
        "editorial_date_source": record["editorial_date_source"],
        "received_sha256": raw_sha256(),
        "url": f"{BASE}/documents/{DOCUMENT}",
        "positions_url": f"{BASE}/documents/{DOCUMENT}/positions",
        "annotations_url": f"{BASE}/documents/{DOCUMENT}/annotations/",
        **expected_apparatus(record),
        "context_count": len(load_yaml(f"positions/{DOCUMENT}.yaml")["context"]),
        "context_url": f"{BASE}/documents/{DOCUMENT}/context",
    }


def expected_apparatus(record: dict) -> dict:
    """The document's editorial apparatus as served, from documents.yaml and the citations of
    editorial_sources.yaml: each source as its key and its citation, dates as ISO strings."""
    sources = load_yaml("editorial_sources.yaml")

    def cited(key: str | None) -> dict:
        return {"source": key, "citation": key and sources[key]}

    def evidence(items: list[dict]) -> list[dict]:
        return [{**cited(i["source"]), "quote": i["quote"], "shows": i["shows"]} for i in items]

    meeting = record["meeting"]
    clean = seed_text().clean
    return {
        "editorial_date_evidence": evidence(record["editorial_date_evidence"]),
        "meeting": {
            "description": meeting["description"],
            "date": meeting["date"].isoformat(),
            "time": meeting["time"],
            "place": meeting["place"],
            "present": [
                {
                    "party": p.get("party"),
                    "party_url": p.get("party") and f"{BASE}/parties/{p['party']}",
                    "name": p.get("name"),
                    "role": p.get("role"),
                    **cited(p["source"]),
                    "note": p.get("note"),
                }
                for p in meeting["present"]
            ],
            "evidence": evidence(meeting["evidence"]),
            "note": meeting["note"],
            "basis": "editorial",
        },
        "related_documents": [
            {
                "id": r["id"],
                "title": r["title"],
                "date": r.get("date") and r["date"].isoformat(),
                "date_source": r.get("date_source"),
                "date_citation": r.get("date_source") and sources[r["date_source"]],
                "date_note": r.get("date_note"),
                "relation": r["relation"],
                "summary": r["summary"],
                "url": r["url"],
                **cited(r["source"]),
                "source_status": r["source_status"],
                "basis": "editorial",
            }
            for r in record["related_documents"]
        ],
        "unnamed_persons": [
            {
                "words": u["words"],
                "span": {
                    "start": clean.index(u["words"]),
                    "end": clean.index(u["words"]) + len(u["words"]),
                },
                "position": u["position"],
                "position_url": f"{BASE}/positions/{u['position']}",
                "identified_as": u["identified_as"],
                **cited(u["source"]),
                "note": u["note"],
                "basis": "editorial",
            }
            for u in record["unnamed_persons"]
        ],
    }
