"""Content negotiation between the reader's pages and the API, in one place.

A path both serve (`/`, `/issues/{slug}`, `/parties/{slug}`) has two routes: the page's, a
`BrowserRoute` registered first, matches only a request whose `Accept` prefers HTML (a
browser's does); every other request (`application/json`, `*/*`, none) falls through to the
API's route, which answers exactly as before. The response cache keys on the raw `Accept`
and every answer says `Vary: Accept` (app/http.py), so the two never mix in a cache."""

from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Scope

from app.api.exports import accept_quality

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
JSON_TYPES = frozenset({"application/json", "application/*", "*/*"})


def prefers_html(accept: str) -> bool:
    """Whether an Accept header names HTML with a higher q than JSON gets (wildcards count
    for JSON): a browser's `text/html,…,*/*;q=0.8` does; `*/*` and a tie do not."""
    html = json = 0.0
    for entry in accept.split(","):
        media_type, _, params = entry.partition(";")
        name = media_type.strip().lower()
        if name in HTML_TYPES:
            html = max(html, accept_quality(params))
        elif name in JSON_TYPES:
            json = max(json, accept_quality(params))
    return html > json


def _accept(scope: Scope) -> str:
    return ", ".join(
        value.decode("latin-1") for name, value in scope.get("headers", []) if name == b"accept"
    )


class BrowserRoute(APIRoute):
    """A page that matches only when the request prefers HTML; otherwise the API's route for
    the same path answers."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or not prefers_html(_accept(scope)):
            return Match.NONE, {}
        return super().matches(scope)
