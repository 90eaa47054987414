"""Validate the annotation files and resolve them into table rows, without touching a database.

Every problem found is collected, so one run reports all of them, each as
`seed/<file>:<line>: <subject>: <what is wrong>`.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.loader.checker import Checker, Link, NodePath
from app.loader.files import AnnotationErrors, YamlFile
from app.loader.positions import resolve_positions
from app.loader.records import DocumentRecord, IssueRecord, PartyRecord
from app.loader.releases import Release, ReleaseCheck
from app.loader.rows import alias_rows, document_row, issue_row, party_row, referenced_first
from app.loader.scales import check_issue
from app.loader.statuses import computed_statuses
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
    # Which release the seed is (seed/CHANGELOG.md); None for a synthetic corpus.
    release: Release | None = None
    # For a corpus too large to hold (`parley synth`): (documents, positions) rows generated
    # batch by batch as write() consumes them, instead of the two lists above.
    streamed: Iterable[tuple[list[dict[str, Any]], list[dict[str, Any]]]] | None = None

    def batches(self) -> Iterable[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        """Documents and their positions, in batches; a position's document comes in its
        batch or an earlier one, and so does any position it responds to."""
        return self.streamed if self.streamed is not None else [(self.documents, self.positions)]


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
    shapes: dict[str, tuple[type[list[Any]] | type[dict[str, Any]], str]] = {
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
    bundle.documents = _document_rows(checker, documents, party_ids)
    bundle.parties = _party_rows(
        checker, party_file, party_records, party_ids=party_ids, sources=sources, texts=texts
    )
    bundle.party_aliases = alias_rows(party_aliases, party_ids, "party_id", sources)
    bundle.issues = _issue_rows(
        checker, issue_file, issue_records, issue_ids=issue_ids, sources=sources, texts=texts
    )
    bundle.issue_aliases = alias_rows(issue_aliases, issue_ids, "issue_id", sources)
    bundle.positions = _position_rows(
        checker,
        positions_files,
        documents,
        document_ids={row["slug"]: row["id"] for row in bundle.documents},
        party_ids=party_ids,
        issue_ids=issue_ids,
        issues={record.slug: record for _, record in issue_records},
    )

    bundle.release = _release(checker, seed_dir, bundle)
    if checker.errors:
        raise AnnotationErrors(checker.errors)
    bundle.parties = referenced_first(bundle.parties, "id", "affiliation_id")
    bundle.issues = referenced_first(bundle.issues, "id", "parent_id")
    bundle.positions = referenced_first(bundle.positions, "id", "responds_to_id")
    return bundle


Documents = dict[str, tuple[DocumentRecord, ParsedText, str]]  # slug → record, text, digest


def _release(checker: Checker, seed_dir: Path, bundle: Bundle) -> Release | None:
    """The release the seed is (or an error if it is none and nothing is unreleased). The
    released ids are checked only against an otherwise valid seed: a mistake in a position
    (a mistyped id) would otherwise be reported twice."""
    releases = ReleaseCheck(seed_dir)
    release = releases.release(bundle.version)
    if not checker.errors:
        releases.check_ids({row["id"] for row in bundle.positions}, release)
    checker.errors += releases.errors
    return release


def _document_rows(
    checker: Checker, documents: Documents, party_ids: dict[str, int]
) -> list[dict[str, Any]]:
    """The document rows, numbered in file order; an error for each unknown correspondent."""
    rows = []
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
        rows.append(document_row(n, record, parsed, digest))
    return rows


def _party_rows(
    checker: Checker,
    file: YamlFile,
    records: list[tuple[int, PartyRecord]],
    *,
    party_ids: dict[str, int],
    sources: dict[str, str],
    texts: list[str],
) -> list[dict[str, Any]]:
    """The party rows; errors for unknown or circular affiliations, names not in the text and
    missing role sources."""
    rows = []
    affiliations: list[Link] = []
    for index, record in records:
        subject = f"party {record.slug}"
        affiliations += _reference(
            checker,
            file,
            (index, "affiliation"),
            subject,
            name=record.slug,
            target=record.affiliation,
            entity="party",
            known=party_ids,
        )
        if record.name_in_text and not any(record.name_in_text in text for text in texts):
            checker.fail(
                file,
                (index, "name_in_text"),
                subject,
                f"{record.name_in_text!r} is not in the text",
            )
        checker.check_source(
            file,
            (index, "role_source"),
            subject,
            record.role_source,
            sources,
            needed=record.role_basis == Basis.EDITORIAL,
        )
        rows.append(party_row(record, party_ids, sources))
    _refuse_cycles(checker, "party", "affiliation", affiliations)
    return rows


def _issue_rows(
    checker: Checker,
    file: YamlFile,
    records: list[tuple[int, IssueRecord]],
    *,
    issue_ids: dict[str, int],
    sources: dict[str, str],
    texts: list[str],
) -> list[dict[str, Any]]:
    """The issue rows; errors for unknown or circular parents, quotations not in the text and
    missing outcome sources."""
    rows = []
    parents: list[Link] = []
    parent_slugs = {record.parent for _, record in records if record.parent is not None}
    for index, record in records:
        subject = f"issue {record.slug}"
        check_issue(checker, file, index, record, sources, is_parent=record.slug in parent_slugs)
        parents += _reference(
            checker,
            file,
            (index, "parent"),
            subject,
            name=record.slug,
            target=record.parent,
            entity="issue",
            known=issue_ids,
        )
        checker.check_quotations(file, (index, "status_note"), subject, record.status_note, texts)
        checker.check_source(
            file,
            (index, "outcome_source" if record.outcome_source else "outcome"),
            subject,
            record.outcome_source,
            sources,
            needed=record.outcome is not None,
        )
        rows.append(issue_row(record, issue_ids, sources))
    _refuse_cycles(checker, "issue", "parent", parents)
    statuses = computed_statuses(
        {record.slug: record.status for _, record in records if record.status is not None},
        {record.slug: record.parent for _, record in records},
    )
    for row in rows:
        status = statuses.get(row["slug"])
        row["status"] = status.value if status is not None else None
    return rows


def _reference(
    checker: Checker,
    file: YamlFile,
    path: NodePath,
    subject: str,
    *,
    name: str,
    target: str | None,
    entity: str,
    known: dict[str, int],
) -> list[Link]:
    """A record's link to another of its kind (none if it names none), or an error if the
    one it names is unknown."""
    if target is None:
        return []
    if target not in known:
        checker.fail(file, path, subject, f"unknown {entity} {target!r}")
        return []
    return [Link(file, path, name, target)]


def _position_rows(
    checker: Checker,
    positions_files: list[YamlFile],
    documents: Documents,
    *,
    document_ids: dict[str, int],
    party_ids: dict[str, int],
    issue_ids: dict[str, int],
    issues: dict[str, IssueRecord],
) -> list[dict[str, Any]]:
    """The position rows of every positions file; errors for ids repeated across files and
    for `responds_to` references that run in a cycle."""
    parsed_by_slug = {slug: parsed for slug, (_, parsed, _) in documents.items()}
    correspondents = {
        slug: (record.sender, record.recipients) for slug, (record, _, _) in documents.items()
    }
    rows: list[dict[str, Any]] = []
    responses: list[Link] = []
    for file in positions_files:
        file_rows, links = resolve_positions(
            checker,
            file,
            party_ids=party_ids,
            issue_ids=issue_ids,
            issues=issues,
            document_ids=document_ids,
            parsed_by_slug=parsed_by_slug,
            correspondents=correspondents,
            seen_ids={row["id"] for row in rows},
        )
        rows += file_rows
        responses += links
    _refuse_cycles(checker, "position", "responds_to", responses)
    return rows


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
