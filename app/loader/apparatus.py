"""A document's editorial apparatus: the meeting it reports, the evidence for its date, the
related documents of the same negotiation and the people it refers to without naming them.

Every item cites a key of editorial_sources.yaml, and the rows keep both the key and the
citation it stands for. The checks here are the ones Pydantic cannot make: sources and parties
that must exist, words that must be in the text, and positions that must be the document's.
"""

from dataclasses import dataclass
from typing import Any

from app.loader.checker import Checker, NodePath
from app.loader.files import YamlFile
from app.loader.positions import find_quote
from app.loader.records import (
    DocumentRecord,
    EvidenceRecord,
    MeetingRecord,
    RelatedDocumentRecord,
)
from app.loader.text import ParsedText, Span


def _cited(key: str | None, sources: dict[str, str]) -> dict[str, str | None]:
    return {"source": key, "citation": sources.get(key or "")}


def _evidence(items: list[EvidenceRecord], sources: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {**_cited(item.source, sources), "quote": item.quote, "shows": item.shows} for item in items
    ]


@dataclass(frozen=True)
class _Scope:
    """Where one document's apparatus errors go, and what its references are checked against."""

    checker: Checker
    file: YamlFile
    index: int  # of the document in documents.yaml
    subject: str
    sources: dict[str, str]

    def fail(self, path: NodePath, message: str) -> None:
        self.checker.fail(self.file, (self.index, *path), self.subject, message)

    def source(self, path: NodePath, key: str | None, *, needed: bool = True) -> None:
        self.checker.check_source(
            self.file, (self.index, *path), self.subject, key, self.sources, needed=needed
        )


def check_apparatus(
    checker: Checker,
    file: YamlFile,
    index: int,
    record: DocumentRecord,
    *,
    parsed: ParsedText,
    sources: dict[str, str],
    party_ids: dict[str, int],
) -> None:
    """Errors for unknown sources and parties, repeated related documents, a date without a
    source, and unnamed persons whose words are not in the text or who are named unsourced."""
    scope = _Scope(checker, file, index, f"document {record.slug}", sources)
    for n, item in enumerate(record.editorial_date_evidence):
        scope.source(("editorial_date_evidence", n, "source"), item.source)
    if record.meeting is not None:
        _check_meeting(scope, record.meeting, party_ids)
    _check_related(scope, record.related_documents)
    for n, person in enumerate(record.unnamed_persons):
        path = ("unnamed_persons", n)
        span, problem = find_quote(parsed.text, person.words, person.occurrence)
        if span is None:
            scope.fail((*path, "words"), f"{person.words!r}: {problem}")
        scope.source(
            (*path, "source" if person.source else "identified_as"),
            person.source,
            needed=person.identified_as is not None,
        )


def _check_meeting(scope: _Scope, meeting: MeetingRecord, party_ids: dict[str, int]) -> None:
    for n, present in enumerate(meeting.present):
        scope.source(("meeting", "present", n, "source"), present.source)
        if present.party is not None and present.party not in party_ids:
            scope.fail(("meeting", "present", n, "party"), f"unknown party {present.party!r}")
    for n, item in enumerate(meeting.evidence):
        scope.source(("meeting", "evidence", n, "source"), item.source)


def _check_related(scope: _Scope, related_documents: list[RelatedDocumentRecord]) -> None:
    seen: set[str] = set()
    for n, related in enumerate(related_documents):
        path = ("related_documents", n)
        if related.id in seen:
            scope.fail((*path, "id"), f"related document {related.id!r} is listed twice")
        seen.add(related.id)
        scope.source((*path, "source"), related.source)
        scope.source(
            (*path, "date_source" if related.date_source else "date"),
            related.date_source,
            needed=related.date is not None,
        )


def _span(parsed: ParsedText, words: str, occurrence: int | None) -> dict[str, int] | None:
    span: Span | None = find_quote(parsed.text, words, occurrence)[0]
    return None if span is None else {"start": span.start, "end": span.end}


def apparatus_columns(
    record: DocumentRecord, parsed: ParsedText, sources: dict[str, str]
) -> dict[str, Any]:
    """The document row's apparatus columns, JSON-ready (dates as ISO strings)."""
    meeting = record.meeting
    return {
        "editorial_date_evidence": _evidence(record.editorial_date_evidence, sources),
        "meeting": meeting
        and {
            "description": meeting.description,
            "date": meeting.date.isoformat(),
            "time": meeting.time,
            "place": meeting.place,
            "present": [
                {
                    "party": present.party,
                    "name": present.name,
                    "role": present.role,
                    **_cited(present.source, sources),
                    "note": present.note,
                }
                for present in meeting.present
            ],
            "evidence": _evidence(meeting.evidence, sources),
            "note": meeting.note,
        },
        "related_documents": [
            {
                "id": related.id,
                "title": related.title,
                "date": related.date and related.date.isoformat(),
                "date_source": related.date_source,
                "date_citation": sources.get(related.date_source or ""),
                "date_note": related.date_note,
                "relation": related.relation.value,
                "summary": related.summary,
                "url": related.url,
                **_cited(related.source, sources),
                "source_status": related.source_status.value,
            }
            for related in record.related_documents
        ],
        "unnamed_persons": [
            {
                "words": person.words,
                "span": _span(parsed, person.words, person.occurrence),
                "position": person.position,
                "identified_as": person.identified_as,
                **_cited(person.source, sources),
                "note": person.note,
            }
            for person in record.unnamed_persons
        ],
    }


def check_unnamed_positions(
    checker: Checker,
    file: YamlFile,
    documents: dict[str, tuple[int, DocumentRecord]],
    declared: dict[str, str],
) -> None:
    """An error for each unnamed person whose `position` is not one of its document's.

    `documents`: slug → (index in documents.yaml, record); `declared`: position id → the slug
    of the document whose positions file holds it. A position in a file that names no known
    document is given the benefit of the doubt: that file's own error says what is wrong."""
    for slug, (index, record) in documents.items():
        for n, person in enumerate(record.unnamed_persons):
            if person.position is None:
                continue
            owner = declared.get(person.position)
            if owner is None or (owner in documents and owner != slug):
                checker.fail(
                    file,
                    (index, "unnamed_persons", n, "position"),
                    f"document {slug}",
                    f"{person.position!r} is not a position of this document",
                )
