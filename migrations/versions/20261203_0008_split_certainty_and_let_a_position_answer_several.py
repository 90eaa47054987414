"""split certainty and let a position answer several

A position's certainty becomes two columns: `evidence` (stated, reported, inferred: how the
telegram attributes it) and `mode` (asserted, appeared, believed, feared, wanted, considered:
how the party holds it), with `mode_words`, the text's words that give a mode. `responds_to_id`
becomes the table `position_response`, since a position may answer two others. Each position
also keeps the sentence(s) holding its quote and 32 characters either side (a W3C
TextQuoteSelector's prefix and suffix), so that it can be checked without the document.

Rows already loaded are carried over as far as the old values say (reported → reported,
appeared/believed → that mode; the sentence columns empty); the loader's own version changed
with this schema, so `parley status` reports the dataset stale and the next load rewrites
every row. The new NOT NULL columns carry a server default only so that existing rows can be
given one: the loader always writes them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int | None = None) -> sqlmodel.AutoString:
    """A text column; on PostgreSQL in code-point order, as every text column is (0005)."""
    collation = "C" if op.get_bind().dialect.name == "postgresql" else None
    return sqlmodel.AutoString(length=length, collation=collation)


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _drop_position_columns(*names: str) -> None:
    """Drop columns of `position`. SQLite cannot drop a column that a foreign key names
    (`responds_to_id`) in place, so there the table is copied (batch mode); the copy loses
    the full-text triggers (0002) and the expression index (0007), which are re-created from
    their own stored SQL, as `parley load` does."""
    if not _is_sqlite():
        for name in names:
            op.drop_column("position", name)
        return
    kept = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'position' "
                "AND type IN ('index', 'trigger') AND sql IS NOT NULL"
            )
        )
        .all()
    )
    with op.batch_alter_table("position", recreate="always") as batch:
        for name in names:
            batch.drop_column(name)
    present = {name for (name,) in op.get_bind().execute(sa.text("SELECT name FROM sqlite_master"))}
    for name, sql in kept:
        if name not in present and not any(column in sql for column in names):
            op.execute(sql)


def upgrade() -> None:
    # Columns are added in place (no table copy), and the copy needed to drop two is made
    # once, before `position_response` refers to `position` (see _drop_position_columns).
    for name, column_type, default in (
        ("evidence", _text(32), "stated"),
        ("mode", _text(32), "asserted"),
        ("sentence", _text(), ""),
        ("prefix", _text(), ""),
        ("suffix", _text(), ""),
    ):
        op.add_column(
            "position", sa.Column(name, column_type, nullable=False, server_default=default)
        )
    for name in ("sentence_start", "sentence_end"):
        op.add_column("position", sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    op.add_column("position", sa.Column("mode_words", _text(), nullable=True))
    op.execute("UPDATE position SET evidence = 'reported' WHERE certainty = 'reported'")
    op.execute("UPDATE position SET mode = certainty WHERE certainty IN ('appeared', 'believed')")
    op.execute(
        "CREATE TABLE carried_response AS SELECT id AS position_id, responds_to_id "
        "FROM position WHERE responds_to_id IS NOT NULL"
    )
    op.drop_index("ix_position_certainty_id", table_name="position")
    _drop_position_columns("responds_to_id", "certainty")
    op.create_index("ix_position_evidence_id", "position", ["evidence", "id"])
    op.create_index("ix_position_mode_id", "position", ["mode", "id"])
    op.create_table(
        "position_response",
        sa.Column("position_id", _text(32), nullable=False),
        sa.Column("responds_to_id", _text(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["position_id"], ["position.id"], name="fk_position_response_position_id_position"
        ),
        sa.ForeignKeyConstraint(
            ["responds_to_id"],
            ["position.id"],
            name="fk_position_response_responds_to_id_position",
        ),
        sa.PrimaryKeyConstraint("position_id", "responds_to_id", name="pk_position_response"),
    )
    op.create_index(
        "ix_position_response_responds_to_id_position_id",
        "position_response",
        ["responds_to_id", "position_id"],
    )
    op.execute(
        "INSERT INTO position_response (position_id, responds_to_id) "
        "SELECT position_id, responds_to_id FROM carried_response"
    )
    op.drop_table("carried_response")


def downgrade() -> None:
    op.add_column(
        "position",
        sa.Column("certainty", _text(32), nullable=False, server_default="stated"),
    )
    op.add_column("position", sa.Column("responds_to_id", _text(32), nullable=True))
    op.execute(
        "UPDATE position SET certainty = CASE WHEN mode = 'appeared' THEN 'appeared' "
        "WHEN mode <> 'asserted' THEN 'believed' "  # the old value for every state of mind
        "WHEN evidence = 'reported' THEN 'reported' ELSE 'stated' END"
    )
    # One answer per position survives: the old column held one.
    op.execute(
        "UPDATE position SET responds_to_id = (SELECT min(r.responds_to_id) "
        "FROM position_response AS r WHERE r.position_id = position.id)"
    )
    op.drop_index("ix_position_mode_id", table_name="position")
    op.drop_index("ix_position_evidence_id", table_name="position")
    op.create_index("ix_position_certainty_id", "position", ["certainty", "id"])
    op.drop_index("ix_position_response_responds_to_id_position_id", table_name="position_response")
    op.drop_table("position_response")
    for column in (
        "mode_words",
        "sentence_end",
        "sentence_start",
        "suffix",
        "prefix",
        "sentence",
        "mode",
        "evidence",
    ):
        op.drop_column("position", column)  # none is named by a key: SQLite drops in place
    # The old column's foreign key; SQLite cannot add one to a table, and 0001's create_table
    # had it, so there the downgraded table simply lacks it (SQLite does not enforce it on
    # ALTER anyway).
    if not _is_sqlite():
        op.create_foreign_key(
            "fk_position_responds_to_id_position",
            "position",
            "position",
            ["responds_to_id"],
            ["id"],
        )
