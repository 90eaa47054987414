"""The document, party and issue rows, with the checks that need more than one record: the
parties a document names, affiliations and parents (known, not circular), Wikidata ids,
colours, and the sources that editorial fields need."""

from typing import Any

from app.colours import MINIMUM_CONTRAST, contrast
from app.loader.apparatus import check_apparatus
from app.loader.checker import Checker, Link, NodePath
from app.loader.cycles import refuse_cycles
from app.loader.files import YamlFile
from app.loader.records import DocumentRecord, IssueRecord, PartyRecord
from app.loader.rows import document_row, issue_row, party_row
from app.loader.scales import check_issue
from app.loader.statuses import computed_statuses
from app.loader.text import ParsedText
from app.vocabulary import Basis, PartyKind

Documents = dict[str, tuple[DocumentRecord, ParsedText, str]]  # slug → record, text, digest

# Only people and states have an authority id: a government, a party or an office of 1945 has
# no item that one could confirm is the same body.
WIKIDATA_KINDS = frozenset({PartyKind.PERSON, PartyKind.STATE})
FRUS_DOCUMENT_URL = "https://history.state.gov/historicaldocuments/{volume}/{document}"


def document_rows(
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


def party_rows(
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
    refuse_cycles(checker, "party", "affiliation", affiliations)
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


def issue_rows(
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
    refuse_cycles(checker, "issue", "parent", parents)
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
