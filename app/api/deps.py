"""Typed dependencies: sessions, parameters, pagination, and slug → row (or 308, or 404)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel
from sqlmodel import Session

from app import queries
from app.api.params import Format, ListParams, PositionParams
from app.db import get_session
from app.models import Document, Issue, Party, Position
from app.problems import FieldError, ProblemError
from app.queries import PageRequest, PositionFilter, SortKey

SessionDep = Annotated[Session, Depends(get_session)]


def get_lookups(session: SessionDep) -> queries.Lookups:
    return queries.lookups(session=session)


LookupsDep = Annotated[queries.Lookups, Depends(get_lookups)]


class AliasRedirect(Exception):
    """A path used an alias: answer 308 with the canonical URL."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(location)


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


async def refuse_unknown_query_parameters(request: Request) -> None:  # no I/O: no thread
    """400 for any query parameter the route does not declare (`?actr=` must not match all)."""
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


def negotiate_format(request: Request, requested: Format | None) -> Format:
    """`?format=` wins; otherwise the Accept header; otherwise JSON."""
    if requested is not None:
        return requested
    accept = request.headers.get("accept", "")
    if "text/csv" in accept:
        return Format.CSV
    if "application/x-ndjson" in accept or "application/ndjson" in accept:
        return Format.NDJSON
    return Format.JSON


def page_request(request: Request, params: ListParams, fmt: Format = Format.JSON) -> PageRequest:
    """Exports (CSV, NDJSON) return every row unless the client asked for a page."""
    if fmt is not Format.JSON and not _explicitly_paged(request):
        return PageRequest(page=1, per_page=None)
    return PageRequest(page=params.page, per_page=params.per_page)


def list_page(request: Request, params: Annotated[ListParams, Query()]) -> PageRequest:
    return page_request(request, params)


PageDep = Annotated[PageRequest, Depends(list_page)]


# -- filters ------------------------------------------------------------------------------------


class _Resolver:
    """Turns filter values into ids, collecting every unknown value before answering 400."""

    def __init__(self, lookups: queries.Lookups) -> None:
        self.lookups = lookups
        self.errors: list[FieldError] = []
        self.suggestions: list[str] = []

    def slugs(self, values: list[str], names: dict[str, str], kind: str, parameter: str):
        """Slugs or aliases → canonical slugs; each unknown one is noted where it was sent."""
        resolved = []
        for value in values:
            canonical = names.get(value.lower())
            if canonical is not None:
                resolved.append(canonical)
                continue
            close = queries.suggestions(names, value)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            self.errors.append(
                FieldError(
                    location=f"query.{parameter}",
                    message=f"unknown {kind} '{value}'{hint}",
                    value=value,
                )
            )
            self.suggestions += [slug for slug in close if slug not in self.suggestions]
        return resolved

    def ids(self, given: dict[str, list[str]], names, ids, kind: str) -> frozenset[int] | None:
        """Ids for the values of a parameter and its synonym, or None if neither was sent."""
        if not any(given.values()):
            return None
        slugs = [
            slug
            for parameter, values in given.items()
            for slug in self.slugs(values, names, kind, parameter)
        ]
        return frozenset(ids[slug] for slug in slugs)

    def raise_if_unknown(self) -> None:
        if not self.errors:
            return
        text = "; ".join(error.message for error in self.errors)
        detail = text[:1].upper() + text[1:] + ("" if text.endswith("?") else ".")
        raise ProblemError(
            400,
            detail,
            kind="unknown-value",
            errors=self.errors,
            suggestions=self.suggestions or None,
        )


def _sort_keys(values: list[str]) -> tuple[SortKey, ...]:
    """Sort keys in order; a key given again is ignored, as it cannot change the order."""
    keys: dict[str, SortKey] = {}
    errors = []
    for value in values:
        name = value.removeprefix("-")
        if name not in queries.SORT_KEYS:
            errors.append(
                FieldError(location="query.sort", message=f"unknown sort key '{name}'", value=value)
            )
        keys.setdefault(name, SortKey(name=name, descending=value.startswith("-")))
    if errors:
        raise ProblemError(
            400,
            f"Unknown sort key; use: {', '.join(queries.SORT_KEYS)}.",
            kind="invalid-parameters",
            errors=errors,
        )
    return tuple(keys.values())


def position_filter(lookups: queries.Lookups, params: PositionParams) -> PositionFilter:
    searches = tuple(words for words in map(queries.search_words, params.q) if words)
    if len(searches) < len(params.q):
        raise ProblemError(
            400,
            "A search `q` has no words to search for.",
            kind="invalid-parameters",
            errors=[
                FieldError(location="query.q", message="no words", value=q)
                for q in params.q
                if not queries.search_words(q)
            ],
        )
    resolve = _Resolver(lookups)
    party_ids = resolve.ids(
        {"party": params.party, "actor": params.actor},
        lookups.party_names,
        lookups.party_ids,
        "party",
    )
    issue_slugs = [
        slug
        for parameter, values in (("issue", params.issue), ("topic", params.topic))
        for slug in resolve.slugs(values, lookups.issue_names, "issue", parameter)
    ]
    document_ids = resolve.ids(
        {"document": params.document}, lookups.document_names, lookups.document_ids, "document"
    )
    resolve.raise_if_unknown()
    return PositionFilter(
        party_ids=party_ids,
        issue_ids=lookups.issue_ids_with_descendants(issue_slugs)
        if params.issue or params.topic
        else None,
        stances=frozenset(stance.value for stance in params.stance) if params.stance else None,
        document_ids=document_ids,
        source_pages=frozenset(params.source_page) if params.source_page else None,
        searches=searches,
        sort=_sort_keys(params.sort),
    )


@dataclass(frozen=True)
class PositionQuery:
    """Everything a positions list needs, resolved from its parameters."""

    filters: PositionFilter
    page: PageRequest
    format: Format


def position_query(
    request: Request, lookups: LookupsDep, params: Annotated[PositionParams, Query()]
) -> PositionQuery:
    fmt = negotiate_format(request, params.format)
    return PositionQuery(
        filters=position_filter(lookups, params),
        page=page_request(request, params, fmt),
        format=fmt,
    )


PositionQueryDep = Annotated[PositionQuery, Depends(position_query)]


# -- slug → row -----------------------------------------------------------------------------------


def _canonical_or_404(request: Request, slug: str, names: dict[str, str], kind: str) -> None:
    """Redirect an alias to its canonical path, or answer 404 with close suggestions."""
    canonical = names.get(slug.lower())
    if canonical is not None and canonical != slug:
        route = request.scope["route"]
        target = request.url_for(route.name, **{**request.path_params, "slug": canonical})
        query = f"?{request.url.query}" if request.url.query else ""
        raise AliasRedirect(f"{target}{query}")
    close = queries.suggestions(names, slug)
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    raise ProblemError(
        404,
        f"There is no {kind} '{slug}'.{hint}",
        kind=f"unknown-{kind}",
        suggestions=close or None,
    )


PartySlug = Annotated[
    str, Path(description="Party slug; an alias redirects (308).", examples=["stalin"])
]
IssueSlug = Annotated[
    str, Path(description="Issue slug; an alias redirects (308).", examples=["port-arthur"])
]
DocumentSlug = Annotated[str, Path(description="Document slug.", examples=["frus1945v07-d644"])]
PositionId = Annotated[str, Path(description="Position id.", examples=["d644-019"])]


def party_dep(request: Request, slug: PartySlug, session: SessionDep) -> Party:
    party = queries.party_by_slug(session=session, slug=slug)
    if party is None:
        _canonical_or_404(request, slug, queries.lookups(session=session).party_names, "party")
    return party


def issue_dep(request: Request, slug: IssueSlug, session: SessionDep) -> Issue:
    issue = queries.issue_by_slug(session=session, slug=slug)
    if issue is None:
        _canonical_or_404(request, slug, queries.lookups(session=session).issue_names, "issue")
    return issue


def document_dep(request: Request, slug: DocumentSlug, session: SessionDep) -> Document:
    document = queries.document_by_slug(session=session, slug=slug)
    if document is None:
        _canonical_or_404(
            request, slug, queries.lookups(session=session).document_names, "document"
        )
    return document


def position_dep(position_id: PositionId, session: SessionDep) -> Position:
    position = queries.position_by_id(session=session, position_id=position_id)
    if position is None:
        ids = {pid: pid for pid in queries.position_ids(session=session)}
        close = queries.suggestions(ids, position_id)
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        raise ProblemError(
            404,
            f"There is no position '{position_id}'.{hint}",
            kind="unknown-position",
            suggestions=close or None,
        )
    return position


PartyDep = Annotated[Party, Depends(party_dep)]
IssueDep = Annotated[Issue, Depends(issue_dep)]
DocumentDep = Annotated[Document, Depends(document_dep)]
PositionDep = Annotated[Position, Depends(position_dep)]
