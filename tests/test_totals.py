"""The cache of totals: counted once per dataset version and key, bounded, and a new load
(a new version) never answers with the old one's counts."""

from app import totals


def counter():
    calls = []

    def count():
        calls.append(1)
        return len(calls) * 10

    return count, calls


def test_a_key_is_counted_once_per_dataset_version():
    totals.forget()
    count, calls = counter()
    assert totals.remembered(("v1", "l"), "party=1", count) == 10
    assert totals.remembered(("v1", "l"), "party=1", count) == 10
    assert len(calls) == 1
    assert totals.remembered(("v2", "l"), "party=1", count) == 20  # a new load counts again
    assert (
        totals.remembered(
            (
                "v1",
                "l",
            ),
            "party=1",
            count,
        )
        == 30
    )  # and v1's were dropped
    assert totals.size() == 1


def test_without_a_version_nothing_is_kept():
    totals.forget()
    count, calls = counter()
    totals.remembered(None, "party=1", count)
    totals.remembered(None, "party=1", count)
    assert len(calls) == 2
    assert totals.size() == 0


def test_the_least_recently_used_go_first(monkeypatch):
    totals.forget()
    monkeypatch.setattr(totals, "MAX_ENTRIES", 3)
    for key in ("a", "b", "c"):
        totals.remembered(("v", "l"), key, lambda: 1)
    totals.remembered(("v", "l"), "a", lambda: 2)  # a hit: "a" is now the most recent
    totals.remembered(("v", "l"), "d", lambda: 1)
    assert totals.size() == 3
    assert totals.remembered(("v", "l"), "a", lambda: 99) == 1  # kept
    assert totals.remembered(("v", "l"), "b", lambda: 99) == 99  # evicted, counted again
