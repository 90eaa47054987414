"""Parties, issues and documents: one by its slug, and the short lists of them (with an exact
total), context sentences included."""

from datetime import date
from typing import TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col

from app import position_sql
from app.models import ContextSentence, Document, Issue, Party, Position, relation
from app.position_sql import AnySelect

RowT = TypeVar("RowT")

# -- slugs and aliases ------------------------------------------------------------------------


def is_storable(key: str) -> bool:
    """Whether a key from a request could be stored at all: PostgreSQL text cannot hold NUL
    (binding one is an error), and none was loaded on SQLite either, so it finds nothing."""
    return "\x00" not in key


def party_by_slug(*, session: Session, slug: str) -> Party | None:
    if not is_storable(slug):
        return None
    return session.scalar(
        select(Party)
        .where(col(Party.slug) == slug)
        .options(selectinload(relation(Party.aliases)), selectinload(relation(Party.affiliation)))
    )


def issue_by_slug(*, session: Session, slug: str) -> Issue | None:
    if not is_storable(slug):
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
    if not is_storable(slug):
        return None
    return session.scalar(select(Document).where(col(Document.slug) == slug))


# -- collections ---------------------------------------------------------------------------------


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
