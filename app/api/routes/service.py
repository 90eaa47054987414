"""The service routes: the index, /health, and the explanation of each problem type."""

import logging
from importlib.metadata import version
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy.exc import SQLAlchemyError

from app import queries
from app.api.deps import SessionDep
from app.api.present import Urls
from app.concurrency import in_worker_thread
from app.diagnose import served_file_problem
from app.licensing import LICENSES
from app.problems import (
    PROBLEM_KINDS,
    PROBLEM_TYPE_BASE,
    UNAVAILABLE,
    UNKNOWN_PROBLEM_KIND,
    ProblemError,
    problem_title,
)
from app.schemas import Counts, Health, ProblemKind, ServiceIndex

router = APIRouter(tags=["service"])
SERVICE_NAME = "Parley"
SERVICE_VERSION = version("parley")
log = logging.getLogger("parley")


@router.get("/", summary="Service index")
@in_worker_thread
def service_index(request: Request, session: SessionDep) -> ServiceIndex:
    """Name, version, dataset version, counts, and links to every collection and to the docs."""
    base = Urls(request).base
    return ServiceIndex(
        name=SERVICE_NAME,
        version=SERVICE_VERSION,
        dataset_version=queries.dataset_version(session=session),
        counts=Counts(**queries.counts(session=session)),
        links={
            "dataset": f"{base}/dataset",
            # the three things a researcher comes for: how to cite, and the whole dataset
            "citation": f"{base}/dataset/citation",
            "download_zip": f"{base}/dataset/download.zip",
            "download_sqlite": f"{base}/dataset/parley.sqlite3",
            "documents": f"{base}/documents",
            "parties": f"{base}/parties",
            "issues": f"{base}/issues",
            "positions": f"{base}/positions",
            "codebook": f"{base}/codebook",
            "health": f"{base}/health",
            "docs": f"{base}/docs",
            "redoc": f"{base}/redoc",
            "openapi": f"{base}/openapi.json",
        },
        licenses=list(LICENSES),
    )


@router.get(
    "/health",
    summary="Liveness and readiness",
    responses=UNAVAILABLE,
)
@in_worker_thread
def health(response: Response, session: SessionDep) -> Health:
    """Whether the database is reachable and a dataset is loaded, with its version and counts."""
    response.headers["Cache-Control"] = "no-store"  # a cached "ok" would hide an outage
    problem = served_file_problem()
    if problem is not None:
        log.error("health: %s", problem)
        raise ProblemError(503, problem.public, kind="unavailable")
    try:
        version = queries.dataset_version(session=session)
        counts = queries.counts(session=session)
    except SQLAlchemyError as exc:
        raise ProblemError(503, "The database is not reachable.", kind="unavailable") from exc
    if version is None:
        raise ProblemError(503, "No dataset is loaded; run `parley load`.", kind="unavailable")
    return Health(status="ok", dataset_version=version, counts=Counts(**counts))


@router.get(
    "/problems/{kind}",
    summary="Explain a kind of problem",
    responses=UNKNOWN_PROBLEM_KIND,
)
async def problem_kind(
    kind: Annotated[
        str,
        Path(
            description="The last segment of a problem's `type`.",
            examples=["not-found"],
            json_schema_extra={"enum": list(PROBLEM_KINDS)},  # any other is a 404 problem
        ),
    ],
) -> ProblemKind:
    """What a problem document's `type` means; every `type` the API sends resolves here."""
    if kind not in PROBLEM_KINDS:
        raise ProblemError(404, f"There is no kind of problem '{kind}'.")
    status, description = PROBLEM_KINDS[kind]
    return ProblemKind(
        type=PROBLEM_TYPE_BASE + kind,
        status=status,
        title=problem_title(kind, status),
        description=description,
    )
