from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from app import queries
from app.api.deps import SessionDep
from app.problems import Problem, ProblemError

router = APIRouter(tags=["service"])


class Health(BaseModel):
    status: str = Field(description="`ok` when the database is reachable and a dataset is loaded.")
    dataset_version: str = Field(description="SHA-256 over the source and annotation files.")
    counts: dict[str, int] = Field(description="Rows per collection.")


@router.get(
    "/health",
    summary="Liveness and readiness",
    responses={503: {"model": Problem, "description": "Database unreachable or empty."}},
)
def health(session: SessionDep) -> Health:
    """Whether the database is reachable and a dataset is loaded, with its version and counts."""
    try:
        version = queries.dataset_version(session=session)
        counts = queries.counts(session=session)
    except SQLAlchemyError as exc:
        raise ProblemError(503, "The database is not reachable.", kind="unavailable") from exc
    if version is None:
        raise ProblemError(503, "No dataset is loaded; run `parley load`.", kind="unavailable")
    return Health(status="ok", dataset_version=version, counts=counts)
