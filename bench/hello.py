"""FastAPI's hello world: the baseline every parley endpoint is compared with.

`python -m bench.hello --host H --port P` serves it through `app.server.server`, the very
function `parley serve` uses, so both run on the same server with the same options and the
ratio isolates what parley does per request."""

import argparse

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def root() -> dict[str, str]:
    return {"message": "Hello World"}


def main() -> None:
    from app.config import get_settings
    from app.server import server

    arguments = argparse.ArgumentParser(prog="python -m bench.hello")
    arguments.add_argument("--host", required=True)
    arguments.add_argument("--port", type=int, required=True)
    options = arguments.parse_args()
    server(get_settings(), host=options.host, port=options.port, target="bench.hello:app").serve()


if __name__ == "__main__":
    main()
