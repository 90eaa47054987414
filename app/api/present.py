"""Table rows → public models, with absolute URLs built from the request's base URL."""

from math import ceil

from fastapi import Request

from app.models import Document, Issue, Party, Position
from app.queries import PageRequest
from app.schemas import (
    AliasPublic,
    AttributionLink,
    Comparison,
    ComparisonRow,
    DocumentPublic,
    DocumentSummary,
    IssueDetail,
    IssuePublic,
    IssueRef,
    ListLinks,
    PartyPositions,
    PartyPublic,
    PartyRef,
    PositionPublic,
    TextSpan,
)


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

    def position(self, position_id: str) -> str:
        return f"{self.base}/positions/{position_id}"

    def page_links(self, page: PageRequest, total: int) -> tuple[ListLinks, int]:
        """Links to this, the first, previous, next and last page, and the page count."""
        pages = max(ceil(total / page.size(total)), 1)
        url = self.request.url

        def at(number: int) -> str:
            return str(url.include_query_params(page=number))

        links = ListLinks(
            self=str(url),
            first=at(1),
            prev=at(min(page.page - 1, pages)) if page.page > 1 else None,
            next=at(page.page + 1) if page.page < pages else None,
            last=at(pages),
        )
        return links, pages


def party_ref(party: Party, urls: Urls) -> PartyRef:
    return PartyRef(slug=party.slug, name=party.name, url=urls.party(party.slug))


def issue_ref(issue: Issue, urls: Urls) -> IssueRef:
    return IssueRef(slug=issue.slug, name=issue.name, url=urls.issue(issue.slug))


def position(row: Position, urls: Urls) -> PositionPublic:
    return PositionPublic(
        id=row.id,
        document=row.document.slug,
        party=party_ref(row.party, urls),
        issue=issue_ref(row.issue, urls),
        stance=row.stance,
        verb=row.verb,
        summary=row.summary,
        quote=row.quote,
        span=TextSpan(start=row.span_start, end=row.span_end),
        pages=list(range(row.page_start, row.page_end + 1)),
        paragraph=row.paragraph,
        attribution=[AttributionLink(**link) for link in row.attribution],
        addressee=party_ref(row.addressee, urls) if row.addressee else None,
        certainty=row.certainty,
        responds_to=row.responds_to_id,
        editorial_note=row.editorial_note,
        url=urls.position(row.id),
    )


def party(row: Party, urls: Urls) -> PartyPublic:
    return PartyPublic(
        slug=row.slug,
        name=row.name,
        name_in_text=row.name_in_text,
        kind=row.kind,
        affiliation=party_ref(row.affiliation, urls) if row.affiliation else None,
        role=row.role,
        role_basis=row.role_basis,
        role_source=row.role_source,
        aliases=[AliasPublic.model_validate(alias) for alias in row.aliases],
        url=urls.party(row.slug),
        positions_url=f"{urls.party(row.slug)}/positions",
    )


def issue(row: Issue, urls: Urls) -> IssuePublic:
    return IssuePublic(
        slug=row.slug,
        name=row.name,
        description=row.description,
        parent=row.parent.slug if row.parent else None,
        children=[child.slug for child in row.children],
        status=row.status,
        status_note=row.status_note,
        editorial_outcome=row.editorial_outcome,
        editorial_outcome_source=row.editorial_outcome_source,
        aliases=[AliasPublic.model_validate(alias) for alias in row.aliases],
        url=urls.issue(row.slug),
        positions_url=f"{urls.issue(row.slug)}/positions",
    )


def document_summary(row: Document, urls: Urls) -> DocumentSummary:
    return DocumentSummary(
        **{
            name: getattr(row, name)
            for name in DocumentSummary.model_fields
            if name not in {"url", "source_url", "positions_url", "annotations_url"}
        },
        source_url=row.url,
        url=urls.document(row.slug),
        positions_url=f"{urls.document(row.slug)}/positions",
        annotations_url=f"{urls.document(row.slug)}/annotations",
    )


def document(row: Document, urls: Urls) -> DocumentPublic:
    summary = document_summary(row, urls)
    return DocumentPublic(
        **summary.model_dump(),
        text=row.text,
        page_breaks=row.page_breaks,
        paragraphs=row.paragraphs,
    )


def issue_detail(row: Issue, parties: list[Party], urls: Urls) -> IssueDetail:
    return IssueDetail(
        **issue(row, urls).model_dump(),
        sub_issues=[issue_ref(child, urls) for child in row.children],
        parties=[party_ref(holder, urls) for holder in parties],
        comparison_url=f"{urls.issue(row.slug)}/comparison",
    )


def comparison(
    row: Issue, positions: list[Position], totals: dict[int, int], urls: Urls
) -> Comparison:
    """Positions grouped by party in order of first appearance, and a sub-issue × party grid
    of position ids, so a reader sees at once where the parties differ. A party holding more
    positions than are shown says how many, and links to them all."""
    by_party: dict[str, PartyPositions] = {}
    grid: dict[str, ComparisonRow] = {}
    for item in positions:
        public = position(item, urls)
        by_party.setdefault(item.party.slug, PartyPositions(party=public.party, positions=[]))
        by_party[item.party.slug].positions.append(public)
        cell = grid.setdefault(item.issue.slug, ComparisonRow(issue=public.issue, positions={}))
        cell.positions.setdefault(item.party.slug, []).append(item.id)
    party_ids = {item.party.slug: item.party_id for item in positions}
    for slug, group in by_party.items():
        total = totals[party_ids[slug]]
        if total > len(group.positions):
            group.total = total
            group.positions_url = f"{urls.issue(row.slug)}/positions?party={slug}"
    return Comparison(
        issue=issue_ref(row, urls), parties=list(by_party.values()), grid=list(grid.values())
    )
