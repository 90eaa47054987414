"""The one error shape: RFC 9457 problem details, served as application/problem+json."""

import logging
import re
from http import HTTPStatus
from typing import Any, NoReturn

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DatabaseError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.lookups import did_you_mean, suggestions
from app.typos import path_suggestions, value_suggestions

log = logging.getLogger("parley")
PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_TYPE_BASE = "/problems/"  # relative: resolved against the API, which documents each
# The W3C Web Annotation Protocol asks annotations, their containers and pages to answer
# OPTIONS too (app/api/annotation_protocol.py); the rest of the API answers GET and HEAD.
ANNOTATION_PATHS = re.compile(r"^/(?:annotations(?:/[^/]+)?|documents/[^/]+/annotations/?)$")


def allowed_methods(path: str) -> str:
    """The methods a path answers, for `Allow` (HEAD wherever GET is: app/http.py)."""
    return "GET, HEAD, OPTIONS" if ANNOTATION_PATHS.match(path) else "GET, HEAD"


# Every kind of problem the API answers with: its usual status and what it means.
# GET /problems/{kind} serves these, so each `type` URI resolves to its explanation.
PROBLEM_KINDS: dict[str, tuple[int, str]] = {
    "invalid-parameters": (400, "A query parameter has an invalid value; `errors` says which."),
    "unknown-parameter": (
        400,
        "The endpoint does not accept a query parameter; `errors` names it.",
    ),
    "unknown-value": (
        400,
        "A filter names no known party, issue or document; `errors` suggests close matches.",
    ),
    "unknown-party": (404, "No party has this slug or alias; `suggestions` lists close ones."),
    "unknown-issue": (404, "No issue has this slug or alias; `suggestions` lists close ones."),
    "unknown-document": (404, "No document has this slug; `suggestions` lists close ones."),
    "unknown-position": (404, "No position has this id; `suggestions` lists close ones."),
    "not-found": (404, "There is no resource at this path; `suggestions` lists close ones."),
    "uri-too-long": (414, "The query string is too long to answer (and to echo in links)."),
    "untrusted-host": (
        400,
        "The Host header names a host the server does not answer for (ALLOWED_HOSTS), or is "
        "sent more than once; links are never built from an unchecked Host.",
    ),
    "cors-preflight-refused": (
        400,
        "A CORS preflight asked for a method or header the API does not allow (GET and HEAD).",
    ),
    "request-body-not-allowed": (
        400,
        "A GET or HEAD request carried content; the API reads parameters from the query only.",
    ),
    "method-not-allowed": (
        405,
        "The API is read-only: it answers GET and HEAD only (and OPTIONS on annotations).",
    ),
    "internal-server-error": (500, "The server failed to answer; the error was logged."),
    "unavailable": (503, "The database is unreachable or holds no dataset."),
}


# The three kinds of 400 a client must tell apart to fix its request have titles of their own;
# the other kinds are titled by their HTTP status, which says all there is to say.
PROBLEM_TITLES = {
    "invalid-parameters": "Invalid query parameter value",
    "unknown-parameter": "Unknown query parameter",
    "unknown-value": "Unknown filter value",
}


def problem_title(kind: str, status: int) -> str:
    """The `title` of every problem of this kind."""
    return PROBLEM_TITLES.get(kind, HTTPStatus(status).phrase)


class FieldError(BaseModel):
    """One invalid input: where it is and what is wrong with it."""

    location: str = Field(
        description="Where the bad input is, e.g. `query.per_page`.", examples=["query.stance"]
    )
    message: str = Field(
        description="What is wrong with it.",
        examples=["Input should be 'accept', 'reject', 'propose' or 'warn'"],
    )
    value: Any = Field(default=None, description="The value as it was sent.", examples=["agree"])
    suggestions: list[str] | None = Field(
        default=None,
        description="What the value probably meant: allowed values close to it.",
        examples=[["accept"]],
    )


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(
        description="URI identifying the kind of problem; GET it for its explanation.",
        examples=["/problems/unknown-issue"],
    )
    title: str = Field(
        description="Short summary of the kind of problem (the same for every problem of "
        "the kind).",
        examples=["Not Found"],
    )
    status: int = Field(description="The HTTP status code.", examples=[404])
    detail: str = Field(
        description="What went wrong with this request.",
        examples=["There is no issue 'lushunn'. Did you mean port-arthur?"],
    )
    instance: str = Field(
        description="The path and query of the request that failed.",
        examples=["/issues/lushunn"],
    )
    errors: list[FieldError] | None = Field(default=None, description="Field-level errors.")
    suggestions: list[str] | None = Field(
        default=None,
        description="Close matches for what was asked: slugs, values, parameters or paths.",
        examples=[["port-arthur"]],
    )


class ProblemError(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str | None = None,
        errors: list[FieldError] | None = None,
        suggestions: list[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.detail = detail
        self.kind = kind or _default_kind(status)
        self.errors = errors
        self.suggestions = suggestions
        self.headers = headers or {}
        super().__init__(detail)


def _default_kind(status: int) -> str:
    return HTTPStatus(status).phrase.lower().replace(" ", "-").replace("'", "")


def problem_response(request: Request, error: ProblemError) -> JSONResponse:
    # The raw (still percent-encoded) path, so `instance` is always a valid URI reference.
    raw_path = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1") or "/"
    instance = raw_path + (f"?{request.url.query}" if request.url.query else "")
    body = Problem(
        type=PROBLEM_TYPE_BASE + error.kind,
        title=problem_title(error.kind, error.status),
        status=error.status,
        detail=error.detail,
        instance=instance,
        errors=error.errors,
        suggestions=error.suggestions,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=error.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=error.headers,
    )


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _location(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(request, exc)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        FieldError(
            location=_location(e["loc"]),
            message=e["msg"],
            value=e.get("input"),
            suggestions=value_suggestions(e) or None,
        )
        for e in exc.errors()
    ]
    names = ", ".join(error.location for error in errors)
    close = list(dict.fromkeys(name for error in errors for name in error.suggestions or []))
    hint = f" {sentence(did_you_mean(close))}" if close else ""
    return problem_response(
        request,
        ProblemError(
            400,
            f"Invalid request parameters: {names}.{hint}",
            kind="invalid-parameters",
            errors=errors,
            suggestions=close or None,
        ),
    )


async def _on_database_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("database error on %s: %s", request.url.path, exc)
    return problem_response(
        request, ProblemError(503, "The database is not available.", kind="unavailable")
    )


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    close: list[str] = []
    if exc.status_code == HTTPStatus.NOT_FOUND and detail == "Not Found":
        # the documented paths: what a client can be pointed to (built once, then kept)
        close = path_suggestions(request.url.path, request.app.openapi()["paths"])
        hint = f" {sentence(did_you_mean(close))}" if close else ""
        detail = f"There is no resource at {request.url.path}.{hint}"
    headers = dict(exc.headers or {})
    if exc.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        headers["Allow"] = allowed_methods(request.url.path)
        detail = (
            f"{request.method} is not allowed here; this API is read-only ({headers['Allow']})."
        )
    return problem_response(
        request,
        ProblemError(exc.status_code, detail, headers=headers, suggestions=close or None),
    )


def _document_problems(app: FastAPI) -> None:
    """Make the OpenAPI schema say what is sent: every 4xx/5xx as application/problem+json
    (FastAPI files a response `model` under the route's media type), and no 422, which the
    API never answers (validation errors are 400 problems)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = FastAPI.openapi(app)  # kept as app.openapi_schema, so edited once
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].pop("422", None)
                for code, response in operation["responses"].items():
                    if code[0] in "45":  # whatever the route's own media type
                        response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}
        for name in ("HTTPValidationError", "ValidationError"):
            schema["components"]["schemas"].pop(name, None)
        return schema

    # FastAPI's documented way to change the schema is to replace the method on the instance.
    app.openapi = openapi  # type: ignore[method-assign]


def install(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    # Unreachable, locked or unmigrated database: the server is fine, its data is not there.
    # Unreachable, locked, unreadable or corrupt (DatabaseError covers OperationalError), or
    # no connection free in time: the service is unavailable, not broken.
    app.add_exception_handler(DatabaseError, _on_database_error)
    app.add_exception_handler(PoolTimeout, _on_database_error)
    _document_problems(app)


# -- OpenAPI: every problem a route documents, described once ------------------------------


def documented(description: str) -> dict[str, Any]:
    """An OpenAPI response entry for a problem answer."""
    return {
        "model": Problem,
        "description": description,
        "content": {PROBLEM_MEDIA_TYPE: {}},
    }


# Responses every route can give, documented once for the whole API.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the `If-None-Match` ETag still matches."},
    400: documented(
        "Bad request: an unknown or invalid query parameter, a body on a GET, or a `Host` the "
        "server does not answer for."
    ),
    405: documented(
        "Method not allowed: the API is read-only (GET, HEAD; and OPTIONS on annotations)."
    ),
    414: documented("URI too long: the query string is over 4,096 bytes."),
    431: {
        "description": "Request header fields too large: the request line and headers are "
        "over 64 KiB. Refused by the server before the API sees it, so the body is empty."
    },
    500: documented("Unexpected server error (no stack trace is exposed)."),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: documented("Not found, with up to three close suggestions.")
}
ALIAS_REDIRECT: dict[int | str, dict[str, Any]] = {
    308: {"description": "The slug is an alias: redirect to the canonical URL."}
}
UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: documented("Database unreachable or no dataset.")
}
UNKNOWN_PROBLEM_KIND: dict[int | str, dict[str, Any]] = {
    404: documented("No such kind of problem.")
}


# -- unknown slugs: a redirect for an alias, else a 404 with suggestions --------------------

ALIAS_LOCATION = "parley.alias_location"  # scope key: see app.http.AliasRedirects


def canonical_or_404(request: Request, slug: str, names: dict[str, str], kind: str) -> str:
    """The canonical slug of an alias, or a 404 with close suggestions.

    An alias is answered 308 with the canonical URL, but only once the whole request has
    proved valid (app.http.AliasRedirects): raising here would skip validating the rest, and
    redirect a request whose query can only get a 400 at the canonical URL."""
    canonical = names.get(slug.lower())
    if canonical is None or canonical == slug:
        not_found(kind, slug, names)
    route = request.scope["route"]
    target = request.url_for(route.name, **{**request.path_params, "slug": canonical})
    query = f"?{request.url.query}" if request.url.query else ""
    request.scope[ALIAS_LOCATION] = f"{target}{query}"
    return canonical


def not_found(kind: str, wanted: str, names: dict[str, str]) -> NoReturn:
    close = suggestions(names, wanted)
    hint = did_you_mean(close)
    hint = hint[:1].upper() + hint[1:]
    raise ProblemError(
        404,
        f"There is no {kind} '{wanted}'." + (f" {hint}" if hint else ""),
        kind=f"unknown-{kind}",
        suggestions=close or None,
    )
