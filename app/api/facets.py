"""Facets as served: each counted value with its label, count and the URL that applies it
as a filter to the list it was counted over (the same path and query, that one parameter
set to the value, back to page 1)."""

from collections.abc import Hashable
from typing import Any

from fastapi import Request
from sqlmodel import Session

from app.api.pagination import link
from app.facets import facet_counts, rolled_up
from app.lookups import Lookups
from app.queries import PositionFilter
from app.schemas import FacetValue
from app.vocabulary import Evidence, Mode, Stance

# The parameter a facet's value is applied as, and its synonym, which it replaces.
_PARAMETERS = {"party": ("party", "actor"), "issue": ("issue", "topic")}
_VOCABULARIES: dict[str, list[str]] = {
    "stance": [member.value for member in Stance],
    "evidence": [member.value for member in Evidence],
    "mode": [member.value for member in Mode],
}


def _shown(name: str, key: Hashable, lookups: Lookups) -> tuple[str | int, str, int]:
    """A counted key as (value, label, rank among equal counts: the value's own order)."""
    if name in ("party", "issue") and isinstance(key, int):
        refs = lookups.party_refs if name == "party" else lookups.issue_refs
        slug, label = refs[key]
        return slug, label, key  # annotation order
    if name == "source_page" and isinstance(key, int):
        return key, f"p. {key}", key
    word = str(key)
    order = _VOCABULARIES[name]
    return word, word, order.index(word) if word in order else len(order)


def facet_values(
    *,
    request: Request,
    session: Session,
    filters: PositionFilter,
    names: tuple[str, ...],
    lookups: Lookups,
) -> dict[str, list[FacetValue]]:
    """Each facet's values over the whole filtered set, most frequent first (then in the
    values' own order: annotation order, the vocabulary's, page number)."""
    found: dict[str, list[FacetValue]] = {}
    for name in names:
        counts = facet_counts(session=session, filters=filters, name=name, dataset=lookups.version)
        if name == "issue":
            counts = rolled_up(counts, lookups.issue_parents)
        parameter, *synonyms = _PARAMETERS.get(name, (name,))
        ranked = []
        for key, count in counts.items():
            value, label, rank = _shown(name, key, lookups)
            changes: dict[str, Any] = {synonym: None for synonym in synonyms}
            url = link(request.url, **changes, page=None, **{parameter: value})
            ranked.append(
                (-count, rank, FacetValue(value=value, label=label, count=count, url=url))
            )
        found[name] = [value for *_, value in sorted(ranked, key=lambda item: item[:2])]
    return found
