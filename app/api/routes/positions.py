"""/positions: every position, filtered, sorted and paged, or exported."""

from fastapi import APIRouter, Request, Response

from app import queries
from app.api import dataset as present_dataset
from app.api import present
from app.api.dataset import CITATION_RESPONSES, CitationFormatDep
from app.api.deps import LookupsDep, PositionDep, SessionDep
from app.api.facets import facet_values
from app.api.filters import FacetQueryDep, PositionQueryDep, PositionViewDep
from app.api.pagination import Page, link
from app.api.responses import (
    POSITION_LIST_RESPONSES,
    POSITION_RESPONSES,
    position_response,
    positions_response,
    serialized,
)
from app.citation import position_citation
from app.concurrency import in_worker, in_worker_thread
from app.problems import NOT_FOUND, UNAVAILABLE
from app.schemas import PositionFacets, PositionPublic

router = APIRouter(prefix="/positions", tags=["positions"])


@router.get(
    "",
    summary="List positions",
    response_model=None,
    responses=POSITION_LIST_RESPONSES,
)
@in_worker_thread
def list_positions(
    request: Request, response: Response, query: PositionQueryDep, session: SessionDep
) -> Page[PositionPublic] | Response:
    """Every position, filtered by party, issue, stance, document, printed page or search."""
    return positions_response(request=request, response=response, session=session, query=query)


@router.get("/facets", summary="Count positions by facet")
@in_worker_thread
def position_facets(
    request: Request, response: Response, query: FacetQueryDep, session: SessionDep
) -> PositionFacets:
    """The facets of the filtered positions, without the positions: for each of `facet`
    (every facet if none is named), its values, their counts over the whole filtered set and
    the URL applying each as a filter. Takes every filter of `/positions`."""
    total = queries.positions_total(session=session, filters=query.filters, dataset=query.dataset)
    response.headers["X-Total-Count"] = str(total)
    counted = facet_values(
        request=request,
        session=session,
        filters=query.filters,
        names=query.facets,
        lookups=query.lookups,
    )
    positions_url = link(
        request.url.replace(path=request.url.path.removesuffix("/facets")), facet=None
    )
    return PositionFacets(total=total, facets=counted, positions_url=positions_url)


@router.get(
    "/{position_id}",
    summary="Get a position",
    response_model=None,
    responses={**POSITION_RESPONSES, **NOT_FOUND},
)
async def get_position(  # FastAPI passes every parameter by name
    *,
    request: Request,
    position: PositionDep,
    view: PositionViewDep,
    lookups: LookupsDep,
    session: SessionDep,
) -> PositionPublic | Response:
    """One position with its quote, span, pages, paragraph and attribution chain; `include`
    expands its references, `fields` keeps only some keys."""
    if view.plain:  # no query to make: answered on the event loop
        return serialized(present.position(position, present.Urls(request), lookups))
    return await in_worker(
        position_response,
        request=request,
        row=position,
        view=view,
        lookups=lookups,
        session=session,
    )


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
