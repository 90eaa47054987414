"""SQL statements per request, counted on the engine the test client's sessions use: no N+1.

A position's relations (party, issue, addressee, document) are joined into its one SELECT, so
a positions list costs the same whatever its size: the dataset version (for the cached
lookups), the count and the page. Parties and issues load their aliases and children with
`selectinload`, one statement per relationship; a many-to-one selectin load (an issue's parent,
a party's affiliation) emits nothing when no row on the page has one, so such a page costs
exactly its base count plus one if any of its rows has that relationship."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event

from app import totals


class Statements:
    def __init__(self) -> None:
        self.executed: list[str] = []

    def __call__(self, _conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        self.executed.append(statement)


@pytest.fixture
def count_statements(plain_client, read_engine: Engine) -> Iterator:
    """`count_statements(url)` → (response, number of SQL statements it executed), from a
    cold cache of totals (a warm one saves the count: see test_a_total_is_counted_once)."""
    client = plain_client
    client.get("/positions")  # the lookups cache is filled once per dataset version
    statements = Statements()
    event.listen(read_engine, "before_cursor_execute", statements)

    def count(url: str):
        totals.forget()
        statements.executed.clear()
        response = client.get(url)
        assert response.status_code == 200, response.text
        return response, len(statements.executed)

    yield count
    event.remove(read_engine, "before_cursor_execute", statements)


# (url, statements without the optional many-to-one, the item key that triggers one more)
LISTS = [
    ("/positions", 3, None),
    ("/issues/korea/positions", 3, None),
    ("/parties/stalin/positions", 3, None),
    ("/documents/frus1945v07-d644/positions", 3, None),
    ("/parties", 3, "affiliation"),
    ("/issues", 4, "parent"),
    ("/documents", 2, None),
    ("/documents/frus1945v07-d644/context", 3, None),  # version (lookups), count, page
]


@pytest.mark.parametrize(("url", "base", "optional"), LISTS)
@pytest.mark.parametrize("per_page", [3, 100])
def test_every_page_costs_a_fixed_number_of_statements(
    count_statements, url, base, optional, per_page
):
    page, pages, extras = 1, 1, set()
    while page <= pages:
        response, statements = count_statements(f"{url}?per_page={per_page}&page={page}")
        body = response.json()
        extra = int(optional is not None and any(item[optional] for item in body["items"]))
        assert statements == base + extra, (page, statements)
        extras.add(extra)
        pages = body["pages"]
        page += 1
    if per_page == 3 and optional is not None:
        assert extras == {0, 1}  # pages of three exercise both cases
    if optional is None:
        assert extras == {0}


def test_positions_page_size_does_not_change_the_statement_count(count_statements):
    # Page 5 of 5 holds d644-021 and d644-022, which have addressees; joined, they cost nothing.
    _, small = count_statements("/positions?per_page=5&page=5")
    response, large = count_statements("/positions?per_page=100")
    assert len(response.json()["items"]) == 40
    assert small == large == 3


def test_an_export_costs_the_same_as_a_json_page(count_statements):
    _, as_json = count_statements("/positions?per_page=100")
    _, as_csv = count_statements("/positions?format=csv")
    _, as_ndjson = count_statements("/positions?format=ndjson")
    assert as_json == as_csv == as_ndjson == 3


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/positions", 3),
        ("/positions?per_page=100", 3),
        ("/positions?party=stalin&issue=dairen&sort=-source_page,party", 3),
        ("/issues/korea/positions", 3),
        ("/issues/korea/positions?party=stalin", 3),
        ("/positions?reported_by=soong&addressee=stalin&evidence=reported&mode=asserted", 3),
        ("/positions?paragraph=9&date_from=1945-07-01&date_to=1945-07-31", 3),
        ("/documents?date_from=1945-07-01", 2),
        ("/positions?id=d644-017,d644-001", 4),  # and which of the ids exist
        ("/positions?facet=party,issue&stance=propose", 5),  # and a GROUP BY per facet
        ("/positions?facet=certainty", 5),  # evidence and mode
        ("/positions/facets?party=stalin", 8),  # version, count, six facets
        # One statement per kind expanded, whatever the page's size; parties and addressees
        # are one kind; a kind no row refers to costs nothing.
        ("/positions?include=party&per_page=100", 4),
        ("/positions?include=party,addressee&per_page=100", 4),
        ("/positions?include=party,issue,document,responds_to,addressee&per_page=100", 7),
        ("/positions?include=responds_to&id=d644-033,d644-034", 4),  # ids; neither answers
        ("/positions?include=issue&fields=quote", 3),  # the issue is not shown: not read
        ("/positions?fields=id,quote&per_page=100", 3),
        # An export reads them per chunk of rows (20 first, then 500 at a time): here two.
        ("/positions?format=ndjson&include=party,issue,document,responds_to", 3 + 2 * 4),
        ("/positions?format=csv&fields=quote", 3),
        ("/positions/d644-004?include=party,issue,document,responds_to,addressee", 6),
        ("/parties", 4),
        ("/issues", 5),
        ("/issues/dairen/comparison", 3),  # version, counts per party, the positions shown
        ("/positions/d644-001", 2),  # the row, and the dataset version its names are read at
        ("/", 5),
    ],
)
def test_statement_count(count_statements, url, expected):
    _, statements = count_statements(url)
    assert statements == expected


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("/positions?party=stalin&per_page=5", "/positions?party=stalin&per_page=5&page=2"),
        ("/positions?party=stalin&sort=-source_page", "/positions?party=stalin&per_page=7"),
        ("/issues/dairen/comparison", "/issues/dairen/comparison"),
        ("/positions/facets?facet=party", "/positions?facet=party&per_page=3"),
    ],
)
def test_a_total_is_counted_once(plain_client, read_engine: Engine, first, then):
    """The data is read-only between loads: a filter's count is paid by its first request
    only; another page, sort or size of the same filter reads just its page."""
    statements = Statements()
    plain_client.get("/positions")  # the lookups
    totals.forget()
    event.listen(read_engine, "before_cursor_execute", statements)
    try:
        cold = plain_client.get(first)
        cold_count = len(statements.executed)
        statements.executed.clear()
        warm = plain_client.get(then)
        warm_count = len(statements.executed)
    finally:
        event.remove(read_engine, "before_cursor_execute", statements)
    assert cold.status_code == warm.status_code == 200
    assert warm_count == cold_count - 1
    assert cold.headers.get("x-total-count") == warm.headers.get("x-total-count")
