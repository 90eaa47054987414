"""Records → table rows, ready for INSERT, and the order the rows of a table go in."""

from collections.abc import Iterable
from typing import Any

from app.loader.apparatus import apparatus_columns
from app.loader.records import AliasRecord, DocumentRecord, IssueRecord, PartyRecord
from app.loader.text import ParsedText

TableRow = dict[str, Any]  # column → value, as INSERT takes it


def document_row(
    n: int,
    record: DocumentRecord,
    parsed: ParsedText,
    digest: str,
    sources: dict[str, str] | None = None,
) -> TableRow:
    """The document's row; `context_count` is filled in once its context sentences are known."""
    heading = [parsed.text[span.start : span.end] for span in parsed.heading_lines]
    return {
        "id": n,
        "slug": record.slug,
        "title": record.title,
        "source_note": heading[0] if heading else "",
        "heading": heading[-1] if heading else "",
        "kind": record.kind,
        "sender": record.sender,
        "recipients": list(record.recipients),
        "series": record.series,
        "volume": record.volume,
        "number": record.number,
        "first_page": record.first_page,
        "last_page": record.last_page,
        "citation": record.citation,
        "url": record.url,
        "frus_id": record.frus_id,
        "editorial_date": record.editorial_date,
        "editorial_date_source": record.editorial_date_source,
        "text": parsed.text,
        "page_breaks": [{"page": b.page, "offset": b.offset} for b in parsed.page_breaks],
        "paragraphs": [
            {"number": p.number, "start": p.start, "end": p.end} for p in parsed.paragraphs
        ],
        "received_sha256": digest,
        **apparatus_columns(record, parsed, sources or {}),
        "context_count": 0,
    }


def party_row(record: PartyRecord, party_ids: dict[str, int], sources: dict[str, str]) -> TableRow:
    return {
        "id": party_ids[record.slug],
        "slug": record.slug,
        "name": record.name,
        "name_in_text": record.name_in_text,
        "kind": record.kind.value,
        "affiliation_id": party_ids.get(record.affiliation or ""),
        "role": record.role,
        "role_basis": record.role_basis and record.role_basis.value,
        "role_source": sources.get(record.role_source or ""),
        "wikidata_id": record.wikidata,
        "wikidata_source": sources.get(record.wikidata_source or ""),
        "colour": record.colour,
    }


def issue_row(record: IssueRecord, issue_ids: dict[str, int], sources: dict[str, str]) -> TableRow:
    reference = record.reference_point
    return {
        "id": issue_ids[record.slug],
        "slug": record.slug,
        "name": record.name,
        "description": record.description,
        "parent_id": issue_ids.get(record.parent or ""),
        "status": record.status and record.status.value,  # a parent's is computed later
        "status_note": record.status_note,
        "editorial_outcome": record.outcome,
        "editorial_outcome_source": sources.get(record.outcome_source or ""),
        "scale": [step.label for step in record.scale] if record.scale else None,
        "scale_note": record.scale_note,
        "reference_point": reference
        and {
            "point": reference.point,
            "quote": reference.quote,
            "source": sources.get(reference.source or ""),
            "note": reference.note,
        },
        "outcome_point": record.outcome_point,
    }


def alias_rows(
    aliases: Iterable[tuple[str, int, AliasRecord, str]],
    owner_ids: dict[str, int],
    owner_column: str,
    sources: dict[str, str],
) -> list[TableRow]:
    return [
        {
            "id": n,
            owner_column: owner_ids[owner],
            "slug": slug,
            "text": alias.text,
            "kind": alias.kind.value,
            "romanisation": alias.romanisation,
            "source": sources.get(alias.source or ""),
        }
        for n, (owner, _, alias, slug) in enumerate(aliases, start=1)
    ]


def referenced_first(rows: list[dict[str, Any]], key: str, ref: str) -> list[dict[str, Any]]:
    """Order rows so that a row comes after the row it references (foreign keys are immediate).

    Each row appears once, even if the references run in a cycle (which validation refuses)."""
    by_key = {row[key]: row for row in rows}
    ordered: list[dict[str, Any]] = []
    placed: set[Any] = set()
    for row in rows:
        chain: list[dict[str, Any]] = []  # row, the row it references, that row's, …
        in_chain: set[Any] = set()
        current: dict[str, Any] | None = row
        while current is not None and current[key] not in placed and current[key] not in in_chain:
            chain.append(current)
            in_chain.add(current[key])
            current = by_key.get(current.get(ref))
        for link in reversed(chain):
            placed.add(link[key])
            ordered.append(link)
    return ordered
