"""Paging, in one place. Four things, named for what they are:

- `PageParams`: the `page` and `per_page` query parameters, as OpenAPI documents them;
- `PageRequest`: the page a list was asked for, resolved (`PageRequestDep` in a route);
- `Page`: the envelope a list is answered in, with its `ListLinks`;
- `page_envelope()` / `send_page_headers()`: the envelope and the RFC 8288 `Link` and
  `X-Total-Count` headers that repeat its links, so a client can page from either.

The queries know nothing of pages: they read `offset` and `limit` rows."""

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from typing import Annotated, Generic, TypeVar
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.datastructures import URL

MAX_PER_PAGE = 100
T = TypeVar("T")


class PageParams(BaseModel):
    page: int = Field(1, ge=1, description="Page number, from 1.", examples=[1])
    per_page: int = Field(
        20,
        ge=1,
        le=MAX_PER_PAGE,
        description=f"Items per page, 1 to {MAX_PER_PAGE}.",
        examples=[20],
    )


@dataclass(frozen=True)
class PageRequest:
    page: int
    per_page: int | None  # None: every row, as one page (an export)

    @classmethod
    def of(cls, params: PageParams) -> "PageRequest":
        return cls(page=params.page, per_page=params.per_page)

    @classmethod
    def everything(cls) -> "PageRequest":
        return cls(page=1, per_page=None)

    def size(self, total: int) -> int:
        """Items per page; an unpaged export is one page of everything."""
        return self.per_page if self.per_page is not None else max(total, 1)

    @property
    def offset(self) -> int:
        return 0 if self.per_page is None else (self.page - 1) * self.per_page

    @property
    def limit(self) -> int | None:
        return self.per_page


def explicitly_paged(request: Request) -> bool:
    return "page" in request.query_params or "per_page" in request.query_params


async def page_request(params: Annotated[PageParams, Query()]) -> PageRequest:
    # `async`: no I/O, so no hop to a worker thread (which costs more than this)
    return PageRequest.of(params)


PageRequestDep = Annotated[PageRequest, Depends(page_request)]


EXAMPLE_LIST = "http://127.0.0.1:8000/positions?party=stalin"


class ListLinks(BaseModel):
    """The list's pages, also sent in the `Link` header."""

    self: str = Field(description="This page.", examples=[f"{EXAMPLE_LIST}&page=2"])
    first: str = Field(description="The first page.", examples=[f"{EXAMPLE_LIST}&page=1"])
    prev: str | None = Field(
        description="The previous page; null on the first.", examples=[f"{EXAMPLE_LIST}&page=1"]
    )
    next: str | None = Field(
        description="The next page; null on the last.", examples=[f"{EXAMPLE_LIST}&page=3"]
    )
    last: str = Field(description="The last page.", examples=[f"{EXAMPLE_LIST}&page=3"])


class Page(BaseModel, Generic[T]):
    """One page of a list, in the envelope every list shares."""

    items: list[T] = Field(description="This page's items, in the list's order.")
    total: int = Field(description="Exact number of matching items.", examples=[40])
    page: int = Field(description="This page's number, from 1.", examples=[2])
    per_page: int = Field(description="Items per page (every row, for an export).", examples=[20])
    pages: int = Field(description="How many pages there are (at least 1).", examples=[2])
    links: ListLinks = Field(description="The pages, as in the `Link` header.")


def link(url: URL, **changes: str | int | None) -> str:
    """`url` with its query re-encoded one way (commas as commas, spaces as `+`), each of
    `changes` replacing that parameter (placed last; None drops it): so every link the API
    builds (self, pages, facets) spells the same query the same way, whichever way the
    client spelt it (`,` or `%2C`)."""
    kept = [
        (name, value)
        for name, value in parse_qsl(url.query, keep_blank_values=True)
        if name not in changes
    ]
    kept += [(name, str(value)) for name, value in changes.items() if value is not None]
    return str(url.replace(query=urlencode(kept, safe=",")))


def page_links(request: Request, page: PageRequest, total: int) -> tuple[ListLinks, int]:
    """Links to this, the first, previous, next and last page, and the page count. An
    unpaged export is one page, every row: its first and last page are itself (a `page`
    added to its URL would page it, 20 rows at a time)."""
    url = request.url
    if page.per_page is None:
        whole = link(url)
        return ListLinks(self=whole, first=whole, prev=None, next=None, last=whole), 1
    pages = max(ceil(total / page.size(total)), 1)

    def at(number: int) -> str:
        return link(url, page=number)

    links = ListLinks(
        self=link(url),
        first=at(1),
        prev=at(min(page.page - 1, pages)) if page.page > 1 else None,
        next=at(page.page + 1) if page.page < pages else None,
        last=at(pages),
    )
    return links, pages


def link_header(links: ListLinks) -> str:
    """RFC 8288: every direction that exists."""
    relations = links.model_dump()
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in relations.items() if url)


def send_page_headers(
    request: Request, response: Response, page: PageRequest, total: int
) -> tuple[ListLinks, int]:
    """Set the `Link` and `X-Total-Count` headers of a page; its links and page count."""
    links, pages = page_links(request, page, total)
    response.headers["Link"] = link_header(links)
    response.headers["X-Total-Count"] = str(total)
    return links, pages


def page_envelope(
    items: Sequence[T], request: Request, response: Response, page: PageRequest, total: int
) -> Page[T]:
    """The page of `items` (of `total`), with its headers set on `response`."""
    links, pages = send_page_headers(request, response, page, total)
    return Page(
        items=list(items),
        total=total,
        page=page.page,
        per_page=page.size(total),
        pages=pages,
        links=links,
    )
