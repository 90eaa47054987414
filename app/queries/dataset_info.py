"""The loaded dataset: its versions, its row, the documents a citation cites, and how many
rows each collection holds."""

from typing import Any

from sqlalchemy import Row, func, select
from sqlmodel import Session, col

from app.models import Dataset, Document, Issue, Party, Position


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
