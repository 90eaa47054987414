"""create documents parties issues positions

Revision ID: 0001
Revises:
Create Date: 2026-11-28 03:49:49.285780
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dataset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("source_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dataset")),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("heading", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source_note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("sender", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("series", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("volume", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("first_page", sa.Integer(), nullable=False),
        sa.Column("last_page", sa.Integer(), nullable=False),
        sa.Column("citation", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("editorial_date", sa.Date(), nullable=True),
        sa.Column("editorial_date_source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("page_breaks", sa.JSON(), nullable=False),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.Column("received_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("slug", name=op.f("uq_document_slug")),
    )
    op.create_table(
        "issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("status_note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("editorial_outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("editorial_outcome_source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["issue.id"], name=op.f("fk_issue_parent_id_issue")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issue")),
        sa.UniqueConstraint("slug", name=op.f("uq_issue_slug")),
    )
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issue_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name_in_text", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("affiliation_id", sa.Integer(), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("role_basis", sa.String(length=32), nullable=True),
        sa.Column("role_source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["affiliation_id"], ["party.id"], name=op.f("fk_party_affiliation_id_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party")),
        sa.UniqueConstraint("slug", name=op.f("uq_party_slug")),
    )
    op.create_table(
        "issue_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("romanisation", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["issue.id"], name=op.f("fk_issue_alias_issue_id_issue")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issue_alias")),
        sa.UniqueConstraint("slug", name=op.f("uq_issue_alias_slug")),
    )
    with op.batch_alter_table("issue_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issue_alias_issue_id"), ["issue_id"], unique=False)

    op.create_table(
        "party_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("romanisation", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_party_alias_party_id_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_alias")),
        sa.UniqueConstraint("slug", name=op.f("uq_party_alias_slug")),
    )
    with op.batch_alter_table("party_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_alias_party_id"), ["party_id"], unique=False)

    op.create_table(
        "position",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=32), nullable=False),
        sa.Column("verb", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("quote", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("page_start", sa.Integer(), nullable=False),
        sa.Column("page_end", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("attribution", sa.JSON(), nullable=False),
        sa.Column("addressee_id", sa.Integer(), nullable=True),
        sa.Column("certainty", sa.String(length=32), nullable=False),
        sa.Column("responds_to_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("editorial_note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["addressee_id"], ["party.id"], name=op.f("fk_position_addressee_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_position_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["issue.id"], name=op.f("fk_position_issue_id_issue")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_position_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["responds_to_id"], ["position.id"], name=op.f("fk_position_responds_to_id_position")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position")),
    )
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_position_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_position_issue_id"), ["issue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_position_page_start"), ["page_start"], unique=False)
        batch_op.create_index(batch_op.f("ix_position_party_id"), ["party_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_position_stance"), ["stance"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_position_stance"))
        batch_op.drop_index(batch_op.f("ix_position_party_id"))
        batch_op.drop_index(batch_op.f("ix_position_page_start"))
        batch_op.drop_index(batch_op.f("ix_position_issue_id"))
        batch_op.drop_index(batch_op.f("ix_position_document_id"))

    op.drop_table("position")
    with op.batch_alter_table("party_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_alias_party_id"))

    op.drop_table("party_alias")
    with op.batch_alter_table("issue_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issue_alias_issue_id"))

    op.drop_table("issue_alias")
    op.drop_table("party")
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issue_parent_id"))

    op.drop_table("issue")
    op.drop_table("document")
    op.drop_table("dataset")
