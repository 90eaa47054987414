"""Facet counts: the whole filtered set of positions counted by one field, one GROUP BY per
facet, read from the indexes the filters use, and remembered per dataset version and filter
as the totals are (app/totals.py): a dashboard's counts cost their statements once."""

from collections.abc import Hashable
from dataclasses import replace
from typing import Any

from sqlalchemy import SQLColumnExpression, func
from sqlmodel import Session, col

from app import position_sql, totals
from app.models import Position
from app.position_sql import AnySelect
from app.queries import PositionFilter

# What can be counted, in the order a facet list names them.
FACETS = ("party", "issue", "stance", "source_page", "evidence", "mode")
# Certainty is two fields since issue 9: its facet is both of theirs.
SHORTHANDS = {"certainty": ("evidence", "mode")}
FACET_NAMES = (*FACETS, *SHORTHANDS)

# The columns each facet groups by: each leads an index (app/models.py), so that an
# unfiltered count reads that index alone, in its order, and needs no sort.
_GROUPED_BY: dict[str, tuple[SQLColumnExpression[Any], ...]] = {
    "party": (col(Position.party_id),),
    "issue": (col(Position.issue_id),),
    "stance": (col(Position.stance),),
    "evidence": (col(Position.evidence),),
    "mode": (col(Position.mode),),
    # A position counts on every page its quote lies on (as `source_page` filters).
    "source_page": (col(Position.page_start), col(Position.page_end)),
}


def facet_statement(*, session: Session, filters: PositionFilter, name: str) -> AnySelect:
    """SELECT the facet's values and their counts over the filtered positions."""
    stmt, _ = position_sql.filtered(session, filters)
    columns = _GROUPED_BY[name]
    return stmt.with_only_columns(*columns, func.count()).group_by(*columns)


def facet_counts(
    *,
    session: Session,
    filters: PositionFilter,
    name: str,
    dataset: tuple[str, str] | None = None,
) -> dict[Hashable, int]:
    """Value (an id, a word or a page) → how many of the filtered positions have it; with the
    dataset version, counted once per version, filter and facet (the sort changes nothing)."""
    unsorted = replace(filters, sort=())

    def count() -> dict[Hashable, int]:
        rows = session.execute(facet_statement(session=session, filters=unsorted, name=name))
        counts: dict[Hashable, int] = {}
        if name == "source_page":
            for page_start, page_end, n in rows:
                for page in range(page_start, page_end + 1):
                    counts[page] = counts.get(page, 0) + n
            return counts
        return {value: n for value, n in rows}

    return totals.remembered(dataset, ("facet", name, unsorted), count)


def rolled_up(counts: dict[Hashable, int], parents: dict[int, int | None]) -> dict[Hashable, int]:
    """Issue counts with each issue's sub-issues' added in (a position has one issue, so no
    position counts twice under one issue)."""
    total: dict[Hashable, int] = {}
    for issue_id, n in counts.items():
        current: int | None = issue_id if isinstance(issue_id, int) else None
        while current is not None:
            total[current] = total.get(current, 0) + n
            current = parents.get(current)
    return total
