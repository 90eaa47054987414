"""add a fixed colour to each party

The reader (issue 12) shows every party in one colour wherever it appears, so the colour is
data, not a choice of the page: `#rrggbb`, chosen in seed/parties.yaml with at least 4.5:1
contrast against white (WCAG AA for its white initials, and for its text on white). Nullable:
a party without one is drawn in a neutral grey (the synthetic corpus gives none).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
# 0011 is written in parallel on another branch; the chain is joined when both are merged.
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int | None = None) -> sqlmodel.AutoString:
    """A text column; on PostgreSQL in code-point order, as every text column is (0005)."""
    collation = "C" if op.get_bind().dialect.name == "postgresql" else None
    return sqlmodel.AutoString(length=length, collation=collation)


def upgrade() -> None:
    # Plain ALTER TABLE, not batch mode, as in 0007 and 0010: no table is copied.
    op.add_column("party", sa.Column("colour", _text(7), nullable=True))


def downgrade() -> None:
    op.drop_column("party", "colour")  # SQLite 3.35+ drops a column in place
