"""List responses: the JSON page envelope with Link and X-Total-Count headers, or the
same rows as CSV or NDJSON."""

import csv
import io
import json
from collections.abc import Sequence

from fastapi import Request, Response
from sqlmodel import Session

from app import queries
from app.api import present
from app.api.filters import PositionQuery
from app.api.params import Format
from app.api.present import Urls
from app.problems import Problem
from app.queries import PageRequest
from app.schemas import ListLinks, Page, PositionPublic

CSV_COLUMNS = (
    "id", "document", "party_slug", "party_name", "issue_slug", "issue_name", "stance", "verb",
    "summary", "quote", "span_start", "span_end", "pages", "paragraph", "certainty",
    "addressee_slug", "addressee_name", "responds_to", "attribution", "editorial_note", "url",
)  # fmt: skip


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


def csv_row(position: PositionPublic) -> dict[str, object]:
    """A position flattened for CSV: party and issue as slug and name columns."""
    return {
        "id": position.id,
        "document": position.document,
        "party_slug": position.party.slug,
        "party_name": position.party.name,
        "issue_slug": position.issue.slug,
        "issue_name": position.issue.name,
        "stance": position.stance.value,
        "verb": position.verb or "",
        "summary": position.summary,
        "quote": position.quote,
        "span_start": position.span.start,
        "span_end": position.span.end,
        "pages": ";".join(str(page) for page in position.pages),
        "paragraph": position.paragraph,
        "certainty": position.certainty.value,
        "addressee_slug": position.addressee.slug if position.addressee else "",
        "addressee_name": position.addressee.name if position.addressee else "",
        "responds_to": position.responds_to or "",
        "attribution": json.dumps(
            [link.model_dump() for link in position.attribution], ensure_ascii=False
        ),
        "editorial_note": position.editorial_note or "",
        "url": position.url,
    }


def export(
    positions: list[PositionPublic], fmt: Format, urls: Urls, page: PageRequest, total: int
) -> Response:
    """CSV or NDJSON of the given positions, with the list headers."""
    if fmt is Format.CSV:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(csv_row(position) for position in positions)
        response = Response(
            buffer.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'inline; filename="positions.csv"'},
        )
    else:
        body = "".join(position.model_dump_json() + "\n" for position in positions)
        response = Response(body, media_type="application/x-ndjson")
    paginate(response, urls, page, total)
    return response


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
    rows, total = queries.positions(session=session, filters=filters, page=query.page)
    urls = Urls(request)
    items = [present.position(row, urls) for row in rows]
    if query.format is not Format.JSON:
        return export(items, query.format, urls, query.page, total)
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
        "Bad request: an unknown or invalid query parameter, or a `Host` the server does not "
        "answer for."
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
