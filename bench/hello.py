"""FastAPI's hello world: the baseline every parley endpoint is compared with.

Served by the same uvicorn with the same options as `parley serve` (see
`bench.servers.hello_command`), so the ratio isolates what parley does per request."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def root() -> dict[str, str]:
    return {"message": "Hello World"}
