"""Settings: the one place that reads the environment."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'parley.sqlite3'}"


class Settings(BaseSettings):
    """Runtime settings, read from environment variables (or a `.env` file)."""

    model_config = SettingsConfigDict(env_file=PROJECT_ROOT / ".env", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL of the database. Default: a SQLite file in `data/`.",
    )
    seed_dir: Path = Field(
        default=PROJECT_ROOT / "seed",
        description="Folder holding the source text and the annotation files.",
    )
    downloads_dir: Path | None = Field(
        default=None,
        description="Folder the whole-dataset downloads are built in, once per dataset "
        "version (default: `parley-downloads` in the system's temporary folder).",
    )
    host: str = Field(default="127.0.0.1", description="Interface the server binds to.")
    public_base_url: AnyHttpUrl | None = Field(
        default=None,
        description="Where clients reach the API (e.g. `https://api.example.org/parley`); "
        "every link is built from it, whatever `Host` a request sends.",
    )
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default=["127.0.0.1", "localhost", "::1"],
        description="Without PUBLIC_BASE_URL: the host names a request's `Host` may carry "
        "(comma-separated; `*` for any, only behind a proxy that checks it). Links are built "
        "from the `Host`, so any other name is refused.",
    )
    port: int = Field(default=8000, ge=1, le=65535, description="TCP port the server listens on.")
    log_level: Literal["critical", "error", "warning", "warn", "info", "debug", "notset"] = Field(
        default="info", description="Server log level."
    )
    access_log: bool = Field(
        default=False,
        description="Log every request. Off by default: it costs a large share of the "
        "throughput, and a proxy in front usually keeps these logs.",
    )
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Server processes. Each keeps its own response cache and connection pool; "
        "one per core is the most that helps.",
    )
    database_concurrency: int = Field(
        default=4,
        ge=1,
        le=64,
        description="Requests that may use the database at once; the others wait their turn "
        "without holding a thread or a connection. The pool has this many connections, plus "
        "one kept for /health.",
    )
    response_cache_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=0,
        description="Memory for responses served again without recomputing them, per process "
        "(least recently used go first). 0 turns the cache off.",
    )

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [name.strip().lower().strip("[]") for name in value.split(",") if name.strip()]
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
