"""add full-text search on PostgreSQL: a generated tsvector with a GIN index

SQLite searches its FTS5 table (migration 0002); PostgreSQL gets the same words from the
same text. SQLite's tokenizer (unicode61, diacritics removed) cuts the text at every
character that is not a letter or a digit, the Porter stemmer then stems each token of 3 to
64 bytes (shorter and longer ones pass unchanged: `as` stays `as`), and no word is a stop
word. `parley_search_text` does exactly that here: unaccent, lower-case, cut at non-letters,
stem each token with Snowball's Porter stemmer under the same length rule, and join the stems
with spaces; the `simple` configuration then only indexes them. PostgreSQL's own parser and
`english` configuration would keep `3.5` or `x@y.org` whole, drop stop words and stem `as`
to `a`, so matches would differ from SQLite's. The vector is a generated column, so the
loader writes nothing more and it cannot go stale. A no-op on SQLite. Needs the `unaccent`
extension, which ships with PostgreSQL and which a database's owner may create.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _is_postgresql():
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(
        "CREATE TEXT SEARCH DICTIONARY parley_porter (TEMPLATE = snowball, LANGUAGE = porter)"
    )
    # IMMUTABLE is a promise PostgreSQL needs for a generated column: it holds as long as the
    # unaccent rules and the stemmer are not changed (files of the installation, not data).
    op.execute(
        """
        CREATE FUNCTION parley_search_text(body text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
            SELECT coalesce(string_agg(
                CASE WHEN octet_length(token) BETWEEN 3 AND 64
                     THEN coalesce((ts_lexize('parley_porter', token))[1], token)
                     ELSE token END,
                ' ' ORDER BY n), '')
            FROM regexp_split_to_table(
                lower(unaccent('unaccent'::regdictionary, body)), '[^[:alnum:]]+'
            ) WITH ORDINALITY AS t(token, n)
            WHERE token <> ''
        $$"""
    )
    op.execute(
        "ALTER TABLE position ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple', parley_search_text(quote || ' ' || summary))) STORED"
    )
    op.execute("CREATE INDEX ix_position_search_vector ON position USING gin (search_vector)")


def downgrade() -> None:
    if not _is_postgresql():
        return
    op.execute("DROP INDEX IF EXISTS ix_position_search_vector")
    op.execute("ALTER TABLE position DROP COLUMN IF EXISTS search_vector")
    op.execute("DROP FUNCTION IF EXISTS parley_search_text(text)")
    op.execute("DROP TEXT SEARCH DICTIONARY IF EXISTS parley_porter")
    # unaccent stays: other things in the database may use it.
