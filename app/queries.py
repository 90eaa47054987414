"""Read functions: keyword-only, typed, always ordered (document order first, id last)."""

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import aliased, selectinload
from sqlmodel import Session, col

from app import anchors, position_sql, totals
from app.models import (
    ContextSentence,
    Dataset,
    Document,
    Issue,
    Party,
    Position,
    PositionResponse,
    relation,
    table_of,
)
from app.position_sql import AnySelect

RowT = TypeVar("RowT")

SORT_KEYS = (
    "document",
    "id",
    "party",
    "issue",
    "stance",
    "evidence",
    "mode",
    "source_page",
    "paragraph",
    "relevance",
    "scale_point",
)


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
    scale_points: frozenset[int] | None = None
    addressee_ids: frozenset[int] | None = None
    reporter_ids: frozenset[int] | None = None  # any party of the attribution chain
    evidences: frozenset[str] | None = None
    modes: frozenset[str] | None = None
    paragraphs: frozenset[int] | None = None
    date_from: date | None = None  # the document's editorial date, inclusive
    date_to: date | None = None
    ids: tuple[str, ...] | None = None  # in the order asked for: the default list order
    searches: tuple[tuple[str, ...], ...] = ()  # OR of searches, each an AND of words
    sort: tuple[SortKey, ...] = field(default_factory=tuple)

    def within(self, **scope: frozenset[int]) -> "PositionFilter":
        """AND a path's scope (e.g. the party of /parties/{slug}/positions) with the filters."""
        # Any: a scope names only id fields (frozenset[int]), which replace() checks by name.
        narrowed: dict[str, Any] = {
            name: ids if getattr(self, name) is None else getattr(self, name) & ids
            for name, ids in scope.items()
        }
        return replace(self, **narrowed)


def dataset_version(*, session: Session) -> str | None:
    return session.scalar(select(col(Dataset.version)).where(col(Dataset.id) == 1))


def dataset_versions(*, session: Session) -> tuple[str, str] | None:
    """(dataset version, loader version) of the loaded dataset, or None."""
    row = session.execute(
        select(col(Dataset.version), col(Dataset.loader_sha256)).where(col(Dataset.id) == 1)
    ).first()
    return None if row is None else (row[0], row[1])


def dataset(*, session: Session) -> Dataset | None:
    return session.get(Dataset, 1)


def source_documents(*, session: Session, document_id: int | None = None) -> list[Row[Any]]:
    """The bibliographic fields of the documents a citation cites (all, or one), in document
    order; never their text."""
    stmt = select(
        col(Document.slug), col(Document.title), col(Document.series), col(Document.volume),
        col(Document.number), col(Document.first_page), col(Document.last_page),
        col(Document.citation), col(Document.url), col(Document.editorial_date),
    )  # fmt: skip
    if document_id is not None:
        stmt = stmt.where(col(Document.id) == document_id)
    return list(session.execute(stmt.order_by(col(Document.id))))


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


def _storable(key: str) -> bool:
    """Whether a key from a request could be stored at all: PostgreSQL text cannot hold NUL
    (binding one is an error), and none was loaded on SQLite either, so it finds nothing."""
    return "\x00" not in key


def party_by_slug(*, session: Session, slug: str) -> Party | None:
    if not _storable(slug):
        return None
    return session.scalar(
        select(Party)
        .where(col(Party.slug) == slug)
        .options(selectinload(relation(Party.aliases)), selectinload(relation(Party.affiliation)))
    )


def issue_by_slug(*, session: Session, slug: str) -> Issue | None:
    if not _storable(slug):
        return None
    return session.scalar(
        select(Issue)
        .where(col(Issue.slug) == slug)
        .options(
            selectinload(relation(Issue.aliases)),
            selectinload(relation(Issue.children)),
            selectinload(relation(Issue.parent)),
        )
    )


def document_by_slug(*, session: Session, slug: str) -> Document | None:
    if not _storable(slug):
        return None
    return session.scalar(select(Document).where(col(Document.slug) == slug))


# -- positions ---------------------------------------------------------------------------------


def search_words(q: str) -> tuple[str, ...]:
    """The words of a search: runs of letters and digits, as both engines' full-text indexes
    cut the text (`_` and every other character separate words), so no input is taken as
    syntax and `_` or `%` is no word at all."""
    return tuple(re.findall(r"[^\W_]+", q.lower()))


def _count(session: Session, stmt: AnySelect) -> int:
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def _rows_and_total(
    session: Session, stmt: Select[RowT], offset: int, limit: int | None
) -> tuple[list[RowT], int]:
    """`limit` rows of `stmt` from `offset` (all, if None), and the exact total (for the short
    lists: parties, issues, documents)."""
    total = _count(session, stmt)
    if offset >= total:  # past the end: nothing to read (and no offset to overflow)
        return [], total
    stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt)), total


# A position is read as a plain row of its table's columns, never as an ORM object: the
# parties, issue and document it refers to are shown from the cached lookups, so a page needs
# no join, no identity map and no per-row instance (together most of a cache miss's time).
# The ids it responds to come in the same row, space-separated (ids have no spaces), from
# the primary key of `position_response`: one index seek per row, no second statement.
RESPONDS_TO = (
    select(func.aggregate_strings(col(PositionResponse.responds_to_id), " "))
    .where(col(PositionResponse.position_id) == col(Position.id))
    .scalar_subquery()
    .label("responds_to")
)
POSITION_COLUMNS = (*table_of(Position).columns, RESPONDS_TO)
PositionRow = Row[Any]


def positions_statement(
    *,
    session: Session,
    filters: PositionFilter,
    offset: int = 0,
    limit: int | None = None,
    dataset: tuple[str, str] | None = None,
) -> AnySelect:
    """The SELECT of one page of position rows, in order: the page's ids are chosen from
    indexes alone, then only those rows are read. With the dataset
    version, a deep page seeks from the nearest remembered anchor (app/anchors.py) instead
    of skipping every row before it.

    An export (no limit) is one ordered SELECT instead, read as it streams: in an
    index's order its first row comes at once, where the two-step form would first sort
    every row it returns."""
    stmt, fts = position_sql.filtered(session, filters)
    stmt, ordering = position_sql.ordered(stmt, filters, fts)
    in_order = [expr.desc() if desc else expr.asc() for expr, desc in ordering.columns]
    if limit is None:
        return stmt.with_only_columns(*POSITION_COLUMNS).order_by(*in_order)
    if dataset is not None and offset >= anchors.EVERY and anchors.anchorable(ordering.columns):
        keys = stmt.with_only_columns(*(expr for expr, _ in ordering.columns)).order_by(*in_order)
        found = anchors.nearest(
            session=session,
            dataset=dataset,
            cache_key=filters,
            keyed=keys,
            columns=ordering.columns,
            offset=offset,
        )
        if found is not None:
            key, at = found
            stmt, offset = stmt.where(anchors.after(ordering.columns, key)), offset - at - 1
    ids = position_sql.page_ids(stmt, ordering, offset, limit)
    return (
        select(*POSITION_COLUMNS)
        .join(ids, ids.c.id == col(Position.id))
        .order_by(*position_sql.in_page_order(ids, ordering))
    )


def positions_count_statement(*, session: Session, filters: PositionFilter) -> Select[int]:
    """SELECT count(*) of the matching positions, on the filters' indexes alone."""
    stmt, fts = position_sql.filtered(session, filters)
    if fts is not None and filters == PositionFilter(searches=filters.searches, sort=filters.sort):
        # A search alone: the index has one row per position, so count it without the join.
        return select(func.count()).select_from(fts)
    return select(func.count()).select_from(stmt.subquery())


def positions_total(
    *, session: Session, filters: PositionFilter, dataset: tuple[str, str] | None = None
) -> int:
    """The exact number of matching positions; with the dataset version, counted once per
    version and filter (the sort does not change it)."""
    unsorted = replace(filters, sort=())
    return totals.remembered(
        dataset,
        ("positions", unsorted),
        lambda: session.scalar(positions_count_statement(session=session, filters=unsorted)) or 0,
    )


def positions(
    *,
    session: Session,
    filters: PositionFilter,
    offset: int = 0,
    limit: int | None = None,
    dataset: tuple[str, str] | None = None,
) -> tuple[list[PositionRow], int]:
    """`limit` matching positions from `offset` (all, if None), and the exact total."""
    total = positions_total(session=session, filters=filters, dataset=dataset)
    if offset >= total:  # past the end: nothing to read (and no offset to overflow)
        return [], total
    stmt = positions_statement(
        session=session, filters=filters, offset=offset, limit=limit, dataset=dataset
    )
    return list(session.execute(stmt)), total


def comparison_positions(
    *,
    session: Session,
    issue_ids: frozenset[int],
    per_party: int,
    dataset: tuple[str, str] | None = None,
) -> tuple[list[PositionRow], dict[int, int]]:
    """Each party's first `per_party` positions on these issues, in document order, and how
    many each party holds in all (party id → count): two statements, bounded whatever the
    corpus. The parties are found by seeking the (issue, party, …) index from one party to
    the next, and each party's first positions by one LIMITed read of the same index: no
    statement reads or ranks all of an issue's positions. The counts are kept per dataset
    version (they read every entry of the issue's index range)."""
    on_issues = sorted(issue_ids)
    held = totals.remembered(
        dataset,
        ("comparison", issue_ids),
        lambda: dict(
            session.execute(
                select(col(Position.party_id), func.count())
                .where(col(Position.issue_id).in_(on_issues))
                .group_by(col(Position.party_id))
            ).all()
        ),
    )
    parties = position_sql.parties_on_issues(on_issues)
    shown = aliased(Position)
    first_of_party = (
        select(col(shown.id))
        .where(col(shown.issue_id).in_(on_issues), col(shown.party_id) == parties.c.party_id)
        .order_by(col(shown.document_id), col(shown.span_start), col(shown.id))
        .limit(per_party)
        .correlate(parties)
    )
    stmt = (
        select(*POSITION_COLUMNS)
        .select_from(parties)
        .join(Position, col(Position.id).in_(first_of_party))
        .order_by(col(Position.document_id), col(Position.span_start), col(Position.id))
    )
    return list(session.execute(stmt)), dict(held)


def position_by_id(*, session: Session, position_id: str) -> PositionRow | None:
    if not _storable(position_id):
        return None
    return session.execute(select(*POSITION_COLUMNS).where(col(Position.id) == position_id)).first()


def missing_position_ids(
    *, session: Session, ids: tuple[str, ...], dataset: tuple[str, str] | None = None
) -> list[str]:
    """The ids of `ids` that name no position, in the order given: one seek of the primary
    key each, in one statement, remembered per dataset version."""
    storable = sorted({position_id for position_id in ids if _storable(position_id)})
    found = totals.remembered(
        dataset,
        ("position ids", frozenset(storable)),
        lambda: frozenset(
            session.scalars(select(col(Position.id)).where(col(Position.id).in_(storable)))
        ),
    )
    return [position_id for position_id in dict.fromkeys(ids) if position_id not in found]


def position_ids(*, session: Session) -> list[str]:
    return list(session.scalars(select(col(Position.id)).order_by(col(Position.id))))


# -- collections ---------------------------------------------------------------------------------


def parties(
    *,
    session: Session,
    offset: int = 0,
    limit: int | None = None,
    wikidata_ids: frozenset[str] | None = None,
) -> tuple[list[Party], int]:
    """Parties in annotation order; with `wikidata_ids`, those with one of these items."""
    stmt = (
        select(Party)
        .order_by(col(Party.id))
        .options(selectinload(relation(Party.aliases)), selectinload(relation(Party.affiliation)))
    )
    if wikidata_ids is not None:
        stmt = stmt.where(col(Party.wikidata_id).in_(sorted(wikidata_ids)))
    return _rows_and_total(session, stmt, offset, limit)


def issues(
    *, session: Session, offset: int = 0, limit: int | None = None
) -> tuple[list[Issue], int]:
    stmt = (
        select(Issue)
        .order_by(col(Issue.id))
        .options(
            selectinload(relation(Issue.aliases)),
            selectinload(relation(Issue.children)),
            selectinload(relation(Issue.parent)),
        )
    )
    return _rows_and_total(session, stmt, offset, limit)


def documents(
    *,
    session: Session,
    offset: int = 0,
    limit: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> tuple[list[Document], int]:
    """Documents in order; with a date bound, those whose editorial date lies within it
    (inclusive; an undated document matches no bound)."""
    stmt = select(Document).order_by(col(Document.id))
    if date_from is not None or date_to is not None:
        stmt = stmt.where(col(Document.id).in_(position_sql.documents_dated(date_from, date_to)))
    return _rows_and_total(session, stmt, offset, limit)


def context_sentences(
    *, session: Session, document_ids: frozenset[int], offset: int = 0, limit: int | None = None
) -> tuple[list[ContextSentence], int]:
    """The documents' context sentences in document order (their key is that order)."""
    stmt = (
        select(ContextSentence)
        .where(col(ContextSentence.document_id).in_(document_ids))
        .order_by(col(ContextSentence.document_id), col(ContextSentence.number))
    )
    return _rows_and_total(session, stmt, offset, limit)


def parties_on_issues(*, session: Session, issue_ids: frozenset[int]) -> list[Party]:
    """Parties holding positions on these issues, in order of first appearance."""
    first = (
        select(col(Position.party_id), func.min(Position.span_start).label("first"))
        .where(col(Position.issue_id).in_(issue_ids))
        .group_by(col(Position.party_id))
        .subquery()
    )
    stmt = (
        select(Party)
        .join(first, first.c.party_id == col(Party.id))
        .order_by(first.c.first, col(Party.id))
    )
    return list(session.scalars(stmt))
