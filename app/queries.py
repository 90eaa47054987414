"""Read functions: keyword-only, typed, always ordered (document order first, id last)."""

import re
from dataclasses import dataclass, field, replace

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    String,
    and_,
    false,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.orm import aliased, joinedload, selectinload
from sqlmodel import Session

from app.models import (
    Dataset,
    Document,
    Issue,
    Party,
    Position,
)

_SQL_INT_MAX = 2**63 - 1

SORT_KEYS = (
    "document",
    "id",
    "party",
    "issue",
    "stance",
    "certainty",
    "source_page",
    "paragraph",
    "relevance",
)


@dataclass(frozen=True)
class PageRequest:
    page: int
    per_page: int | None  # None: every row (exports)

    def size(self, total: int) -> int:
        """Items per page; an unpaged export is one page of everything."""
        return self.per_page if self.per_page is not None else max(total, 1)

    @property
    def offset(self) -> int:
        return 0 if self.per_page is None else (self.page - 1) * self.per_page


@dataclass(frozen=True)
class SortKey:
    name: str
    descending: bool = False


@dataclass(frozen=True)
class PositionFilter:
    """Resolved filters: ids, not slugs. None means no constraint; within a field, OR;
    across fields, AND."""

    party_ids: frozenset[int] | None = None
    issue_ids: frozenset[int] | None = None
    stances: frozenset[str] | None = None
    document_ids: frozenset[int] | None = None
    source_pages: frozenset[int] | None = None
    searches: tuple[tuple[str, ...], ...] = ()  # OR of searches, each an AND of words
    sort: tuple[SortKey, ...] = field(default_factory=tuple)

    def within(self, **scope: frozenset[int]) -> "PositionFilter":
        """AND a path's scope (e.g. the party of /parties/{slug}/positions) with the filters."""
        narrowed = {
            name: ids if getattr(self, name) is None else getattr(self, name) & ids
            for name, ids in scope.items()
        }
        return replace(self, **narrowed)


def dataset_version(*, session: Session) -> str | None:
    return session.scalar(select(Dataset.version).where(Dataset.id == 1))


def counts(*, session: Session) -> dict[str, int]:
    return {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in (
            ("documents", Document),
            ("parties", Party),
            ("issues", Issue),
            ("positions", Position),
        )
    }


# -- slugs and aliases ------------------------------------------------------------------------


def party_by_slug(*, session: Session, slug: str) -> Party | None:
    return session.scalar(
        select(Party)
        .where(Party.slug == slug)
        .options(selectinload(Party.aliases), selectinload(Party.affiliation))
    )


def issue_by_slug(*, session: Session, slug: str) -> Issue | None:
    return session.scalar(
        select(Issue)
        .where(Issue.slug == slug)
        .options(
            selectinload(Issue.aliases),
            selectinload(Issue.children),
            selectinload(Issue.parent),
        )
    )


def document_by_slug(*, session: Session, slug: str) -> Document | None:
    return session.scalar(select(Document).where(Document.slug == slug))


# -- positions ---------------------------------------------------------------------------------


def search_words(q: str) -> tuple[str, ...]:
    """The words of a search; each is quoted for FTS5 so no input is taken as syntax."""
    return tuple(re.findall(r"\w+", q.lower()))


def _search_clause(
    session: Session, searches: tuple[tuple[str, ...], ...]
) -> tuple[ColumnElement[bool], object]:
    """(WHERE clause, relevance subquery) for searches; best match sorts first."""
    if session.get_bind().dialect.name == "sqlite":
        match = " OR ".join(
            "(" + " ".join(f'"{word}"' for word in words) + ")" for words in searches
        )
        fts = (
            text(
                "SELECT position_id, bm25(position_fts) AS rank "
                "FROM position_fts WHERE position_fts MATCH :match"
            )
            .bindparams(match=match)
            .columns(position_id=String, rank=Float)
            .subquery("fts")
        )
        return Position.id.in_(select(fts.c.position_id)), fts
    return or_(
        *(
            and_(
                *(
                    or_(Position.quote.ilike(f"%{word}%"), Position.summary.ilike(f"%{word}%"))
                    for word in words
                )
            )
            for words in searches
        )
    ), None


def _filtered(session: Session, filters: PositionFilter) -> tuple[Select, object]:
    stmt = select(Position)
    if filters.party_ids is not None:
        stmt = stmt.where(Position.party_id.in_(filters.party_ids))
    if filters.issue_ids is not None:
        stmt = stmt.where(Position.issue_id.in_(filters.issue_ids))
    if filters.stances is not None:
        stmt = stmt.where(Position.stance.in_(filters.stances))
    if filters.document_ids is not None:
        stmt = stmt.where(Position.document_id.in_(filters.document_ids))
    if filters.source_pages is not None:
        # Pages start at 1; one beyond SQLite's integer range matches nothing and cannot be bound.
        pages = sorted(page for page in filters.source_pages if 1 <= page <= _SQL_INT_MAX)
        stmt = stmt.where(
            or_(
                false(),
                *(and_(Position.page_start <= page, Position.page_end >= page) for page in pages),
            )
        )
    fts = None
    if filters.searches:
        clause, fts = _search_clause(session, filters.searches)
        stmt = stmt.where(clause)
    return stmt, fts


def _ordered(stmt: Select, filters: PositionFilter, fts) -> Select:
    keys = list(filters.sort)
    if not keys:
        keys = [SortKey("relevance")] if filters.searches else []
        keys.append(SortKey("document"))
    party, issue = aliased(Party), aliased(Issue)
    order: list = []
    for key in keys:
        columns: list
        if key.name == "document":
            columns = [Position.document_id, Position.span_start]
        elif key.name == "relevance":
            if fts is None:  # no ranking available: keep document order
                columns = [Position.document_id, Position.span_start]
            else:
                stmt = stmt.join(fts, fts.c.position_id == Position.id)
                columns = [fts.c.rank]
        elif key.name == "party":
            stmt = stmt.join(party, party.id == Position.party_id)
            columns = [party.slug]
        elif key.name == "issue":
            stmt = stmt.join(issue, issue.id == Position.issue_id)
            columns = [issue.slug]
        elif key.name == "source_page":
            columns = [Position.page_start]
        else:
            columns = [getattr(Position, key.name)]
        order += [column.desc() if key.descending else column.asc() for column in columns]
    return stmt.order_by(*order, Position.id)


def _page(
    session: Session, stmt: Select, page: PageRequest, *, count: Select | None = None
) -> tuple[list, int]:
    """One page of `stmt` and the exact total, counted on `count` (default: `stmt` itself;
    positions count their filters without the joins that only serve the ordering)."""
    total = (
        session.scalar(
            select(func.count()).select_from((stmt if count is None else count).subquery())
        )
        or 0
    )
    if page.offset >= total:  # past the end: nothing to read (and no offset to overflow)
        return [], total
    stmt = stmt.offset(page.offset)
    if page.per_page is not None:
        stmt = stmt.limit(page.per_page)
    return list(session.scalars(stmt)), total


# Every relation a position is shown with is many-to-one: joined into the one SELECT.
_POSITION_RELATIONS = (
    joinedload(Position.party),
    joinedload(Position.issue),
    joinedload(Position.addressee),
    joinedload(Position.document).load_only(Document.slug),
)


def positions(
    *, session: Session, filters: PositionFilter, page: PageRequest
) -> tuple[list[Position], int]:
    """One page of matching positions and the exact total."""
    stmt, fts = _filtered(session, filters)
    ordered = _ordered(stmt, filters, fts).options(*_POSITION_RELATIONS)
    return _page(session, ordered, page, count=stmt)


def position_by_id(*, session: Session, position_id: str) -> Position | None:
    return session.scalar(
        select(Position).where(Position.id == position_id).options(*_POSITION_RELATIONS)
    )


def position_ids(*, session: Session) -> list[str]:
    return list(session.scalars(select(Position.id).order_by(Position.id)))


# -- collections ---------------------------------------------------------------------------------


def parties(*, session: Session, page: PageRequest) -> tuple[list[Party], int]:
    stmt = (
        select(Party)
        .order_by(Party.id)
        .options(selectinload(Party.aliases), selectinload(Party.affiliation))
    )
    return _page(session, stmt, page)


def issues(*, session: Session, page: PageRequest) -> tuple[list[Issue], int]:
    stmt = (
        select(Issue)
        .order_by(Issue.id)
        .options(
            selectinload(Issue.aliases), selectinload(Issue.children), selectinload(Issue.parent)
        )
    )
    return _page(session, stmt, page)


def documents(*, session: Session, page: PageRequest) -> tuple[list[Document], int]:
    return _page(session, select(Document).order_by(Document.id), page)


def parties_on_issues(*, session: Session, issue_ids: frozenset[int]) -> list[Party]:
    """Parties holding positions on these issues, in order of first appearance."""
    first = (
        select(Position.party_id, func.min(Position.span_start).label("first"))
        .where(Position.issue_id.in_(issue_ids))
        .group_by(Position.party_id)
        .subquery()
    )
    stmt = select(Party).join(first, first.c.party_id == Party.id).order_by(first.c.first, Party.id)
    return list(session.scalars(stmt))
