"""List responses: the JSON page envelope with Link and X-Total-Count headers, or the
same rows as CSV or NDJSON (streamed, see app/api/exports.py)."""

from collections.abc import Sequence

from fastapi import Request, Response
from sqlmodel import Session

from app import queries
from app.api import exports, present
from app.api.filters import PositionQuery
from app.api.params import Format
from app.api.present import Urls
from app.problems import Problem
from app.queries import PageRequest
from app.schemas import ListLinks, Page


def link_header(links: ListLinks) -> str:
    """RFC 8288: every direction that exists."""
    relations = links.model_dump()
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in relations.items() if url)


def paginate(
    response: Response, urls: Urls, page: PageRequest, total: int
) -> tuple[ListLinks, int]:
    links, pages = urls.page_links(page, total)
    response.headers["Link"] = link_header(links)
    response.headers["X-Total-Count"] = str(total)
    return links, pages


def page_of(items: Sequence, response: Response, urls: Urls, page: PageRequest, total: int) -> Page:
    links, pages = paginate(response, urls, page, total)
    return Page(
        items=list(items),
        total=total,
        page=page.page,
        per_page=page.size(total),
        pages=pages,
        links=links,
    )


def positions_response(
    *,
    request: Request,
    response: Response,
    session: Session,
    query: PositionQuery,
    **scope: frozenset[int],
):
    """The one way every positions list answers: the query's filters ANDed with the path's
    scope (e.g. the party of /parties/{slug}/positions), as a JSON page or an export."""
    filters = query.filters.within(**scope)
    urls = Urls(request)
    if query.format is not Format.JSON:
        etag = exports.export_etag(request, query)
        unchanged = exports.not_modified(request, etag)
        if unchanged is not None:
            return unchanged
        total = queries.positions_total(session=session, filters=filters, dataset=query.dataset)
        streamed = exports.stream(
            session=session, query=query, filters=filters, urls=urls, total=total, etag=etag
        )
        paginate(streamed, urls, query.page, total)
        return streamed
    rows, total = queries.positions(
        session=session, filters=filters, page=query.page, dataset=query.dataset
    )
    items = [present.position(row, urls, query.lookups) for row in rows]
    return page_of(items, response, urls, query.page, total)


def _problem(description: str) -> dict:
    return {
        "model": Problem,
        "description": description,
        "content": {"application/problem+json": {}},
    }


# Responses every route can give, documented once for the whole API.
COMMON_RESPONSES: dict[int | str, dict] = {
    304: {"description": "Not modified: the `If-None-Match` ETag still matches."},
    400: _problem(
        "Bad request: an unknown or invalid query parameter, a body on a GET, or a `Host` the "
        "server does not answer for."
    ),
    405: _problem("Method not allowed: the API is read-only (GET, HEAD)."),
    414: _problem("URI too long: the query string is over 4,096 bytes."),
    431: {
        "description": "Request header fields too large: the request line and headers are "
        "over 64 KiB. Refused by the server before the API sees it, so the body is empty."
    },
    500: _problem("Unexpected server error (no stack trace is exposed)."),
}
NOT_FOUND = {404: _problem("Not found, with up to three close suggestions.")}
ALIAS_REDIRECT = {308: {"description": "The slug is an alias: redirect to the canonical URL."}}
EXPORTS = {
    200: {
        "description": "A page of positions, or every matching row as CSV or NDJSON.",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}
