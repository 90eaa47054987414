"""/documents: the source documents and their positions (their Web Annotations are in
app/api/routes/annotations.py)."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse

from app import queries
from app.api import present
from app.api.deps import DocumentDep, DocumentScope, LookupsDep, SessionDep
from app.api.filters import DocumentQueryDep, PositionQueryDep
from app.api.pagination import Page, PageRequestDep, page_envelope
from app.api.responses import POSITION_LIST_RESPONSES, positions_response
from app.concurrency import in_worker_thread
from app.problems import ALIAS_REDIRECT, NOT_FOUND
from app.schemas import (
    ContextSentencePublic,
    DocumentPublic,
    DocumentSummary,
    PositionPublic,
)

router = APIRouter(prefix="/documents", tags=["documents"])


@router.get("", summary="List documents")
@in_worker_thread
def list_documents(
    request: Request, response: Response, query: DocumentQueryDep, session: SessionDep
) -> Page[DocumentSummary]:
    """Source documents with their bibliographic metadata (without the text), by editorial
    date with `date_from` and `date_to`."""
    urls = present.Urls(request)
    page = query.page
    rows, total = queries.documents(
        session=session,
        offset=page.offset,
        limit=page.limit,
        date_from=query.date_from,
        date_to=query.date_to,
    )
    items = [present.document_summary(row, urls) for row in rows]
    return page_envelope(items, request, response, page, total)


@router.get("/{slug}", summary="Get a document", responses={**NOT_FOUND, **ALIAS_REDIRECT})
async def get_document(request: Request, document: DocumentDep) -> DocumentPublic:
    """Metadata, the clean text, the printed page breaks and the paragraph spans."""
    return present.document(document, present.Urls(request))


@router.get(
    "/{slug}/text",
    summary="Get a document's clean text",
    response_class=PlainTextResponse,
    responses={
        200: {
            "content": {"text/plain": {"example": "Moscow Embassy Files—710 Sino-Soviet …"}},
            "description": "The clean text, UTF-8: every span counts its code points.",
        },
        **NOT_FOUND,
        **ALIAS_REDIRECT,
    },
)
async def get_document_text(document: DocumentDep) -> PlainTextResponse:
    """The document's clean text as plain text (the received text without its `[Page N]`
    markers): what every span, and each Web Annotation's TextPositionSelector, counts in."""
    return PlainTextResponse(document.text)


@router.get(
    "/{slug}/positions",
    summary="List a document's positions",
    response_model=None,
    responses={**POSITION_LIST_RESPONSES, **NOT_FOUND, **ALIAS_REDIRECT},
)
@in_worker_thread
def list_document_positions(
    request: Request,
    response: Response,
    document_ids: DocumentScope,
    query: PositionQueryDep,
    session: SessionDep,
) -> Page[PositionPublic] | Response:
    """The positions in this document, in document order unless sorted otherwise."""
    return positions_response(
        request=request,
        response=response,
        session=session,
        query=query,
        document_ids=document_ids,
    )


@router.get(
    "/{slug}/context",
    summary="List a document's context sentences",
    responses={**NOT_FOUND, **ALIAS_REDIRECT},
)
@in_worker_thread
def list_document_context(  # FastAPI passes every parameter by name
    *,
    request: Request,
    response: Response,
    document_ids: DocumentScope,
    page: PageRequestDep,
    lookups: LookupsDep,
    session: SessionDep,
) -> Page[ContextSentencePublic]:
    """The body sentences that carry no position, in document order, each with its span,
    printed pages, paragraph, the reason it is context and the issues it bears on: with the
    positions' quotes they account for every sentence of the document."""
    urls = present.Urls(request)
    rows, total = queries.context_sentences(
        session=session, document_ids=document_ids, offset=page.offset, limit=page.limit
    )
    items = [present.context_sentence(row, urls, lookups) for row in rows]
    return page_envelope(items, request, response, page, total)
