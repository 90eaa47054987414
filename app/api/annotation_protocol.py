"""The W3C Web Annotation Protocol (https://www.w3.org/TR/annotation-protocol/), for a server
that only reads: how annotations, their collections and the pages of those are served.

- A document's annotations are an LDP Basic Container at `/documents/{slug}/annotations/`
  (a container's IRI ends in `/`); `GET /annotations?uri=…` is the collection of those whose
  target is that URI (found, not contained: no container type). Either is answered with
  its description, `total`, `label`, `last`, and its first page embedded as `first`, or only
  linked when the client prefers the minimal container.
- `?page=N` on either is one page; `?iris=1` makes the pages list annotation IRIs only.
  `per_page` is part of a collection's IRI, as `iris` is: each variant has its own ids.
- Each annotation is at `/annotations/{position_id}`.

Every one of them answers GET, HEAD and OPTIONS (`Allow`), as JSON-LD with the annotation
profile, with `Link: <http://www.w3.org/ns/ldp#Resource>; rel="type"`; containers add their
container type and the protocol's constraints. ETag and `Vary: Accept` come from app/http.py;
collections add `Vary: Prefer`, since their representation depends on it."""

from dataclasses import dataclass
from math import ceil

from fastapi import Request, Response
from pydantic import BaseModel, Field
from starlette.datastructures import URL

from app.api.annotations import (
    ANNOTATION_CONTEXT,
    LDP_CONTEXT,
    AnnotationCollection,
    AnnotationPage,
    AnnotationResponse,
    CollectionRef,
    WebAnnotation,
)
from app.api.pagination import MAX_PER_PAGE

LDP = "http://www.w3.org/ns/ldp#"
OA = "http://www.w3.org/ns/oa#"
LDP_RESOURCE = f"{LDP}Resource"
LDP_BASIC_CONTAINER = f"{LDP}BasicContainer"
CONSTRAINED_BY = f"{LDP}constrainedBy"
PROTOCOL = "http://www.w3.org/TR/annotation-protocol/"
PREFER_MINIMAL_CONTAINER = f"{LDP}PreferMinimalContainer"
PREFER_CONTAINED_IRIS = f"{OA}PreferContainedIRIs"
PREFER_CONTAINED_DESCRIPTIONS = f"{OA}PreferContainedDescriptions"
ALLOW = "GET, HEAD, OPTIONS"
RESOURCE_TYPE_LINK = f'<{LDP_RESOURCE}>; rel="type"'
CONTAINER_LINKS = f'<{LDP_BASIC_CONTAINER}>; rel="type", <{PROTOCOL}>; rel="{CONSTRAINED_BY}"'


class AnnotationListParams(BaseModel):
    """The query of a collection: which page, how big, and whole annotations or IRIs."""

    page: int | None = Field(
        None,
        ge=1,
        description="A page of the collection, from 1; without it, the collection itself "
        "(with its first page embedded).",
        examples=[1],
    )
    per_page: int = Field(
        20,
        ge=1,
        le=MAX_PER_PAGE,
        description=f"Annotations per page, 1 to {MAX_PER_PAGE}.",
        examples=[20],
    )
    iris: bool = Field(
        False,
        description="`1`: pages list the annotations' IRIs only (as `Prefer: "
        'return=representation; include="http://www.w3.org/ns/oa#PreferContainedIRIs"` '
        "asks on the collection).",
        examples=[True],
    )


@dataclass(frozen=True)
class ContainerPreference:
    """What a `Prefer` header asked of a collection (RFC 7240, LDP §7.2)."""

    minimal: bool = False  # PreferMinimalContainer: no page embedded
    iris: bool | None = None  # PreferContainedIRIs (True) or ...Descriptions (False)

    @property
    def given(self) -> bool:
        return self.minimal or self.iris is not None


def container_preference(request: Request) -> ContainerPreference:
    """The `return=representation` preference's `include` IRIs; asking for IRIs and
    descriptions at once (which a client must not) is ignored, as the protocol allows."""
    included: set[str] = set()
    for header in request.headers.getlist("prefer"):
        for preference in header.split(","):
            name, *params = (part.strip() for part in preference.split(";"))
            if name.replace(" ", "") != "return=representation":
                continue
            for param in params:
                key, _, value = param.partition("=")
                if key.strip().lower() == "include":
                    included |= set(value.strip().strip('"').split())
    iris = PREFER_CONTAINED_IRIS in included
    descriptions = PREFER_CONTAINED_DESCRIPTIONS in included
    return ContainerPreference(
        minimal=PREFER_MINIMAL_CONTAINER in included,
        iris=None if iris == descriptions else iris,
    )


@dataclass(frozen=True)
class Collection:
    """A collection as asked for: its IRI (the request's without `page`), its pages."""

    iri: str
    label: str
    total: int
    per_page: int
    iris: bool
    container: bool  # an LDP container (a document's), or a found set (`uri=`)

    @classmethod
    def of(
        cls, request: Request, *, label: str, total: int, iris: bool, per_page: int, container: bool
    ) -> "Collection":
        url = URL(str(request.url)).remove_query_params(["page", "iris"])
        if iris:
            url = url.include_query_params(iris=1)
        return cls(str(url), label, total, per_page, iris, container)

    @property
    def pages(self) -> int:
        return max(ceil(self.total / self.per_page), 1)

    def page_iri(self, number: int) -> str:
        return str(URL(self.iri).include_query_params(page=number))

    def ref(self) -> CollectionRef:
        return CollectionRef(
            id=self.iri,
            label=self.label,
            total=self.total,
            first=self.page_iri(1),
            last=self.page_iri(self.pages),
        )


def page_of(
    collection: Collection, number: int, annotations: list[WebAnnotation], *, embedded: bool
) -> AnnotationPage:
    """Page `number` of the collection holding `annotations` (whole, or as IRIs)."""
    return AnnotationPage(
        context=None if embedded else ANNOTATION_CONTEXT,
        id=collection.page_iri(number),
        part_of=collection.ref(),
        start_index=(number - 1) * collection.per_page,
        next=collection.page_iri(number + 1) if number < collection.pages else None,
        prev=collection.page_iri(min(number - 1, collection.pages)) if number > 1 else None,
        items=[a.id for a in annotations] if collection.iris else annotations,
    )


def _links(*links: tuple[str | None, str]) -> str:
    return ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links if url)


def page_response(page: AnnotationPage, collection: Collection) -> AnnotationResponse:
    headers = {
        "Allow": ALLOW,
        "Link": ", ".join(
            [
                RESOURCE_TYPE_LINK,
                _links(
                    (collection.iri, "collection"),
                    (collection.page_iri(1), "first"),
                    (page.prev, "prev"),
                    (page.next, "next"),
                    (collection.page_iri(collection.pages), "last"),
                ),
            ]
        ),
        "X-Total-Count": str(collection.total),
    }
    return AnnotationResponse(page.model_dump(), headers=headers)


def collection_response(
    collection: Collection, first: AnnotationPage | None, preference: ContainerPreference
) -> AnnotationResponse:
    """The collection, with `first` embedded (None: linked only, the minimal container)."""
    body = AnnotationCollection(
        context=[ANNOTATION_CONTEXT, LDP_CONTEXT] if collection.container else [ANNOTATION_CONTEXT],
        id=collection.iri,
        type=["BasicContainer", "AnnotationCollection"]
        if collection.container
        else ["AnnotationCollection"],
        label=collection.label,
        total=collection.total,
        first=first if first is not None else collection.page_iri(1),
        last=collection.page_iri(collection.pages),
    )
    links = [RESOURCE_TYPE_LINK]
    if collection.container:
        links.append(CONTAINER_LINKS)
    links.append(
        _links((collection.page_iri(1), "first"), (collection.page_iri(collection.pages), "last"))
    )
    headers = {
        "Allow": ALLOW,
        "Link": ", ".join(links),
        "Content-Location": collection.iri,
        "Vary": "Prefer",
        "X-Total-Count": str(collection.total),
    }
    if preference.given:
        headers["Preference-Applied"] = "return=representation"
    return AnnotationResponse(body.model_dump(), headers=headers)


def annotation_response(annotation: WebAnnotation) -> AnnotationResponse:
    return AnnotationResponse(
        annotation.model_dump(), headers={"Allow": ALLOW, "Link": RESOURCE_TYPE_LINK}
    )


def redirect_to_page(request: Request, container: str) -> Response:
    """308 from the old `/documents/{slug}/annotations` (pages, before containers) to the same
    page of the container, so that old links still get the page they named."""
    url = URL(container).replace(query=request.url.query)
    if "page" not in request.query_params:
        url = url.include_query_params(page=1)
    return Response(status_code=308, headers={"Location": str(url)})
