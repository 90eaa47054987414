"""/parties: the parties and the positions each holds."""

from fastapi import APIRouter, Request, Response

from app import queries
from app.api import present
from app.api.deps import PartyDep, PartyScope, SessionDep
from app.api.filters import PartyQueryDep, PositionQueryDep
from app.api.pagination import Page, page_envelope
from app.api.responses import POSITION_LIST_RESPONSES, positions_response
from app.concurrency import in_worker_thread
from app.problems import ALIAS_REDIRECT, NOT_FOUND
from app.schemas import PartyPublic, PositionPublic

router = APIRouter(prefix="/parties", tags=["parties"])


@router.get("", summary="List parties")
@in_worker_thread
def list_parties(
    request: Request, response: Response, query: PartyQueryDep, session: SessionDep
) -> Page[PartyPublic]:
    """People, states, governments, parties, armies and offices, in annotation order; by
    Wikidata id with `wikidata`."""
    urls = present.Urls(request)
    page = query.page
    rows, total = queries.parties(
        session=session, offset=page.offset, limit=page.limit, wikidata_ids=query.wikidata_ids
    )
    items = [present.party(row, urls) for row in rows]
    return page_envelope(items, request, response, page, total)


@router.get("/{slug}", summary="Get a party", responses={**NOT_FOUND, **ALIAS_REDIRECT})
async def get_party(request: Request, party: PartyDep) -> PartyPublic:
    """One party with its aliases and affiliation; an alias redirects to the canonical slug."""
    return present.party(party, present.Urls(request))


@router.get(
    "/{slug}/positions",
    summary="List a party's positions",
    response_model=None,
    responses={**POSITION_LIST_RESPONSES, **NOT_FOUND, **ALIAS_REDIRECT},
)
@in_worker_thread
def list_party_positions(
    request: Request,
    response: Response,
    party_ids: PartyScope,
    query: PositionQueryDep,
    session: SessionDep,
) -> Page[PositionPublic] | Response:
    """The positions this party holds, with every filter of `/positions`."""
    return positions_response(
        request=request, response=response, session=session, query=query, party_ids=party_ids
    )
