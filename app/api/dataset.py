"""GET /dataset's body and the citations of the dataset and its positions, built from the
dataset row and the documents' bibliographic fields (never from seed files: the loader
stored what they say); the citation format from `?format=` or `Accept`."""

from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response
from sqlalchemy import Row

from app.api.exports import accepted
from app.api.present import Urls
from app.citation import (
    FILE_SUFFIXES,
    MEDIA_TYPES,
    RENDERERS,
    Citation,
    CitationFormat,
    Source,
    dataset_citation,
)
from app.dataset import NAME, TITLE, CitationLinks, DatasetPublic, ReleaseNotes
from app.licensing import LICENSES
from app.models import Dataset
from app.problems import ProblemError
from app.schemas import Counts

# The media types a citation can be asked for in `Accept` (JSON is CSL-JSON).
_ACCEPTABLE = {
    "application/vnd.citationstyles.csl+json": CitationFormat.CSL_JSON,
    "application/json": CitationFormat.CSL_JSON,
    "application/x-bibtex": CitationFormat.BIBTEX,
    "application/x-research-info-systems": CitationFormat.RIS,
    "text/plain": CitationFormat.TEXT,
}
_SCHEMAS: dict[CitationFormat, dict[str, Any]] = {
    CitationFormat.CSL_JSON: {"type": "array", "items": {"type": "object"}},
    CitationFormat.BIBTEX: {"type": "string"},
    CitationFormat.RIS: {"type": "string"},
    CitationFormat.TEXT: {"type": "string"},
}
# How the citation routes document their answer in OpenAPI: one media type per format.
CITATION_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The citation in the format asked for: CSL-JSON (an array of CSL items: "
        "the dataset, then its sources), BibTeX, RIS, or plain text.",
        "content": {MEDIA_TYPES[fmt]: {"schema": _SCHEMAS[fmt]} for fmt in CitationFormat},
    }
}


def citation_format(
    request: Request,
    format: Annotated[
        CitationFormat | None,
        Query(
            description="`csl-json` (the default), `bibtex`, `ris` or `text`; without it, "
            "`Accept` chooses (application/vnd.citationstyles.csl+json, application/x-bibtex, "
            "application/x-research-info-systems, text/plain).",
            examples=["bibtex"],
        ),
    ] = None,
) -> CitationFormat:
    """`?format=` wins; otherwise the Accept type with the highest q; CSL-JSON by default."""
    if format is not None:
        return format
    return accepted(request, _ACCEPTABLE, CitationFormat.CSL_JSON)


CitationFormatDep = Annotated[CitationFormat, Depends(citation_format)]


def loaded(row: Dataset | None) -> Dataset:
    """The dataset row, or the 503 that /health gives when nothing is loaded."""
    if row is None:
        raise ProblemError(503, "No dataset is loaded; run `parley load`.", kind="unavailable")
    return row


def source(row: Row[Any]) -> Source:
    return Source(
        slug=row.slug,
        title=row.title,
        series=row.series,
        volume=row.volume,
        number=row.number,
        first_page=row.first_page,
        last_page=row.last_page,
        citation=row.citation,
        url=row.url,
        issued=row.editorial_date,
    )


def cite_dataset(row: Dataset, sources: list[Row[Any]], urls: Urls) -> Citation:
    return dataset_citation(
        # A database loaded without release metadata is cited by its content hash alone.
        version=row.release or f"content-{row.version[:12]}",
        released=row.release_date,
        content_sha256=row.version,
        url=f"{urls.base}/dataset",
        sources=[source(found) for found in sources],
    )


def citation_response(citation: Citation, fmt: CitationFormat) -> Response:
    """The citation rendered in `fmt`; BibTeX and RIS as files named for it."""
    headers = {}
    if fmt in FILE_SUFFIXES:
        name = f"{citation.key}.{FILE_SUFFIXES[fmt]}"
        headers["Content-Disposition"] = f'inline; filename="{name}"'
    return Response(RENDERERS[fmt](citation), media_type=MEDIA_TYPES[fmt], headers=headers)


def dataset_public(
    row: Dataset, counts: dict[str, int], sources: list[Row[Any]], urls: Urls
) -> DatasetPublic:
    base = f"{urls.base}/dataset"
    citation = cite_dataset(row, sources, urls)
    return DatasetPublic(
        name=NAME,
        title=TITLE,
        version=row.release,
        released=row.release_date is not None,
        release_date=row.release_date,
        content_sha256=row.version,
        release_notes=[ReleaseNotes.model_validate(notes) for notes in row.release_notes or []],
        licenses=list(LICENSES),
        counts=Counts(**counts),
        citation=CitationLinks(
            text=RENDERERS[CitationFormat.TEXT](citation).rstrip("\n"),
            url=f"{base}/citation",
            formats={fmt.value: f"{base}/citation?format={fmt.value}" for fmt in CitationFormat},
        ),
        links={
            "self": base,
            "citation": f"{base}/citation",
            "download_zip": f"{base}/download.zip",
            "download_sqlite": f"{base}/parley.sqlite3",
            "codebook": f"{urls.base}/codebook",
        },
    )
