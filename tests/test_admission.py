"""The admission gate: how many requests are inside the application at once, a lane of its
own for /health, and no work done for a client that left while it waited."""

import asyncio

from app.concurrency import HEALTH_LANE, AdmissionGate


class Slow:
    """An application that holds each request until `release` is set, counting them."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.inside = 0
        self.most_inside = 0
        self.calls: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        self.calls.append(scope["path"])
        self.inside += 1
        self.most_inside = max(self.most_inside, self.inside)
        if scope["path"] != "/health":
            await self.release.wait()
        self.inside -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def scope(path: str = "/positions") -> dict:
    return {"type": "http", "method": "GET", "path": path, "headers": []}


def client(*, leaves_after: float | None = None):
    """(receive, sent messages): a GET whose client disconnects after `leaves_after` s."""
    sent: list[dict] = []
    messages = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict:
        if messages:
            return messages.pop()
        if leaves_after is None:
            await asyncio.Event().wait()
        await asyncio.sleep(leaves_after)
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    return receive, send, sent


def test_no_more_than_the_limit_are_inside_and_every_request_is_answered():
    async def scenario():
        app = Slow()
        gate = AdmissionGate(app, limit=2)
        clients = [client() for _ in range(10)]
        tasks = [asyncio.create_task(gate(scope(), r, s)) for r, s, _ in clients]
        await asyncio.sleep(0.05)
        assert app.inside == 2
        app.release.set()
        await asyncio.gather(*tasks)
        return app, clients

    app, clients = asyncio.run(scenario())
    assert app.most_inside == 2
    assert len(app.calls) == 10
    assert all(sent[0]["status"] == 200 for _, _, sent in clients)


def test_health_has_its_own_lane():
    async def scenario():
        app = Slow()
        gate = AdmissionGate(app, limit=1)
        busy = asyncio.create_task(gate(scope(), *client()[:2]))
        await asyncio.sleep(0.01)
        receive, send, sent = client()
        await asyncio.wait_for(gate(scope("/health"), receive, send), timeout=1)
        app.release.set()
        await busy
        return sent

    assert asyncio.run(scenario())[0]["status"] == 200
    assert HEALTH_LANE == 1


def test_a_client_that_leaves_while_waiting_costs_no_work():
    async def scenario():
        app = Slow()
        gate = AdmissionGate(app, limit=1)
        busy = asyncio.create_task(gate(scope("/first"), *client()[:2]))
        await asyncio.sleep(0.01)
        receive, send, sent = client(leaves_after=0.02)
        await asyncio.wait_for(gate(scope("/gone"), receive, send), timeout=1)
        after_receive, after_send, after_sent = client()
        app.release.set()
        await busy
        await gate(scope("/next"), after_receive, after_send)  # the place was given back
        return app, sent, after_sent

    app, sent, after_sent = asyncio.run(scenario())
    assert app.calls == ["/first", "/next"]
    assert sent == []
    assert after_sent[0]["status"] == 200
