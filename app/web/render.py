"""Templates → HTML responses, each with the pages' Content-Security-Policy.

Jinja2 autoescapes everything; the only markup built in Python is the annotated text
(app/web/text.py), which escapes the text itself. Scripts and styles come from this server
only (app/web/static, and the party colours at /reader-assets/parties.css): no inline script
or style, no CDN, no font from elsewhere."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
STATIC_PATH = "/reader-assets/static"

# Forms submit here (the reader's filters, by GET); nothing may frame a page.
PAGE_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,  # a misspelt name fails the test, not the reader silently
    trim_blocks=True,
    lstrip_blocks=True,
)


def page(request: Request, template: str, **context: Any) -> HTMLResponse:
    """`template` rendered with `context`, the base URL and the asset path."""
    root = request.scope.get("root_path", "")
    body = environment.get_template(template).render(
        root=root, static=f"{root}{STATIC_PATH}", **context
    )
    return HTMLResponse(body, headers={"Content-Security-Policy": PAGE_CONTENT_SECURITY_POLICY})
