"""Position filters: query parameters → ids, resolved once per request through the lookups.

Every unknown value is collected and answered in one 400 problem, located at the parameter
the client actually sent."""

from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from app.api.deps import LookupsDep
from app.api.exports import Format, negotiate_format, page_in
from app.api.pagination import PageRequest
from app.api.params import (
    DocumentParams,
    PartyParams,
    PositionFacetParams,
    PositionFilterParams,
    PositionParams,
    PositionViewParams,
)
from app.api.views import FIELDS, INCLUDES, View
from app.facets import FACET_NAMES, FACETS, SHORTHANDS
from app.lookups import Lookups, ambiguity, did_you_mean, suggestions
from app.problems import FieldError, ProblemError
from app.queries import SORT_KEYS, PositionFilter, SortKey, search_words


class _Resolver:
    """Turns filter values into ids, collecting every unknown value before answering 400."""

    def __init__(self, lookups: Lookups) -> None:
        self.lookups = lookups
        self.errors: list[FieldError] = []
        self.suggestions: list[str] = []

    def slugs(
        self, values: list[str], names: dict[str, str], kind: str, parameter: str
    ) -> list[str]:
        """Slugs or aliases → canonical slugs; each unknown one is noted where it was sent."""
        resolved: list[str] = []
        for value in values:
            canonical = names.get(value.lower())
            if canonical is not None:
                resolved.append(canonical)
                continue
            shared = ambiguity(self.lookups, value) if kind == "party" else None
            if shared is not None:
                message, close = shared
            else:
                close = suggestions(names, value)
                message = f"unknown {kind} '{value}'" + (
                    f"; {did_you_mean(close)}" if close else ""
                )
            self.errors.append(
                FieldError(location=f"query.{parameter}", message=message, value=value)
            )
            self.suggestions += [slug for slug in close if slug not in self.suggestions]
        return resolved

    def ids(
        self, given: dict[str, list[str]], names: dict[str, str], ids: dict[str, int], kind: str
    ) -> frozenset[int] | None:
        """Ids for the values of a parameter and its synonym, or None if neither was sent."""
        if not any(given.values()):
            return None
        slugs = [
            slug
            for parameter, values in given.items()
            for slug in self.slugs(values, names, kind, parameter)
        ]
        return frozenset(ids[slug] for slug in slugs)

    def raise_if_unknown(self) -> None:
        if not self.errors:
            return
        text = "; ".join(error.message for error in self.errors)
        detail = text[:1].upper() + text[1:] + ("" if text.endswith("?") else ".")
        raise ProblemError(
            400,
            detail,
            kind="unknown-value",
            errors=self.errors,
            suggestions=self.suggestions or None,
        )


def _sort_keys(values: list[str]) -> tuple[SortKey, ...]:
    """Sort keys in order; a key given again is ignored, as it cannot change the order."""
    keys: dict[str, SortKey] = {}
    errors = []
    for value in values:
        name = value.removeprefix("-")
        if name not in SORT_KEYS:
            errors.append(
                FieldError(location="query.sort", message=f"unknown sort key '{name}'", value=value)
            )
        keys.setdefault(name, SortKey(name=name, descending=value.startswith("-")))
    if errors:
        raise ProblemError(
            400,
            f"Unknown sort key; use: {', '.join(SORT_KEYS)}.",
            kind="invalid-parameters",
            errors=errors,
        )
    return tuple(keys.values())


def position_filter(
    lookups: Lookups, params: PositionFilterParams, sort: list[str] | None = None
) -> PositionFilter:
    searches = tuple(words for words in map(search_words, params.q) if words)
    if len(searches) < len(params.q):
        raise ProblemError(
            400,
            "A search `q` has no words to search for.",
            kind="invalid-parameters",
            errors=[
                FieldError(location="query.q", message="no words", value=q)
                for q in params.q
                if not search_words(q)
            ],
        )
    resolve = _Resolver(lookups)
    party_ids = resolve.ids(
        {"party": params.party, "actor": params.actor},
        lookups.party_names,
        lookups.party_ids,
        "party",
    )
    issue_slugs = [
        slug
        for parameter, values in (("issue", params.issue), ("topic", params.topic))
        for slug in resolve.slugs(values, lookups.issue_names, "issue", parameter)
    ]
    document_ids = resolve.ids(
        {"document": params.document}, lookups.document_names, lookups.document_ids, "document"
    )
    addressee_ids = resolve.ids(
        {"addressee": params.addressee}, lookups.party_names, lookups.party_ids, "party"
    )
    reporter_ids = resolve.ids(
        {"reported_by": params.reported_by}, lookups.party_names, lookups.party_ids, "party"
    )
    resolve.raise_if_unknown()
    return PositionFilter(
        party_ids=party_ids,
        issue_ids=lookups.issue_ids_with_descendants(issue_slugs)
        if params.issue or params.topic
        else None,
        stances=frozenset(stance.value for stance in params.stance) if params.stance else None,
        document_ids=document_ids,
        source_pages=frozenset(params.source_page) if params.source_page else None,
        scale_points=frozenset(params.scale_point) if params.scale_point else None,
        addressee_ids=addressee_ids,
        reporter_ids=reporter_ids,
        evidences=frozenset(value.value for value in params.evidence) if params.evidence else None,
        modes=frozenset(value.value for value in params.mode) if params.mode else None,
        paragraphs=frozenset(params.paragraph) if params.paragraph else None,
        date_from=params.date_from,
        date_to=params.date_to,
        ids=tuple(dict.fromkeys(params.id)) if params.id else None,
        searches=searches,
        sort=_sort_keys(sort or []),
    )


@dataclass(frozen=True)
class PositionQuery:
    """Everything a positions list needs, resolved from its parameters."""

    filters: PositionFilter
    page: PageRequest
    format: Format
    lookups: Lookups  # of the dataset the filters resolved in; its refs present the rows
    bom: bool = False  # a CSV export starts with a byte order mark
    facets: tuple[str, ...] = ()  # counted over the whole filtered set, in this order
    view: View = View()  # what of each position to show

    @property
    def dataset(self) -> tuple[str, str] | None:
        """The dataset and loader versions the filters resolved in."""
        return self.lookups.version


async def position_query(  # no I/O: resolved on the event loop, no worker thread
    request: Request, lookups: LookupsDep, params: Annotated[PositionParams, Query()]
) -> PositionQuery:
    fmt = negotiate_format(request, params.format)
    view = view_of(params)
    facets = facet_names(params.facet)  # unknown names are refused whatever the format
    if fmt is Format.CSV:  # one column per value: an included object has no column
        view = replace(view, include=frozenset())
    return PositionQuery(
        view=view,
        filters=position_filter(lookups, params, params.sort),
        page=page_in(request, PageRequest.of(params), fmt),
        format=fmt,
        lookups=lookups,
        bom=params.bom and fmt is Format.CSV,  # a byte order mark is a CSV file's only
        # An export has only rows: facets are counted for a JSON page (or GET
        # /positions/facets), and asked for on an export are checked but not counted.
        facets=facets if fmt is Format.JSON else (),
    )


PositionQueryDep = Annotated[PositionQuery, Depends(position_query)]


def _unknown(parameter: str, values: list[str], known: tuple[str, ...]) -> list[FieldError]:
    return [
        FieldError(
            location=f"query.{parameter}", message=f"unknown {parameter} '{value}'", value=value
        )
        for value in values
        if value not in known
    ]


def view_of(params: PositionViewParams) -> View:
    """The references to expand and the keys to keep; every unknown name in one 400."""
    errors = _unknown("include", params.include, INCLUDES) + _unknown(
        "fields", params.fields, FIELDS
    )
    if errors:
        names = dict.fromkeys(error.location.removeprefix("query.") for error in errors)
        use = {"include": INCLUDES, "fields": FIELDS}
        raise ProblemError(
            400,
            " ".join(f"Unknown {name}; use: {', '.join(use[name])}." for name in names),
            kind="invalid-parameters",
            errors=errors,
        )
    return View(
        include=frozenset(params.include),
        fields=frozenset(params.fields) if params.fields else None,
    )


async def position_view(params: Annotated[PositionViewParams, Query()]) -> View:  # no I/O
    return view_of(params)


PositionViewDep = Annotated[View, Depends(position_view)]


def facet_names(values: list[str]) -> tuple[str, ...]:
    """The facets to count, shorthands spelt out, each once; an unknown name is a 400 that
    names it."""
    unknown = [value for value in values if value not in FACET_NAMES]
    if unknown:
        raise ProblemError(
            400,
            f"Unknown facet; use: {', '.join(FACET_NAMES)}.",
            kind="invalid-parameters",
            errors=[
                FieldError(location="query.facet", message=f"unknown facet '{value}'", value=value)
                for value in unknown
            ],
        )
    names = (name for value in values for name in SHORTHANDS.get(value, (value,)))
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class FacetQuery:
    """The facets of a filtered set of positions: what to count, and over what."""

    filters: PositionFilter
    facets: tuple[str, ...]
    lookups: Lookups

    @property
    def dataset(self) -> tuple[str, str] | None:
        return self.lookups.version


async def facet_query(  # no I/O
    lookups: LookupsDep, params: Annotated[PositionFacetParams, Query()]
) -> FacetQuery:
    return FacetQuery(
        filters=position_filter(lookups, params),
        facets=facet_names(params.facet) or FACETS,
        lookups=lookups,
    )


FacetQueryDep = Annotated[FacetQuery, Depends(facet_query)]


@dataclass(frozen=True)
class PartyQuery:
    """A parties list: its page, and the Wikidata ids it is narrowed to (None: all parties)."""

    page: PageRequest
    wikidata_ids: frozenset[str] | None


async def party_query(params: Annotated[PartyParams, Query()]) -> PartyQuery:  # no I/O
    return PartyQuery(
        page=PageRequest.of(params),
        wikidata_ids=frozenset(params.wikidata) if params.wikidata else None,
    )


PartyQueryDep = Annotated[PartyQuery, Depends(party_query)]


@dataclass(frozen=True)
class DocumentQuery:
    """A documents list: its page, and the editorial dates it is narrowed to."""

    page: PageRequest
    date_from: date | None
    date_to: date | None


async def document_query(params: Annotated[DocumentParams, Query()]) -> DocumentQuery:  # no I/O
    return DocumentQuery(
        page=PageRequest.of(params), date_from=params.date_from, date_to=params.date_to
    )


DocumentQueryDep = Annotated[DocumentQuery, Depends(document_query)]
