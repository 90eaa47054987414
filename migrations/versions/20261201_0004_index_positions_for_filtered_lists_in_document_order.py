"""index positions for filtered lists in document order (and documents by printed page)

At a million positions the single-column indexes left every list to sort its matches in a
temporary B-tree and every deep page to read the rows it skipped. Each filter's index now
ends in the default list order (document, span, id), so a filtered page is one index range
read in order and counted without the table (the issue index puts the party second: an issue
filter is an IN list of the issue and its sub-issues, so it is several ranges anyway, and
with `party` it becomes a few exact ranges); (stance, page_start, id) and (page_start, id)
serve `sort=source_page`, and every other sort key has its (key, id) index, so that no sort
has to read the table. Chosen by EXPLAIN QUERY PLAN on a synthetic million
(`parley synth`). ix_position_stance keeps its name and becomes the
stance filter's index, now (stance, document_id, span_start, id) like the others.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (new composite index, the single-column index it replaces or None), in creation order.
COMPOSITES = [
    (["document_id", "span_start", "id"], "document_id"),
    (["party_id", "document_id", "span_start", "id"], "party_id"),
    (["issue_id", "party_id", "document_id", "span_start", "id"], "issue_id"),
    (["stance", "page_start", "id"], None),
    (["page_start", "id"], "page_start"),
    (["certainty", "id"], None),
    (["paragraph", "id"], None),
]

STANCE_ORDER = ["stance", "document_id", "span_start", "id"]


def _name(columns: list[str]) -> str:
    return "ix_position_" + "_".join(columns)


def upgrade() -> None:
    # A page filter finds its documents first; without this it reads every document's text.
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index("ix_document_first_page_last_page", ["first_page", "last_page"])
    with op.batch_alter_table("position", schema=None) as batch_op:
        for columns, replaced in COMPOSITES:
            batch_op.create_index(_name(columns), columns, unique=False)
            if replaced is not None:
                batch_op.drop_index(_name([replaced]))
        # Keeps its name, gains the list order: a stance filter's pages and exports read in order.
        batch_op.drop_index("ix_position_stance")
        batch_op.create_index("ix_position_stance", STANCE_ORDER, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_index("ix_position_stance")
        batch_op.create_index("ix_position_stance", ["stance"], unique=False)
        for columns, replaced in reversed(COMPOSITES):
            if replaced is not None:
                batch_op.create_index(_name([replaced]), [replaced], unique=False)
            batch_op.drop_index(_name(columns))
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index("ix_document_first_page_last_page")
