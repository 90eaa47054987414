"""Table rows → public models, with absolute URLs built from the request's base URL."""

from fastapi import Request

from app.lookups import IssueScale, Lookups
from app.models import ContextSentence, Document, Issue, Party
from app.queries import PositionRow
from app.schemas import (
    AliasPublic,
    Comparison,
    ComparisonPoint,
    ComparisonRow,
    ContextSentencePublic,
    DocumentPublic,
    DocumentSummary,
    IssueDetail,
    IssuePublic,
    IssueRef,
    IssueScalePublic,
    PageBreak,
    ParagraphSpan,
    PartyPositions,
    PartyPublic,
    PartyRef,
    PositionPublic,
)
from app.vocabulary import Basis, IssueStatus, PartyKind

WIKIDATA_ITEM = "https://www.wikidata.org/wiki/{}"


class Urls:
    """Absolute URLs for every resource, relative to where the API is served."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.base = str(request.base_url).rstrip("/")

    def party(self, slug: str) -> str:
        return f"{self.base}/parties/{slug}"

    def issue(self, slug: str) -> str:
        return f"{self.base}/issues/{slug}"

    def document(self, slug: str) -> str:
        return f"{self.base}/documents/{slug}"

    def document_text(self, slug: str) -> str:
        return f"{self.base}/documents/{slug}/text"

    def position(self, position_id: str) -> str:
        return f"{self.base}/positions/{position_id}"


def party_ref(party: Party, urls: Urls) -> PartyRef:
    return PartyRef(slug=party.slug, name=party.name, url=urls.party(party.slug))


def issue_ref(issue: Issue, urls: Urls) -> IssueRef:
    return IssueRef(slug=issue.slug, name=issue.name, url=urls.issue(issue.slug))


def position(row: PositionRow, urls: Urls, lookups: Lookups) -> PositionPublic:
    """A position row as served: its party, issue and document named from the lookups, and
    the whole object validated in one call (nested models built one by one cost more)."""
    party_slug, party_name = lookups.party_refs[row.party_id]
    issue_slug, issue_name = lookups.issue_refs[row.issue_id]
    source = lookups.document_sources[row.document_id]
    pages = list(range(row.page_start, row.page_end + 1))
    addressee = None
    if row.addressee_id is not None:
        addressee_slug, addressee_name = lookups.party_refs[row.addressee_id]
        addressee = {
            "slug": addressee_slug,
            "name": addressee_name,
            "url": urls.party(addressee_slug),
        }
    return PositionPublic.model_validate(
        {
            "id": row.id,
            "document": lookups.document_slugs[row.document_id],
            "party": {"slug": party_slug, "name": party_name, "url": urls.party(party_slug)},
            "issue": {"slug": issue_slug, "name": issue_name, "url": urls.issue(issue_slug)},
            "stance": row.stance,
            "verb": row.verb,
            "summary": row.summary,
            "quote": row.quote,
            "span": {"start": row.span_start, "end": row.span_end},
            "sentence": {
                "text": row.sentence,
                "span": {"start": row.sentence_start, "end": row.sentence_end},
            },
            "prefix": row.prefix,
            "suffix": row.suffix,
            "pages": pages,
            "document_url": source,
            "page_urls": [printed_page_url(source, page) for page in pages],
            "paragraph": row.paragraph,
            "attribution": row.attribution,
            "addressee": addressee,
            "certainty": {"evidence": row.evidence, "mode": row.mode, "mode_words": row.mode_words},
            "responds_to": sorted(row.responds_to.split()) if row.responds_to else [],
            "editorial_note": row.editorial_note,
            "url": urls.position(row.id),
            "scale_point": _scale_point(row, lookups),
            "salience": row.salience
            and {"level": row.salience, "words": row.salience_words, "basis": "editorial"},
        }
    )


def printed_page_url(document_url: str, page: int) -> str:
    """A printed page in the FRUS reading room: the volume's URL and `pg_N`, beside the
    document's own `dN` (…/frus1945v07/d644 → …/frus1945v07/pg_913)."""
    return f"{document_url.rsplit('/', 1)[0]}/pg_{page}"


def _scale_point(row: PositionRow, lookups: Lookups) -> dict[str, object] | None:
    scale = lookups.issue_scales.get(row.issue_id)
    if row.scale_point is None or scale is None:
        return None
    return {
        "point": row.scale_point,
        "label": scale.label(row.scale_point),
        "words": row.scale_words,
    }


def issue_scale(scale: IssueScale | None) -> IssueScalePublic | None:
    """An issue's scale as served, with the labels of its reference and outcome points."""
    if scale is None:
        return None
    reference = scale.reference_point
    return IssueScalePublic.model_validate(
        {
            "points": [{"point": n, "label": label} for n, label in enumerate(scale.labels)],
            "note": scale.note,
            "reference_point": reference
            and {**reference, "label": scale.label(reference["point"]), "basis": "editorial"},
            "outcome_point": None
            if scale.outcome_point is None
            else {
                "point": scale.outcome_point,
                "label": scale.label(scale.outcome_point),
                "source": scale.outcome_source,
                "basis": "editorial",
            },
        }
    )


def party(row: Party, urls: Urls) -> PartyPublic:
    return PartyPublic(
        slug=row.slug,
        name=row.name,
        name_in_text=row.name_in_text,
        kind=PartyKind(row.kind),
        affiliation=party_ref(row.affiliation, urls) if row.affiliation else None,
        role=row.role,
        role_basis=None if row.role_basis is None else Basis(row.role_basis),
        role_source=row.role_source,
        aliases=[AliasPublic.model_validate(alias) for alias in row.aliases],
        url=urls.party(row.slug),
        positions_url=f"{urls.party(row.slug)}/positions",
        wikidata_id=row.wikidata_id,
        wikidata_url=WIKIDATA_ITEM.format(row.wikidata_id) if row.wikidata_id else None,
        wikidata_source=row.wikidata_source,
        colour=row.colour,
    )


def issue(row: Issue, urls: Urls) -> IssuePublic:
    return IssuePublic(
        slug=row.slug,
        name=row.name,
        description=row.description,
        parent=row.parent.slug if row.parent else None,
        children=[child.slug for child in row.children],
        status=IssueStatus(row.status),
        status_note=row.status_note,
        editorial_outcome=row.editorial_outcome,
        editorial_outcome_source=row.editorial_outcome_source,
        aliases=[AliasPublic.model_validate(alias) for alias in row.aliases],
        url=urls.issue(row.slug),
        positions_url=f"{urls.issue(row.slug)}/positions",
        scale=issue_scale(IssueScale.of(row)),
    )


_DOCUMENT_LINKS = {"url", "source_url", "positions_url", "annotations_url", "context_url"}
_APPARATUS = {"meeting", "unnamed_persons"}  # shaped below: they link to parties and positions


def document_summary(row: Document, urls: Urls) -> DocumentSummary:
    fields = {
        name: getattr(row, name)
        for name in DocumentSummary.model_fields
        if name not in _DOCUMENT_LINKS | _APPARATUS
    }
    meeting = row.meeting and {
        **row.meeting,
        "present": [
            {**present, "party_url": present["party"] and urls.party(present["party"])}
            for present in row.meeting["present"]
        ],
    }
    unnamed_persons = [
        {**person, "position_url": person["position"] and urls.position(person["position"])}
        for person in row.unnamed_persons
    ]
    return DocumentSummary.model_validate(
        {
            **fields,
            "meeting": meeting,
            "unnamed_persons": unnamed_persons,
            "source_url": row.url,
            "url": urls.document(row.slug),
            "positions_url": f"{urls.document(row.slug)}/positions",
            "annotations_url": f"{urls.document(row.slug)}/annotations/",
            "context_url": f"{urls.document(row.slug)}/context",
        }
    )


def context_sentence(row: ContextSentence, urls: Urls, lookups: Lookups) -> ContextSentencePublic:
    """A context sentence as served: its issues named from the lookups."""
    issues = []
    for slug in row.issues:
        _, name = lookups.issue_refs[lookups.issue_ids[slug]]
        issues.append({"slug": slug, "name": name, "url": urls.issue(slug)})
    return ContextSentencePublic.model_validate(
        {
            "document": lookups.document_slugs[row.document_id],
            "number": row.number,
            "sentence": row.sentence,
            "span": {"start": row.span_start, "end": row.span_end},
            "pages": list(range(row.page_start, row.page_end + 1)),
            "paragraph": row.paragraph,
            "reason": row.reason,
            "issues": issues,
        }
    )


def document(row: Document, urls: Urls) -> DocumentPublic:
    summary = document_summary(row, urls)
    return DocumentPublic(
        **summary.model_dump(),
        text=row.text,
        page_breaks=[PageBreak.model_validate(found) for found in row.page_breaks],
        paragraphs=[ParagraphSpan.model_validate(found) for found in row.paragraphs],
    )


def issue_detail(row: Issue, parties: list[Party], urls: Urls) -> IssueDetail:
    return IssueDetail(
        **issue(row, urls).model_dump(),
        sub_issues=[issue_ref(child, urls) for child in row.children],
        parties=[party_ref(holder, urls) for holder in parties],
        comparison_url=f"{urls.issue(row.slug)}/comparison",
    )


def comparison(
    issue_slug: str,
    positions: list[PositionRow],
    totals: dict[int, int],
    urls: Urls,
    lookups: Lookups,
) -> Comparison:
    """Positions grouped by party in order of first appearance, and a sub-issue × party grid
    of position ids, so a reader sees at once where the parties differ. A party holding more
    positions than are shown says how many, and links to them all."""
    by_party: dict[str, PartyPositions] = {}
    grid: dict[str, ComparisonRow] = {}
    party_ids: dict[str, int] = {}
    for item in positions:
        public = position(item, urls, lookups)
        party = public.party.slug
        party_ids[party] = item.party_id
        by_party.setdefault(party, PartyPositions(party=public.party, positions=[]))
        by_party[party].positions.append(public)
        cell = grid.get(public.issue.slug)
        if cell is None:
            scale = issue_scale(lookups.issue_scales.get(item.issue_id))
            cell = grid[public.issue.slug] = ComparisonRow(
                issue=public.issue, positions={}, scale=scale, points={} if scale else None
            )
        cell.positions.setdefault(party, []).append(item.id)
        if cell.points is not None:
            cell.points.setdefault(party, []).append(
                ComparisonPoint(position=item.id, point=item.scale_point, salience=item.salience)
            )
    for party, group in by_party.items():
        total = totals[party_ids[party]]
        if total > len(group.positions):
            group.total = total
            group.positions_url = f"{urls.issue(issue_slug)}/positions?party={party}"
    _, name = lookups.issue_refs[lookups.issue_ids[issue_slug]]
    return Comparison(
        issue=IssueRef(slug=issue_slug, name=name, url=urls.issue(issue_slug)),
        parties=list(by_party.values()),
        grid=list(grid.values()),
    )
