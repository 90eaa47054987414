"""An ASGI app for test clients that holds the response cache to the API's own answers."""

import asyncio
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass
class Answer:
    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""

    async def collect(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")


async def _answer(app: ASGIApp, scope: Scope, body: bytes) -> Answer:
    delivered = False

    async def receive() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client stays connected until the answer is sent
        raise AssertionError("unreachable")

    answer = Answer()
    request_scope = {**scope, "headers": list(scope["headers"])}
    await app(request_scope, receive, answer.collect)
    return answer


class CacheEquivalence:
    """Answers as `plain` (the API), after checking that `cached` (the API as served, behind
    the response cache) gives the same status, headers and body for the same request, both
    when it computes the answer and when it repeats it."""

    def __init__(self, plain: ASGIApp, cached: ASGIApp) -> None:
        self.plain = plain
        self.cached = cached

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.plain(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        expected = await _answer(self.plain, scope, body)
        for attempt in ("computed", "repeated"):
            got = await _answer(self.cached, scope, body)
            where = f"{scope['method']} {scope['path']}?{scope['query_string'].decode()}"
            assert got == expected, f"the cache {attempt} another answer to {where}"
        await send(
            {"type": "http.response.start", "status": expected.status, "headers": expected.headers}
        )
        await send({"type": "http.response.body", "body": expected.body})
