"""sort text in code-point order on PostgreSQL (COLLATE "C"), as SQLite does

SQLite compares text byte by byte (BINARY), which for UTF-8 is code-point order; a
PostgreSQL database's default collation is usually a language's (en_US: `a-b` after `ab`,
case folded), so every ORDER BY on a slug or an id would come back in another order, and its
indexes could not serve `COLLATE "C"` sorts. Every text column is given the "C" collation
here, its indexes rebuilt with it. A no-op on SQLite. JSON columns are not text and keep
their type.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table → its text columns with their SQL types (as migrations 0001 and 0003 made them).
TEXT_COLUMNS: dict[str, dict[str, str]] = {
    "dataset": {"version": "VARCHAR(64)", "loader_sha256": "VARCHAR(64)"},
    "document": {
        "slug": "VARCHAR(64)",
        "title": "VARCHAR",
        "heading": "VARCHAR",
        "source_note": "VARCHAR",
        "kind": "VARCHAR(32)",
        "sender": "VARCHAR(64)",
        "series": "VARCHAR",
        "volume": "VARCHAR",
        "citation": "VARCHAR",
        "url": "VARCHAR",
        "editorial_date_source": "VARCHAR",
        "text": "VARCHAR",
        "received_sha256": "VARCHAR(64)",
    },
    "party": {
        "slug": "VARCHAR(64)",
        "name": "VARCHAR",
        "name_in_text": "VARCHAR",
        "kind": "VARCHAR(32)",
        "role": "VARCHAR",
        "role_basis": "VARCHAR(32)",
        "role_source": "VARCHAR",
    },
    "issue": {
        "slug": "VARCHAR(64)",
        "name": "VARCHAR",
        "description": "VARCHAR",
        "status": "VARCHAR(32)",
        "status_note": "VARCHAR",
        "editorial_outcome": "VARCHAR",
        "editorial_outcome_source": "VARCHAR",
    },
    **{
        alias: {
            "slug": "VARCHAR(64)",
            "text": "VARCHAR",
            "kind": "VARCHAR(32)",
            "romanisation": "VARCHAR",
            "source": "VARCHAR",
        }
        for alias in ("party_alias", "issue_alias")
    },
    "position": {
        "id": "VARCHAR(32)",
        "stance": "VARCHAR(32)",
        "verb": "VARCHAR",
        "summary": "VARCHAR",
        "quote": "VARCHAR",
        "certainty": "VARCHAR(32)",
        "responds_to_id": "VARCHAR",
        "editorial_note": "VARCHAR",
    },
}


def _collate(collation: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in TEXT_COLUMNS.items():
        # One statement per table: one rebuild of its indexes, and a key and the foreign
        # key that refers to it (position.id, responds_to_id) change together.
        changes = ", ".join(
            f'ALTER COLUMN "{name}" TYPE {sql_type} COLLATE "{collation}"'
            for name, sql_type in columns.items()
        )
        op.execute(f'ALTER TABLE "{table}" {changes}')


def upgrade() -> None:
    _collate("C")


def downgrade() -> None:
    _collate("default")
