"""The one way every positions list answers: a JSON page in the envelope, or the same rows
as CSV or NDJSON (streamed, see app/api/exports.py)."""

from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlmodel import Session

from app import queries
from app.api import exports, present, views
from app.api.exports import Format
from app.api.facets import facet_values
from app.api.filters import PositionQuery
from app.api.pagination import Page, page_envelope, send_page_headers
from app.api.views import View
from app.lookups import Lookups
from app.problems import FieldError, ProblemError
from app.queries import PositionRow
from app.schemas import PositionPublic, PositionView

# The documented answers of a positions list and of one position. They are declared here,
# not as the routes' response_model: FastAPI would validate each answer against the union and
# could take a whole position for a sparse one, dropping its keys. A plain answer is a
# PositionPublic; with `fields` or `include`, a PositionView.
POSITION_LIST_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {**exports.EXPORTS[200], "model": Page[PositionPublic] | Page[PositionView]}
}
POSITION_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The position; with `fields` or `include`, as they shape it.",
        "model": PositionPublic | PositionView,
    }
}


def refuse_unknown_ids(
    session: Session, ids: tuple[str, ...], dataset: tuple[str, str] | None
) -> None:
    """A 400 listing every asked-for id that names no position. A problem, not a `missing`
    key: ids are fixed (hard-coded by clients), so an unknown one is a mistake to fix, and a
    problem says so alike in JSON, CSV and NDJSON, as for an unknown slug in any filter."""
    missing = queries.missing_position_ids(session=session, ids=ids, dataset=dataset)
    if missing:
        listed = ", ".join(f"'{position_id}'" for position_id in missing)
        raise ProblemError(
            400,
            f"Unknown position id {listed}.",
            kind="unknown-value",
            errors=[
                FieldError(location="query.id", message="unknown position", value=position_id)
                for position_id in missing
            ],
        )


def position_response(
    *, request: Request, row: PositionRow, view: View, lookups: Lookups, session: Session
) -> PositionPublic | Response:
    """One position, as `view` shows it (the expanded references read in one statement per
    kind)."""
    urls = present.Urls(request)
    if view.plain:
        return serialized(present.position(row, urls, lookups))
    (shown,) = views.shown(session=session, rows=[row], view=view, urls=urls, lookups=lookups)
    return JSONResponse(shown)


def serialized(model: BaseModel, response: Response | None = None) -> Response:
    """A model as its JSON body, by pydantic-core. The routes that answer positions declare no
    response_model (see POSITION_LIST_RESPONSES), and FastAPI would otherwise serialise the
    model through jsonable_encoder, a third of a positions page's time; the headers the route
    set (Link, X-Total-Count) come along."""
    headers = {} if response is None else dict(response.headers)
    headers.pop("content-length", None)  # the body's own is computed
    return Response(
        model.model_dump_json().encode(), media_type="application/json", headers=headers
    )


def positions_response(
    *,
    request: Request,
    response: Response,
    session: Session,
    query: PositionQuery,
    **scope: frozenset[int],
) -> Page[PositionPublic] | Response:
    """The query's filters ANDed with the path's scope (e.g. the party of
    /parties/{slug}/positions), as a JSON page or an export."""
    filters = query.filters.within(**scope)
    urls = present.Urls(request)
    page = query.page
    if filters.ids is not None:
        refuse_unknown_ids(session, filters.ids, query.dataset)
    if query.format is not Format.JSON:
        etag = exports.export_etag(request, query.format, query.dataset)
        unchanged = exports.not_modified(request, etag)
        if unchanged is not None:
            return unchanged
        total = queries.positions_total(session=session, filters=filters, dataset=query.dataset)
        streamed = exports.stream(
            session=session,
            fmt=query.format,
            filters=filters,
            page=page,
            urls=urls,
            lookups=query.lookups,
            total=total,
            etag=etag,
            filename=exports.file_name(request, query.format),
            bom=query.bom,
            view=query.view,
        )
        send_page_headers(request, streamed, page, total)
        return streamed
    rows, total = queries.positions(
        session=session,
        filters=filters,
        offset=page.offset,
        limit=page.limit,
        dataset=query.dataset,
    )
    if query.view.plain and not query.facets:
        items = [present.position(row, urls, query.lookups) for row in rows]
        return serialized(page_envelope(items, request, response, page, total), response)
    # Another shape than PositionPublic's, or more keys than the envelope's: a plain body.
    shown = views.shown(
        session=session, rows=rows, view=query.view, urls=urls, lookups=query.lookups
    )
    body = page_envelope(shown, request, response, page, total).model_dump(mode="json")
    if query.facets:
        counted = facet_values(
            request=request,
            session=session,
            filters=filters,
            names=query.facets,
            lookups=query.lookups,
        )
        body["facets"] = {
            name: [value.model_dump() for value in values] for name, values in counted.items()
        }
    return JSONResponse(body, headers=dict(response.headers))
