"""Validate the annotation files and resolve them into table rows, without touching a database.

Every problem found is collected, so one run reports all of them, each as
`seed/<file>:<line>: <subject>: <what is wrong>`.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.loader.checker import Checker, Link
from app.loader.files import AnnotationErrors, YamlFile
from app.loader.positions import resolve_positions
from app.loader.records import DocumentRecord, IssueRecord, PartyRecord
from app.loader.text import ParsedText
from app.vocabulary import Basis

TOP_LEVEL_FILES = ("documents.yaml", "parties.yaml", "issues.yaml", "editorial_sources.yaml")


@dataclass
class Bundle:
    """Everything a load writes: rows per table, ready for INSERT, plus the dataset version."""

    version: str
    loader_sha256: str
    documents: list[dict[str, Any]] = field(default_factory=list)
    parties: list[dict[str, Any]] = field(default_factory=list)
    party_aliases: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)
    issue_aliases: list[dict[str, Any]] = field(default_factory=list)
    positions: list[dict[str, Any]] = field(default_factory=list)
    # For a corpus too large to hold (`parley synth`): (documents, positions) rows generated
    # batch by batch as write() consumes them, instead of the two lists above.
    streamed: Iterable[tuple[list[dict[str, Any]], list[dict[str, Any]]]] | None = None

    def batches(self) -> Iterable[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        """Documents and their positions, in batches; a position's document comes in its
        batch or an earlier one, and so does any position it responds to."""
        return self.streamed if self.streamed is not None else [(self.documents, self.positions)]


def _referenced_first(rows: list[dict[str, Any]], key: str, ref: str) -> list[dict[str, Any]]:
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


def dataset_files(seed_dir: Path) -> list[Path]:
    """Every file whose bytes make up the dataset, in a fixed order."""
    files = [seed_dir / name for name in TOP_LEVEL_FILES]
    files += sorted((seed_dir / "positions").glob("*.yaml"))
    files += sorted((seed_dir / "sources").glob("*.txt"))
    return files


def seed_content_hash(seed_dir: Path) -> str:
    """SHA-256 over the seed's files, names and bytes: the dataset version a load records
    (a missing file counts as absent, so the hash changes)."""
    digest = hashlib.sha256()
    for path in dataset_files(seed_dir):
        if not path.is_file():
            continue
        digest.update(path.relative_to(seed_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def loader_code_hash() -> str:
    """A hash of the code that turns the seed into rows: when it changes, the same seed can
    give other rows, so a loaded database is stale even if its dataset version matches."""
    code = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(code.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_files(checker: Checker) -> tuple[dict[str, YamlFile], list[YamlFile]]:
    """Every annotation file, parsed; AnnotationErrors if any is missing, invalid or misshapen,
    since nothing else can be checked against a file that could not be read."""
    shapes = {
        "documents.yaml": (list, "document records"),
        "parties.yaml": (list, "party records"),
        "issues.yaml": (list, "issue records"),
        "editorial_sources.yaml": (dict, "source keys to citations"),
    }
    files = {name: checker.read(name, *shapes[name]) for name in TOP_LEVEL_FILES}
    positions = [
        checker.read(f"positions/{path.name}", dict, "document, context and positions")
        for path in sorted((checker.seed_dir / "positions").glob("*.yaml"))
    ]
    if checker.errors:
        raise AnnotationErrors(checker.errors)
    return (
        {name: file for name, file in files.items() if file is not None},
        [file for file in positions if file is not None],
    )


def build(seed_dir: Path) -> Bundle:
    """Validate everything under `seed_dir`; return the rows, or raise AnnotationErrors."""
    checker = Checker(seed_dir)
    files, positions_files = _read_files(checker)
    sources = checker.sources(files["editorial_sources.yaml"])
    documents = checker.documents(files["documents.yaml"])
    if not checker.texts_complete:
        # Names, quotations and quotes are all checked against the texts: without one of them,
        # those checks would report mistakes that are not there.
        raise AnnotationErrors(checker.errors)
    texts = [parsed.text for _, parsed, _ in documents.values()]
    party_file = files["parties.yaml"]
    party_records, party_aliases = checker.entities(
        party_file, PartyRecord, "party", sources, texts
    )
    issue_file = files["issues.yaml"]
    issue_records, issue_aliases = checker.entities(
        issue_file, IssueRecord, "issue", sources, texts
    )

    party_ids = {record.slug: n for n, (_, record) in enumerate(party_records, start=1)}
    issue_ids = {record.slug: n for n, (_, record) in enumerate(issue_records, start=1)}

    bundle = Bundle(version=seed_content_hash(seed_dir), loader_sha256=loader_code_hash())
    for n, (slug, (record, parsed, digest)) in enumerate(documents.items(), start=1):
        for field_name, parties in (("sender", [record.sender]), ("recipients", record.recipients)):
            for party in parties:
                if party not in party_ids:
                    checker.fail(
                        checker.documents_file,
                        (checker.document_index[slug], field_name),
                        f"document {slug}",
                        f"unknown party {party!r}",
                    )
        bundle.documents.append(document_row(n, record, parsed, digest))

    affiliations: list[Link] = []
    for index, record in party_records:
        subject = f"party {record.slug}"
        if record.affiliation is not None:
            if record.affiliation in party_ids:
                affiliations.append(
                    Link(party_file, (index, "affiliation"), record.slug, record.affiliation)
                )
            else:
                checker.fail(
                    party_file,
                    (index, "affiliation"),
                    subject,
                    f"unknown party {record.affiliation!r}",
                )
        if record.name_in_text and not any(record.name_in_text in text for text in texts):
            checker.fail(
                party_file,
                (index, "name_in_text"),
                subject,
                f"{record.name_in_text!r} is not in the text",
            )
        checker.check_source(
            party_file,
            (index, "role_source"),
            subject,
            record.role_source,
            sources,
            needed=record.role_basis == Basis.EDITORIAL,
        )
        bundle.parties.append(party_row(record, party_ids, sources))
    _refuse_cycles(checker, "party", "affiliation", affiliations)
    bundle.party_aliases = alias_rows(party_aliases, party_ids, "party_id", sources)

    parents: list[Link] = []
    for index, record in issue_records:
        subject = f"issue {record.slug}"
        if record.parent is not None:
            if record.parent in issue_ids:
                parents.append(Link(issue_file, (index, "parent"), record.slug, record.parent))
            else:
                checker.fail(
                    issue_file, (index, "parent"), subject, f"unknown issue {record.parent!r}"
                )
        checker.check_quotations(
            issue_file, (index, "status_note"), subject, record.status_note, texts
        )
        checker.check_source(
            issue_file,
            (index, "outcome_source"),
            subject,
            record.outcome_source,
            sources,
            needed=record.outcome is not None,
        )
        bundle.issues.append(issue_row(record, issue_ids, sources))
    _refuse_cycles(checker, "issue", "parent", parents)
    bundle.issue_aliases = alias_rows(issue_aliases, issue_ids, "issue_id", sources)

    document_ids = {row["slug"]: row["id"] for row in bundle.documents}
    parsed_by_slug = {slug: parsed for slug, (_, parsed, _) in documents.items()}
    correspondents = {
        slug: (record.sender, record.recipients) for slug, (record, _, _) in documents.items()
    }
    responses: list[Link] = []
    for file in positions_files:
        rows, links = resolve_positions(
            checker,
            file,
            party_ids=party_ids,
            issue_ids=issue_ids,
            document_ids=document_ids,
            parsed_by_slug=parsed_by_slug,
            correspondents=correspondents,
            seen_ids={p["id"] for p in bundle.positions},
        )
        bundle.positions += rows
        responses += links
    _refuse_cycles(checker, "position", "responds_to", responses)

    if checker.errors:
        raise AnnotationErrors(checker.errors)
    bundle.parties = _referenced_first(bundle.parties, "id", "affiliation_id")
    bundle.issues = _referenced_first(bundle.issues, "id", "parent_id")
    bundle.positions = _referenced_first(bundle.positions, "id", "responds_to_id")
    return bundle


def document_row(n: int, record: DocumentRecord, parsed: ParsedText, digest: str) -> dict:
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


def party_row(record: PartyRecord, party_ids: dict[str, int], sources: dict[str, str]) -> dict:
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
    }


def issue_row(record: IssueRecord, issue_ids: dict[str, int], sources: dict[str, str]) -> dict:
    return {
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


def alias_rows(aliases, owner_ids: dict[str, int], owner_column: str, sources) -> list[dict]:
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


def _refuse_cycles(checker: Checker, kind: str, field_name: str, links: list[Link]) -> None:
    """Refuse references that run in a cycle (a record referring to itself is the shortest),
    with an error at the reference of each record in the cycle."""
    target_of: dict[str, str] = {}
    for link in links:
        target_of.setdefault(link.name, link.target)
    for link in links:
        chain = [link.name]
        current: str | None = link.target
        while current is not None and current not in chain:
            chain.append(current)
            current = target_of.get(current)
        if current == link.name:
            checker.fail(
                link.file,
                link.path,
                f"{kind} {link.name}",
                f"{field_name} chain returns to {kind} {link.name}: {' → '.join(chain)} → {link.name}",
            )
