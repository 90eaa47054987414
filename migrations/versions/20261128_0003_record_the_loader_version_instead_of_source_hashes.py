"""record the loader version instead of source hashes

`dataset.loader_sha256` says which loader code built the rows, so `parley status` (and with
it `make run`) can tell that a database built by older code is stale. The comma-joined
`source_sha256` was written but never read, and would not fit a second document's hash.
An existing row gets an empty loader version: it reads as stale and is reloaded.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dataset", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "loader_sha256",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="",
            )
        )
        batch_op.drop_column("source_sha256")
    with op.batch_alter_table("dataset", schema=None) as batch_op:
        batch_op.alter_column("loader_sha256", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("dataset", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source_sha256", sa.VARCHAR(length=64), nullable=False, server_default="")
        )
        batch_op.drop_column("loader_sha256")
    with op.batch_alter_table("dataset", schema=None) as batch_op:
        batch_op.alter_column("source_sha256", server_default=None)
