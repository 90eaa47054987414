"""CSV and NDJSON exports, streamed from a database cursor a chunk of rows at a time.

An export of a million positions starts within milliseconds and holds one chunk in memory,
never the whole body. The body is then not there to be hashed, so the ETag is computed from
what the body depends on (the dataset and loader versions and the exact request, format and
coding); the conditional-GET middleware passes through a response that has its own ETag."""

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from sqlmodel import Session

from app import queries
from app.api import present, views
from app.api.pagination import PageRequest, explicitly_paged
from app.api.present import Urls
from app.api.views import View
from app.http import CACHE_CONTROL
from app.lookups import Lookups
from app.queries import PositionFilter
from app.schemas import PositionPublic

FormatT = TypeVar("FormatT", bound=StrEnum)


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    NDJSON = "ndjson"


CSV_COLUMNS = (
    "id", "document", "party_slug", "party_name", "issue_slug", "issue_name", "stance", "verb",
    "summary", "quote", "span_start", "span_end", "pages", "paragraph", "evidence",
    "mode", "mode_words", "addressee_slug", "addressee_name", "responds_to", "attribution",
    "editorial_note", "url", "scale_point", "scale_label", "scale_words", "salience",
    "salience_words", "sentence", "document_url", "page_urls", "prefix", "suffix",
)  # fmt: skip
# The field of a position (and of `fields`) each column shows, where its name differs.
CSV_FIELDS = {
    "party_slug": "party", "party_name": "party", "issue_slug": "issue", "issue_name": "issue",
    "span_start": "span", "span_end": "span", "evidence": "certainty", "mode": "certainty",
    "mode_words": "certainty", "addressee_slug": "addressee", "addressee_name": "addressee",
    "scale_label": "scale_point", "scale_words": "scale_point", "salience_words": "salience",
}  # fmt: skip
PLAIN = View()
CHUNK_ROWS = 500  # rows per body chunk (and per fetch from the cursor)
FIRST_CHUNK_ROWS = 20
MEDIA_TYPES = {Format.CSV: "text/csv; charset=utf-8", Format.NDJSON: "application/x-ndjson"}
# Spreadsheet programs read UTF-8 CSV as a legacy code page unless it starts with a byte
# order mark; every other reader takes the mark for part of the first column's name. So
# it is sent only when asked for (`?bom=1`).
BOM = "\ufeff"


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
        "description": "A page of positions, or every matching row as CSV or NDJSON. With "
        "`facet`, the page adds `facets` (name → values, as GET /positions/facets gives "
        "them); with `include`, the references named are whole objects; with `fields`, each "
        "position has only those keys (and `id`, `url`).",
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


def accept_quality(params: str) -> float:
    """The q of an Accept entry's parameters ("q=0.5; level=1" → 0.5); 1 if absent, 0 if bad."""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def accepted(request: Request, acceptable: Mapping[str, FormatT], default: FormatT) -> FormatT:
    """The format of the Accept type with the highest q, among `acceptable` (media type →
    format); `default` on a tie with it, when nothing acceptable is named, and for
    wildcards. Shared by the positions lists and the citations."""
    offers: dict[FormatT, float] = {}
    for entry in request.headers.get("accept", "").split(","):
        media_type, _, params = entry.partition(";")
        fmt = acceptable.get(media_type.strip().lower())
        if fmt is not None:
            offers[fmt] = max(offers.get(fmt, 0.0), accept_quality(params))
    best = max(offers.values(), default=0.0)
    if best <= 0 or offers.get(default) == best:
        return default
    return next(fmt for fmt, quality in offers.items() if quality == best)


def negotiate_format(request: Request, requested: Format | None) -> Format:
    """`?format=` wins; otherwise the Accept type with the highest q. JSON on a tie, when
    nothing acceptable is named, and for wildcards."""
    if requested is not None:
        return requested
    return accepted(request, _ACCEPTABLE, Format.JSON)


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
        "prefix": position.prefix,
        "suffix": position.suffix,
    }


def export_etag(request: Request, fmt: Format, dataset: tuple[str, str] | None) -> str:
    """A strong validator for the export's bytes: they depend only on the loaded dataset, the
    loader that built it, the request's URL (the body holds absolute URLs) and the format.
    A gzipped stream gets its own tag, as the middleware's tags do (RFC 9110 §8.8.3)."""
    key = json.dumps([dataset, str(request.url), fmt.value])
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    gzipped = "gzip" in request.headers.get("accept-encoding", "")
    return f'"x{digest}-gzip"' if gzipped else f'"x{digest}"'


def _rows(session: Session, filters: PositionFilter, page: PageRequest) -> Iterator[list[Any]]:
    """Position rows in chunks, fetched from one cursor as the client reads."""
    stmt = queries.positions_statement(
        session=session, filters=filters, offset=page.offset, limit=page.limit
    )
    result = session.execute(stmt.execution_options(yield_per=CHUNK_ROWS))
    try:
        # A small first chunk: the client sees its first rows without waiting for 500.
        first = result.fetchmany(FIRST_CHUNK_ROWS)
        if first:
            yield list(first)
        for rows in result.partitions():
            yield list(rows)
    finally:  # also when the client has gone and the stream is closed early
        result.close()


def file_name(request: Request, fmt: Format) -> str:
    """The export's file name, from its path: /issues/korea/positions →
    issues-korea-positions.csv (slugs are letters, digits and hyphens already)."""
    path = request.url.path.removeprefix(request.scope.get("root_path", "")).strip("/")
    stem = re.sub(r"[^A-Za-z0-9-]+", "-", path).strip("-") or "positions"
    return f"{stem}.{fmt.value}"


def csv_columns(view: View) -> list[str]:
    """The CSV columns of the fields a view keeps, in the usual column order."""
    return [column for column in CSV_COLUMNS if view.shows(CSV_FIELDS.get(column, column))]


def _csv_chunks(
    chunks: Iterable[list[Any]], urls: Urls, lookups: Lookups, *, view: View, bom: bool
) -> Iterator[str]:
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.DictWriter(
        buffer, fieldnames=csv_columns(view), lineterminator="\r\n", extrasaction="ignore"
    )
    writer.writeheader()
    for chunk in chunks:
        writer.writerows(csv_row(present.position(row, urls, lookups)) for row in chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()  # the header alone, when nothing matched


def _ndjson_chunks(
    chunks: Iterable[list[Any]], session: Session, urls: Urls, lookups: Lookups, *, view: View
) -> Iterator[str]:
    for chunk in chunks:
        if view.plain:
            yield "".join(
                present.position(row, urls, lookups).model_dump_json() + "\n" for row in chunk
            )
        else:
            items = views.shown(session=session, rows=chunk, view=view, urls=urls, lookups=lookups)
            yield "".join(_json_line(item) for item in items)


def _json_line(item: dict[str, Any]) -> str:
    """One object as a line, spelt as Pydantic spells a plain position's."""
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"


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
    filename: str,
    bom: bool = False,
    view: View = PLAIN,
) -> StreamingResponse:
    """The export of `filters` in `fmt`, streamed as the client reads it. `inline`, not
    `attachment`: an attachment is a whole-dataset file, which the response cache passes
    through unkept (app/cache.py); the file name is there for a browser that saves it."""
    headers = {
        "ETag": etag,
        "Cache-Control": CACHE_CONTROL,
        "Content-Disposition": f'inline; filename="{filename}"',
    }
    chunks = _rows(session, filters, page) if page.offset < total else iter(())
    body = (
        _csv_chunks(chunks, urls, lookups, view=view, bom=bom)
        if fmt is Format.CSV
        else _ndjson_chunks(chunks, session, urls, lookups, view=view)
    )
    return StreamingResponse(
        (text.encode() for text in body if text),
        media_type=MEDIA_TYPES[fmt],
        headers=headers,
    )
