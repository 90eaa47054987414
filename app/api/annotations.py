"""Positions as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), each with two
targets:

- the plain text this API serves at `/documents/{slug}/text`, by a TextPositionSelector (code
  points of that text, exactly our spans) and a TextQuoteSelector;
- the published page on history.state.gov, by a TextQuoteSelector only (the exact quote with
  32 characters of prefix and suffix): our offsets do not count that page's characters.

Everything the telegram does not say (summary, stance, certainty, the reporting chain) is in
bodies marked as the annotation's own, never in a target. How they are served (containers,
pages, headers, `Prefer`) is app/api/annotation_protocol.py."""

from typing import Annotated, Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from app.api.present import Urls
from app.lookups import Lookups
from app.queries import PositionRow

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LDP_CONTEXT = "http://www.w3.org/ns/ldp.jsonld"
ANNOTATION_MEDIA_TYPE = f'application/ld+json; profile="{ANNOTATION_CONTEXT}"'
EXAMPLE_ANNOTATION = "http://127.0.0.1:8000/annotations/d644-001"
EXAMPLE_CONTAINER = "http://127.0.0.1:8000/documents/frus1945v07-d644/annotations/"


class AnnotationResponse(JSONResponse):
    media_type = ANNOTATION_MEDIA_TYPE


def _absent_if_none(value: object) -> bool:
    return value is None


class JsonLd(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class TextualBody(JsonLd):
    """A body written by the annotator: a summary, a tag or a comment."""

    type: Literal["TextualBody"] = Field(
        "TextualBody", description="Always `TextualBody`.", examples=["TextualBody"]
    )
    value: str = Field(
        description="The text: a summary, `stance:…`, `evidence:…`, `mode:…` or the reporting "
        "chain.",
        examples=["stance:propose"],
    )
    format: str | None = Field(
        default=None,
        exclude_if=_absent_if_none,
        description="Media type of `value`; absent on tags.",
        examples=["text/plain"],
    )
    language: str | None = Field(
        default=None,
        exclude_if=_absent_if_none,
        description="Language of `value`; absent on tags.",
        examples=["en"],
    )
    purpose: str = Field(
        description="`describing` (the summary), `tagging` or `commenting` (the chain).",
        examples=["tagging"],
    )


class SpecificResourceBody(JsonLd):
    """A body that is a resource of this API: the party who holds the position, or its issue."""

    type: Literal["SpecificResource"] = Field(
        "SpecificResource", description="Always `SpecificResource`.", examples=["SpecificResource"]
    )
    source: str = Field(
        description="Absolute URL of the party or the issue.",
        examples=["http://127.0.0.1:8000/parties/stalin"],
    )
    purpose: str = Field(
        description="`identifying` (the party) or `classifying` (the issue).",
        examples=["identifying"],
    )


AnnotationBody = Annotated[TextualBody | SpecificResourceBody, Field(discriminator="type")]


class TextPositionSelector(JsonLd):
    """Code-point offsets in the clean text served at `/documents/{slug}/text`."""

    type: Literal["TextPositionSelector"] = Field(
        "TextPositionSelector",
        description="Always `TextPositionSelector`.",
        examples=["TextPositionSelector"],
    )
    start: int = Field(description="Offset of the quote's first character.", examples=[153])
    end: int = Field(description="Offset just after the quote's last character.", examples=[306])


class TextQuoteSelector(JsonLd):
    """The quote, with the text just before and after it."""

    type: Literal["TextQuoteSelector"] = Field(
        "TextQuoteSelector",
        description="Always `TextQuoteSelector`.",
        examples=["TextQuoteSelector"],
    )
    exact: str = Field(
        description="The quote, verbatim.", examples=["the ownership of the railroads"]
    )
    prefix: str = Field(description="Up to 32 characters before the quote.", examples=["that "])
    suffix: str = Field(description="Up to 32 characters after the quote.", examples=[", that"])


class TextTarget(JsonLd):
    """The document's clean text as this API serves it."""

    source: str = Field(
        description="Absolute URL of `/documents/{slug}/text`.",
        examples=["http://127.0.0.1:8000/documents/frus1945v07-d644/text"],
    )
    format: Literal["text/plain"] = Field(
        "text/plain", description="Always `text/plain`.", examples=["text/plain"]
    )
    selector: list[TextPositionSelector | TextQuoteSelector] = Field(
        description="A TextPositionSelector, then a TextQuoteSelector of the same span."
    )


class PageTarget(JsonLd):
    """The published document on history.state.gov, whose characters our offsets do not count."""

    source: str = Field(
        description="The document's page on history.state.gov.",
        examples=["https://history.state.gov/historicaldocuments/frus1945v07/d644"],
    )
    selector: TextQuoteSelector = Field(description="The quote with its prefix and suffix.")


class WebAnnotation(JsonLd):
    """A position as a W3C Web Annotation."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": EXAMPLE_ANNOTATION,
                    "type": "Annotation",
                    "motivation": "describing",
                    "body": [
                        {"type": "TextualBody", "value": "stance:propose", "purpose": "tagging"}
                    ],
                    "target": [
                        {
                            "source": "https://history.state.gov/historicaldocuments/frus1945v07/d644",
                            "selector": {
                                "type": "TextQuoteSelector",
                                "exact": "ownership of the railroads should be Russian",
                                "prefix": "proposed that the ",
                                "suffix": ", that they should",
                            },
                        }
                    ],
                    "via": "http://127.0.0.1:8000/positions/d644-001",
                }
            ]
        }
    )

    context: str | None = Field(
        default=None,
        alias="@context",
        exclude_if=_absent_if_none,
        description="The Web Annotation JSON-LD context; only on an annotation served alone "
        "(within a page, the page's context applies).",
        examples=[ANNOTATION_CONTEXT],
    )
    id: str = Field(
        description="The annotation's IRI: `/annotations/{position_id}`, which serves it.",
        examples=[EXAMPLE_ANNOTATION],
    )
    type: Literal["Annotation"] = Field(
        "Annotation", description="Always `Annotation`.", examples=["Annotation"]
    )
    motivation: Literal["describing"] = Field(
        "describing", description="Always `describing`.", examples=["describing"]
    )
    body: list[AnnotationBody] = Field(
        description="Summary, stance, evidence and mode tags, the reporting chain, the party "
        "and the issue: editorial, never the text's own words."
    )
    target: list[TextTarget | PageTarget] = Field(
        description="The clean text served here, then the page on history.state.gov."
    )
    via: str = Field(
        description="The position this annotation presents, as plain JSON.",
        examples=["http://127.0.0.1:8000/positions/d644-001"],
    )


def quote_selector(position: PositionRow) -> TextQuoteSelector:
    """The quote with the text around it, as the loader stored them."""
    return TextQuoteSelector(exact=position.quote, prefix=position.prefix, suffix=position.suffix)


def _chain(position: PositionRow) -> str:
    """The reporting chain in words: "Soong to Harriman; Harriman to truman, secretary-of-state"."""
    return "; ".join(
        f"{link['party']} to {', '.join(link['to'])}"
        + (f" ({link['verb']})" if link.get("verb") else "")
        + (" [inferred from context]" if link.get("basis") == "context" else "")
        for link in position.attribution
    )


def annotation_iri(urls: Urls, position_id: str) -> str:
    return f"{urls.base}/annotations/{position_id}"


def annotation(
    position: PositionRow, urls: Urls, lookups: Lookups, *, alone: bool = False
) -> WebAnnotation:
    """The position as an annotation; `alone`: served by itself, so with its own context."""
    slug = lookups.document_slugs[position.document_id]
    quote = quote_selector(position)
    return WebAnnotation(
        context=ANNOTATION_CONTEXT if alone else None,
        id=annotation_iri(urls, position.id),
        body=[
            TextualBody(
                value=position.summary, format="text/plain", language="en", purpose="describing"
            ),
            TextualBody(value=f"stance:{position.stance}", purpose="tagging"),
            TextualBody(value=f"evidence:{position.evidence}", purpose="tagging"),
            TextualBody(value=f"mode:{position.mode}", purpose="tagging"),
            TextualBody(
                value=f"Reported: {_chain(position)}",
                format="text/plain",
                language="en",
                purpose="commenting",
            ),
            SpecificResourceBody(
                source=urls.party(lookups.party_refs[position.party_id][0]), purpose="identifying"
            ),
            SpecificResourceBody(
                source=urls.issue(lookups.issue_refs[position.issue_id][0]), purpose="classifying"
            ),
        ],
        target=[
            TextTarget(
                source=urls.document_text(slug),
                selector=[
                    TextPositionSelector(start=position.span_start, end=position.span_end),
                    quote,
                ],
            ),
            PageTarget(source=lookups.document_sources[position.document_id], selector=quote),
        ],
        via=urls.position(position.id),
    )


class CollectionRef(JsonLd):
    """The collection a page is part of, with its size and its first and last pages."""

    id: str = Field(description="The collection's IRI.", examples=[EXAMPLE_CONTAINER])
    type: Literal["AnnotationCollection"] = Field(
        "AnnotationCollection",
        description="Always `AnnotationCollection`.",
        examples=["AnnotationCollection"],
    )
    label: str = Field(
        description="What the collection holds.", examples=["Harriman to Truman, 3 July 1945"]
    )
    total: int = Field(description="Annotations in the whole collection.", examples=[40])
    first: str = Field(description="Its first page.", examples=[f"{EXAMPLE_CONTAINER}?page=1"])
    last: str = Field(description="Its last page.", examples=[f"{EXAMPLE_CONTAINER}?page=2"])


class AnnotationPage(JsonLd):
    """One page of an annotation collection (an ActivityStreams OrderedCollectionPage)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "@context": ANNOTATION_CONTEXT,
                    "id": f"{EXAMPLE_CONTAINER}?iris=1&page=1",
                    "type": "AnnotationPage",
                    "partOf": {
                        "id": f"{EXAMPLE_CONTAINER}?iris=1",
                        "type": "AnnotationCollection",
                        "label": "Harriman to Truman, 3 July 1945",
                        "total": 40,
                        "first": f"{EXAMPLE_CONTAINER}?iris=1&page=1",
                        "last": f"{EXAMPLE_CONTAINER}?iris=1&page=2",
                    },
                    "startIndex": 0,
                    "next": f"{EXAMPLE_CONTAINER}?iris=1&page=2",
                    "prev": None,
                    "items": [EXAMPLE_ANNOTATION],
                }
            ]
        }
    )

    context: str | None = Field(
        ANNOTATION_CONTEXT,
        alias="@context",
        exclude_if=_absent_if_none,
        description="The Web Annotation JSON-LD context; absent on a page embedded in its "
        "collection.",
        examples=[ANNOTATION_CONTEXT],
    )
    id: str = Field(
        description="The page's IRI: its collection's with `page=N`.",
        examples=[f"{EXAMPLE_CONTAINER}?page=1"],
    )
    type: Literal["AnnotationPage"] = Field(
        "AnnotationPage", description="Always `AnnotationPage`.", examples=["AnnotationPage"]
    )
    part_of: CollectionRef = Field(alias="partOf", description="The collection it is part of.")
    start_index: int = Field(
        alias="startIndex",
        description="Position of the page's first item in the whole collection, from 0.",
        examples=[0],
    )
    next: str | None = Field(
        default=None,
        description="The next page; null on the last.",
        examples=[f"{EXAMPLE_CONTAINER}?page=2"],
    )
    prev: str | None = Field(
        default=None, description="The previous page; null on the first.", examples=[None]
    )
    items: list[WebAnnotation] | list[str] = Field(
        description="The annotations in document order: whole, or only their IRIs "
        "(`iris=1`, or `Prefer` with PreferContainedIRIs on the collection)."
    )


class AnnotationCollection(JsonLd):
    """The annotations of a document (an LDP Basic Container), or those found by `uri`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "@context": [ANNOTATION_CONTEXT, LDP_CONTEXT],
                    "id": EXAMPLE_CONTAINER,
                    "type": ["BasicContainer", "AnnotationCollection"],
                    "label": "Harriman to Truman, 3 July 1945",
                    "total": 40,
                    "first": f"{EXAMPLE_CONTAINER}?page=1",
                    "last": f"{EXAMPLE_CONTAINER}?page=2",
                }
            ]
        }
    )

    context: list[str] = Field(
        alias="@context",
        description="The Web Annotation context, and LDP's for a container.",
        examples=[[ANNOTATION_CONTEXT, LDP_CONTEXT]],
    )
    id: str = Field(
        description="The collection's IRI (also in `Content-Location`): with `iris=1` when "
        "its pages list IRIs.",
        examples=[EXAMPLE_CONTAINER],
    )
    type: list[str] = Field(
        description="`BasicContainer` and `AnnotationCollection` for a document's container; "
        "`AnnotationCollection` for the annotations found by `uri`.",
        examples=[["BasicContainer", "AnnotationCollection"]],
    )
    label: str = Field(
        description="What the collection holds.", examples=["Harriman to Truman, 3 July 1945"]
    )
    total: int = Field(description="How many annotations it holds.", examples=[40])
    first: AnnotationPage | str = Field(
        description="The first page, embedded (the default), or its IRI (with `Prefer` "
        "PreferMinimalContainer)."
    )
    last: str = Field(description="The last page's IRI.", examples=[f"{EXAMPLE_CONTAINER}?page=2"])
