"""compose.yaml, checked without a Docker engine: valid against the Compose Specification's
JSON schema (as vendored by check-jsonschema), and wired as the README says: PostgreSQL,
then a one-shot load, then the read-only API."""

import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "compose.yaml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    assert CHECK_JSONSCHEMA.is_file(), (
        f"{CHECK_JSONSCHEMA} is missing: install requirements/dev.txt"
    )
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_compose_file_is_valid_against_the_compose_specification():
    result = validate(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validation_can_fail(tmp_path: Path):
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE.read_text().replace("    depends_on:\n", "    dependson:\n", 1))
    assert validate(broken).returncode == 1


def test_postgres_then_a_one_shot_load_then_the_api():
    services = YAML(typ="safe").load(COMPOSE.read_text())["services"]
    assert list(services) == ["db", "load", "api"]
    assert services["db"]["image"].startswith("postgres:15.")
    assert services["load"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["load"]["command"] == ["sh", "-c", "parley migrate && parley load"]
    assert services["api"]["depends_on"] == {
        "load": {"condition": "service_completed_successfully"}
    }
    # One image, built once by the load step, and both point at the same database.
    assert services["api"]["image"] == services["load"]["image"]
    url = services["api"]["environment"]["DATABASE_URL"]
    assert url == services["load"]["environment"]["DATABASE_URL"]
    assert url.startswith("postgresql+psycopg://parley:")
    assert url.endswith("@db:5432/parley")
    assert services["api"]["ports"] == ["${PORT:-8000}:8000"]
