"""Typed dependencies: the session, the cached lookups, and slug → row or ids (or 308, or
404). Paging is in app/api/pagination.py, format negotiation in app/api/exports.py, the
unknown-parameter guard in app/http.py."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Generic, Protocol, TypeVar

from fastapi import Depends, Path, Request
from sqlmodel import Session

from app import queries
from app.api.params import SLUG
from app.concurrency import in_worker, in_worker_thread
from app.db import get_session, served_file_identity
from app.lookups import Lookups, ambiguity, known_for_file, lookups, remember_for_file
from app.models import Document, Issue, Party
from app.problems import ProblemError, canonical_or_404, not_found
from app.queries import PositionRow

SessionDep = Annotated[Session, Depends(get_session)]


async def get_lookups(session: SessionDep) -> Lookups:
    """The lookups of the dataset being read. For the served SQLite file they are kept by the
    file's identity, which a load always changes (it swaps in a new file): then a request
    that needs them costs one `stat`, no query and no worker thread. Otherwise (a server
    database, a session on another database) they are checked by the dataset version, which
    takes a query, in a worker thread."""
    identity = served_file_identity(session)
    found = known_for_file(identity) if identity is not None else None
    if found is None:
        found = await in_worker(lookups, session=session)
        if identity is not None:
            remember_for_file(identity, found)
    return found


LookupsDep = Annotated[Lookups, Depends(get_lookups)]


# -- slug → row -----------------------------------------------------------------------------------


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


RowT_co = TypeVar("RowT_co", covariant=True)


class _FindBySlug(Protocol[RowT_co]):
    def __call__(self, *, session: Session, slug: str) -> RowT_co | None: ...


@dataclass(frozen=True)
class _Slugged(Generic[RowT_co]):
    """One kind of row a path names by slug: its query, and where its slugs and aliases are."""

    kind: str
    find: _FindBySlug[RowT_co]
    names: Callable[[Lookups], dict[str, str]]

    def row(self, request: Request, slug: str, session: Session) -> RowT_co:
        """The row of `slug`, or of the canonical slug it is an alias of (answered 308 once
        the request is valid), or a 404. The lookups are read only for a slug that is not
        canonical."""
        row = self.find(session=session, slug=slug)
        if row is None:
            known = lookups(session=session)
            names = self.names(known)
            shared = ambiguity(known, slug) if self.kind == "party" else None
            if shared is not None:  # a title two parties share: say whom it could mean
                message, slugs = shared
                raise ProblemError(
                    404, message[:1].upper() + message[1:] + ".", kind="unknown-party",
                    suggestions=slugs,
                )  # fmt: skip
            row = self.find(session=session, slug=canonical_or_404(request, slug, names, self.kind))
            if row is None:  # the lookups named a row that this session cannot read
                not_found(self.kind, slug, names)
        return row


_PARTIES = _Slugged("party", queries.party_by_slug, lambda known: known.party_names)
_ISSUES = _Slugged("issue", queries.issue_by_slug, lambda known: known.issue_names)
_DOCUMENTS = _Slugged("document", queries.document_by_slug, lambda known: known.document_names)


@in_worker_thread
def party_dep(request: Request, slug: PartySlug, session: SessionDep) -> Party:
    return _PARTIES.row(request, slug, session)


@in_worker_thread
def issue_dep(request: Request, slug: IssueSlug, session: SessionDep) -> Issue:
    return _ISSUES.row(request, slug, session)


@in_worker_thread
def document_dep(request: Request, slug: DocumentSlug, session: SessionDep) -> Document:
    return _DOCUMENTS.row(request, slug, session)


@in_worker_thread
def position_dep(position_id: PositionId, session: SessionDep) -> PositionRow:
    position = queries.position_by_id(session=session, position_id=position_id)
    if position is None:
        ids = {pid: pid for pid in queries.position_ids(session=session)}
        not_found("position", position_id, ids)
    return position


def _scope_id(
    request: Request, slug: str, names: dict[str, str], ids: dict[str, int], kind: str
) -> int:
    """A path's slug → its row's id from the cached lookups, with no query of its own (or the
    same 308 or 404 as the route that loads the row)."""
    found = ids.get(slug)
    if found is None:
        found = ids[canonical_or_404(request, slug, names, kind)]
    return found


async def party_scope(request: Request, slug: PartySlug, lookups: LookupsDep) -> frozenset[int]:
    return frozenset({_scope_id(request, slug, lookups.party_names, lookups.party_ids, "party")})


async def issue_slug(request: Request, slug: IssueSlug, lookups: LookupsDep) -> str:
    """The issue's canonical slug, from the cached lookups (or the 308 or 404)."""
    if slug not in lookups.issue_ids:
        slug = canonical_or_404(request, slug, lookups.issue_names, "issue")
    return slug


CanonicalIssueSlug = Annotated[str, Depends(issue_slug)]


async def issue_scope(slug: CanonicalIssueSlug, lookups: LookupsDep) -> frozenset[int]:
    """The issue and its sub-issues: an issue's positions include theirs."""
    return lookups.issue_ids_with_descendants([slug])


async def document_scope(
    request: Request, slug: DocumentSlug, lookups: LookupsDep
) -> frozenset[int]:
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
