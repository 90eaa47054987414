"""Deep pages seek from anchors: the same rows as OFFSET for every filter and every sort, at
every depth, and still no full scan (on the small synthetic corpus, with anchors every few
rows so that many are crossed)."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from app import anchors, queries
from app.api.pagination import PageRequest
from app.db import make_engine
from app.queries import PositionFilter, SortKey
from tests.test_query_plans import FULL_SCAN, SORTS, filters_of, plan

DATASET = ("anchored", "test")


@pytest.fixture(scope="module")
def engine(synth_url: str) -> Iterator[Engine]:
    engine = make_engine(synth_url, read_only=True)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine, monkeypatch) -> Iterator[Session]:
    monkeypatch.setattr(anchors, "EVERY", 37)
    anchors.forget()
    with Session(engine) as db_session:
        yield db_session
    anchors.forget()


def sorted_by(filters: PositionFilter, sort: str | None) -> PositionFilter:
    if sort is None:
        return filters
    key = SortKey(sort.removeprefix("-"), descending=sort.startswith("-"))
    return PositionFilter(**{**filters.__dict__, "sort": (key,)})


def page_ids(session: Session, filters, page: PageRequest, dataset) -> list[str]:
    stmt = queries.positions_statement(
        session=session, filters=filters, offset=page.offset, limit=page.limit, dataset=dataset
    )
    return [row.id for row in session.execute(stmt)]


@pytest.mark.parametrize("sort", SORTS)
def test_an_anchored_page_is_the_offset_page(session: Session, sort):
    for label, unsorted in filters_of(session).items():
        filters = sorted_by(unsorted, sort)
        total = queries.positions_total(session=session, filters=filters)
        last = max((total - 1) // 20 + 1, 1)
        # Deep first (anchors found on the way), then shallower (anchors reused), then the end.
        for number in sorted({last, last // 2 + 1, 3, 2, last - 1, 1} - {0}, reverse=True):
            page = PageRequest(page=number, per_page=20)
            expected = page_ids(session, filters, page, None)
            assert page_ids(session, filters, page, DATASET) == expected, (label, sort, number)


def test_anchored_pages_do_not_scan_the_table(session: Session):
    scans = []
    for label, unsorted in filters_of(session).items():
        for sort in SORTS:
            filters = sorted_by(unsorted, sort)
            total = queries.positions_total(session=session, filters=filters)
            page = PageRequest(page=max(total // 20, 1), per_page=20)
            stmt = queries.positions_statement(
                session=session,
                filters=filters,
                offset=page.offset,
                limit=page.limit,
                dataset=DATASET,
            )
            scans += [
                f"{label} {sort}: {line}" for line in plan(session, stmt) if FULL_SCAN.search(line)
            ]
    assert scans == []


def test_anchors_are_found_once_and_only_as_deep_as_asked(session: Session, engine: Engine):
    executed: list[str] = []
    listener = lambda *args: executed.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        filters = PositionFilter()
        page_ids(session, filters, PageRequest(page=10, per_page=20), DATASET)  # offset 180
        first = len(executed)
        executed.clear()
        page_ids(session, filters, PageRequest(page=9, per_page=20), DATASET)
        again = len(executed)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert first == 180 // 37 + 1  # four hops to the anchor before row 180, then the page
    assert again == 1
