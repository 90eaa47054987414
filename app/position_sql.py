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
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    SQLColumnExpression,
    String,
    Subquery,
    and_,
    case,
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

from app.models import SCALE_ORDER, Document, Issue, Party, Position, PositionReporter

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


def documents_dated(date_from: date | None, date_to: date | None) -> Select[int | None]:
    """SELECT the ids of the documents whose editorial date lies within the bounds (each
    inclusive, None for none), from the (editorial_date, id) index."""
    stmt = select(col(Document.id)).where(col(Document.editorial_date).is_not(None))
    if date_from is not None:
        stmt = stmt.where(col(Document.editorial_date) >= date_from)
    if date_to is not None:
        stmt = stmt.where(col(Document.editorial_date) <= date_to)
    return stmt


def _bounded(values: frozenset[int]) -> list[int]:
    """The values an INTEGER column can hold (32 bits on PostgreSQL), in order: any other
    matches nothing, and is not bound at all."""
    return sorted(value for value in values if 0 <= value <= _PAGE_MAX)


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
    return stmt.where(*conditions(filters)), fts


def conditions(filters: "PositionFilter") -> list[ColumnElement[bool]]:
    """The WHERE conditions of the filters other than search, each on an index."""
    in_filters: tuple[
        tuple[frozenset[int] | frozenset[str] | None, SQLColumnExpression[Any]], ...
    ] = (
        (filters.party_ids, col(Position.party_id)),
        (filters.issue_ids, col(Position.issue_id)),
        (filters.stances, col(Position.stance)),
        (filters.document_ids, col(Position.document_id)),
        (filters.addressee_ids, col(Position.addressee_id)),
        (filters.evidences, col(Position.evidence)),
        (filters.modes, col(Position.mode)),
    )
    found: list[ColumnElement[bool]] = [
        column.in_(sorted(ids)) for ids, column in in_filters if ids is not None
    ]
    # Points and paragraphs fit a 32-bit INTEGER, as pages do: any other value matches
    # nothing, unbound.
    for values, column in (
        (filters.scale_points, col(Position.scale_point)),
        (filters.paragraphs, col(Position.paragraph)),
    ):
        if values is not None:
            bounded = _bounded(values)
            found.append(column.in_(bounded) if bounded else false())
    if filters.source_pages is not None:
        found.append(_on_pages(filters.source_pages))
    if filters.reporter_ids is not None:
        reported = select(col(PositionReporter.position_id)).where(
            col(PositionReporter.party_id).in_(sorted(filters.reporter_ids))
        )
        found.append(col(Position.id).in_(reported))
    if filters.date_from is not None or filters.date_to is not None:
        dated = documents_dated(filters.date_from, filters.date_to)
        found.append(col(Position.document_id).in_(dated))
    if filters.ids is not None:
        found.append(col(Position.id).in_(sorted(set(filters.ids))))
    return found


def ordered(
    stmt: Select[str], filters: "PositionFilter", fts: Subquery | None
) -> tuple[Select[str], Ordering]:
    """The filtered SELECT with the sort's joins, and the sort itself (id breaks ties)."""
    keys = [(key.name, key.descending) for key in filters.sort]
    if not keys:
        keys = [("relevance", False)] if filters.searches else []
        keys.append(("document", False))
        if filters.ids:  # ids asked for by name come back in the order they were asked
            keys.insert(0, ("asked", False))
    columns: list[tuple[SQLColumnExpression[Any], bool]] = []
    for name, descending in keys:
        stmt, exprs = _sort_expressions(stmt, name, filters, fts)
        columns += [(expr, descending) for expr in exprs]
    columns.append((col(Position.id), False))
    return stmt, Ordering(tuple(columns))


def _sort_expressions(
    stmt: Select[str], name: str, filters: "PositionFilter", fts: Subquery | None
) -> tuple[Select[str], list[SQLColumnExpression[Any]]]:
    """The expressions a sort key orders by, and the SELECT with any join they need."""
    if name == "asked" and filters.ids:
        asked = {position_id: n for n, position_id in enumerate(dict.fromkeys(filters.ids))}
        return stmt, [case(asked, value=col(Position.id))]
    if name == "relevance" and fts is not None:
        return stmt, [fts.c.rank]
    if name in ("party", "issue"):  # by slug, through a join
        named = aliased(Party) if name == "party" else aliased(Issue)
        key = col(Position.party_id) if name == "party" else col(Position.issue_id)
        return stmt.join(named, col(named.id) == key), [col(named.slug)]
    return stmt, _own_columns(name)


def _own_columns(name: str) -> list[SQLColumnExpression[Any]]:
    """What a sort key on the position's own columns orders by."""
    if name in ("document", "relevance"):  # no ranking available: document order
        return [col(Position.document_id), col(Position.span_start)]
    if name == "source_page":
        return [col(Position.page_start)]
    if name == "scale_point":
        return [literal_column(SCALE_ORDER)]  # the expression of its index (app/models.py)
    return [col(getattr(Position, name))]


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
