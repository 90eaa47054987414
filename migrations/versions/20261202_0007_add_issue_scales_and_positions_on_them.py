"""add issue scales and positions on them

A bargaining issue gets an ordinal scale (its point labels, in order), a note on the scale,
its reference point (the Yalta clause, quoted and cited) and the outcome's point; a position
gets its point on its issue's scale and its salience, each with the text's words that place
it. All are nullable: an issue that is no bargaining dimension has no scale, and a position
the text does not place has no point. `sort=scale_point` reads (scale_point, id), as every
other sort key reads its own index: (coalesce(scale_point, 2147483647), id), so that
positions without a point come last on both engines alike.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int | None = None) -> sqlmodel.AutoString:
    """A text column; on PostgreSQL in code-point order, as every text column is (0005)."""
    collation = "C" if op.get_bind().dialect.name == "postgresql" else None
    return sqlmodel.AutoString(length=length, collation=collation)


def upgrade() -> None:
    # Plain ALTER TABLE, not batch mode: a batch on SQLite that drops a column copies the
    # table, which would drop the full-text triggers on `position` (migration 0002).
    op.add_column("issue", sa.Column("scale", sa.JSON(), nullable=True))
    op.add_column("issue", sa.Column("scale_note", _text(), nullable=True))
    op.add_column("issue", sa.Column("reference_point", sa.JSON(), nullable=True))
    op.add_column("issue", sa.Column("outcome_point", sa.Integer(), nullable=True))
    op.add_column("position", sa.Column("scale_point", sa.Integer(), nullable=True))
    op.add_column("position", sa.Column("scale_words", _text(), nullable=True))
    op.add_column("position", sa.Column("salience", _text(32), nullable=True))
    op.add_column("position", sa.Column("salience_words", _text(), nullable=True))
    op.create_index("ix_position_scale_point_id", "position", ["scale_point", "id"])
    # `sort=scale_point`: positions without a point after every point, read in index order.
    op.create_index(
        "ix_position_scale_order_id",
        "position",
        [sa.text("coalesce(scale_point, 2147483647)"), "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_position_scale_order_id", table_name="position")
    op.drop_index("ix_position_scale_point_id", table_name="position")
    for column in ("salience_words", "salience", "scale_words", "scale_point"):
        op.drop_column("position", column)  # SQLite 3.35+ drops a column in place
    for column in ("outcome_point", "reference_point", "scale_note", "scale"):
        op.drop_column("issue", column)
