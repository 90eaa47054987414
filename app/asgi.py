"""The shape every pure ASGI middleware here shares."""

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    """Middleware for HTTP requests: `handle` sees those, everything else (lifespan) passes
    straight through to the application."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError
