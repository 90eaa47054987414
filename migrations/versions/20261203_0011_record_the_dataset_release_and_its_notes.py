"""record the dataset release and its notes

A dataset release has a human, calendar-style version (2026.12.0) besides its content hash,
a release date, and release notes (seed/CHANGELOG.md, parsed at load time so that the API
never reads seed files); `release_sha256` hashes the changelog and the released id lists, so
that `parley status` and the response cache see a release cut or a note edited even when the
content hash stays the same. All nullable: a row loaded before this migration has none of
them (`parley status` then calls the dataset stale), and neither has a synthetic corpus.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int | None = None) -> sqlmodel.AutoString:
    """A text column; on PostgreSQL in code-point order, as every text column is (0005)."""
    collation = "C" if op.get_bind().dialect.name == "postgresql" else None
    return sqlmodel.AutoString(length=length, collation=collation)


def upgrade() -> None:
    # Plain ALTER TABLE, as in 0007: nothing here needs SQLite's batch mode.
    op.add_column("dataset", sa.Column("release", _text(64), nullable=True))
    op.add_column("dataset", sa.Column("release_date", sa.Date(), nullable=True))
    op.add_column("dataset", sa.Column("release_notes", sa.JSON(), nullable=True))
    op.add_column("dataset", sa.Column("release_sha256", _text(64), nullable=True))


def downgrade() -> None:
    for column in ("release_sha256", "release_notes", "release_date", "release"):
        op.drop_column("dataset", column)  # SQLite 3.35+ drops a column in place
