"""/issues: the issue tree, each issue's positions and the comparison of the parties on it."""

from fastapi import APIRouter, Request, Response

from app import queries
from app.api import present
from app.api.deps import CanonicalIssueSlug, IssueDep, IssueScope, LookupsDep, SessionDep
from app.api.filters import PositionQueryDep
from app.api.pagination import Page, PageRequestDep, page_envelope
from app.api.responses import POSITION_LIST_RESPONSES, positions_response
from app.concurrency import in_worker_thread
from app.problems import ALIAS_REDIRECT, NOT_FOUND
from app.schemas import Comparison, IssueDetail, IssuePublic, PositionPublic

router = APIRouter(prefix="/issues", tags=["issues"])
# A comparison is read side by side: a party's first twenty positions say where it stands,
# and a body bounded by parties × 20 stays small whatever the corpus (uncapped, one issue of
# a million positions answered 158 MB; at 100 a party, 150 parties still made 15 MB).
COMPARISON_PER_PARTY = 20


@router.get("", summary="List issues")
@in_worker_thread
def list_issues(
    request: Request, response: Response, page: PageRequestDep, session: SessionDep
) -> Page[IssuePublic]:
    """Issues and sub-issues in the order the telegram takes them."""
    urls = present.Urls(request)
    rows, total = queries.issues(session=session, offset=page.offset, limit=page.limit)
    items = [present.issue(row, urls) for row in rows]
    return page_envelope(items, request, response, page, total)


@router.get("/{slug}", summary="Get an issue", responses={**NOT_FOUND, **ALIAS_REDIRECT})
@in_worker_thread
def get_issue(
    request: Request, issue: IssueDep, lookups: LookupsDep, session: SessionDep
) -> IssueDetail:
    """One issue: sub-issues, status, editorial outcome, and the parties holding positions on it."""
    ids = lookups.issue_ids_with_descendants([issue.slug])
    parties = queries.parties_on_issues(session=session, issue_ids=ids)
    return present.issue_detail(issue, parties, present.Urls(request))


@router.get(
    "/{slug}/positions",
    summary="List an issue's positions",
    response_model=None,
    responses={**POSITION_LIST_RESPONSES, **NOT_FOUND, **ALIAS_REDIRECT},
)
@in_worker_thread
def list_issue_positions(
    request: Request,
    response: Response,
    issue_ids: IssueScope,
    query: PositionQueryDep,
    session: SessionDep,
) -> Page[PositionPublic] | Response:
    """Positions on this issue and its sub-issues, with every filter of `/positions`."""
    return positions_response(
        request=request, response=response, session=session, query=query, issue_ids=issue_ids
    )


@router.get(
    "/{slug}/comparison",
    summary="Compare the parties on an issue",
    responses={**NOT_FOUND, **ALIAS_REDIRECT},
)
@in_worker_thread
def compare_issue(
    request: Request, slug: CanonicalIssueSlug, lookups: LookupsDep, session: SessionDep
) -> Comparison:
    """The issue's positions grouped by party, side by side, and a sub-issue × party grid
    with each sub-issue's scale, the parties' points on it, the Yalta reference point and the
    outcome; at most 20 positions a party (in document order), with a count and a link to
    the rest."""
    rows, totals = queries.comparison_positions(
        session=session,
        issue_ids=lookups.issue_ids_with_descendants([slug]),
        per_party=COMPARISON_PER_PARTY,
        dataset=lookups.version,
    )
    return present.comparison(slug, rows, totals, present.Urls(request), lookups)
