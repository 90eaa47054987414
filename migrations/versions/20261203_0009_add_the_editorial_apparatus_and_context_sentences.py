"""add the editorial apparatus and context sentences

A document gets its editorial apparatus as JSON, each item citing its source: the evidence
for its editorial date, the meeting it reports, the related documents of the same
negotiation and the people its text refers to without naming them; and the number of its
context sentences. The new table `context_sentence` keeps those sentences (the body sentences
that carry no position), with their span, pages, paragraph, reason and issues, keyed by
document and their number in document order, which is also the order they are listed in.

The list columns are NOT NULL with a server default, so that rows loaded before this
migration stay valid until the next load replaces them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LISTS = ("editorial_date_evidence", "related_documents", "unnamed_persons")


def _text(length: int | None = None) -> sqlmodel.AutoString:
    """A text column; on PostgreSQL in code-point order, as every text column is (0005)."""
    collation = "C" if op.get_bind().dialect.name == "postgresql" else None
    return sqlmodel.AutoString(length=length, collation=collation)


def upgrade() -> None:
    # Plain ALTER TABLE, as in 0007: `document` has no triggers, but a batch would copy it.
    for column in _LISTS:
        op.add_column(
            "document",
            sa.Column(column, sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
        )
    op.add_column("document", sa.Column("meeting", sa.JSON(), nullable=True))
    op.add_column(
        "document",
        sa.Column("context_count", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    op.create_table(
        "context_sentence",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("sentence", _text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("page_start", sa.Integer(), nullable=False),
        sa.Column("page_end", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("reason", _text(), nullable=False),
        sa.Column("issues", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name="fk_context_sentence_document_id_document"
        ),
        sa.PrimaryKeyConstraint("document_id", "number", name="pk_context_sentence"),
    )


def downgrade() -> None:
    op.drop_table("context_sentence")
    for column in ("context_count", "meeting", *reversed(_LISTS)):
        op.drop_column("document", column)  # SQLite 3.35+ drops a column in place
