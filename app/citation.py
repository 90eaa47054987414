"""Citations of the dataset and of one position, in CSL-JSON, BibTeX, RIS and plain text.

Each cites the dataset by version (and content hash) and the source document(s) it
annotates, so that a reader can go to the words themselves. A position's citation is the
dataset's with the position's permanent URL, its quote, and the printed page(s) the quote is
on as the pinpoint in its source."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from app.dataset import AUTHOR, TITLE
from app.licensing import ANNOTATIONS


class CitationFormat(StrEnum):
    CSL_JSON = "csl-json"
    BIBTEX = "bibtex"
    RIS = "ris"
    TEXT = "text"


MEDIA_TYPES = {
    CitationFormat.CSL_JSON: "application/vnd.citationstyles.csl+json",
    CitationFormat.BIBTEX: "application/x-bibtex; charset=utf-8",
    CitationFormat.RIS: "application/x-research-info-systems; charset=utf-8",
    CitationFormat.TEXT: "text/plain; charset=utf-8",
}
FILE_SUFFIXES = {CitationFormat.BIBTEX: "bib", CitationFormat.RIS: "ris"}


@dataclass(frozen=True)
class Source:
    """A source document, as its citation needs it."""

    slug: str
    title: str
    series: str
    volume: str
    number: int
    first_page: int
    last_page: int
    citation: str  # as the volume is cited in its own style
    url: str
    issued: date | None


@dataclass(frozen=True)
class Pinpoint:
    """A source and the printed pages cited in it."""

    source: Source
    first_page: int
    last_page: int

    def pages(self, dash: str) -> str:
        if self.first_page == self.last_page:
            return str(self.first_page)
        return f"{self.first_page}{dash}{self.last_page}"


@dataclass(frozen=True)
class Citation:
    """What every format says: the work cited (the dataset, or a position in it) and its
    sources."""

    key: str
    title: str
    version: str
    released: date | None
    content_sha256: str
    url: str
    sources: list[Pinpoint]
    quote: str | None = None  # a position's, with its pages in `sources`

    @property
    def note(self) -> str:
        note = f"Annotations licensed {ANNOTATIONS.spdx}. Content SHA-256 {self.content_sha256}."
        if self.quote is not None:
            note += f" Quote, p. {self.sources[0].pages('–')}: “{self.quote}”"
        return note


def _key(*parts: str) -> str:
    """A citation key of the characters every BibTeX tool accepts."""
    return re.sub(r"[^A-Za-z0-9.:-]+", "-", "-".join(("parley", *parts)))


def dataset_citation(
    *, version: str, released: date | None, content_sha256: str, url: str, sources: list[Source]
) -> Citation:
    """The dataset's citation: `url` is GET /dataset's; each source is cited whole."""
    return Citation(
        key=_key(version),
        title=TITLE,
        version=version,
        released=released,
        content_sha256=content_sha256,
        url=url,
        sources=[Pinpoint(source, source.first_page, source.last_page) for source in sources],
    )


def position_citation(
    dataset: Citation,
    *,
    position_id: str,
    url: str,
    quote: str,
    pages: tuple[int, int],
    source: Source,
) -> Citation:
    """A position's citation: the dataset's, at the position's permanent URL (ids are never
    reused or renumbered), with its quote and the pages it is on."""
    return Citation(
        key=_key(dataset.version, position_id),
        title=f"{TITLE}: position {position_id}",
        version=dataset.version,
        released=dataset.released,
        content_sha256=dataset.content_sha256,
        url=url,
        sources=[Pinpoint(source, *pages)],
        quote=quote,
    )


# -- CSL-JSON ---------------------------------------------------------------------------------


def _date_parts(day: date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_json(citation: Citation) -> str:
    """An array of CSL items: the dataset (type `dataset`), then each source (`document`)."""
    work: dict[str, Any] = {
        "id": citation.key,
        "type": "dataset",
        "title": citation.title,
        "author": [{"literal": AUTHOR}],
        "version": citation.version,
        "URL": citation.url,
        "license": ANNOTATIONS.spdx,
        "note": citation.note,
    }
    if citation.released is not None:
        work["issued"] = _date_parts(citation.released)
    items = [work]
    for cited in citation.sources:
        source = cited.source
        item: dict[str, Any] = {
            "id": source.slug,
            "type": "document",
            "title": source.title,
            "container-title": source.series,
            "volume": source.volume,
            "number": str(source.number),
            "page": cited.pages("-"),
            "URL": source.url,
            "note": source.citation,
        }
        if source.issued is not None:
            item["issued"] = _date_parts(source.issued)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# -- BibTeX -----------------------------------------------------------------------------------

_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _bib(value: str) -> str:
    """A field value with BibTeX's special characters escaped (URLs are left as they are)."""
    return _BIBTEX_SPECIAL.sub(r"\\\1", value)


def _bib_entry(key: str, fields: list[tuple[str, str]]) -> str:
    lines = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@misc{{{key},\n{lines}}}\n"


def bibtex(citation: Citation) -> str:
    """A @misc entry for the dataset, then one for each source; titles keep their case."""
    fields = [("author", f"{{{_bib(AUTHOR)}}}"), ("title", f"{{{_bib(citation.title)}}}")]
    if citation.released is not None:
        fields.append(("year", str(citation.released.year)))
    fields += [
        ("version", _bib(citation.version)),
        ("howpublished", "Data set"),
        ("url", citation.url),
        ("note", _bib(citation.note)),
    ]
    entries = [_bib_entry(citation.key, fields)]
    for cited in citation.sources:
        source = cited.source
        source_fields = [
            ("title", f"{{{_bib(source.title)}}}"),
            ("howpublished", _bib(f"{source.series}, vol. {source.volume}, doc. {source.number}")),
            ("pages", cited.pages("--")),
        ]
        if source.issued is not None:
            source_fields.append(("year", str(source.issued.year)))
        source_fields += [("url", source.url), ("note", _bib(source.citation))]
        entries.append(_bib_entry(source.slug, source_fields))
    return "\n".join(entries)


# -- RIS --------------------------------------------------------------------------------------


def _ris_record(tags: list[tuple[str, str]]) -> str:
    """One RIS record: `TAG  - value` lines ending in CR LF, closed by `ER  - `."""
    return "".join(f"{tag}  - {value}\r\n" for tag, value in [*tags, ("ER", "")])


def _ris_date(day: date) -> list[tuple[str, str]]:
    return [("PY", str(day.year)), ("DA", day.strftime("%Y/%m/%d"))]


def ris(citation: Citation) -> str:
    """A DATA record for the dataset, then a GOVDOC record for each source."""
    tags = [("TY", "DATA"), ("AU", AUTHOR), ("TI", citation.title)]
    if citation.released is not None:
        tags += _ris_date(citation.released)
    tags += [("ET", citation.version), ("UR", citation.url), ("N1", citation.note)]
    records = [_ris_record(tags)]
    for cited in citation.sources:
        source = cited.source
        source_tags = [
            ("TY", "GOVDOC"),
            ("TI", source.title),
            ("T2", source.series),
            ("VL", source.volume),
            ("IS", str(source.number)),
            ("SP", str(cited.first_page)),
            ("EP", str(cited.last_page)),
        ]
        if source.issued is not None:
            source_tags += _ris_date(source.issued)
        source_tags += [("UR", source.url), ("N1", source.citation)]
        records.append(_ris_record(source_tags))
    return "\r\n".join(records)


# -- plain text -------------------------------------------------------------------------------


def text(citation: Citation) -> str:
    """One paragraph to paste: the work, its quote (for a position), then its source(s)."""
    year = str(citation.released.year) if citation.released else "n.d."
    parts = [
        f"{AUTHOR} ({year}). {citation.title} (Version {citation.version}) [Data set]. "
        f"{citation.url}."
    ]
    if citation.quote is not None:
        parts.append(f"Quote, p. {citation.sources[0].pages('–')}: “{citation.quote}”.")
    parts += [f"Source: {cited.source.citation} {cited.source.url}" for cited in citation.sources]
    return " ".join(parts) + "\n"


RENDERERS: dict[CitationFormat, Callable[[Citation], str]] = {
    CitationFormat.CSL_JSON: csl_json,
    CitationFormat.BIBTEX: bibtex,
    CitationFormat.RIS: ris,
    CitationFormat.TEXT: text,
}
