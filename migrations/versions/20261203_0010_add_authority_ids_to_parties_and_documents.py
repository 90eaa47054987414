"""add authority ids to parties and documents

A party that is a person or a state may carry its Wikidata item (a Q-number) and the
citation of the source that confirmed it; a document may carry its Office of the Historian
id (`frus1945v07-d644`), from which its history.state.gov address follows. All are nullable:
an id no source confirms is left out, never guessed. Not indexed: a `wikidata` filter reads
the party table, which holds tens of rows.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int | None = None) -> sqlmodel.AutoString:
    """A text column; on PostgreSQL in code-point order, as every text column is (0005)."""
    collation = "C" if op.get_bind().dialect.name == "postgresql" else None
    return sqlmodel.AutoString(length=length, collation=collation)


def upgrade() -> None:
    # Plain ALTER TABLE, not batch mode, as in 0007: no table is copied.
    op.add_column("party", sa.Column("wikidata_id", _text(16), nullable=True))
    op.add_column("party", sa.Column("wikidata_source", _text(), nullable=True))
    op.add_column("document", sa.Column("frus_id", _text(64), nullable=True))


def downgrade() -> None:
    op.drop_column("document", "frus_id")  # SQLite 3.35+ drops a column in place
    for column in ("wikidata_source", "wikidata_id"):
        op.drop_column("party", column)
