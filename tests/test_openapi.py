"""The OpenAPI document, the offline docs pages, and the README's list of settings."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI

from app.config import PROJECT_ROOT, Settings
from app.main import app
from app.openapi import add_examples
from app.vocabulary import VOCABULARIES

PROBLEM = "application/problem+json"
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
EXPORT_PATHS = {
    "/positions",
    "/issues/{slug}/positions",
    "/parties/{slug}/positions",
    "/documents/{slug}/positions",
}
DOCS_ASSETS = {
    "/docs": {"/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"},
    "/redoc": {"/docs-assets/redoc.standalone.js"},
}
ASSET_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


@pytest.fixture(scope="module")
def spec(client) -> dict:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def has_example(parameter: dict) -> bool:
    schema = parameter.get("schema", {})
    return any(key in parameter for key in ("example", "examples")) or "examples" in schema


def test_openapi_version_is_3_1(spec):
    assert re.fullmatch(r"3\.1\.\d+", spec["openapi"])


def test_spec_covers_every_public_route(spec):
    assert {path for path, _, _ in operations(spec)} == {
        "/",
        "/health",
        "/problems/{kind}",
        "/documents",
        "/documents/{slug}",
        "/documents/{slug}/positions",
        "/documents/{slug}/annotations",
        "/documents/{slug}/annotations/",
        "/annotations",
        "/annotations/{position_id}",
        "/documents/{slug}/text",
        "/documents/{slug}/context",
        "/parties",
        "/parties/{slug}",
        "/parties/{slug}/positions",
        "/issues",
        "/issues/{slug}",
        "/issues/{slug}/positions",
        "/issues/{slug}/comparison",
        "/positions",
        "/positions/facets",
        "/positions/{position_id}",
        "/dataset/download.zip",
        "/dataset/parley.sqlite3",
        "/codebook",
        "/dataset",
        "/dataset/citation",
        "/positions/{position_id}/citation",
    }
    assert {method for _, method, _ in operations(spec)} == {"get"}


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/dataset/download.zip", "application/zip"),
        ("/dataset/parley.sqlite3", "application/vnd.sqlite3"),
    ],
)
def test_downloads_document_their_media_types(spec, path, media_type):
    ok = spec["paths"][path]["get"]["responses"]["200"]
    assert ok["content"] == {media_type: {"schema": {"type": "string", "format": "binary"}}}
    assert "503" in spec["paths"][path]["get"]["responses"]


def test_every_operation_has_a_summary_and_a_description(spec):
    missing = [
        (path, method)
        for path, method, op in operations(spec)
        if not op.get("summary", "").strip() or not op.get("description", "").strip()
    ]
    assert missing == []


def test_every_query_parameter_has_a_description_and_an_example(spec):
    seen, missing = 0, []
    for path, _, op in operations(spec):
        for parameter in op.get("parameters", []):
            if parameter["in"] != "query":
                continue
            seen += 1
            if not parameter.get("description", "").strip() or not has_example(parameter):
                missing.append((path, parameter["name"]))
    assert seen > 0
    assert missing == []


def test_every_path_parameter_has_a_description_and_an_example(spec):
    missing = [
        (path, parameter["name"])
        for path, _, op in operations(spec)
        for parameter in op.get("parameters", [])
        if parameter["in"] == "path"
        and (not parameter.get("description", "").strip() or not has_example(parameter))
    ]
    assert missing == []


def test_every_operation_documents_its_problem_responses(spec):
    missing = []
    for path, method, op in operations(spec):
        codes = ["400", "405", "500"] + (["404"] if "{" in path else [])
        for code in codes:
            response = op["responses"].get(code)
            if response is None or PROBLEM not in response.get("content", {}):
                missing.append((path, method, code))
    assert missing == []


def test_problem_responses_are_only_problem_json_with_the_problem_schema(spec):
    wrong = []
    for path, method, op in operations(spec):
        for code, response in op["responses"].items():
            if not code.startswith(("4", "5")):
                continue
            content = response.get("content", {})
            schema = content.get(PROBLEM, {}).get("schema", {})
            if set(content) != {PROBLEM} or schema.get("$ref") != "#/components/schemas/Problem":
                wrong.append((path, method, code))
    assert wrong == []


def test_no_operation_documents_a_422(spec):
    assert [(p, m) for p, m, op in operations(spec) if "422" in op["responses"]] == []


def test_exactly_the_position_lists_document_csv_and_ndjson(spec):
    exporting = set()
    for path, _, op in operations(spec):
        content = op["responses"]["200"].get("content", {})
        if "text/csv" in content or "application/x-ndjson" in content:
            assert {"application/json", "text/csv", "application/x-ndjson"} <= set(content)
            exporting.add(path)
    assert exporting == EXPORT_PATHS


@pytest.mark.parametrize("path", ["/dataset/citation", "/positions/{position_id}/citation"])
def test_citations_document_their_four_media_types_and_the_format_parameter(spec, path):
    operation = spec["paths"][path]["get"]
    assert set(operation["responses"]["200"]["content"]) == {
        "application/vnd.citationstyles.csl+json",
        "application/x-bibtex; charset=utf-8",
        "application/x-research-info-systems; charset=utf-8",
        "text/plain; charset=utf-8",
    }
    (fmt,) = [p for p in operation["parameters"] if p["name"] == "format"]
    schema = fmt["schema"]["anyOf"][0]
    assert spec["components"]["schemas"][schema["$ref"].split("/")[-1]]["enum"] == [
        "csl-json",
        "bibtex",
        "ris",
        "text",
    ]


def test_annotations_document_the_json_ld_media_type(spec):
    for path in ("/documents/{slug}/annotations/", "/annotations", "/annotations/{position_id}"):
        content = spec["paths"][path]["get"]["responses"]["200"]["content"]
        assert set(content) == {'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'}


# -- a schema good enough to generate a client from -------------------------------------------


def test_every_property_of_every_schema_has_a_description(spec):
    schemas = spec["components"]["schemas"]
    missing = [
        f"{name}.{prop}"
        for name, schema in schemas.items()
        for prop, property_schema in schema.get("properties", {}).items()
        if not property_schema.get("description", "").strip()
    ]
    assert len(schemas) > 60
    assert missing == []


def test_every_schema_has_an_example(spec):
    missing = [
        name
        for name, schema in spec["components"]["schemas"].items()
        if not (schema.get("examples") or "example" in schema)
    ]
    assert missing == []


def test_examples_are_documented_values_not_types():
    """A model's example is built from its fields' examples; where a field gives none, a type
    stands in ("…"). Their number may only fall: give a field an example instead."""
    placeholders = add_examples(FastAPI.openapi(app))
    assert len(placeholders) <= 66, placeholders
    for documented in ("PositionPublic.quote", "PositionPublic.summary", "Problem.detail"):
        assert documented not in placeholders


def test_every_200_documents_its_etag_and_cache_control(spec):
    missing = [
        (path, name)
        for path, _, op in operations(spec)
        for name in ("ETag", "Cache-Control")
        if name not in op["responses"]["200"].get("headers", {})
    ]
    assert missing == []


def test_every_list_documents_its_link_and_total_count_headers(spec):
    lists = {
        path
        for path, _, op in operations(spec)
        if "Link" in op["responses"]["200"].get("headers", {})
        and "X-Total-Count" in op["responses"]["200"]["headers"]
    }
    assert lists == EXPORT_PATHS | {
        "/documents",
        "/parties",
        "/issues",
        "/documents/{slug}/context",
        "/documents/{slug}/annotations/",
        "/annotations",
    }


def test_every_redirect_documents_its_location(spec):
    redirects = [
        (path, op["responses"]["308"])
        for path, _, op in operations(spec)
        if "308" in op["responses"]
    ]
    assert len(redirects) >= 8
    assert [path for path, r in redirects if "Location" not in r.get("headers", {})] == []


def test_annotation_routes_document_the_protocols_headers(spec):
    container = spec["paths"]["/documents/{slug}/annotations/"]["get"]["responses"]["200"]
    assert {"Allow", "Link", "Content-Location", "Preference-Applied", "ETag"} <= set(
        container["headers"]
    )
    annotation = spec["paths"]["/annotations/{position_id}"]["get"]["responses"]["200"]
    assert {"Allow", "Link", "ETag"} <= set(annotation["headers"])


def test_csv_and_ndjson_have_their_media_types_and_examples(spec):
    for path in EXPORT_PATHS:
        content = spec["paths"][path]["get"]["responses"]["200"]["content"]
        assert content["text/csv"]["example"].startswith("id,document,party_slug,")
        assert content["application/x-ndjson"]["example"].startswith('{"id":"d644-019"')


def test_the_three_kinds_of_400_have_distinct_titles_and_types(client):
    kinds = [
        client.get(url).json()
        for url in ("/positions?per_page=0", "/positions?actr=1", "/positions?party=nobody")
    ]
    assert [(k["type"], k["title"]) for k in kinds] == [
        ("/problems/invalid-parameters", "Invalid query parameter value"),
        ("/problems/unknown-parameter", "Unknown query parameter"),
        ("/problems/unknown-value", "Unknown filter value"),
    ]
    for kind in kinds:
        assert client.get(kind["type"]).json()["title"] == kind["title"]


# -- the docs pages, offline --------------------------------------------------------------------


class _Urls(HTMLParser):
    """Every src= and href= in the page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def referenced_urls(html: str) -> list[str]:
    parser = _Urls()
    parser.feed(html)
    # Also URLs in inline script (Swagger's `url: '/openapi.json'`) and ReDoc's spec-url.
    inline = re.findall(r"""(?:url:\s*|spec-url=)['"]([^'"]+)['"]""", html)
    return parser.urls + inline


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_page_references_no_external_host(client, page):
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    html = response.text
    assert re.findall(r"(?i)(?:https?:)?//[a-z0-9][a-z0-9.-]*", html) == []
    urls = referenced_urls(html)
    assert "/openapi.json" in urls
    assert DOCS_ASSETS[page] <= set(urls)
    for url in urls:
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc) == ("", ""), url
        assert url.startswith("/"), url
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "asset",
    [
        "/docs-assets/swagger-ui-bundle.js",
        "/docs-assets/swagger-ui.css",
        "/docs-assets/redoc.standalone.js",
        "/docs-assets/favicon.png",
    ],
)
def test_docs_assets_are_served_with_their_types(client, asset):
    response = client.get(asset, headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    suffix = asset[asset.rindex(".") :]
    assert response.headers["content-type"].split(";")[0] == ASSET_TYPES[suffix]
    assert int(response.headers["content-length"]) == len(response.content) > 1000


# -- README -------------------------------------------------------------------------------------

README = PROJECT_ROOT / "README.md"


def test_every_setting_is_documented_in_the_readme():
    text = README.read_text()
    section = re.split(r"(?m)^#+\s*Settings\s*$", text, maxsplit=1)[1]
    section = re.split(r"(?m)^#+ ", section, maxsplit=1)[0]
    names = [(field.alias or name).upper() for name, field in Settings.model_fields.items()]
    assert {"DATABASE_URL", "SEED_DIR", "HOST", "PORT", "LOG_LEVEL"} <= set(names)
    assert [name for name in names if f"`{name}`" not in section] == []


# -- definitions, from app/vocabulary.py ----------------------------------------------------------


@pytest.mark.parametrize("listed", VOCABULARIES, ids=lambda listed: listed.name)
def test_every_vocabulary_schema_carries_its_definitions(spec, listed):
    schema = spec["components"]["schemas"][listed.vocabulary.__name__]
    assert schema["enum"] == [term.value for term in listed.vocabulary]
    assert schema["x-enumDescriptions"] == {t.value: t.definition for t in listed.vocabulary}
    for term in listed.vocabulary:
        assert f"- `{term.value}`: {term.definition}" in schema["description"]


def test_vocabulary_fields_describe_every_value(spec):
    schemas = spec["components"]["schemas"]
    stance = schemas["PositionPublic"]["properties"]["stance"]
    assert stance["$ref"] == "#/components/schemas/Stance"
    assert stance["description"].startswith(
        "Editorial classification: `propose`: puts forward terms or an arrangement; "
        "`counter-propose`: puts forward terms in answer to another party's proposal;"
    )
    evidence = schemas["Certainty"]["properties"]["evidence"]["description"]
    assert "`inferred`: the sentence names no one; the party is read from context" in evidence
    basis = schemas["AttributionLink"]["properties"]["basis"]
    assert basis["$ref"] == "#/components/schemas/AttributionBasis"
    assert "`context`: inferred from the telegram as a whole" in basis["description"]
