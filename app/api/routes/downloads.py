"""/dataset/download.zip and /dataset/parley.sqlite3: the whole dataset, as files.

Built once per dataset version (app/downloads.py), then streamed from disk with a strong
ETag; the blocking work (the version query, a build) runs in a worker thread, and the
database connection is handed back before the file is sent."""

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse
from sqlmodel import Session

from app import downloads, queries
from app.api.deps import SessionDep
from app.concurrency import in_worker
from app.http import CACHE_CONTROL, etag_matches
from app.problems import UNAVAILABLE, ProblemError

router = APIRouter(prefix="/dataset", tags=["dataset"])


def _file(media_type: str, what: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "description": f"{what}, as an attachment named `parley-<version>`, with "
            "`Content-Length` and a strong `ETag`.",
            "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
        },
        **UNAVAILABLE,
    }


def _artifact(session: Session, kind: downloads.Kind) -> downloads.Artifact:
    versions = queries.dataset_versions(session=session)
    session.close()  # nothing more to read: the connection goes back before the file is sent
    if versions is None:
        raise ProblemError(503, "No dataset is loaded; run `parley load`.", kind="unavailable")
    version, loader_sha256 = versions
    try:
        return downloads.artifact(kind, version=version, loader_sha256=loader_sha256)
    except downloads.NoDataset as exc:  # the dataset went away while it was being copied
        raise ProblemError(503, "No dataset is loaded.", kind="unavailable") from exc


async def _download(request: Request, session: Session, kind: downloads.Kind) -> Response:
    found = await in_worker(_artifact, session, kind)
    headers = {"ETag": found.etag, "Cache-Control": CACHE_CONTROL}
    if etag_matches(request.headers.get("if-none-match", ""), found.etag):
        return Response(status_code=304, headers=headers)
    return FileResponse(
        found.path,
        media_type=found.media_type,
        filename=found.filename,
        headers=headers,
        stat_result=found.path.stat(),
    )


@router.get(
    "/download.zip",
    summary="The whole dataset as a data package",
    response_class=Response,
    responses=_file("application/zip", "A Frictionless Data Package"),
)
async def download_package(request: Request, session: SessionDep) -> Response:
    """Every table as CSV with `datapackage.json` (Table Schemas, keys, licences, version),
    a README with the licences and the citation, and LICENSE-DATA.md."""
    return await _download(request, session, "zip")


@router.get(
    "/parley.sqlite3",
    summary="The whole dataset as a SQLite database",
    response_class=Response,
    responses=_file("application/vnd.sqlite3", "A SQLite database of the dataset"),
)
async def download_sqlite(request: Request, session: SessionDep) -> Response:
    """The dataset as one SQLite file, for Datasette, pandas or R: the served tables,
    migrated by the project's migrations, with their indexes and full-text search."""
    return await _download(request, session, "sqlite3")
