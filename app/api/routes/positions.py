"""/positions: every position, filtered, sorted and paged, or exported."""

from fastapi import APIRouter, Request, Response

from app import queries
from app.api import present
from app.api.deps import LookupsDep, PositionDep, SessionDep
from app.api.exports import EXPORTS
from app.api.facets import facet_values
from app.api.filters import FacetQueryDep, PositionQueryDep, PositionViewDep
from app.api.pagination import Page, link
from app.api.responses import position_response, positions_response
from app.concurrency import in_worker, in_worker_thread
from app.problems import NOT_FOUND
from app.schemas import PositionFacets, PositionPublic

router = APIRouter(prefix="/positions", tags=["positions"])


@router.get("", summary="List positions", response_model=Page[PositionPublic], responses=EXPORTS)
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
    "/{position_id}", summary="Get a position", response_model=PositionPublic, responses=NOT_FOUND
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
        return present.position(position, present.Urls(request), lookups)
    return await in_worker(
        position_response,
        request=request,
        row=position,
        view=view,
        lookups=lookups,
        session=session,
    )
