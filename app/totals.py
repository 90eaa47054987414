"""Exact totals, counted once per dataset version and filter.

Between two loads nothing changes, so the count of a filter (at a million positions, tens of
milliseconds of index reads for a broad one) is the same on every page of every request: it
is kept here, keyed by the dataset and loader versions the filter was resolved in (as the
lookups are), so a new load is a new key. Bounded: a few thousand entries, each a resolved
filter (ids, stances, words; the request limits bound their size) and its counts, least
recently used first out, so arbitrary query strings cannot grow memory."""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import TypeVar, cast

T = TypeVar("T")

MAX_ENTRIES = 4096

# (dataset version, key) → the count; a key is always counted by the same function
_entries: OrderedDict[tuple[tuple[str, str], Hashable], object] = OrderedDict()
_lock = Lock()


def remembered(dataset: tuple[str, str] | None, key: Hashable, count: Callable[[], T]) -> T:
    """`count()` for this dataset version and key, computed on the first call only. With no
    dataset version (nothing loaded, or a caller that does not know it) nothing is kept."""
    if dataset is None:
        return count()
    full_key = (dataset, key)
    with _lock:
        if full_key in _entries:
            _entries.move_to_end(full_key)
            return cast(T, _entries[full_key])  # the type `count` returned for this key
    value = count()  # outside the lock: a slow count must not hold up the hits
    with _lock:
        if _entries and next(reversed(_entries))[0] != dataset:
            _entries.clear()  # one dataset is served at a time: the old one's totals are dead
        _entries[full_key] = value
        _entries.move_to_end(full_key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def forget() -> None:
    """Drop every total (tests that count statements start from a cold cache)."""
    with _lock:
        _entries.clear()


def size() -> int:
    with _lock:
        return len(_entries)
