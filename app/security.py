"""What every response promises a browser, and whose name links are built with.

- Security headers on every answer, errors included: no MIME sniffing, no referrer, a
  Content-Security-Policy that forbids everything a JSON document never needs (pages that
  need more, such as /docs, send their own), and a resource policy that lets other origins
  read the data, which is the point of an open API.
- Links are absolute, so the name they are built with must be one the operator chose: the
  configured PUBLIC_BASE_URL, or else a `Host` from ALLOWED_HOSTS. Any other `Host` is a 400
  problem, so a forged one can never end up in a link, least of all in a cached answer.
- CORS preflight refusals are problem documents like every other error.
"""

from http import HTTPStatus
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.types import Message, Receive, Scope, Send

from app.asgi import HttpMiddleware
from app.config import get_settings
from app.problems import ProblemError, problem_response

# For JSON, CSV and problem documents: nothing may load, run, or frame them.
API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"cross-origin"),
    (b"x-frame-options", b"DENY"),
)


class SecurityHeaders(HttpMiddleware):
    """Add the security headers to every response (a page's own CSP is kept)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.append(name.decode(), value.decode())
                if "content-security-policy" not in headers:
                    headers.append("Content-Security-Policy", API_CONTENT_SECURITY_POLICY)
            await send(message)

        await self.app(scope, receive, with_headers)


def _host_name(host: str) -> str:
    """`example.org:8000` → `example.org`; `[::1]:8000` → `::1`."""
    return urlsplit(f"//{host}").hostname or ""


class TrustedHost(HttpMiddleware):
    """Build links from PUBLIC_BASE_URL when it is set; otherwise refuse a `Host` that is not
    in ALLOWED_HOSTS. Settings are read per request, so tests and reloads see changes."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings = get_settings()
        if settings.public_base_url is not None:
            public = urlsplit(str(settings.public_base_url))
            headers = [(k, v) for k, v in scope["headers"] if k != b"host"]
            headers.append((b"host", public.netloc.encode("ascii")))
            # ASGI's `path` includes the root path (the proxy in front strips it off).
            root = public.path.rstrip("/")
            raw_path = scope.get("raw_path") or scope["path"].encode()
            scope = {
                **scope,
                "scheme": public.scheme,
                "root_path": root,
                "path": root + scope["path"],
                "raw_path": root.encode() + raw_path,
                "headers": headers,
            }
        else:
            hosts = Headers(scope=scope).getlist("host")
            if len(hosts) > 1:  # RFC 9112 §3.2: a 400, and no guessing which one is meant
                error = ProblemError(
                    400,
                    "A request has one Host header; this one has several.",
                    kind="untrusted-host",
                )
                await problem_response(Request(scope), error)(scope, receive, send)
                return
            host = hosts[0] if hosts else ""
            allowed = settings.allowed_hosts
            if "*" not in allowed and _host_name(host).lower() not in allowed:
                error = ProblemError(
                    400,
                    "The Host header names a host this server does not answer for; "
                    "links are only built with the names in ALLOWED_HOSTS.",
                    kind="untrusted-host",
                )
                await problem_response(Request(scope), error)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class ProblemCORS(CORSMiddleware):
    """Starlette's CORS, with refused preflights answered as problem documents."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else None
        preflight = (
            headers is not None
            and scope["method"] == "OPTIONS"
            and "origin" in headers
            and "access-control-request-method" in headers
        )
        if not preflight:
            await super().__call__(scope, receive, send)
            return
        assert headers is not None
        response = self.preflight_response(request_headers=headers)
        if response.status_code >= HTTPStatus.BAD_REQUEST:
            reason = bytes(response.body).decode(errors="replace")
            error = ProblemError(
                400, f"CORS preflight refused: {reason}.", kind="cors-preflight-refused"
            )
            problem = problem_response(Request(scope), error)
            for name, value in response.headers.items():
                if name.startswith("access-control-") or name == "vary":
                    problem.headers[name] = value
            response = problem
        await response(scope, receive, send)
