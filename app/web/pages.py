"""What the landing page, an issue's page and a party's page show: the API's queries and
public shapes, arranged for reading."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app import queries
from app.api import present
from app.api.routes.issues import COMPARISON_PER_PARTY
from app.api.routes.service import SERVICE_NAME, SERVICE_VERSION
from app.licensing import LICENSES
from app.lookups import Lookups
from app.models import Issue, Party
from app.queries import PositionFilter
from app.schemas import PositionPublic
from app.web.looks import PartyLook, party_looks

PARTY_PAGE_POSITIONS = 200  # a party's page shows this many; the JSON link has them all


def landing_view(*, session: Session, urls: present.Urls) -> dict[str, Any]:
    documents, _ = queries.documents(session=session)
    issues, _ = queries.issues(session=session)
    parties, _ = queries.parties(session=session)
    looks = party_looks(parties)
    return {
        "name": SERVICE_NAME,
        "version": SERVICE_VERSION,
        "dataset_version": queries.dataset_version(session=session),
        "counts": queries.counts(session=session),
        "documents": documents,
        "issues": [issue for issue in issues if issue.parent_id is None],
        "parties": [looks[party.slug] for party in parties],
        "licenses": LICENSES,
        "base": urls.base,
    }


@dataclass(frozen=True)
class GridRow:
    """A sub-issue of an issue's grid: its status and outcome, and each party's positions."""

    issue: Issue
    cells: dict[str, list[PositionPublic]]  # party slug → its positions on the sub-issue


def issue_view(
    *, session: Session, urls: present.Urls, lookups: Lookups, issue: Issue
) -> dict[str, Any]:
    """The issue, and a grid of its sub-issues (rows) by the parties holding positions on
    them (columns), in the order the parties first appear."""
    ids = lookups.issue_ids_with_descendants([issue.slug])
    rows, totals = queries.comparison_positions(
        session=session, issue_ids=ids, per_party=COMPARISON_PER_PARTY, dataset=lookups.version
    )
    comparison = present.comparison(issue.slug, rows, totals, urls, lookups)
    parties, _ = queries.parties(session=session)
    looks = party_looks(parties)
    issues = {row.id: row for row in queries.issues(session=session)[0] if row.id in ids}
    by_issue: dict[str, dict[str, list[PositionPublic]]] = {}
    for group in comparison.parties:
        for position in group.positions:
            cells = by_issue.setdefault(position.issue.slug, {})
            cells.setdefault(group.party.slug, []).append(position)
    grid = [
        GridRow(issue=row, cells=by_issue.get(row.slug, {}))
        for issue_id, row in sorted(issues.items())
        if row.slug in by_issue or not row.children
    ]
    return {
        "issue": issue,
        "columns": [looks[group.party.slug] for group in comparison.parties],
        "capped": {g.party.slug: g.total for g in comparison.parties if g.total is not None},
        "grid": grid,
        "api": urls.issue(issue.slug),
    }


@dataclass(frozen=True)
class PartyRow:
    issue: Issue
    positions: list[PositionPublic]


def party_view(
    *, session: Session, urls: present.Urls, lookups: Lookups, party: Party
) -> dict[str, Any]:
    """The party, and its positions by issue (issue order), each with the issue's status and
    editorial outcome."""
    assert party.id is not None  # a row read from its table has its key
    rows, total = queries.positions(
        session=session,
        filters=PositionFilter(party_ids=frozenset({party.id})),
        limit=PARTY_PAGE_POSITIONS,
        dataset=lookups.version,
    )
    positions = [present.position(row, urls, lookups) for row in rows]
    issues = {row.slug: row for row in queries.issues(session=session)[0]}
    grouped: dict[str, list[PositionPublic]] = {}
    for position in positions:
        grouped.setdefault(position.issue.slug, []).append(position)
    ordered = sorted(grouped, key=lambda slug: lookups.issue_ids[slug])
    looks: dict[str, PartyLook] = party_looks(queries.parties(session=session)[0])
    return {
        "party": party,
        "look": looks[party.slug],
        "rows": [PartyRow(issue=issues[slug], positions=grouped[slug]) for slug in ordered],
        "total": total,
        "shown": len(positions),
        "api": urls.party(party.slug),
        "wikidata_url": present.WIKIDATA_ITEM.format(party.wikidata_id)
        if party.wikidata_id
        else None,
    }
