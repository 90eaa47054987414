"""Query parameters, one Pydantic model per kind of list, so OpenAPI documents each
parameter once. Unknown parameters are refused for every route by
`deps.refuse_unknown_query_parameters`, which reads the names declared here."""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator

from app.queries import SORT_KEYS
from app.vocabulary import Stance

MAX_PER_PAGE = 100
MAX_VALUES = 50  # per list parameter: enough for any real selection, bounded SQL for any URL


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    NDJSON = "ndjson"


class ListParams(BaseModel):
    page: int = Field(1, ge=1, description="Page number, from 1.", examples=[1])
    per_page: int = Field(
        20,
        ge=1,
        le=MAX_PER_PAGE,
        description=f"Items per page, 1 to {MAX_PER_PAGE}.",
        examples=[20],
    )


class PositionParams(ListParams):
    party: list[str] = Field(
        [],
        max_length=MAX_VALUES,
        description="Party slug or alias; repeat (or separate with commas) for OR.",
        examples=[["stalin"]],
    )
    actor: list[str] = Field(
        [],
        max_length=MAX_VALUES,
        description="Synonym of `party`; the two are combined.",
        examples=[["soong"]],
    )
    issue: list[str] = Field(
        [],
        max_length=MAX_VALUES,
        description="Issue slug or alias, including its sub-issues; repeat (or separate with commas) for OR.",
        examples=[["port-arthur"]],
    )
    topic: list[str] = Field(
        [],
        max_length=MAX_VALUES,
        description="Synonym of `issue`; the two are combined.",
        examples=[["dairen"]],
    )
    stance: list[Stance] = Field(
        [],
        max_length=MAX_VALUES,
        description="Stance from the controlled vocabulary; repeat (or separate with commas) for OR.",
        examples=[["propose"]],
    )
    document: list[str] = Field(
        [],
        max_length=MAX_VALUES,
        description="Document slug; repeat (or separate with commas) for OR.",
        examples=[["frus1945v07-d644"]],
    )
    source_page: list[int] = Field(
        [],
        max_length=MAX_VALUES,
        description="Printed FRUS page; a position is on a page if its quote lies at "
        "least partly on it. Repeat (or separate with commas) for OR.",
        examples=[[913]],
    )
    q: list[Annotated[str, StringConstraints(max_length=200)]] = Field(
        [],
        max_length=MAX_VALUES,
        description="Full-text search over quote and summary: every word of a search must "
        "match (word stems); repeat `q` for OR. Ranked by relevance unless `sort` says otherwise.",
        examples=[["naval facilities"]],
    )
    sort: list[str] = Field(
        [],
        max_length=MAX_VALUES,
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

    @field_validator(
        "party",
        "actor",
        "issue",
        "topic",
        "stance",
        "document",
        "source_page",
        "sort",
        mode="before",
    )
    @classmethod
    def _comma_lists(cls, value: list[str] | str) -> list[str]:
        """`?party=stalin,molotov` is `?party=stalin&party=molotov`; `?party=` is an error,
        not "no filter", so an empty selection never returns everything."""
        values = [value] if isinstance(value, str) else value
        parts = [part.strip() for item in values for part in str(item).split(",") if part.strip()]
        if values and not parts:
            raise ValueError("empty value")
        return parts
