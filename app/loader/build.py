"""Validate the annotation files and resolve them into table rows, without touching a database.

Every problem found is collected, so one run reports all of them, each as
`seed/<file>:<line>: <subject>: <what is wrong>`.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from app.loader.checker import Checker
from app.loader.files import AnnotationErrors, YamlFile
from app.loader.positions import resolve_positions
from app.loader.records import DocumentRecord, IssueRecord, PartyRecord
from app.text import ParsedText
from app.vocabulary import Basis

R = TypeVar("R", bound=BaseModel)


@dataclass
class Bundle:
    """Everything a load writes: rows per table, ready for INSERT, plus the dataset version."""

    version: str
    source_sha256: str
    documents: list[dict[str, Any]] = field(default_factory=list)
    parties: list[dict[str, Any]] = field(default_factory=list)
    party_aliases: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)
    issue_aliases: list[dict[str, Any]] = field(default_factory=list)
    positions: list[dict[str, Any]] = field(default_factory=list)


def _referenced_first(rows: list[dict[str, Any]], key: str, ref: str) -> list[dict[str, Any]]:
    """Order rows so that a row comes after the row it references (foreign keys are immediate)."""
    by_key = {row[key]: row for row in rows}
    ordered: list[dict[str, Any]] = []
    placed: set[Any] = set()

    def place(row: dict[str, Any], seen: frozenset[Any]) -> None:
        if row[key] in placed:
            return
        target = row.get(ref)
        if target is not None and target in by_key and target not in seen:
            place(by_key[target], seen | {row[key]})
        placed.add(row[key])
        ordered.append(row)

    for row in rows:
        place(row, frozenset())
    return ordered


def dataset_files(seed_dir: Path) -> list[Path]:
    """Every file whose bytes make up the dataset, in a fixed order."""
    files = [
        seed_dir / name
        for name in ("documents.yaml", "parties.yaml", "issues.yaml", "editorial_sources.yaml")
    ]
    files += sorted((seed_dir / "positions").glob("*.yaml"))
    files += sorted((seed_dir / "sources").glob("*.txt"))
    return files


def dataset_version(seed_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in dataset_files(seed_dir):
        digest.update(path.relative_to(seed_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def build(seed_dir: Path) -> Bundle:
    """Validate everything under `seed_dir`; return the rows, or raise AnnotationErrors."""
    builder = Checker(seed_dir)
    sources = builder.sources()
    documents = builder.documents()
    texts = [parsed.text for _, parsed, _ in documents.values()]
    party_records, party_aliases, party_file = builder.entities(
        "parties.yaml", PartyRecord, "party", sources, texts
    )
    issue_records, issue_aliases, issue_file = builder.entities(
        "issues.yaml", IssueRecord, "issue", sources, texts
    )

    party_ids = {record.slug: n for n, (_, record) in enumerate(party_records, start=1)}
    issue_ids = {record.slug: n for n, (_, record) in enumerate(issue_records, start=1)}

    bundle = Bundle(version=dataset_version(seed_dir), source_sha256="")
    for n, (slug, (record, parsed, digest)) in enumerate(documents.items(), start=1):
        for field_name, parties in (("sender", [record.sender]), ("recipients", record.recipients)):
            for party in parties:
                if party not in party_ids:
                    builder.fail(
                        builder.documents_file,
                        (builder.document_index[slug], field_name),
                        f"document {slug}",
                        f"unknown party {party!r}",
                    )
        bundle.documents.append(_document_row(n, record, parsed, digest))
    bundle.source_sha256 = ",".join(digest for _, _, digest in documents.values())

    for index, record in party_records:
        subject = f"party {record.slug}"
        if record.affiliation is not None and record.affiliation not in party_ids:
            builder.fail(
                party_file, (index, "affiliation"), subject, f"unknown party {record.affiliation!r}"
            )
        if record.name_in_text and not any(record.name_in_text in text for text in texts):
            builder.fail(
                party_file,
                (index, "name_in_text"),
                subject,
                f"{record.name_in_text!r} is not in the text",
            )
        builder.check_source(
            party_file,
            (index, "role_source"),
            subject,
            record.role_source,
            sources,
            needed=record.role_basis == Basis.EDITORIAL,
        )
        bundle.parties.append(
            {
                "id": party_ids[record.slug],
                "slug": record.slug,
                "name": record.name,
                "name_in_text": record.name_in_text,
                "kind": record.kind.value,
                "affiliation_id": party_ids.get(record.affiliation or ""),
                "role": record.role,
                "role_basis": record.role_basis and record.role_basis.value,
                "role_source": sources.get(record.role_source or ""),
            }
        )
    bundle.party_aliases = _alias_rows(party_aliases, party_ids, "party_id", sources)

    for index, record in issue_records:
        subject = f"issue {record.slug}"
        if record.parent is not None and record.parent not in issue_ids:
            builder.fail(issue_file, (index, "parent"), subject, f"unknown issue {record.parent!r}")
        builder.check_source(
            issue_file,
            (index, "outcome_source"),
            subject,
            record.outcome_source,
            sources,
            needed=record.outcome is not None,
        )
        bundle.issues.append(
            {
                "id": issue_ids[record.slug],
                "slug": record.slug,
                "name": record.name,
                "description": record.description,
                "parent_id": issue_ids.get(record.parent or ""),
                "status": record.status.value,
                "status_note": record.status_note,
                "editorial_outcome": record.outcome,
                "editorial_outcome_source": sources.get(record.outcome_source or ""),
            }
        )
    _refuse_cycles(builder, issue_file, issue_records)
    bundle.issue_aliases = _alias_rows(issue_aliases, issue_ids, "issue_id", sources)

    document_ids = {row["slug"]: row["id"] for row in bundle.documents}
    parsed_by_slug = {slug: parsed for slug, (_, parsed, _) in documents.items()}
    senders = {
        slug: (record.sender, record.recipients) for slug, (record, _, _) in documents.items()
    }
    for path in sorted((seed_dir / "positions").glob("*.yaml")):
        file = builder.read(f"positions/{path.name}")
        bundle.positions += resolve_positions(
            builder,
            file,
            party_ids=party_ids,
            issue_ids=issue_ids,
            document_ids=document_ids,
            parsed_by_slug=parsed_by_slug,
            senders=senders,
            seen_ids={p["id"] for p in bundle.positions},
        )

    if builder.errors:
        raise AnnotationErrors(builder.errors)
    bundle.parties = _referenced_first(bundle.parties, "id", "affiliation_id")
    bundle.issues = _referenced_first(bundle.issues, "id", "parent_id")
    bundle.positions = _referenced_first(bundle.positions, "id", "responds_to_id")
    return bundle


def _document_row(n: int, record: DocumentRecord, parsed: ParsedText, digest: str) -> dict:
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
        "editorial_date": record.editorial_date,
        "editorial_date_source": record.editorial_date_source,
        "text": parsed.text,
        "page_breaks": [{"page": b.page, "offset": b.offset} for b in parsed.page_breaks],
        "paragraphs": [
            {"number": p.number, "start": p.start, "end": p.end} for p in parsed.paragraphs
        ],
        "received_sha256": digest,
    }


def _alias_rows(aliases, owner_ids: dict[str, int], owner_column: str, sources) -> list[dict]:
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


def _refuse_cycles(builder: Checker, file: YamlFile, records: Iterable[tuple[int, IssueRecord]]):
    records = list(records)
    parents = {record.slug: record.parent for _, record in records}
    for index, record in records:
        seen = {record.slug}
        parent = record.parent
        while parent is not None and parent in parents:
            if parent in seen:
                builder.fail(
                    file, (index, "parent"), f"issue {record.slug}", "issues nest in a cycle"
                )
                break
            seen.add(parent)
            parent = parents[parent]
