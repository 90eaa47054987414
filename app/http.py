"""HTTP behaviour shared by every route, as ASGI middleware (outermost first): security
headers → trusted host → CORS → read-only methods, no body on GET → HEAD-as-GET → gzip → ETag/Cache-Control/Vary
→ unexpected errors as problems → alias redirects; and the dependency every route runs first,
which refuses query parameters the route does not declare."""

import hashlib
import logging
from http import HTTPStatus

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.asgi import HttpMiddleware
from app.lookups import did_you_mean
from app.problems import (
    ALIAS_LOCATION,
    ANNOTATION_PATHS,
    FieldError,
    ProblemError,
    allowed_methods,
    problem_response,
    sentence,
)
from app.security import ProblemCORS, SecurityHeaders, TrustedHost
from app.typos import close_names

GZIP_MINIMUM_SIZE = 1000
# Files served whole, with a Content-Length and a strong ETag of their bytes: a zip is
# compressed already, and gzip on the fly would change the bytes the ETag names and stream
# a large file through the compressor.
NOT_GZIPPED = (*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/zip", "application/vnd.sqlite3")
CACHE_CONTROL = "public, max-age=300"
# Allow, Content-Location and Preference-Applied: the Web Annotation Protocol's headers.
EXPOSED_HEADERS = [
    "Link", "ETag", "X-Total-Count", "Location", "Allow", "Content-Location", "Preference-Applied",
]  # fmt: skip
log = logging.getLogger("parley")


class UnexpectedErrors(HttpMiddleware):
    """Turn any exception into a 500 problem document *inside* CORS, so the browser sees it."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            log.exception("unhandled error on %s", scope.get("path"))
            if started:
                raise
            error = ProblemError(500, "The server failed to answer this request; it was logged.")
            await problem_response(Request(scope), error)(scope, receive, send)


class AliasRedirects(HttpMiddleware):
    """308 to the canonical URL when a path named an alias (app.api.deps) and the request was
    otherwise valid: its errors are answered as they would be at the canonical URL."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        redirected = False

        async def redirect_if_alias(message: Message) -> None:
            nonlocal redirected
            location = scope.get(ALIAS_LOCATION)
            if (
                message["type"] == "http.response.start"
                and location
                and message["status"] < HTTPStatus.MULTIPLE_CHOICES
            ):
                redirected = True
                headers = [(b"location", location.encode("latin-1")), (b"content-length", b"0")]
                await send({"type": "http.response.start", "status": 308, "headers": headers})
                await send({"type": "http.response.body", "body": b""})
            elif not redirected:
                await send(message)

        await self.app(scope, receive, redirect_if_alias)


class ReadOnly:
    """The API only reads. Any method but GET and HEAD is a 405 on every path, known or not
    (OPTIONS goes on, for CORS preflights, annotations and the router's own 405); and a GET or HEAD with
    content is a 400, since its body would be ignored: a client that sent its filters there
    would silently get everything, as with an unknown query parameter."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        error = None
        if method not in ("GET", "HEAD"):
            error = ProblemError(
                405,
                f"{method[:20]} is not allowed here; this API is read-only "
                f"({allowed_methods(scope['path'])}).",
                headers={"Allow": allowed_methods(scope["path"])},
            )
        else:
            headers = Headers(scope=scope)
            if "transfer-encoding" in headers or headers.get("content-length", "0") != "0":
                error = ProblemError(
                    400,
                    f"A {method} request has no content; send parameters in the query.",
                    kind="request-body-not-allowed",
                )
        if error is None:
            await self.app(scope, receive, send)
        else:
            await problem_response(Request(scope), error)(scope, receive, send)


class HeadAsGet:
    """Answer HEAD exactly as GET, without the body (FastAPI's routes declare GET only); and
    OPTIONS on annotation resources as GET too, with no content, so that it carries what the
    protocol asks of every answer there (`Allow`, `Link`, `ETag`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        options = method == "OPTIONS" and bool(ANNOTATION_PATHS.match(scope["path"]))
        if scope["type"] != "http" or not (method == "HEAD" or options):
            await self.app(scope, receive, send)
            return
        answered_ok = False

        async def without_body(message: Message) -> None:
            nonlocal answered_ok
            if message["type"] == "http.response.start" and options:
                answered_ok = message["status"] == HTTPStatus.OK
                if answered_ok:  # no content: an OPTIONS answer describes, it does not carry
                    headers = MutableHeaders(raw=list(message["headers"]))
                    headers["Content-Length"] = "0"
                    for name in ("Content-Type", "Content-Encoding"):
                        if name in headers:
                            del headers[name]
                    message = {**message, "headers": headers.raw}
            elif message["type"] == "http.response.body" and (not options or answered_ok):
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 §13.1.2 asks)."""
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


class ConditionalGet:
    """Strong ETag (a hash of the exact bytes of the representation) on every 200 GET,
    304 on a matching If-None-Match, Cache-Control, and Vary: Accept.

    The ETag is taken over the uncompressed body; when the gzip middleware outside will
    compress this response, the tag gets a `-gzip` suffix so that each content-coding has
    its own strong validator (RFC 9110 §8.8.3)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def buffer(message: Message) -> None:
            nonlocal start, passthrough
            if message["type"] == "http.response.start":
                headers = Headers(raw=message["headers"])
                # Static files carry their own validators; errors are not cached.
                passthrough = message["status"] != HTTPStatus.OK or "etag" in headers
                if passthrough:
                    _add_vary(message)
                    await send(message)
                else:
                    start = message
                return
            if passthrough:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            assert start is not None
            body = b"".join(chunks)
            etag = _etag(body, request_headers, Headers(raw=start["headers"]))
            headers = MutableHeaders(raw=start["headers"])
            headers["ETag"] = etag
            headers.setdefault("Cache-Control", CACHE_CONTROL)
            _add_vary(start)
            if etag_matches(request_headers.get("if-none-match", ""), etag):
                if len(body) >= GZIP_MINIMUM_SIZE:  # the 200 would vary by encoding too
                    headers.add_vary_header("Accept-Encoding")
                kept = [
                    (k, v)
                    for k, v in start["headers"]
                    if k.lower() not in (b"content-length", b"content-type")
                ]
                await send({"type": "http.response.start", "status": 304, "headers": kept})
                await send({"type": "http.response.body", "body": b""})
                return
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffer)


def _etag(body: bytes, request_headers: Headers, response_headers: Headers) -> str:
    digest = hashlib.sha256(body).hexdigest()[:32]
    gzipped = (
        "gzip" in request_headers.get("accept-encoding", "")
        and len(body) >= GZIP_MINIMUM_SIZE
        and "content-encoding" not in response_headers
    )
    return f'"{digest}-gzip"' if gzipped else f'"{digest}"'


def _add_vary(start: Message) -> None:
    headers = MutableHeaders(raw=start["headers"])
    vary = [v.strip() for v in headers.get("vary", "").split(",") if v.strip()]
    if "Accept" not in vary:
        vary.append("Accept")
    headers["Vary"] = ", ".join(vary)


def install(app: FastAPI) -> None:
    """Add the middleware; the last added runs first."""
    app.add_middleware(AliasRedirects)
    app.add_middleware(UnexpectedErrors)
    app.add_middleware(ConditionalGet)
    app.add_middleware(
        GZipMiddleware, minimum_size=GZIP_MINIMUM_SIZE, exclude_content_types=NOT_GZIPPED
    )
    app.add_middleware(HeadAsGet)  # outside gzip, so HEAD's headers match GET's
    app.add_middleware(ReadOnly)  # inside CORS, so a browser can read its refusals
    app.add_middleware(
        ProblemCORS,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD"],
        allow_headers=["*"],
        expose_headers=EXPOSED_HEADERS,
        max_age=86400,
    )
    app.add_middleware(TrustedHost)
    app.add_middleware(SecurityHeaders)  # outermost: every answer has them, refusals too


# -- the query string: only parameters the route declares, and not too long -----------------


_declared: dict[int, frozenset[str]] = {}  # id(route's dependant) → its query names


def _declared_query_names(dependant: Dependant) -> frozenset[str]:
    if id(dependant) in _declared:
        return _declared[id(dependant)]
    names: set[str] = set()
    stack = [dependant]
    while stack:
        current = stack.pop()
        for param in current.query_params:
            annotation = param.field_info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                names |= {f.alias or name for name, f in annotation.model_fields.items()}
            else:
                names.add(param.alias)
        stack.extend(current.dependencies)
    _declared[id(dependant)] = frozenset(names)
    return _declared[id(dependant)]


MAX_QUERY_BYTES = 4096  # far above any real query; keeps Link headers and work bounded


async def refuse_unknown_query_parameters(request: Request) -> None:  # no I/O: no thread
    """400 for any query parameter the route does not declare (`?actr=` must not match all),
    and 414 for a query string too long to echo back in Link headers."""
    if len(request.scope.get("query_string", b"")) > MAX_QUERY_BYTES:
        raise ProblemError(
            414, f"The query string is longer than {MAX_QUERY_BYTES} bytes.", kind="uri-too-long"
        )
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    allowed = _declared_query_names(dependant)
    unknown = [name for name in dict.fromkeys(request.query_params.keys()) if name not in allowed]
    if unknown:
        listed = ", ".join(f"'{name}'" for name in unknown)
        known = ", ".join(sorted(allowed)) or "none"
        close = list(dict.fromkeys(c for name in unknown for c in close_names(name, allowed)))
        hint = f" {sentence(did_you_mean(close))}" if close else ""
        raise ProblemError(
            400,
            f"Unknown query parameter {listed}.{hint} This endpoint accepts: {known}.",
            kind="unknown-parameter",
            suggestions=close or None,
            errors=[
                FieldError(
                    location=f"query.{name}",
                    message="unknown parameter",
                    value=request.query_params.get(name),
                )
                for name in unknown
            ],
        )
