"""Validate the annotation files and resolve them into table rows, without touching a database.

Every problem found is collected, so one run reports all of them, each as
`seed/<file>:<line>: <subject>: <what is wrong>`.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from app.colours import MINIMUM_CONTRAST, contrast
from app.loader.apparatus import check_apparatus, check_unnamed_positions
from app.loader.certainty import ModeWordings
from app.loader.checker import Checker, Link, NodePath
from app.loader.files import AnnotationErrors, YamlFile
from app.loader.positions import resolve_positions
from app.loader.records import DocumentRecord, IssueRecord, PartyRecord
from app.loader.releases import Release, ReleaseCheck
from app.loader.rows import alias_rows, document_row, issue_row, party_row, referenced_first
from app.loader.scales import check_issue
from app.loader.statuses import computed_statuses
from app.loader.text import ParsedText
from app.vocabulary import Basis, PartyKind

TOP_LEVEL_FILES = ("documents.yaml", "parties.yaml", "issues.yaml", "editorial_sources.yaml")
# Only people and states have an authority id: a government, a party or an office of 1945 has
# no item that one could confirm is the same body.
WIKIDATA_KINDS = frozenset({PartyKind.PERSON, PartyKind.STATE})
FRUS_DOCUMENT_URL = "https://history.state.gov/historicaldocuments/{volume}/{document}"

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
    bundle.documents = _document_rows(checker, documents, party_ids, sources)
    bundle.parties = _party_rows(
        checker, party_file, party_records, party_ids=party_ids, sources=sources, texts=texts
    )
    bundle.party_aliases = alias_rows(party_aliases, party_ids, "party_id", sources)
    bundle.issues = _issue_rows(
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
    checker: Checker, documents: Documents, party_ids: dict[str, int], sources: dict[str, str]
) -> list[dict[str, Any]]:
    """The document rows, numbered in file order; an error for each unknown correspondent,
    and for each mistake in the editorial apparatus."""
    rows = []
    for n, (slug, (record, parsed, digest)) in enumerate(documents.items(), start=1):
        check_apparatus(
            checker,
            checker.documents_file,
            checker.document_index[slug],
            record,
            parsed=parsed,
            sources=sources,
            party_ids=party_ids,
        )
        for field_name, parties in (("sender", [record.sender]), ("recipients", record.recipients)):
            for party in parties:
                if party not in party_ids:
                    checker.fail(
                        checker.documents_file,
                        (checker.document_index[slug], field_name),
                        f"document {slug}",
                        f"unknown party {party!r}",
                    )
        if record.frus_id is not None and record.url != frus_url(record.frus_id):
            checker.fail(
                checker.documents_file,
                (checker.document_index[slug], "frus_id"),
                f"document {slug}",
                f"frus_id {record.frus_id} names {frus_url(record.frus_id)}, not the url",
            )
        rows.append(document_row(n, record, parsed, digest, sources))
    return rows


def frus_url(frus_id: str) -> str:
    """The Office of the Historian's page of a FRUS document, from its id (`frus1945v07-d644`)."""
    volume, document = frus_id.rsplit("-", 1)
    return FRUS_DOCUMENT_URL.format(volume=volume, document=document)


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
    wikidata_owners: dict[str, str] = {}
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
        _check_wikidata(checker, file, index, record, sources=sources, owners=wikidata_owners)
        if record.colour and contrast(record.colour, "#ffffff") < MINIMUM_CONTRAST:
            checker.fail(
                file,
                (index, "colour"),
                subject,
                f"{record.colour} has {contrast(record.colour, '#ffffff'):.2f}:1 contrast with "
                f"white; WCAG AA needs {MINIMUM_CONTRAST}:1",
            )
        rows.append(party_row(record, party_ids, sources))
    _refuse_cycles(checker, "party", "affiliation", affiliations)
    return rows


def _check_wikidata(
    checker: Checker,
    file: YamlFile,
    index: int,
    record: PartyRecord,
    *,
    sources: dict[str, str],
    owners: dict[str, str],
) -> None:
    """A Wikidata id only for a person or a state, only with the source that confirmed it,
    and never the same id for two parties (`owners`: id → the first party that has it)."""
    subject = f"party {record.slug}"
    checker.check_source(
        file,
        (index, "wikidata_source"),
        subject,
        record.wikidata_source,
        sources,
        needed=record.wikidata is not None,
    )
    if record.wikidata is None:
        if record.wikidata_source is not None:
            checker.fail(file, (index, "wikidata_source"), subject, "a source but no wikidata id")
        return
    if record.kind not in WIKIDATA_KINDS:
        checker.fail(
            file,
            (index, "wikidata"),
            subject,
            f"a party of kind {record.kind.value} has no Wikidata id (people and states do)",
        )
    owner = owners.setdefault(record.wikidata, record.slug)
    if owner != record.slug:
        checker.fail(
            file, (index, "wikidata"), subject, f"{record.wikidata} is party {owner}'s already"
        )


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
    _refuse_cycles(checker, "position", "responds_to", responses)
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


def _refuse_cycles(checker: Checker, kind: str, field_name: str, links: list[Link]) -> None:
    """Refuse references that run in a cycle (a record referring to itself is the shortest),
    with an error at each reference that lies on one. A record may refer to several others
    (`responds_to`), so a link is on a cycle when its target leads back to the record."""
    targets: dict[str, list[str]] = {}
    for link in links:
        targets.setdefault(link.name, []).append(link.target)
    cyclic = _on_cycles(targets)
    for link in links:
        if link.name not in cyclic or link.target not in cyclic:
            continue
        chain = _path(targets, link.target, link.name)
        if chain is None:
            continue
        checker.fail(
            link.file,
            link.path,
            f"{kind} {link.name}",
            f"{field_name} chain returns to {kind} {link.name}: {' → '.join([link.name, *chain])}",
        )


def _on_cycles(targets: dict[str, list[str]]) -> set[str]:
    """The records that lie on some cycle: those left after repeatedly removing every record
    that refers to nothing left (Kahn's algorithm, in time linear in the links)."""
    referrers: dict[str, list[str]] = {}
    remaining = {name: len(set(found)) for name, found in targets.items()}
    for name, found in targets.items():
        for target in set(found):
            referrers.setdefault(target, []).append(name)
            remaining.setdefault(target, 0)
    settled = [name for name, count in remaining.items() if count == 0]
    while settled:
        name = settled.pop()
        for referrer in referrers.get(name, []):
            remaining[referrer] -= 1
            if remaining[referrer] == 0:
                settled.append(referrer)
    return {name for name, count in remaining.items() if count > 0}


def _path(targets: dict[str, list[str]], start: str, end: str) -> list[str] | None:
    """The shortest chain of references from `start` to `end` (both included), if any."""
    came_from: dict[str, str | None] = {start: None}
    frontier = [start]
    while frontier:
        following = []
        for name in frontier:
            if name == end:
                chain: list[str] = []
                at: str | None = name
                while at is not None:
                    chain.append(at)
                    at = came_from[at]
                return chain[::-1]
            for target in targets.get(name, []):
                if target not in came_from:
                    came_from[target] = name
                    following.append(target)
        frontier = following
    return None
