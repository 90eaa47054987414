"""Positions as W3C Web Annotations, served by the Web Annotation Protocol: a container per
document, the annotations found by their target (`?uri=`, as the Hypothesis API finds them),
and each annotation at its own IRI. See app/api/annotation_protocol.py for the layout."""

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request, Response
from sqlmodel import Session

from app import queries
from app.api import annotation_protocol as protocol
from app.api import present
from app.api.annotations import (
    ANNOTATION_MEDIA_TYPE,
    AnnotationCollection,
    AnnotationPage,
    AnnotationResponse,
    WebAnnotation,
    annotation,
)
from app.api.deps import DocumentDep, DocumentScope, LookupsDep, PositionDep, SessionDep
from app.api.pagination import PageParams
from app.concurrency import in_worker_thread
from app.lookups import Lookups
from app.problems import ALIAS_REDIRECT, NOT_FOUND
from app.queries import PositionFilter, PositionRow

router = APIRouter(tags=["annotations"])
ListParams = Annotated[protocol.AnnotationListParams, Query()]
JSON_LD: dict[str, Any] = {"content": {ANNOTATION_MEDIA_TYPE: {}}}


def _answer(  # every collection answers alike: its first page, a page, or itself
    request: Request,
    params: protocol.AnnotationListParams,
    *,
    session: Session,
    lookups: Lookups,
    document_ids: frozenset[int],
    label: str,
    container: bool,
) -> AnnotationResponse:
    urls = present.Urls(request)
    preference = (
        protocol.container_preference(request)
        if params.page is None
        else protocol.ContainerPreference()  # a page is as its IRI says, whatever is preferred
    )
    number = params.page or 1
    filters = PositionFilter(document_ids=document_ids)
    offset = (number - 1) * params.per_page
    if preference.minimal or not document_ids:
        rows: list[PositionRow] = []
        total = queries.positions_total(session=session, filters=filters) if document_ids else 0
    else:
        rows, total = queries.positions(
            session=session, filters=filters, offset=offset, limit=params.per_page
        )
    collection = protocol.Collection.of(
        request,
        label=label,
        total=total,
        iris=params.iris or preference.iris is True,
        per_page=params.per_page,
        container=container,
    )
    annotations = [annotation(row, urls, lookups) for row in rows]
    if params.page is not None:
        page = protocol.page_of(collection, number, annotations, embedded=False)
        return protocol.page_response(page, collection)
    first = (
        None if preference.minimal else protocol.page_of(collection, 1, annotations, embedded=True)
    )
    return protocol.collection_response(collection, first, preference)


@router.get(
    "/documents/{slug}/annotations/",
    summary="A document's annotations (a W3C Annotation Container)",
    response_model=AnnotationCollection | AnnotationPage,
    response_class=AnnotationResponse,
    responses={200: JSON_LD, **NOT_FOUND, **ALIAS_REDIRECT},
)
@in_worker_thread
def document_annotations(  # FastAPI passes every parameter by name
    *,
    request: Request,
    document: DocumentDep,
    params: ListParams,
    lookups: LookupsDep,
    session: SessionDep,
) -> AnnotationResponse:
    """The document's positions as JSON-LD Web Annotations, by the W3C Web Annotation
    Protocol: the container (a Basic Container and AnnotationCollection) with its first page
    embedded, or linked only with `Prefer: return=representation;
    include="http://www.w3.org/ns/ldp#PreferMinimalContainer"`; `?page=N` is a page. Each
    annotation has two targets: the plain text at `/documents/{slug}/text` (a
    TextPositionSelector, offsets as served, and a TextQuoteSelector) and the page on
    history.state.gov (a TextQuoteSelector only)."""
    assert document.id is not None  # a row read from its table has its key
    return _answer(
        request,
        params,
        session=session,
        lookups=lookups,
        document_ids=frozenset({document.id}),
        label=document.title,
        container=True,
    )


@router.get(
    "/documents/{slug}/annotations",
    summary="Redirect to a page of the document's annotation container",
    response_class=Response,
    responses={
        308: {"description": "The same page of `/documents/{slug}/annotations/`."},
        **NOT_FOUND,
    },
)
async def old_document_annotations(
    request: Request,
    document_ids: DocumentScope,
    lookups: LookupsDep,
    params: Annotated[PageParams, Query()],
) -> Response:
    """Where pages of annotations were before the container: a 308 to the same page of
    `/documents/{slug}/annotations/` (page 1 when none is named)."""
    del params  # declared so that only `page` and `per_page` are accepted, and checked
    (document_id,) = document_ids
    slug = lookups.document_slugs[document_id]
    container = f"{present.Urls(request).document(slug)}/annotations/"
    return protocol.redirect_to_page(request, container)


def normalized_uri(uri: str) -> str:
    """A URI as the Hypothesis API compares them: without scheme, `www.`, trailing slash,
    fragment or default port, the host in lower case. What is no URL (a bad port, a broken
    IPv6 host) stays as it is, and so targets nothing."""
    text = uri.strip()
    if "//" not in text:
        text = f"//{text}"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return uri
    host = (parts.hostname or "").removeprefix("www.")
    port_text = f":{port}" if port not in (None, 80, 443) else ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port_text}{parts.path.rstrip('/')}{query}"


def documents_targeted(uri: str, urls: present.Urls, lookups: Lookups) -> frozenset[int]:
    """The documents whose annotations target `uri`: their page on history.state.gov, or
    their text here."""
    wanted = normalized_uri(uri)
    return frozenset(
        document_id
        for document_id, slug in lookups.document_slugs.items()
        if wanted
        in (
            normalized_uri(lookups.document_sources[document_id]),
            normalized_uri(urls.document_text(slug)),
        )
    )


URI_QUERY: Any = Query(
    min_length=1,
    max_length=2048,
    description="The annotated page or text: a document on history.state.gov (`https` or "
    "`http`, with or without `www.` or a trailing slash) or its text here "
    "(`/documents/{slug}/text`).",
    examples=["https://history.state.gov/historicaldocuments/frus1945v07/d644"],
)


@router.get(
    "/annotations",
    summary="Find annotations by their target",
    response_model=AnnotationCollection | AnnotationPage,
    response_class=AnnotationResponse,
    responses={200: JSON_LD},
)
@in_worker_thread
def search_annotations(  # FastAPI passes every parameter by name
    *,
    request: Request,
    uri: Annotated[str, URI_QUERY],
    params: ListParams,
    lookups: LookupsDep,
    session: SessionDep,
) -> AnnotationResponse:
    """The annotations whose target is `uri`, as the Hypothesis API's `uri=` finds them: an
    AnnotationCollection (empty when nothing targets it) with its first page embedded, and
    `?page=N` for its pages, as on a document's container."""
    urls = present.Urls(request)
    return _answer(
        request,
        params,
        session=session,
        lookups=lookups,
        document_ids=documents_targeted(uri, urls, lookups),
        label=f"Annotations of {uri.strip()}",
        container=False,
    )


@router.get(
    "/annotations/{position_id}",
    summary="Get an annotation",
    response_model=WebAnnotation,
    response_class=AnnotationResponse,
    responses={200: JSON_LD, **NOT_FOUND},
)
async def get_annotation(
    request: Request, position: PositionDep, lookups: LookupsDep
) -> AnnotationResponse:
    """One position as a JSON-LD Web Annotation: what its IRI names."""
    body = annotation(position, present.Urls(request), lookups, alone=True)
    return protocol.annotation_response(body)
