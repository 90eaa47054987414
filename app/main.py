"""Create the FastAPI application: routers, error handlers, middleware."""

from fastapi import FastAPI

from app import problems
from app.api.routes import health

app = FastAPI(
    title="Parley",
    summary="Negotiation positions in diplomatic records, each traceable to the source's words.",
    version="0.1.0",
)
problems.install(app)
app.include_router(health.router)
