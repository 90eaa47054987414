"""/positions: every position, filtered, sorted and paged, or exported."""

from fastapi import APIRouter, Request, Response

from app import queries
from app.api import dataset as present_dataset
from app.api import present
from app.api.dataset import CITATION_RESPONSES, CitationFormatDep
from app.api.deps import LookupsDep, PositionDep, SessionDep
from app.api.exports import EXPORTS
from app.api.filters import PositionQueryDep
from app.api.pagination import Page
from app.api.responses import positions_response
from app.citation import position_citation
from app.concurrency import in_worker_thread
from app.problems import NOT_FOUND, UNAVAILABLE
from app.schemas import PositionPublic

router = APIRouter(prefix="/positions", tags=["positions"])


@router.get("", summary="List positions", response_model=Page[PositionPublic], responses=EXPORTS)
@in_worker_thread
def list_positions(
    request: Request, response: Response, query: PositionQueryDep, session: SessionDep
) -> Page[PositionPublic] | Response:
    """Every position, filtered by party, issue, stance, document, printed page or search."""
    return positions_response(request=request, response=response, session=session, query=query)


@router.get("/{position_id}", summary="Get a position", responses=NOT_FOUND)
async def get_position(
    request: Request, position: PositionDep, lookups: LookupsDep
) -> PositionPublic:
    """One position with its quote, span, pages, paragraph and attribution chain."""
    return present.position(position, present.Urls(request), lookups)


@router.get(
    "/{position_id}/citation",
    summary="Cite a position",
    response_class=Response,
    responses={**CITATION_RESPONSES, **NOT_FOUND, **UNAVAILABLE},
)
@in_worker_thread
def cite_position(
    request: Request, position: PositionDep, fmt: CitationFormatDep, session: SessionDep
) -> Response:
    """The dataset's citation narrowed to one position: its permanent URL, its quote, and
    the printed page(s) of its source the quote is on (`format`, or `Accept`, as for
    /dataset/citation)."""
    urls = present.Urls(request)
    row = present_dataset.loaded(queries.dataset(session=session))
    (source,) = queries.source_documents(session=session, document_id=position.document_id)
    citation = position_citation(
        present_dataset.cite_dataset(row, [source], urls),
        position_id=position.id,
        url=urls.position(position.id),
        quote=position.quote,
        pages=(position.page_start, position.page_end),
        source=present_dataset.source(source),
    )
    return present_dataset.citation_response(citation, fmt)
