"""/codebook: every vocabulary with its definitions and examples, each issue's scale, and
every field of every resource (gathered in app/api/codebook.py)."""

from fastapi import APIRouter, Request

from app.api import codebook
from app.api.deps import SessionDep
from app.api.present import Urls
from app.codebook_schemas import Codebook
from app.concurrency import in_worker_thread
from app.problems import UNAVAILABLE, ProblemError

router = APIRouter(tags=["dataset"])


@router.get("/codebook", summary="The codebook", responses=UNAVAILABLE)
@in_worker_thread
def get_codebook(request: Request, session: SessionDep) -> Codebook:
    """Every controlled vocabulary (stance, certainty, issue status, salience, …) with each
    value's definition and an example from the data, each issue's scale, and every field of
    every resource with its type and meaning."""
    try:
        return codebook.codebook(session=session, urls=Urls(request))
    except codebook.NoDataset as exc:
        raise ProblemError(
            503, "No dataset is loaded; run `parley load`.", kind="unavailable"
        ) from exc
