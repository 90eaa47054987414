"""A typed Python client generated from the served /openapi.json (openapi-python-client, a
maintained generator), used against a real server: positions with filters, pagination
followed to the end, a problem read, annotations read. It fails if the schema does not
generate, or if the client cannot parse a real answer. Generation runs offline: the schema
is read from a file, and the generator's only other step is ruff, already installed."""

import importlib
import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.servers import Server, clean_env, running_server

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "parley_client"
# The generator knows a few media types by name; the two downloads are files of their own
# types, which a client receives as bytes.
CONFIG = {
    "content_type_overrides": {
        "application/zip": "application/octet-stream",
        "application/vnd.sqlite3": "application/octet-stream",
    }
}


@pytest.fixture(scope="module")
def server(loaded_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    env = clean_env(DATABASE_URL=loaded_url)
    with running_server(env, tmp_path_factory.mktemp("client-server")) as running:
        yield running


@pytest.fixture(scope="module")
def generated(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("generated")
    spec = folder / "openapi.json"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{server.base}/openapi.json", timeout=10) as response:
        spec.write_bytes(response.read())
    config = folder / "config.json"
    config.write_text(json.dumps(CONFIG))
    env = clean_env(PATH=f"{GENERATOR.parent}:/usr/bin:/bin")  # ruff, for its post-hooks
    result = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(spec), "--meta", "none"]
        + ["--config", str(config), "--output-path", str(folder / PACKAGE), "--fail-on-warning"],
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def endpoint(name: str) -> Any:
    """A generated operation module, e.g. `positions.list_positions`."""
    return importlib.import_module(f"{PACKAGE}.api.{name}")


@pytest.fixture
def client(generated: ModuleType, server: Server) -> Any:
    return generated.Client(base_url=server.base, raise_on_unexpected_status=True)


def test_positions_with_filters_parse_into_typed_models(client):
    models = importlib.import_module(f"{PACKAGE}.models")
    page = endpoint("positions.list_positions").sync(
        client=client, party=["stalin"], issue=["port-arthur"]
    )
    assert isinstance(page, models.PagePositionPublic)
    assert page.total == len(page.items) > 0
    for position in page.items:
        assert isinstance(position, models.PositionPublic)
        assert position.party.slug == "stalin"
        assert position.stance in set(models.Stance)
        assert position.span.end > position.span.start


def test_pagination_is_followed_to_the_last_page(client):
    list_positions = endpoint("positions.list_positions").sync
    seen, page_number = [], 1
    while True:
        page = list_positions(client=client, per_page=7, page=page_number)
        seen += [position.id for position in page.items]
        if page.links.next_ is None:
            break
        assert page.links.next_.endswith(f"page={page_number + 1}")
        page_number += 1
    assert (len(seen), len(set(seen)), page_number) == (40, 40, 6)
    assert seen == sorted(seen)


def test_a_problem_is_read_as_a_problem(client):
    models = importlib.import_module(f"{PACKAGE}.models")
    response = endpoint("issues.get_issue").sync_detailed(client=client, slug="lushunn")
    assert response.status_code == 404
    problem = response.parsed
    assert isinstance(problem, models.Problem)
    assert (problem.type_, problem.suggestions) == ("/problems/unknown-issue", ["port-arthur"])
    invalid = endpoint("positions.list_positions").sync_detailed(client=client, per_page=500)
    assert invalid.status_code == 400
    assert invalid.parsed.title == "Invalid query parameter value"
    assert invalid.parsed.errors[0].location == "query.per_page"


def test_documents_issues_and_annotations_parse(client):
    models = importlib.import_module(f"{PACKAGE}.models")
    document = endpoint("documents.get_document").sync(client=client, slug="frus1945v07-d644")
    assert isinstance(document, models.DocumentPublic)
    assert document.annotations_url.endswith("/documents/frus1945v07-d644/annotations/")
    comparison = endpoint("issues.compare_issue").sync(client=client, slug="dairen")
    assert isinstance(comparison, models.Comparison)
    annotation = endpoint("annotations.get_annotation").sync(client=client, position_id="d644-001")
    assert isinstance(annotation, models.WebAnnotation)
    assert annotation.id.endswith("/annotations/d644-001")
    found = endpoint("annotations.search_annotations").sync(
        client=client, uri="https://history.state.gov/historicaldocuments/frus1945v07/d644"
    )
    assert isinstance(found, models.AnnotationCollection)
    assert found.total == 40
    assert json.dumps(found.to_dict())  # and back to JSON
