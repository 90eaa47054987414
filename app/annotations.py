"""Positions as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), anchored on the
published page by a position selector and a quote selector with 32 characters of context."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATION_MEDIA_TYPE = f'application/ld+json; profile="{ANNOTATION_CONTEXT}"'
CONTEXT_CHARS = 32


class WebAnnotation(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    type: str = "Annotation"
    motivation: str = "describing"
    body: list[dict[str, Any]]
    target: dict[str, Any]


class AnnotationPage(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    context: str = Field(ANNOTATION_CONTEXT, alias="@context")
    id: str
    type: str = "AnnotationPage"
    part_of: dict[str, Any] = Field(alias="partOf")
    start_index: int = Field(alias="startIndex")
    next: str | None = None
    prev: str | None = None
    items: list[WebAnnotation]


def quote_selector(text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "type": "TextQuoteSelector",
        "exact": text[start:end],
        "prefix": text[max(start - CONTEXT_CHARS, 0) : start],
        "suffix": text[end : end + CONTEXT_CHARS],
    }


def annotation(
    *,
    position_url: str,
    source_url: str,
    text: str,
    start: int,
    end: int,
    summary: str,
    stance: str,
    party_url: str,
    issue_url: str,
) -> WebAnnotation:
    return WebAnnotation(
        id=position_url,
        body=[
            {
                "type": "TextualBody",
                "value": summary,
                "format": "text/plain",
                "language": "en",
                "purpose": "describing",
            },
            {"type": "TextualBody", "value": stance, "purpose": "tagging"},
            {"type": "SpecificResource", "source": party_url, "purpose": "identifying"},
            {"type": "SpecificResource", "source": issue_url, "purpose": "classifying"},
        ],
        target={
            "source": source_url,
            "selector": [
                {"type": "TextPositionSelector", "start": start, "end": end},
                quote_selector(text, start, end),
            ],
        },
    )
