"""Positions: the filter a request resolves to, and the reads of position rows (pages,
totals, the comparison, single ids), each shaped by app/position_sql.py."""

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app import anchors, position_sql, totals
from app.models import Position, PositionResponse, table_of
from app.position_sql import AnySelect
from app.queries.entities import is_storable

SORT_KEYS = (
    "document",
    "id",
    "party",
    "issue",
    "stance",
    "evidence",
    "mode",
    "source_page",
    "paragraph",
    "relevance",
    "scale_point",
)


@dataclass(frozen=True)
class SortKey:
    name: str
    descending: bool = False


@dataclass(frozen=True)
class PositionFilter:
    """Resolved filters: ids, not slugs. None means no constraint; within a field, OR;
    across fields, AND."""

    party_ids: frozenset[int] | None = None
    issue_ids: frozenset[int] | None = None
    stances: frozenset[str] | None = None
    document_ids: frozenset[int] | None = None
    source_pages: frozenset[int] | None = None
    scale_points: frozenset[int] | None = None
    addressee_ids: frozenset[int] | None = None
    reporter_ids: frozenset[int] | None = None  # any party of the attribution chain
    evidences: frozenset[str] | None = None
    modes: frozenset[str] | None = None
    paragraphs: frozenset[int] | None = None
    date_from: date | None = None  # the document's editorial date, inclusive
    date_to: date | None = None
    ids: tuple[str, ...] | None = None  # in the order asked for: the default list order
    searches: tuple[tuple[str, ...], ...] = ()  # OR of searches, each an AND of words
    sort: tuple[SortKey, ...] = field(default_factory=tuple)

    def within(self, **scope: frozenset[int]) -> "PositionFilter":
        """AND a path's scope (e.g. the party of /parties/{slug}/positions) with the filters."""
        # Any: a scope names only id fields (frozenset[int]), which replace() checks by name.
        narrowed: dict[str, Any] = {
            name: ids if getattr(self, name) is None else getattr(self, name) & ids
            for name, ids in scope.items()
        }
        return replace(self, **narrowed)


def search_words(q: str) -> tuple[str, ...]:
    """The words of a search: runs of letters and digits, as both engines' full-text indexes
    cut the text (`_` and every other character separate words), so no input is taken as
    syntax and `_` or `%` is no word at all."""
    return tuple(re.findall(r"[^\W_]+", q.lower()))


# A position is read as a plain row of its table's columns, never as an ORM object: the
# parties, issue and document it refers to are shown from the cached lookups, so a page needs
# no join, no identity map and no per-row instance (together most of a cache miss's time).
# The ids it responds to come in the same row, space-separated (ids have no spaces), from
# the primary key of `position_response`: one index seek per row, no second statement.
RESPONDS_TO = (
    select(func.aggregate_strings(col(PositionResponse.responds_to_id), " "))
    .where(col(PositionResponse.position_id) == col(Position.id))
    .scalar_subquery()
    .label("responds_to")
)
POSITION_COLUMNS = (*table_of(Position).columns, RESPONDS_TO)
PositionRow = Row[Any]


def positions_statement(
    *,
    session: Session,
    filters: PositionFilter,
    offset: int = 0,
    limit: int | None = None,
    dataset: tuple[str, str] | None = None,
) -> AnySelect:
    """The SELECT of one page of position rows, in order: the page's ids are chosen from
    indexes alone, then only those rows are read. With the dataset
    version, a deep page seeks from the nearest remembered anchor (app/anchors.py) instead
    of skipping every row before it.

    An export (no limit) is one ordered SELECT instead, read as it streams: in an
    index's order its first row comes at once, where the two-step form would first sort
    every row it returns."""
    stmt, fts = position_sql.filtered(session, filters)
    stmt, ordering = position_sql.ordered(stmt, filters, fts)
    in_order = [expr.desc() if desc else expr.asc() for expr, desc in ordering.columns]
    if limit is None:
        return stmt.with_only_columns(*POSITION_COLUMNS).order_by(*in_order)
    if dataset is not None and offset >= anchors.EVERY and anchors.anchorable(ordering.columns):
        keys = stmt.with_only_columns(*(expr for expr, _ in ordering.columns)).order_by(*in_order)
        found = anchors.nearest(
            session=session,
            dataset=dataset,
            cache_key=filters,
            keyed=keys,
            columns=ordering.columns,
            offset=offset,
        )
        if found is not None:
            key, at = found
            stmt, offset = stmt.where(anchors.after(ordering.columns, key)), offset - at - 1
    ids = position_sql.page_ids(stmt, ordering, offset, limit)
    return (
        select(*POSITION_COLUMNS)
        .join(ids, ids.c.id == col(Position.id))
        .order_by(*position_sql.in_page_order(ids, ordering))
    )


def positions_count_statement(*, session: Session, filters: PositionFilter) -> Select[int]:
    """SELECT count(*) of the matching positions, on the filters' indexes alone."""
    stmt, fts = position_sql.filtered(session, filters)
    if fts is not None and filters == PositionFilter(searches=filters.searches, sort=filters.sort):
        # A search alone: the index has one row per position, so count it without the join.
        return select(func.count()).select_from(fts)
    return select(func.count()).select_from(stmt.subquery())


def positions_total(
    *, session: Session, filters: PositionFilter, dataset: tuple[str, str] | None = None
) -> int:
    """The exact number of matching positions; with the dataset version, counted once per
    version and filter (the sort does not change it)."""
    unsorted = replace(filters, sort=())
    return totals.remembered(
        dataset,
        ("positions", unsorted),
        lambda: session.scalar(positions_count_statement(session=session, filters=unsorted)) or 0,
    )


def positions(
    *,
    session: Session,
    filters: PositionFilter,
    offset: int = 0,
    limit: int | None = None,
    dataset: tuple[str, str] | None = None,
) -> tuple[list[PositionRow], int]:
    """`limit` matching positions from `offset` (all, if None), and the exact total."""
    total = positions_total(session=session, filters=filters, dataset=dataset)
    if offset >= total:  # past the end: nothing to read (and no offset to overflow)
        return [], total
    stmt = positions_statement(
        session=session, filters=filters, offset=offset, limit=limit, dataset=dataset
    )
    return list(session.execute(stmt)), total


def comparison_positions(
    *,
    session: Session,
    issue_ids: frozenset[int],
    per_party: int,
    dataset: tuple[str, str] | None = None,
) -> tuple[list[PositionRow], dict[int, int]]:
    """Each party's first `per_party` positions on these issues, in document order, and how
    many each party holds in all (party id → count): two statements, bounded whatever the
    corpus. The parties are found by seeking the (issue, party, …) index from one party to
    the next, and each party's first positions by one LIMITed read of the same index: no
    statement reads or ranks all of an issue's positions. The counts are kept per dataset
    version (they read every entry of the issue's index range)."""
    on_issues = sorted(issue_ids)
    held = totals.remembered(
        dataset,
        ("comparison", issue_ids),
        lambda: dict(
            session.execute(
                select(col(Position.party_id), func.count())
                .where(col(Position.issue_id).in_(on_issues))
                .group_by(col(Position.party_id))
            ).all()
        ),
    )
    parties = position_sql.parties_on_issues(on_issues)
    shown = aliased(Position)
    first_of_party = (
        select(col(shown.id))
        .where(col(shown.issue_id).in_(on_issues), col(shown.party_id) == parties.c.party_id)
        .order_by(col(shown.document_id), col(shown.span_start), col(shown.id))
        .limit(per_party)
        .correlate(parties)
    )
    stmt = (
        select(*POSITION_COLUMNS)
        .select_from(parties)
        .join(Position, col(Position.id).in_(first_of_party))
        .order_by(col(Position.document_id), col(Position.span_start), col(Position.id))
    )
    return list(session.execute(stmt)), dict(held)


def position_by_id(*, session: Session, position_id: str) -> PositionRow | None:
    if not is_storable(position_id):
        return None
    return session.execute(select(*POSITION_COLUMNS).where(col(Position.id) == position_id)).first()


def missing_position_ids(
    *, session: Session, ids: tuple[str, ...], dataset: tuple[str, str] | None = None
) -> list[str]:
    """The ids of `ids` that name no position, in the order given: one seek of the primary
    key each, in one statement, remembered per dataset version."""
    storable = sorted({position_id for position_id in ids if is_storable(position_id)})
    found = totals.remembered(
        dataset,
        ("position ids", frozenset(storable)),
        lambda: frozenset(
            session.scalars(select(col(Position.id)).where(col(Position.id).in_(storable)))
        ),
    )
    return [position_id for position_id in dict.fromkeys(ids) if position_id not in found]


def position_ids(*, session: Session) -> list[str]:
    return list(session.scalars(select(col(Position.id)).order_by(col(Position.id))))
