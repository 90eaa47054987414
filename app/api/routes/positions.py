"""/positions: every position, filtered, sorted and paged, or exported."""

from fastapi import APIRouter, Request, Response

from app.api import present
from app.api.deps import LookupsDep, PositionDep, SessionDep
from app.api.exports import EXPORTS
from app.api.filters import PositionQueryDep
from app.api.pagination import Page
from app.api.responses import positions_response
from app.concurrency import in_worker_thread
from app.problems import NOT_FOUND
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
