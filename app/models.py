"""Tables, one family per entity (SQLModel's documented pattern).

Public (response) models live in `app/schemas/`; these are the stored rows.
Controlled-vocabulary fields are stored as plain strings so that the database holds
the same words the API shows, on SQLite and PostgreSQL alike.
"""

from datetime import date
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute
from sqlmodel import Field, Relationship, SQLModel

# Explicit constraint names keep migrations reviewable and reversible (alembic naming docs).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def table_of(model: type[SQLModel]) -> sa.Table:
    """The table a table model maps (`Model.__table__`, which SQLModel does not declare)."""
    table = sa.inspect(model).local_table
    if not isinstance(table, sa.Table):
        raise TypeError(f"{model.__name__} maps no table")
    return table


def relation(attribute: object) -> QueryableAttribute[Any]:
    """A relationship as the ORM holds it on the class, for `selectinload`: SQLModel declares
    `Party.aliases` as the `list[PartyAlias]` an instance holds, not the class's attribute."""
    if not isinstance(attribute, QueryableAttribute):
        raise TypeError(f"not a mapped attribute: {attribute!r}")
    return attribute


# Positions with no scale point sort after every point, on both engines alike (SQLite puts
# NULL first, PostgreSQL last); a literal, so that the expression index matches the ORDER BY.
SCALE_ORDER = "coalesce(scale_point, 2147483647)"


def _vocab() -> Any:
    return sa.String(32)


class Dataset(SQLModel, table=True):
    """The one row saying which annotation release is loaded.

    The release columns are null for a database loaded before migration 0010 (`parley
    status` calls it stale) and for a synthetic corpus (`parley synth`), which is no release."""

    id: int = Field(default=1, primary_key=True)
    version: str = Field(max_length=64, description="SHA-256 over the source and annotation files.")
    loader_sha256: str = Field(
        max_length=64, description="SHA-256 of the code that built the rows (app/loader)."
    )
    release: str | None = Field(
        default=None,
        max_length=64,
        description="The release, e.g. 2026.12.0, or a development version 2026.12.0+dev.<hash8>.",
    )
    release_date: date | None = Field(default=None, description="Null for a development version.")
    release_notes: list[dict[str, Any]] | None = Field(
        default=None,
        sa_type=sa.JSON,
        description="seed/CHANGELOG.md's entries that describe this content, newest first.",
    )
    release_sha256: str | None = Field(
        default=None,
        max_length=64,
        description="SHA-256 of seed/CHANGELOG.md and seed/releases/: the release metadata loaded.",
    )


class Document(SQLModel, table=True):
    # Finds the documents spanning a printed page without reading their text (the positions
    # on a page are looked up through them, see app/position_sql.py), and those of a range
    # of dates (`date_from`, `date_to`) likewise.
    __table_args__ = (
        sa.Index(None, "first_page", "last_page"),
        sa.Index(None, "editorial_date", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True)
    title: str
    heading: str
    source_note: str
    kind: str = Field(sa_type=_vocab())
    sender: str = Field(max_length=64, description="Party slug of the sender.")
    recipients: list[str] = Field(sa_type=sa.JSON, description="Party slugs of the recipients.")
    series: str
    volume: str
    number: int
    first_page: int
    last_page: int
    citation: str
    url: str
    frus_id: str | None = Field(
        default=None,
        max_length=64,
        description="The Office of the Historian's id of the document: volume and number.",
    )
    editorial_date: date | None = None
    editorial_date_source: str | None = None
    text: str
    page_breaks: list[dict[str, int]] = Field(sa_type=sa.JSON)
    paragraphs: list[dict[str, int]] = Field(sa_type=sa.JSON)
    received_sha256: str = Field(max_length=64)
    # The editorial apparatus (app/loader/apparatus.py), each item with its source's key and
    # citation: what the sources say of the date, the meeting reported, the related documents
    # of the same negotiation, and the people the text refers to without naming them.
    editorial_date_evidence: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    meeting: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    related_documents: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    unnamed_persons: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    context_count: int = Field(default=0, description="How many context sentences it has.")


class ContextSentence(SQLModel, table=True):
    """A body sentence that carries no position, with the reason it is context: with the
    positions' quotes, these account for every sentence of the document."""

    __tablename__ = "context_sentence"

    # The key is also the list order: a document's context sentences, numbered in text order.
    document_id: int = Field(foreign_key="document.id", primary_key=True)
    number: int = Field(primary_key=True, description="1, 2, … in document order.")
    sentence: str
    span_start: int
    span_end: int
    page_start: int
    page_end: int
    paragraph: int
    reason: str
    issues: list[str] = Field(sa_type=sa.JSON, description="Slugs of the issues it bears on.")


class Party(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True)
    name: str
    name_in_text: str | None = None
    kind: str = Field(sa_type=_vocab())
    affiliation_id: int | None = Field(default=None, foreign_key="party.id")
    role: str | None = None
    role_basis: str | None = Field(default=None, sa_type=_vocab())
    role_source: str | None = None
    wikidata_id: str | None = Field(default=None, max_length=16)
    wikidata_source: str | None = None
    colour: str | None = Field(
        default=None, max_length=7, description="`#rrggbb`: how the reader draws the party."
    )

    affiliation: Optional["Party"] = Relationship(
        sa_relationship_kwargs={"remote_side": "Party.id"}
    )
    aliases: list["PartyAlias"] = Relationship(
        back_populates="party", sa_relationship_kwargs={"order_by": "PartyAlias.id"}
    )


class AliasBase(SQLModel):
    """Another name for a party or an issue: a form the text uses, or an editorial variant."""

    slug: str = Field(max_length=64, unique=True)
    text: str
    kind: str = Field(sa_type=_vocab())
    romanisation: str | None = None
    source: str | None = None


class PartyAlias(AliasBase, table=True):
    __tablename__ = "party_alias"

    id: int | None = Field(default=None, primary_key=True)
    party_id: int = Field(foreign_key="party.id", index=True)

    party: Party = Relationship(back_populates="aliases")


class Issue(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True)
    name: str
    description: str
    parent_id: int | None = Field(default=None, foreign_key="issue.id", index=True)
    status: str = Field(sa_type=_vocab())
    status_note: str
    editorial_outcome: str | None = None
    editorial_outcome_source: str | None = None
    # A bargaining issue's ordinal scale: point n is scale[n], from the Soviet-side demand to
    # the Chinese-side one; the reference point (the Yalta clause) and the outcome lie on it.
    scale: list[str] | None = Field(default=None, sa_type=sa.JSON)
    scale_note: str | None = None
    reference_point: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    outcome_point: int | None = None

    parent: Optional["Issue"] = Relationship(
        back_populates="children", sa_relationship_kwargs={"remote_side": "Issue.id"}
    )
    children: list["Issue"] = Relationship(
        back_populates="parent", sa_relationship_kwargs={"order_by": "Issue.id"}
    )
    aliases: list["IssueAlias"] = Relationship(
        back_populates="issue", sa_relationship_kwargs={"order_by": "IssueAlias.id"}
    )


class IssueAlias(AliasBase, table=True):
    __tablename__ = "issue_alias"

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id", index=True)

    issue: Issue = Relationship(back_populates="aliases")


class Position(SQLModel, table=True):
    # Each filter's index ends in the list order it is read in (document, span, id), so a
    # filtered page is a range of one index, read in order, and its count never touches the
    # table; the issue index has the party next, as issue and party are filtered together
    # (an issue filter is an IN list of the issue and its sub-issues, read as several ranges
    # anyway); every other sort key has a (key, id) index, so no sort reads the table.
    # Chosen by EXPLAIN QUERY PLAN on a million synthetic positions (migration 0004).
    __table_args__ = (
        sa.Index(None, "document_id", "span_start", "id"),
        sa.Index(None, "party_id", "document_id", "span_start", "id"),
        sa.Index(None, "issue_id", "party_id", "document_id", "span_start", "id"),
        # The stance index keeps its old name (it still leads with stance) so that a stance
        # filter's export, ordered by document, needs no sort of table rows.
        sa.Index("ix_position_stance", "stance", "document_id", "span_start", "id"),
        sa.Index(None, "stance", "page_start", "id"),
        sa.Index(None, "page_start", "id"),
        sa.Index(None, "evidence", "id"),
        sa.Index(None, "mode", "id"),
        sa.Index(None, "paragraph", "id"),
        sa.Index(None, "scale_point", "id"),
        # The filters of issue 11 (addressee, evidence, mode, paragraph), each in list order
        # like the others; (page_start, page_end) counts the source_page facet from the index.
        sa.Index(None, "addressee_id", "document_id", "span_start", "id"),
        sa.Index(None, "evidence", "document_id", "span_start", "id"),
        sa.Index(None, "mode", "document_id", "span_start", "id"),
        sa.Index(None, "paragraph", "document_id", "span_start", "id"),
        sa.Index(None, "page_start", "page_end"),
        # `sort=scale_point` orders by this expression (app/position_sql.py), so that an export
        # reads it in order instead of sorting the table.
        sa.Index("ix_position_scale_order_id", sa.text(SCALE_ORDER), "id"),
    )

    id: str = Field(primary_key=True, max_length=32)
    document_id: int = Field(foreign_key="document.id")
    party_id: int = Field(foreign_key="party.id")
    issue_id: int = Field(foreign_key="issue.id")
    stance: str = Field(sa_type=_vocab())
    verb: str | None = None
    summary: str
    quote: str
    span_start: int
    span_end: int
    # The sentence(s) holding the quote, and the text just around it, so that a reader can
    # check a quote without the document (all computed by the loader from the span).
    sentence_start: int
    sentence_end: int
    sentence: str
    prefix: str
    suffix: str
    page_start: int
    page_end: int
    paragraph: int
    attribution: list[dict[str, Any]] = Field(sa_type=sa.JSON)
    addressee_id: int | None = Field(default=None, foreign_key="party.id")
    evidence: str = Field(sa_type=_vocab())
    mode: str = Field(sa_type=_vocab())
    mode_words: str | None = None  # the text's words that give a mode other than asserted
    editorial_note: str | None = None
    scale_point: int | None = None  # on the issue's scale
    scale_words: str | None = None  # the text's words that place it there
    salience: str | None = Field(default=None, sa_type=_vocab())
    salience_words: str | None = None

    document: Document = Relationship()
    party: Party = Relationship(sa_relationship_kwargs={"foreign_keys": "Position.party_id"})
    addressee: Party | None = Relationship(
        sa_relationship_kwargs={"foreign_keys": "Position.addressee_id"}
    )
    issue: Issue = Relationship()


class PositionResponse(SQLModel, table=True):
    """A position answering another: one row per `responds_to` link (a position may answer
    several). The second index finds the answers to a position."""

    __tablename__ = "position_response"
    __table_args__ = (sa.Index(None, "responds_to_id", "position_id"),)

    position_id: str = Field(foreign_key="position.id", primary_key=True, max_length=32)
    responds_to_id: str = Field(foreign_key="position.id", primary_key=True, max_length=32)


class PositionReporter(SQLModel, table=True):
    """A party in a position's attribution chain (whoever passed it on, the telegram's
    sender included), one row per party and position: derived by the loader from
    `position.attribution`, so that `reported_by` seeks this key instead of reading every
    position's JSON."""

    __tablename__ = "position_reporter"

    party_id: int = Field(foreign_key="party.id", primary_key=True)
    position_id: str = Field(foreign_key="position.id", primary_key=True, max_length=32)
