"""The SQL of positions lists, shaped for a million rows.

- Every filter and every sort key reads an index; the page is chosen by a subquery that
  selects only ids (and the sort keys) from covering indexes, and only the page's rows are
  then read whole and joined to their relations (a "deferred join"): OFFSET skips index
  entries, never table rows and their joins.
- The full-text match runs once per statement: joined, it filters and ranks at once.
- Relevance is defined so that SQLite (FTS5) and PostgreSQL (tsvector) compute the same
  number from the same tokens: how many tokens of the quote and summary match a searched
  word (as Porter stems), more first; ties in document order, then id. Both engines tokenize
  alike (letters and digits, diacritics removed, no stop words; migration 0006), so the
  matches, their order and the totals are the same on both.
- A printed page is looked up through the documents that span it, so the range test on
  (page_start, page_end) reads a few documents' positions, never half the table.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    SQLColumnExpression,
    String,
    Subquery,
    and_,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import UnaryExpression
from sqlmodel import Session, col

from app.models import SCALE_ORDER, Document, Issue, Party, Position

if TYPE_CHECKING:  # app.queries imports this module
    from app.queries import PositionFilter

# A SELECT of any columns (sqlalchemy types a SELECT by the row it returns).
AnySelect = Select[*tuple[Any, ...]]

# Pages are INTEGER columns, 32 bits on PostgreSQL: no stored page is beyond this, on either
# engine, and a larger value is not bound at all (the same answer, nothing, on both).
_PAGE_MAX = 2**31 - 1
_CONFIG = text("'simple'::regconfig")  # indexes the stems of migration 0006 as they are


@dataclass(frozen=True)
class Ordering:
    """Sort expressions in order (id last), each with its direction."""

    columns: tuple[tuple[SQLColumnExpression[Any], bool], ...]  # (expression, descending)


def _phrases(words: Iterable[str]) -> str:
    """FTS5 query syntax: each word a quoted phrase (search words are letters and digits)."""
    return " ".join(f'"{word}"' for word in words)


def _sqlite_search(searches: tuple[tuple[str, ...], ...]) -> Subquery:
    """Matching position ids and their rank from SQLite FTS5 (see `relevance`).

    highlight() copies a column with a marker before each run of tokens that a phrase of the
    MATCH matched; with one-word phrases, one marker per matching token. With one search
    every phrase of its MATCH is in every matched row; with several, a row need not hold the
    words of a search it does not match, so the tokens are counted by a second MATCH of every
    word, and the first one only selects the rows."""
    match = " OR ".join(f"({_phrases(words)})" for words in searches)
    counted = (
        "length(highlight({t}, 1, '[', '')) - length({t}.quote)"
        " + length(highlight({t}, 2, '[', '')) - length({t}.summary)"
    )
    if len(searches) == 1:
        sql = (
            f"SELECT position_id, -({counted.format(t='position_fts')}) AS rank "
            "FROM position_fts WHERE position_fts MATCH :match"
        )
        params = {"match": match}
    else:
        sql = (
            f"SELECT position_id, -({counted.format(t='position_fts')}) AS rank "
            "FROM position_fts WHERE position_fts MATCH :words AND rowid IN "
            "(SELECT rowid FROM position_fts WHERE position_fts MATCH :match)"
        )
        params = {"match": match, "words": " OR ".join(f'"{w}"' for w in _distinct(searches))}
    return text(sql).bindparams(**params).columns(position_id=String, rank=Integer).subquery("fts")


def _postgresql_search(searches: tuple[tuple[str, ...], ...]) -> Subquery:
    """Matching position ids and their rank from the tsvector of migration 0006 (see
    `relevance`): the GIN index finds the rows; the rank counts the positions, in the row's
    vector, of the searched words' lexemes (each token of the text has one position)."""

    def as_lexemes(words: Iterable[str]) -> ColumnElement[str]:
        return func.parley_search_text(" ".join(words))  # the stems, as the vector holds them

    query: ColumnElement[Any] | None = None
    for words in searches:  # every word of a search (&), any search (||)
        one = func.plainto_tsquery(_CONFIG, as_lexemes(words))
        query = one if query is None else query.op("||")(one)
    lexemes = func.tsvector_to_array(func.to_tsvector(_CONFIG, as_lexemes(_distinct(searches))))
    vector: ColumnElement[Any] = literal_column(
        '"position".search_vector'
    )  # migration 0006's, not the model's
    entry = func.unnest(vector).table_valued("lexeme", "positions").alias("entry")
    tokens = (
        select(func.coalesce(func.sum(func.cardinality(entry.c.positions)), 0))
        .where(entry.c.lexeme == func.any(lexemes))
        .scalar_subquery()
    )
    return (
        select(col(Position.id).label("position_id"), (-tokens).label("rank"))
        .where(vector.op("@@")(query))
        .subquery("fts")
    )


def _distinct(searches: tuple[tuple[str, ...], ...]) -> list[str]:
    return list(dict.fromkeys(word for words in searches for word in words))


def _on_pages(pages: frozenset[int]) -> ColumnElement[bool]:
    """Positions lying at least partly on one of `pages`.

    A position's pages lie within its document's printed pages (the loader computes them from
    the document's own page breaks), so the documents spanning a page bound the search: the
    bare range test `page_start <= p AND page_end >= p` would read every position before p."""
    # Pages start at 1 and fit a 32-bit INTEGER column; any other matches nothing (and a value
    # beyond 64 bits could not even be bound).
    wanted = sorted(page for page in pages if 1 <= page <= _PAGE_MAX)
    if not wanted:
        return false()
    spanning = select(col(Document.id)).where(
        or_(
            *(
                and_(col(Document.first_page) <= page, col(Document.last_page) >= page)
                for page in wanted
            )
        )
    )
    # `+ 0` keeps SQLite from reading the page_start index for `page_start <= p`, which it
    # would otherwise choose for a count: every position before page p, not a few documents'.
    page_start = col(Position.page_start) + 0
    return and_(
        col(Position.document_id).in_(spanning),
        or_(*(and_(page_start <= page, col(Position.page_end) >= page) for page in wanted)),
    )


def filtered(session: Session, filters: "PositionFilter") -> tuple[Select[str], Subquery | None]:
    """SELECT position.id with the filters applied, and the FTS subquery if there is one
    (already joined: it is the search's filter and its rank)."""
    stmt = select(col(Position.id))
    fts: Subquery | None = None
    if filters.searches:
        if session.get_bind().dialect.name == "postgresql":
            fts = _postgresql_search(filters.searches)
        else:
            fts = _sqlite_search(filters.searches)
        stmt = stmt.join(fts, fts.c.position_id == col(Position.id))
    in_filters: tuple[
        tuple[frozenset[int] | frozenset[str] | None, SQLColumnExpression[Any]], ...
    ] = (
        (filters.party_ids, col(Position.party_id)),
        (filters.issue_ids, col(Position.issue_id)),
        (filters.stances, col(Position.stance)),
        (filters.document_ids, col(Position.document_id)),
    )
    for ids, column in in_filters:
        if ids is not None:
            stmt = stmt.where(column.in_(sorted(ids)))
    if filters.scale_points is not None:
        # Points fit a 32-bit INTEGER, as pages do: any other value matches nothing, unbound.
        points = sorted(p for p in filters.scale_points if 0 <= p <= _PAGE_MAX)
        stmt = stmt.where(col(Position.scale_point).in_(points) if points else false())
    if filters.source_pages is not None:
        stmt = stmt.where(_on_pages(filters.source_pages))
    return stmt, fts


def ordered(
    stmt: Select[str], filters: "PositionFilter", fts: Subquery | None
) -> tuple[Select[str], Ordering]:
    """The filtered SELECT with the sort's joins, and the sort itself (id breaks ties)."""
    keys = [(key.name, key.descending) for key in filters.sort]
    if not keys:
        keys = [("relevance", False)] if filters.searches else []
        keys.append(("document", False))
    columns: list[tuple[SQLColumnExpression[Any], bool]] = []
    for name, descending in keys:
        if name == "relevance" and fts is not None:
            exprs: list[SQLColumnExpression[Any]] = [fts.c.rank]
        elif name in ("document", "relevance"):  # no ranking available: document order
            exprs = [col(Position.document_id), col(Position.span_start)]
        elif name == "party":
            party = aliased(Party)
            stmt = stmt.join(party, col(party.id) == col(Position.party_id))
            exprs = [col(party.slug)]
        elif name == "issue":
            issue = aliased(Issue)
            stmt = stmt.join(issue, col(issue.id) == col(Position.issue_id))
            exprs = [col(issue.slug)]
        elif name == "source_page":
            exprs = [col(Position.page_start)]
        elif name == "scale_point":
            exprs = [literal_column(SCALE_ORDER)]  # the expression of its index (app/models.py)
        else:
            exprs = [col(getattr(Position, name))]
        columns += [(expr, descending) for expr in exprs]
    columns.append((col(Position.id), False))
    return stmt, Ordering(tuple(columns))


def page_ids(stmt: Select[str], ordering: Ordering, offset: int, limit: int) -> Subquery:
    """The subquery of one page's ids and sort keys (as k0, k1, …), read from indexes only."""
    keyed = stmt.add_columns(
        *(expr.label(f"k{n}") for n, (expr, _) in enumerate(ordering.columns))
    ).order_by(*(expr.desc() if desc else expr.asc() for expr, desc in ordering.columns))
    if offset:
        keyed = keyed.offset(offset)
    return keyed.limit(limit).subquery("page")


def in_page_order(page: Subquery, ordering: Ordering) -> list[UnaryExpression[Any]]:
    """ORDER BY for the outer query: the page subquery's keys, in the same directions."""
    return [
        page.c[f"k{n}"].desc() if descending else page.c[f"k{n}"].asc()
        for n, (_, descending) in enumerate(ordering.columns)
    ]


def parties_on_issues(issue_ids: list[int]) -> Subquery:
    """The distinct parties holding positions on these issues, as a subquery (party_id).

    A loose index scan: for each issue, a recursive step seeks the (issue, party, …) index
    for the next party after the last one found, so an issue of a hundred thousand positions
    held by a hundred parties costs a few hundred seeks, not a read of every entry."""
    after = aliased(Position)
    first = select(func.min(Position.party_id)).where(col(Position.issue_id) == col(Issue.id))
    pairs = (
        select(col(Issue.id).label("issue_id"), first.scalar_subquery().label("party_id"))
        .where(col(Issue.id).in_(issue_ids))
        .cte("issue_parties", recursive=True)
    )
    following = select(func.min(after.party_id)).where(
        col(after.issue_id) == pairs.c.issue_id, col(after.party_id) > pairs.c.party_id
    )
    pairs = pairs.union_all(
        select(pairs.c.issue_id, following.scalar_subquery()).where(pairs.c.party_id.is_not(None))
    )
    return (
        select(pairs.c.party_id)
        .where(pairs.c.party_id.is_not(None))
        .distinct()
        .subquery("parties_on_issue")
    )
