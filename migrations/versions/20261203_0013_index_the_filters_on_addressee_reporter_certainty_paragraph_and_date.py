"""index the filters on addressee, reporter, certainty, paragraph and date

Issue 11's filters each read an index, in list order (document, span, id) like the filters
of 0004: `addressee`, `evidence`, `mode` and `paragraph` on the position; `date_from` and
`date_to` find the documents of a range of dates through (editorial_date, id), and the
positions through their documents. (page_start, page_end) lets the `source_page` facet count
from an index alone.

`reported_by` asks which positions have a party anywhere in their attribution chain, a JSON
list: no index of either engine's can answer that from the column (SQLite indexes no JSON
array; a PostgreSQL GIN index would have no SQLite twin). `position_reporter` holds one row
per (party, position) in the chain, keyed by the party first, so the filter is one range of
that key. The loader writes it from `attribution`; on a database loaded before, this
migration derives it the same way (and a new loader version reloads the dataset anyway).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIST_ORDER = ["document_id", "span_start", "id"]
POSITION_INDEXES = [
    ["addressee_id", *LIST_ORDER],
    ["evidence", *LIST_ORDER],
    ["mode", *LIST_ORDER],
    ["paragraph", *LIST_ORDER],
    ["page_start", "page_end"],
]
# Each link's party, by slug, from the JSON chain: one statement per engine.
REPORTERS_FROM_ATTRIBUTION = {
    "sqlite": (
        "INSERT INTO position_reporter (party_id, position_id) "
        "SELECT DISTINCT party.id, position.id FROM position, json_each(position.attribution) "
        "AS link JOIN party ON party.slug = json_extract(link.value, '$.party')"
    ),
    "postgresql": (
        "INSERT INTO position_reporter (party_id, position_id) "
        "SELECT DISTINCT party.id, position.id FROM position "
        "CROSS JOIN LATERAL json_array_elements(position.attribution) AS link "
        "JOIN party ON party.slug = link ->> 'party'"
    ),
}


def _text(length: int | None = None) -> sqlmodel.AutoString:
    """A text column; on PostgreSQL in code-point order, as every text column is (0005)."""
    collation = "C" if op.get_bind().dialect.name == "postgresql" else None
    return sqlmodel.AutoString(length=length, collation=collation)


def _name(table: str, columns: list[str]) -> str:
    return f"ix_{table}_" + "_".join(columns)


def upgrade() -> None:
    for columns in POSITION_INDEXES:
        op.create_index(_name("position", columns), "position", columns)
    op.create_index(
        _name("document", ["editorial_date", "id"]), "document", ["editorial_date", "id"]
    )
    op.create_table(
        "position_reporter",
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("position_id", _text(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name="fk_position_reporter_party_id_party"
        ),
        sa.ForeignKeyConstraint(
            ["position_id"], ["position.id"], name="fk_position_reporter_position_id_position"
        ),
        sa.PrimaryKeyConstraint("party_id", "position_id", name="pk_position_reporter"),
    )
    op.execute(REPORTERS_FROM_ATTRIBUTION[op.get_bind().dialect.name])


def downgrade() -> None:
    op.drop_table("position_reporter")
    op.drop_index(_name("document", ["editorial_date", "id"]), table_name="document")
    for columns in reversed(POSITION_INDEXES):
        op.drop_index(_name("position", columns), table_name="position")
