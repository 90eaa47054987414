"""Read functions: keyword-only, typed, always ordered."""

from sqlalchemy import func, select
from sqlmodel import Session

from app.models import Dataset, Document, Issue, Party, Position


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
