"""The filter algebra and pagination as properties, over parameter combinations drawn from the
real seed's slugs, stances and printed pages (Hypothesis, a bounded number of examples).

- repeated values of one parameter are OR, and `party=a,b` is `party=a&party=b`;
- different parameters are AND, and a path's scope is one more of them;
- whatever the filters, the result is a subset of the unfiltered list, in its order;
- for every sort, the pages concatenate to the unpaged list, without duplicates, and the
  total is the number of items over all pages.
"""

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from app.api.pagination import MAX_PER_PAGE
from app.models import Document, Issue, Party, Position
from app.queries import SORT_KEYS

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run, in CI as on a laptop
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def seed(read_engine) -> dict[str, list]:
    """What the seed has: each filter's real values."""
    with Session(read_engine) as session:
        positions = session.exec(select(Position)).all()
        return {
            "party": sorted(session.exec(select(Party.slug)).all()),
            "issue": sorted(session.exec(select(Issue.slug)).all()),
            "document": sorted(session.exec(select(Document.slug)).all()),
            "stance": sorted({position.stance for position in positions}),
            "source_page": sorted(
                {
                    page
                    for position in positions
                    for page in range(position.page_start, position.page_end + 1)
                }
            )
            + [1, 99_999],  # pages outside the document select nothing
        }


def ids(client, path: str, params: list[tuple[str, str]]) -> list[str]:
    """Every matching id, in the list's order (the seed's 40 positions fit in one page)."""
    response = client.get(path, params=[*params, ("per_page", str(MAX_PER_PAGE))])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"]) <= MAX_PER_PAGE
    return [item["id"] for item in body["items"]]


@st.composite
def selections(draw, seed: dict[str, list], names=("party", "issue", "stance", "source_page")):
    """{parameter: [values]} for one to three parameters, one to three values each."""
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    return {
        name: draw(st.lists(st.sampled_from(seed[name]), min_size=1, max_size=3, unique=True))
        for name in chosen
    }


def as_params(selection: dict[str, list]) -> list[tuple[str, str]]:
    return [(name, str(value)) for name, values in selection.items() for value in values]


def property_test(test):
    """Run `test(plain_client, seed, data)` as a Hypothesis test over the session fixtures."""

    @EXAMPLES
    @given(data=st.data())
    def run(plain_client, seed, data):
        test(plain_client, seed, data)

    run.__name__ = test.__name__
    run.__doc__ = test.__doc__
    return run


@cache
def _unfiltered(client, path: str) -> tuple[str, ...]:
    return tuple(ids(client, path, []))


@property_test
def test_repeated_values_are_or(client, seed, data):
    name = data.draw(st.sampled_from(["party", "issue", "stance", "source_page", "document"]))
    smallest = min(2, len(seed[name]))  # the seed has one document
    values = data.draw(
        st.lists(st.sampled_from(seed[name]), min_size=smallest, max_size=4, unique=True)
    )
    union = set().union(*(ids(client, "/positions", [(name, str(v))]) for v in values))
    together = ids(client, "/positions", [(name, str(v)) for v in values])
    assert set(together) == union
    assert together == [pid for pid in _unfiltered(client, "/positions") if pid in union]


@property_test
def test_commas_are_repeats(client, seed, data):
    selection = data.draw(selections(seed))
    repeated = ids(client, "/positions", as_params(selection))
    commas = [(name, ",".join(map(str, values))) for name, values in selection.items()]
    assert ids(client, "/positions", commas) == repeated


@property_test
def test_different_parameters_are_and(client, seed, data):
    selection = data.draw(selections(seed))
    together = set(ids(client, "/positions", as_params(selection)))
    each = [set(ids(client, "/positions", as_params({n: v}))) for n, v in selection.items()]
    assert together == set.intersection(*each)


@property_test
def test_a_path_scope_is_one_more_filter(client, seed, data):
    kind, parameter = data.draw(st.sampled_from([("parties", "party"), ("issues", "issue")]))
    slug = data.draw(st.sampled_from(seed[parameter]))
    selection = data.draw(selections(seed, names=("stance", "source_page", "party", "issue")))
    scoped = ids(client, f"/{kind}/{slug}/positions", as_params(selection))
    # the path's slug ANDed with the query's own values of the same parameter
    filtered = set(ids(client, "/positions", as_params(selection)))
    assert set(scoped) == filtered & set(ids(client, "/positions", [(parameter, slug)]))


@property_test
def test_a_filtered_list_is_a_subset_of_the_whole_in_its_order(client, seed, data):
    selection = data.draw(selections(seed, names=("party", "issue", "stance", "source_page")))
    filtered = ids(client, "/positions", as_params(selection))
    assert filtered == [pid for pid in _unfiltered(client, "/positions") if pid in set(filtered)]


sorts = st.lists(
    st.tuples(st.sampled_from([k for k in SORT_KEYS if k != "relevance"]), st.booleans()),
    max_size=3,
    unique_by=lambda key: key[0],
).map(lambda keys: ",".join(("-" if desc else "") + key for key, desc in keys))


@property_test
def test_pages_concatenate_to_the_whole_for_every_sort(client, seed, data):
    sort = data.draw(sorts)
    per_page = data.draw(st.integers(min_value=1, max_value=15))
    selection = data.draw(st.one_of(st.just({}), selections(seed)))
    params = as_params(selection) + ([("sort", sort)] if sort else [])
    whole = ids(client, "/positions", params)
    pages, seen_total, number = [], None, 1
    while True:
        response = client.get(
            "/positions", params=[*params, ("page", number), ("per_page", per_page)]
        )
        assert response.status_code == 200
        body = response.json()
        seen_total = body["total"] if seen_total is None else seen_total
        assert body["total"] == seen_total == int(response.headers["x-total-count"])
        pages.append([item["id"] for item in body["items"]])
        if number >= body["pages"]:
            break
        number += 1
    flat = [pid for page in pages for pid in page]
    assert flat == whole
    assert len(flat) == len(set(flat)) == seen_total
    assert all(len(page) == per_page for page in pages[:-1])
