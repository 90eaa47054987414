"""What is measured: each parley endpoint, the request Datasette answers for it, and the
request headers every server gets."""

from dataclasses import dataclass
from pathlib import Path

SERVERS = ("parley", "hello", "datasette")
HELLO_PATH = "/"
DATASETTE_DATABASE = "parley"  # Datasette names a database after its file's stem
DATASETTE_METADATA = Path(__file__).with_name("datasette-metadata.yaml")

# Sent by every request to every server, like a browser or an HTTP library. Only parley
# compresses (bodies of 1 kB and more); hello world's body is too small and Datasette has no
# gzip without a plugin: each answers the same request as it would answer a real client.
HEADERS = {"Accept-Encoding": "gzip"}

# The collapse check: one cheap filtered list at connection counts far above the thread pool.
COLLAPSE_PATH = "/positions?party=stalin&issue=dairen"
COLLAPSE_CONNECTIONS = (256, 1000)
HEALTH_PATH = "/health"


@dataclass(frozen=True)
class Scenario:
    """One endpoint of parley and its Datasette equivalent (a canned query of
    datasette-metadata.yaml with the same parameters). `conditional`: the request carries
    If-None-Match with the ETag parley gave a plain GET of the same path, so parley answers
    304; hello world and Datasette have no validators and answer 200."""

    name: str
    path: str
    canned_query: str
    parameters: str = ""
    format: str = "json"
    conditional: bool = False

    @property
    def datasette_path(self) -> str:
        query = f"?{self.parameters}" if self.parameters else ""
        return f"/{DATASETTE_DATABASE}/{self.canned_query}.{self.format}{query}"

    def path_on(self, server: str) -> str:
        if server == "parley":
            return self.path
        if server == "hello":
            return HELLO_PATH
        return self.datasette_path

    def expected_status(self, server: str) -> int:
        return 304 if self.conditional and server == "parley" else 200


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "issue-positions", "/issues/port-arthur/positions", "issue_positions", "issue=port-arthur"
    ),
    Scenario(
        "party-and-issue",
        "/positions?party=stalin&issue=dairen",
        "positions_by_party_and_issue",
        "party=stalin&issue=dairen",
    ),
    Scenario("search", "/positions?q=troops", "positions_search", "q=troops"),
    Scenario(
        "source-page",
        "/positions?source_page=914&per_page=50",
        "positions_on_page",
        "source_page=914&per_page=50",
    ),
    Scenario("parties", "/parties", "parties"),
    Scenario("comparison", "/issues/dairen/comparison", "issue_comparison", "issue=dairen"),
    Scenario("csv", "/positions?format=csv", "positions_export", format="csv"),
    Scenario("not-modified", "/positions", "positions_page", conditional=True),
)


def headers_for(scenario: Scenario, etag: str | None) -> dict[str, str]:
    """The same headers for all three servers; the conditional scenario adds parley's ETag."""
    if not scenario.conditional:
        return dict(HEADERS)
    return {**HEADERS, "If-None-Match": etag or '"none"'}
