"""Positions as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), each with two
targets:

- the plain text this API serves at `/documents/{slug}/text`, by a TextPositionSelector (code
  points of that text, exactly our spans) and a TextQuoteSelector;
- the published page on history.state.gov, by a TextQuoteSelector only (the exact quote with
  32 characters of prefix and suffix): our offsets do not count that page's characters.

Everything the telegram does not say (summary, stance, certainty, the reporting chain) is in
bodies marked as the annotation's own, never in a target."""

from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from app.api.pagination import ListLinks
from app.api.present import Urls
from app.lookups import Lookups
from app.models import Document
from app.queries import PositionRow

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATION_MEDIA_TYPE = f'application/ld+json; profile="{ANNOTATION_CONTEXT}"'


class AnnotationResponse(JSONResponse):
    media_type = ANNOTATION_MEDIA_TYPE


class WebAnnotation(BaseModel):
    id: str
    type: str = "Annotation"
    motivation: str = "describing"
    body: list[dict[str, Any]]
    target: list[dict[str, Any]]


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


def quote_selector(position: PositionRow) -> dict[str, Any]:
    """The quote with the text around it, as the loader stored them."""
    return {
        "type": "TextQuoteSelector",
        "exact": position.quote,
        "prefix": position.prefix,
        "suffix": position.suffix,
    }


def _chain(position: PositionRow) -> str:
    """The reporting chain in words: "Soong to Harriman; Harriman to truman, secretary-of-state"."""
    return "; ".join(
        f"{link['party']} to {', '.join(link['to'])}"
        + (f" ({link['verb']})" if link.get("verb") else "")
        + (" [inferred from context]" if link.get("basis") == "context" else "")
        for link in position.attribution
    )


def annotation(
    position: PositionRow, document: Document, urls: Urls, lookups: Lookups
) -> WebAnnotation:
    start, end = position.span_start, position.span_end
    return WebAnnotation(
        id=urls.position(position.id),
        body=[
            {
                "type": "TextualBody",
                "value": position.summary,
                "format": "text/plain",
                "language": "en",
                "purpose": "describing",
            },
            {"type": "TextualBody", "value": f"stance:{position.stance}", "purpose": "tagging"},
            {"type": "TextualBody", "value": f"evidence:{position.evidence}", "purpose": "tagging"},
            {"type": "TextualBody", "value": f"mode:{position.mode}", "purpose": "tagging"},
            {
                "type": "TextualBody",
                "value": f"Reported: {_chain(position)}",
                "format": "text/plain",
                "language": "en",
                "purpose": "commenting",
            },
            {
                "type": "SpecificResource",
                "source": urls.party(lookups.party_refs[position.party_id][0]),
                "purpose": "identifying",
            },
            {
                "type": "SpecificResource",
                "source": urls.issue(lookups.issue_refs[position.issue_id][0]),
                "purpose": "classifying",
            },
        ],
        target=[
            {
                "source": urls.document_text(document.slug),
                "format": "text/plain",
                "selector": [
                    {"type": "TextPositionSelector", "start": start, "end": end},
                    quote_selector(position),
                ],
            },
            {"source": document.url, "selector": quote_selector(position)},
        ],
    )


def annotation_page(
    positions: list[PositionRow],
    document: Document,
    *,
    urls: Urls,
    lookups: Lookups,
    links: ListLinks,
    total: int,
    start_index: int,
) -> AnnotationPage:
    return AnnotationPage(
        id=links.self,
        part_of={
            "id": f"{urls.document(document.slug)}/annotations",
            "type": "AnnotationCollection",
            "label": document.title,
            "total": total,
        },
        start_index=start_index,
        next=links.next,
        prev=links.prev,
        items=[annotation(position, document, urls, lookups) for position in positions],
    )
