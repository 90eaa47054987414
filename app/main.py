"""Create the FastAPI application: routers, error handlers, middleware; nothing else.

`app` is the API itself. `served` is what the server runs: the same API behind the response
cache (app/cache.py) and the admission gate (app/concurrency.py). Tests of behaviour talk to
`app`; tests of the cache check that `served` answers byte for byte as `app` does."""

from fastapi import Depends, FastAPI
from granian.utils.proxies import wrap_asgi_with_proxy_headers
from starlette.types import ASGIApp

from app import http, openapi, problems
from app.api.routes import (
    annotations,
    codebook,
    dataset,
    docs,
    documents,
    downloads,
    issues,
    parties,
    positions,
    service,
)
from app.cache import ResponseCache
from app.concurrency import AdmissionGate
from app.config import get_settings
from app.db import served_dataset_identity
from app.http import refuse_unknown_query_parameters
from app.problems import COMMON_RESPONSES
from app.web import routes as web

DESCRIPTION = """\
Who wanted what, on which issue, in whose words, on which printed page: negotiation
positions from *Foreign Relations of the United States*, each with the verbatim quote that
supports it, its character span in the document's text, its printed page(s) and paragraph.

Lists share one envelope (`items`, `total`, `page`, `per_page`, `pages`, `links`) and send
the same links in an RFC 8288 `Link` header. Errors are RFC 9457 `application/problem+json`.
"""

TAGS = [
    {"name": "service", "description": "The index, health, and explanations of problem types."},
    {
        "name": "dataset",
        "description": "The dataset as a citable product: release version and notes, "
        "licences, counts, citations, and links to the downloads and the codebook.",
    },
    {
        "name": "documents",
        "description": "Source documents: metadata, clean text, page breaks, "
        "paragraphs, and their positions as W3C Web Annotations.",
    },
    {
        "name": "annotations",
        "description": "Positions as W3C Web Annotations, served by the W3C Web Annotation "
        "Protocol: a container per document, each annotation at its IRI, and a search by "
        "target (`uri`).",
    },
    {
        "name": "parties",
        "description": "Who holds, receives or reports positions: people, "
        "states, governments, political parties, armed forces, offices.",
    },
    {
        "name": "issues",
        "description": "What was negotiated; issues nest, and an issue's "
        "positions include its sub-issues'.",
    },
    {
        "name": "positions",
        "description": "Stances on issues, each with its verbatim quote, "
        "span, printed pages, paragraph and attribution chain.",
    },
    {
        "name": "dataset",
        "description": "The whole dataset in one file (a data package of CSV tables, or a "
        "SQLite database), and the codebook to read it by.",
    },
]

app = FastAPI(
    title="Parley",
    summary="Negotiation positions in diplomatic records, traceable to the source's words.",
    description=DESCRIPTION,
    version=service.SERVICE_VERSION,
    docs_url=None,
    redoc_url=None,
    openapi_tags=TAGS,
    redirect_slashes=False,  # a slug ending in "/" is an unknown slug, not a 307
    responses=COMMON_RESPONSES,
    dependencies=[Depends(refuse_unknown_query_parameters)],
    # operationId = the route function's name (`list_positions`), which generated clients
    # name their functions after; FastAPI's default appends the path and method.
    generate_unique_id_function=lambda route: route.name,
)
problems.install(app)


web.install(app)  # first: a browser's request for `/` or `/issues/{slug}` gets the page
for module in (
    service, dataset, documents, annotations, parties, issues, positions, downloads, codebook
):  # fmt: skip
    app.include_router(module.router)
docs.install(app)
http.install(app)
openapi.install(app)  # after problems.install: it finishes what that one documents


def serving_app(api: FastAPI) -> ASGIApp:
    """`api` as served: hits answered from memory, misses admitted a few at a time. The
    scheme a proxy on this host forwards is applied first, since links are built from it."""
    settings = get_settings()
    cache = ResponseCache(
        AdmissionGate(api, limit=settings.database_concurrency),
        version=served_dataset_identity,
        max_bytes=settings.response_cache_bytes,
    )
    # granian leaves its wrapper unannotated; the annotation says what it returns
    served: ASGIApp = wrap_asgi_with_proxy_headers(cache, trusted_hosts="127.0.0.1")
    return served


served = serving_app(app)
