"""Validate the annotation files and resolve them into table rows, without touching a database.

Every problem found is collected, so one run reports all of them, each as
`seed/<file>:<line>: <subject>: <what is wrong>`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from app.loader.apparatus import check_unnamed_positions
from app.loader.certainty import ModeWordings
from app.loader.checker import Checker, Link
from app.loader.cycles import refuse_cycles
from app.loader.entities import Documents, document_rows, issue_rows, party_rows
from app.loader.files import AnnotationErrors, YamlFile
from app.loader.hashes import TOP_LEVEL_FILES, loader_code_hash, seed_content_hash
from app.loader.positions import resolve_positions
from app.loader.records import IssueRecord, PartyRecord
from app.loader.releases import Release, ReleaseCheck
from app.loader.rows import alias_rows, referenced_first

Rows = list[dict[str, Any]]


class Batch(NamedTuple):
    """Rows of some documents and of what belongs to them, written together."""

    documents: Rows
    positions: Rows
    responses: Rows  # position_response rows
    context_sentences: Rows


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
    responses: list[dict[str, Any]] = field(default_factory=list)  # position_response rows
    context_sentences: list[dict[str, Any]] = field(default_factory=list)
    # Which release the seed is (seed/CHANGELOG.md); None for a synthetic corpus.
    release: Release | None = None
    # For a corpus too large to hold (`parley synth`): the rows of the four lists above,
    # generated batch by batch as write() consumes them.
    streamed: Iterable[Batch] | None = None

    def batches(self) -> Iterable[Batch]:
        """Documents with their positions, responses and context sentences, in batches; a
        row's document comes in its batch or an earlier one, and so does any position a
        position responds to."""
        if self.streamed is not None:
            return self.streamed
        return [Batch(self.documents, self.positions, self.responses, self.context_sentences)]


def response_rows(links: list[Link]) -> Rows:
    """A `position_response` row for each `responds_to` link."""
    return [{"position_id": link.name, "responds_to_id": link.target} for link in links]


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
    bundle.documents = document_rows(checker, documents, party_ids, sources)
    bundle.parties = party_rows(
        checker, party_file, party_records, party_ids=party_ids, sources=sources, texts=texts
    )
    bundle.party_aliases = alias_rows(party_aliases, party_ids, "party_id", sources)
    bundle.issues = issue_rows(
        checker, issue_file, issue_records, issue_ids=issue_ids, sources=sources, texts=texts
    )
    bundle.issue_aliases = alias_rows(issue_aliases, issue_ids, "issue_id", sources)
    document_ids = {row["slug"]: row["id"] for row in bundle.documents}
    bundle.positions, bundle.responses, bundle.context_sentences = _position_rows(
        checker,
        positions_files,
        documents,
        document_ids=document_ids,
        party_ids=party_ids,
        issue_ids=issue_ids,
        issues={record.slug: record for _, record in issue_records},
    )
    check_unnamed_positions(
        checker,
        checker.documents_file,
        {
            slug: (checker.document_index[slug], record)
            for slug, (record, _, _) in documents.items()
        },
        _declared_positions(positions_files),
    )
    for row in bundle.documents:
        row["context_count"] = sum(
            1 for context in bundle.context_sentences if context["document_id"] == row["id"]
        )

    bundle.release = _release(checker, seed_dir, bundle)
    if checker.errors:
        raise AnnotationErrors(checker.errors)
    bundle.parties = referenced_first(bundle.parties, "id", "affiliation_id")
    bundle.issues = referenced_first(bundle.issues, "id", "parent_id")
    return bundle


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


def _position_rows(
    checker: Checker,
    positions_files: list[YamlFile],
    documents: Documents,
    *,
    document_ids: dict[str, int],
    party_ids: dict[str, int],
    issue_ids: dict[str, int],
    issues: dict[str, IssueRecord],
) -> tuple[Rows, Rows, Rows]:
    """The position rows of every positions file, their `position_response` rows and the
    context sentence rows; errors for ids repeated across files, for `responds_to`
    references that run in a cycle and for a wording of a mode coded with two modes."""
    parsed_by_slug = {slug: parsed for slug, (_, parsed, _) in documents.items()}
    correspondents = {
        slug: (record.sender, record.recipients) for slug, (record, _, _) in documents.items()
    }
    rows: list[dict[str, Any]] = []
    context: list[dict[str, Any]] = []
    responses: list[Link] = []
    mode_wordings = ModeWordings()
    for file in positions_files:
        resolved = resolve_positions(
            checker,
            file,
            party_ids=party_ids,
            issue_ids=issue_ids,
            issues=issues,
            document_ids=document_ids,
            parsed_by_slug=parsed_by_slug,
            correspondents=correspondents,
            seen_ids={row["id"] for row in rows},
            mode_wordings=mode_wordings,
        )
        rows += resolved.positions
        context += resolved.context
        responses += resolved.links
    refuse_cycles(checker, "position", "responds_to", responses)
    return rows, response_rows(responses), context


def _declared_positions(positions_files: list[YamlFile]) -> dict[str, str]:
    """Position id → the slug of the document its file names, for every entry written, valid
    or not (a position refused for its own mistake is still the document's)."""
    declared: dict[str, str] = {}
    for file in positions_files:
        document, entries = file.data.get("document"), file.data.get("positions")
        if not isinstance(document, str) or not isinstance(entries, list):
            continue
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                declared.setdefault(entry["id"], document)
    return declared
