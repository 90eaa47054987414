"""GET /dataset and the citations of the dataset and of a position, against exact values.

The release (version, date, notes) is read from seed/CHANGELOG.md by tests/api/expected.py,
so these tests hold for a release and for a development version alike; everything else is
written by hand. Each citation format is also read back by a tool that is not ours:
bibtexparser, rispy, and citeproc-py (a CSL processor, whose copy of the CSL schema lists the
item types and variables CSL-JSON may use)."""

import json
import re
import warnings
from pathlib import Path

import bibtexparser
import citeproc
import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from tests.api.contract import LICENSES, PROBLEM_TYPE, get_json
from tests.api.expected import BASE, content_sha256, expected_release

TITLE = "Parley: negotiation positions in diplomatic records"
FRUS_TITLE = (
    "Harriman to Truman and the Secretary of State on T. V. Soong's talks with Stalin and Molotov"
)
FRUS_SERIES = "Foreign Relations of the United States: Diplomatic Papers, 1945, The Far East, China"
FRUS_CITATION = (
    "Harriman to Truman and the Secretary of State, [Moscow,] July 3, 1945, Foreign Relations "
    "of the United States, Diplomatic Papers, 1945, vol. VII, The Far East, China (Washington: "
    "GPO, 1969), doc. 644, pp. 912–914."
)
FRUS_URL = "https://history.state.gov/historicaldocuments/frus1945v07/d644"
QUOTE = "and work for some basis by which both countries could have naval facilities"  # d644-019
CSL_SCHEMA = Path(citeproc.__file__).parent / "data/schema/schemas/styles"
MEDIA_TYPES = {
    "csl-json": "application/vnd.citationstyles.csl+json",
    "bibtex": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}


def release() -> tuple[str, str | None]:
    version, released, _ = expected_release()
    return version, released


def key(*parts: str) -> str:
    return re.sub(r"[^A-Za-z0-9.:-]+", "-", "-".join(("parley", *parts)))


def note(quote: bool) -> str:
    text = f"Annotations licensed CC-BY-4.0. Content SHA-256 {content_sha256()}."
    return text + (f" Quote, p. 913: “{QUOTE}”" if quote else "")


# -- GET /dataset ----------------------------------------------------------------------------


def test_dataset(client):
    version, released, notes = expected_release()
    year = released[:4] if released else "n.d."
    assert get_json(client, "/dataset") == {
        "name": "parley",
        "title": TITLE,
        "version": version,
        "released": released is not None,
        "release_date": released,
        "content_sha256": content_sha256(),
        "release_notes": notes,
        "licenses": LICENSES,
        "counts": {"documents": 1, "parties": 14, "issues": 27, "positions": 40},
        "citation": {
            "text": f"The Parley authors ({year}). {TITLE} (Version {version}) [Data set]. "
            f"{BASE}/dataset. Source: {FRUS_CITATION} {FRUS_URL}",
            "url": f"{BASE}/dataset/citation",
            "formats": {
                name: f"{BASE}/dataset/citation?format={name}"
                for name in ("csl-json", "bibtex", "ris", "text")
            },
        },
        "links": {
            "self": f"{BASE}/dataset",
            "citation": f"{BASE}/dataset/citation",
            "download_zip": f"{BASE}/dataset/download.zip",
            "download_sqlite": f"{BASE}/dataset/parley.sqlite3",
            "codebook": f"{BASE}/codebook",
        },
    }


def test_the_first_release_by_hand(client):
    """The first entry of the changelog, as served, whatever came after it."""
    first = get_json(client, "/dataset")["release_notes"][-1]
    assert first["version"] == "2026.12.0"
    assert first["date"] == "2026-12-01"
    assert first["content_sha256"] == (
        "be28e1c6335e706cdad70beabdcbbf6dd35091e59ac7c303453d8b5735f3484e"
    )
    assert first["summary"].startswith("The first release: Ambassador Harriman's telegram")
    assert [len(first[name]) for name in ("added", "changed", "corrected")] == [13, 4, 3]
    assert first["added"][3].startswith("40 positions, d644-001 to d644-040,")


def test_the_index_links_to_the_dataset(client):
    assert get_json(client, "/")["links"]["dataset"] == f"{BASE}/dataset"


# -- the dataset's citation ------------------------------------------------------------------


def expected_csl(position: str | None = None) -> list[dict]:
    version, released = release()
    work = {
        "id": key(version, *([position] if position else [])),
        "type": "dataset",
        "title": TITLE if position is None else f"{TITLE}: position {position}",
        "author": [{"literal": "The Parley authors"}],
        "version": version,
        "URL": f"{BASE}/dataset" if position is None else f"{BASE}/positions/{position}",
        "license": "CC-BY-4.0",
        "note": note(quote=position is not None),
    }
    if released:
        work["issued"] = {"date-parts": [[int(part) for part in released.split("-")]]}
    source = {
        "id": "frus1945v07-d644",
        "type": "document",
        "title": FRUS_TITLE,
        "container-title": FRUS_SERIES,
        "volume": "VII",
        "number": "644",
        "page": "912-914" if position is None else "913",
        "URL": FRUS_URL,
        "note": FRUS_CITATION,
        "issued": {"date-parts": [[1945, 7, 3]]},
    }
    return [work, source]


def expected_bibtex(position: str | None = None) -> str:
    version, released = release()
    title = TITLE if position is None else f"{TITLE}: position {position}"
    url = f"{BASE}/dataset" if position is None else f"{BASE}/positions/{position}"
    year = f"  year = {{{released[:4]}}},\n" if released else ""
    return (
        f"@misc{{{key(version, *([position] if position else []))},\n"
        "  author = {{The Parley authors}},\n"
        f"  title = {{{{{title}}}}},\n"
        f"{year}"
        f"  version = {{{version}}},\n"
        "  howpublished = {Data set},\n"
        f"  url = {{{url}}},\n"
        f"  note = {{{note(quote=position is not None)}}},\n"
        "}\n"
        "\n"
        "@misc{frus1945v07-d644,\n"
        f"  title = {{{{{FRUS_TITLE}}}}},\n"
        f"  howpublished = {{{FRUS_SERIES}, vol. VII, doc. 644}},\n"
        f"  pages = {{{'912--914' if position is None else '913'}}},\n"
        "  year = {1945},\n"
        f"  url = {{{FRUS_URL}}},\n"
        f"  note = {{{FRUS_CITATION}}},\n"
        "}\n"
    )


def expected_ris(position: str | None = None) -> str:
    version, released = release()
    title = TITLE if position is None else f"{TITLE}: position {position}"
    url = f"{BASE}/dataset" if position is None else f"{BASE}/positions/{position}"
    dated = [f"PY  - {released[:4]}", f"DA  - {released.replace('-', '/')}"] if released else []
    work = [
        "TY  - DATA",
        "AU  - The Parley authors",
        f"TI  - {title}",
        *dated,
        f"ET  - {version}",
        f"UR  - {url}",
        f"N1  - {note(quote=position is not None)}",
        "ER  - ",
    ]
    pages = ("912", "914") if position is None else ("913", "913")
    source = [
        "TY  - GOVDOC",
        f"TI  - {FRUS_TITLE}",
        f"T2  - {FRUS_SERIES}",
        "VL  - VII",
        "IS  - 644",
        f"SP  - {pages[0]}",
        f"EP  - {pages[1]}",
        "PY  - 1945",
        "DA  - 1945/07/03",
        f"UR  - {FRUS_URL}",
        f"N1  - {FRUS_CITATION}",
        "ER  - ",
    ]
    return "\r\n".join(work) + "\r\n\r\n" + "\r\n".join(source) + "\r\n"


def expected_text(position: str | None = None) -> str:
    version, released = release()
    year = released[:4] if released else "n.d."
    if position is None:
        return (
            f"The Parley authors ({year}). {TITLE} (Version {version}) [Data set]. "
            f"{BASE}/dataset. Source: {FRUS_CITATION} {FRUS_URL}\n"
        )
    return (
        f"The Parley authors ({year}). {TITLE}: position {position} (Version {version}) "
        f"[Data set]. {BASE}/positions/{position}. Quote, p. 913: “{QUOTE}”. "
        f"Source: {FRUS_CITATION} {FRUS_URL}\n"
    )


def expected_body(fmt: str, position: str | None = None) -> str:
    if fmt == "csl-json":
        return json.dumps(expected_csl(position), ensure_ascii=False, indent=2) + "\n"
    return {"bibtex": expected_bibtex, "ris": expected_ris, "text": expected_text}[fmt](position)


def disposition(fmt: str, position: str | None = None) -> str | None:
    suffix = {"bibtex": "bib", "ris": "ris"}.get(fmt)
    if suffix is None:
        return None
    return f'inline; filename="{key(release()[0], *([position] if position else []))}.{suffix}"'


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex", "ris", "text"])
@pytest.mark.parametrize("position", [None, "d644-019"])
def test_citation_in_each_format(client, fmt, position):
    path = "/dataset/citation" if position is None else f"/positions/{position}/citation"
    response = client.get(f"{path}?format={fmt}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MEDIA_TYPES[fmt]
    assert response.headers.get("content-disposition") == disposition(fmt, position)
    assert response.text == expected_body(fmt, position)


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (None, "csl-json"),
        ("application/vnd.citationstyles.csl+json", "csl-json"),
        ("application/json", "csl-json"),
        ("application/x-bibtex", "bibtex"),
        ("application/x-research-info-systems", "ris"),
        ("text/plain", "text"),
        ("text/plain;q=0.5, application/x-bibtex;q=0.9", "bibtex"),
        ("text/plain, application/vnd.citationstyles.csl+json", "csl-json"),  # a tie: CSL-JSON
        ("*/*", "csl-json"),
        ("text/html", "csl-json"),
    ],
)
@pytest.mark.parametrize("path", ["/dataset/citation", "/positions/d644-019/citation"])
def test_accept_chooses_the_format(client, path, accept, fmt):
    headers = {} if accept is None else {"Accept": accept}
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MEDIA_TYPES[fmt]
    assert "Accept" in response.headers["vary"]


def test_format_wins_over_accept(client):
    response = client.get("/dataset/citation?format=ris", headers={"Accept": "text/plain"})
    assert response.headers["content-type"] == MEDIA_TYPES["ris"]


@pytest.mark.parametrize("path", ["/dataset/citation", "/positions/d644-019/citation"])
def test_an_unknown_format_is_a_400_problem(client, path):
    response = client.get(f"{path}?format=endnote")
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM_TYPE
    assert response.json() == {
        "type": "/problems/invalid-parameters",
        "title": "Invalid query parameter value",
        "status": 400,
        "detail": "Invalid request parameters: query.format.",
        "instance": f"{path}?format=endnote",
        "errors": [
            {
                "location": "query.format",
                "message": "Input should be 'csl-json', 'bibtex', 'ris' or 'text'",
                "value": "endnote",
            }
        ],
    }


def test_an_unknown_position_has_no_citation(client):
    body = get_json(client, "/positions/d644-999/citation", status=404)
    assert body["type"] == "/problems/unknown-position"
    assert body["detail"].startswith("There is no position 'd644-999'.")


def test_citations_are_cached_with_an_etag(client):
    first = client.get("/dataset/citation?format=bibtex")
    again = client.get(
        "/dataset/citation?format=bibtex", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304


# -- read back by other tools ----------------------------------------------------------------


@pytest.mark.parametrize("position", [None, "d644-019"])
def test_bibtex_parses(client, position):
    path = "/dataset/citation" if position is None else f"/positions/{position}/citation"
    library = bibtexparser.parse_string(client.get(f"{path}?format=bibtex").text)
    assert library.failed_blocks == []
    work, source = library.entries
    version, released = release()
    assert work.entry_type == "misc"
    assert work.key == key(version, *([position] if position else []))
    assert work["version"] == version
    assert work["author"] == "{The Parley authors}"
    assert work.fields_dict.get("year") is None or work["year"] == released[:4]
    assert source.key == "frus1945v07-d644"
    assert source["url"] == FRUS_URL
    assert source["pages"] == ("912--914" if position is None else "913")


@pytest.mark.parametrize("position", [None, "d644-019"])
def test_ris_parses(client, position):
    path = "/dataset/citation" if position is None else f"/positions/{position}/citation"
    work, source = rispy.loads(client.get(f"{path}?format=ris").text)
    assert work["type_of_reference"] == "DATA"
    assert work["authors"] == ["The Parley authors"]
    assert work["edition"] == release()[0]
    assert work["urls"] == [
        f"{BASE}/dataset" if position is None else f"{BASE}/positions/{position}"
    ]
    assert source["type_of_reference"] == "GOVDOC"
    assert (source["volume"], source["number"]) == ("VII", "644")
    assert source["urls"] == [FRUS_URL]
    assert source["start_page"] == ("912" if position is None else "913")


def csl_names(rnc: str) -> set[str]:
    """The quoted names a CSL schema file lists (its item types, or its variables)."""
    return set(
        re.findall(r'"([A-Za-z][A-Za-z_-]*)"', (CSL_SCHEMA / rnc).read_text(encoding="utf-8"))
    )


@pytest.mark.parametrize("position", [None, "d644-019"])
def test_csl_json_uses_only_csl_types_and_variables(client, position):
    path = "/dataset/citation" if position is None else f"/positions/{position}/citation"
    items = client.get(path).json()
    types, variables = csl_names("csl-types.rnc"), csl_names("csl-variables.rnc")
    assert {"dataset", "document"} <= types
    for item in items:
        assert item["type"] in types
        assert set(item) - {"id", "type"} <= variables, set(item) - variables


@pytest.mark.parametrize("position", [None, "d644-019"])
def test_csl_json_is_rendered_by_a_csl_processor(client, position):
    path = "/dataset/citation" if position is None else f"/positions/{position}/citation"
    items = client.get(path).json()
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        source = CiteProcJSON(items)
    # citeproc-py predates CSL 1.0.2's `license`; it understands every other variable.
    assert [str(w.message) for w in warned] == [
        "The following arguments for Reference are unsupported: license"
    ]
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"]) for item in items]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    version, released = release()
    year = released[:4] if released else "no date"
    url = f"{BASE}/dataset" if position is None else f"{BASE}/positions/{position}"
    title = TITLE if position is None else f"{TITLE}: position {position}"
    assert rendered[0].startswith(f"The Parley authors ({year}) “{title}”")
    assert rendered[0].endswith(f"Available at: {url}.")
    assert rendered[1].endswith(f"{FRUS_SERIES}. Available at: {FRUS_URL}.")
