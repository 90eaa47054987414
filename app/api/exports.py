"""CSV and NDJSON exports, streamed from a database cursor a chunk of rows at a time.

An export of a million positions starts within milliseconds and holds one chunk in memory,
never the whole body. The body is then not there to be hashed, so the ETag is computed from
what the body depends on (the dataset and loader versions and the exact request, format and
coding); the conditional-GET middleware passes through a response that has its own ETag."""

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any

from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from sqlmodel import Session

from app import queries
from app.api import present
from app.api.pagination import PageRequest, explicitly_paged
from app.api.present import Urls
from app.http import CACHE_CONTROL
from app.lookups import Lookups
from app.queries import PositionFilter
from app.schemas import PositionPublic


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    NDJSON = "ndjson"


CSV_COLUMNS = (
    "id", "document", "party_slug", "party_name", "issue_slug", "issue_name", "stance", "verb",
    "summary", "quote", "span_start", "span_end", "pages", "paragraph", "evidence",
    "mode", "mode_words", "addressee_slug", "addressee_name", "responds_to", "attribution",
    "editorial_note", "url", "scale_point", "scale_label", "scale_words", "salience",
    "salience_words", "sentence", "document_url", "page_urls",
)  # fmt: skip
CHUNK_ROWS = 500  # rows per body chunk (and per fetch from the cursor)
FIRST_CHUNK_ROWS = 20
MEDIA_TYPES = {Format.CSV: "text/csv; charset=utf-8", Format.NDJSON: "application/x-ndjson"}


# The media types a positions list can be asked for in `Accept`.
_ACCEPTABLE = {
    "application/json": Format.JSON,
    "text/csv": Format.CSV,
    "application/x-ndjson": Format.NDJSON,
    "application/ndjson": Format.NDJSON,
}
# How routes that can export document it in OpenAPI.
EXPORTS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A page of positions, or every matching row as CSV or NDJSON.",
        "content": {
            "text/csv": {
                "schema": {"type": "string", "description": "A header row, then a row each."},
                "example": ",".join(CSV_COLUMNS) + "\r\n"
                "d644-019,frus1945v07-d644,stalin,Joseph Stalin,port-arthur-naval-facilities,"
                '"Naval facilities at Port Arthur",accept,agreed,…\r\n',
            },
            "application/x-ndjson": {
                "schema": {"type": "string", "description": "One position (JSON) per line."},
                "example": '{"id":"d644-019","document":"frus1945v07-d644",'
                '"party":{"slug":"stalin",…},"stance":"accept",…}\n'
                '{"id":"d644-020",…}\n',
            },
        },
    }
}


def _quality(params: str) -> float:
    """The q of an Accept entry's parameters ("q=0.5; level=1" → 0.5); 1 if absent, 0 if bad."""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def negotiate_format(request: Request, requested: Format | None) -> Format:
    """`?format=` wins; otherwise the Accept type with the highest q. JSON on a tie, when
    nothing acceptable is named, and for wildcards."""
    if requested is not None:
        return requested
    offers: dict[Format, float] = {}
    for entry in request.headers.get("accept", "").split(","):
        media_type, _, params = entry.partition(";")
        fmt = _ACCEPTABLE.get(media_type.strip().lower())
        if fmt is not None:
            offers[fmt] = max(offers.get(fmt, 0.0), _quality(params))
    best = max(offers.values(), default=0.0)
    if best <= 0 or offers.get(Format.JSON) == best:
        return Format.JSON
    return next(fmt for fmt, quality in offers.items() if quality == best)


def page_in(request: Request, page: PageRequest, fmt: Format) -> PageRequest:
    """The page a list answers in `fmt`: an export (CSV, NDJSON) has every row unless the
    client asked for a page."""
    if fmt is not Format.JSON and not explicitly_paged(request):
        return PageRequest.everything()
    return page


def csv_row(position: PositionPublic) -> dict[str, object]:
    """A position flattened for CSV: party and issue as slug and name columns."""
    return {
        "id": position.id,
        "document": position.document,
        "party_slug": position.party.slug,
        "party_name": position.party.name,
        "issue_slug": position.issue.slug,
        "issue_name": position.issue.name,
        "stance": position.stance.value,
        "verb": position.verb or "",
        "summary": position.summary,
        "quote": position.quote,
        "span_start": position.span.start,
        "span_end": position.span.end,
        "pages": ";".join(str(page) for page in position.pages),
        "paragraph": position.paragraph,
        "evidence": position.certainty.evidence.value,
        "mode": position.certainty.mode.value,
        "mode_words": position.certainty.mode_words or "",
        "addressee_slug": position.addressee.slug if position.addressee else "",
        "addressee_name": position.addressee.name if position.addressee else "",
        "responds_to": ";".join(position.responds_to),
        "attribution": json.dumps(
            [link.model_dump() for link in position.attribution], ensure_ascii=False
        ),
        "editorial_note": position.editorial_note or "",
        "url": position.url,
        "scale_point": "" if position.scale_point is None else position.scale_point.point,
        "scale_label": position.scale_point.label if position.scale_point else "",
        "scale_words": position.scale_point.words if position.scale_point else "",
        "salience": position.salience.level.value if position.salience else "",
        "salience_words": position.salience.words if position.salience else "",
        "sentence": position.sentence.text,
        "document_url": position.document_url,
        "page_urls": ";".join(position.page_urls),
    }


def export_etag(request: Request, fmt: Format, dataset: tuple[str, str] | None) -> str:
    """A strong validator for the export's bytes: they depend only on the loaded dataset, the
    loader that built it, the request's URL (the body holds absolute URLs) and the format.
    A gzipped stream gets its own tag, as the middleware's tags do (RFC 9110 §8.8.3)."""
    key = json.dumps([dataset, str(request.url), fmt.value])
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    gzipped = "gzip" in request.headers.get("accept-encoding", "")
    return f'"x{digest}-gzip"' if gzipped else f'"x{digest}"'


def _positions(
    session: Session, filters: PositionFilter, page: PageRequest, urls: Urls, lookups: Lookups
) -> Iterator[list[PositionPublic]]:
    """Public positions in chunks, fetched from one cursor as the client reads."""
    stmt = queries.positions_statement(
        session=session, filters=filters, offset=page.offset, limit=page.limit
    )
    result = session.execute(stmt.execution_options(yield_per=CHUNK_ROWS))
    try:
        # A small first chunk: the client sees its first rows without waiting for 500.
        first = result.fetchmany(FIRST_CHUNK_ROWS)
        if first:
            yield [present.position(row, urls, lookups) for row in first]
        for rows in result.partitions():
            yield [present.position(row, urls, lookups) for row in rows]
    finally:  # also when the client has gone and the stream is closed early
        result.close()


def _csv_chunks(chunks: Iterable[list[PositionPublic]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for chunk in chunks:
        writer.writerows(csv_row(position) for position in chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()  # the header alone, when nothing matched


def _ndjson_chunks(chunks: Iterable[list[PositionPublic]]) -> Iterator[str]:
    for chunk in chunks:
        yield "".join(position.model_dump_json() + "\n" for position in chunk)


def not_modified(request: Request, etag: str) -> Response | None:
    """304 when the client already holds these bytes: answered before any query runs."""
    header = request.headers.get("if-none-match", "")
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    if "*" in tags or etag in tags:
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": CACHE_CONTROL})
    return None


def stream(
    *,
    session: Session,
    fmt: Format,
    filters: PositionFilter,
    page: PageRequest,
    urls: Urls,
    lookups: Lookups,
    total: int,
    etag: str,
) -> StreamingResponse:
    """The export of `filters` in `fmt`, streamed as the client reads it."""
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if fmt is Format.CSV:
        headers["Content-Disposition"] = 'inline; filename="positions.csv"'
    chunks = _positions(session, filters, page, urls, lookups) if page.offset < total else iter(())
    body = _csv_chunks(chunks) if fmt is Format.CSV else _ndjson_chunks(chunks)
    return StreamingResponse(
        (text.encode() for text in body if text),
        media_type=MEDIA_TYPES[fmt],
        headers=headers,
    )
