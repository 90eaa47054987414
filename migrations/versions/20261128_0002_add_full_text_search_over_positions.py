"""add full-text search over position quotes and summaries (SQLite FTS5)

The index is a self-contained FTS5 table keyed by position id, kept in step by
triggers, so it survives VACUUM (an external-content index keyed by the implicit
rowid would not). On other databases search falls back to ILIKE and this is a no-op.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = {
    "position_fts_after_insert": """
        CREATE TRIGGER position_fts_after_insert AFTER INSERT ON position BEGIN
            INSERT INTO position_fts (position_id, quote, summary)
            VALUES (new.id, new.quote, new.summary);
        END""",
    "position_fts_after_delete": """
        CREATE TRIGGER position_fts_after_delete AFTER DELETE ON position BEGIN
            DELETE FROM position_fts WHERE position_id = old.id;
        END""",
    "position_fts_after_update": """
        CREATE TRIGGER position_fts_after_update AFTER UPDATE ON position BEGIN
            DELETE FROM position_fts WHERE position_id = old.id;
            INSERT INTO position_fts (position_id, quote, summary)
            VALUES (new.id, new.quote, new.summary);
        END""",
}


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if not _is_sqlite():
        return
    # porter stemming lets "railroad" find "railroads"; diacritics folded for "Lüshun".
    op.execute(
        "CREATE VIRTUAL TABLE position_fts USING fts5("
        "position_id UNINDEXED, quote, summary, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    for statement in TRIGGERS.values():
        op.execute(statement)
    op.execute(
        "INSERT INTO position_fts (position_id, quote, summary) "
        "SELECT id, quote, summary FROM position"
    )


def downgrade() -> None:
    if not _is_sqlite():
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS position_fts")
