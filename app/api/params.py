"""Query parameters, one Pydantic model per kind of list, so OpenAPI documents each
parameter once. Unknown parameters are refused for every route by
`app.http.refuse_unknown_query_parameters`, which reads the names declared here."""

import re
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints, field_validator

from app.api.exports import Format
from app.api.pagination import PageParams
from app.api.views import FIELDS, INCLUDES
from app.facets import FACET_NAMES
from app.queries import SORT_KEYS
from app.vocabulary import Evidence, Mode, Stance

MAX_VALUES = 50  # per list parameter: enough for any real selection, bounded SQL for any URL

# What the schema promises about a value as sent, so that clients and the fuzzer
# (tests/test_fuzz.py) know what is well formed. Values may list several, separated by commas,
# with spaces and empty entries ignored. The server checks more than a pattern can say (which
# slugs exist, which search has words) and answers 400 problems, with suggestions, either way.
SLUG = r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"  # the loader's slugs; aliases match in any case
WIKIDATA_ID = r"[Qq][1-9][0-9]*"  # a Wikidata item: Q and a number (q is read as Q)
SORT_KEY = rf"-?(?:{'|'.join(SORT_KEYS)})"


def comma_list(item: str) -> str:
    """A pattern for one or more `item`s separated by commas (blank entries allowed)."""
    return rf"^(?:\s*,)*\s*{item}\s*(?:,\s*(?:{item}\s*)?)*$"


def _items(pattern: str) -> dict[str, Any]:
    # `maxItems` counts the values as sent (see `_comma_lists`), so it is stated here.
    return {"items": {"type": "string", "pattern": pattern}, "maxItems": MAX_VALUES}


SLUGS_SCHEMA = _items(comma_list(SLUG))


def _names_schema(names: Iterable[str]) -> dict[str, Any]:
    """The schema of a comma list of fixed names (facets, includes, fields)."""
    return _items(comma_list(rf"(?:{'|'.join(names)})"))


def _iso_date(value: object) -> object:
    """A day as ISO 8601 `YYYY-MM-DD` only: Pydantic would also read `0` as 1970-01-01."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("not a day in ISO 8601 form, YYYY-MM-DD")
    return value


# What `date_from` and `date_to` take, as the schema says (`format: date`).
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class PositionFilterParams(BaseModel):
    """The filters of every positions list, and of their facets."""

    party: list[str] = Field(
        [],
        json_schema_extra=SLUGS_SCHEMA,
        description="Party slug or alias; repeat (or separate with commas) for OR.",
        examples=[["stalin"]],
    )
    actor: list[str] = Field(
        [],
        json_schema_extra=SLUGS_SCHEMA,
        description="Synonym of `party`; the two are combined.",
        examples=[["soong"]],
    )
    issue: list[str] = Field(
        [],
        json_schema_extra=SLUGS_SCHEMA,
        description="Issue slug or alias, including its sub-issues; repeat (or separate with commas) for OR.",
        examples=[["port-arthur"]],
    )
    topic: list[str] = Field(
        [],
        json_schema_extra=SLUGS_SCHEMA,
        description="Synonym of `issue`; the two are combined.",
        examples=[["dairen"]],
    )
    stance: list[Stance] = Field(
        [],
        json_schema_extra={"maxItems": MAX_VALUES},
        description="Stance from the controlled vocabulary; repeat (or separate with commas) for OR.",
        examples=[["propose"]],
    )
    document: list[str] = Field(
        [],
        json_schema_extra=SLUGS_SCHEMA,
        description="Document slug; repeat (or separate with commas) for OR.",
        examples=[["frus1945v07-d644"]],
    )
    source_page: list[int] = Field(
        [],
        json_schema_extra={"maxItems": MAX_VALUES},
        description="Printed FRUS page; a position is on a page if its quote lies at "
        "least partly on it. Repeat (or separate with commas) for OR.",
        examples=[[913]],
    )
    scale_point: list[int] = Field(
        [],
        json_schema_extra={"maxItems": MAX_VALUES},
        description="Point on the position's issue scale (0 = the Soviet-side demand); each "
        "issue has its own scale, so combine with `issue`. Positions the text does not place "
        "never match. Repeat (or separate with commas) for OR.",
        examples=[[0]],
    )
    addressee: list[str] = Field(
        [],
        json_schema_extra=SLUGS_SCHEMA,
        description="The party a position was put to (its `addressee`), by slug or alias; "
        "repeat (or separate with commas) for OR.",
        examples=[["soong"]],
    )
    reported_by: list[str] = Field(
        [],
        json_schema_extra=SLUGS_SCHEMA,
        description="A party anywhere in the position's attribution chain, by slug or alias: "
        "`soong` is everything Soong passed on (`harriman`, the telegram's sender, is in every "
        "chain of doc. 644). Repeat (or separate with commas) for OR.",
        examples=[["soong"]],
    )
    evidence: list[Evidence] = Field(
        [],
        json_schema_extra={"maxItems": MAX_VALUES},
        description="How the text attributes the position (the first half of its certainty); "
        "repeat (or separate with commas) for OR.",
        examples=[["reported"]],
    )
    mode: list[Mode] = Field(
        [],
        json_schema_extra={"maxItems": MAX_VALUES},
        description="How the party holds the position (the second half of its certainty); "
        "repeat (or separate with commas) for OR.",
        examples=[["believed"]],
    )
    paragraph: list[int] = Field(
        [],
        json_schema_extra={"maxItems": MAX_VALUES},
        description="Numbered paragraph of the document (from 1) holding the quote; repeat "
        "(or separate with commas) for OR.",
        examples=[[4]],
    )
    date_from: IsoDate | None = Field(
        None,
        description="Positions in documents dated on or after this day (ISO 8601, "
        "`YYYY-MM-DD`; the document's `editorial_date`). An undated document matches no bound.",
        examples=["1945-07-01"],
    )
    date_to: IsoDate | None = Field(
        None,
        description="Positions in documents dated on or before this day (ISO 8601); a range "
        "that ends before it begins selects nothing.",
        examples=["1945-07-31"],
    )
    id: list[str] = Field(
        [],
        json_schema_extra=SLUGS_SCHEMA,
        description="Position ids, many in one call: repeat (or separate with commas). They "
        "come back in the order asked for unless `sort` says otherwise; an id that names no "
        "position is a 400 problem listing every such id.",
        examples=[["d644-001,d644-017"]],
    )
    q: list[Annotated[str, StringConstraints(max_length=200)]] = Field(
        [],
        max_length=MAX_VALUES,
        # Punctuation alone is no search (400); a word is letters, digits or underscores.
        json_schema_extra={"items": {"type": "string", "maxLength": 200, "pattern": r"\w"}},
        description="Full-text search over quote and summary: every word of a search must "
        "match (word stems); repeat `q` for OR. Ranked by relevance unless `sort` says otherwise.",
        examples=[["naval facilities"]],
    )

    @field_validator(
        "party",
        "actor",
        "issue",
        "topic",
        "stance",
        "document",
        "source_page",
        "scale_point",
        "addressee",
        "reported_by",
        "evidence",
        "mode",
        "paragraph",
        "id",
        mode="before",
    )
    @classmethod
    def _comma_lists(cls, value: list[str] | str) -> list[str]:
        """`?party=stalin,molotov` is `?party=stalin&party=molotov`; `?party=` is an error,
        not "no filter", so an empty selection never returns everything. At most MAX_VALUES
        values may be sent, as the schema says (it cannot count what commas separate); what
        they list is bounded by the 4 KB query, and resolves to a set of known ids."""
        return _split(value)


class FacetParam(BaseModel):
    facet: list[str] = Field(
        [],
        json_schema_extra=_names_schema(FACET_NAMES),
        description="Count the whole filtered set (not the page) by these, comma-separated or "
        f"repeated: {', '.join(FACET_NAMES)} (`certainty` is `evidence` and `mode`). Each "
        "value comes with its label, count and the URL that applies it as a filter; issue "
        "counts include their sub-issues'. A JSON page only: an export ignores it.",
        examples=[["party,issue"]],
    )

    @field_validator("facet", mode="before")
    @classmethod
    def _facet_names(cls, value: list[str] | str) -> list[str]:  # not _comma_lists: a mixin
        return _split(value)


class PositionViewParams(BaseModel):
    include: list[str] = Field(
        [],
        json_schema_extra=_names_schema(INCLUDES),
        description="Expand these references into whole objects, comma-separated or "
        f"repeated: {', '.join(INCLUDES)} (a party or addressee as `/parties/{{slug}}` "
        "shows it, an issue as `/issues/{slug}`, the document as in `/documents`, each "
        "answered position as a position). JSON and NDJSON; a CSV ignores it (`fields` "
        "picks columns).",
        examples=[["party,issue"]],
    )
    fields: list[str] = Field(
        [],
        json_schema_extra=_names_schema(FIELDS),
        description="Keep only these keys of each position (`id` and `url` are always kept), "
        "comma-separated or repeated; in a CSV, the columns that show them. Keys: "
        f"{', '.join(FIELDS)}.",
        examples=[["id,quote,party,pages"]],
    )

    @field_validator("include", "fields", mode="before")
    @classmethod
    def _view_names(cls, value: list[str] | str) -> list[str]:  # not _comma_lists: a mixin
        return _split(value)


class PositionParams(PageParams, PositionFilterParams, FacetParam, PositionViewParams):
    sort: list[str] = Field(
        [],
        json_schema_extra=_items(comma_list(SORT_KEY)),
        description="Sort keys, comma-separated or repeated; `-` for descending. Keys: "
        f"{', '.join(SORT_KEYS)}. Default: relevance when `q` is given, then document order; id breaks ties.",
        examples=[["-source_page,party"]],
    )
    format: Format | None = Field(
        None,
        description="Response format; overrides the Accept header. CSV and NDJSON "
        "return every matching row unless `page` or `per_page` is given.",
        examples=["csv"],
    )
    bom: bool = Field(
        False,
        description="CSV only: start the file with a UTF-8 byte order mark, so that "
        "spreadsheet programs read it as UTF-8 (`?bom=1`); other formats have none.",
        examples=[True],
    )

    @field_validator("sort", mode="before")
    @classmethod
    def _sort_keys(cls, value: list[str] | str) -> list[str]:
        return _split(value)


class PositionFacetParams(PositionFilterParams, FacetParam):
    """The filters of a positions list and the facets to count (all of them by default)."""


def _split(value: list[str] | str) -> list[str]:
    """The values of a list parameter as sent, repeated or comma-separated (blank entries
    ignored); at most MAX_VALUES may be sent, and `?name=` alone is an error."""
    values = [value] if isinstance(value, str) else value
    if len(values) > MAX_VALUES:
        raise ValueError(f"at most {MAX_VALUES} values may be sent")
    parts = [part.strip() for item in values for part in str(item).split(",") if part.strip()]
    if values and not parts:
        raise ValueError("empty value")
    return parts


class PartyParams(PageParams):
    wikidata: list[str] = Field(
        [],
        json_schema_extra=_items(comma_list(WIKIDATA_ID)),
        description="Wikidata item (Q-number) of a person or a state; repeat (or separate with "
        "commas) for OR. A well-formed id no party has matches nothing.",
        examples=[["Q855"]],
    )

    @field_validator("wikidata", mode="before")
    @classmethod
    def _wikidata_ids(cls, value: list[str] | str) -> list[str]:
        """Q-numbers, upper-cased; anything else is a 400 naming the parameter and the value."""
        ids = [part.upper() for part in _split(value)]
        malformed = [part for part in ids if not re.fullmatch(WIKIDATA_ID, part)]
        if malformed:
            raise ValueError(f"not a Wikidata id (Q and a number, e.g. Q855): {malformed[0]!r}")
        return ids


class DocumentParams(PageParams):
    date_from: IsoDate | None = Field(
        None,
        description="Documents dated on or after this day (ISO 8601, `YYYY-MM-DD`; the "
        "`editorial_date`). An undated document matches no bound.",
        examples=["1945-07-01"],
    )
    date_to: IsoDate | None = Field(
        None,
        description="Documents dated on or before this day (ISO 8601); a range that ends "
        "before it begins selects nothing.",
        examples=["1945-07-31"],
    )
