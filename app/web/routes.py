"""The reader's routes: thin, as the API's are. Each parses with the API's dependencies (so a
page's 404, alias redirect and 400 are the API's), builds its view, and renders a template.

None is in the OpenAPI document: it describes the API, and these answer HTML to browsers.
`/`, `/issues/{slug}` and `/parties/{slug}` are negotiated (app/web/negotiate.py); the
reader and its assets are pages only."""

from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from app import queries
from app.api import present
from app.api.deps import DocumentDep, IssueDep, LookupsDep, PartyDep, SessionDep
from app.concurrency import in_worker_thread
from app.web import pages
from app.web.looks import parties_css, party_looks
from app.web.negotiate import BrowserRoute
from app.web.reader import ReaderParams, reader_view
from app.web.render import STATIC, STATIC_PATH, page

negotiated = APIRouter(include_in_schema=False, route_class=BrowserRoute)
router = APIRouter(include_in_schema=False)


@negotiated.get("/", name="landing_page")
@in_worker_thread
def landing_page(request: Request, session: SessionDep) -> HTMLResponse:
    """What Parley is, its documents, issues and parties, and the ways into the data."""
    view = pages.landing_view(session=session, urls=present.Urls(request))
    return page(request, "landing.html", **view)


@negotiated.get("/issues/{slug}", name="issue_page")
@in_worker_thread
def issue_page(
    request: Request, issue: IssueDep, lookups: LookupsDep, session: SessionDep
) -> HTMLResponse:
    """An issue's grid: its sub-issues by the parties holding positions on them."""
    view = pages.issue_view(
        session=session, urls=present.Urls(request), lookups=lookups, issue=issue
    )
    return page(request, "issue.html", **view)


@negotiated.get("/parties/{slug}", name="party_page")
@in_worker_thread
def party_page(
    request: Request, party: PartyDep, lookups: LookupsDep, session: SessionDep
) -> HTMLResponse:
    """A party and its positions, issue by issue."""
    view = pages.party_view(
        session=session, urls=present.Urls(request), lookups=lookups, party=party
    )
    return page(request, "party.html", **view)


@router.get("/reader/{slug}", name="reader_page")
@in_worker_thread
def reader_page(  # FastAPI passes every parameter by name
    *,
    request: Request,
    document: DocumentDep,
    params: Annotated[ReaderParams, Query()],
    lookups: LookupsDep,
    session: SessionDep,
) -> HTMLResponse:
    """The document's text, its positions highlighted, narrowed by the filters."""
    view = reader_view(
        session=session,
        urls=present.Urls(request),
        lookups=lookups,
        document=document,
        params=params,
    )
    return page(request, "reader.html", **view)


@router.get("/reader-assets/parties.css", name="party_colours")
@in_worker_thread
def party_colours(session: SessionDep) -> Response:
    """Each party's colour and tint as a CSS class: from the data, so the same everywhere."""
    looks = party_looks(queries.parties(session=session)[0])
    return Response(parties_css(looks), media_type="text/css; charset=utf-8")


def install(app: FastAPI) -> None:
    """Add the pages before the API's routes, so that a browser's request for a shared path
    reaches its page first."""
    app.include_router(negotiated)
    app.include_router(router)
    app.mount(STATIC_PATH, StaticFiles(directory=STATIC), name="reader-static")
