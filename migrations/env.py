"""Alembic environment: the target is SQLModel.metadata, the URL comes from Settings
(or from a connection handed in by `app.migrate`, which tests use)."""

import warnings
from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy.sql.schema import SchemaItem
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from app.config import get_settings
from app.db import make_engine

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


# Full-text search is each engine's own, not the model's: SQLite's FTS5 table (migration 0002)
# and its shadow tables, PostgreSQL's generated tsvector and its index (migration 0006).
_SEARCH_INDEX = {("column", "search_vector"), ("index", "ix_position_search_vector")}
# An index on an expression (migration 0007): SQLite's reflection skips these, so alembic
# cannot compare it and would always see it missing.
_EXPRESSION_INDEXES = {("index", "ix_position_scale_order_id")}
for _index in ("ix_position_scale_order_id", "'ix_position_scale_order_id'"):
    warnings.filterwarnings("ignore", message=rf".*expression-based index {_index}")


def _include_object(
    obj: SchemaItem,
    name: str | None,
    type_: str,
    reflected: bool,
    compare_to: SchemaItem | None,
) -> bool:
    if type_ == "table" and name is not None and name.startswith("position_fts"):
        return False
    return (type_, name) not in _SEARCH_INDEX | _EXPRESSION_INDEXES


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        include_object=_include_object,
        render_as_batch=True,  # SQLite can only ALTER through table copies
        compare_type=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    _configure(url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or get_settings().database_url)
    with engine.connect() as connection:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
