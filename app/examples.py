"""Where the data first uses each value of a vocabulary: the codebook's examples.

"First" is document order for positions (document, span, id, as every list), and list order
for issues, parties and documents (their ids). Each query reads the first row per value in
one statement, whatever the size of the dataset, so the codebook costs a fixed number of
statements (and, being cached per dataset version, is computed once)."""

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col

from app.models import Document, Issue, Party, PartyAlias, Position

IN_DOCUMENT_ORDER = (col(Position.document_id), col(Position.span_start), col(Position.id))


def first_positions(*, session: Session, by: tuple[Mapped[Any], ...]) -> list[Row[Any]]:
    """The first position in document order for each value of `by` (null values left out),
    with the columns an example reads its words from."""
    rank = func.row_number().over(partition_by=by, order_by=IN_DOCUMENT_ORDER).label("rank")
    ranked = (
        select(
            col(Position.id).label("id"),
            *(column.label(f"by_{n}") for n, column in enumerate(by)),
            col(Position.quote).label("quote"),
            col(Position.sentence).label("sentence"),
            col(Position.mode_words).label("mode_words"),
            col(Position.salience_words).label("salience_words"),
            col(Position.scale_words).label("scale_words"),
            rank,
        )
        .where(*(column.is_not(None) for column in by))
        .subquery()
    )
    return list(session.execute(select(ranked).where(ranked.c.rank == 1).order_by(ranked.c.id)))


def positions_with_attribution(*, session: Session) -> Iterator[Row[Any]]:
    """`id`, `attribution` and `sentence` of every position in document order, read in
    batches, so that a caller who stops early reads no further."""
    stmt = select(col(Position.id), col(Position.attribution), col(Position.sentence)).order_by(
        *IN_DOCUMENT_ORDER
    )
    result = session.execute(stmt.execution_options(yield_per=500))
    try:
        yield from result
    finally:
        result.close()


def issues(*, session: Session) -> list[Issue]:
    return list(session.scalars(select(Issue).order_by(col(Issue.id))))


def parties(*, session: Session) -> list[Party]:
    return list(session.scalars(select(Party).order_by(col(Party.id))))


def party_aliases(*, session: Session) -> list[tuple[str, str, str]]:
    """(party slug, alias kind, alias text) in party order, then each party's alias order."""
    stmt = (
        select(col(Party.slug), col(PartyAlias.kind), col(PartyAlias.text))
        .join(Party, col(Party.id) == col(PartyAlias.party_id))
        .order_by(col(Party.id), col(PartyAlias.id))
    )
    return [(slug, kind, text) for slug, kind, text in session.execute(stmt)]


def related_documents(*, session: Session) -> list[tuple[str, list[dict[str, Any]]]]:
    """(document slug, its related documents) in document order."""
    stmt = select(col(Document.slug), col(Document.related_documents)).order_by(col(Document.id))
    return [(slug, related) for slug, related in session.execute(stmt)]
