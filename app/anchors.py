"""Deep pages seek from anchors instead of skipping every row before them.

OFFSET n reads n index entries: page 40,000 of a million steps over 800,000 of them. The
data is read-only between loads, so the sort key of every `EVERY`-th row of a (filter,
sort) is remembered, per dataset version, the first time a page that deep is asked for
(found by hopping from anchor to anchor, each hop one seek and a walk of `EVERY` entries);
a later page at any depth seeks just past the nearest anchor before it and skips fewer than
`EVERY` rows. The page contract is unchanged: the rows after the anchor at position p,
skipping offset - p - 1 of them, are exactly rows offset… of the full order, since the sort
ends in the id and so no two rows share a key.

Only sorts on the position's own columns are anchored (the sort by a party's or issue's
slug goes through a join, and relevance through the search); the others page by OFFSET."""

from collections import OrderedDict
from collections.abc import Hashable, Sequence
from threading import Lock
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, or_, tuple_
from sqlmodel import Session

from app.models import Position
from app.position_sql import AnySelect

EVERY = 2500  # rows between two anchors: the most a seeking page still skips
MAX_ANCHORS = 1000  # per (filter, sort): 2.5M rows; deeper pages skip more from the last
# (filter, sort) pairs kept, least recently used out: at most 64k keys of ~200 bytes, ~13 MB
MAX_ENTRIES = 64

SortKeyValues = tuple[Any, ...]  # one row's values of the sort expressions, in order

# (dataset version, the filter and sort) → the anchors found so far
_anchors: OrderedDict[tuple[tuple[str, str], Hashable], list[SortKeyValues]] = OrderedDict()
_lock = Lock()


def anchorable(columns: Sequence[tuple[SQLColumnExpression[Any], bool]]) -> bool:
    """Whether every sort expression is a column of the position itself (not a joined
    party's or issue's slug, nor the search's rank)."""
    return all(getattr(expr, "class_", None) is Position for expr, _ in columns)


def after(
    columns: Sequence[tuple[SQLColumnExpression[Any], bool]], key: SortKeyValues
) -> ColumnElement[bool]:
    """Rows strictly after `key` in the order of `columns` (expression, descending)."""
    exprs = [expr for expr, _ in columns]
    directions = {descending for _, descending in columns}
    if directions == {False}:
        return tuple_(*exprs) > tuple_(*key)  # a row value: SQLite seeks the index with it
    if directions == {True}:
        return tuple_(*exprs) < tuple_(*key)
    # Mixed directions (e.g. -source_page, then id ascending): lexicographic, with the first
    # column's bound stated on its own so that the index is sought, not scanned from its start.
    first, first_descending = columns[0]
    bound = first <= key[0] if first_descending else first >= key[0]
    later = []
    for n, (expr, descending) in enumerate(columns):
        step = expr < key[n] if descending else expr > key[n]
        later.append(and_(*(columns[m][0] == key[m] for m in range(n)), step))
    return and_(bound, or_(*later))


def nearest(
    *,
    session: Session,
    dataset: tuple[str, str],
    cache_key: Hashable,
    keyed: AnySelect,
    columns: Sequence[tuple[SQLColumnExpression[Any], bool]],
    offset: int,
) -> tuple[SortKeyValues, int] | None:
    """The anchor nearest before row `offset` (its key, and its position in the order),
    finding the anchors up to there if they are not known yet; None when there is none.

    `keyed` selects the sort keys, in order, of the filtered rows."""
    wanted = min(offset // EVERY, MAX_ANCHORS)  # anchor i is the row at (i + 1) × EVERY − 1
    if wanted == 0:
        return None
    full_key = (dataset, cache_key)
    with _lock:
        known = list(_anchors.get(full_key, ()))
        if full_key in _anchors:
            _anchors.move_to_end(full_key)
    connection = session.connection()  # Core, not the ORM: a deep first walk makes hundreds of hops
    while len(known) < wanted:
        hop = keyed if not known else keyed.where(after(columns, known[-1]))
        row = connection.execute(hop.offset(EVERY - 1).limit(1)).first()
        if row is None:  # the order ends before this anchor
            break
        known.append(tuple(row))
    with _lock:
        if _anchors and next(reversed(_anchors))[0] != dataset:
            _anchors.clear()  # one dataset is served at a time
        if len(known) > len(_anchors.get(full_key, ())):
            _anchors[full_key] = known
        if full_key in _anchors:
            _anchors.move_to_end(full_key)
        while len(_anchors) > MAX_ENTRIES:
            _anchors.popitem(last=False)
    if not known:
        return None
    index = min(wanted, len(known)) - 1
    return known[index], (index + 1) * EVERY - 1


def forget() -> None:
    with _lock:
        _anchors.clear()
