"""/dataset: the dataset as a citable product (its release, notes, licences, counts and
links), and its citation."""

from fastapi import APIRouter, Request, Response

from app import queries
from app.api import dataset as present_dataset
from app.api.dataset import CITATION_RESPONSES, CitationFormatDep
from app.api.deps import SessionDep
from app.api.present import Urls
from app.concurrency import in_worker_thread
from app.dataset import DatasetPublic
from app.problems import UNAVAILABLE

router = APIRouter(prefix="/dataset", tags=["dataset"])


@router.get(
    "", summary="The dataset: version, release notes, licences, citation", responses=UNAVAILABLE
)
@in_worker_thread
def get_dataset(request: Request, session: SessionDep) -> DatasetPublic:
    """Name, title, release version and date, content hash, release notes, licences, counts,
    how to cite, and links to the downloads and the codebook."""
    row = present_dataset.loaded(queries.dataset(session=session))
    return present_dataset.dataset_public(
        row,
        queries.counts(session=session),
        queries.source_documents(session=session),
        Urls(request),
    )


@router.get(
    "/citation",
    summary="Cite the dataset",
    response_class=Response,
    responses={**CITATION_RESPONSES, **UNAVAILABLE},
)
@in_worker_thread
def cite_dataset(request: Request, fmt: CitationFormatDep, session: SessionDep) -> Response:
    """The dataset's citation, by version, with the source documents it annotates: CSL-JSON
    by default, or BibTeX, RIS or plain text (`format`, or `Accept`)."""
    row = present_dataset.loaded(queries.dataset(session=session))
    sources = queries.source_documents(session=session)
    citation = present_dataset.cite_dataset(row, sources, Urls(request))
    return present_dataset.citation_response(citation, fmt)
