"""The OpenAPI document, finished for client generators: what FastAPI cannot say by itself.

- Every component schema gets an example: its own, or one built from its properties' examples
  (a model's example is then exactly the sum of the documented fields, never out of step).
- Response headers are documented where they are sent: `ETag` and `Cache-Control` on every
  200 and 304, `Link` and `X-Total-Count` on every list, page and annotation collection,
  `Allow`, `Content-Location` and `Preference-Applied` where the Web Annotation Protocol asks
  for them, `Location` on every 308.

Problem responses are documented in app/problems.py, which runs first."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

Schema = dict[str, Any]
# Stand-ins where a field documents no example of its own (tests/test_openapi.py counts them).
PLACEHOLDERS: dict[str, Any] = {"string": "…", "integer": 1, "number": 1.0, "boolean": True}


def _header(description: str, example: str, schema_type: str = "string") -> Schema:
    return {"description": description, "schema": {"type": schema_type}, "example": example}


ETAG = _header(
    "Strong validator of the representation's bytes; send it in `If-None-Match` for a 304.",
    '"3f1c0d9a2b7e4c5d8e6f0a1b2c3d4e5f"',
)
CACHE_CONTROL = _header("How long shared caches may reuse the answer.", "public, max-age=300")
LINK = _header(
    "RFC 8288 links to the list's pages (`self`, `first`, `prev`, `next`, `last`), as in its "
    "body; on Web Annotations also `type` links (LDP resource, container type) and the "
    "protocol's `http://www.w3.org/ns/ldp#constrainedBy`.",
    '<http://127.0.0.1:8000/positions?page=1>; rel="first", '
    '<http://127.0.0.1:8000/positions?page=2>; rel="next"',
)
TOTAL_COUNT = _header("Exact number of matching items.", "40", "integer")
LOCATION = _header(
    "The canonical URL, with the same query.", "http://127.0.0.1:8000/issues/port-arthur"
)
ALLOW = _header("The methods the resource answers.", "GET, HEAD, OPTIONS")
CONTENT_LOCATION = _header(
    "The IRI of the collection as answered (with `iris=1` when its pages list IRIs).",
    "http://127.0.0.1:8000/documents/frus1945v07-d644/annotations/",
)
PREFERENCE_APPLIED = _header(
    "Sent when a `Prefer: return=representation` preference was honoured.",
    "return=representation",
)
ANNOTATION_LINK = _header(
    'Always `<http://www.w3.org/ns/ldp#Resource>; rel="type"`.',
    '<http://www.w3.org/ns/ldp#Resource>; rel="type"',
)


class ExampleBuilder:
    """Examples for the components, built once each, from their properties' examples."""

    def __init__(self, components: dict[str, Schema]) -> None:
        self.components = components
        self.built: dict[str, Any] = {}
        self.placeholders: list[str] = []  # where a type had to stand in for an example

    def component(self, name: str) -> Any:
        if name not in self.built:
            self.built[name] = None  # a model that contains itself stops here
            self.built[name] = self.example(self.components[name], name)
        return self.built[name]

    def example(self, schema: Schema, where: str) -> Any:  # noqa: PLR0911 (one case each)
        if schema.get("examples"):
            return schema["examples"][0]
        if "example" in schema:
            return schema["example"]
        if "$ref" in schema:
            return self.component(schema["$ref"].rsplit("/", 1)[1])
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            return schema["enum"][0]
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = [s for s in schema[key] if s.get("type") != "null"]
                return self.example(options[0], where) if options else None
        return self._by_type(schema, where)

    def _by_type(self, schema: Schema, where: str) -> Any:
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            built = {
                name: self.example(prop, f"{where}.{name}")
                for name, prop in schema.get("properties", {}).items()
            }
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra and not built:
                built = {"key": self.example(extra, f"{where}.*")}
            return built
        if kind == "array":
            return [self.example(schema.get("items", {}), f"{where}[]")]
        if kind == "null":
            return None
        if schema.get("format") == "date":
            return "1945-07-03"
        self.placeholders.append(where)
        return PLACEHOLDERS.get(str(kind), "…")


def add_examples(schema: Schema) -> list[str]:
    """Give every component schema an example; the places a type stood in for one."""
    components = schema.get("components", {}).get("schemas", {})
    builder = ExampleBuilder(components)
    for name, component in components.items():
        if not (component.get("examples") or "example" in component):
            component["examples"] = [builder.component(name)]
    return builder.placeholders


def _is_list(response: Schema) -> bool:
    """Whether a 200 answers a list: a Page envelope, or an annotation collection or page."""
    for media in response.get("content", {}).values():
        text = str(media.get("schema", {}))
        if "Page_" in text or "AnnotationCollection" in text:
            return True
    return False


def add_headers(schema: Schema) -> None:
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            responses = operation["responses"]
            annotations = (
                "/annotations" in path
                and "200" in responses
                and path.endswith(("annotations", "annotations/", "{position_id}"))
            )
            ok = responses.get("200")
            if ok is not None:
                headers = ok.setdefault("headers", {})
                headers.update({"ETag": ETAG, "Cache-Control": CACHE_CONTROL})
                if path == "/health":  # a cached "ok" would hide an outage
                    headers["Cache-Control"] = {**CACHE_CONTROL, "example": "no-store"}
                if _is_list(ok):
                    headers.update({"Link": LINK, "X-Total-Count": TOTAL_COUNT})
                if annotations:
                    headers["Allow"] = ALLOW
                    headers.setdefault("Link", ANNOTATION_LINK)
                    if _is_list(ok):
                        headers["Content-Location"] = CONTENT_LOCATION
                        headers["Preference-Applied"] = PREFERENCE_APPLIED
            if "304" in responses:
                responses["304"].setdefault("headers", {})["ETag"] = ETAG
            if "308" in responses:
                responses["308"].setdefault("headers", {})["Location"] = LOCATION


def install(app: FastAPI) -> None:
    """Finish the schema app.openapi() builds (after app/problems.py's changes), once."""
    build: Callable[[], Schema] = app.openapi
    finished: list[Schema] = []

    def openapi() -> Schema:
        if not finished:
            schema = build()
            add_examples(schema)
            add_headers(schema)
            finished.append(schema)
        return finished[0]

    app.openapi = openapi  # type: ignore[method-assign]
