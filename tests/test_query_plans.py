"""No positions query reads the whole table: EXPLAIN QUERY PLAN of every list shape (each
filter, each sort key, page 1 and a deep page, the count, search, the comparison, exports)
on a synthetic corpus, after ANALYZE, names an index for every access to `position`."""

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, Select, select
from sqlmodel import Session

from app import queries
from app.api.pagination import PageRequest
from app.db import make_engine
from app.facets import FACETS, facet_statement
from app.lookups import lookups
from app.models import Position
from app.queries import SORT_KEYS, PositionFilter, SortKey

# "SCAN position" alone is a full table scan; "SCAN position USING [COVERING] INDEX …" reads an
# index in order, and "SEARCH position …" seeks one. position_fts is the search index.
FULL_SCAN = re.compile(r"\bSCAN position\b(?! USING (COVERING )?INDEX)")


@pytest.fixture(scope="module")
def engine(synth_url: str) -> Iterator[Engine]:
    engine = make_engine(synth_url, read_only=True)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as db_session:
        yield db_session


def plan(session: Session, stmt: Select) -> list[str]:
    compiled = stmt.compile(
        dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
    )
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
    return [row[3] for row in rows]


def filters_of(session: Session) -> dict[str, PositionFilter]:
    """One filter of each kind, on values the synthetic corpus holds many positions for."""
    found = lookups(session=session)
    return {
        "none": PositionFilter(),
        "party": PositionFilter(party_ids=frozenset({found.party_ids["stalin"]})),
        "parties": PositionFilter(
            party_ids=frozenset(found.party_ids[s] for s in ("soong", "molotov"))
        ),
        "issue": PositionFilter(issue_ids=found.issue_ids_with_descendants(["dairen"])),
        "party+issue": PositionFilter(
            party_ids=frozenset({found.party_ids["stalin"]}),
            issue_ids=found.issue_ids_with_descendants(["port-arthur"]),
        ),
        "stance": PositionFilter(stances=frozenset({"propose"})),
        "document": PositionFilter(document_ids=frozenset({1, 2})),
        "source_page": PositionFilter(source_pages=frozenset({12})),
        "q": PositionFilter(searches=(("sovereignty",),)),
        "q+party": PositionFilter(
            searches=(("free", "port"),), party_ids=frozenset({found.party_ids["stalin"]})
        ),
        "addressee": PositionFilter(addressee_ids=frozenset({found.party_ids["stalin"]})),
        "reported_by": PositionFilter(reporter_ids=frozenset({found.party_ids["stalin"]})),
        "reported_by+party": PositionFilter(
            reporter_ids=frozenset({found.party_ids["soong"]}),
            party_ids=frozenset({found.party_ids["stalin"]}),
        ),
        "evidence": PositionFilter(evidences=frozenset({"inferred"})),
        "mode": PositionFilter(modes=frozenset({"believed", "wanted"})),
        "paragraph": PositionFilter(paragraphs=frozenset({2})),
        "ids": PositionFilter(ids=("s00003-0002", "s00001-0001", "s00002-0001")),
    }


# The synthetic documents are undated: these shapes are planned, though nothing matches.
UNMATCHED = {
    "dates": PositionFilter(date_from=date(1945, 7, 1), date_to=date(1945, 7, 31)),
    "date_from+party": PositionFilter(date_from=date(1945, 7, 1), party_ids=frozenset({1})),
}


SORTS = [None, *SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)]


def test_a_full_scan_is_recognised():
    assert FULL_SCAN.search("SCAN position")
    assert not FULL_SCAN.search("SCAN position USING COVERING INDEX ix_position_page_start_id")
    assert not FULL_SCAN.search("SCAN position USING INDEX ix_position_evidence_id")
    assert not FULL_SCAN.search("SCAN position_fts VIRTUAL TABLE INDEX 0:M1")
    assert not FULL_SCAN.search("SEARCH position USING INDEX sqlite_autoindex_position_1 (id=?)")


def test_no_list_query_scans_the_positions_table(session: Session):
    """Every filter × every sort key × (page 1, the last page, an unpaged export), and the count."""
    scans = []
    for label, filters in {**filters_of(session), **UNMATCHED}.items():
        total = queries.positions_total(session=session, filters=filters)
        # a filter that matches nothing would prove nothing
        assert total > 0 or label in UNMATCHED, label
        count = queries.positions_count_statement(session=session, filters=filters)
        shapes = {f"{label} count": count}
        for sort in SORTS:
            sorted_filters = filters
            if sort is not None:
                key = SortKey(sort.removeprefix("-"), descending=sort.startswith("-"))
                sorted_filters = PositionFilter(**{**filters.__dict__, "sort": (key,)})
            for page in (
                PageRequest(page=1, per_page=20),
                PageRequest(page=max(total // 20, 1), per_page=20),
                PageRequest(page=1, per_page=None),
            ):
                shapes[f"{label} sort={sort} page={page.page}/{page.per_page}"] = (
                    queries.positions_statement(
                        session=session,
                        filters=sorted_filters,
                        offset=page.offset,
                        limit=page.limit,
                    )
                )
        for shape, stmt in shapes.items():
            scans += [f"{shape}: {line}" for line in plan(session, stmt) if FULL_SCAN.search(line)]
    assert scans == []


def test_no_facet_scans_the_positions_table(session: Session):
    """Every facet over every filter: one GROUP BY, each access to `position` an index."""
    scans = []
    for label, filters in {**filters_of(session), **UNMATCHED}.items():
        for name in FACETS:
            stmt = facet_statement(session=session, filters=filters, name=name)
            lines = plan(session, stmt)
            scans += [f"{label} facet={name}: {line}" for line in lines if FULL_SCAN.search(line)]
    assert scans == []


@pytest.mark.parametrize("name", FACETS)
def test_an_unfiltered_facet_reads_one_covering_index_in_order(session: Session, name):
    """No filter: the facet's own index, read whole in its order, so no sort either."""
    lines = plan(session, facet_statement(session=session, filters=PositionFilter(), name=name))
    assert len(lines) == 1
    assert re.fullmatch(r"SCAN position USING COVERING INDEX ix_position_\w+", lines[0])


def test_the_comparison_reads_indexes_only(session: Session):
    issue_ids = lookups(session=session).issue_ids_with_descendants(["dairen"])
    captured: list[Select] = []
    real_scalars, real_execute = session.scalars, session.execute
    session.scalars = lambda stmt, *a, **k: captured.append(stmt) or real_scalars(stmt, *a, **k)
    session.execute = lambda stmt, *a, **k: captured.append(stmt) or real_execute(stmt, *a, **k)
    try:
        rows, totals = queries.comparison_positions(
            session=session, issue_ids=issue_ids, per_party=5
        )
    finally:
        del session.scalars, session.execute
    assert len(captured) == 2
    assert rows
    assert sum(totals.values()) > len(rows)
    for stmt in captured:
        assert [line for line in plan(session, stmt) if FULL_SCAN.search(line)] == []


@pytest.mark.parametrize("slug", ["dairen", "port-arthur", "korea"])
@pytest.mark.parametrize("per_party", [1, 5, 20])
def test_the_comparison_shows_each_partys_first_positions(session: Session, slug, per_party):
    """The seeks give what ranking every position of the issue would: each party's first
    `per_party` in document order, all in document order."""
    issue_ids = lookups(session=session).issue_ids_with_descendants([slug])
    rows, totals = queries.comparison_positions(
        session=session, issue_ids=issue_ids, per_party=per_party
    )
    every = session.execute(
        select(Position.id, Position.party_id)
        .where(Position.issue_id.in_(issue_ids))
        .order_by(Position.document_id, Position.span_start, Position.id)
    ).all()
    expected, held = [], Counter()
    for position_id, party_id in every:
        held[party_id] += 1
        if held[party_id] <= per_party:
            expected.append(position_id)
    assert [row.id for row in rows] == expected
    assert totals == dict(held)
