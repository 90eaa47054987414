"""Typed dependencies: sessions, parameters, pagination, and slug → row (or 308, or 404)."""

from typing import Annotated, NoReturn

from fastapi import Depends, Path, Query, Request
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel
from sqlmodel import Session

from app import queries
from app.api.params import SLUG, Format, ListParams
from app.db import get_session
from app.lookups import Lookups, did_you_mean, lookups, suggestions
from app.models import Document, Issue, Party
from app.problems import FieldError, ProblemError
from app.queries import PageRequest, PositionRow

SessionDep = Annotated[Session, Depends(get_session)]


def get_lookups(session: SessionDep) -> Lookups:
    return lookups(session=session)


LookupsDep = Annotated[Lookups, Depends(get_lookups)]


# -- unknown parameters -----------------------------------------------------------------------


_declared: dict[int, frozenset[str]] = {}  # id(route's dependant) → its query names


def _declared_query_names(dependant: Dependant) -> frozenset[str]:
    if id(dependant) in _declared:
        return _declared[id(dependant)]
    names: set[str] = set()
    stack = [dependant]
    while stack:
        current = stack.pop()
        for param in current.query_params:
            annotation = param.field_info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                names |= {f.alias or name for name, f in annotation.model_fields.items()}
            else:
                names.add(param.alias)
        stack.extend(current.dependencies)
    _declared[id(dependant)] = frozenset(names)
    return _declared[id(dependant)]


MAX_QUERY_BYTES = 4096  # far above any real query; keeps Link headers and work bounded


async def refuse_unknown_query_parameters(request: Request) -> None:  # no I/O: no thread
    """400 for any query parameter the route does not declare (`?actr=` must not match all),
    and 414 for a query string too long to echo back in Link headers."""
    if len(request.scope.get("query_string", b"")) > MAX_QUERY_BYTES:
        raise ProblemError(
            414, f"The query string is longer than {MAX_QUERY_BYTES} bytes.", kind="uri-too-long"
        )
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    allowed = _declared_query_names(dependant)
    unknown = [name for name in dict.fromkeys(request.query_params.keys()) if name not in allowed]
    if unknown:
        listed = ", ".join(f"'{name}'" for name in unknown)
        known = ", ".join(sorted(allowed)) or "none"
        raise ProblemError(
            400,
            f"Unknown query parameter {listed}. This endpoint accepts: {known}.",
            kind="unknown-parameter",
            errors=[
                FieldError(
                    location=f"query.{name}",
                    message="unknown parameter",
                    value=request.query_params.get(name),
                )
                for name in unknown
            ],
        )


# -- pagination and format ------------------------------------------------------------------------


def _explicitly_paged(request: Request) -> bool:
    return "page" in request.query_params or "per_page" in request.query_params


_ACCEPTABLE = {
    "application/json": Format.JSON,
    "text/csv": Format.CSV,
    "application/x-ndjson": Format.NDJSON,
    "application/ndjson": Format.NDJSON,
}


def _quality(params: str) -> float:
    """The q of an Accept entry's parameters ("q=0.5; level=1" → 0.5); 1 if absent, 0 if bad."""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def negotiate_format(request: Request, requested: Format | None) -> Format:
    """`?format=` wins; otherwise the Accept type with the highest q. JSON on a tie, when
    nothing acceptable is named, and for wildcards."""
    if requested is not None:
        return requested
    offers: dict[Format, float] = {}
    for entry in request.headers.get("accept", "").split(","):
        media_type, _, params = entry.partition(";")
        fmt = _ACCEPTABLE.get(media_type.strip().lower())
        if fmt is not None:
            offers[fmt] = max(offers.get(fmt, 0.0), _quality(params))
    best = max(offers.values(), default=0.0)
    if best <= 0 or offers.get(Format.JSON) == best:
        return Format.JSON
    return next(fmt for fmt, quality in offers.items() if quality == best)


def page_request(request: Request, params: ListParams, fmt: Format = Format.JSON) -> PageRequest:
    """Exports (CSV, NDJSON) return every row unless the client asked for a page."""
    if fmt is not Format.JSON and not _explicitly_paged(request):
        return PageRequest(page=1, per_page=None)
    return PageRequest(page=params.page, per_page=params.per_page)


async def list_page(request: Request, params: Annotated[ListParams, Query()]) -> PageRequest:
    # `async` here and below: no I/O, so no hop to a worker thread (each costs more than this)
    return page_request(request, params)


PageDep = Annotated[PageRequest, Depends(list_page)]


# -- slug → row -----------------------------------------------------------------------------------


ALIAS_LOCATION = "parley.alias_location"  # scope key: see app.http.AliasRedirects


def _canonical_or_404(request: Request, slug: str, names: dict[str, str], kind: str) -> str:
    """The canonical slug of an alias, or a 404 with close suggestions.

    An alias is answered 308 with the canonical URL, but only once the whole request has
    proved valid (app.http.AliasRedirects): raising here would skip validating the rest, and
    redirect a request whose query can only get a 400 at the canonical URL."""
    canonical = names.get(slug.lower())
    if canonical is None or canonical == slug:
        _not_found(kind, slug, names)
    route = request.scope["route"]
    target = request.url_for(route.name, **{**request.path_params, "slug": canonical})
    query = f"?{request.url.query}" if request.url.query else ""
    request.scope[ALIAS_LOCATION] = f"{target}{query}"
    return canonical


def _not_found(kind: str, wanted: str, names: dict[str, str]) -> NoReturn:
    close = suggestions(names, wanted)
    hint = did_you_mean(close)
    hint = hint[:1].upper() + hint[1:]
    raise ProblemError(
        404,
        f"There is no {kind} '{wanted}'." + (f" {hint}" if hint else ""),
        kind=f"unknown-{kind}",
        suggestions=close or None,
    )


# What a slug looks like (the loader allows no other), in any case since aliases redirect; the
# schema says so, and anything else is simply not found (404 with suggestions), not refused.
SLUG_SCHEMA = {"pattern": rf"^{SLUG}$", "maxLength": 64}
POSITION_ID_SCHEMA = {"pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "maxLength": 32}

PartySlug = Annotated[
    str,
    Path(
        description="Party slug; an alias redirects (308).",
        examples=["stalin"],
        json_schema_extra=SLUG_SCHEMA,
    ),
]
IssueSlug = Annotated[
    str,
    Path(
        description="Issue slug; an alias redirects (308).",
        examples=["port-arthur"],
        json_schema_extra=SLUG_SCHEMA,
    ),
]
DocumentSlug = Annotated[
    str,
    Path(
        description="Document slug.", examples=["frus1945v07-d644"], json_schema_extra=SLUG_SCHEMA
    ),
]
PositionId = Annotated[
    str,
    Path(description="Position id.", examples=["d644-019"], json_schema_extra=POSITION_ID_SCHEMA),
]


def party_dep(request: Request, slug: PartySlug, session: SessionDep) -> Party:
    party = queries.party_by_slug(session=session, slug=slug)
    if party is None:
        canonical = _canonical_or_404(request, slug, lookups(session=session).party_names, "party")
        party = queries.party_by_slug(session=session, slug=canonical)
    return party


def issue_dep(request: Request, slug: IssueSlug, session: SessionDep) -> Issue:
    issue = queries.issue_by_slug(session=session, slug=slug)
    if issue is None:
        canonical = _canonical_or_404(request, slug, lookups(session=session).issue_names, "issue")
        issue = queries.issue_by_slug(session=session, slug=canonical)
    return issue


def document_dep(request: Request, slug: DocumentSlug, session: SessionDep) -> Document:
    document = queries.document_by_slug(session=session, slug=slug)
    if document is None:
        names = lookups(session=session).document_names
        canonical = _canonical_or_404(request, slug, names, "document")
        document = queries.document_by_slug(session=session, slug=canonical)
    return document


def position_dep(position_id: PositionId, session: SessionDep) -> PositionRow:
    position = queries.position_by_id(session=session, position_id=position_id)
    if position is None:
        ids = {pid: pid for pid in queries.position_ids(session=session)}
        _not_found("position", position_id, ids)
    return position


def _scope_id(
    request: Request, slug: str, names: dict[str, str], ids: dict[str, int], kind: str
) -> int:
    """A path's slug → its row's id from the cached lookups, with no query of its own (or the
    same 308 or 404 as the route that loads the row)."""
    found = ids.get(slug)
    if found is None:
        found = ids[_canonical_or_404(request, slug, names, kind)]
    return found


async def party_scope(request: Request, slug: PartySlug, lookups: LookupsDep) -> frozenset[int]:
    return frozenset({_scope_id(request, slug, lookups.party_names, lookups.party_ids, "party")})


async def issue_scope(request: Request, slug: IssueSlug, lookups: LookupsDep) -> frozenset[int]:
    """The issue and its sub-issues: an issue's positions include theirs."""
    if slug not in lookups.issue_ids:
        slug = _canonical_or_404(request, slug, lookups.issue_names, "issue")
    return lookups.issue_ids_with_descendants([slug])


async def document_scope(request: Request, slug: DocumentSlug, lookups: LookupsDep) -> frozenset[int]:
    return frozenset(
        {_scope_id(request, slug, lookups.document_names, lookups.document_ids, "document")}
    )


# The ids a path like /issues/{slug}/positions narrows a list to.
PartyScope = Annotated[frozenset[int], Depends(party_scope)]
IssueScope = Annotated[frozenset[int], Depends(issue_scope)]
DocumentScope = Annotated[frozenset[int], Depends(document_scope)]

PartyDep = Annotated[Party, Depends(party_dep)]
IssueDep = Annotated[Issue, Depends(issue_dep)]
DocumentDep = Annotated[Document, Depends(document_dep)]
PositionDep = Annotated[PositionRow, Depends(position_dep)]
